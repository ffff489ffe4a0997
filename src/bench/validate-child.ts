/**
 * Validation of a dataset against `JSON.parse` of the same text, in one fresh
 * process, the two alternating after a round to warm up: prints their medians
 * as JSON. The file is read and decoded once, outside both timings.
 */
import { readFileSync } from 'node:fs';
import { parseDataset } from '../dataset/index.js';

const file = process.argv[2]!;
const runs = Number(process.argv[3] ?? 7);
const text = readFileSync(file, 'utf8');

const time = (work: () => unknown): number => {
  const started = performance.now();
  work();
  return performance.now() - started;
};
const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

const parse: number[] = [];
const validate: number[] = [];
for (let round = -1; round < runs; round++) {
  const parsed = time(() => JSON.parse(text));
  const validated = time(() => parseDataset(text, file));
  if (round < 0) continue;
  parse.push(parsed);
  validate.push(validated);
}
process.stdout.write(JSON.stringify({ parseMs: median(parse), validateMs: median(validate) }));
