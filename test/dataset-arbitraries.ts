/**
 * Random datasets for the tests of validation: valid ones of both versions
 * (labels and ids with colons, quotes and backslashes; sensors named like
 * Object's members; ranked and counted lists, categories, series), items near
 * the shape of each kind of list, and damage to a dataset's value and text.
 */
import fc from 'fast-check';

// ---- Random datasets -------------------------------------------------------------------------

const text = fc.constantFrom('Sensor A', 'a:b', 'センサー: 東京', ' spaced ', 'x"y\\z', '😀', 'שלום');
const portEntry = fc.record({ protocol: fc.constantFrom('TCP', 'udp', 'Sctp'), port: fc.integer({ min: 0, max: 65535 }) });
const plainEntry = fc.record({ protocol: fc.constantFrom('GRE', 'ICMP', 'esp', 'IPv6-ICMP') });
const identity = (entry: { protocol: string; port?: number }) => `${entry.protocol.toUpperCase()} ${entry.port ?? ''}`;
const protocols = (min = 0) => fc.uniqueArray(fc.oneof(portEntry, plainEntry), { minLength: min, maxLength: 8, selector: identity });
const counted = (min = 0) =>
  protocols(min).chain((list) =>
    fc.tuple(...list.map(() => fc.nat(1_000_000))).map((packets) => list.map((entry, i) => ({ ...entry, packets: packets[i]! }))),
  );
const labels = fc.option(fc.record({ en: text, ja: text }, { requiredKeys: ['en'] }), { nil: undefined });
const SENSOR_IDS = ['s-1', 'a:b', 'constructor', 'x.y@z', 'toString'];
const sensorsOf = fc.uniqueArray(
  fc.record({ id: fc.constantFrom(...SENSOR_IDS), region: fc.constantFrom('domestic', 'overseas'), label: labels }),
  { minLength: 1, maxLength: 4, selector: (s) => s.id },
);
const clean = <T extends object>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
const averages = (months: string[], regions: string[]) =>
  regions.flatMap((region) => months.map((month, i) => ({ month, region, packets: i * 10.5 })));

export const datasetV1 = fc
  .record({
    quarter: fc.integer({ min: 1, max: 4 }),
    sensors: sensorsOf,
    lists: fc.array(counted(), { minLength: 4, maxLength: 4 }),
    source: fc.option(counted(1)),
  })
  .map(({ quarter, sensors, lists, source }) =>
    clean({
      schemaVersion: 1,
      period: { year: 2022, quarter },
      sensors,
      ...(source ? { sourceCountryTop: { country: 'JP', entries: source } } : {}),
      sensorTop: Object.fromEntries(sensors.map((s, i) => [s.id, lists[i]!])),
      dailyAverages: averages(
        [1, 2, 3].map((m) => `2022-${String((quarter - 1) * 3 + m).padStart(2, '0')}`),
        [...new Set(sensors.map((s) => s.region))],
      ),
    }),
  );

/** Ranks 1..n in a random order, or counts; previous ranks distinct, so always consistent. */
const standing = (list: object[]) =>
  fc
    .record({
      ranked: fc.boolean(),
      previous: fc.boolean(),
      order: fc.shuffledSubarray([...list.keys()], { minLength: list.length, maxLength: list.length }),
      packets: fc.array(fc.nat(1000), { minLength: list.length, maxLength: list.length }),
    })
    .map(({ ranked, previous, order, packets }) =>
      list.map((entry, i) => ({
        ...entry,
        ...(ranked
          ? { rank: order[i]! + 1 }
          : { packets: packets[i]!, ...(i === 0 ? { categories: { mirai: Math.min(1, packets[i]!) } } : {}) }),
        ...(previous ? { previousRank: i % 3 === 2 ? null : 2 * i + 1 } : {}),
      })),
    );
const ranking = fc.oneof(
  protocols(1)
    .chain((list) => standing(list))
    .map((entries) => ({ subject: 'port', entries })),
  fc
    .uniqueArray(fc.constantFrom('JP', 'US', 'CN', 'DE', 'XK'), { minLength: 1, maxLength: 4 })
    .chain((regions) => standing(regions.map((region) => ({ region }))))
    .map((entries) => ({ subject: 'region', entries })),
);
const DAYS = Array.from({ length: 28 }, (_, i) => `2022-01-${String(i + 1).padStart(2, '0')}`);
const series = fc
  .record({
    daily: fc.boolean(),
    groups: fc.constantFrom([undefined], ['a', 'b:c', '23/TCP']),
    times: fc.uniqueArray(fc.constantFrom(...DAYS), { minLength: 1, maxLength: 6 }),
    label: labels,
  })
  .map(({ daily, groups, times, label }) => ({
    id: 'ports-daily',
    unit: 'packets',
    ...(label ? { label } : {}),
    points: (daily ? times : ['2022-01']).flatMap((time, t) =>
      groups.map((group) => ({ ...(daily ? { date: time } : { month: time }), ...(group ? { group } : {}), value: t * 1.5 })),
    ),
  }));

export const datasetV2 = fc
  .record({
    period: fc.constantFrom({ year: 2022, quarter: 1 }, { year: 2022 }, { fiscalYear: 2021, startMonth: 4 }),
    sensors: fc.option(sensorsOf, { nil: undefined }),
    lists: fc.array(fc.tuple(counted(), fc.boolean()), { minLength: 4, maxLength: 4 }),
    source: fc.option(counted(1)),
    rankings: fc.array(ranking, { maxLength: 3 }),
    series: fc.option(series, { nil: undefined }),
    total: fc.boolean(),
    publishedOn: fc.option(fc.constantFrom('2022-04-01', '2023-01-15'), { nil: undefined }),
  })
  .map(({ period, sensors, lists, source, rankings, series, total, publishedOn }) => {
    const months =
      'quarter' in period
        ? ['2022-01', '2022-02', '2022-03']
        : Array.from({ length: 12 }, (_, i) =>
            'fiscalYear' in period
              ? i < 9
                ? `2021-${String(i + 4).padStart(2, '0')}`
                : `2022-0${i - 8}`
              : `2022-${String(i + 1).padStart(2, '0')}`,
          );
    return clean({
      $schema: '../dataset.schema.json',
      schemaVersion: 2,
      period,
      publishedOn,
      categories: { mirai: { label: { en: 'Mirai: botnet', ja: 'Mirai 系' } } },
      ...(sensors
        ? {
            sensors: sensors.map((s, i) => ({ ...s, ...(i % 2 ? { packets: 12.5 } : {}) })),
            sensorTop: Object.fromEntries(
              sensors.map((s, i) => [s.id, lists[i]![1] ? lists[i]![0] : { entries: lists[i]![0], complete: false }]),
            ),
          }
        : {}),
      ...(source
        ? {
            sourceCountryTop: {
              country: 'JP',
              entries: source.map((e, i) => (i === 0 ? { ...e, categories: { mirai: 0 } } : e)),
              ...(source.length % 2 ? { complete: false } : {}),
            },
          }
        : {}),
      dailyAverages: sensors ? averages(months, [...new Set(sensors.map((s) => s.region))]) : [],
      rankings: rankings.map((r, i) => ({ id: `top-${i}`, ...(i === 2 ? { scope: { region: 'domestic' }, complete: false } : {}), ...r })),
      ...(total ? { total: { packets: 1e9, previousPackets: 5e8 } } : {}),
      ...(series ? { series: [series] } : {}),
    });
  });

// ---- Items of lists ------------------------------------------------------------------------------

const long = (length: number) => 'x'.repeat(length);
const FIELD_VALUES: Record<string, unknown[]> = {
  protocol: ['TCP', 'udp', 'GRE', '', long(32), long(33), 5, null],
  port: [0, -0, 23, 65535, 65536, -1, 1.5, '23', null],
  packets: [0, -0, 1.5, 1e308, -1, '1', null, true],
  rank: [1, 1_000_000, 1_000_001, 0, 2.5, null],
  previousRank: [null, 1, 0, 7, 'x', 1_000_001],
  categories: [{}, { mirai: 1 }, { a: 1, 2: 0.5 }, { a: -1 }, { a: '1' }, [], null, 'a'],
  region: ['JP', 'XK', 'jp', 'JPN', '', 7],
  date: ['2022-01-31', '2024-02-29', '2023-02-29', '2022-1-1', '2022-01-01T00:00', '', 20220101],
  month: ['2022-01', '2022-12', '2022-13', '2022-1', ''],
  group: ['a', 'b:c', '', ' ', long(64), long(65), 3],
  value: [0, 2.5, -1, '1', null],
  extra: [1],
};
/** Items near a kind's shape: each of its fields absent or one of the values above (most of them fine), keys in any order, now and then a field of another kind. */
export const itemOf = (fields: readonly string[]) =>
  fc
    .record({
      values: fc.tuple(...fields.map((field) => fc.option(fc.constantFrom(...FIELD_VALUES[field]!), { freq: 3 }))),
      other: fc.option(fc.constantFrom(...Object.keys(FIELD_VALUES)), { freq: 1, nil: undefined }),
      order: fc.shuffledSubarray([...fields.keys()], { minLength: fields.length, maxLength: fields.length }),
    })
    .map(({ values, other, order }) => ({
      ...Object.fromEntries(order.filter((i) => values[i] !== null).map((i) => [fields[i]!, values[i]])),
      ...(other && !fields.includes(other) ? { [other]: FIELD_VALUES[other]![0] } : {}),
    }));

// ---- Damage -------------------------------------------------------------------------------------

const EDGE_VALUES: unknown[] = [
  0,
  -1,
  1.5,
  65536,
  1_000_001,
  2 ** 53,
  '',
  ' ',
  'TCP',
  'tcp',
  '23/tcp',
  'x:y',
  'JP',
  'jp',
  '2022-01',
  '2022-13',
  '2022-02-30',
  null,
  true,
  [],
  {},
  { protocol: 'GRE', packets: 1 },
  [{ protocol: 'TCP', packets: 1 }],
];
const KEYS = [
  'protocol',
  'port',
  'packets',
  'rank',
  'previousRank',
  'categories',
  'region',
  'date',
  'month',
  'group',
  'value',
  'entries',
  'complete',
  'label',
  'extra',
  '__proto__',
  'constructor',
  'a:b',
];
const TEXT_DAMAGE = ['none', 'none', 'bom', 'repeat-key', 'escape-colon', 'huge-number', 'space-before-colon'] as const;

interface Damage {
  op: 'set' | 'delete' | 'add' | 'reverse-keys' | 'repeat-item';
  at: number;
  value: unknown;
  key: string;
}
const oneDamage = fc.record({
  op: fc.constantFrom('set', 'delete', 'add', 'reverse-keys', 'repeat-item'),
  at: fc.nat(),
  value: fc.constantFrom(...EDGE_VALUES),
  key: fc.constantFrom(...KEYS),
}) as fc.Arbitrary<Damage>;
export const damage = fc.record({
  values: fc.array(oneDamage, { minLength: 0, maxLength: 2 }),
  text: fc.constantFrom(...TEXT_DAMAGE),
  at: fc.nat(),
});

type Container = Record<string, unknown> | unknown[];
function containers(value: unknown, found: Container[] = []): Container[] {
  if (typeof value !== 'object' || value === null) return found;
  found.push(value as Container);
  for (const item of Object.values(value)) containers(item, found);
  return found;
}

export function damaged(original: object, damages: { values: Damage[]; text: (typeof TEXT_DAMAGE)[number]; at: number }): string {
  const value = structuredClone(original);
  for (const { op, at, value: edge, key } of damages.values) {
    const all = containers(value);
    const target = all[at % all.length]!;
    const keys = Object.keys(target);
    const chosen = keys[at % Math.max(1, keys.length)];
    const copy = structuredClone(edge);
    if (op === 'set' && chosen !== undefined) (target as Record<string, unknown>)[chosen] = copy;
    else if (op === 'delete' && chosen !== undefined) Array.isArray(target) ? target.splice(Number(chosen), 1) : delete target[chosen];
    else if (op === 'add')
      Array.isArray(target)
        ? target.push(copy)
        : Object.defineProperty(target, key, { value: copy, enumerable: true, writable: true, configurable: true });
    else if (op === 'repeat-item' && Array.isArray(target) && target.length > 0) target.push(structuredClone(target[0]));
    else if (op === 'reverse-keys' && !Array.isArray(target)) {
      const entries = Object.entries(target).reverse();
      for (const [name] of entries) delete target[name];
      for (const [name, item] of entries)
        Object.defineProperty(target, name, { value: item, enumerable: true, writable: true, configurable: true });
    }
  }
  let out = JSON.stringify(value, null, damages.at % 3);
  switch (damages.text) {
    case 'bom':
      return `\uFEFF${out}`;
    case 'space-before-colon':
      return out.replaceAll('":', '" :');
    case 'escape-colon':
      return out.replace('a:b', 'a\\u003ab').replace('x:y', 'x\\u003Ay');
    case 'huge-number':
      return out.replace(/"(packets|value)": ?\d+/, '"$1":1e400');
    case 'repeat-key': {
      // A member written again, in some object: `"key": value` copied right after itself.
      const members = [...out.matchAll(/"([a-zA-Z$:]+)": ?("[^"]*"|-?\d[\d.e+-]*|true|false|null)/g)];
      if (members.length === 0) return out;
      const member = members[damages.at % members.length]!;
      const end = member.index + member[0].length;
      out = `${out.slice(0, end)},${member[0]}${out.slice(end)}`;
      return out;
    }
    default:
      return out;
  }
}
