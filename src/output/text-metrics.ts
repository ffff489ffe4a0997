/**
 * Chart text measured the way a reader's browser draws it: with the advance
 * widths and kerning of the font that the chart's font stack names first.
 *
 * The shipped stacks start with Arimo, whose widths are those of Liberation
 * Sans, Arial and Helvetica (the fonts were drawn to be metric-compatible), so
 * a reader on Windows, macOS or Linux lays the text out in the same space that
 * vega reserved. The font files come from the `@fontsource/arimo` package, not
 * from the drafting machine, so the SVG bytes never depend on what fonts that
 * machine has. Characters Arimo lacks (kana, kanji, hangul) fall to the CJK
 * font later in the stack, and every Japanese or Korean font draws those one
 * em wide: that is the width given to East Asian wide and ambiguous characters.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { eastAsianWidth } from 'get-east-asian-width';
import * as fontkit from 'fontkit';
import { PACKAGE_ROOT } from '../package-root.js';

/** Width of a character no known font has, in em (a typical sans-serif letter). */
const UNKNOWN_WIDTH = 0.6;

export interface TextStyle {
  fontSize?: number;
  fontWeight?: string | number;
  fontStyle?: string;
}

interface Subset {
  name: string;
  ranges: [number, number][];
}

const fontDir = dirname(createRequire(join(PACKAGE_ROOT, 'package.json')).resolve('@fontsource/arimo/unicode.json'));
let subsets: Subset[] | undefined;
const faces = new Map<string, fontkit.Font | null>();
const widths = new Map<string, number>();

function loadSubsets(): Subset[] {
  const table = JSON.parse(readFileSync(join(fontDir, 'unicode.json'), 'utf8')) as Record<string, string>;
  // Latin first: a character listed in several subsets (combining marks) is measured in the common one.
  const names = Object.keys(table).sort((a, b) => Number(b === 'latin') - Number(a === 'latin') || a.localeCompare(b));
  return names.map((name) => ({
    name,
    ranges: table[name]!.split(',').map((range) => {
      const [from, to = from] = range.trim().replace(/^U\+/i, '').split('-');
      return [Number.parseInt(from!, 16), Number.parseInt(to!, 16)];
    }),
  }));
}

function subsetOf(code: number): string | undefined {
  subsets ??= loadSubsets();
  return subsets.find((s) => s.ranges.some(([from, to]) => code >= from && code <= to))?.name;
}

function face(subset: string, weight: 400 | 700, style: 'normal' | 'italic'): fontkit.Font | null {
  const key = `${subset}-${weight}-${style}`;
  let font = faces.get(key);
  if (font === undefined) {
    const file = join(fontDir, 'files', `arimo-${key}.woff`);
    const loaded = fontkit.create(readFileSync(file));
    font = 'layout' in loaded ? loaded : null;
    faces.set(key, font);
  }
  return font;
}

const isBold = (weight: TextStyle['fontWeight']) => weight === 'bold' || weight === 'bolder' || Number(weight) >= 600;

/**
 * Advance width of a run in font units, kerning included. A no-break space is
 * drawn with the space's width, and measured as a space: fontkit's layout of
 * U+00A0 in Arimo's Latin subset reads past the end of a table and throws.
 * Should layout fail on anything else, the glyphs' own advances stand in.
 */
function layoutWidth(font: fontkit.Font, run: string): number {
  const text = run.replaceAll('\u00a0', ' ');
  try {
    return font.layout(text).advanceWidth;
  } catch {
    let width = 0;
    for (const char of text) width += font.glyphForCodePoint(char.codePointAt(0)!).advanceWidth;
    return width;
  }
}

/** Width in em of one line of text, kerning included. */
function measureEm(text: string, weight: 400 | 700, style: 'normal' | 'italic'): number {
  let em = 0;
  let run = '';
  let runSubset: string | undefined;
  const flush = () => {
    if (run === '' || runSubset === undefined) return;
    const font = face(runSubset, weight, style)!;
    em += layoutWidth(font, run) / font.unitsPerEm;
    run = '';
  };
  for (const char of text) {
    const code = char.codePointAt(0)!;
    const subset = subsetOf(code);
    if (subset !== undefined && face(subset, weight, style)?.hasGlyphForCodePoint(code)) {
      if (subset !== runSubset) flush();
      runSubset = subset;
      run += char;
      continue;
    }
    flush();
    const width = eastAsianWidth(code, { ambiguousAsWide: true });
    em += width === 2 ? 1 : /\p{Mn}|\p{Me}|\p{Cf}/u.test(char) ? 0 : UNKNOWN_WIDTH;
  }
  flush();
  return em;
}

/** Width in pixels of one line of text in the given style. */
export function measureText(text: string, style: TextStyle = {}): number {
  const weight = isBold(style.fontWeight) ? 700 : 400;
  const italic = style.fontStyle === 'italic' || style.fontStyle === 'oblique' ? 'italic' : 'normal';
  const key = `${weight}${italic}${text}`;
  let em = widths.get(key);
  if (em === undefined) {
    em = measureEm(text, weight, italic);
    if (widths.size > 20_000) widths.clear();
    widths.set(key, em);
  }
  return em * (style.fontSize ?? 11);
}
