import { loadDataset } from '../dataset/index.js';
import { REGIONS } from '../dataset/schema.js';
import { previousYearMonth, quarterMonths } from '../dataset/period.js';
import { EXIT, UsageError } from './io.js';

export async function validateCommand(args: string[]): Promise<number> {
  if (args.length !== 1) throw new UsageError('validate takes exactly one dataset file');
  const file = args[0]!;
  const dataset = await loadDataset(file);
  const counts = REGIONS.map((region) => `${dataset.sensors.filter((s) => s.region === region).length} ${region}`);
  const entries = Object.values(dataset.sensorTop).reduce((sum, list) => sum + list.length, 0);
  const earlier = new Set(quarterMonths(dataset.period).map(previousYearMonth));
  const earlierRows = dataset.dailyAverages.filter((row) => earlier.has(row.month)).length;
  process.stdout.write(
    `${file}: valid — ${dataset.period.year} Q${dataset.period.quarter}, ${dataset.sensors.length} sensors (${counts.join(', ')}), ` +
      `${entries} sensor entries, ${dataset.sourceCountryTop ? `source country ${dataset.sourceCountryTop.country}` : 'no source country'}, ` +
      `${earlierRows} year-earlier averages\n`,
  );
  return EXIT.ok;
}
