/**
 * Labels with right-to-left text and direction controls, in a real browser:
 * each table row of the Markdown, drawn as plain text (as an editor or a
 * renderer without tables shows it), keeps its cells in order. The pipes
 * between cells must stand left to right in the order they are written.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { draft } from '../src/draft.js';
import { chromiumAvailable, launchChromium } from './chromium.js';
import { exampleWith } from './helpers.js';

const LABELS = ['\u05d0\u2067', '\u202Eevil', 'שלום 123', '\u2066x\u2068y', 'مرحبا\u2069\u202E', '\u202Bembedded'];

describe.skipIf(!chromiumAvailable)('bidi isolation of labels in a real browser', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => browser?.close());

  it('keeps every table row in order, whatever direction controls its label holds', async () => {
    const { posts } = await draft(
      await exampleWith((d) => {
        d.sensors.forEach((s, i) => {
          s.label = { en: LABELS[i % LABELS.length]!, ja: LABELS[(i + 3) % LABELS.length]! };
        });
      }),
      { svg: false },
    );
    const rows = posts.flatMap((post) =>
      post.markdown.split('\n').filter((line) => line.startsWith('| ') && LABELS.some((l) => line.includes(l.slice(0, 2)))),
    );
    expect(rows.length).toBeGreaterThanOrEqual(6);
    const page = await browser.newPage();
    await page.setContent('<!doctype html><meta charset="utf-8"><body dir="ltr"></body>');
    const outOfOrder = await page.evaluate(
      (lines) =>
        lines.flatMap((line) => {
          const pre = document.createElement('pre');
          pre.textContent = line;
          document.body.append(pre);
          const node = pre.firstChild!;
          const xs: number[] = [];
          for (let i = 0; i < line.length; i++) {
            if (line[i] !== '|') continue;
            const range = document.createRange();
            range.setStart(node, i);
            range.setEnd(node, i + 1);
            xs.push(range.getBoundingClientRect().left);
          }
          return xs.every((x, k) => k === 0 || x > xs[k - 1]!) ? [] : [line];
        }),
      rows,
    );
    expect(outOfOrder).toEqual([]);
  });
});
