/**
 * Bundles the command-line tool (`npm run build`, also run by `postprepare` and `prepack`):
 *
 * - `dist/bin/cli.cjs` and `dist/bin/chunks/*.cjs`: every command in its own chunk, and vega
 *   with vega-lite, like fontkit, in chunks only rendering loads. CommonJS, because that is what
 *   V8's code cache can serve through `vm.Script` (see cli/launcher.ts).
 * - `dist/bin/telescope-report.mjs`: the launcher, a few lines.
 *
 * Bundling pays: the unbundled `dist/` loads a few hundred small modules from node_modules
 * (micromark alone is dozens), and resolving and compiling each costs more than the code in them.
 */
import { chmod, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'rolldown';

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
