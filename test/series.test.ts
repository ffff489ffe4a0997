/**
 * Time series end to end: the analysis of a small series (ties, gaps, starts
 * and stops), the exact sentences of a daily series with a gap and two
 * groups in both languages, and its chart, whose line breaks at the gap and
 * whose peak carries its value.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { analyseSeries } from '../src/analysis/index.js';
import { checkDataset } from '../src/dataset/index.js';
import { draft } from '../src/draft.js';
import { ProblemsError } from '../src/messages.js';

const fixture = (name: string) => new URL(`./fixtures/series/${name}`, import.meta.url).pathname;
const TEMPLATES = fixture('templates');
const QUARTER = { year: 2022, quarter: 2 };
const point = (date: string, value: number, group?: string) => ({ date, value, ...(group ? { group } : {}) });
const analysed = (points: ReturnType<typeof point>[]) => analyseSeries(QUARTER, { id: 's', unit: 'packets', points });

describe('the analysis of a series', () => {
  it('finds the peak with every tied day, in time order', () => {
    const [group] = analysed([point('2022-05-02', 7), point('2022-04-03', 7), point('2022-04-01', 1)]).groups;
    expect(group!.peak).toEqual({ value: 7, times: ['2022-04-03', '2022-05-02'] });
    expect(group!.points.map((p) => p.time)).toEqual(['2022-04-01', '2022-04-03', '2022-05-02']);
  });

  it('compares the mean per observed day of the first and last month, and nothing when one has none', () => {
    const facts = analysed([point('2022-04-01', 10), point('2022-04-02', 20), point('2022-06-30', 30)]);
    expect(facts.groups[0]!.change).toEqual({
      firstMonth: '2022-04',
      lastMonth: '2022-06',
      first: 15,
      last: 30,
      firstObserved: 2,
      lastObserved: 1,
    });
    expect(analysed([point('2022-04-01', 10), point('2022-05-02', 20)]).groups[0]!.change).toBeUndefined();
  });

  it('sees a start only after observed zeros from the first day, and a stop only before observed zeros to the last', () => {
    const days = (from: string, count: number, value: (i: number) => number) =>
      Array.from({ length: count }, (_, i) =>
        point(new Date(Date.parse(`${from}T00:00:00Z`) + i * 86_400_000).toISOString().slice(0, 10), value(i)),
      );
    const whole = days('2022-04-01', 91, (i) => (i >= 5 && i <= 80 ? 3 : 0));
    expect(analysed(whole).groups[0]).toMatchObject({ start: '2022-04-06', stop: '2022-06-20' });
    // A gap before the first non-zero value: it may have begun unseen.
    const gap = whole.filter((p) => p.date !== '2022-04-02');
    expect(analysed(gap).groups[0]!.start).toBeUndefined();
    // Non-zero on the first day: nothing shows a beginning.
    expect(analysed(days('2022-04-01', 91, () => 1)).groups[0]).not.toHaveProperty('start');
  });

  it('keeps groups apart, in the order of their first point', () => {
    const facts = analysed([point('2022-04-01', 1, 'b'), point('2022-04-01', 2, 'a'), point('2022-04-02', 3, 'b')]);
    expect(facts.groups.map((g) => [g.name, g.points.length])).toEqual([
      ['b', 2],
      ['a', 1],
    ]);
  });
});

describe('a daily series with a gap and two groups', async () => {
  const dataset = checkDataset(JSON.parse(await readFile(fixture('two-groups.json'), 'utf8')));
  const result = await draft(dataset);
  const sentences = (fact: string, lang: string) => result.explanations.find((e) => e.fact === fact)!.sentences[lang];

  it('says the peak and the change exactly, in English and Japanese', () => {
    // Both groups have unobserved days, which could have been higher: the peak is of the days observed.
    expect(sentences('series-peak', 'en')).toBe(
      '\u2068Packets to selected ports\u2069: Over the 88 days observed, \u206823/TCP\u2069 peaked at 550 packets on April 20 (three days of the quarter were not observed). Over the 78 days observed, \u2068445/TCP\u2069 peaked at 300 packets on May 2 and June 7 (13 days of the quarter were not observed).',
    );
    expect(sentences('series-peak', 'ja')).toBe(
      '\u2068選択したポートへのパケット\u2069：観測した88日のうち、\u206823/TCP\u2069の最大値は550パケット（4月20日）でした（四半期のうち3日は観測なし）。観測した78日のうち、\u2068445/TCP\u2069の最大値は300パケット（5月2日、6月7日）でした（四半期のうち13日は観測なし）。',
    );
    expect(sentences('series-change', 'en')).toBe(
      '\u2068Packets to selected ports\u2069: Averaged over the days observed, \u206823/TCP\u2069 rose by about 22% from April to June. Averaged over the days observed, \u2068445/TCP\u2069 rose by about 40% from April to June.',
    );
    expect(sentences('series-change', 'ja')).toBe(
      '\u2068選択したポートへのパケット\u2069：\u206823/TCP\u2069の観測日1日あたりの平均は、4月から6月にかけて約22%増加しました。\u2068445/TCP\u2069の観測日1日あたりの平均は、4月から6月にかけて約40%増加しました。',
    );
  });

  it('draws each line broken at the unobserved days, never through zero, and labels the peaks', () => {
    const chart = result.posts.find((p) => p.lang === 'en')!.charts[0]!;
    expect(chart.fileBase).toBe('series-ports-daily.en');
    const gapPoint = (
      (chart.spec as { layer: unknown }).layer as { data: { values: { time: string; group: string; value: number | null }[] } }[]
    )[0]!.data.values.find((p) => p.time === '2022-05-11' && p.group === '23/TCP');
    expect(gapPoint!.value).toBeNull();
    const paths = [...chart.svg!.matchAll(/aria-roledescription="line mark" d="([^"]*)"/g)].map((m) => m[1]!);
    expect(paths).toHaveLength(2);
    // One move to start, one more after the gap of May 10-12 (445/TCP's line also starts late, after its own gap).
    for (const path of paths) expect(path.match(/M/g)).toHaveLength(2);
    const labels = [...chart.svg!.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
    expect(labels).toContain('550');
    // Ticks every two weeks, in Japanese dates.
    expect(result.posts.find((p) => p.lang === 'ja')!.charts[0]!.svg).toMatch(/>4月10日<[^]*>4月24日</);
  });

  it("states every group's peak and change in the alt text", () => {
    const markdown = result.posts.find((p) => p.lang === 'en')!.markdown;
    expect(markdown).toContain(
      '![Line chart of \u2068Packets to selected ports\u2069 by day; a break in a line is a day without observations. Over the 88 days observed, \u206823/TCP\u2069 peaked at 550 packets on April 20 (three days of the quarter were not observed). Averaged over the days observed, \u206823/TCP\u2069 rose by about 22% from April to June. Over the 78 days observed, \u2068445/TCP\u2069 peaked',
    );
  });
});

describe('the spellings of a group', () => {
  const series = (points: ReturnType<typeof point>[]) => ({
    schemaVersion: 2,
    period: QUARTER,
    series: [{ id: 's', unit: 'packets', points }],
  });
  const problems = (value: unknown): string[] => {
    try {
      checkDataset(value);
      return [];
    } catch (error) {
      return (error as { problems: { ruleId: string; reason: string }[] }).problems.map((p) => `${p.ruleId}: ${p.reason}`);
    }
  };

  it('refuses white space at either end of a group', () => {
    expect(problems(series([point('2022-04-01', 1, 'a'), point('2022-04-01', 2, ' a '), point('2022-04-02', 2, 'a ')]))).toEqual([
      'invalid-text: series[0].points[1].group: expected a group without white space at either end, found " a "',
      'invalid-text: series[0].points[2].group: expected a group without white space at either end, found "a "',
    ]);
  });

  it('reads canonically equivalent spellings as one group, so a second point of the day is a duplicate', async () => {
    expect(problems(series([point('2022-04-01', 1, '\u00e9'), point('2022-04-01', 2, 'e\u0301')]))).toEqual([
      'duplicate-point: series[0].points[1]: expected one point per day (month) and group, found 2022-04-01 "e\u0301" again (the same group as "\u00e9", U+00E9, written U+0065 U+0301), first at [0]',
    ]);
    const result = await draft(checkDataset(series([point('2022-04-02', 1, '\u00e9'), point('2022-04-03', 2, 'e\u0301')])), { svg: false });
    const peak = result.explanations.find((e) => e.fact === 'series-peak')!.sentences;
    expect(peak.en).toBe(
      '\u2068s\u2069: Over the two days observed, \u2068\u00e9\u2069 peaked at 2 packets on April 3 (89 days of the quarter were not observed).',
    );
  });
});

describe('a group with a direction override', () => {
  it('is isolated in the sentences and the alt text of both languages, so the override ends with it', async () => {
    const dataset = checkDataset({
      schemaVersion: 2,
      period: QUARTER,
      series: [{ id: 's', unit: 'packets', points: [point('2022-04-02', 1, 'evil\u202e'), point('2022-04-03', 2, 'ok')] }],
    });
    const result = await draft(dataset, { svg: false });
    const peak = result.explanations.find((e) => e.fact === 'series-peak')!.sentences;
    expect(peak.en).toBe(
      '\u2068s\u2069: \u2068evil\u202e\u2069 was observed on one day alone, at 1 packet on April 2 (90 days of the quarter were not observed). \u2068ok\u2069 was observed on one day alone, at 2 packets on April 3 (90 days of the quarter were not observed).',
    );
    expect(peak.ja).toBe(
      '\u2068s\u2069：観測した1日のうち、\u2068evil\u202e\u2069の最大値は1パケット（4月2日）でした（四半期のうち90日は観測なし）。観測した1日のうち、\u2068ok\u2069の最大値は2パケット（4月3日）でした（四半期のうち90日は観測なし）。',
    );
    for (const post of result.posts) {
      // Every U+202E of the post stands right before the PDI that closes its isolate.
      expect(post.markdown.split('\u202e').length - 1, post.lang).toBe(3);
      expect(post.markdown.split('\u202e\u2069').length - 1, post.lang).toBe(3);
    }
    expect(result.posts[0]!.markdown).toContain(
      'a break in a line is a day without observations. \u2068evil\u202e\u2069 was observed on one day alone, at 1 packet on April 2 (90 days of the quarter were not observed). How \u2068evil\u202e\u2069 changed',
    );
  });
});

describe('a chart of every series', () => {
  it('numbers one figure per series in dataset order, and a reference to the chart names them all', async () => {
    const series = (id: string, value: number) => ({
      id,
      unit: 'hosts',
      points: [
        { month: '2022-04', value },
        { month: '2022-06', value: value * 2 },
      ],
    });
    const dataset = checkDataset({
      schemaVersion: 2,
      period: QUARTER,
      series: [series('b-first', 3), { id: 'empty', unit: 'packets', points: [] }, series('a-second', 1)],
    });
    const result = await draft(dataset, { template: 'series-all', templatesDir: TEMPLATES, svg: false });
    const en = result.posts.find((p) => p.lang === 'en')!;
    expect(en.charts.map((c) => c.id)).toEqual(['series-b-first', 'series-a-second']);
    expect(en.markdown).toContain('Figures 1 and 2');
    expect(en.markdown).toContain('Figure 1: \u2068b-first\u2069 over the quarter');
    expect(en.markdown).toContain('Figure 2: \u2068a-second\u2069 over the quarter');
    expect(result.posts.find((p) => p.lang === 'ja')!.markdown).toContain('図1、2');
  });

  it('refuses a figure id of a series that another element or another expansion has, naming both', async () => {
    const series = (id: string) => ({ id, unit: 'hosts', points: [{ month: '2022-04', value: 1 }] });
    const dataset = checkDataset({ schemaVersion: 2, period: QUARTER, series: [series('a'), series('b'), series('a-b')] });
    const error = await draft(dataset, { template: 'series-collide', templatesDir: TEMPLATES, svg: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProblemsError);
    expect((error as ProblemsError).problems.map((p) => `${p.line}:${p.column} ${p.ruleId}: ${p.reason}`)).toEqual([
      '6:1 duplicate-id: expected each id once in the post, found "series-b" twice: the figure `::chart{#series}` at 6:1 (data=series, series "b") and `::chart{#series-b}` at 8:1',
      '10:1 duplicate-id: expected each id once in the post, found "twice-a" twice: the figure `::chart{#twice}` at 10:1 (data=series, series "a") and `::chart{#twice-a}` at 12:1',
      '12:1 duplicate-id: expected each id once in the post, found "twice-a-b" twice: the figure `::chart{#twice-a}` at 12:1 (data=series, series "b") and `::chart{#twice}` at 10:1 (data=series, series "a-b")',
    ]);
  });

  it('warns series-absent, once per id, for a series the dataset lacks or has without points', async () => {
    const dataset = checkDataset({
      schemaVersion: 2,
      period: QUARTER,
      series: [
        { id: 'a', unit: 'hosts', points: [{ month: '2022-04', value: 1 }] },
        { id: 'empty', unit: 'packets', points: [] },
      ],
    });
    const result = await draft(dataset, { template: 'series-absent', templatesDir: TEMPLATES, svg: false });
    expect(result.posts[0]!.charts).toEqual([]);
    expect(result.warnings.filter((w) => w.ruleId === 'series-absent').map((w) => `${w.line}:${w.column} ${w.reason}`)).toEqual([
      '6:1 expected a series "nonexistent" with points in the dataset, found only "a", "empty": what shows it is left out',
      '10:1 expected a series "empty" with points in the dataset, found "empty" without points: what shows it is left out',
    ]);
  });

  it('is left out, with its section, when no series has points', async () => {
    const dataset = checkDataset({ schemaVersion: 2, period: QUARTER, series: [{ id: 'empty', unit: 'packets', points: [] }] });
    const result = await draft(dataset, { template: 'series-all', templatesDir: TEMPLATES, svg: false });
    expect(result.posts[0]!.charts).toEqual([]);
    // --explain still lists every fact, with the data its section lacked.
    expect(result.explanations.map((e) => [e.fact, e.sentences, e.evidence])).toEqual(
      ['series-peak', 'series-change', 'series-threshold', 'series-span'].map((fact) => [
        fact,
        {},
        [{ label: 'needs', value: 'series (absent), from the section at 6:1' }],
      ]),
    );
  });
});
