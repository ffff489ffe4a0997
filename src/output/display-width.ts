/**
 * Display width of a table cell (a Japanese character counts two columns),
 * for remark-gfm's `stringLength`. string-width is the authority, but it is
 * costly to start (ICU's grapheme segmenter and a large emoji pattern: about
 * 10 ms, a twentieth of a cold draft) and rarely needed. Text without emoji,
 * joiners or combining marks is measured directly, one code point at a
 * time, with the same East Asian Width table string-width uses; string-width
 * is loaded only when a tree holds text that needs grapheme segmentation.
 */
import { eastAsianWidth } from 'get-east-asian-width';
import type { Nodes } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { EXIT, SKIP, visit } from 'unist-util-visit';

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
// Emoji, marks, controls, variation selectors, flags and the zero-width joiner change how code points
// group into what a reader sees; other format characters (soft hyphen, the word joiner the writer puts
// into URLs) stand alone and take no column, as string-width counts them.
// biome-ignore lint/suspicious/noMisleadingCharacterClass: each code point is tested alone (does a text need segmentation?), joiners and selectors included on purpose.
const NEEDS_GRAPHEMES = /[\p{Extended_Pictographic}\p{Mn}\p{Me}\p{Cc}\u200D\u{FE00}-\u{FE0F}\u{1F1E6}-\u{1F1FF}]/u;
const FORMAT = /\p{Cf}/u;
const widths = new Map<string, number>();
let graphemeWidth: ((text: string) => number) | undefined;

/** Loads string-width if a table in `tree` holds text that needs it; call before writing the tree. */
export async function prepareDisplayWidth(tree: Nodes): Promise<void> {
  if (graphemeWidth === undefined && needsGraphemes(tree)) graphemeWidth = (await import('string-width')).default;
}

// Only table cells are measured (remark-gfm aligns columns), so only their text counts.
function needsGraphemes(tree: Nodes): boolean {
  let found = false;
  visit(tree, 'table', (table) => {
    found = NEEDS_GRAPHEMES.test(toString(table, { includeImageAlt: false }));
    return found ? EXIT : SKIP;
  });
  return found;
}

export function displayWidth(text: string): number {
  if (PRINTABLE_ASCII.test(text)) return text.length;
  let width = widths.get(text);
  if (width === undefined) {
    width = NEEDS_GRAPHEMES.test(text) ? measureGraphemes(text) : simpleWidth(text);
    if (widths.size > 10_000) widths.clear();
    widths.set(text, width);
  }
  return width;
}

function measureGraphemes(text: string): number {
  if (graphemeWidth === undefined)
    throw new Error(`internal: "${text}" needs string-width; prepareDisplayWidth was not awaited for its tree`);
  return graphemeWidth(text);
}

function simpleWidth(text: string): number {
  let width = 0;
  for (const char of text) width += FORMAT.test(char) ? 0 : eastAsianWidth(char.codePointAt(0)!, { ambiguousAsWide: false });
  return width;
}
