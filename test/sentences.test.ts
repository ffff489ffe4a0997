/**
 * Every computed sentence is true of its data, in English and Japanese, for
 * random datasets that drop every optional part: no year-earlier months or only
 * some, one region, one or two sensors, empty lists, ties. The truth comes from
 * an oracle written here from the dataset alone (not from src/analysis): each
 * claim a sentence makes is read back with a pattern and checked against it,
 * and a sentence that makes a claim no pattern knows fails the test.
 */
import fc from 'fast-check';
import type { Paragraph, Root } from 'mdast';
import { toString } from 'mdast-util-to-string';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import { checkDataset, type Dataset } from '../src/dataset/index.js';
import { draft } from '../src/draft.js';
import { findSlots } from '../src/output/slots.js';
import { checkTopSpread, rawSensors } from './spread-oracle.js';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 40);
const reader = unified().use(remarkParse).use(remarkGfm).use(remarkFrontmatter, ['yaml']);

type Region = 'domestic' | 'overseas';
interface RawEntry {
  protocol: string;
  port?: number;
  packets: number;
}

// ---- Random datasets that drop what is optional -------------------------------------------------
const POOL: RawEntry[] = [
  { protocol: 'TCP', port: 23, packets: 0 },
  { protocol: 'TCP', port: 22, packets: 0 },
  { protocol: 'TCP', port: 445, packets: 0 },
  { protocol: 'TCP', port: 6379, packets: 0 },
  { protocol: 'UDP', port: 123, packets: 0 },
  { protocol: 'GRE', packets: 0 },
  { protocol: 'ICMP', packets: 0 },
  { protocol: 'TCP', port: 80, packets: 0 },
  { protocol: 'TCP', port: 443, packets: 0 },
  { protocol: 'TCP', port: 8080, packets: 0 },
  { protocol: 'TCP', port: 3389, packets: 0 },
  { protocol: 'UDP', port: 5060, packets: 0 },
];
// Few distinct counts, so that ties are common.
const counts = fc.constantFrom(0, 100, 200, 300, 500, 800, 1300, 999_999, 1_000_000, 1_250_000, 912_345);
const list = fc
  .subarray(POOL.map((_, i) => i))
  .chain((picked) => fc.tuple(...picked.map(() => counts)).map((packets) => picked.map((i, k) => ({ ...POOL[i]!, packets: packets[k]! }))));
const average = fc.constantFrom(0, 10, 1500, 2000, 2000.5, 3000);

const datasets: fc.Arbitrary<Dataset> = fc
  .record({
    quarter: fc.integer({ min: 1, max: 4 }),
    regions: fc.constantFrom<Region[]>(['domestic'], ['overseas'], ['domestic', 'overseas']),
    // Now and then more sensors than a heat map can show (over 30), and the boundary itself.
    sensorCount: fc.oneof(
      { arbitrary: fc.integer({ min: 1, max: 4 }), weight: 4 },
      { arbitrary: fc.integer({ min: 30, max: 33 }), weight: 1 },
    ),
    lists: fc.array(list, { minLength: 4, maxLength: 4 }),
    // Now and then a list known only in part (version 2): facts then speak of the complete lists only.
    partial: fc.array(fc.constantFrom(false, false, false, true), { minLength: 4, maxLength: 4 }),
    source: fc.option(list.filter((l) => l.length > 0)),
    current: fc.array(average, { minLength: 6, maxLength: 6 }),
    previous: fc.array(fc.option(average), { minLength: 6, maxLength: 6 }),
  })
  .map(({ quarter, regions, sensorCount, lists, partial, source, current, previous }) => {
    const count = Math.max(sensorCount, regions.length);
    const sensors = Array.from({ length: count }, (_, i) => ({ id: `s${i}`, region: regions[i % regions.length]! }));
    const months = [0, 1, 2].map((i) => (quarter - 1) * 3 + 1 + i);
    const id = (year: number, month: number) => `${year}-${String(month).padStart(2, '0')}`;
    const anyPartial = sensors.some((_, i) => partial[i % partial.length]);
    return checkDataset({
      schemaVersion: anyPartial ? 2 : 1,
      period: { year: 2022, quarter },
      sensors,
      ...(source ? { sourceCountryTop: { country: 'JP', entries: source } } : {}),
      sensorTop: Object.fromEntries(
        sensors.map((s, i) => [
          s.id,
          partial[i % partial.length] ? { entries: lists[i % lists.length]!, complete: false } : lists[i % lists.length]!,
        ]),
      ),
      dailyAverages: regions.flatMap((region, r) =>
        months.flatMap((month, m) => [
          { month: id(2022, month), region, packets: current[r * 3 + m]! },
          ...(previous[r * 3 + m] != null ? [{ month: id(2021, month), region, packets: previous[r * 3 + m]! }] : []),
        ]),
      ),
    });
  });

// ---- The oracle: what the data supports, computed from the dataset alone -------------------------
const keyOf = (e: RawEntry) => (e.port === undefined ? e.protocol : `${e.port}/${e.protocol}`);

/** Competition ranks (1, 2, 2, 4); keeps every entry ranked `limit` or better. */
function top(entries: readonly RawEntry[], limit: number): { key: string; rank: number; packets: number }[] {
  return entries
    .map((e) => ({ key: keyOf(e), packets: e.packets, rank: 1 + entries.filter((o) => o.packets > e.packets).length }))
    .filter((e) => e.rank <= limit);
}

function oracle(dataset: Dataset) {
  // The generator draws quarters only.
  const period = dataset.period as { year: number; quarter: number };
  const monthIds = [0, 1, 2].map((i) => `${period.year}-${String((period.quarter - 1) * 3 + 1 + i).padStart(2, '0')}`);
  const earlier = (month: string) => `${Number(month.slice(0, 4)) - 1}${month.slice(4)}`;
  const averageOf = (month: string, region: Region) =>
    dataset.dailyAverages.find((row) => row.month === month && row.region === region)?.packets;
  const regions = (['domestic', 'overseas'] as const).filter((region) => dataset.sensors.some((s) => s.region === region));
  const sensorTops = dataset.sensors.map((s) => new Set(top((dataset.sensorTop[s.id]?.entries ?? []) as RawEntry[], 10).map((e) => e.key)));
  // What is common can only be told of lists that are complete: a partial one may hold what it does not show.
  const completeTops = dataset.sensors.flatMap((s, i) => (dataset.sensorTop[s.id]?.complete === false ? [] : [sensorTops[i]!]));
  const common = [...(completeTops[0] ?? [])].filter((key) => completeTops.every((keys) => keys.has(key)));
  const incomplete = dataset.sensors.length - completeTops.length;
  const source = dataset.sourceCountryTop ? top(dataset.sourceCountryTop.entries as RawEntry[], 5) : [];
  const yoy = Object.fromEntries(
    regions.map((region) => {
      const compared = monthIds.filter((m) => averageOf(earlier(m), region) !== undefined);
      const increased = compared.filter((m) => averageOf(m, region)! > averageOf(earlier(m), region)!);
      return [region, { compared, increased }];
    }),
  ) as Record<Region, { compared: string[]; increased: string[] }>;
  const higher = monthIds.map((m) => {
    if (regions.length < 2) return undefined;
    const [d, o] = [averageOf(m, 'domestic')!, averageOf(m, 'overseas')!];
    return d === o ? 'equal' : d > o ? 'domestic' : 'overseas';
  });
  // How many sensors rank each entry in their top ten.
  const spread = new Map<string, number>();
  for (const keys of sensorTops) for (const key of keys) spread.set(key, (spread.get(key) ?? 0) + 1);
  return {
    dataset,
    monthIds,
    regions,
    sensorCount: dataset.sensors.length,
    common,
    incomplete,
    completeCount: completeTops.length,
    spread,
    leaders: source.filter((e) => e.rank === 1),
    yoy,
    higher,
    averageOf,
    earlier,
  };
}
type Oracle = ReturnType<typeof oracle>;

// ---- Reading the claims back -------------------------------------------------------------------
const EN_MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const EN_NUMBERS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];
const splitEn = (text: string) =>
  text
    .split(/, and |, | and /)
    .map((s) => s.trim())
    .filter(Boolean);
const splitJa = (text: string) =>
  text
    .split('、')
    .map((s) => s.trim())
    .filter(Boolean);
const monthsEn = (text: string, o: Oracle) =>
  splitEn(text)
    .map((name) => o.monthIds.find((m) => EN_MONTHS[Number(m.slice(5)) - 1] === name) ?? `?${name}`)
    .sort();
const monthsJa = (text: string, o: Oracle) =>
  splitJa(text)
    .map((name) => o.monthIds.find((m) => `${Number(m.slice(5))}月` === name) ?? `?${name}`)
    .sort();
const numberEn = (word: string) => (EN_NUMBERS.includes(word) ? EN_NUMBERS.indexOf(word) : Number(word.replaceAll(',', '')));
/** 912,345 / 80万 / 1.5億 as a number: a compact Japanese count must state it exactly. */
const numberJa = (text: string) => {
  const unit = text.endsWith('億') ? 1e8 : text.endsWith('万') ? 1e4 : 1;
  return Math.round(Number(text.replace(/[万億,]/g, '')) * unit);
};
const sorted = (items: readonly string[]) => [...items].sort();
const REGION_JA: Record<string, Region> = { 国内: 'domestic', 海外: 'overseas' };

type Check = (match: RegExpExecArray, o: Oracle) => void;

/** One claim per region part of a year-over-year sentence, checked against the oracle. */
function checkChange(
  o: Oracle,
  regions: Region[],
  increased: string[] | undefined,
  count: number | undefined,
  total: number | undefined,
  compared: string[] | undefined,
  wholeQuarter: boolean,
) {
  for (const region of regions) {
    const truth = o.yoy[region];
    expect(truth, `year-over-year for ${region}`).toBeDefined();
    if (wholeQuarter) expect(truth.compared.length, `"every month of the quarter" for ${region}`).toBe(3);
    if (increased) expect(sorted(truth.increased), `months that increased for ${region}`).toEqual(increased);
    if (count !== undefined) expect(truth.increased.length).toBe(count);
    if (total !== undefined) expect(truth.compared.length).toBe(total);
    if (compared) expect(sorted(truth.compared)).toEqual(compared);
  }
}

const regionsOf = (words: string, both: boolean): Region[] => (both ? ['domestic', 'overseas'] : [words as Region]);

const EN: [RegExp, Check][] = [
  // top-spread quantifier=most of the shipped template, read by the quantified facts' own oracle.
  [
    /^.+ (?:is|are) in the top ten of (?:at least )?\w+ of the \w+ sensors.*\.$/,
    (m, o) => checkTopSpread(m[0], undefined, rawSensors(o.dataset), undefined, 10, 'most'),
  ],
  [
    /^Table \d+ ranks the protocols and ports of packets whose source addresses are in Japan\. (.+) came first, with ([\d,]+) packets over the quarter\.$/,
    (m, o) => {
      expect(o.leaders.map((e) => e.key)).toEqual([m[1]]);
      expect(o.leaders[0]!.packets).toBe(numberEn(m[2]!));
    },
  ],
  [
    /^Table \d+ ranks the protocols and ports of packets whose source addresses are in Japan\. (.+) shared first place, with ([\d,]+) packets each\.$/,
    (m, o) => {
      expect(sorted(o.leaders.map((e) => e.key))).toEqual(sorted(splitEn(m[1]!)));
      expect(o.leaders.every((e) => e.packets === numberEn(m[2]!))).toBe(true);
    },
  ],
  [
    /^Of the (\w+) sensors whose lists are complete, (?:only )?(.+?) (?:is|are) in the top ten of every one; sensors whose lists are known only in part are left out\.$/,
    (m, o) => {
      expect([numberEn(m[1]!), sorted(splitEn(m[2]!))]).toEqual([o.completeCount, sorted(o.common)]);
      expect(o.incomplete).toBeGreaterThan(0);
    },
  ],
  [
    /^No protocol or port made the top ten of every one of the (\w+) sensors whose lists are complete; sensors whose lists are known only in part are left out\.$/,
    (m, o) => {
      expect([numberEn(m[1]!), o.common]).toEqual([o.completeCount, []]);
      expect(o.incomplete).toBeGreaterThan(0);
    },
  ],
  [
    /^(?:Only )?(.+?) (?:is|are) in the top ten of (both sensors|all (\w+) sensors)\.$/,
    (m, o) => {
      expect(o.incomplete, 'a claim about every sensor while some lists are partial').toBe(0);
      expect(sorted(splitEn(m[1]!))).toEqual(sorted(o.common));
      if (m[2] === 'both sensors') expect(o.sensorCount).toBe(2);
      else expect([o.sensorCount, o.sensorCount > 2]).toEqual([numberEn(m[3]!), true]);
    },
  ],
  [
    /^No protocol or port made the top ten of (both sensors|every sensor)\.$/,
    (m, o) => {
      expect(o.incomplete, 'a claim about every sensor while some lists are partial').toBe(0);
      expect(o.common).toEqual([]);
      expect(o.sensorCount === 2).toBe(m[1] === 'both sensors');
    },
  ],
  [
    /^In each month of the quarter, the average (domestic|overseas) sensor took in more packets per day than the average (domestic|overseas) sensor(?:, up to ([\d.]+) times as many)?\.$/,
    (m, o) => {
      expect(o.higher).toEqual([m[1], m[1], m[1]]);
      if (m[3]) {
        const ratios = o.monthIds.map(
          (id) =>
            Math.max(o.averageOf(id, 'domestic')!, o.averageOf(id, 'overseas')!) /
            Math.min(o.averageOf(id, 'domestic')!, o.averageOf(id, 'overseas')!),
        );
        expect(Math.max(...ratios).toFixed(1)).toBe(m[3]);
      }
    },
  ],
  [
    /^Neither region led throughout: domestic sensors took in more packets in (.+), overseas sensors in ((?:(?!, and the two were level).)+)\.$/,
    (m, o) => {
      expect(monthsEn(m[1]!, o)).toEqual(o.monthIds.filter((_, i) => o.higher[i] === 'domestic'));
      expect(monthsEn(m[2]!, o)).toEqual(o.monthIds.filter((_, i) => o.higher[i] === 'overseas'));
    },
  ],
  [
    /^Neither region led throughout: domestic sensors took in more packets in (.+), overseas sensors in (.+), and the two were level in (.+)\.$/,
    (m, o) => {
      expect(monthsEn(m[1]!, o)).toEqual(o.monthIds.filter((_, i) => o.higher[i] === 'domestic'));
      expect(monthsEn(m[2]!, o)).toEqual(o.monthIds.filter((_, i) => o.higher[i] === 'overseas'));
      expect(monthsEn(m[3]!, o)).toEqual(o.monthIds.filter((_, i) => o.higher[i] === 'equal'));
    },
  ],
  [
    /^The average (domestic|overseas) sensor took in more packets per day than the average (domestic|overseas) sensor in (.+); in (.+) the two were level\.$/,
    (m, o) => {
      expect(monthsEn(m[3]!, o)).toEqual(o.monthIds.filter((_, i) => o.higher[i] === m[1]));
      expect(monthsEn(m[4]!, o)).toEqual(o.monthIds.filter((_, i) => o.higher[i] === 'equal'));
    },
  ],
  [
    /^Domestic and overseas sensors took in the same number of packets per day on average, month after month\.$/,
    (_m, o) => expect(o.higher).toEqual(['equal', 'equal', 'equal']),
  ],
  [
    /^Each month stands beside the same month a year earlier\.$/,
    (_m, o) => {
      for (const region of o.regions) expect(o.yoy[region].compared.length).toBe(3);
    },
  ],
  [
    /^For (domestic|overseas) sensors, (?:each month stands beside the same month a year earlier|only ([^.]+) can be set beside the same months? a year earlier|the data has no month of the year before)\.(?: For (domestic|overseas) sensors, (?:each month stands beside the same month a year earlier|only ([^.]+) can be set beside the same months? a year earlier|the data has no month of the year before)\.)?$/,
    (m, o) => {
      const claim = (region: string, text: string, months: string | undefined) => {
        const compared = o.yoy[region as Region].compared;
        if (text.includes('each month')) expect(compared).toHaveLength(3);
        else if (months) expect(monthsEn(months, o)).toEqual(sorted(compared));
        else expect(compared).toEqual([]);
      };
      const [first, second] = m[0].split(/(?<=\.) (?=For )/);
      claim(m[1]!, first!, m[2]);
      if (second) claim(m[3]!, second, m[4]);
      expect(o.regions.every((r) => o.yoy[r].compared.length === 3)).toBe(false);
    },
  ],
  [
    /^Against the same month a year earlier, (sensors in both regions|domestic sensors|overseas sensors) took in more packets in every month of the quarter\.$/,
    (m, o) => {
      checkChange(o, regionsOf(m[1]!.split(' ')[0]!, m[1]!.includes('both')), o.monthIds, 3, 3, undefined, true);
    },
  ],
  [
    /^Against the same month a year earlier, (sensors in both regions|domestic sensors|overseas sensors) took in more packets in (?:only )?(\w+) of the (\w+) months \(([^()]+)\)\.$/,
    (m, o) => {
      checkChange(
        o,
        regionsOf(m[1]!.split(' ')[0]!, m[1]!.includes('both')),
        monthsEn(m[4]!, o),
        numberEn(m[2]!),
        numberEn(m[3]!),
        undefined,
        true,
      );
    },
  ],
  [
    /^Of the (\w+) months that can be compared with a year earlier \(([^()]+)\), (sensors in both regions|domestic sensors|overseas sensors) took in more packets in (?:only )?(\w+) \(([^()]+)\)\.$/,
    (m, o) => {
      checkChange(
        o,
        regionsOf(m[3]!.split(' ')[0]!, m[3]!.includes('both')),
        monthsEn(m[5]!, o),
        numberEn(m[4]!),
        numberEn(m[1]!),
        monthsEn(m[2]!, o),
        false,
      );
    },
  ],
  [
    /^Only (.+) can be compared with a year earlier, and in (?:it|each of them) (sensors in both regions|domestic sensors|overseas sensors) took in more packets\.$/,
    (m, o) => {
      const compared = monthsEn(m[1]!, o);
      checkChange(o, regionsOf(m[2]!.split(' ')[0]!, m[2]!.includes('both')), compared, compared.length, compared.length, compared, false);
    },
  ],
  [
    /^Only (.+) can be compared with a year earlier, and (?:in it neither region's sensors took in more packets|in neither of them did either region's sensors take in more packets)\.$/,
    (m, o) => {
      const compared = monthsEn(m[1]!, o);
      checkChange(o, ['domestic', 'overseas'], [], 0, compared.length, compared, false);
    },
  ],
  [
    /^Only (.+) can be compared with a year earlier, and (?:it did not bring|neither of them brought) (domestic|overseas) sensors more packets\.$/,
    (m, o) => {
      const compared = monthsEn(m[1]!, o);
      checkChange(o, [m[2] as Region], [], 0, compared.length, compared, false);
    },
  ],
  [
    /^In neither region did any month of the quarter bring more packets than the same month a year earlier\.$/,
    (_m, o) => checkChange(o, ['domestic', 'overseas'], [], 0, 3, undefined, true),
  ],
  [
    /^No month of the quarter brought (domestic|overseas) sensors more packets than the same month a year earlier\.$/,
    (m, o) => checkChange(o, [m[1] as Region], [], 0, 3, undefined, true),
  ],
  [
    /^Against the same month a year earlier, (.+), while (.+)\.$/,
    (m, o) => {
      for (const part of [m[1]!, m[2]!]) {
        const region = part.split(' ')[0] as Region;
        let p: RegExpExecArray | null;
        if ((p = /^\w+ sensors took in more packets in every month of the quarter$/.exec(part)))
          checkChange(o, [region], o.monthIds, 3, 3, undefined, true);
        else if ((p = /^\w+ sensors took in more in (.+), the one month that can be compared$/.exec(part)))
          checkChange(o, [region], monthsEn(p[1]!, o), 1, 1, monthsEn(p[1]!, o), false);
        else if ((p = /^\w+ sensors took in more in each of the (\w+) months that can be compared \(([^()]+)\)$/.exec(part)))
          checkChange(o, [region], monthsEn(p[2]!, o), numberEn(p[1]!), numberEn(p[1]!), monthsEn(p[2]!, o), false);
        else if ((p = /^\w+ sensors took in more packets in (?:only )?(\w+) of the (\w+) months \(([^()]+)\)$/.exec(part)))
          checkChange(o, [region], monthsEn(p[3]!, o), numberEn(p[1]!), numberEn(p[2]!), undefined, true);
        else if (
          (p = /^\w+ sensors took in more in (?:only )?(?!none |neither )(\w+) of the (\w+) months that can be compared \(([^()]+)\)$/.exec(
            part,
          ))
        )
          checkChange(o, [region], monthsEn(p[3]!, o), numberEn(p[1]!), numberEn(p[2]!), undefined, false);
        else if ((p = /^\w+ sensors took in more packets in no month of the quarter$/.exec(part)))
          checkChange(o, [region], [], 0, 3, undefined, true);
        else if ((p = /^\w+ sensors took in no more in (.+), the one month that can be compared$/.exec(part)))
          checkChange(o, [region], [], 0, 1, monthsEn(p[1]!, o), false);
        else if ((p = /^\w+ sensors took in more in neither of the (\w+) months that can be compared \(([^()]+)\)$/.exec(part)))
          checkChange(o, [region], [], 0, numberEn(p[1]!), monthsEn(p[2]!, o), false);
        else throw new Error(`unrecognised part of a year-over-year sentence: ${part}`);
      }
    },
  ],
];

const JA: [RegExp, Check][] = [
  [
    /^\d+台のセンサーのうち、.+は(?:少なくとも)?\d+台で.*上位10件に入っています。$/,
    (m, o) => checkTopSpread(undefined, m[0], rawSensors(o.dataset), undefined, 10, 'most'),
  ],
  [
    /^表\d+は、送信元IPアドレスが日本にあるパケットをプロトコル・ポート番号別に順位付けしたものです。最も多かったのは(.+)で、四半期の合計は(.+)パケットでした。$/,
    (m, o) => {
      expect(o.leaders.map((e) => e.key)).toEqual([m[1]]);
      expect(numberJa(m[2]!)).toBe(o.leaders[0]!.packets);
    },
  ],
  [
    /^表\d+は、送信元IPアドレスが日本にあるパケットをプロトコル・ポート番号別に順位付けしたものです。(.+)が同数で首位に並び、いずれも(.+)パケットでした。$/,
    (m, o) => {
      expect(sorted(o.leaders.map((e) => e.key))).toEqual(sorted(splitJa(m[1]!)));
      expect(o.leaders.every((e) => e.packets === numberJa(m[2]!))).toBe(true);
    },
  ],
  [
    /^一覧がそろっている(\d+)台のセンサーでは、(.+)がすべてのセンサーで上位10件に入っています（一覧の一部しかわからないセンサーは除いています）。$/,
    (m, o) => {
      expect([Number(m[1]), sorted(splitJa(m[2]!))]).toEqual([o.completeCount, sorted(o.common)]);
      expect(o.incomplete).toBeGreaterThan(0);
    },
  ],
  [
    /^一覧がそろっている(\d+)台のセンサーすべてで上位10件に入ったプロトコル・ポート番号はありませんでした（一覧の一部しかわからないセンサーは除いています）。$/,
    (m, o) => {
      expect([Number(m[1]), o.common]).toEqual([o.completeCount, []]);
      expect(o.incomplete).toBeGreaterThan(0);
    },
  ],
  [
    /^(.+)は、2台のセンサーの両方で上位10件に入っています。$/,
    (m, o) => {
      expect(o.incomplete).toBe(0);
      expect([sorted(splitJa(m[1]!)), o.sensorCount]).toEqual([sorted(o.common), 2]);
    },
  ],
  [
    /^(.+)は、(\d+)台すべてのセンサーで上位10件に入っています。$/,
    (m, o) => {
      expect(o.incomplete).toBe(0);
      expect([sorted(splitJa(m[1]!)), o.sensorCount]).toEqual([sorted(o.common), Number(m[2])]);
      expect(o.sensorCount).toBeGreaterThan(2);
    },
  ],
  [
    /^(2台のセンサーの両方|すべてのセンサー)で上位10件に入ったプロトコル・ポート番号はありませんでした。$/,
    (m, o) => {
      expect(o.incomplete).toBe(0);
      expect(o.common).toEqual([]);
      expect(o.sensorCount === 2).toBe(m[1] === '2台のセンサーの両方');
    },
  ],
  [
    /^四半期のどの月も、1日あたりの受信パケット数は(国内|海外)のセンサーのほうが(国内|海外)のセンサーより多(?:く、最も多い月で(?:国内|海外)の([\d.]+)倍でした|くなりました)。$/,
    (m, o) => {
      const region = REGION_JA[m[1]!]!;
      expect(o.higher).toEqual([region, region, region]);
    },
  ],
  [
    /^多く受信した地域は月によって入れ替わり、国内のセンサーは(.+)、海外のセンサーは(.+)に多く受信しました。$/,
    (m, o) => {
      // Month lists are joined with 、 too: check the union and that each side holds its months.
      const all = monthsJa(`${m[1]}、${m[2]}`, o);
      expect(all).toEqual(o.monthIds.filter((_, i) => o.higher[i] !== 'equal'));
    },
  ],
  [
    /^多く受信した地域は月によって入れ替わり、国内のセンサーは(.+)、海外のセンサーは(.+)に多く受信し、(.+)は同数でした。$/,
    (m, o) => {
      expect(monthsJa(m[3]!, o)).toEqual(o.monthIds.filter((_, i) => o.higher[i] === 'equal'));
      expect(monthsJa(`${m[1]}、${m[2]}`, o)).toEqual(o.monthIds.filter((_, i) => o.higher[i] !== 'equal'));
    },
  ],
  [
    /^1日あたりの受信パケット数は、(.+)は(国内|海外)のセンサーのほうが(国内|海外)のセンサーより多く、(.+)は同数でした。$/,
    (m, o) => {
      expect(monthsJa(m[1]!, o)).toEqual(o.monthIds.filter((_, i) => o.higher[i] === REGION_JA[m[2]!]));
      expect(monthsJa(m[4]!, o)).toEqual(o.monthIds.filter((_, i) => o.higher[i] === 'equal'));
    },
  ],
  [
    /^センサー1台の1日平均受信パケット数は、どの月も国内と海外で同じでした。$/,
    (_m, o) => expect(o.higher).toEqual(['equal', 'equal', 'equal']),
  ],
  [
    /^各月とも、1年前の同じ月と並べています。$/,
    (_m, o) => {
      for (const region of o.regions) expect(o.yoy[region].compared.length).toBe(3);
    },
  ],
  [
    /^(?:(国内|海外)のセンサー(?:は、各月とも1年前の同じ月と並べています|で1年前の同じ月と並べられるのは[^。]+だけです|には1年前のデータがありません)。)+$/,
    (m, o) => {
      for (const part of m[0].split('。').filter(Boolean)) {
        const compared = o.yoy[REGION_JA[part.slice(0, 2)]!].compared;
        if (part.includes('各月とも')) expect(compared).toHaveLength(3);
        else if (part.includes('だけです')) expect(monthsJa(/並べられるのは(.+)だけです/.exec(part)![1]!, o)).toEqual(sorted(compared));
        else expect(compared).toEqual([]);
      }
      expect(o.regions.every((r) => o.yoy[r].compared.length === 3)).toBe(false);
    },
  ],
  [
    /^1年前の同じ月と比べると、(国内・海外ともに|国内のセンサーは|海外のセンサーは)四半期のすべての月で受信パケット数が増えました。$/,
    (m, o) => {
      checkChange(
        o,
        m[1]!.startsWith('国内・海外') ? ['domestic', 'overseas'] : [REGION_JA[m[1]!.slice(0, 2)]!],
        o.monthIds,
        3,
        3,
        undefined,
        true,
      );
    },
  ],
  [
    /^1年前の同じ月と比べると、(?:国内・海外ともに|(国内|海外)のセンサーは)(\d+)か月のうち(\d+)か月（([^（）]+)）で受信パケット数が増えました。$/,
    (m, o) => {
      checkChange(o, m[1] ? [REGION_JA[m[1]]!] : ['domestic', 'overseas'], monthsJa(m[4]!, o), Number(m[3]), Number(m[2]), undefined, true);
    },
  ],
  [
    /^1年前の同じ月と比べると、(?:国内・海外ともに|(国内|海外)のセンサーで)受信パケット数が増えたのは(\d+)か月のうち(\d+)か月（([^（）]+)）だけでした。$/,
    (m, o) => {
      checkChange(o, m[1] ? [REGION_JA[m[1]]!] : ['domestic', 'overseas'], monthsJa(m[4]!, o), Number(m[3]), Number(m[2]), undefined, true);
    },
  ],
  [
    /^1年前と比べられる(\d+)か月（([^（）]+)）のうち、(?:国内・海外ともに|(国内|海外)のセンサーの)受信パケット数が増えたのは(\d+)か月（([^（）]+)）(?:でした|だけでした)。$/,
    (m, o) => {
      checkChange(
        o,
        m[3] ? [REGION_JA[m[3]]!] : ['domestic', 'overseas'],
        monthsJa(m[5]!, o),
        Number(m[4]),
        Number(m[1]),
        monthsJa(m[2]!, o),
        false,
      );
    },
  ],
  [
    /^1年前と比べられるのは(.+)だけですが、そのいずれの月も(?:国内・海外ともに|(国内|海外)のセンサーの)受信パケット数が増えました。$/,
    (m, o) => {
      const compared = monthsJa(m[1]!, o);
      checkChange(o, m[2] ? [REGION_JA[m[2]]!] : ['domestic', 'overseas'], compared, compared.length, compared.length, compared, false);
    },
  ],
  [
    /^1年前と比べられるのは(.+)だけで、その間に(?:受信パケット数が増えた月は国内・海外ともに|(国内|海外)のセンサーの受信パケット数が増えた月は)ありませんでした。$/,
    (m, o) => {
      const compared = monthsJa(m[1]!, o);
      checkChange(o, m[2] ? [REGION_JA[m[2]]!] : ['domestic', 'overseas'], [], 0, compared.length, compared, false);
    },
  ],
  [
    /^国内・海外ともに、四半期のどの月も1年前の同じ月より受信パケット数が増えませんでした。$/,
    (_m, o) => checkChange(o, ['domestic', 'overseas'], [], 0, 3, undefined, true),
  ],
  [
    /^(国内|海外)のセンサーでは、四半期のどの月も1年前の同じ月より受信パケット数が増えませんでした。$/,
    (m, o) => checkChange(o, [REGION_JA[m[1]!]!], [], 0, 3, undefined, true),
  ],
  [
    /^1年前の同じ月と比べると、(.+)。一方、(.+)。$/,
    (m, o) => {
      for (const part of [m[1]!, m[2]!]) {
        const region = REGION_JA[part.slice(0, 2)]!;
        let p: RegExpExecArray | null;
        if ((p = /^..のセンサーは四半期のすべての月で受信パケット数が増えました$/.exec(part)))
          checkChange(o, [region], o.monthIds, 3, 3, undefined, true);
        else if ((p = /^..のセンサーは比べられる(\d+)か月（([^（）]+)）のすべてで増えました$/.exec(part)))
          checkChange(o, [region], monthsJa(p[2]!, o), Number(p[1]), Number(p[1]), monthsJa(p[2]!, o), false);
        else if ((p = /^..のセンサーは(\d+)か月のうち(\d+)か月（([^（）]+)）で増えました$/.exec(part)))
          checkChange(o, [region], monthsJa(p[3]!, o), Number(p[2]), Number(p[1]), undefined, true);
        else if ((p = /^..のセンサーは比べられる(\d+)か月のうち(\d+)か月（([^（）]+)）で増えました$/.exec(part)))
          checkChange(o, [region], monthsJa(p[3]!, o), Number(p[2]), Number(p[1]), undefined, false);
        else if ((p = /^..のセンサーで増えたのは(\d+)か月のうち(\d+)か月（([^（）]+)）だけでした$/.exec(part)))
          checkChange(o, [region], monthsJa(p[3]!, o), Number(p[2]), Number(p[1]), undefined, true);
        else if ((p = /^..のセンサーで増えたのは比べられる(\d+)か月のうち(\d+)か月（([^（）]+)）だけでした$/.exec(part)))
          checkChange(o, [region], monthsJa(p[3]!, o), Number(p[2]), Number(p[1]), undefined, false);
        else if ((p = /^..のセンサーは四半期のどの月も増えませんでした$/.exec(part))) checkChange(o, [region], [], 0, 3, undefined, true);
        else if ((p = /^..のセンサーは比べられる(\d+)か月（([^（）]+)）のいずれでも増えませんでした$/.exec(part)))
          checkChange(o, [region], [], 0, Number(p[1]), monthsJa(p[2]!, o), false);
        else throw new Error(`unrecognised part of a year-over-year sentence: ${part}`);
      }
    },
  ],
];

/** Words that make a claim about the data: a sentence holding one must match a known pattern. */
const CLAIMS = {
  en: /year earlier|came first|first place|top ten of|region led|per day than|same number of packets|both regions|took in|level/,
  ja: /1年前|前年|首位|最も多かった|上位10件に入|センサーのほうが|入れ替わり|同じでした|同数/,
};

/** The post's paragraphs outside the editors' slots, as plain text. */
function sentences(markdown: string): string[] {
  const slots = findSlots(markdown).slots;
  let text = markdown;
  for (const slot of [...slots].reverse()) text = text.slice(0, slot.open.end) + text.slice(slot.close.start);
  const tree = reader.parse(text) as Root;
  return tree.children
    .filter((n): n is Paragraph => n.type === 'paragraph' && !n.children.some((c) => c.type === 'image'))
    .map((p) => toString(p));
}

function verify(lang: 'en' | 'ja', markdown: string, o: Oracle): string[] {
  const patterns = lang === 'en' ? EN : JA;
  const checked: string[] = [];
  for (const sentence of sentences(markdown)) {
    const known = patterns.find(([pattern]) => pattern.test(sentence));
    if (!known) {
      expect(CLAIMS[lang].test(sentence), `a claim no pattern knows: ${sentence}`).toBe(false);
      continue;
    }
    known[1](known[0].exec(sentence)!, o);
    checked.push(sentence);
  }
  return checked;
}

/** Headings and leads that speak of two regions, or of last year, only when the data has them. */
function verifyFraming(lang: 'en' | 'ja', markdown: string, o: Oracle): void {
  const two = lang === 'en' ? /home and abroad|abroad saw beside/ : /国内と海外のセンサーの比較|国内センサーと並べて/;
  expect(two.test(markdown), 'two-region framing').toBe(o.regions.length === 2);
  const outside = sentences(markdown).join('\n');
  const lastYear = lang === 'en' ? /year earlier|last year|one year before/ : /1年前|前年/;
  const anyPrevious = o.regions.some((r) => o.yoy[r].compared.length > 0);
  if (!anyPrevious) expect(outside, 'mentions last year without its data').not.toMatch(lastYear);
  expect(markdown).not.toMatch(lang === 'en' ? /all two|each of the one|all one/ : /(?<![\d,])[12]台すべて|その差は最大で[\d.]+倍/);
}

/**
 * The figure a post shows for the per-sensor ranks: a heat map up to 30 sensors, the entries' spread
 * beyond; the spread's description states, for the most widespread entries, how many sensors rank each.
 */
function verifySensorFigure(lang: 'en' | 'ja', markdown: string, o: Oracle): void {
  const images = (reader.parse(markdown) as Root).children
    .flatMap((n) => (n.type === 'paragraph' ? n.children : []))
    .filter((n) => n.type === 'image');
  const heatmap = images.some((i) => i.url === `rank-heatmap.${lang}.svg`);
  const spread = images.find((i) => i.url === `entry-spread.${lang}.svg`);
  expect(heatmap, 'a heat map of at most 30 sensors').toBe(o.spread.size > 0 && o.sensorCount <= 30);
  expect(spread !== undefined, 'the spread of over 30 sensors').toBe(o.spread.size > 0 && o.sensorCount > 30);
  if (!spread) return;
  const alt = spread.alt ?? '';
  let [, sensors, limit, shown, points] =
    lang === 'en'
      ? (/^Bar chart of how many of the ([\d,]+) sensors rank each protocol or port in their top (\w+), for the (\w+) ranked by the most sensors: (.+)\.$/.exec(
          alt,
        ) ?? [])
      : (/^([\d,]+)台のセンサーのうち、各プロトコル・ポート番号を上位(\d+)件に含むセンサーの数を示す棒グラフ（含むセンサーの多い順に(\d+)件）。(.+)。$/.exec(
          alt,
        ) ?? []);
  // When every entry shown would be of one tie for the most, the description says so and shows the first of it.
  const tied =
    lang === 'en'
      ? /^Bar chart of how many of the ([\d,]+) sensors rank each protocol or port in their top (\w+)\. ([\d,]+) entries tie for the most, each ranked by ([\d,]+|one) sensors?; the (\w+) of them with the best ranks are shown: (.+)\.$/.exec(
          alt,
        )
      : /^([\d,]+)台のセンサーのうち、各プロトコル・ポート番号を上位(\d+)件に含むセンサーの数を示す棒グラフ。([\d,]+)件が同数（各([\d,]+)台）で最多に並んでいるため、順位の高い(\d+)件を示しています。(.+)。$/.exec(
          alt,
        );
  if (tied) {
    [, sensors, limit, , , shown, points] = tied;
    const counts = [...o.spread.values()];
    const most = Math.max(...counts);
    expect(numberEn(tied[3]!), 'entries tied for the most').toBe(counts.filter((c) => c === most).length);
    expect(numberEn(tied[4]!)).toBe(most);
  }
  expect(points, `a spread description no pattern knows: ${alt}`).toBeDefined();
  expect(numberEn(sensors!)).toBe(o.sensorCount);
  expect(numberEn(limit!)).toBe(10);
  const listed = (lang === 'en' ? splitEn(points!) : splitJa(points!)).map((point) => {
    const [, key, count] = (lang === 'en' ? /^(.+): ([\d,]+)$/ : /^(.+)：([\d,]+)台$/).exec(point)!;
    return { key: key!, count: numberEn(count!) };
  });
  expect(numberEn(shown!)).toBe(listed.length);
  for (const { key, count } of listed) expect(count, `sensors that rank ${key}`).toBe(o.spread.get(key));
  // The most widespread, in order: at most 30 bars, all of them when there are 20 or fewer; nothing
  // left out is ranked by as many sensors as the last one shown (a tie is never cut), unless the
  // description says that one tie fills the chart.
  expect(listed.map((p) => p.count)).toEqual(listed.map((p) => p.count).sort((a, b) => b - a));
  expect(listed.length).toBeLessThanOrEqual(30);
  if (o.spread.size <= 20) expect(listed.length).toBe(o.spread.size);
  const shownKeys = new Set(listed.map((p) => p.key));
  for (const [key, count] of o.spread)
    if (!shownKeys.has(key)) expect(count, `${key}, left out`).toBeLessThan(tied ? listed.at(-1)!.count + 1 : listed.at(-1)!.count);
}

describe('every computed sentence is true of its data', () => {
  it('in English and Japanese, over random datasets without their optional parts', async () => {
    const seen = new Set<string>();
    await fc.assert(
      fc.asyncProperty(datasets, async (dataset) => {
        const o = oracle(dataset);
        const result = await draft(dataset, { svg: false });
        for (const post of result.posts) {
          const lang = post.lang as 'en' | 'ja';
          for (const sentence of verify(lang, post.markdown, o)) {
            seen.add(`${lang} ${EN.concat(JA).findIndex(([p]) => p.test(sentence))}`);
            if (/lists are complete|一覧がそろっている/.test(sentence)) seen.add(`${lang} partial`);
          }
          verifyFraming(lang, post.markdown, o);
          verifySensorFigure(lang, post.markdown, o);
          if (o.sensorCount > 30 && o.spread.size > 0) seen.add(`${lang} spread`);
        }
      }),
      { numRuns: RUNS * 2 },
    );
    // The generator reaches most kinds of sentence in both languages, so the checks above are exercised.
    expect(seen.size).toBeGreaterThan(16);
    expect([...seen].filter((kind) => kind.endsWith(' spread')).sort()).toEqual(['en spread', 'ja spread']);
    expect([...seen].filter((kind) => kind.endsWith(' partial')).sort()).toEqual(['en partial', 'ja partial']);
  }, 120_000);

  it('knows the example’s sentences', async () => {
    const { loadExample } = await import('./helpers.js');
    const example = await loadExample();
    const o = oracle(example);
    const result = await draft(example, { svg: false });
    expect(verify('en', result.posts[0]!.markdown, o)).toHaveLength(6);
    expect(verify('ja', result.posts[1]!.markdown, o)).toHaveLength(6);
  });

  it('catches a false sentence: the oracle disagrees with a tampered post', async () => {
    const { loadExample } = await import('./helpers.js');
    const example = await loadExample();
    const result = await draft(example, { svg: false });
    const tampered = result.posts[0]!.markdown.replace('GRE came first', '23/TCP came first');
    expect(() => verify('en', tampered, oracle(example))).toThrow();
    const unknownClaim = result.posts[1]!.markdown.replace('今回は', '1年前より増えた今回は');
    expect(() => verify('ja', unknownClaim, oracle(example))).toThrow(/a claim no pattern knows/);
  });

  it('never cuts a tie in the spread: it shows the whole tie, or stops before it, or says that one tie fills the chart', async () => {
    // 31 sensors; entry j is in the top list of counts[j] of them (every entry of a list ties for first).
    const spreadOf = (counts: number[]) => {
      const lists: { protocol: string; port: number; packets: number }[][] = Array.from({ length: 31 }, () => []);
      let next = 0;
      counts.forEach((count, j) => {
        for (let k = 0; k < count; k++) lists[next++ % 31]!.push({ protocol: 'TCP', port: 1000 + j, packets: 100 });
      });
      return checkDataset({
        schemaVersion: 1,
        period: { year: 2022, quarter: 1 },
        sensors: lists.map((_, i) => ({ id: `s${i}`, region: 'domestic' })),
        sensorTop: Object.fromEntries(lists.map((list, i) => [`s${i}`, list])),
        dailyAverages: ['2022-01', '2022-02', '2022-03'].map((month) => ({ month, region: 'domestic', packets: 1 })),
      });
    };
    const cases: [number[], number, RegExp][] = [
      [[...Array(18).fill(12), ...Array(4).fill(5), ...Array(3).fill(2)], 22, /for the 22 ranked by the most sensors/],
      [Array(40).fill(1), 20, /40 entries tie for the most, each ranked by one sensor; the 20 of them/],
      [[...Array(5).fill(10), ...Array(35).fill(1)], 5, /for the five ranked by the most sensors/],
    ];
    for (const [counts, bars, description] of cases) {
      const dataset = spreadOf(counts);
      const { posts } = await draft(dataset, { svg: false });
      expect(posts[0]!.markdown).toMatch(description);
      expect(posts[0]!.charts.find((c) => c.id === 'entry-spread')!.spec.data).toMatchObject({ values: expect.any(Array) });
      expect((posts[0]!.charts.find((c) => c.id === 'entry-spread')!.spec.data as { values: unknown[] }).values.length).toBe(bars);
      for (const post of posts) verifySensorFigure(post.lang as 'en' | 'ja', post.markdown, oracle(dataset));
    }
  });

  it('catches a false count in the spread of many sensors', async () => {
    const many = checkDataset({
      schemaVersion: 1,
      period: { year: 2022, quarter: 1 },
      sensors: Array.from({ length: 31 }, (_, i) => ({ id: `s${i}`, region: 'domestic' })),
      sensorTop: Object.fromEntries(
        Array.from({ length: 31 }, (_, i) => [
          `s${i}`,
          [{ protocol: 'TCP', port: 23, packets: 10 }, ...(i % 2 ? [] : [{ protocol: 'GRE', packets: 5 }])],
        ]),
      ),
      dailyAverages: ['2022-01', '2022-02', '2022-03'].map((month) => ({ month, region: 'domestic', packets: 1 })),
    });
    const { posts } = await draft(many, { svg: false });
    expect(posts[0]!.markdown).toContain(
      '![Bar chart of how many of the 31 sensors rank each protocol or port in their top ten, for the two ranked by the most sensors: 23/TCP: 31 and GRE: 16.](entry-spread.en.svg)',
    );
    expect(posts[1]!.markdown).toContain(
      '![31台のセンサーのうち、各プロトコル・ポート番号を上位10件に含むセンサーの数を示す棒グラフ（含むセンサーの多い順に2件）。23/TCP：31台、GRE：16台。](entry-spread.ja.svg)',
    );
    verifySensorFigure('en', posts[0]!.markdown, oracle(many));
    expect(() => verifySensorFigure('en', posts[0]!.markdown.replace('GRE: 16', 'GRE: 15'), oracle(many))).toThrow(/sensors that rank GRE/);
    expect(() =>
      verifySensorFigure('ja', posts[1]!.markdown.replace('23/TCP：31台、GRE：16台', 'GRE：16台、23/TCP：31台'), oracle(many)),
    ).toThrow();
  });
});
