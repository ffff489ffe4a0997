/**
 * Writes `examples/aggregate/`: `observations.csv`, a few thousand invented rows of October-
 * December 2021 and the same months of 2020 in the long format, from a fixed seed, with the
 * sensors list and category labels that go with it. `npm run examples` runs it, then aggregates
 * them to `dataset.json` and drafts that; a test keeps the four in step.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { periodDayList, previousYearMonth, daysInMonth } from '../dataset/period.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
export const AGGREGATE_EXAMPLE = join(root, 'examples/aggregate');

/** mulberry32: a small seeded generator, so the file is the same on every machine. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SENSORS = [
  { id: 'dom-1', region: 'domestic', label: { en: 'Tokyo', ja: '東京' } },
  { id: 'dom-2', region: 'domestic', label: { en: 'Osaka', ja: '大阪' } },
  { id: 'ovs-1', region: 'overseas', label: { en: 'Frankfurt', ja: 'フランクフルト' } },
  { id: 'ovs-2', region: 'overseas', label: { en: 'São Paulo', ja: 'サンパウロ' } },
] as const;
/** Destination ports with a weight each: the first ones are hit most. */
const PORTS: [string, number | undefined, number][] = [
  ['TCP', 23, 40],
  ['TCP', 445, 18],
  ['TCP', 22, 15],
  ['TCP', 80, 10],
  ['TCP', 6379, 8],
  ['TCP', 3389, 7],
  ['TCP', 8080, 6],
  ['UDP', 123, 5],
  ['UDP', 53, 5],
  ['TCP', 2323, 4],
  ['ICMP', undefined, 4],
  ['TCP', 5555, 3],
  ['UDP', 1900, 2],
  ['GRE', undefined, 1],
];
const COUNTRIES = ['CN', 'US', 'JP', 'RU', 'NL', 'BR', 'KR', 'DE'];
const CATEGORIES = ['mirai', 'scanner', ''];

export function exampleObservations(): string {
  const next = random(20211001);
  const rows = ['day,sensor,protocol,port,packets,source_country,category,source_addresses'];
  const october2020 = '2020-10';
  const earlier = ['2021-10', '2021-11', '2021-12'].map(previousYearMonth);
  const days = [
    ...periodDayList({ year: 2021, quarter: 4 }),
    // A year earlier, only two sensors reported, and only on Mondays and Thursdays.
    ...earlier.flatMap((month) => Array.from({ length: daysInMonth(month) }, (_, i) => `${month}-${String(i + 1).padStart(2, '0')}`)),
  ];
  for (const day of days) {
    const past = day < '2021-01-01';
    const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
    if (past && weekday !== 1 && weekday !== 4) continue;
    for (const sensor of SENSORS) {
      if (past && !['dom-1', 'ovs-1'].includes(sensor.id)) continue;
      // ovs-2 was down from November 10 to 16 (the sensors list says so); dom-2 was up on
      // December 24 but sent nothing (a day of zero in its average).
      if (sensor.id === 'ovs-2' && day >= '2021-11-10' && day <= '2021-11-16') continue;
      if (sensor.id === 'dom-2' && day === '2021-12-24') continue;
      const scale = (sensor.region === 'domestic' ? 1 : 1.6) * (day.startsWith(october2020) ? 0.8 : 1);
      for (const [protocol, port, weight] of PORTS) {
        if (next() < 0.25) continue;
        const country = COUNTRIES[Math.floor(next() ** 2 * COUNTRIES.length)]!;
        const category =
          protocol === 'TCP' && (port === 23 || port === 2323) ? CATEGORIES[Math.floor(next() * 2)]! : CATEGORIES[Math.floor(next() * 3)]!;
        // Round hundreds now and then, so that some entries tie.
        const raw = weight * scale * (20 + 80 * next());
        const packets = next() < 0.3 ? Math.round(raw / 100) * 100 : Math.round(raw);
        const sources = Math.max(1, Math.round(packets / (5 + 20 * next())));
        rows.push([day, sensor.id, protocol, port ?? '', packets, next() < 0.05 ? '' : country, category, sources].join(','));
      }
    }
  }
  return `${rows.join('\n')}\n`;
}

/** The command line that aggregates the example, from the repository's root. */
export const AGGREGATE_EXAMPLE_ARGS = [
  'aggregate',
  'examples/aggregate/observations.csv',
  '--period',
  '2021-q4',
  '--sensors',
  'examples/aggregate/sensors.json',
  '--categories',
  'examples/aggregate/categories.json',
  '--country',
  'JP',
  '--out',
  'examples/aggregate/dataset.json',
  '--force',
];

export const exampleSensors = () =>
  SENSORS.map((sensor) => ({
    ...sensor,
    up: sensor.id === 'ovs-2' ? ['2021-10-01/2021-11-09', '2021-11-17/2021-12-31'] : ['2021-10-01/2021-12-31'],
  }));
export const exampleCategories = () => ({
  mirai: { label: { en: 'Mirai-type', ja: 'Mirai型' } },
  scanner: { label: { en: 'Scanner', ja: 'スキャナー' } },
});

/** Writes the example's inputs, then aggregates them with the built command. */
export function writeAggregateExample(): void {
  mkdirSync(AGGREGATE_EXAMPLE, { recursive: true });
  writeFileSync(join(AGGREGATE_EXAMPLE, 'observations.csv'), exampleObservations());
  writeFileSync(join(AGGREGATE_EXAMPLE, 'sensors.json'), `${JSON.stringify(exampleSensors(), null, 2)}\n`);
  writeFileSync(join(AGGREGATE_EXAMPLE, 'categories.json'), `${JSON.stringify(exampleCategories(), null, 2)}\n`);
  const run = spawnSync(process.execPath, [join(root, 'dist/bin/telescope-report.mjs'), ...AGGREGATE_EXAMPLE_ARGS], {
    cwd: root,
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`aggregating the example failed:\n${run.stderr}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) writeAggregateExample();
