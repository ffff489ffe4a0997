/**
 * The preview of the example in a real browser (Debian's chromium, driven by
 * playwright-core): tables and figures in both columns, no console errors,
 * chart labels that neither overlap nor leave the chart, Japanese in a real font.
 * `.ci/run` installs chromium and fonts-noto-cjk.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { draft, loadLocaleLayers } from '../src/draft.js';
import { promptLabel } from '../src/localize/translator.js';
import { writeFiles, writeFileAtomic } from '../src/output/files.js';
import { buildPreview } from '../src/output/preview.js';
import { chromiumAvailable, launchChromium, layoutFaults } from './chromium.js';
import { loadExample, root } from './helpers.js';

describe.skipIf(!chromiumAvailable)('the preview in a real browser', () => {
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    const dir = await mkdtemp(join(tmpdir(), 'preview-'));
    await writeFiles(dir, (await draft(await loadExample())).files);
    const locales = await loadLocaleLayers();
    await writeFileAtomic(join(dir, 'preview.html'), await buildPreview(dir, { promptLabels: { en: promptLabel('en', locales), ja: promptLabel('ja', locales) } }));
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1500, height: 1000 } });
    page.on('console', (message) => { if (message.type() === 'error') consoleErrors.push(message.text()); });
    page.on('pageerror', (error) => consoleErrors.push(error.message));
    page.on('request', (request) => { if (!request.url().startsWith('file:')) consoleErrors.push(`network request to ${request.url()}`); });
    await page.goto(`file://${join(dir, 'preview.html')}`);
    await page.evaluate(() => document.fonts.ready);
  }, 60_000);

  afterAll(async () => browser?.close());

  it('shows both tables and every figure in each column, and highlights unfinished slots', async () => {
    for (const lang of ['en', 'ja']) {
      expect(await page.locator(`section[data-lang="${lang}"] table`).count()).toBe(2);
      expect(await page.locator(`section[data-lang="${lang}"] figure.chart svg`).count()).toBe(4);
      expect(await page.locator(`section[data-lang="${lang}"] .slot.unfinished`).count()).toBe(5);
    }
    expect(await page.locator('section[data-lang="ja"] table').first().locator('td').nth(1).textContent()).toBe('GRE');
  });

  it('logs no console errors and fetches nothing from the network', () => {
    expect(consoleErrors).toEqual([]);
  });

  it('draws no two chart labels on top of each other, and none past the chart’s edge', async () => {
    const charts = await page.evaluate(() =>
      [...document.querySelectorAll('figure.chart svg')].map((svg) => {
        const { left, right, top, bottom } = svg.getBoundingClientRect();
        const texts = [...svg.querySelectorAll('text')].filter((t) => (t.textContent ?? '').trim() !== '');
        return {
          frame: { left, right, top, bottom },
          boxes: texts.map((t) => {
            const box = t.getBoundingClientRect();
            return { text: t.textContent!, left: box.left, right: box.right, top: box.top, bottom: box.bottom };
          }),
        };
      }),
    );
    expect(charts).toHaveLength(8);
    const faults = charts.flatMap(({ frame, boxes }, index) => layoutFaults(frame, boxes).map((fault) => `chart ${index}: ${fault}`));
    expect(faults).toEqual([]);
  });

  it('renders Japanese glyphs, in the page and in the charts, with a real CJK font', async () => {
    const client = await page.context().newCDPSession(page);
    await client.send('DOM.enable');
    await client.send('CSS.enable');
    const { root: documentRoot } = await client.send('DOM.getDocument', { depth: -1 });
    for (const selector of ['section[data-lang="ja"] h2', 'section[data-lang="ja"] figure.chart svg text[role="graphics-symbol"], section[data-lang="ja"] figure.chart svg .role-title-text text']) {
      const { nodeId } = await client.send('DOM.querySelector', { nodeId: documentRoot.nodeId, selector });
      expect(nodeId, selector).toBeGreaterThan(0);
      const { fonts } = await client.send('CSS.getPlatformFontsForNode', { nodeId });
      const families = fonts.filter((f: { glyphCount: number }) => f.glyphCount > 0).map((f: { familyName: string }) => f.familyName);
      expect(families.join(', '), selector).toMatch(/Noto Sans CJK JP|Noto Sans JP|Hiragino|Yu Gothic/);
    }
  });

  it('saves a screenshot of each column', async () => {
    const out = join(root, 'test/.screenshots');
    await mkdir(out, { recursive: true });
    for (const lang of ['en', 'ja']) {
      const box = await page.evaluate((l) => {
        const cells = [...document.querySelectorAll(`[data-lang="${l}"]`)].map((e) => e.getBoundingClientRect());
        return { x: Math.min(...cells.map((c) => c.left)), y: 0, width: Math.max(...cells.map((c) => c.width)), height: Math.max(...cells.map((c) => c.bottom)) + window.scrollY };
      }, lang);
      const file = join(out, `preview-${lang}.png`);
      await page.screenshot({ path: file, clip: box, fullPage: true });
      expect(existsSync(file)).toBe(true);
    }
  });
});
