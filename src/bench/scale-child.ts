/**
 * One scale measurement in a fresh process: validate, then draft (which
 * analyses) a dataset file. Prints JSON.
 */
import { loadDataset } from '../dataset/index.js';
import { draft } from '../draft.js';

const file = process.argv[2]!;
const started = performance.now();
const dataset = await loadDataset(file);
const loaded = performance.now();
await draft(dataset, { svg: false });
const finished = performance.now();
process.stdout.write(JSON.stringify({ totalMs: finished - started, validateMs: loaded - started, peakMiB: process.resourceUsage().maxRSS / 1024 }));
