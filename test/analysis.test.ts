import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import {
  analyse,
  commonToRegion,
  compareRegions,
  entrySpread,
  onlyInRegion,
  quantify,
  rankEntries,
  rankSensors,
  sensorsWithEntry,
  topByRank,
  yearOverYear,
} from '../src/analysis/index.js';
import { loadDataset, type DailyAverage, type Dataset } from '../src/dataset/index.js';

const reference = JSON.parse(await readFile(new URL('./fixtures/reference/2021-q4.json', import.meta.url), 'utf8'));
const example = await loadDataset(new URL('../examples/2021-q4/dataset.json', import.meta.url).pathname);

describe('the 2021 Q4 example reproduces the published facts', () => {
  const facts = analyse(example);

  it('ranks the source-country top 5 as published, GRE first', () => {
    expect(facts.sourceCountry?.top.map((e) => e.key)).toEqual(reference.sourceCountryTop.ranks);
    expect(facts.sourceCountry?.leaders.map((e) => e.key)).toEqual(['GRE']);
  });

  it('ranks every sensor’s top 10 as published', () => {
    const published = reference.sensorTop.sensors.map((s: { region: string; n: number; ranks: string[] }) => [s.region, s.n, s.ranks]);
    expect(facts.sensors.map((s) => [s.sensor.region, s.sensor.number, s.top.map((e) => e.key)])).toEqual(published);
  });

  it('finds exactly 6379/TCP, 23/TCP and 22/TCP in every sensor’s top 10', () => {
    expect(facts.commonToAll.map((e) => e.key)).toEqual(['6379/TCP', '23/TCP', '22/TCP']);
  });

  it('has overseas sensors above domestic ones in all three months', () => {
    expect(facts.regionComparison?.summary).toBe('overseas');
    expect(facts.regionComparison?.months.map((m) => m.higher)).toEqual(['overseas', 'overseas', 'overseas']);
  });

  it('has a year-over-year increase in all three months for both regions', () => {
    for (const region of ['domestic', 'overseas'] as const) {
      expect(facts.yearOverYear[region]).toMatchObject({ compared: 3, increased: 3, quantifier: 'all' });
    }
  });
});

const e = (protocol: string, packets: number, port?: number) => ({ protocol, packets, ...(port === undefined ? {} : { port }) });

describe('ranking', () => {
  it('gives tied entries one rank (1, 2, 2, 4) and orders them by protocol, then port', () => {
    const ranked = rankEntries([e('TCP', 5, 445), e('UDP', 9, 53), e('GRE', 9), e('TCP', 5, 23), e('ICMP', 1)]);
    expect(ranked.map((r) => [r.key, r.rank])).toEqual([
      ['GRE', 1],
      ['53/UDP', 1],
      ['23/TCP', 3],
      ['445/TCP', 3],
      ['ICMP', 5],
    ]);
  });

  it('keeps a tie across the limit whole', () => {
    const ranked = rankEntries([e('GRE', 9), e('TCP', 5, 23), e('TCP', 5, 22), e('ICMP', 1)]);
    expect(topByRank(ranked, 2).map((r) => r.key)).toEqual(['GRE', '22/TCP', '23/TCP']);
    expect(topByRank(ranked, 1).map((r) => r.key)).toEqual(['GRE']);
  });

  it('does not depend on input order', () => {
    const entries = [e('TCP', 3, 80), e('TCP', 3, 8080), e('UDP', 3, 80), e('ESP', 3)];
    expect(rankEntries(entries)).toEqual(rankEntries([...entries].reverse()));
  });
});

const twoRegions: Pick<Dataset, 'sensors' | 'sensorTop'> = {
  sensors: [
    { id: 'd1', region: 'domestic' },
    { id: 'd2', region: 'domestic' },
    { id: 'o1', region: 'overseas' },
  ],
  sensorTop: {
    d1: { entries: [e('TCP', 9, 23), e('TCP', 8, 22), e('UDP', 7, 123)], complete: true },
    d2: { entries: [e('TCP', 9, 22), e('TCP', 8, 23), e('UDP', 1, 123)], complete: true },
    o1: { entries: [e('TCP', 9, 23), e('GRE', 8), e('TCP', 1, 22)], complete: true },
  },
};

describe('shared entries', () => {
  const rankings = rankSensors(twoRegions, 2);

  it('lists entries common to one region’s sensors', () => {
    expect(commonToRegion(rankings, 'domestic').map((x) => x.key)).toEqual(['22/TCP', '23/TCP']);
    expect(commonToRegion(rankings, 'overseas').map((x) => x.key)).toEqual(['23/TCP', 'GRE']);
  });

  it('lists entries seen in one region only', () => {
    expect(onlyInRegion(rankings, 'domestic').map((x) => [x.key, x.sensorIds])).toEqual([['22/TCP', ['d1', 'd2']]]);
    expect(onlyInRegion(rankings, 'overseas').map((x) => x.key)).toEqual(['GRE']);
  });

  it('names the sensors that have an entry in their top list, with its rank', () => {
    expect(sensorsWithEntry(rankings, '23/TCP')).toEqual([
      { sensorId: 'd1', rank: 1 },
      { sensorId: 'd2', rank: 2 },
      { sensorId: 'o1', rank: 1 },
    ]);
    expect(sensorsWithEntry(rankings, '123/UDP')).toEqual([]);
  });

  it('orders entries by how many sensors rank them, then by their summed rank', () => {
    expect(entrySpread(rankings).map((x) => [x.key, x.sensorIds.length, x.rankSum])).toEqual([
      ['23/TCP', 3, 4],
      ['22/TCP', 2, 3],
      ['GRE', 1, 2],
    ]);
  });

  it('numbers sensors within their region', () => {
    expect(rankings.map((r) => `${r.sensor.region} ${r.sensor.number}`)).toEqual(['domestic 1', 'domestic 2', 'overseas 1']);
  });
});

describe('monthly comparisons', () => {
  const period = { year: 2023, quarter: 1 };
  const rows = (values: [string, 'domestic' | 'overseas', number][]): DailyAverage[] =>
    values.map(([month, region, packets]) => ({ month, region, packets }));

  it('says which region received more each month, and the ratio', () => {
    const comparison = compareRegions(
      period,
      rows([
        ['2023-01', 'domestic', 100],
        ['2023-02', 'domestic', 300],
        ['2023-03', 'domestic', 50],
        ['2023-01', 'overseas', 200],
        ['2023-02', 'overseas', 100],
        ['2023-03', 'overseas', 50],
      ]),
    );
    expect(comparison?.months.map((m) => [m.higher, m.ratio])).toEqual([
      ['overseas', 2],
      ['domestic', 3],
      ['equal', 1],
    ]);
    expect(comparison?.summary).toBe('mixed');
  });

  it('computes percent change and a quantifier over the months that have a year-earlier value', () => {
    const change = yearOverYear(
      period,
      rows([
        ['2023-01', 'domestic', 150],
        ['2023-02', 'domestic', 90],
        ['2023-03', 'domestic', 10],
        ['2022-01', 'domestic', 100],
        ['2022-02', 'domestic', 100],
      ]),
      'domestic',
    );
    expect(change?.months.map((m) => m.changePercent)).toEqual([50, -10, undefined]);
    expect(change).toMatchObject({ compared: 2, increased: 1, decreased: 1, quantifier: 'some' });
  });

  it('leaves year-over-year facts out when no earlier month is given', () => {
    const change = yearOverYear(
      period,
      rows([
        ['2023-01', 'domestic', 1],
        ['2023-02', 'domestic', 1],
        ['2023-03', 'domestic', 1],
      ]),
      'domestic',
    );
    expect(change?.compared).toBe(0);
    expect(change?.quantifier).toBeUndefined();
  });

  it('quantifies: all, most, some, none', () => {
    expect([quantify(3, 3), quantify(2, 3), quantify(1, 3), quantify(0, 3), quantify(0, 0)]).toEqual([
      'all',
      'most',
      'some',
      'none',
      undefined,
    ]);
  });
});
