/**
 * One scale measurement in a fresh process, so that its peak memory is its
 * own: validate, then draft (which analyses) a dataset file, with the chart
 * SVGs when `--svg` follows the file. A file with problems is only validated,
 * and their number reported. Prints JSON.
 */
import { loadDataset } from '../dataset/index.js';
import { draft } from '../draft.js';
import { DatasetError } from '../messages.js';

const file = process.argv[2]!;
const started = performance.now();
const peakMiB = () => process.resourceUsage().maxRSS / 1024;
try {
  const dataset = await loadDataset(file);
  const loaded = performance.now();
  await draft(dataset, { svg: process.argv[3] === '--svg' });
  const finished = performance.now();
  process.stdout.write(JSON.stringify({ totalMs: finished - started, validateMs: loaded - started, peakMiB: peakMiB() }));
} catch (error) {
  if (!(error instanceof DatasetError)) throw error;
  const took = performance.now() - started;
  process.stdout.write(JSON.stringify({ totalMs: took, validateMs: took, peakMiB: peakMiB(), problems: error.problems.length }));
}
