/**
 * `preview --watch` in a real browser (Debian's chromium through playwright-core):
 * the served page runs its reload script and nothing else, and reloads when a
 * post changes, with no console error and no policy violation.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchChromium } from './chromium.js';
import { cli, EXAMPLE_DATASET, root } from './helpers.js';

describe.skipIf(!chromiumAvailable)('preview --watch in a real browser', () => {
  let browser: Browser | undefined;
  const children: { kill(signal: NodeJS.Signals): boolean }[] = [];
  afterAll(async () => {
    await browser?.close();
    for (const child of children) child.kill('SIGTERM');
  });

  it('reloads the page when a post changes, its script allowed by the policy and nothing refused', async () => {
    const dir = join(await mkdtemp(join(tmpdir(), 'preview-watch-browser-')), 'bundle');
    // With its SVGs: every image the posts name is there to be served.
    expect(cli('draft', EXAMPLE_DATASET, '--out', dir).code).toBe(0);
    const child = spawn(process.execPath, ['dist/bin/telescope-report.mjs', 'preview', dir, '--watch', '--port', '0'], { cwd: root });
    children.push(child);
    let stdout = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    for (let i = 0; i < 400 && !stdout.includes('Ctrl-C'); i++) await new Promise((r) => setTimeout(r, 25));
    const url = /at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(stdout)![1]!;

    browser = await launchChromium();
    const page = await browser.newPage();
    const seen: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') seen.push(message.text());
    });
    page.on('pageerror', (error) => seen.push(error.message));
    // Added by the browser, not by the page, so the policy does not apply to it; it runs again on every load.
    await page.addInitScript(() =>
      document.addEventListener('securitypolicyviolation', (event) =>
        console.error(`violation: ${event.violatedDirective} ${event.blockedURI}`),
      ),
    );
    let loads = 0;
    page.on('load', () => loads++);
    await page.goto(url);
    await page.waitForFunction(() => document.querySelectorAll('h2').length > 4);
    // The charts are images of the bundle, served beside the page: each drawn.
    expect(
      await page.evaluate(() => [...document.images].filter((img) => !img.complete || img.naturalWidth === 0).map((img) => img.src)),
    ).toEqual([]);
    // Give the event stream a moment to connect before the change it must hear of.
    await new Promise((r) => setTimeout(r, 300));
    expect(loads).toBe(1);

    const en = join(dir, 'index.en.md');
    await writeFile(en, (await readFile(en, 'utf8')).replace('## Closing notes', '## Closing words'));
    await page.waitForFunction(() => [...document.querySelectorAll('h2')].some((h) => h.textContent === 'Closing words'), undefined, {
      timeout: 10_000,
    });
    expect(loads).toBe(2);
    expect(seen).toEqual([]);
  }, 60_000);
});
