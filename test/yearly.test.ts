/**
 * Periods of a year, end to end: the yearly review's committed example, a
 * calendar year and fiscal years (from April and from October) through
 * validate and draft, --previous for years, and the dataset's total with the
 * warning when two previous totals disagree.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { lint } from 'markdownlint/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkDataset, loadDataset } from '../src/dataset/index.js';
import { draft, type DraftResult } from '../src/draft.js';
import { cli, readPost, root } from './helpers.js';

const EXAMPLE = `${root}examples/fy2024-yearly`;
let result: DraftResult;

beforeAll(async () => {
  const [dataset, previous] = await Promise.all([loadDataset(`${EXAMPLE}/dataset.json`), loadDataset(`${EXAMPLE}/previous.json`)]);
  result = await draft(dataset, { template: 'yearly', previous });
});

describe('the yearly review example', () => {
  it('is what `npm run examples` writes today', async () => {
    const committed = (await readdir(`${EXAMPLE}/drafts`)).filter((name) => name !== '.telescope-report').sort();
    expect(committed).toEqual([...result.files.keys()].sort());
    for (const [name, content] of result.files)
      expect(await readFile(`${EXAMPLE}/drafts/${name}`, 'utf8'), `${name} is stale: run npm run examples`).toBe(content);
  });

  it('shows the ports with the previous fiscal year and the share of all packets, in both languages', () => {
    const [en, ja] = result.posts.map((post) => readPost(post.markdown));
    expect(en!.tables[0]!.slice(0, 3)).toEqual([
      ['Rank', 'Protocol/port', 'Previous fiscal year', 'Share of all packets'],
      ['1', 'Telnet (23/TCP)', '1', '18.4%'],
      ['2', 'Redis (6379/TCP)', '4', '9.4%'],
    ]);
    expect(ja!.tables[1]!.slice(0, 2)).toEqual([
      ['順位', '送信元地域', '前年度', '全パケットに占める割合'],
      ['1', '米国', '1', '22.8%'],
    ]);
    expect(en!.tables[0]).toHaveLength(11);
  });

  it('states the total, its change and the shares exactly', () => {
    const [en, ja] = result.posts.map((post) => readPost(post.markdown).paragraphs);
    expect(en).toContain('Over FY2024, the sensors received 1,018,437,552 packets in all, 7.6% more than in FY2023.');
    expect(ja).toContain('2024年度にセンサーが受信したパケットは合計1,018,437,552件で、2023年度より7.6%増えました。');
    expect(en).toContain('The top ten destination ports accounted for 62.3% of all packets; Telnet (23/TCP) alone accounted for 18.4%.');
    expect(ja).toContain('上位10件の宛先ポート番号が全パケットの62.3%を占め、Telnet（23/TCP）だけで18.4%を占めました。');
    expect(en).toContain('The top ten source regions accounted for 78.4% of all packets; the United States alone accounted for 22.8%.');
    expect(
      en!.some((p) =>
        p.startsWith('Compared with the previous fiscal year, Telnet (23/TCP) stayed first, Redis (6379/TCP) rose from fourth to second'),
      ),
    ).toBe(true);
    expect(ja!.some((p) => p.startsWith('前年度と比べると、米国が1位を維持'))).toBe(true);
  });

  it('has front matter for the fiscal year', () => {
    expect(result.posts[0]!.markdown).toMatch(
      /^---\ntitle: Network telescope annual review for FY2024 \(April 2024 to March 2025\)\ndate: 2025-05-20\nlang: en\ntranslationKey: telescope-yearly-fy2024\ndraft: true\nperiod:\n {2}fiscalYear: 2024\n {2}startMonth: 4\n---\n/,
    );
    expect(result.posts[1]!.markdown).toContain('title: 2024年度のインターネット定点観測年間レポート\n');
  });

  it('explains each fact with the numbers it rests on', () => {
    const total = result.explanations.find((e) => e.fact === 'period-total')!;
    expect(total.evidence).toContainEqual({ label: 'previous total', value: '946,120,874 (from the --previous dataset)' });
    const share = result.explanations.find((e) => e.fact === 'top-share' && e.attributes.ranking === 'destination-ports')!;
    expect(share.evidence).toContainEqual({
      label: 'top 10 together',
      value: '634,051,585 packets in 10 entries, 62.2573% (shown as 62.3%)',
    });
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
      ['node_modules/textlint/bin/textlint.js', '--config', 'test/.textlintrc.json', 'examples/fy2024-yearly/drafts/index.ja.md'],
      { cwd: root, encoding: 'utf8' },
    );
    expect(run.stdout + run.stderr).toBe('');
    expect(run.status).toBe(0);
  });
});

/** The example's dataset moved to another period, with daily averages for its months and those a year earlier. */
async function moved(period: object, months: string[], previousMonths: string[]): Promise<Record<string, unknown>> {
  const data = JSON.parse(await readFile(`${EXAMPLE}/dataset.json`, 'utf8'));
  data.period = period;
  delete data.publishedOn;
  // The example's monthly series follows its months.
  data.series = (data.series ?? []).map((series: { points: { month: string }[] }) => ({
    ...series,
    points: series.points.map((point, i) => ({ ...point, month: months[i]! })),
  }));
  data.dailyAverages = ['domestic', 'overseas'].flatMap((region, r) =>
    [...months, ...previousMonths].map((month, i) => ({ month, region, packets: 1000 + 100 * r + (i % 12) * 10 + (i >= 12 ? -5 : 0) })),
  );
  return data;
}
const monthsFrom = (year: number, start: number): string[] =>
  Array.from({ length: 12 }, (_, i) => {
    const index = year * 12 + start - 1 + i;
    return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
  });

describe('periods of a year through the command line', () => {
  let work: string;
  beforeAll(async () => {
    work = await mkdtemp(`${tmpdir()}/years-`);
    await writeFile(`${work}/2024.json`, JSON.stringify(await moved({ year: 2024 }, monthsFrom(2024, 1), monthsFrom(2023, 1))));
    await writeFile(
      `${work}/2023.json`,
      JSON.stringify({ ...(await moved({ year: 2023 }, monthsFrom(2023, 1), [])), total: { packets: 1_018_437_552 } }),
    );
    await writeFile(
      `${work}/fy2024-10.json`,
      JSON.stringify(await moved({ fiscalYear: 2024, startMonth: 10 }, monthsFrom(2024, 10), monthsFrom(2023, 10))),
    );
  });

  it('validate sums up a calendar year and a fiscal year', () => {
    expect(cli('validate', `${work}/2024.json`).stdout).toBe(
      `${work}/2024.json: valid — 2024, 4 sensors (2 domestic, 2 overseas), 0 sensor entries, no source country, 24 year-earlier averages, 2 rankings (destination-ports, source-regions), 1,018,437,552 packets in all\n`,
    );
    expect(cli('validate', `${EXAMPLE}/dataset.json`).stdout).toContain('valid — FY2024 (2024-04 to 2025-03), ');
    expect(cli('validate', `${work}/fy2024-10.json`).stdout).toContain('valid — FY2024 (2024-10 to 2025-09), ');
  });

  it('drafts a calendar year: twelve months beside the year before, words of the year', async () => {
    const run = cli('draft', `${work}/2024.json`, '--no-svg', '--out', `${work}/y`);
    expect(run.code, run.stderr).toBe(0);
    const en = await readFile(`${work}/y/index.en.md`, 'utf8');
    expect(en).toMatch(
      /^---\ntitle: Telescope Report Overflow \(2024\)\ndate: 2025-01-01\nlang: en\ntranslationKey: telescope-overflow-2024\ndraft: true\nperiod:\n {2}year: 2024\n---\n/,
    );
    expect(en).toContain('This issue looks at 2024.');
    expect(en).toContain('averaged over each month of 2024 and set beside the same month of 2023. January: 1,000 (a year earlier: 995), ');
    expect(en).toContain(
      'In each month of the year, the average overseas sensor took in more packets per day than the average domestic sensor',
    );
    const ja = await readFile(`${work}/y/index.ja.md`, 'utf8');
    expect(ja).toContain('title: テレスコープレポートOverflow（2024年）');
    const spec = JSON.parse(await readFile(`${work}/y/daily-domestic.en.vl.json`, 'utf8'));
    expect(spec.data.values).toHaveLength(24);
    expect(spec.encoding.x.sort).toBeUndefined();
  });

  it('drafts a fiscal year from October: its months in order, bars and words of fiscal years', async () => {
    const run = cli('draft', `${work}/fy2024-10.json`, '--no-svg', '--out', `${work}/fy`);
    expect(run.code, run.stderr).toBe(0);
    const en = await readFile(`${work}/fy/index.en.md`, 'utf8');
    expect(en).toContain('title: Telescope Report Overflow (FY2024 (October 2024 to September 2025))\ndate: 2025-10-01\n');
    expect(en).toContain('translationKey: telescope-overflow-fy2024-10\n');
    expect(en).toContain(
      'averaged over each month of FY2024 and set beside the same month of FY2023. October 2024: 1,000 (a year earlier: 995), ',
    );
    const ja = await readFile(`${work}/fy/index.ja.md`, 'utf8');
    expect(ja).toContain('title: テレスコープレポートOverflow（2024年度（10月始まり））');
    expect(ja).toContain('月平均を、2024年度と2023年度の同じ月で比べた棒グラフ。');
    const spec = JSON.parse(await readFile(`${work}/fy/daily-domestic.ja.vl.json`, 'utf8'));
    expect(spec.encoding.x.sort.map((m: { month: number }) => m.month)).toEqual([10, 11, 12, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(spec.encoding.color.scale.domain).toEqual(['2023年度', '2024年度']);
  });

  it('compares a year with the year before, under either label, and refuses another year', async () => {
    const args = (previous: string, ...more: string[]) => [
      'draft',
      `${work}/2024.json`,
      '--template',
      'yearly',
      '--no-svg',
      '--previous',
      previous,
      ...more,
    ];
    for (const label of ['previous-period', 'previous-quarter', 'year-earlier']) {
      const run = cli(...args(`${work}/2023.json`, '--previous-label', label, '--out', `${work}/${label}`));
      expect(run.code, run.stderr).toBe(0);
      const en = readPost(await readFile(`${work}/${label}/index.en.md`, 'utf8'));
      expect(en.tables[0]![0]).toEqual(['Rank', 'Protocol/port', 'Previous year', 'Share of all packets']);
      expect(en.paragraphs).toContain('Over 2024, the sensors received 1,018,437,552 packets in all, exactly as many as in 2023.');
      expect(en.paragraphs).toContain('The top ten is the same as in the previous year, place for place.');
    }
    const refused = cli(...args(`${work}/2024.json`, '--out', `${work}/never`));
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(
      `${work}/2024.json  error  expected the year before 2024, 2023, found 2024  previous-period\n✖ 1 options problem\n`,
    );
    const fiscal = cli(
      'draft',
      `${EXAMPLE}/dataset.json`,
      '--no-svg',
      '--template',
      'yearly',
      '--previous',
      `${work}/2023.json`,
      '--out',
      `${work}/never`,
    );
    expect(fiscal.stderr).toBe(
      `${work}/2023.json  error  expected the fiscal year before FY2024 (2024-04 to 2025-03), FY2023 (2023-04 to 2024-03), found 2023  previous-period\n✖ 1 options problem\n`,
    );
    const label = cli(...args(`${work}/2023.json`, '--previous-label', 'last-year', '--out', `${work}/never`));
    expect(label.code).toBe(2);
    expect(label.stderr).toContain(
      '--previous-label takes previous-period (or its older name previous-quarter) or year-earlier, found last-year',
    );
  });
});

describe('the total of the dataset', () => {
  const ports = [
    { protocol: 'TCP', port: 23, packets: 600 },
    { protocol: 'TCP', port: 22, packets: 300 },
  ];
  const dataset = (total: object, period: object = { year: 2024 }) =>
    checkDataset({ schemaVersion: 2, period, total, rankings: [{ id: 'destination-ports', subject: 'port', entries: ports }] });

  it('uses its own previous total when there is no previous dataset, naming the period before', async () => {
    const { posts } = await draft(dataset({ packets: 1000, previousPackets: 1000.4 }, { year: 2024, quarter: 1 }), {
      template: 'yearly',
      svg: false,
    });
    expect(readPost(posts[0]!.markdown).paragraphs).toContain(
      'Over January–March 2024, the sensors received 1,000 packets in all, about as many as in October–December 2023 (1,000.4).',
    );
    expect(readPost(posts[1]!.markdown).paragraphs).toContain(
      '2024年1～3月にセンサーが受信したパケットは合計1,000件で、2023年10～12月（1,000.4件）とほぼ同じでした。',
    );
  });

  it('prefers the previous dataset’s total and warns when the two differ', async () => {
    const result = await draft(dataset({ packets: 1000, previousPackets: 800 }), {
      template: 'yearly',
      svg: false,
      previous: dataset({ packets: 1250 }, { year: 2023 }),
      datasetFile: '2024.json',
      previousFile: '2023.json',
    });
    expect(readPost(result.posts[0]!.markdown).paragraphs).toContain(
      'Over 2024, the sensors received 1,000 packets in all, 20.0% fewer than in 2023.',
    );
    const conflict = result.warnings.filter((w) => w.ruleId === 'previous-total-conflict');
    expect(conflict.map((w) => `${w.file}: ${w.reason}`)).toEqual([
      '2024.json: expected total.previousPackets to agree with the total of 2023.json (2023), found 800 against 1,250: the post uses 1,250, from 2023.json',
    ]);
  });

  it('says the tie at the limit and leaves out a ranking known only in part', async () => {
    const tied = checkDataset({
      schemaVersion: 2,
      period: { year: 2024 },
      total: { packets: 2000 },
      rankings: [
        {
          id: 'destination-ports',
          subject: 'port',
          entries: Array.from({ length: 12 }, (_, i) => ({ protocol: 'TCP', port: 100 + i, packets: i < 9 ? 200 - i : 50 })),
        },
      ],
    });
    const { posts } = await draft(tied, { template: 'yearly', svg: false, languages: ['en'] });
    expect(readPost(posts[0]!.markdown).paragraphs).toContain(
      'The top ten places, held by 12 destination ports because of a tie, accounted for 95.7% of all packets; 100/TCP alone accounted for 10.0%.',
    );
    const partial = checkDataset({
      schemaVersion: 2,
      period: { year: 2024 },
      total: { packets: 2000 },
      rankings: [{ id: 'destination-ports', subject: 'port', complete: false, entries: ports }],
    });
    const left = await draft(partial, { template: 'yearly', svg: false, languages: ['en'] });
    expect(left.posts[0]!.markdown).not.toContain('accounted for');
    expect(left.explanations.find((e) => e.fact === 'top-share')!.evidence.at(-1)).toEqual({
      label: 'no sentence',
      value: 'the ranking is known only in part',
    });
  });

  it('draws a table without its share column, and warns, for a ranking without a total, of ranks only, or with a scope', async () => {
    const regions = {
      id: 'source-regions',
      subject: 'region',
      entries: [
        { region: 'US', rank: 1 },
        { region: 'CN', rank: 2 },
      ],
    };
    const noTotal = checkDataset({
      schemaVersion: 2,
      period: { year: 2024 },
      rankings: [{ id: 'destination-ports', subject: 'port', entries: ports }, regions],
    });
    const scoped = checkDataset({
      schemaVersion: 2,
      period: { year: 2024 },
      sensors: [{ id: 'd1', region: 'domestic' }],
      total: { packets: 100 },
      rankings: [{ id: 'destination-ports', subject: 'port', scope: { region: 'domestic' }, entries: ports }],
    });
    for (const [data, why] of [
      [noTotal, 'a dataset without a total'],
      [scoped, 'a ranking with a scope, whose packets are not a part of the total of all sensors'],
    ] as const) {
      const result = await draft(data, { template: 'yearly', svg: false });
      const [en, ja] = result.posts.map((post) => readPost(post.markdown));
      expect(en!.tables[0]).toEqual([
        ['Rank', 'Protocol/port'],
        ['1', 'Telnet (23/TCP)'],
        ['2', 'SSH (22/TCP)'],
      ]);
      expect(en!.paragraphs).toContain('Table 1 ranks the destination ports that received the most packets in 2024.');
      expect(ja!.paragraphs).toContain('表1は、2024年に受信パケット数の多かった宛先ポート番号の順位です。');
      expect(result.posts[0]!.markdown).not.toContain('%');
      expect(result.warnings.filter((w) => w.ruleId === 'share-ignored').map((w) => `${w.line}:${w.column} ${w.reason}`)).toEqual([
        `45:1 expected share=total on a table of a ranking of all sensors that counts packets, in a dataset with a total, found "destination-ports", ${why}: the table has no share column`,
        ...(data === noTotal
          ? [
              '62:1 expected share=total on a table of a ranking of all sensors that counts packets, in a dataset with a total, found "source-regions", a ranking of ranks only, with no packets to take a share of: the table has no share column',
            ]
          : []),
      ]);
    }
  });
});

describe('the last periods a date can be written for', () => {
  const front = async (period: object, publishedOn?: string): Promise<string> => {
    const result = await draft(checkDataset({ schemaVersion: 2, period, ...(publishedOn ? { publishedOn } : {}) }), {
      template: 'yearly',
      languages: ['en'],
    });
    return result.posts[0]!.markdown.split('\n').slice(1, 3).join('\n');
  };

  it('drafts a fiscal year that ends in March 9999 with the day after it as its date', async () => {
    expect(await front({ fiscalYear: 9998, startMonth: 4 })).toBe(
      'title: Network telescope annual review for FY9998 (April 9998 to March 9999)\ndate: 9999-04-01',
    );
  });

  it('drafts a period that ends in December 9999 when publishedOn dates it', async () => {
    expect(await front({ year: 9999 }, '9999-12-31')).toBe('title: Network telescope annual review for 9999\ndate: 9999-12-31');
    expect(await front({ fiscalYear: 9999, startMonth: 1 }, '9999-12-31')).toBe(
      'title: Network telescope annual review for FY9999 (January 9999 to December 9999)\ndate: 9999-12-31',
    );
  });

  it('refuses a fiscal year that runs into year 10000, and a period ending in December 9999 without publishedOn', () => {
    const reasons = (value: unknown): string[] => {
      try {
        checkDataset(value);
        return [];
      } catch (error) {
        return (error as { problems: { reason: string; ruleId: string }[] }).problems.map((p) => `${p.ruleId}: ${p.reason}`);
      }
    };
    expect(reasons({ schemaVersion: 2, period: { fiscalYear: 9999, startMonth: 4 } })).toEqual([
      'out-of-range: period.fiscalYear: expected a fiscal year that ends by December 9999 (from April, FY9998 at the latest; only a fiscal year from January may be FY9999), found 9999: FY9999 from April would end in March 10000',
    ]);
    for (const period of [{ year: 9999 }, { year: 9999, quarter: 4 }, { fiscalYear: 9999, startMonth: 1 }]) {
      expect(reasons({ schemaVersion: 2, period })).toEqual([
        'missing-field: publishedOn: expected publishedOn (a date written YYYY-MM-DD): the period ends in December 9999, and the default date, the day after it, would fall in year 10000, found no such field',
      ]);
    }
    expect(
      reasons({
        schemaVersion: 1,
        period: { year: 9999, quarter: 4 },
        sensors: [{ id: 'a', region: 'domestic' }],
        sensorTop: { a: [] },
        dailyAverages: ['9999-10', '9999-11', '9999-12'].map((month) => ({ month, region: 'domestic', packets: 1 })),
      }),
    ).toHaveLength(1);
  });
});

describe('a period of no kind', () => {
  const reasons = (period: unknown): string[] => {
    try {
      checkDataset({ schemaVersion: 2, period });
      return [];
    } catch (error) {
      return (error as { problems: { reason: string; ruleId: string }[] }).problems.map((p) => `${p.ruleId}: ${p.reason}`);
    }
  };
  const KINDS =
    'one of { "year", "quarter" } for a quarter, { "year" } for a calendar year, { "fiscalYear", "startMonth" } for a fiscal year';

  it('names the three kinds when keys of two kinds stand together', () => {
    expect(reasons({ year: 2024, quarter: 1, fiscalYear: 2024, startMonth: 4 })).toEqual([
      `invalid-value: period: expected the fields of one kind of period, ${KINDS}, found "year", "quarter" of a quarter and "fiscalYear", "startMonth" of a fiscal year together`,
    ]);
    expect(reasons({ year: 2024, fiscalYear: 2024 })).toEqual([
      `invalid-value: period: expected the fields of one kind of period, ${KINDS}, found "year" of a calendar year and "fiscalYear" of a fiscal year together`,
    ]);
    expect(reasons({ year: 2024, startMonth: 4, month: 4 })).toEqual([
      `invalid-value: period: expected the fields of one kind of period, ${KINDS}, found "year" of a calendar year and "startMonth" of a fiscal year together`,
      `unknown-field: period.month: expected only the fields of a period, ${KINDS}, found "month"`,
    ]);
  });

  it('names the three kinds for a fiscal year without its start month, and for a field of no kind', () => {
    expect(reasons({ fiscalYear: 2024 })).toEqual([
      `missing-field: period.startMonth: expected startMonth (a number) beside "fiscalYear": a period is ${KINDS}, found no such field`,
    ]);
    expect(reasons({})).toEqual([`missing-field: period.year: expected year (a number): a period is ${KINDS}, found no such field`]);
    expect(reasons({ year: 2024, quater: 4 })).toEqual([
      `unknown-field: period.quater: expected only the fields of a period, ${KINDS} (did you mean quarter?), found "quater"`,
    ]);
  });
});
