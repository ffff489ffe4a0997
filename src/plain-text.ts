/** Text that data and locales may put in a post or a chart, checked the same way for both. */

/**
 * What a one-line text (a label, a locale string) may not hold: control characters (C0, DEL, C1), which
 * XML 1.0 cannot carry and which break a table row; noncharacters; and half
 * of a surrogate pair on its own (valid JSON, but not text): with the u
 * flag, the surrogate range matches only halves that stand alone.
 */
const NOT_TEXT = /[\p{Cc}\p{Noncharacter_Code_Point}\uD800-\uDFFF]/u;
const CONTROL_NAMES: Record<number, string> = { 9: 'a tab', 10: 'a line feed', 13: 'a carriage return', 0: 'a NUL' };

/** The first character of `text` that is not one-line text, described for a message; undefined when there is none. */
export function notTextFault(text: string): string | undefined {
  const match = NOT_TEXT.exec(text);
  if (!match) return undefined;
  const code = match[0].codePointAt(0)!;
  const where = `at character ${[...text.slice(0, match.index)].length + 1}`;
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  if (code >= 0xd800 && code <= 0xdfff) return `half of a surrogate pair on its own (${hex}) ${where}`;
  if (code <= 0x9f) return `${CONTROL_NAMES[code] ?? 'the control character'}${CONTROL_NAMES[code] ? ` (${hex})` : ` ${hex}`} ${where}`;
  return `the noncharacter ${hex} ${where}`;
}
