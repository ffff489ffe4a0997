/** One-line text of the data (labels of sensors, categories and series; groups): what a reader can see, and nothing that breaks a line or a file. */
import type { PathSegment } from '../json-source.js';
import { notTextFault } from '../plain-text.js';
import { isString, type RuleFinding } from './ranked-lists.js';

/** The problem with a text, if any: a control character, or nothing visible at all. */
export function textFinding(path: PathSegment[], text: unknown): RuleFinding | undefined {
  const fault = isString(text) ? notTextFault(text) : undefined;
  if (fault)
    return { path, ruleId: 'invalid-text', expected: 'one line of text, without control characters or noncharacters', found: fault };
  // A label of only invisible characters (a word joiner, a mark, a direction control) names nothing a reader can see.
  if (isString(text) && /\S/.test(text) && !/[\p{L}\p{N}\p{P}\p{S}]/u.test(text)) {
    return {
      path,
      ruleId: 'invalid-text',
      expected: 'a label with something to see: a letter, digit, punctuation mark or symbol',
      found: `only ${[...text].map((c) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`).join(' ')}`,
    };
  }
  return undefined;
}

export function checkTexts(texts: readonly [PathSegment[], unknown][], findings: RuleFinding[]): void {
  for (const [path, text] of texts) {
    const finding = textFinding(path, text);
    if (finding) findings.push(finding);
  }
}
