/**
 * Display width of a table cell (a Japanese character counts two columns),
 * for remark-gfm's `stringLength`. string-width is the authority, but its
 * first call is slow (a large emoji pattern, a grapheme segmenter) and table
 * alignment asks for every cell several times. Text without emoji, joiners
 * or combining marks is measured directly, one code point at a time, with the
 * same East Asian Width table string-width uses; the rest goes to string-width.
 */
import { eastAsianWidth } from 'get-east-asian-width';
import stringWidth from 'string-width';

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
const NEEDS_GRAPHEMES = /[\p{Extended_Pictographic}\p{Mn}\p{Me}\p{Cf}\p{Cc}\u{FE00}-\u{FE0F}\u{1F1E6}-\u{1F1FF}]/u;
const widths = new Map<string, number>();

export function displayWidth(text: string): number {
  if (PRINTABLE_ASCII.test(text)) return text.length;
  let width = widths.get(text);
  if (width === undefined) {
    width = NEEDS_GRAPHEMES.test(text) ? stringWidth(text) : simpleWidth(text);
    if (widths.size > 10_000) widths.clear();
    widths.set(text, width);
  }
  return width;
}

function simpleWidth(text: string): number {
  let width = 0;
  for (const char of text) width += eastAsianWidth(char.codePointAt(0)!, { ambiguousAsWide: false });
  return width;
}
