/**
 * The second shipped post shape: the main quarterly report, drafted from named
 * rankings and the previous quarter's dataset. Its committed example is kept
 * fresh, passes the Markdown and Japanese style gates, and its rank-change
 * sentences agree with its tables in both languages.
 */
import { spawnSync } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { lint } from 'markdownlint/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadDataset } from '../src/dataset/index.js';
import { draft, type DraftResult } from '../src/draft.js';
import { readPost, root } from './helpers.js';

const EXAMPLE = `${root}examples/2021-q4-quarterly`;
let result: DraftResult;

beforeAll(async () => {
  const [dataset, previous] = await Promise.all([loadDataset(`${EXAMPLE}/dataset.json`), loadDataset(`${EXAMPLE}/previous.json`)]);
  result = await draft(dataset, { template: 'quarterly', previous });
});

describe('the quarterly report example', () => {
  it('is what `npm run examples` writes today', async () => {
    const committed = (await readdir(`${EXAMPLE}/drafts`)).filter((name) => name !== '.telescope-report').sort();
    expect(committed).toEqual([...result.files.keys()].sort());
    for (const [name, content] of result.files)
      expect(await readFile(`${EXAMPLE}/drafts/${name}`, 'utf8'), `${name} is stale: run npm run examples`).toBe(content);
  });

  it('has the ports with their service names and the previous quarter’s ranks, in both languages', () => {
    const [en, ja] = result.posts.map((post) => readPost(post.markdown));
    expect(en!.tables[0]).toEqual([
      ['Rank', 'Protocol/port', 'Previous quarter'],
      ['1', 'Telnet (23/TCP)', '1'],
      ['2', 'Redis (6379/TCP)', '3'],
      ['3', 'SSH (22/TCP)', '2'],
      ['4', 'Microsoft-DS (445/TCP)', '4'],
      ['5', 'ADB (5555/TCP)', 'not ranked'],
    ]);
    expect(ja!.tables[1]).toEqual([
      ['順位', '送信元地域', '前四半期'],
      ['1', '米国', '1'],
      ['2', '中国', '2'],
      ['3', 'オランダ', '6'],
      ['4', 'ロシア', '3'],
      ['5', '韓国', '4'],
    ]);
  });

  it('says what moved, in words that agree with the tables', () => {
    const [en, ja] = result.posts.map((post) => readPost(post.markdown).paragraphs);
    expect(en).toContain(
      'Compared with the previous quarter, Telnet (23/TCP) stayed first, Redis (6379/TCP) rose from third to second, SSH (22/TCP) fell from second to third, Microsoft-DS (445/TCP) stayed fourth, ADB (5555/TCP) entered the ranking in fifth place, and HTTP (80/TCP) fell from fifth to sixth.',
    );
    expect(en).toContain(
      'Compared with the previous quarter, the United States stayed first, China stayed second, the Netherlands rose from sixth to third, Russia fell from third to fourth, South Korea fell from fourth to fifth, and Germany fell from fifth to eighth.',
    );
    expect(ja).toContain(
      '前四半期と比べると、Telnet（23/TCP）が1位を維持、Redis（6379/TCP）が3位から2位に上昇、SSH（22/TCP）が2位から3位に下降、Microsoft-DS（445/TCP）が4位を維持、ADB（5555/TCP）が圏外から5位に上昇、HTTP（80/TCP）が5位から6位に下降しました。',
    );
    expect(ja).toContain(
      '前四半期と比べると、米国が1位を維持、中国が2位を維持、オランダが6位から3位に上昇、ロシアが3位から4位に下降、韓国が4位から5位に下降、ドイツが5位から8位に下降しました。',
    );
  });

  it('passes markdownlint in both languages', () => {
    const strings = Object.fromEntries(result.posts.map((post) => [post.lang, post.markdown]));
    const findings = lint({ strings, config: { default: true, MD013: false } });
    expect(
      Object.values(findings)
        .flat()
        .map((f) => `${f.lineNumber}: ${f.ruleNames.join('/')} ${f.errorDetail ?? ''}`),
    ).toEqual([]);
  });

  it('passes textlint with the JTF style preset in Japanese', () => {
    const run = spawnSync(
      process.execPath,
      ['node_modules/textlint/bin/textlint.js', '--config', 'test/.textlintrc.json', 'examples/2021-q4-quarterly/drafts/index.ja.md'],
      { cwd: root, encoding: 'utf8' },
    );
    expect(run.stdout + run.stderr).toBe('');
    expect(run.status).toBe(0);
  });
});

describe('draft --previous', () => {
  const args = (previous: string, ...more: string[]) => [
    'draft',
    `${EXAMPLE}/dataset.json`,
    '--template',
    'quarterly',
    '--no-svg',
    '--previous',
    previous,
    ...more,
  ];

  it('refuses a previous dataset of another period, and says which one fits', async () => {
    const { mkdtemp, writeFile } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { cli } = await import('./helpers.js');
    const work = await mkdtemp(`${tmpdir()}/previous-`);
    const yearEarlier = JSON.parse(await readFile(`${EXAMPLE}/previous.json`, 'utf8'));
    yearEarlier.period = { year: 2020, quarter: 4 };
    await writeFile(`${work}/2020-q4.json`, JSON.stringify(yearEarlier));
    const refused = cli(...args(`${work}/2020-q4.json`, '--out', `${work}/out`));
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(
      `${work}/2020-q4.json  error  expected the quarter before 2021 Q4, 2021 Q3, found 2020 Q4 (it is the same quarter a year earlier: say so with --previous-label year-earlier)  previous-period\n✖ 1 options problem\n`,
    );
    const accepted = cli(...args(`${work}/2020-q4.json`, '--previous-label', 'year-earlier', '--out', `${work}/year`));
    expect(accepted.code, accepted.stderr).toBe(0);
    const post = await readFile(`${work}/year/index.en.md`, 'utf8');
    expect(post).toContain('| Rank | Protocol/port          | Same quarter last year |');
    expect(post).toContain('Compared with the same quarter a year earlier, Telnet (23/TCP) stayed first');
  });

  it('names the previous file when it is not a valid dataset', async () => {
    const { cli } = await import('./helpers.js');
    const run = cli(...args('examples/2021-q4/drafts/index.en.md', '--out', '/tmp/never-written'));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^examples\/2021-q4\/drafts\/index\.en\.md:1:1 {2}error {2}expected a value.* {2}json-syntax\n/);
  });
});

describe('a quarterly bundle drafted again', () => {
  it('keeps its template when --template is left out, in draft and in check', async () => {
    const { mkdtemp } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { cli } = await import('./helpers.js');
    const out = `${await mkdtemp(`${tmpdir()}/quarterly-again-`)}/b`;
    const base = ['draft', `${EXAMPLE}/dataset.json`, '--previous', `${EXAMPLE}/previous.json`, '--no-svg', '--out', out];
    expect(cli(...base, '--template', 'quarterly').code).toBe(0);
    const manifest = JSON.parse(await readFile(`${out}/.telescope-report/manifest.json`, 'utf8'));
    expect(manifest.template).toBe('quarterly');
    const again = cli(...base);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).not.toMatch(/removed|backed up/);
    expect(await readFile(`${out}/index.en.md`, 'utf8')).toContain('title: Network telescope quarterly report');
    const check = cli('check', out);
    expect(check.stdout).not.toContain('unknown-slot');
  });
});

describe('what is not compared, or not claimed', () => {
  const ranking = (scope?: object) => ({
    id: 'source-regions',
    subject: 'region',
    ...(scope ? { scope } : {}),
    entries: [
      { region: 'US', packets: 9 },
      { region: 'CN', packets: 5 },
    ],
  });

  it('compares a ranking only with one of the same scope, and says when the previous dataset has none', async () => {
    const { checkDataset } = await import('../src/dataset/index.js');
    const current = checkDataset({ schemaVersion: 2, period: { year: 2022, quarter: 2 }, rankings: [ranking({ sourceCountry: 'JP' })] });
    const previous = checkDataset({ schemaVersion: 2, period: { year: 2022, quarter: 1 }, rankings: [ranking()] });
    const result = await draft(current, { template: 'quarterly', previous, previousFile: 'q1.json', svg: false });
    expect(readPost(result.posts[0]!.markdown).tables[0]![0]).toEqual(['Rank', 'Source region']);
    expect(result.warnings.map((w) => `${(w.file ?? '').replace(/.*\/templates\//, 'templates/')} ${w.ruleId}`)).toEqual([
      'templates/quarterly.md ranking-absent',
      'q1.json previous-unmatched',
    ]);
    expect(result.warnings[0]!.reason).toBe(
      'expected a ranking "destination-ports" in the dataset, found only "source-regions": what shows it is left out',
    );
  });

  it('names no leader of a source list known only in part', async () => {
    const { exampleWith } = await import('./helpers.js');
    const { posts } = await draft(
      await exampleWith((d) => {
        d.sourceCountryTop!.complete = false;
      }),
      { svg: false, languages: ['en'] },
    );
    expect(posts[0]!.markdown).not.toContain('came first');
    expect(posts[0]!.markdown).toContain('|    1 | GRE');
  });
});

describe('country names in running text', () => {
  it('take their article in English sentences and captions, not in table cells', async () => {
    const { exampleWith } = await import('./helpers.js');
    const { posts } = await draft(
      await exampleWith((d) => {
        d.sourceCountryTop!.country = 'US';
      }),
      { svg: false, languages: ['en'] },
    );
    expect(posts[0]!.markdown).toContain('## Packets from sources in the United States');
    expect(posts[0]!.markdown).toContain('Table 1: Top five protocols and ports of packets sent from the United States');
    const [, ja] = (
      await draft(
        await exampleWith((d) => {
          d.sourceCountryTop!.country = 'US';
        }),
        { svg: false },
      )
    ).posts;
    expect(ja!.markdown).toContain('## 米国');
  });
});

describe('a dataset and a previous dataset both broken', () => {
  it('are reported in one run, each at its own file', async () => {
    const { mkdtemp, writeFile } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { cli } = await import('./helpers.js');
    const work = await mkdtemp(`${tmpdir()}/both-broken-`);
    await writeFile(`${work}/now.json`, '{"schemaVersion":2}');
    await writeFile(`${work}/before.json`, '{"schemaVersion":2,"period":5}');
    const run = cli('draft', `${work}/now.json`, '--previous', `${work}/before.json`, '--out', `${work}/out`);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `${work}/before.json:1:29  error  period: expected an object: { "year", "quarter" } for a quarter, { "year" } for a calendar year, { "fiscalYear", "startMonth" } for a fiscal year, found the number 5  wrong-type\n` +
        `${work}/now.json:1:1  error  period: expected period (an object: { "year", "quarter" } for a quarter, { "year" } for a calendar year, { "fiscalYear", "startMonth" } for a fiscal year), found no such field  missing-field\n✖ 2 dataset problems\n`,
    );
  });
});

describe('a per-sensor list known only in part', () => {
  it('is marked beside the sensor’s name in both languages', async () => {
    const { exampleWith } = await import('./helpers.js');
    const { posts } = await draft(
      await exampleWith((d) => {
        d.sensorTop['dom-1']!.complete = false;
      }),
      { svg: false },
    );
    expect(readPost(posts[0]!.markdown).tables[1]![1]![0]).toBe('Domestic sensor 1 (list known in part)');
    expect(readPost(posts[1]!.markdown).tables[1]![1]![0]).toBe('国内センサー1（一部のみ判明）');
  });
});

describe('service names on a table of regions', () => {
  it('are said to name nothing there', async () => {
    const { mkdtemp, writeFile } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const dir = await mkdtemp(`${tmpdir()}/names-`);
    const template = (await readFile(`${root}templates/quarterly.md`, 'utf8')).replace(
      'ranking=source-regions limit=5 caption',
      'ranking=source-regions limit=5 names=service caption',
    );
    await writeFile(`${dir}/quarterly.md`, template);
    const dataset = await loadDataset(`${EXAMPLE}/dataset.json`);
    const { warnings } = await draft(dataset, { template: 'quarterly', templatesDir: dir, svg: false });
    expect(warnings.map((w) => `${w.line}:${w.column} ${w.ruleId}`)).toEqual(['33:1 names-ignored']);
  });
});
