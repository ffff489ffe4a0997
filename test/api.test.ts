/** The library as a build script uses it: what the commands do, as calls with typed results. */
import { mkdtemp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { check, checkLocales, draft, localesStatus, parseDataset, previewHtml, writeDraft } from '../src/index.js';
import { cli, EXAMPLE_DATASET } from './helpers.js';

const PROMPT = /(<!-- commentary:source-notes -->\n)[\s\S]*?(<!-- \/commentary:source-notes -->)/;

describe('a build script', () => {
  it('drafts, writes, and regenerates after a data change, keeping the editor’s commentary', async () => {
    const out = join(await mkdtemp(join(tmpdir(), 'api-')), 'post');
    const text = await readFile(EXAMPLE_DATASET, 'utf8');
    const first = await draft(parseDataset(text, EXAMPLE_DATASET), { svg: false });
    const written = await writeDraft(first, out);
    expect(written.written.map((f) => f.slice(out.length + 1))).toEqual(expect.arrayContaining(['index.en.md', 'index.ja.md', 'source-top-chart.en.vl.json']));

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
    expect(audit.findings.map((f) => [f.file, f.line, f.ruleId])).toEqual(expect.arrayContaining([[file, 3, 'variables'], [file, 4, 'extra-key']]));
    const printed = cli('locales', 'check', '--locales', broken).stdout;
    for (const finding of audit.findings) expect(printed).toContain(finding.reason);

    const status = await localesStatus();
    expect(status.map((row) => row.lang)).toEqual(['en', 'ja']);
    expect(status[1]).toMatchObject({ missing: 0 });
    expect(cli('locales', 'status').stdout).toContain(`${status[1]!.keys}`);
  });
});
