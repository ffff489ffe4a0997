/**
 * The preview in a real browser (Debian's chromium, driven by playwright-core):
 * the example's tables and charts in both columns, no console errors, Japanese
 * in a real font; and a hostile bundle's preview, which must run no script and
 * fetch nothing, its Content-Security-Policy refusing what a page would try.
 * The charts' own layout is checked in charts-browser.test.ts: here they are
 * images. `.ci/run` installs chromium and fonts-noto-cjk.
 */
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { draft } from '../src/draft.js';
import { loadLocaleLayers } from '../src/inputs.js';
import { promptLabel } from '../src/localize/translator.js';
import { writeFiles, writeFileAtomic } from '../src/output/files.js';
import { buildPreview } from '../src/output/preview.js';
import { chromiumAvailable, launchChromium } from './chromium.js';
import { cli, HOSTILE_PREVIEW, loadExample, root } from './helpers.js';

/** What the test leaves on the page's window: the policy's refusals, and whether a probe script ran. */
interface Probe {
  violations: string[];
  ran?: boolean;
}

interface Seen {
  /** Console errors and uncaught exceptions. */
  errors: string[];
  /** Every request that reached the network layer (none is a local file or a data: URI). */
  requests: string[];
  /** Requests the policy refused before they left the page. */
  refused: string[];
  dialogs: string[];
}

/** Opens a local page, recording what it logs, asks for, pops up and has its policy refuse. */
async function open(browser: Browser, file: string): Promise<{ page: Page; seen: Seen }> {
  const page = await browser.newPage({ viewport: { width: 1500, height: 1000 } });
  const seen: Seen = { errors: [], requests: [], refused: [], dialogs: [] };
  page.on('console', (message) => {
    if (message.type() === 'error') seen.errors.push(message.text());
  });
  page.on('pageerror', (error) => seen.errors.push(error.message));
  page.on('dialog', (dialog) => {
    seen.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  // A request the policy refuses is still reported, failed with 'csp'; one that reaches the
  // network layer is routed here, and aborted, so that it goes nowhere even without the policy.
  page.on('requestfailed', (request) => {
    if (request.failure()?.errorText === 'csp') seen.refused.push(request.url());
  });
  await page.route(/^(?!file:|data:)/, (route) => {
    seen.requests.push(route.request().url());
    return route.abort();
  });
  // Added by the browser, not by the page, so the policy does not apply to it.
  await page.addInitScript(() => {
    const probe = window as unknown as Probe;
    probe.violations = [];
    document.addEventListener('securitypolicyviolation', (event) =>
      probe.violations.push(`${event.violatedDirective} ${event.blockedURI}`),
    );
  });
  await page.goto(`file://${file}`);
  return { page, seen };
}

describe.skipIf(!chromiumAvailable)('the preview in a real browser', () => {
  let browser: Browser;
  let page: Page;
  let consoleErrors: string[];

  beforeAll(async () => {
    const dir = await mkdtemp(join(tmpdir(), 'preview-'));
    await writeFiles(dir, (await draft(await loadExample())).files);
    const locales = await loadLocaleLayers();
    await writeFileAtomic(
      join(dir, 'preview.html'),
      await buildPreview(dir, { promptLabels: { en: promptLabel('en', locales), ja: promptLabel('ja', locales) } }),
    );
    browser = await launchChromium();
    const opened = await open(browser, join(dir, 'preview.html'));
    page = opened.page;
    consoleErrors = opened.seen.errors;
    await page.evaluate(() => document.fonts.ready);
    consoleErrors.push(
      ...[...opened.seen.requests, ...opened.seen.refused].map((url) => `network request to ${url}`),
      ...opened.seen.dialogs,
    );
  }, 60_000);

  afterAll(async () => browser?.close());

  it('shows both tables and every figure in each column, and highlights unfinished slots', async () => {
    for (const lang of ['en', 'ja']) {
      expect(await page.locator(`section[data-lang="${lang}"] table`).count()).toBe(2);
      expect(await page.locator(`section[data-lang="${lang}"] figure.chart img`).count()).toBe(4);
      expect(await page.locator(`section[data-lang="${lang}"] .slot.unfinished`).count()).toBe(5);
    }
    expect(await page.locator('section[data-lang="ja"] table').first().locator('td').nth(1).textContent()).toBe('GRE');
    // The style is allowed by its hash: were it refused, slots would have no background.
    expect(
      await page
        .locator('.slot.unfinished')
        .first()
        .evaluate((slot) => getComputedStyle(slot).backgroundColor),
    ).toBe('rgb(255, 247, 214)');
  });

  it('draws every chart, at the size its SVG gives', async () => {
    const sizes = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLImageElement>('figure.chart img')].map((img) => {
        const svg = new DOMParser().parseFromString(atob(img.src.slice(img.src.indexOf(',') + 1)), 'image/svg+xml').documentElement;
        return {
          drawn: [img.naturalWidth, img.naturalHeight],
          declared: [Number(svg.getAttribute('width')), Number(svg.getAttribute('height'))],
        };
      }),
    );
    expect(sizes).toHaveLength(8);
    for (const { drawn, declared } of sizes) {
      expect(drawn).toEqual(declared);
      expect(drawn[0]).toBeGreaterThan(0);
    }
  });

  it('logs no console errors, breaks no rule of its policy and fetches nothing from the network', async () => {
    expect(consoleErrors).toEqual([]);
    expect(await page.evaluate(() => (window as unknown as Probe).violations)).toEqual([]);
  });

  it('renders Japanese glyphs with a real CJK font', async () => {
    const client = await page.context().newCDPSession(page);
    await client.send('DOM.enable');
    await client.send('CSS.enable');
    const { root: documentRoot } = await client.send('DOM.getDocument', { depth: -1 });
    for (const selector of ['section[data-lang="ja"] h2', 'section[data-lang="ja"] p']) {
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
        return {
          x: Math.min(...cells.map((c) => c.left)),
          y: 0,
          width: Math.max(...cells.map((c) => c.width)),
          height: Math.max(...cells.map((c) => c.bottom)) + window.scrollY,
        };
      }, lang);
      const file = join(out, `preview-${lang}.png`);
      await page.screenshot({ path: file, clip: box, fullPage: true });
      expect(existsSync(file)).toBe(true);
    }
  });
});

describe.skipIf(!chromiumAvailable)('a hostile bundle’s preview in a real browser', () => {
  let browser: Browser;
  let dir: string;

  beforeAll(async () => {
    dir = join(await mkdtemp(join(tmpdir(), 'preview-')), 'bundle');
    await cp(HOSTILE_PREVIEW, dir, { recursive: true });
    expect(cli('preview', dir).code).toBe(0);
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => browser?.close());

  /** Tries what an injected script would: run inline script, fetch from outside, style by attribute. */
  const tryEverything = (page: Page) =>
    page.evaluate(async () => {
      const probe = window as unknown as Probe;
      const script = document.createElement('script');
      script.textContent = 'window.ran = true';
      document.body.append(script);
      const image = document.createElement('img');
      const failed = new Promise((resolve) => {
        image.onerror = resolve;
      });
      image.src = 'https://telescope-report.invalid/probe.png';
      document.body.append(image);
      document.body.setAttribute('style', 'outline: 5px solid red');
      await failed;
      // Violation events are queued as tasks of their own.
      await new Promise((resolve) => setTimeout(resolve, 100));
      return { ran: probe.ran === true, violations: [...probe.violations].sort(), outline: getComputedStyle(document.body).outlineStyle };
    });

  it('runs nothing and fetches nothing from the post, shows its HTML as text, and loads the bundle’s images', async () => {
    const { page, seen } = await open(browser, join(dir, '.telescope-report/preview.html'));
    expect(
      await page
        .locator(
          'script, iframe, object, embed, svg, foreignObject, style:not(head style), [onerror], [onclick], [style], a[href^="javascript"]',
        )
        .count(),
    ).toBe(0);
    expect(await page.locator('pre.raw-html').allTextContents()).toEqual([
      '<script>alert(1)</script>',
      '<iframe src="https://evil.example/"></iframe>',
      '<style>body { display: none }</style>',
    ]);
    const images = await page.evaluate(() => [...document.images].map((img) => [img.alt, img.naturalWidth, img.naturalHeight]));
    expect(images).toEqual([
      ['local', 12, 8],
      ['A chart', 40, 20],
    ]);
    expect(await page.evaluate(() => (window as unknown as Probe).violations)).toEqual([]);
    expect(seen).toEqual({ errors: [], requests: [], refused: [], dialogs: [] });
    await page.close();
  });

  it('has its policy refuse an injected script, a remote image and a style attribute', async () => {
    const { page, seen } = await open(browser, join(dir, '.telescope-report/preview.html'));
    expect(await tryEverything(page)).toEqual({
      ran: false,
      violations: ['img-src https://telescope-report.invalid/probe.png', 'script-src-elem inline', 'style-src-attr inline'],
      outline: 'none',
    });
    expect(seen.requests).toEqual([]);
    expect(seen.refused).toEqual(['https://telescope-report.invalid/probe.png']);
    expect(seen.dialogs).toEqual([]);
    expect(seen.errors).toHaveLength(3);
    for (const error of seen.errors) expect(error).toMatch(/Content Security Policy/);
    await page.close();
  });

  it('would let all three through without the policy (the probe is not blind)', async () => {
    const html = await readFile(join(dir, '.telescope-report/preview.html'), 'utf8');
    const bare = join(dir, '.telescope-report/no-policy.html');
    await writeFile(
      bare,
      html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>\n/, '').replace(/<style>/, '<style>body { outline: none }'),
    );
    const { page, seen } = await open(browser, bare);
    expect(await tryEverything(page)).toEqual({ ran: true, violations: [], outline: 'solid' });
    expect(seen.requests).toEqual(['https://telescope-report.invalid/probe.png']);
    expect(seen.refused).toEqual([]);
    await page.close();
  });
});
