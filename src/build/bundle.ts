/**
 * Bundles the command-line tool (`npm run build`, also run by `postprepare` and `prepack`):
 *
 * - `dist/bin/cli.cjs` and `dist/bin/chunks/*.cjs`: every command, each in
 *   its own chunk, and vega with vega-lite in a chunk loaded only when a
 *   chart is rendered. CommonJS, because that is what V8's code cache can
 *   serve on Node 20 (see cli/launcher.ts).
 * - `dist/bin/telescope-report.mjs`: the launcher, a few lines.
 *
 * Then a training run drafts, checks and previews the example in this
 * process and writes each chunk's code cache, so that the first command a
 * user runs already starts compiled, and `dist/bin/parses.json`, the parsed
 * shipped template and locale strings (see parse-cache.ts).
 */
import { chmod, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'rolldown';
import { BundleLoader, loadCli, parseCacheOf } from '../cli/launcher.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
export const BUNDLE_DIR = `${root}dist/bin`;

await rm(BUNDLE_DIR, { recursive: true, force: true });
await build({
  input: { cli: `${root}src/cli/main.ts` },
  platform: 'node',
  // DuckDB's native module stays a package of its own, loaded from node_modules by aggregate alone.
  external: [/^node:/, /^@duckdb\//],
  resolve: { alias: { 'vega-canvas': `${root}src/build/no-canvas.ts` } },
  logLevel: 'warn',
  output: {
    dir: BUNDLE_DIR,
    format: 'cjs',
    entryFileNames: '[name].cjs',
    chunkFileNames: 'chunks/[name]-[hash].cjs',
    // d3-array also chooses the ticks of count axes when no chart is rendered: a chunk of its own,
    // or the vega group would take it along and every draft would load vega.
    codeSplitting: {
      groups: [
        { name: 'd3-array', test: /[\\/]node_modules[\\/](d3-array|internmap)[\\/]/, priority: 2 },
        { name: 'vega', test: /[\\/]node_modules[\\/](vega|vega-[a-z-]+|d3-[a-z-]+)[\\/]/, priority: 1 },
      ],
    },
    minify: process.env.TELESCOPE_BUNDLE_DEBUG === undefined,
  },
});
await build({
  input: { 'telescope-report': `${root}src/cli/bin.ts` },
  platform: 'node',
  external: [/^node:/],
  logLevel: 'warn',
  output: { dir: BUNDLE_DIR, format: 'esm', entryFileNames: '[name].mjs' },
});

// npm links the bin to this file: it must stay executable whenever the bundle is rebuilt.
await chmod(join(BUNDLE_DIR, 'telescope-report.mjs'), 0o755);

await train();

/** Runs the commands users run most, silently, then writes the code cache of every chunk they loaded. */
async function train(): Promise<void> {
  const work = await mkdtemp(join(tmpdir(), 'telescope-report-train-'));
  const example = `${root}examples/2021-q4/dataset.json`;
  const post = join(work, 'post');
  const loader = new BundleLoader({ useCache: false });
  const main = loadCli(loader, BUNDLE_DIR);
  const write = { stdout: process.stdout.write, stderr: process.stderr.write };
  let said = '';
  process.stdout.write = process.stderr.write = ((chunk: string | Uint8Array) => ((said += String(chunk)), true)) as typeof process.stdout.write;
  const failures: string[] = [];
  try {
    for (const argv of [
      ['validate', example],
      ['draft', example, '--out', post],
      ['check', post],
      ['preview', post],
      ['locales', 'check'],
      ['locales', 'status'],
    ]) {
      said = '';
      // check exits 1 on a fresh draft: its commentary slots are still empty.
      const code = await main(argv, { parseCache: { file: parseCacheOf(BUNDLE_DIR), record: true } });
      if (code > 1) failures.push(`telescope-report ${argv.join(' ')} exited ${code}:\n${said}`);
    }
  } finally {
    process.stdout.write = write.stdout;
    process.stderr.write = write.stderr;
    await rm(work, { recursive: true, force: true });
  }
  if (failures.length > 0) throw new Error(`the bundle's training run failed:\n${failures.join('\n')}`);
  // Chunks the example never reaches (string-width, for emoji in a table) get a cache too: a run
  // that loads one must not find the bundle stale and rewrite every cache.
  for (const chunk of await readdir(join(BUNDLE_DIR, 'chunks'))) if (chunk.endsWith('.cjs')) loader.require(join(BUNDLE_DIR, 'chunks', chunk));
  await loader.writeCaches();
}
