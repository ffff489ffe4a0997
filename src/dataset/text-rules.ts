/** One-line text of the data (labels, groups): what a reader can see, and nothing that breaks a line or a file. */
import type { PathSegment } from '../json-source.js';
import { notTextFault } from '../plain-text.js';
import { isString, type RuleFinding } from './ranked-lists.js';

export function checkTexts(texts: readonly [PathSegment[], unknown][], findings: RuleFinding[]): void {
  for (const [path, text] of texts) {
    const fault = isString(text) ? notTextFault(text) : undefined;
    if (fault) findings.push({ path, ruleId: 'invalid-text', expected: 'one line of text, without control characters or noncharacters', found: fault });
    // A label of only invisible characters (a word joiner, a mark, a direction control) names nothing a reader can see.
    else if (isString(text) && /\S/.test(text) && !/[\p{L}\p{N}\p{P}\p{S}]/u.test(text)) {
      findings.push({ path, ruleId: 'invalid-text', expected: 'a label with something to see: a letter, digit, punctuation mark or symbol', found: `only ${[...text].map((c) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`).join(' ')}` });
    }
  }
}
