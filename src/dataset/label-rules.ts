/** Display labels (of sensors, of categories): one line of text that a reader can see. */
import type { PathSegment } from '../json-source.js';
import { notTextFault } from '../plain-text.js';
import type { RuleFinding } from './ranked-lists.js';

const isString = (value: unknown): value is string => typeof value === 'string';

/** The problem with a label's text, if any: a control character, or nothing visible at all. */
export function labelFinding(path: PathSegment[], text: unknown): RuleFinding | undefined {
  const fault = isString(text) ? notTextFault(text) : undefined;
  if (fault) return { path, ruleId: 'invalid-text', expected: 'one line of text, without control characters or noncharacters', found: fault };
  // A label of only invisible characters (a word joiner, a mark, a direction control) names nothing a reader can see.
  if (isString(text) && /\S/.test(text) && !/[\p{L}\p{N}\p{P}\p{S}]/u.test(text)) {
    return { path, ruleId: 'invalid-text', expected: 'a label with something to see: a letter, digit, punctuation mark or symbol', found: `only ${[...text].map((c) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`).join(' ')}` };
  }
  return undefined;
}
