/** `init`: a dataset skeleton for a period, every part of the contract present and valid, every value a placeholder. */
import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { periodMonths, type Period } from '../dataset/period.js';
import { REGIONS } from '../dataset/schema.js';
import { writeFileAtomic } from '../output/files.js';
import { PACKAGE_ROOT } from '../package-root.js';
import { printable } from '../messages.js';
import { EXIT, parseCommandArgs, UsageError } from './io.js';
import { INIT } from './options.js';

const PERIOD_FORMS = '2025-q1 (a quarter), 2025 (a calendar year), fy2024 (a fiscal year from April) or fy2024-10 (from October)';

/** `2025-q1`, `2025`, `fy2024`, `fy2024-04`: the spellings `periodId` writes. */
export function parsePeriod(text: string): Period {
  const match = /^(?:(\d{4})-q([1-4])|(\d{4})|fy(\d{4})(?:-(0[1-9]|1[0-2]))?)$/i.exec(text);
  const bad = () => new UsageError(`--period takes ${PERIOD_FORMS}, found ${JSON.stringify(text)}`);
  if (!match) throw bad();
  const [, qYear, quarter, year, fiscalYear, startMonth] = match;
  const inRange = (y: string) => Number(y) >= 1970;
  if (qYear) return inRange(qYear) ? { year: Number(qYear), quarter: Number(quarter) } : (() => { throw bad(); })();
  if (year) return inRange(year) ? { year: Number(year) } : (() => { throw bad(); })();
  // A fiscal year must end by December 9999 (the contract's last month).
  const fiscal = { fiscalYear: Number(fiscalYear), startMonth: startMonth ? Number(startMonth) : 4 };
  if (!inRange(fiscalYear!) || (fiscal.fiscalYear === 9999 && fiscal.startMonth !== 1)) throw bad();
  return fiscal;
}

/** The skeleton: obviously placeholder sensors, zero counts, empty lists where the contract allows them. */
export function datasetSkeleton(period: Period, schemaPath: string): Record<string, unknown> {
  const sensors = REGIONS.map((region) => ({ id: `example-${region}-1`, region, label: { en: `Example ${region} sensor (replace)`, ja: `${region === 'domestic' ? '国内' : '海外'}センサー例（要置換）` } }));
  return {
    $schema: schemaPath,
    schemaVersion: 2,
    period,
    sensors,
    sourceCountryTop: { country: 'JP', entries: [], complete: true },
    sensorTop: Object.fromEntries(sensors.map((sensor) => [sensor.id, []])),
    dailyAverages: REGIONS.flatMap((region) => periodMonths(period).map((month) => ({ month, region, packets: 0 }))),
    rankings: [
      { id: 'destination-ports', subject: 'port', entries: [] },
      { id: 'source-regions', subject: 'region', entries: [] },
    ],
    total: { packets: 0 },
    categories: { 'example-category': { label: { en: 'Example category (replace)', ja: 'カテゴリー例（要置換）' } } },
    series: [{ id: 'example-series', unit: 'packets', label: { en: 'Example series (replace)', ja: '系列例（要置換）' }, points: [] }],
  };
}

export async function initCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, INIT);
  if (positionals.length > 0) throw new UsageError(`init takes no arguments, found ${JSON.stringify(positionals[0])}`);
  if (values.period === undefined) throw new UsageError('init needs --period');
  const period = parsePeriod(values.period);
  const out = values.out ?? 'dataset.json';
  if (existsSync(out) && !values.force) {
    process.stderr.write(`${printable(`telescope-report: ${out}: expected a new file, found one already there: nothing was written (--force replaces it)`)}\n`);
    return EXIT.invalidInput;
  }
  // The schema of the telescope-report that wrote the file: node_modules/telescope-report/… when installed, the clone's own otherwise.
  const schema = relative(dirname(resolve(out)), join(PACKAGE_ROOT, 'src/dataset/dataset.schema.json')).split(sep).join('/');
  await writeFileAtomic(out, `${JSON.stringify(datasetSkeleton(period, schema), null, 2)}\n`);
  process.stdout.write(`${printable(`${out}: written — a skeleton for ${values.period}; replace every example value before drafting for real`)}\n`);
  return EXIT.ok;
}
