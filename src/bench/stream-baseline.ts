/**
 * The benchmark's baseline: what a plain streaming Node script does with the observations as CSV,
 * line by line, summing into Maps the same partial sums as the map step (per day × sensor ×
 * protocol × port, and per month × source country × protocol × port × category), then the total
 * and each sensor's top list. No checks, no output: the least a hand-written aggregation does.
 * Prints `{ ms, peakMiB, rows }`.
 *
 * Usage: node dist/bench/stream-baseline.js <observations.csv>
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

const started = performance.now();
const bySensorDay = new Map<string, number>();
const byCountry = new Map<string, number>();
let rows = 0;
let header = true;
for await (const line of createInterface({ input: createReadStream(process.argv[2]!), crlfDelay: Infinity })) {
  if (header) {
    header = false;
    continue;
  }
  const [day, sensor, protocol, port, packets, country, category] = line.split(',');
  const count = Number(packets);
  const sensorKey = `${day},${sensor},${protocol!.toUpperCase()},${port}`;
  bySensorDay.set(sensorKey, (bySensorDay.get(sensorKey) ?? 0) + count);
  const countryKey = `${day!.slice(0, 7)},${country},${protocol!.toUpperCase()},${port},${category}`;
  byCountry.set(countryKey, (byCountry.get(countryKey) ?? 0) + count);
  rows++;
}
let total = 0;
const perSensor = new Map<string, Map<string, number>>();
for (const [key, count] of bySensorDay) {
  total += count;
  const [, sensor, protocol, port] = key.split(',');
  const list = perSensor.get(sensor!) ?? new Map<string, number>();
  list.set(`${port}/${protocol}`, (list.get(`${port}/${protocol}`) ?? 0) + count);
  perSensor.set(sensor!, list);
}
for (const list of perSensor.values()) [...list.entries()].sort((a, b) => b[1] - a[1]).slice(0, 100);
process.stdout.write(
  `${JSON.stringify({ ms: performance.now() - started, peakMiB: process.resourceUsage().maxRSS / 1024, rows, total })}\n`,
);
