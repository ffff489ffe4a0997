/** The library as a build script uses it: what the commands do, as calls with typed results. */
import { mkdtemp, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  addLocale,
  check,
  checkLocales,
  draft,
  initDataset,
  loadDataset,
  localesStatus,
  parseDataset,
  previewHtml,
  previewPage,
  ProblemsError,
  servePreview,
  writeDraft,
  type PreviewRender,
} from '../src/index.js';
import { cli, EXAMPLE_DATASET } from './helpers.js';

const PROMPT = /(<!-- commentary:source-notes -->\n)[\s\S]*?(<!-- \/commentary:source-notes -->)/;

describe('a build script', () => {
  it('drafts, writes, and regenerates after a data change, keeping the editor’s commentary', async () => {
    const out = join(await mkdtemp(join(tmpdir(), 'api-')), 'post');
    const text = await readFile(EXAMPLE_DATASET, 'utf8');
    const first = await draft(parseDataset(text, EXAMPLE_DATASET), { svg: false });
    const written = await writeDraft(first, out);
    expect(written.written.map((f) => f.slice(out.length + 1))).toEqual(
      expect.arrayContaining(['index.en.md', 'index.ja.md', 'source-top-chart.en.vl.json']),
    );

    const en = join(out, 'index.en.md');
    const note = 'Most of this came from one botnet; we told the operators.';
    await writeFile(en, (await readFile(en, 'utf8')).replace(PROMPT, `$1\n${note}\n\n$2`));

    // The data changes (GRE's count), and the post is drafted and written again.
    expect(text).toContain('"packets": 912345');
    const changed = parseDataset(text.replace('"packets": 912345', '"packets": 812345'), EXAMPLE_DATASET);
    const second = await draft(changed, { svg: false });
    expect(second.files.get('index.en.md')).not.toBe(first.files.get('index.en.md'));
    const rewritten = await writeDraft(second, out);
    expect(rewritten.written).toContain(en);

    const after = await readFile(en, 'utf8');
    expect(after).toContain(`<!-- commentary:source-notes -->\n\n${note}\n\n<!-- /commentary:source-notes -->`);
    expect(after).toContain('812,345');
    expect(after).not.toContain('912,345');
    // The slot filled is no longer reported by check; the others are.
    const { findings, ready } = await check(out);
    expect(ready).toBe(false);
    expect(findings.some((f) => f.file === en && f.message.includes('commentary:source-notes'))).toBe(false);
    expect(findings.some((f) => f.ruleId === 'unfinished-slot')).toBe(true);
  });

  it('check returns what check --format json prints', async () => {
    const out = join(await mkdtemp(join(tmpdir(), 'api-')), 'post');
    await writeDraft(await draft(parseDataset(await readFile(EXAMPLE_DATASET, 'utf8'), EXAMPLE_DATASET), { svg: false }), out);
    const run = cli('check', out, '--format', 'json');
    expect(run.code).toBe(1);
    const result = await check(out);
    expect(result.findings.length).toBeGreaterThan(3);
    expect(result.findings).toEqual(JSON.parse(run.stdout));
    expect(result.posts).toEqual([join(out, 'index.en.md'), join(out, 'index.ja.md')]);

    // The preview page, as preview writes it.
    const page = join(out, 'page.html');
    expect(cli('preview', out, '--out', page).code).toBe(0);
    expect(await previewHtml(out)).toBe(await readFile(page, 'utf8'));
  });

  it('audits the locales: none for the shipped ones, the findings of a broken folder', async () => {
    const shipped = await checkLocales();
    expect(shipped.findings).toEqual([]);
    expect(shipped.languages).toEqual(['en', 'ja']);

    const broken = await mkdtemp(join(tmpdir(), 'locales-'));
    await mkdir(join(broken, 'ja'));
    const file = join(broken, 'ja', 'common.json');
    await writeFile(file, '{\n  "regions": {\n    "domestic": "国内 {{count}}",\n    "nowhere": "どこにもない"\n  }\n}\n');
    const audit = await checkLocales({ locales: broken });
    expect(audit.findings.map((f) => [f.file, f.line, f.ruleId])).toEqual(
      expect.arrayContaining([
        [file, 3, 'variables'],
        [file, 4, 'extra-key'],
      ]),
    );
    const printed = cli('locales', 'check', '--locales', broken).stdout;
    for (const finding of audit.findings) expect(printed).toContain(finding.reason);

    const status = await localesStatus();
    expect(status.map((row) => row.lang)).toEqual(['en', 'ja']);
    expect(status[1]).toMatchObject({ missing: 0 });
    expect(cli('locales', 'status').stdout).toContain(`${status[1]!.keys}`);
  });
});

/** The problems a call rejects with, as [ruleId, file] pairs. */
async function rejection(call: Promise<unknown>): Promise<[string | undefined, string | undefined][]> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ProblemsError);
  return (error as ProblemsError).problems.map((p) => [p.ruleId, p.file]);
}

describe('starting a dataset and a language', () => {
  it('initDataset writes what init writes: a skeleton that loads as a valid dataset', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'api-init-'));
    const file = join(dir, 'q1.json');
    const result = await initDataset({ period: '2025-q1', out: file });
    expect(result.file).toBe(file);
    expect(result.period).toEqual({ year: 2025, quarter: 1 });
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual(result.dataset);
    expect((await loadDataset(file)).period).toEqual({ year: 2025, quarter: 1 });
    expect(cli('init', '--period', '2025-q1', '--out', join(dir, 'by-cli.json')).code).toBe(0);
    expect(await readFile(join(dir, 'by-cli.json'), 'utf8')).toBe(await readFile(file, 'utf8'));
    // The period as a dataset holds it works as well as its spelling.
    const fiscal = await initDataset({ period: { fiscalYear: 2024, startMonth: 10 }, out: join(dir, 'fy.json') });
    expect(fiscal.period).toEqual({ fiscalYear: 2024, startMonth: 10 });
  });

  it('initDataset refuses a period it cannot take and a file already there, writing nothing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'api-init-'));
    const file = join(dir, 'dataset.json');
    expect(await rejection(initDataset({ period: '2025-q5', out: file }))).toEqual([['invalid-period', file]]);
    expect(await rejection(initDataset({ period: { year: 2025, quarter: 5 }, out: file }))).toEqual([['invalid-period', file]]);
    expect(await readdir(dir)).toEqual([]);
    await writeFile(file, 'mine');
    expect(await rejection(initDataset({ period: '2025', out: file }))).toEqual([['exists', file]]);
    expect(await readFile(file, 'utf8')).toBe('mine');
    await initDataset({ period: '2025', out: file, force: true });
    expect((await loadDataset(file)).period).toEqual({ year: 2025 });
  });

  it('addLocale writes what locales add writes, and refuses what it refuses', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'api-locale-'));
    const result = await addLocale('ko', { locales: join(dir, 'api') });
    expect(result.folder).toBe(join(dir, 'api', 'ko'));
    expect(result.files).toEqual((await readdir(join(dir, 'api', 'ko'))).map((name) => join(dir, 'api', 'ko', name)));
    expect(result.files.map((f) => f.slice(result.folder.length + 1))).toContain('post.json');
    expect(cli('locales', 'add', 'ko', '--locales', join(dir, 'cli')).code).toBe(0);
    for (const file of result.files)
      expect(await readFile(file, 'utf8')).toBe(await readFile(file.replace(join(dir, 'api'), join(dir, 'cli')), 'utf8'));
    const status = await localesStatus({ locales: join(dir, 'api') });
    expect(status.find((row) => row.lang === 'ko')).toMatchObject({ missing: 0, identical: status[0]!.keys });

    const folder = (lang: string) => join(dir, 'api', lang);
    expect(await rejection(addLocale('ko', { locales: join(dir, 'api') }))).toEqual([['exists', folder('ko')]]);
    expect(await rejection(addLocale('KO', { locales: join(dir, 'api') }))).toEqual([['invalid-tag', folder('KO')]]);
    expect(await rejection(addLocale('../ko', { locales: join(dir, 'api') }))).toEqual([['invalid-tag', folder('../ko')]]);
    expect(await rejection(addLocale('en', { locales: join(dir, 'api') }))).toEqual([['reference-language', folder('en')]]);
    expect((await readdir(join(dir, 'api'))).sort()).toEqual(['ko']);
    await writeFile(result.files[0]!, '{}');
    await addLocale('ko', { locales: join(dir, 'api'), force: true });
    expect(await readFile(result.files[0]!, 'utf8')).not.toBe('{}');
  });
});

describe('the preview from code', () => {
  it('previewPage says what the page shows; servePreview serves it and makes it again on a change', async () => {
    const out = join(await mkdtemp(join(tmpdir(), 'api-preview-')), 'post');
    await writeDraft(await draft(await loadDataset(EXAMPLE_DATASET), { svg: false }), out);
    const page = await previewPage(out);
    expect(page.posts.map((p) => [p.lang, p.unfinishedSlots])).toEqual([
      ['en', 5],
      ['ja', 5],
    ]);
    expect(page.html).toBe(await previewHtml(out));
    expect(page.notices).toEqual([]);

    const renders: PreviewRender[] = [];
    const server = await servePreview(out, { port: 0, onRender: (render) => renders.push(render) });
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      expect(renders).toMatchObject([{ changed: [], problems: [], reloaded: true, posts: page.posts }]);
      const served = await (await fetch(server.url)).text();
      // The file's page, with the reload script and the policy that allows it.
      expect(served.replace(/; script-src [^;]*; connect-src 'self'/, '').replace(/<script>[^<]*<\/script>\n/, '')).toBe(page.html);
      const en = join(out, 'index.en.md');
      await writeFile(en, (await readFile(en, 'utf8')).replace(PROMPT, '$1\nDone.\n\n$2'));
      for (let i = 0; i < 200 && renders.length < 2; i++) await new Promise((r) => setTimeout(r, 25));
      expect(renders[1]).toMatchObject({ changed: [en], problems: [], reloaded: true });
      expect(renders[1]!.posts[0]).toMatchObject({ lang: 'en', unfinishedSlots: 4 });
    } finally {
      await server.close();
    }
    await expect(fetch(server.url)).rejects.toThrow();
  });
});
