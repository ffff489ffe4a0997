/**
 * Numbers near the ends of what a double holds (1e308, 1e-300): no sentence
 * says ∞, and none is false because a sum or a product overflowed. Where a
 * ratio or a percent cannot be written as a number, nothing is said and the
 * evidence says why.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { difference, meetsShare, totalChange } from '../src/analysis/index.js';
import { checkDataset } from '../src/dataset/index.js';
import { draft } from '../src/draft.js';

const templates = mkdtempSync(join(tmpdir(), 'extreme-'));
writeFileSync(
  join(templates, 'extreme.md'),
  '---\ntitle: title\nseries: extreme\n---\n\n::::section{needs=series}\n\n::chart{#series data=series caption=series:section.caption}\n\n::fact{name=series-change}\n\n::::\n\n::fact{name=largest-difference between=sensors}\n',
);

const days = (month: string, count: number) => Array.from({ length: count }, (_, d) => `2022-${month}-${String(d + 1).padStart(2, '0')}`);
function seriesDataset(january: number, march: number, sensors: number[] = []) {
  return checkDataset({
    schemaVersion: 2,
    period: { year: 2022, quarter: 1 },
    ...(sensors.length === 0
      ? {}
      : {
          sensors: sensors.map((packets, i) => ({ id: `s${i}`, region: 'domestic', packets })),
          sensorTop: Object.fromEntries(sensors.map((_, i) => [`s${i}`, []])),
        }),
    series: [
      {
        id: 's',
        unit: 'packets',
        points: [...days('01', 31).map((date) => ({ date, value: january })), ...days('03', 31).map((date) => ({ date, value: march }))],
      },
    ],
  });
}
/** Without the direction isolates around labels. */
const bare = (text: string | undefined) => text?.replace(/[\u2068\u2069]/g, '');
async function facts(data: ReturnType<typeof checkDataset>) {
  const result = await draft(data, { svg: false, template: 'extreme', templatesDir: templates });
  return {
    result,
    said: (fact: string) => result.explanations.filter((x) => x.fact === fact).map((x) => [bare(x.sentences.en), bare(x.sentences.ja)]),
  };
}

describe('values near 1e308', () => {
  it('compares the means of months whose sums overflow', async () => {
    const { said } = await facts(seriesDataset(1e300, 1e308));
    expect(said('series-change')).toEqual([
      [
        'Averaged over the days observed, s rose by about 9,999,999,900% from January to March.',
        'sの観測日1日あたりの平均は、1月から3月にかけて約9,999,999,900%増加しました。',
      ],
    ]);
    const fell = await facts(seriesDataset(1e308, 5e307));
    expect(fell.said('series-change')).toEqual([
      [
        'Averaged over the days observed, s fell by about 50% from January to March.',
        'sの観測日1日あたりの平均は、1月から3月にかけて約50%減少しました。',
      ],
    ]);
  });
  it('says nothing of a change whose percent is past the largest number, and says why', async () => {
    const { result, said } = await facts(seriesDataset(1e-300, 1e308));
    expect(said('series-change')).toEqual([[undefined, undefined]]);
    const evidence = result.explanations.find((x) => x.fact === 'series-change')!.evidence;
    expect(evidence.at(-1)).toEqual({ label: 's change', value: 'not said: the percent is too large to be written as a number' });
    const post = result.posts.find((p) => p.lang === 'en')!.markdown;
    expect(post).not.toMatch(/∞|Infinity/);
  });
  it('gives no ratio of sensors it cannot write, and compares huge totals close to each other', async () => {
    const { result, said } = await facts(seriesDataset(1, 1, [1e308, 1e-300]));
    expect(said('largest-difference')).toEqual([[undefined, undefined]]);
    expect(result.explanations.find((x) => x.fact === 'largest-difference')!.evidence.at(-1)!.value).toMatch(
      /too many times as many packets/,
    );
    expect(difference(1.7e308, 1.6e308)).toEqual({ kind: 'close', percent: 7 });
    expect(difference(1e308, 1e-300)).toEqual({ kind: 'unrepresentable' });
  });
  it('decides share thresholds and total changes without overflow', () => {
    const entry = { key: '23/TCP', rank: 1, packets: 1e308, categories: { mirai: 9e307 } } as never;
    expect(meetsShare(entry, 'mirai', { kind: 'over', percent: 80 })).toBe(true);
    expect(meetsShare(entry, 'mirai', { kind: 'under', percent: 95 })).toBe(true);
    expect(totalChange(1e308, 1)).toEqual({ kind: 'unrepresentable' });
  });
});

describe('the peak of a series with gaps', () => {
  it('is said of the days observed, with the days not observed counted', async () => {
    const one = checkDataset({
      schemaVersion: 2,
      period: { year: 2022, quarter: 1 },
      series: [{ id: 's', unit: 'packets', points: [{ date: '2022-01-05', value: 500 }] }],
    });
    const result = await draft(one, {
      svg: false,
      template: 'series-all',
      templatesDir: new URL('./fixtures/series/templates', import.meta.url).pathname,
    });
    const peak = result.explanations.find((x) => x.fact === 'series-peak')!;
    expect([bare(peak.sentences.en), bare(peak.sentences.ja)]).toEqual([
      's was observed on one day alone, at 500 packets on January 5 (89 days of the quarter were not observed).',
      '観測した1日のうち、sの最大値は500パケット（1月5日）でした（四半期のうち89日は観測なし）。',
    ]);
    const two = checkDataset({
      schemaVersion: 2,
      period: { year: 2022, quarter: 1 },
      series: [
        {
          id: 's',
          unit: 'packets',
          points: [
            { date: '2022-01-05', value: 500 },
            { date: '2022-02-05', value: 400 },
          ],
        },
      ],
    });
    const again = await draft(two, {
      svg: false,
      template: 'series-all',
      templatesDir: new URL('./fixtures/series/templates', import.meta.url).pathname,
    });
    expect(bare(again.explanations.find((x) => x.fact === 'series-peak')!.sentences.en)).toBe(
      'Over the two days observed, s peaked at 500 packets on January 5 (88 days of the quarter were not observed).',
    );
  });
});

describe('amounts of a series are never rounded into a contradiction', () => {
  writeFileSync(
    join(templates, 'peak.md'),
    '---\ntitle: title\nseries: peak\n---\n\n::fact{name=series-peak}\n\n::fact{name=series-threshold above=0}\n\n::fact{name=series-threshold above=100}\n',
  );
  const run = async (points: { date: string; value: number }[]) => {
    const data = checkDataset({ schemaVersion: 2, period: { year: 2022, quarter: 1 }, series: [{ id: 's', unit: 'packets', points }] });
    const result = await draft(data, { svg: false, template: 'peak', templatesDir: templates });
    return result.explanations.map((x) => bare(x.sentences.en));
  };
  const all = (value: (day: string) => number) =>
    [...days('01', 31), ...days('02', 28), ...days('03', 31)].map((date) => ({ date, value: value(date) }));
  it('shows a tiny peak as it is, beside the threshold it passes', async () => {
    expect(await run(all((d) => (d === '2022-02-03' ? 0.0004 : 0)))).toEqual([
      's peaked at 0.0004 packets on February 3.',
      's was above 0 packets on one of the 90 days.',
      's was above 100 packets on no day of the quarter.',
    ]);
  });
  it('shows a peak just above the threshold with the digits that make it so', async () => {
    expect((await run(all((d) => (d === '2022-02-03' ? 100.00000000000001 : 100))))[0]).toBe(
      's peaked at 100.00000000000001 packets on February 3.',
    );
    expect((await run(all((d) => (d === '2022-02-03' ? 100.00000000000001 : 100))))[2]).toBe(
      's was above 100 packets on one of the 90 days.',
    );
  });
});

describe('shares', () => {
  writeFileSync(
    join(templates, 'shares.md'),
    '---\ntitle: title\nseries: shares\n---\n\n::table{#t data=rankings ranking=destination-ports limit=10 share=total breakdown=all caption=yearly:ports.caption}\n\n::fact{name=top-share ranking=destination-ports}\n',
  );
  const run = async (total: number, entries: { port: number; packets: number; categories?: Record<string, number> }[]) => {
    const data = checkDataset({
      schemaVersion: 2,
      period: { year: 2024 },
      total: { packets: total },
      categories: { mirai: { label: { en: 'Mirai-type', ja: 'Mirai型' } } },
      rankings: [{ id: 'destination-ports', subject: 'port', entries: entries.map((e) => ({ protocol: 'TCP', ...e })) }],
    });
    const result = await draft(data, { svg: false, template: 'shares', templatesDir: templates });
    const post = result.posts.find((p) => p.lang === 'en')!.markdown;
    return {
      result,
      rows: post.split('\n').filter((line) => line.startsWith('|')),
      topShare: result.explanations.find((x) => x.fact === 'top-share')!,
    };
  };
  it('gives a breakdown share below 0.1% as "less than 0.1%", as the share of all packets', async () => {
    const { rows } = await run(2_000_000, [{ port: 23, packets: 1_000_000, categories: { mirai: 1 } }]);
    expect(rows.at(-1)).toMatch(/\| +50\.0% \| 1,000,000 \| +1 \| less than 0\.1% \|$/);
  });
  it('gives no share of a total of 0, and says why', async () => {
    const { rows, topShare } = await run(0, [
      { port: 23, packets: 0 },
      { port: 22, packets: 0 },
    ]);
    expect(rows.join('\n')).not.toMatch(/0\.0%/);
    expect(topShare.sentences.en).toBeUndefined();
    expect(topShare.evidence.at(-1)).toEqual({ label: 'no sentence', value: 'the total is 0 packets: no share of it exists' });
  });
});

describe('a fractional total', () => {
  it('is written with every digit, so "about as many" never sits beside two totals that look alike but differ', async () => {
    writeFileSync(join(templates, 'total.md'), '---\ntitle: title\nseries: total\n---\n\n::fact{name=period-total}\n');
    const data = checkDataset({ schemaVersion: 2, period: { year: 2024 }, total: { packets: 1000.05, previousPackets: 1000 } });
    const result = await draft(data, { svg: false, template: 'total', templatesDir: templates });
    expect(bare(result.explanations[0]!.sentences.en)).toBe(
      'Over 2024, the sensors received 1,000.05 packets in all, about as many as in 2023 (1,000).',
    );
  });
});

describe('English of two', () => {
  it('says "both" and "neither", never "all two" or "none of the two"', async () => {
    writeFileSync(join(templates, 'two.md'), '---\ntitle: title\nseries: two\n---\n\n::fact{name=series-threshold above=100}\n');
    const run = async (values: number[]) => {
      const data = checkDataset({
        schemaVersion: 2,
        period: { year: 2022, quarter: 1 },
        series: [{ id: 's', unit: 'packets', points: values.map((value, i) => ({ month: `2022-0${i + 1}`, value })) }],
      });
      const result = await draft(data, { svg: false, template: 'two', templatesDir: templates });
      return [bare(result.explanations[0]!.sentences.en), bare(result.explanations[0]!.sentences.ja)];
    };
    expect(await run([150, 200])).toEqual([
      's was above 100 packets in both months observed (one month of the quarter was not observed).',
      'sは、観測した2か月とも100パケットを上回りました（四半期のうち1か月は観測なし）。',
    ]);
    expect(await run([50, 20])).toEqual([
      's was above 100 packets in neither of the two months observed (one month of the quarter was not observed).',
      'sは、観測した2か月のいずれも100パケットを上回りませんでした（四半期のうち1か月は観測なし）。',
    ]);
  });
});
