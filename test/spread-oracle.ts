/**
 * An oracle for the quantified sensor facts, written from the dataset alone
 * (never from src/analysis): it ranks each sensor's list itself, reads a
 * sentence's entries and counts back, and checks that the data supports them.
 * A sentence it cannot read fails.
 */
import { expect } from 'vitest';
import type { Dataset } from '../src/dataset/index.js';

type Region = 'domestic' | 'overseas';
const NUMBERS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];
const numberOf = (word: string): number => (NUMBERS.includes(word) ? NUMBERS.indexOf(word) : Number(word.replaceAll(',', '')));
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
const regionOfWords = (words: string): Region | undefined =>
  /domestic|国内/.test(words) ? 'domestic' : /overseas|海外/.test(words) ? 'overseas' : undefined;

interface RawSensor {
  id: string;
  region: Region;
  number: number;
  complete: boolean;
  packets?: number;
  entries: { key: string; packets?: number; rank?: number }[];
}

function sensorsOf(dataset: Dataset): RawSensor[] {
  const numbers: Record<Region, number> = { domestic: 0, overseas: 0 };
  return dataset.sensors.map((s) => ({
    id: s.id,
    region: s.region,
    number: ++numbers[s.region],
    complete: dataset.sensorTop[s.id]?.complete ?? true,
    ...(s.packets === undefined ? {} : { packets: s.packets }),
    entries: (dataset.sensorTop[s.id]?.entries ?? []).map((e) => ({
      key: e.port === undefined ? e.protocol : `${e.port}/${e.protocol}`,
      ...(e.packets === undefined ? {} : { packets: e.packets }),
      ...(e.rank === undefined ? {} : { rank: e.rank }),
    })),
  }));
}

/** The keys a sensor's list ranks `limit` or better: 1 + the number of entries with more packets. */
function topKeys(sensor: RawSensor, limit: number): Map<string, number> {
  const rankOf = (e: RawSensor['entries'][number]) => e.rank ?? 1 + sensor.entries.filter((o) => o.packets! > e.packets!).length;
  return new Map(sensor.entries.map((e) => [e.key, rankOf(e)] as const).filter(([, rank]) => rank <= limit));
}

const inRegion = (sensors: RawSensor[], region: Region | undefined) => sensors.filter((s) => region === undefined || s.region === region);

export interface FactCall {
  fact: string;
  attributes: Record<string, string>;
}

/** Checks one English sentence and its Japanese twin; throws when either says what the data does not support. */
export function checkQuantified(call: FactCall, en: string, ja: string, dataset: Dataset, tableLimit = 10): void {
  const sensors = sensorsOf(dataset);
  const region = call.attributes.region as Region | undefined;
  const limit = Number(call.attributes.top ?? tableLimit);
  switch (call.fact) {
    case 'top-spread':
      checkTopSpread(en, ja, inRegion(sensors, region), region, limit, call.attributes.quantifier!);
      return;
    case 'same-top':
      checkSameTop(en, ja, sensors, region, limit);
      return;
    case 'only-in-region':
      checkOnlyIn(en, ja, sensors, region, limit);
      return;
    case 'largest-difference':
      call.attributes.between === 'regions' ? checkRegions(en, ja, dataset) : checkSensorTotals(en, ja, inRegion(sensors, region), region);
      return;
    default:
      throw new Error(`not a quantified fact: ${call.fact}`);
  }
}

interface Group {
  keys: string[];
  count: number;
  atLeast: boolean;
}

interface SpreadClaim {
  n: number;
  region: Region | undefined;
  limit: number;
  groups: Group[];
}

function readTopSpreadEn(en: string): SpreadClaim {
  const head =
    /^(.+?) (?:is|are) in the top (\w+) of (?:(at least )?(\w+) of the (\w+)|all (\w+)|both) ((?:domestic |overseas )?sensors)(.*)\.$/.exec(
      en,
    );
  expect(head, `an English top-spread sentence: ${en}`).not.toBeNull();
  const [, firstKeys, limitWord, atLeast, k, n1, nAll, group, rest] = head!;
  const n = numberOf(n1 ?? nAll ?? 'two');
  const groups: Group[] = [{ keys: splitEn(firstKeys!), count: k ? numberOf(k) : n, atLeast: Boolean(atLeast) }];
  for (const m of rest!
    .replace(/^(?:, and |, | and )/, '')
    .matchAll(/(?:^|, and |, | and )((?:(?! of ).)+?) of (at least )?(?:all )?(\w+(?:,\d{3})*)(?=$|, | and )/g)) {
    groups.push({ keys: splitEn(m[1]!), count: m[3] === 'both' ? 2 : numberOf(m[3]!), atLeast: Boolean(m[2]) });
  }
  return { n, region: regionOfWords(group!), limit: numberOf(limitWord!), groups };
}

function readTopSpreadJa(ja: string): SpreadClaim {
  const head = /^(\d+)台の(?:(国内|海外)の)?センサーのうち、(.+)上位(\d+)件に入っています。$/.exec(ja);
  expect(head, `a Japanese top-spread sentence: ${ja}`).not.toBeNull();
  const groups = [...head![3]!.matchAll(/(?:^|、)((?:(?!は).)+?)は(少なくとも)?(?:(\d+)台(すべて)?で|2台とも)(?=、|$)/g)].map((m) => ({
    keys: splitJa(m[1]!),
    count: m[3] ? Number(m[3]) : 2,
    atLeast: Boolean(m[2]),
  }));
  return { n: Number(head![1]), region: regionOfWords(head![2] ?? ''), limit: Number(head![4]), groups };
}

/** Checks a top-spread sentence in one language or both (then they must say the same). */
export function checkTopSpread(
  en: string | undefined,
  ja: string | undefined,
  sensors: RawSensor[],
  region: Region | undefined,
  limit: number,
  quantifier: string,
): void {
  const claims = [...(en === undefined ? [] : [readTopSpreadEn(en)]), ...(ja === undefined ? [] : [readTopSpreadJa(ja)])];
  if (claims.length === 2) expect(claims[1], 'the Japanese sentence says what the English one does').toEqual(claims[0]);
  const { n, groups } = claims[0]!;
  expect([n, claims[0]!.region, claims[0]!.limit], 'sensors counted, region, limit').toEqual([sensors.length, region, limit]);
  const tops = sensors.map((s) => topKeys(s, limit));
  const shown = (key: string) => tops.filter((t) => t.has(key)).length;
  const undecided = (key: string) => sensors.filter((s, i) => !s.complete && !tops[i]!.has(key)).length;
  for (const g of groups)
    for (const key of g.keys) {
      expect(shown(key), `sensors whose top ${limit} shows ${key}`).toBe(g.count);
      // "k of n" is exact only when no partial list could hold it unseen.
      if (!g.atLeast) expect(undecided(key), `${key}: a list known in part could add to ${g.count}`).toBe(0);
    }
  const said = new Set(groups.flatMap((g) => g.keys));
  const all = new Set(tops.flatMap((t) => [...t.keys()]));
  const belongs = (key: string) =>
    quantifier === 'all' ? shown(key) === n : quantifier === 'any' ? shown(key) > 0 : shown(key) * 2 > n && shown(key) < n;
  for (const key of all) expect(said.has(key), `${key} ${belongs(key) ? 'left out' : 'does not belong'}`).toBe(belongs(key));
}

/** The sensors of a dataset as the oracle reads them. */
export const rawSensors = (dataset: Dataset): RawSensor[] => sensorsOf(dataset);

function checkSameTop(en: string, ja: string, all: RawSensor[], region: Region | undefined, limit: number): void {
  const m =
    /^The (\w+) ((?:domestic |overseas )?sensors) share the same top (\w+), (in the same order|though not in the same order)(?:; the (domestic|overseas) sensors do not)?\.$/.exec(
      en,
    );
  expect(m, `an English same-top sentence: ${en}`).not.toBeNull();
  const sensors = inRegion(all, region);
  const shared = numberOf(m![3]!);
  expect(shared).toBeLessThanOrEqual(limit);
  expect([numberOf(m![1]!), regionOfWords(m![2]!)]).toEqual([sensors.length, region]);
  expect(sensors.length).toBeGreaterThanOrEqual(2);
  expect(
    sensors.every((s) => s.complete),
    'every list complete',
  ).toBe(true);
  const tops = sensors.map((s) => topKeys(s, shared));
  const keys = (t: Map<string, number>) => [...t.keys()].sort().join();
  expect(keys(tops[0]!), 'a top to share').not.toBe('');
  for (const t of tops) expect(keys(t), 'the same entries').toBe(keys(tops[0]!));
  // Shorter lists than the limit: the whole list is the top it names.
  if (shared < limit) for (const s of sensors) expect(topKeys(s, limit).size).toBe(topKeys(s, shared).size);
  const sameOrder = tops.every((t) => [...t].every(([key, rank]) => tops[0]!.get(key) === rank));
  expect(m![4] === 'in the same order', 'the order').toBe(sameOrder);
  const other = m![5] as Region | undefined;
  if (other) {
    expect(region && other !== region).toBeTruthy();
    const others = inRegion(all, other);
    expect(others.length >= 2 && others.every((s) => s.complete), 'the other region can be compared').toBe(true);
    expect(new Set(others.map((s) => keys(topKeys(s, shared)))).size, 'the other region differs').toBeGreaterThan(1);
  }
  const jm =
    /^(\d+)台の(?:(国内|海外)の)?センサーは、上位(\d+)件の(顔ぶれも順位も同じでした|顔ぶれが同じでした（順位は異なります）)。(?:一方、(国内|海外)のセンサーの上位(\d+)件はセンサーによって異なりました。)?$/.exec(
      ja,
    );
  expect(jm, `a Japanese same-top sentence: ${ja}`).not.toBeNull();
  expect([Number(jm![1]), regionOfWords(jm![2] ?? ''), Number(jm![3]), jm![4]!.includes('順位も'), regionOfWords(jm![5] ?? '')]).toEqual([
    sensors.length,
    region,
    shared,
    sameOrder,
    other,
  ]);
}

function checkOnlyIn(en: string, ja: string, all: RawSensor[], region: Region | undefined, limit: number): void {
  expect(
    all.every((s) => s.complete),
    'every list complete',
  ).toBe(true);
  const parts = en.split(/(?<=\.) (?=Only )/);
  const jaParts = ja.split(/(?<=。)/).filter(Boolean);
  expect(jaParts).toHaveLength(parts.length);
  const claimed = parts.map((part, i) => {
    const m = /^Only (?:the (domestic|overseas) sensor has|(domestic|overseas) sensors have) (.+) in (?:its|their) top (\w+)\.$/.exec(part);
    expect(m, `an English only-in-region sentence: ${part}`).not.toBeNull();
    const where = (m![1] ?? m![2]) as Region;
    expect(numberOf(m![4]!)).toBe(limit);
    expect(inRegion(all, where).length === 1, 'one sensor or several').toBe(Boolean(m![1]));
    const jm = /^(.+)が上位(\d+)件に入ったのは(国内|海外)のセンサーだけでした。$/.exec(jaParts[i]!);
    expect(jm, `a Japanese only-in-region sentence: ${jaParts[i]}`).not.toBeNull();
    expect([splitJa(jm![1]!), Number(jm![2]), regionOfWords(jm![3]!)]).toEqual([splitEn(m![3]!), limit, where]);
    return { where, keys: splitEn(m![3]!) };
  });
  for (const where of region ? [region] : (['domestic', 'overseas'] as const)) {
    const inside = new Set(inRegion(all, where).flatMap((s) => [...topKeys(s, limit).keys()]));
    const outside = new Set(all.filter((s) => s.region !== where).flatMap((s) => [...topKeys(s, limit).keys()]));
    const only = [...inside].filter((key) => !outside.has(key)).sort();
    expect(
      claimed
        .filter((c) => c.where === where)
        .flatMap((c) => c.keys)
        .sort(),
      `only at ${where} sensors`,
    ).toEqual(only);
  }
}

/** The name a sensor is given in a sentence: its English label, or region and number. */
const nameOf = (s: RawSensor, dataset?: Dataset) =>
  dataset?.sensors.find((d) => d.id === s.id)?.label?.en ?? `${s.region === 'domestic' ? 'Domestic' : 'Overseas'} sensor ${s.number}`;

function checkClose(largest: number, smallest: number, percent: number): void {
  expect(smallest, 'nothing is said when the smallest is 0').toBeGreaterThan(0);
  expect((largest - smallest) * 100, `less than ${percent}%`).toBeLessThan(percent * smallest || Number.MIN_VALUE);
  if (percent > 1) expect((largest - smallest) * 100, `no tighter bound than ${percent}%`).toBeGreaterThanOrEqual((percent - 1) * smallest);
}

function checkSensorTotals(en: string, ja: string, sensors: RawSensor[], region: Region | undefined): void {
  const compared = sensors.filter((s) => s.packets !== undefined);
  const totals = compared.map((s) => s.packets!);
  const [largest, smallest] = [Math.max(...totals), Math.min(...totals)];
  const close =
    /^The packet totals of the (\w+) ((?:domestic |overseas )?sensors) that report one differed by less than (\d+)% over the (?:quarter|year|fiscal year)\.$/.exec(
      en,
    );
  const ratio =
    /^Of the (\w+) ((?:domestic |overseas )?sensors) that report a packet total, (.+) received the most over the (?:quarter|year|fiscal year), about ([\d.]+) times as many as (.+)\.$/.exec(
      en,
    );
  const m = close ?? ratio;
  expect(m, `an English largest-difference sentence: ${en}`).not.toBeNull();
  expect([numberOf(m![1]!), regionOfWords(m![2]!)]).toEqual([compared.length, region]);
  expect(compared.length).toBeGreaterThanOrEqual(2);
  const jm =
    /^受信パケット総数がわかる(\d+)台の(?:(国内|海外)の)?センサー(?:では、.+の受信パケット数の差は(\d+)%未満でした|のうち、.+に最も多く受信したのは(.+)で、最も少なかった(.+)の約([\d.]+)倍でした)。$/.exec(
      ja,
    );
  expect(jm, `a Japanese largest-difference sentence: ${ja}`).not.toBeNull();
  expect([Number(jm![1]), regionOfWords(jm![2] ?? '')]).toEqual([compared.length, region]);
  if (close) {
    checkClose(largest, smallest, Number(close[3]));
    expect(jm![3]).toBe(close[3]);
    return;
  }
  expect((largest - smallest) * 10, 'at least 10% apart').toBeGreaterThanOrEqual(smallest);
  expect(smallest).toBeGreaterThan(0);
  expect(Number(ratio![4])).toBeCloseTo(largest / smallest, 1);
  const names = (total: number) =>
    compared
      .filter((s) => s.packets === total)
      .map((s) => nameOf(s))
      .sort();
  expect(splitEn(ratio![3]!).sort(), 'the busiest').toEqual(names(largest));
  expect(splitEn(ratio![5]!).sort(), 'the quietest').toEqual(names(smallest));
  expect([splitJa(jm![4]!).length, splitJa(jm![5]!).length, jm![6]]).toEqual([names(largest).length, names(smallest).length, ratio![4]]);
}

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

function checkRegions(en: string, ja: string, dataset: Dataset): void {
  const months = [...new Set(dataset.dailyAverages.map((d) => d.month))].filter(
    (month) =>
      dataset.dailyAverages.some((d) => d.month === month && d.region === 'domestic') &&
      dataset.dailyAverages.some((d) => d.month === month && d.region === 'overseas'),
  );
  const current = months.filter((month) => !months.includes(`${Number(month.slice(0, 4)) + 1}${month.slice(4)}`));
  const at = (month: string, region: Region) => dataset.dailyAverages.find((d) => d.month === month && d.region === region)!.packets;
  const pairs = current.map((month) => ({
    month,
    high: Math.max(at(month, 'domestic'), at(month, 'overseas')),
    low: Math.min(at(month, 'domestic'), at(month, 'overseas')),
  }));
  const close =
    /^In every month of the (?:quarter|year|fiscal year), the daily packets of the average domestic and the average overseas sensor differed by less than (\d+)%\.$/.exec(
      en,
    );
  const ratio =
    /^The regions differed most in (.+), when the average (domestic|overseas) sensor took in about ([\d.]+) times as many packets per day as the average (domestic|overseas) sensor\.$/.exec(
      en,
    );
  expect(close ?? ratio, `an English largest-difference sentence: ${en}`).not.toBeNull();
  if (close) {
    for (const p of pairs) expect((p.high - p.low) * 100).toBeLessThan(Number(close[1]) * p.low || Number.MIN_VALUE);
    expect(ja).toMatch(new RegExp(`国内と海外で${close[1]}%未満の差でした。$`));
    return;
  }
  const ratioOf = (p: { high: number; low: number }) => (p.high === p.low ? 1 : p.high / p.low);
  const named = splitEn(ratio![1]!).map((name) => current.find((m) => EN_MONTHS[Number(m.slice(5)) - 1] === name)!);
  const widest = Math.max(...pairs.map(ratioOf));
  for (const month of named) {
    const p = pairs.find((q) => q.month === month)!;
    expect(ratioOf(p), `${month} is the widest`).toBe(widest);
    expect(at(month, ratio![2] as Region), `${ratio![2]} higher in ${month}`).toBe(p.high);
  }
  expect(named.length, 'every widest month named').toBe(pairs.filter((p) => ratioOf(p) === widest).length);
  expect(Number(ratio![3])).toBeCloseTo(widest, 1);
  expect((widest - 1) * 10).toBeGreaterThanOrEqual(1 - 1e-9);
  const jm =
    /^国内と海外の差が最も大きかったのは(.+)で、センサー1台あたりの1日の受信パケット数は(国内|海外)が(国内|海外)の約([\d.]+)倍でした。$/.exec(
      ja,
    );
  expect(jm, `a Japanese largest-difference sentence: ${ja}`).not.toBeNull();
  expect([splitJa(jm![1]!).map((m) => Number(m.replace('月', ''))), regionOfWords(jm![2]!), jm![4]]).toEqual([
    named.map((m) => Number(m.slice(5))),
    ratio![2],
    ratio![3],
  ]);
}
