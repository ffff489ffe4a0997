/**
 * One archive measurement in a fresh process: `<entries.json> <locales dir>`
 * builds every bundle and prints JSON (the time since the process started,
 * the build's own, peak memory). With `--watch` it watches from then on,
 * printing a line of JSON after each build, until stdin closes.
 */
import { readFileSync } from 'node:fs';
import { createArchive, type ArchiveBuild, type ArchiveEntry } from '../archive.js';

const [entriesFile, localesDir] = process.argv.slice(2) as [string, string];
const entries = JSON.parse(readFileSync(entriesFile, 'utf8')) as ArchiveEntry[];
const archive = createArchive(entries, { localesDir });
const failed = (build: ArchiveBuild) => build.bundles.filter((b) => b.error).map((b) => `${b.out}: ${b.error!.message}`);
const started = performance.now();
const build = await archive.build();
const finished = performance.now();
if (failed(build).length > 0) throw new Error(failed(build).join('\n'));
const result = {
  totalMs: finished,
  buildMs: finished - started,
  peakMiB: process.resourceUsage().maxRSS / 1024,
  written: build.bundles.filter((b) => b.written).length,
};
if (process.argv.includes('--watch')) {
  const watcher = archive.watch((next) => {
    if (failed(next).length > 0) throw new Error(failed(next).join('\n'));
    process.stdout.write(`${JSON.stringify({ written: next.bundles.filter((b) => b.written).length })}\n`);
  });
  process.stdin.resume();
  process.stdin.on('end', () => void watcher.close());
  // Node 20 sets up a recursive watch after fs.watch returns, walking the folders: a save before that is not seen.
  await new Promise((resolve) => setTimeout(resolve, 500));
}
process.stdout.write(`${JSON.stringify(result)}\n`);
