/**
 * Every SVG of every committed example, and those of a dataset made to strain
 * the layout (long labels in both languages, counts in the billions, ties),
 * opened in chromium with only the fonts `.ci/run` installs: no text leaves
 * the picture, no two texts overlap or touch, each text is as wide as the width
 * vega laid it out with, and it is drawn in the font that width was measured in.
 */
import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDataset } from '../src/dataset/index.js';
import { draft } from '../src/draft.js';
import { writeFiles } from '../src/output/files.js';
import { measureText } from '../src/output/text-metrics.js';
import { chromiumAvailable, launchChromium, layoutFaults, type TextBox } from './chromium.js';
import { readExamples } from '../src/build/examples.js';
import { root } from './helpers.js';

const examples = join(root, 'examples');
const svgs: string[] = [];
const addSvgs = async (dir: string) => {
  for (const file of (await readdir(dir)).sort()) if (file.endsWith('.svg')) svgs.push(join(dir, file));
};
for (const example of readExamples()) await addSvgs(join(examples, example.drafts));
const committed = svgs.length;
const strained = await mkdtemp(join(tmpdir(), 'layout-stress-'));
await writeFiles(strained, (await draft(await loadDataset(join(root, 'test/fixtures/datasets/layout-stress.json')))).files);
await addSvgs(strained);
const named = (file: string) => (file.startsWith(root) ? file.slice(root.length) : `layout-stress/${file.slice(strained.length + 1)}`);
const fileOf = (name: string) => svgs.find((file) => named(file) === name)!;

interface DrawnText extends TextBox {
  drawnWidth: number;
  fontSize: number;
  fontWeight: string;
}

describe.skipIf(!chromiumAvailable)('the committed SVGs in a real browser', () => {
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    browser = await launchChromium();
    page = await browser.newPage();
  }, 60_000);

  afterAll(async () => browser?.close());

  const open = async (file: string) => {
    await page.goto(`file://${file}`);
    await page.evaluate(() => document.fonts.ready);
    return page.evaluate(() => {
      const svg = document.documentElement as unknown as SVGSVGElement;
      const frame = svg.getBoundingClientRect();
      const texts = [...svg.querySelectorAll('text')].filter((t) => (t.textContent ?? '').trim() !== '');
      return {
        frame: { left: frame.left, right: frame.right, top: frame.top, bottom: frame.bottom },
        texts: texts.map((t) => {
          const box = t.getBoundingClientRect();
          const style = getComputedStyle(t);
          return {
            text: t.textContent!,
            left: box.left,
            right: box.right,
            top: box.top,
            bottom: box.bottom,
            drawnWidth: t.getComputedTextLength(),
            fontSize: Number.parseFloat(style.fontSize),
            fontWeight: style.fontWeight,
          };
        }) satisfies DrawnText[],
      };
    });
  };

  it('has SVGs of both languages to look at', () => {
    const committedSvgs = svgs.slice(0, committed);
    expect(committedSvgs.filter((f) => f.endsWith('.en.svg')).length).toBeGreaterThanOrEqual(4);
    expect(committedSvgs.filter((f) => f.endsWith('.ja.svg')).length).toBe(committedSvgs.filter((f) => f.endsWith('.en.svg')).length);
    expect(svgs.length - committed).toBe(8);
  });

  it.each(svgs.map((file) => [named(file)]))('%s: every text inside the picture, none touching another', async (name) => {
    const { frame, texts } = await open(fileOf(name));
    expect(texts.length).toBeGreaterThan(3);
    expect(layoutFaults(frame, texts)).toEqual([]);
  });

  it.each(svgs.map((file) => [named(file)]))('%s: every text drawn as wide as it was measured', async (name) => {
    const { texts } = await open(fileOf(name));
    const off = texts
      .map((t) => ({
        text: t.text,
        drawn: t.drawnWidth,
        measured: measureText(t.text.trim(), { fontSize: t.fontSize, fontWeight: t.fontWeight }),
      }))
      .filter((t) => Math.abs(t.drawn - t.measured) > 0.5 + 0.01 * t.measured);
    expect(off).toEqual([]);
  });

  it('draws Latin text in Arimo and Japanese text in Noto Sans CJK JP, the fonts it was measured for', async () => {
    const fontsOf = async (file: string, selector: string) => {
      await page.goto(`file://${file}`);
      await page.evaluate(() => document.fonts.ready);
      const client = await page.context().newCDPSession(page);
      await client.send('DOM.enable');
      await client.send('CSS.enable');
      const { root: documentRoot } = await client.send('DOM.getDocument', { depth: -1 });
      const { nodeId } = await client.send('DOM.querySelector', { nodeId: documentRoot.nodeId, selector });
      const { fonts } = await client.send('CSS.getPlatformFontsForNode', { nodeId });
      await client.detach();
      return fonts
        .filter((f) => f.glyphCount > 0)
        .map((f) => f.familyName)
        .sort();
    };
    const example = join(examples, '2021-q4/drafts');
    expect(await fontsOf(join(example, 'source-top-chart.en.svg'), '.role-title-text text')).toEqual(['Arimo']);
    // 日本… in the CJK font, the digit in Arimo.
    expect(await fontsOf(join(example, 'source-top-chart.ja.svg'), '.role-title-text text')).toEqual(['Arimo', 'Noto Sans CJK JP']);
  });
});
