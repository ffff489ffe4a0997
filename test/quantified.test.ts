/**
 * The quantified sensor facts (top-spread, same-top, only-in-region,
 * largest-difference): exact sentences on small datasets in both languages,
 * and a property test over random sensor lists whose every sentence an
 * independent oracle (spread-oracle.ts) reads back and checks.
 */
import fc from 'fast-check';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkDataset, type Dataset } from '../src/dataset/index.js';
import { draft } from '../src/draft.js';
import { parseTemplate } from '../src/document/template.js';
import type { ProblemsError } from '../src/messages.js';
import { checkQuantified } from './spread-oracle.js';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 40);

const FACTS = [
  'top-spread quantifier=most',
  'top-spread quantifier=all region=domestic',
  'top-spread quantifier=any region=overseas top=3',
  'same-top',
  'same-top region=domestic top=3',
  'same-top region=overseas',
  'only-in-region',
  'only-in-region region=overseas top=2',
  'largest-difference between=sensors',
  'largest-difference between=sensors region=domestic',
  'largest-difference between=regions',
];
const templates = mkdtempSync(join(tmpdir(), 'quantified-'));
writeFileSync(
  join(templates, 'quantified.md'),
  `---\ntitle: title\nseries: quantified\n---\n\n::table{#sensor-top data=sensorTop limit=10 caption=sensors.caption}\n\n${FACTS.map((f) => `::fact{name=${f}}`).join('\n\n')}\n`,
);

type Region = 'domestic' | 'overseas';
interface Entry {
  protocol: string;
  port?: number;
  packets: number;
}
const e = (key: string, packets: number): Entry => {
  const [port, protocol] = key.includes('/') ? key.split('/') : [undefined, key];
  return { protocol: protocol!, ...(port === undefined ? {} : { port: Number(port) }), packets };
};
/** A list from its keys, best first, each with fewer packets than the one before. */
const ranked = (...keys: string[]): Entry[] => keys.map((key, i) => e(key, 1000 - i * 10));

interface SensorSpec {
  region: Region;
  list: Entry[];
  complete?: boolean;
  packets?: number;
}
function dataset(sensors: SensorSpec[], averages?: Partial<Record<Region, number[]>>): Dataset {
  const regions = [...new Set(sensors.map((s) => s.region))];
  return checkDataset({
    schemaVersion: 2,
    period: { year: 2021, quarter: 4 },
    sensors: sensors.map((s, i) => ({ id: `s${i}`, region: s.region, ...(s.packets === undefined ? {} : { packets: s.packets }) })),
    sensorTop: Object.fromEntries(sensors.map((s, i) => [`s${i}`, s.complete === false ? { entries: s.list, complete: false } : s.list])),
    dailyAverages: regions.flatMap((region) =>
      ['2021-10', '2021-11', '2021-12'].map((month, m) => ({ month, region, packets: averages?.[region]?.[m] ?? 100 })),
    ),
  });
}

async function sentences(data: Dataset): Promise<{ fact: string; attributes: Record<string, string>; en?: string; ja?: string }[]> {
  const result = await draft(data, { svg: false, template: 'quantified', templatesDir: templates });
  return result.explanations.map((x) => ({
    fact: x.fact,
    attributes: x.attributes,
    ...(x.sentences.en ? { en: x.sentences.en } : {}),
    ...(x.sentences.ja ? { ja: x.sentences.ja } : {}),
  }));
}
const said = async (data: Dataset, fact: string) =>
  (await sentences(data)).filter(
    (s) =>
      `${s.fact} ${Object.entries(s.attributes)
        .filter(([k]) => k !== 'name')
        .map(([k, v]) => `${k}=${v}`)
        .join(' ')}`.trim() === fact,
  );
const one = async (data: Dataset, fact: string) => {
  const [found] = await said(data, fact);
  return found?.en === undefined ? undefined : [found.en, found.ja];
};

describe('top-spread', () => {
  const six = dataset([
    ...[0, 1, 2].map((): SensorSpec => ({ region: 'domestic', list: ranked('445/TCP', '23/TCP', 'GRE') })),
    { region: 'overseas', list: ranked('445/TCP', '1433/TCP') },
    { region: 'overseas', list: ranked('445/TCP', '1433/TCP', '23/TCP') },
    { region: 'overseas', list: ranked('1433/TCP', 'ICMP') },
  ]);
  it('groups entries by how many sensors rank them, in both languages', async () => {
    expect(await one(six, 'top-spread quantifier=most')).toEqual([
      '445/TCP is in the top ten of five of the six sensors, and 23/TCP of four.',
      '6台のセンサーのうち、445/TCPは5台で、23/TCPは4台で上位10件に入っています。',
    ]);
    expect(await one(six, 'top-spread quantifier=all region=domestic')).toEqual([
      '445/TCP, 23/TCP, and GRE are in the top ten of all three domestic sensors.',
      '3台の国内のセンサーのうち、445/TCP、23/TCP、GREは3台すべてで上位10件に入っています。',
    ]);
    expect((await one(six, 'top-spread quantifier=any region=overseas top=3'))![0]).toBe(
      '1433/TCP is in the top three of all three overseas sensors, 445/TCP of two, and ICMP and 23/TCP of one.',
    );
  });
  it('says "at least" where a list known in part could add to the count, and never "most" of one or two sensors', async () => {
    const partial = dataset([
      { region: 'domestic', list: ranked('445/TCP', '23/TCP') },
      { region: 'domestic', list: ranked('445/TCP', '23/TCP') },
      { region: 'domestic', list: ranked('23/TCP'), complete: false },
    ]);
    expect(await one(partial, 'top-spread quantifier=most')).toEqual([
      '445/TCP is in the top ten of at least two of the three sensors.',
      '3台のセンサーのうち、445/TCPは少なくとも2台で上位10件に入っています。',
    ]);
    for (const pair of [[ranked('445/TCP'), ranked('445/TCP', '23/TCP')], [ranked('445/TCP')]]) {
      const few = dataset(pair.map((list) => ({ region: 'domestic', list })));
      expect(await one(few, 'top-spread quantifier=most')).toBeUndefined();
    }
    const two = dataset([
      { region: 'domestic', list: ranked('445/TCP', 'GRE') },
      { region: 'domestic', list: ranked('445/TCP') },
    ]);
    expect(await one(two, 'top-spread quantifier=all region=domestic')).toEqual([
      '445/TCP is in the top ten of both domestic sensors.',
      '2台の国内のセンサーのうち、445/TCPは2台とも上位10件に入っています。',
    ]);
  });
});

describe('same-top', () => {
  const tied = [e('23/TCP', 50), e('445/TCP', 40), e('GRE', 30), e('ICMP', 30)];
  it('speaks of a region whose sensors share their top, in order or not, beside the other region', async () => {
    const data = dataset([
      { region: 'domestic', list: ranked('23/TCP', '445/TCP', 'GRE', 'ICMP') },
      { region: 'domestic', list: ranked('23/TCP', 'GRE', '445/TCP', '80/TCP') },
      { region: 'overseas', list: ranked('23/TCP') },
      { region: 'overseas', list: ranked('GRE') },
    ]);
    expect(await one(data, 'same-top region=domestic top=3')).toEqual([
      'The two domestic sensors share the same top three, though not in the same order; the overseas sensors do not.',
      '2台の国内のセンサーは、上位3件の顔ぶれが同じでした（順位は異なります）。一方、海外のセンサーの上位3件はセンサーによって異なりました。',
    ]);
    expect(await one(data, 'same-top region=overseas')).toBeUndefined();
    expect(await one(data, 'same-top')).toBeUndefined();
  });
  it('counts a tie at the boundary into the top, and says nothing of lists known in part or of a region of one sensor', async () => {
    const ties = dataset([
      { region: 'domestic', list: tied },
      { region: 'domestic', list: tied },
      { region: 'overseas', list: ranked('GRE') },
    ]);
    expect(await one(ties, 'same-top region=domestic top=3')).toEqual([
      'The two domestic sensors share the same top three, in the same order.',
      '2台の国内のセンサーは、上位3件の顔ぶれも順位も同じでした。',
    ]);
    // Cut at 3, the tie for third stays whole: the other list, without ICMP, differs.
    const cut = dataset([
      { region: 'domestic', list: tied },
      { region: 'domestic', list: tied.slice(0, 3) },
    ]);
    expect(await one(cut, 'same-top region=domestic top=3')).toBeUndefined();
    const partial = dataset([
      { region: 'domestic', list: tied },
      { region: 'domestic', list: tied, complete: false },
    ]);
    expect(await one(partial, 'same-top region=domestic top=3')).toBeUndefined();
    expect(await one(ties, 'same-top region=overseas')).toBeUndefined();
    // A list shorter than the limit is its whole top.
    expect((await one(ties, 'same-top region=domestic top=3'))![0]).toMatch(/top three/);
  });
});

describe('only-in-region', () => {
  const data = dataset([
    { region: 'domestic', list: ranked('23/TCP', '2376/TCP') },
    { region: 'overseas', list: ranked('23/TCP', '139/TCP', 'GRE') },
    { region: 'overseas', list: ranked('139/TCP') },
  ]);
  it('names the entries only one region ranks, region by region', async () => {
    expect(await one(data, 'only-in-region')).toEqual([
      'Only the domestic sensor has 2376/TCP in its top ten. Only overseas sensors have 139/TCP and GRE in their top ten.',
      '2376/TCPが上位10件に入ったのは国内のセンサーだけでした。139/TCP、GREが上位10件に入ったのは海外のセンサーだけでした。',
    ]);
    expect((await one(data, 'only-in-region region=overseas top=2'))![0]).toBe('Only overseas sensors have 139/TCP in their top two.');
  });
  it('claims no absence from a list known in part, and needs both regions', async () => {
    const partial = dataset([
      { region: 'domestic', list: ranked('23/TCP'), complete: false },
      { region: 'overseas', list: ranked('GRE') },
    ]);
    expect(await one(partial, 'only-in-region')).toBeUndefined();
    const explained = (await draft(partial, { svg: false, template: 'quantified', templatesDir: templates })).explanations.find(
      (x) => x.fact === 'only-in-region',
    )!;
    expect(explained.evidence.at(-1)).toEqual({
      label: 'no sentence',
      value: 'a list known only in part may hold any entry in its unknown part',
    });
    // With one region the section's needs drop the fact: --explain lists it without a sentence.
    expect(await said(dataset([{ region: 'domestic', list: ranked('GRE') }]), 'only-in-region')).toEqual([
      { fact: 'only-in-region', attributes: { name: 'only-in-region' } },
    ]);
  });
});

describe('largest-difference', () => {
  it('bounds a small difference, and otherwise names the busiest and the quietest sensor', async () => {
    const close = dataset([
      { region: 'domestic', list: [], packets: 1000 },
      { region: 'domestic', list: [], packets: 1050 },
      { region: 'overseas', list: [] },
    ]);
    expect(await one(close, 'largest-difference between=sensors')).toEqual([
      'The packet totals of the two sensors that report one differed by less than 6% over the quarter.',
      '受信パケット総数がわかる2台のセンサーでは、四半期の受信パケット数の差は6%未満でした。',
    ]);
    const far = dataset([
      { region: 'domestic', list: [], packets: 1000 },
      { region: 'overseas', list: [], packets: 3240 },
      { region: 'overseas', list: [], packets: 3240 },
      { region: 'domestic', list: [] },
    ]);
    expect(await one(far, 'largest-difference between=sensors')).toEqual([
      'Of the three sensors that report a packet total, Overseas sensor 1 and Overseas sensor 2 received the most over the quarter, about 3.2 times as many as Domestic sensor 1.',
      '受信パケット総数がわかる3台のセンサーのうち、四半期に最も多く受信したのは海外センサー1、海外センサー2で、最も少なかった国内センサー1の約3.2倍でした。',
    ]);
    // One domestic sensor with a total: nothing to compare.
    expect(await one(far, 'largest-difference between=sensors region=domestic')).toBeUndefined();
    const silent = dataset([
      { region: 'domestic', list: [], packets: 0 },
      { region: 'domestic', list: [], packets: 5 },
    ]);
    expect(await one(silent, 'largest-difference between=sensors')).toBeUndefined();
    // Every sensor at 0: the quietest received none, so no "less than 1%".
    const none = dataset([
      { region: 'domestic', list: [], packets: 0 },
      { region: 'domestic', list: [], packets: 0 },
    ]);
    expect(await one(none, 'largest-difference between=sensors')).toBeUndefined();
  });
  it('names the month the regions differed most', async () => {
    const data = dataset(
      [
        { region: 'domestic', list: [] },
        { region: 'overseas', list: [] },
      ],
      { domestic: [100, 100, 100], overseas: [120, 250, 104] },
    );
    expect(await one(data, 'largest-difference between=regions')).toEqual([
      'The regions differed most in November, when the average overseas sensor took in about 2.5 times as many packets per day as the average domestic sensor.',
      '国内と海外の差が最も大きかったのは11月で、センサー1台あたりの1日の受信パケット数は海外が国内の約2.5倍でした。',
    ]);
    const near = dataset(
      [
        { region: 'domestic', list: [] },
        { region: 'overseas', list: [] },
      ],
      { domestic: [100, 100, 100], overseas: [103, 99, 100] },
    );
    expect((await one(near, 'largest-difference between=regions'))![0]).toBe(
      'In every month of the quarter, the daily packets of the average domestic and the average overseas sensor differed by less than 4%.',
    );
  });
  it('reads packets only in version 2, and refuses a negative total', () => {
    expect(() =>
      checkDataset({
        schemaVersion: 1,
        period: { year: 2021, quarter: 4 },
        sensors: [{ id: 'a', region: 'domestic', packets: 5 }],
        sensorTop: { a: [] },
        dailyAverages: [],
      }),
    ).toThrow(/it is a field of schemaVersion 2/);
    expect(() => dataset([{ region: 'domestic', list: [], packets: -1 }])).toThrow(/sensors\[0\]\.packets/);
  });
});

describe('template checks', () => {
  const parse = (body: string) =>
    parseTemplate(`---\ntitle: title\nseries: t\n---\n\n::table{#t data=sensorTop limit=5 caption=c}\n\n${body}\n`, 't.md');
  it('refuses a top beyond the table, an unknown quantifier, and a region with between=regions', () => {
    const problems = (body: string) => {
      try {
        parse(body);
        return [];
      } catch (error) {
        return (error as ProblemsError).problems.map((p) => `${p.line}:${p.column} ${p.ruleId} ${p.reason}`);
      }
    };
    expect(problems('::fact{name=same-top top=6}')).toEqual([
      '8:1 invalid-attribute expected top to be at most 5 (the per-sensor table\'s limit), found "6" on `::fact`',
    ]);
    expect(problems('::fact{name=same-top top=5}')).toEqual([]);
    expect(problems('::fact{name=top-spread quantifier=some}')[0]).toMatch(/expected quantifier to be one of most, all, any/);
    expect(problems('::fact{name=top-spread}')[0]).toMatch(/missing-attribute expected attribute `quantifier`/);
    expect(problems('::fact{name=largest-difference between=regions region=domestic}')[0]).toMatch(
      /expected no region with between=regions/,
    );
  });
});

// ---- Property: every sentence over random sensor lists --------------------------------------------
const KEYS = ['23/TCP', '22/TCP', '445/TCP', '6379/TCP', '123/UDP', 'GRE', 'ICMP', '80/TCP', '5060/UDP'];
const counts = fc.constantFrom(0, 10, 20, 30, 50, 80);
const list = fc
  .subarray(KEYS)
  .chain((keys) => fc.tuple(...keys.map(() => counts)).map((packets) => keys.map((key, i) => e(key, packets[i]!))));
// Sensors draw their lists from a small pool, so that sensors often share a top; `reorder` reverses
// the counts of a list, which keeps its entries and may change their order.
const sensor = fc.record({
  region: fc.constantFrom<Region>('domestic', 'overseas'),
  pick: fc.nat(2),
  reorder: fc.boolean(),
  complete: fc.constantFrom(true, true, true, false),
  packets: fc.option(fc.constantFrom(0, 1000, 1000, 1040, 1099, 1100, 2000, 3333), { nil: undefined }),
});
const sensorsFrom = (
  pool: Entry[][],
  picks: readonly { region: Region; pick: number; reorder: boolean; complete: boolean; packets?: number | undefined }[],
): SensorSpec[] =>
  picks.map(({ pick, reorder, packets, ...rest }) => {
    const list = pool[pick]!;
    const counts = list.map((x) => x.packets);
    if (reorder) counts.reverse();
    return { ...rest, list: list.map((x, i) => ({ ...x, packets: counts[i]! })), ...(packets === undefined ? {} : { packets }) };
  });
const averages = fc.array(fc.constantFrom(0, 100, 104, 110, 250), { minLength: 3, maxLength: 3 });

describe('every quantified sentence is true of its data', () => {
  it('in English, and names the same entries in Japanese, over random sensor lists', async () => {
    const seen = new Set<string>();
    const forms = [
      'top-spread',
      'top-spread at least',
      'same-top',
      'same-top unlike',
      'only-in-region',
      'largest-difference',
      'largest-difference ratio',
    ];
    // Batches until the generator reached every fact and the cases the words depend on (rare ones may need more than one).
    for (let batch = 0; batch < 6 && !forms.every((form) => seen.has(form)); batch++)
      await fc.assert(
        fc.asyncProperty(
          fc.array(list, { minLength: 3, maxLength: 3 }),
          fc.array(sensor, { minLength: 1, maxLength: 7 }),
          averages,
          averages,
          async (pool, picks, domestic, overseas) => {
            const data = dataset(sensorsFrom(pool, picks), { domestic, overseas });
            for (const s of await sentences(data)) {
              if (s.en === undefined) continue;
              checkQuantified(s, s.en, s.ja!, data);
              seen.add(
                `${s.fact}${/at least/.test(s.en) ? ' at least' : ''}${/times as many/.test(s.en) ? ' ratio' : ''}${/; the/.test(s.en) ? ' unlike' : ''}`,
              );
            }
          },
        ),
        { numRuns: RUNS * 3 },
      );
    expect([...seen].sort()).toEqual(expect.arrayContaining(forms));
  }, 120_000);

  it('catches a false sentence', async () => {
    const data = dataset([
      { region: 'domestic', list: ranked('445/TCP', '23/TCP') },
      { region: 'domestic', list: ranked('445/TCP') },
      { region: 'overseas', list: ranked('23/TCP', 'GRE') },
    ]);
    const [en, ja] = (await one(data, 'top-spread quantifier=most'))!;
    const call = { fact: 'top-spread', attributes: { quantifier: 'most' } };
    checkQuantified(call, en!, ja!, data);
    expect(() => checkQuantified(call, en!.replace('445/TCP', 'GRE'), ja!, data)).toThrow();
    expect(() => checkQuantified(call, en!.replace('two of', 'three of'), ja!, data)).toThrow();
    expect(() => checkQuantified(call, en!, ja!.replace('445/TCP', 'GRE'), data)).toThrow();
    const [onlyEn, onlyJa] = (await one(data, 'only-in-region'))!;
    expect(() => checkQuantified({ fact: 'only-in-region', attributes: {} }, onlyEn!.replace('GRE', '23/TCP'), onlyJa!, data)).toThrow();
  });
});
