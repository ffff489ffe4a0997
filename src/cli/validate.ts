import { loadDataset, type Dataset } from '../dataset/index.js';
import { REGIONS } from '../dataset/schema.js';
import { periodMonths, periodName, previousYearMonth } from '../dataset/period.js';
import { printable } from '../messages.js';
import { EXIT, formatOf, parseCommandArgs, printJson, UsageError } from './io.js';
import { VALIDATE } from './options.js';

export async function validateCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, VALIDATE);
  if (positionals.length !== 1) throw new UsageError('validate takes exactly one dataset file');
  const file = positionals[0]!;
  // The options are checked before the file is read: a wrong --format is the first thing to say.
  const format = formatOf(values);
  // With --format json every problem, however many, is printed as rows by reportError (io.ts).
  const dataset = await loadDataset(file);
  if (format === 'json') {
    printJson(facts(file, dataset));
    return EXIT.ok;
  }
  process.stdout.write(`${printable(`${file}: valid — ${summary(dataset)}`)}\n`);
  return EXIT.ok;
}

/** What a valid dataset holds, as `validate --format json` prints it: the facts of the text summary. */
function facts(file: string, dataset: Dataset) {
  const earlier = new Set(periodMonths(dataset.period).map(previousYearMonth));
  return {
    file,
    valid: true,
    period: periodName(dataset.period),
    sensors: dataset.sensors.length,
    sensorsByRegion: Object.fromEntries(
      REGIONS.map((region) => [region, dataset.sensors.filter((s) => s.region === region).length] as const).filter(([, n]) => n > 0),
    ),
    sensorEntries: Object.values(dataset.sensorTop).reduce((sum, list) => sum + list.entries.length, 0),
    sourceCountry: dataset.sourceCountryTop?.country ?? null,
    yearEarlierAverages: dataset.dailyAverages.filter((row) => earlier.has(row.month)).length,
    rankings: dataset.rankings.map((r) => r.id),
    packets: dataset.total?.packets ?? null,
    previousPackets: dataset.total?.previousPackets ?? null,
  };
}

/** What a valid dataset holds, in one line: the period, then each part it has. */
function summary(dataset: Dataset): string {
  const plural = (n: number, one: string, other: string) => `${n.toLocaleString('en')} ${n === 1 ? one : other}`;
  const parts = [periodName(dataset.period)];
  if (dataset.sensors.length > 0) {
    const counts = REGIONS.map((region) => [dataset.sensors.filter((s) => s.region === region).length, region] as const)
      .filter(([n]) => n > 0)
      .map(([n, region]) => `${n} ${region}`);
    parts.push(`${plural(dataset.sensors.length, 'sensor', 'sensors')} (${counts.join(', ')})`);
    const entries = Object.values(dataset.sensorTop).reduce((sum, list) => sum + list.entries.length, 0);
    parts.push(plural(entries, 'sensor entry', 'sensor entries'));
  }
  if (dataset.sourceCountryTop) parts.push(`source country ${dataset.sourceCountryTop.country}`);
  else if (dataset.sensors.length > 0) parts.push('no source country');
  if (dataset.dailyAverages.length > 0) {
    const earlier = new Set(periodMonths(dataset.period).map(previousYearMonth));
    parts.push(
      plural(dataset.dailyAverages.filter((row) => earlier.has(row.month)).length, 'year-earlier average', 'year-earlier averages'),
    );
  }
  if (dataset.rankings.length > 0)
    parts.push(`${plural(dataset.rankings.length, 'ranking', 'rankings')} (${dataset.rankings.map((r) => r.id).join(', ')})`);
  if (dataset.total)
    parts.push(
      `${plural(dataset.total.packets, 'packet', 'packets')} in all${dataset.total.previousPackets === undefined ? '' : ` (${dataset.total.previousPackets.toLocaleString('en')} the period before)`}`,
    );
  return parts.join(', ');
}
