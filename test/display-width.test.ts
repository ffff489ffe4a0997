import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import type { Root } from 'mdast';
import { displayWidth, prepareDisplayWidth } from '../src/output/display-width.js';

const samples = [
  '23/TCP',
  '',
  '国内センサー1',
  'プロトコル・ポート番号',
  '（月別）～',
  'ｶﾀｶﾅ',
  'Ａｂｃ',
  '한국어 센서',
  '😀 sensor',
  '👩‍💻',
  '🇯🇵',
  'e\u0301te\u0301',
  'tab\there',
  'αβγ',
  '≤ 5 s',
  'soft\u00ADhyphen',
  'x\u200Cy',
  'word\u2060joiner',
  '\u0600١٢',
  '\u200B',
];
const tableOf = (cells: string[]): Root => ({
  type: 'root',
  children: [
    {
      type: 'table',
      children: cells.map((value) => ({ type: 'tableRow', children: [{ type: 'tableCell', children: [{ type: 'text', value }] }] })),
    },
  ],
});

describe('display width', () => {
  it('measures plain and East Asian text without string-width, and refuses to guess at emoji before it is loaded', async () => {
    expect(displayWidth('国内センサー1')).toBe(13);
    // Emoji and line breaks outside tables are never measured: they do not load string-width.
    await prepareDisplayWidth({ type: 'root', children: [{ type: 'paragraph', children: [{ type: 'text', value: '😀 two\nlines' }] }] });
    expect(() => displayWidth('😀 sensor')).toThrow(/prepareDisplayWidth/);
  });

  it('agrees with string-width on ASCII, Japanese, full-width forms, emoji, flags and combining marks', async () => {
    await prepareDisplayWidth(tableOf(samples));
    for (const sample of samples) expect(displayWidth(sample), sample).toBe(stringWidth(sample));
  });
});

describe('display width of text the writer changed', () => {
  it('counts the word joiners put into URLs as nothing, as string-width does', () => {
    expect(displayWidth('https\u2060://example.org')).toBe(stringWidth('https\u2060://example.org'));
    expect(displayWidth('ｈｔｔｐｓ\u2060://例')).toBe(stringWidth('ｈｔｔｐｓ\u2060://例'));
  });
});
