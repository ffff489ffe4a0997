import { mkdir, mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createArchive, type ArchiveBuild, type ArchiveEntry, type ArchiveOptions } from '../src/archive.js';
import { syntheticDataset } from '../src/bench/generate.js';
import { loadDataset } from '../src/dataset/index.js';
import { draft, draftReusing, type DraftOptions } from '../src/draft.js';
import { clearCaches } from '../src/inputs.js';
import { readExamples } from '../src/build/examples.js';
import { writeDraft } from '../src/api.js';
import { ProblemsError } from '../src/messages.js';
import { DraftCache } from '../src/reuse.js';
import { root } from './helpers.js';

/** A folder with `count` quarterly datasets and a folder of locales of its own. */
async function archiveFolder(count: number): Promise<{ dir: string; entries: ArchiveEntry[]; locales: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'archive-'));
  await mkdir(join(dir, 'data'));
  const entries: ArchiveEntry[] = [];
  for (let i = 0; i < count; i++) {
    const period = { year: 2019 + Math.floor(i / 4), quarter: (i % 4) + 1 };
    const file = join(dir, 'data', `${period.year}-q${period.quarter}.json`);
    await writeFile(file, JSON.stringify(syntheticDataset({ sensors: 4, entriesPerSensor: 12, period })));
    entries.push({ dataset: file, out: join(dir, 'posts', `${period.year}-q${period.quarter}`) });
  }
  const locales = join(dir, 'locales');
  await mkdir(join(locales, 'ja'), { recursive: true });
  await mkdir(join(locales, 'en'), { recursive: true });
  return { dir, entries, locales };
}

/** Every file of the entry's bundle is what a fresh `draft` of it gives now: nothing kept from before is stale. */
async function expectAsDrafted(entry: ArchiveEntry, options: DraftOptions): Promise<void> {
  clearCaches();
  const result = await draft(await loadDataset(entry.dataset), { ...options, datasetFile: entry.dataset });
  for (const [name, content] of result.files) expect(await readFile(join(entry.out, name), 'utf8'), `${entry.out}/${name}`).toBe(content);
}

const writtenOf = (build: ArchiveBuild) => build.bundles.filter((b) => b.written).map((b) => b.out);
const stamp = async (file: string) => {
  const info = await stat(file);
  return `${info.ino} ${info.mtimeMs}`;
};

describe('drafting with what an earlier draft kept', () => {
  it('gives every example the files draft gives it, from a fresh cache and from one that kept the first draft', async () => {
    for (const example of readExamples()) {
      const at = (path: string) => join(root, 'examples', path);
      const blocks = example.blocks ? ((await import(at(example.blocks))) as { default: DraftOptions['blocks'] }).default : undefined;
      const options: DraftOptions = {
        svg: false,
        ...(example.template ? { template: example.template } : {}),
        ...(example.templates ? { templatesDir: at(example.templates) } : {}),
        ...(blocks ? { blocks } : {}),
        ...(example.previous ? { previous: await loadDataset(at(example.previous)) } : {}),
        ...(example.previousLabel === 'year-earlier' ? { previousRelation: 'year' as const } : {}),
      };
      const dataset = await loadDataset(at(example.dataset));
      const expected = await draft(dataset, options);
      const cache = new DraftCache();
      for (const round of ['fresh', 'kept']) {
        const result = await draftReusing(dataset, options, cache);
        expect(result.files, `${example.drafts}, ${round}`).toEqual(expected.files);
        expect(result.warnings.map(String), `${example.drafts}, ${round}`).toEqual(expected.warnings.map(String));
        expect(result.posts.map((p) => p.usedKeys)).toEqual(expected.posts.map((p) => p.usedKeys));
        cache.endRun();
      }
    }
  });

  it('writes lists and code that stand side by side across blocks as the whole post would', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'reuse-lists-'));
    await writeFile(
      join(dir, 'lists.md'),
      '---\ntitle: title\nseries: test\n---\n\n- one\n- two\n\n* three\n* four\n\n```\ncode\n```\n\n    indented\n\n:t[intro.period]\n\n1. first\n\n```js\nmore\n```\n',
    );
    const options: DraftOptions = { svg: false, template: 'lists', templatesDir: dir };
    const dataset = await loadDataset(join(root, 'examples/2021-q4/dataset.json'));
    const expected = await draft(dataset, options);
    expect(expected.files.get('index.en.md')).toContain('- one\n- two\n\n* three');
    expect((await draftReusing(dataset, options, new DraftCache())).files).toEqual(expected.files);
  });
});

describe('writing a bundle again', () => {
  it('leaves a file that holds its content already as it is, and lists it as written', async () => {
    const out = join(await mkdtemp(join(tmpdir(), 'rewrite-')), 'bundle');
    const result = await draft(await loadDataset(join(root, 'examples/2021-q4/dataset.json')), { svg: false });
    const first = await writeDraft(result, out);
    const stamps = await Promise.all([...result.files.keys()].map((name) => stamp(join(out, name))));
    const again = await writeDraft(result, out);
    expect(again.written).toEqual(first.written);
    expect(await Promise.all([...result.files.keys()].map((name) => stamp(join(out, name))))).toEqual(stamps);

    const files = new Map(result.files).set('index.ja.md', `${result.files.get('index.ja.md')!}\n追記。\n`);
    await writeDraft({ ...result, files }, out);
    expect(await stamp(join(out, 'index.ja.md'))).not.toBe(stamps[[...result.files.keys()].indexOf('index.ja.md')]);
    expect(await stamp(join(out, 'index.en.md'))).toBe(stamps[[...result.files.keys()].indexOf('index.en.md')]);
  });
});

describe('an archive', () => {
  it('drafts every bundle, then writes again only what an edit changes, never a stale file', { timeout: 120_000 }, async () => {
    const { entries, locales } = await archiveFolder(3);
    const options: ArchiveOptions = { localesDir: locales };
    const archive = createArchive(entries, options);
    const first = await archive.build();
    expect(first.bundles.map((b) => [b.out, b.error])).toEqual(entries.map((e) => [e.out, undefined]));
    expect(writtenOf(first)).toEqual(entries.map((e) => e.out));
    for (const entry of entries) await expectAsDrafted(entry, options);

    // Nothing changed: nothing written.
    expect(writtenOf(await archive.build())).toEqual([]);

    // A Japanese string every post uses: the Japanese posts change, the English files are left as they were.
    const english = await Promise.all(entries.map((e) => stamp(join(e.out, 'index.en.md'))));
    const svgs = await Promise.all(entries.map((e) => stamp(join(e.out, 'daily-domestic.ja.svg'))));
    await writeFile(join(locales, 'ja', 'post.json'), JSON.stringify({ intro: { period: '{{period}}を振り返ります。' } }));
    expect(writtenOf(await archive.build())).toEqual(entries.map((e) => e.out));
    for (const entry of entries) await expectAsDrafted(entry, options);
    expect(await readFile(join(entries[0]!.out, 'index.ja.md'), 'utf8')).toContain('2019年1～3月を振り返ります。');
    expect(await Promise.all(entries.map((e) => stamp(join(e.out, 'index.en.md'))))).toEqual(english);
    expect(await Promise.all(entries.map((e) => stamp(join(e.out, 'daily-domestic.ja.svg'))))).toEqual(svgs);

    // A string of the charts: their specs and SVGs are drawn again.
    await writeFile(join(locales, 'ja', 'common.json'), JSON.stringify({ charts: { dailyAverages: { x: '月（暦月）' } } }));
    expect(writtenOf(await archive.build())).toEqual(entries.map((e) => e.out));
    for (const entry of entries) await expectAsDrafted(entry, options);
    expect(await readFile(join(entries[1]!.out, 'daily-domestic.ja.svg'), 'utf8')).toContain('月（暦月）');

    // A key no post looks up: nothing written.
    await writeFile(join(locales, 'ja', 'facts.json'), JSON.stringify({ unusedByAnyPost: 'なし' }));
    expect(writtenOf(await archive.build())).toEqual([]);

    // One dataset: its bundle alone.
    await writeFile(
      entries[2]!.dataset,
      JSON.stringify(syntheticDataset({ sensors: 5, entriesPerSensor: 12, period: { year: 2019, quarter: 3 } })),
    );
    expect(writtenOf(await archive.build())).toEqual([entries[2]!.out]);
    for (const entry of entries) await expectAsDrafted(entry, options);
  });

  it('sees a plural form, a word a language adds, and a template edited', { timeout: 120_000 }, async () => {
    const { dir, entries, locales } = await archiveFolder(2);
    const templates = join(dir, 'templates');
    await mkdir(templates);
    const template =
      '---\ntitle: title\nseries: test\n---\n\n:t[intro.period]\n\n::table{#source-top data=sourceCountryTop limit=5 caption=sourceCountry.caption}\n\nSee :ref[source-top].\n';
    await writeFile(join(templates, 'mine.md'), template);
    const options: ArchiveOptions = { localesDir: locales, templatesDir: templates, template: 'mine', svg: false };
    for (const entry of entries) {
      const dataset = JSON.parse(await readFile(entry.dataset, 'utf8')) as { sourceCountryTop: { country: string } };
      dataset.sourceCountryTop.country = 'FR';
      await writeFile(entry.dataset, JSON.stringify(dataset));
    }
    const archive = createArchive(entries, options);
    await archive.build();
    for (const entry of entries) await expectAsDrafted(entry, options);

    // `common:refs.table` is looked up by count: its `_one` form is what changed.
    await writeFile(join(locales, 'en', 'common.json'), JSON.stringify({ refs: { table_one: 'table no. {{numbers}}' } }));
    expect(writtenOf(await archive.build())).toEqual(entries.map((e) => e.out));
    expect(await readFile(join(entries[0]!.out, 'index.en.md'), 'utf8')).toContain('See table no. 1.');
    for (const entry of entries) await expectAsDrafted(entry, options);

    // A country's name the language did not have, and now has.
    await writeFile(
      join(locales, 'en', 'common.json'),
      JSON.stringify({ refs: { table_one: 'table no. {{numbers}}' }, countries: { FR: 'the Hexagon' } }),
    );
    expect(writtenOf(await archive.build())).toEqual(entries.map((e) => e.out));
    expect(await readFile(join(entries[0]!.out, 'index.en.md'), 'utf8')).toContain('the Hexagon');
    for (const entry of entries) await expectAsDrafted(entry, options);

    await writeFile(join(templates, 'mine.md'), `${template}\nAnd :ref[source-top] again.\n`);
    expect(writtenOf(await archive.build())).toEqual(entries.map((e) => e.out));
    expect(await readFile(join(entries[1]!.out, 'index.en.md'), 'utf8')).toContain('And table no. 1 again.');
    for (const entry of entries) await expectAsDrafted(entry, options);
  });

  it('drafts a bundle again when its previous period changes', { timeout: 60_000 }, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'archive-previous-'));
    const [dataset, previous] = [join(dir, 'dataset.json'), join(dir, 'previous.json')];
    await writeFile(dataset, await readFile(join(root, 'examples/2021-q4-quarterly/dataset.json')));
    const before = JSON.parse(await readFile(join(root, 'examples/2021-q4-quarterly/previous.json'), 'utf8')) as {
      rankings: { entries: { packets: number }[] }[];
    };
    await writeFile(previous, JSON.stringify(before));
    const entry: ArchiveEntry = { dataset, previous, out: join(dir, 'out') };
    const options: ArchiveOptions = { svg: false, template: 'quarterly' };
    const archive = createArchive([entry], options);
    await archive.build();
    const drafted = async () => expectAsDrafted(entry, { ...options, previous: await loadDataset(previous), previousFile: previous });
    await drafted();
    // The entry ranked first last quarter now ranks last: the ranks' changes read otherwise.
    before.rankings[0]!.entries[0]!.packets = 1;
    await writeFile(previous, JSON.stringify(before));
    expect(writtenOf(await archive.build())).toEqual([entry.out]);
    await drafted();
  });

  it('reports a bundle that cannot be drafted and writes the others; refuses two entries of one folder', async () => {
    const { entries } = await archiveFolder(2);
    await writeFile(entries[0]!.dataset, '{"schemaVersion": 1,');
    const build = await createArchive(entries, { svg: false }).build();
    expect(build.bundles[0]!.error?.problems[0]).toMatchObject({ file: entries[0]!.dataset, ruleId: 'json-syntax' });
    expect(writtenOf(build)).toEqual([entries[1]!.out]);

    const error = (() => {
      try {
        createArchive([entries[0]!, { ...entries[1]!, out: `${entries[0]!.out}/` }]);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ProblemsError);
    expect((error as ProblemsError).problems[0]!.reason).toBe(
      `expected a bundle folder of each entry's own, found the folder of ${entries[0]!.dataset}'s entry again`,
    );
  });

  it('builds again when a watched locale file is saved', { timeout: 60_000 }, async () => {
    const { entries, locales } = await archiveFolder(2);
    const archive = createArchive(entries, { localesDir: locales, svg: false });
    await archive.build();
    const builds: { build: ArchiveBuild; changed: string[] }[] = [];
    const watcher = archive.watch((build, changed) => builds.push({ build, changed }));
    try {
      await new Promise((done) => setTimeout(done, 100));
      await writeFile(join(locales, 'ja', 'post.json'), JSON.stringify({ intro: { period: '{{period}}、見張り中。' } }));
      for (let waited = 0; builds.length === 0 && waited < 20_000; waited += 20) await new Promise((done) => setTimeout(done, 20));
      expect(builds[0]?.changed).toEqual([join(locales, 'ja', 'post.json')]);
      expect(writtenOf(builds[0]!.build)).toEqual(entries.map((e) => e.out));
      expect(await readFile(join(entries[1]!.out, 'index.ja.md'), 'utf8')).toContain('見張り中');
    } finally {
      await watcher.close();
    }
  });
});

describe('drawing SVGs in worker threads (the built package: a thread runs compiled code)', () => {
  const built = (path: string) => import(join(root, 'dist', path)) as Promise<Record<string, unknown>>;

  it('draws what this thread draws, chart after chart, and fails as it fails', { timeout: 120_000 }, async () => {
    const { SvgPool } = (await built('output/svg-pool.js')) as {
      SvgPool: { create(size?: number): { render(text: string): Promise<string> } | undefined };
    };
    const { renderSvg, ChartWarningsError } = (await built('output/svg.js')) as {
      renderSvg: (spec: unknown) => Promise<string>;
      ChartWarningsError: new (...args: never[]) => Error;
    };
    expect(SvgPool.create(0)).toBeUndefined();
    // By default none where the drafting thread would share two processors or fewer with them.
    expect(SvgPool.create() === undefined).toBe(availableParallelism() <= 2);
    const pool = SvgPool.create(2)!;
    const result = await draft(await loadDataset(join(root, 'examples/2021-q4/dataset.json')), { svg: false });
    const specs = result.posts.flatMap((p) => p.charts.map((c) => `${JSON.stringify(c.spec, null, 2)}\n`));
    const drawn = await Promise.all(specs.map((text) => pool.render(text)));
    for (const [index, text] of specs.entries()) expect(drawn[index]).toBe(await renderSvg(JSON.parse(text)));
    const broken = JSON.stringify({
      data: { values: [{ a: 1 }] },
      mark: 'bar',
      encoding: { x: { field: 'a', type: 'quantitative', scale: { type: 'ordinal' } } },
    });
    const error = await pool.render(broken).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChartWarningsError);
    expect((error as Error).message).toBe(
      'vega-lite reported: Channel "x" does not work with "ordinal" scale. We are using "linear" scale instead.',
    );
  });

  it('builds an archive with them as without', { timeout: 120_000 }, async () => {
    const { createArchive: builtArchive } = (await built('archive.js')) as { createArchive: typeof createArchive };
    const { entries, locales } = await archiveFolder(2);
    const build = await builtArchive(entries, { localesDir: locales, workers: 2 }).build();
    expect(build.bundles.map((b) => b.error)).toEqual([undefined, undefined]);
    for (const entry of entries) await expectAsDrafted(entry, { localesDir: locales });
  });
});
