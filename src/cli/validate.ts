import { loadDataset, type Dataset } from '../dataset/index.js';
import { REGIONS } from '../dataset/schema.js';
import { periodMonths, periodName, previousYearMonth } from '../dataset/period.js';
import { printable, DatasetError } from '../messages.js';
import { EXIT, parseCommandArgs, UsageError } from './io.js';
import { VALIDATE } from './options.js';

export async function validateCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, VALIDATE);
  if (positionals.length !== 1) throw new UsageError('validate takes exactly one dataset file');
  if (values.format !== 'text' && values.format !== 'json') throw new UsageError(`--format takes text or json, found ${values.format}`);
  const file = positionals[0]!;
  if (values.format === 'json') {
    // Every problem, however many, as the rows `check --format json` prints.
    try {
      await loadDataset(file);
      process.stdout.write('[]\n');
      return EXIT.ok;
    } catch (error) {
      if (!(error instanceof DatasetError)) throw error;
      const rows = error.problems.map((p) => ({ file: p.file, line: p.line ?? null, column: p.column ?? null, severity: 'error', ruleId: p.ruleId, message: p.reason, jsonPath: p.jsonPath ?? null }));
      process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
      return EXIT.invalidInput;
    }
  }
  const dataset = await loadDataset(file);
  process.stdout.write(`${printable(`${file}: valid — ${summary(dataset)}`)}\n`);
  return EXIT.ok;
}

/** What a valid dataset holds, in one line: the period, then each part it has. */
function summary(dataset: Dataset): string {
  const plural = (n: number, one: string, other: string) => `${n.toLocaleString('en')} ${n === 1 ? one : other}`;
  const parts = [periodName(dataset.period)];
  if (dataset.sensors.length > 0) {
    const counts = REGIONS.map((region) => [dataset.sensors.filter((s) => s.region === region).length, region] as const).filter(([n]) => n > 0).map(([n, region]) => `${n} ${region}`);
    parts.push(`${plural(dataset.sensors.length, 'sensor', 'sensors')} (${counts.join(', ')})`);
    const entries = Object.values(dataset.sensorTop).reduce((sum, list) => sum + list.entries.length, 0);
    parts.push(plural(entries, 'sensor entry', 'sensor entries'));
  }
  if (dataset.sourceCountryTop) parts.push(`source country ${dataset.sourceCountryTop.country}`);
  else if (dataset.sensors.length > 0) parts.push('no source country');
  if (dataset.dailyAverages.length > 0) {
    const earlier = new Set(periodMonths(dataset.period).map(previousYearMonth));
    parts.push(plural(dataset.dailyAverages.filter((row) => earlier.has(row.month)).length, 'year-earlier average', 'year-earlier averages'));
  }
  if (dataset.rankings.length > 0) parts.push(`${plural(dataset.rankings.length, 'ranking', 'rankings')} (${dataset.rankings.map((r) => r.id).join(', ')})`);
  if (dataset.total) parts.push(`${plural(dataset.total.packets, 'packet', 'packets')} in all${dataset.total.previousPackets === undefined ? '' : ` (${dataset.total.previousPackets.toLocaleString('en')} the period before)`}`);
  return parts.join(', ');
}
