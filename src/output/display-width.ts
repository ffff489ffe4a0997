/**
 * Display width of a table cell (a Japanese character counts two columns),
 * for remark-gfm's `stringLength`. string-width is exact but slow, and
 * table alignment asks for every cell several times: printable ASCII takes a
 * fast path, and other strings are remembered.
 */
import stringWidth from 'string-width';

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
const widths = new Map<string, number>();

export function displayWidth(text: string): number {
  if (PRINTABLE_ASCII.test(text)) return text.length;
  let width = widths.get(text);
  if (width === undefined) {
    width = stringWidth(text);
    if (widths.size > 10_000) widths.clear();
    widths.set(text, width);
  }
  return width;
}
