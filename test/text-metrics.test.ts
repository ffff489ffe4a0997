/**
 * Chart text widths from Arimo's real metrics, tick labels in each language's
 * compact form, and the font stacks that make the two agree in a browser.
 */
import { existsSync, readFileSync } from 'node:fs';
import * as fontkit from 'fontkit';
import { describe, expect, it } from 'vitest';
import { draft } from '../src/draft.js';
import { tickLabels } from '../src/localize/ticks.js';
import { fontFamilies, hasKnownMetrics } from '../src/output/font-stack.js';
import { measureText } from '../src/output/text-metrics.js';
import { cli, loadExample, root } from './helpers.js';

const shippedFont = (lang: string) =>
  (JSON.parse(readFileSync(`${root}locales/${lang}/common.json`, 'utf8')) as { charts: { font: string } }).charts.font;

describe('font stacks', () => {
  it('lists the families of a CSS stack, quoted or not', () => {
    expect(fontFamilies(`Arimo, "Liberation Sans",'Yu Gothic' ,  sans-serif`)).toEqual([
      'Arimo',
      'Liberation Sans',
      'Yu Gothic',
      'sans-serif',
    ]);
  });

  it('knows the metrics of the shipped stacks and of Arial-compatible fonts, not of others', () => {
    expect(hasKnownMetrics(shippedFont('en'))).toBe(true);
    expect(hasKnownMetrics(shippedFont('ja'))).toBe(true);
    expect(hasKnownMetrics('Helvetica, sans-serif')).toBe(true);
    expect(hasKnownMetrics('"Noto Sans JP", Arimo')).toBe(false);
    expect(hasKnownMetrics('')).toBe(false);
  });

  it('puts a Latin font first in Japanese, so digits and ports are drawn as they were measured', () => {
    expect(fontFamilies(shippedFont('ja')).slice(0, 4)).toEqual(['Arimo', 'Liberation Sans', 'Arial', 'Noto Sans CJK JP']);
  });
});

describe('measureText', () => {
  it('reads advance widths and kerning from Arimo', () => {
    expect(measureText('AV', { fontSize: 11 })).toBeCloseTo(13.8574, 3);
    expect(measureText('A', { fontSize: 11 }) + measureText('V', { fontSize: 11 })).toBeCloseTo(14.6738, 3);
    expect(measureText('1,000,000', { fontSize: 11 })).toBeCloseTo(48.936, 3);
    expect(measureText('Packets', { fontSize: 11, fontWeight: 'bold' })).toBeGreaterThan(measureText('Packets', { fontSize: 11 }) + 2);
    expect(measureText('1,000,000', { fontSize: 22 })).toBeCloseTo(2 * 48.936, 3);
  });

  it('gives kana, kanji and full-width punctuation one em, and measures the Latin between them in Arimo', () => {
    expect(measureText('日本を送信元とする（上位）', { fontSize: 10 })).toBe(130);
    expect(measureText('2021年10月', { fontSize: 12 })).toBeCloseTo(
      measureText('2021', { fontSize: 12 }) + 12 + measureText('10', { fontSize: 12 }) + 12,
      6,
    );
  });

  it('gives no width to marks and format characters, and a typical width to letters no font here has', () => {
    expect(measureText('a\u0301\u2060', { fontSize: 10 })).toBeCloseTo(
      measureText('a', { fontSize: 10 }) + measureText('\u0301', { fontSize: 10 }),
      6,
    );
    expect(measureText('\u0e01', { fontSize: 10 })).toBe(6);
  });

  // The metric-compatible fonts the browser tests draw with: .ci/run installs them.
  const croscore = '/usr/share/fonts/truetype/croscore/Arimo-Regular.ttf';
  const notoCjk = '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc';
  it.skipIf(!process.env.CI && !existsSync(croscore))('agrees with the Arimo a reader’s system has', () => {
    const system = fontkit.openSync(croscore) as fontkit.Font;
    for (const text of ['Packets sent from Japan, top five protocols and ports', '37215/TCP', 'Overseas sensor 3', '1.5K', 'Year']) {
      expect(measureText(text, { fontSize: 11 })).toBeCloseTo((system.layout(text).advanceWidth / system.unitsPerEm) * 11, 6);
    }
  });

  it.skipIf(!process.env.CI && !existsSync(notoCjk))(
    'gives every wide character of the Japanese locale the width Noto Sans CJK JP draws it with',
    () => {
      const collection = fontkit.openSync(notoCjk) as unknown as fontkit.FontCollection;
      const font = collection.fonts.find((f) => f.familyName === 'Noto Sans CJK JP')!;
      const text = ['post', 'facts', 'common'].map((ns) => readFileSync(`${root}locales/ja/${ns}.json`, 'utf8')).join('');
      const wide = [...new Set(text.match(/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u3000-\u303f\uff01-\uff5e]/gu))];
      expect(wide.length).toBeGreaterThan(100);
      const off = wide.filter((char) => font.layout(char).advanceWidth / font.unitsPerEm !== measureText(char, { fontSize: 1 }));
      expect(off).toEqual([]);
    },
  );
});

describe('tick labels', () => {
  it('are compact where the language has a compact form', () => {
    expect(tickLabels('en', [0, 200_000, 400_000, 600_000, 800_000, 1_000_000])).toEqual(['0', '200K', '400K', '600K', '800K', '1M']);
    expect(tickLabels('ja', [0, 200_000, 400_000, 600_000, 800_000, 1_000_000])).toEqual(['0', '20万', '40万', '60万', '80万', '100万']);
    expect(tickLabels('ja', [0, 1e9, 2e9])).toEqual(['0', '10億', '20億']);
  });

  it('fall back to digits where a compact form would round the tick or save nothing', () => {
    expect(tickLabels('en', [0, 500, 1_000, 1_500])).toEqual(['0', '500', '1K', '1.5K']);
    expect(tickLabels('en', [1_250_000, 1_234_567])).toEqual(['1.25M', '1,234,567']);
    expect(tickLabels('en', [0, 0.5, 1])).toEqual(['0', '0.5', '1']);
  });
});

describe('count axes in the specs', () => {
  it('carry the ticks and their localized labels, so any Vega-Lite renderer shows the same', async () => {
    const result = await draft(await loadExample(), { svg: false });
    const axisOf = (lang: string) => {
      const spec = result.posts.find((p) => p.lang === lang)!.charts.find((c) => c.id === 'source-top-chart')!.spec as {
        encoding: { x: { scale: unknown; axis: unknown } };
      };
      return { scale: spec.encoding.x.scale, axis: spec.encoding.x.axis };
    };
    expect(axisOf('en')).toEqual({
      scale: { domain: [0, 1_000_000], nice: false },
      axis: {
        values: [0, 200_000, 400_000, 600_000, 800_000, 1_000_000],
        labelExpr: '{"0":"0","200000":"200K","400000":"400K","600000":"600K","800000":"800K","1000000":"1M"}[datum.value]',
      },
    });
    expect((axisOf('ja').axis as { labelExpr: string }).labelExpr).toBe(
      '{"0":"0","200000":"20\\u4e07","400000":"40\\u4e07","600000":"60\\u4e07","800000":"80\\u4e07","1000000":"100\\u4e07"}[datum.value]',
    );
  });
});

describe('a font stack whose first font has no metrics here', () => {
  it('is a finding of locales check, at the key', () => {
    const run = cli('locales', 'check', '--locales', 'test/fixtures/locales/unmeasured-font');
    expect(run.code).toBe(1);
    expect(run.stdout.replaceAll(root, '')).toContain(
      'test/fixtures/locales/unmeasured-font/ja/common.json:3:5  warning  expected "common:charts.font" to name first a font that chart text is measured in (Arimo, Liberation Sans, Arial, Helvetica), found `"Comic Sans MS", "Noto Sans CJK JP", cursive`: labels may collide or be clipped  chart-font',
    );
  });

  it('makes draft warn that the SVGs are laid out with Arimo’s widths', async () => {
    const result = await draft(await loadExample(), { localesDir: `${root}test/fixtures/locales/unmeasured-font`, languages: ['ja'] });
    expect(result.warnings.map((w) => w.ruleId)).toEqual(['chart-font']);
  });
});
