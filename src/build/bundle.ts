/**
 * Bundles the command-line tool (`npm run build`, also run by `postprepare` and `prepack`):
 * `dist/bin/telescope-report.mjs`, a few lines that turn on Node's compile cache and import
 * `dist/bin/chunks/`, one ES module chunk per command and per group of dependencies.
 *
 * Bundling pays: the unbundled `dist/` loads a few hundred small modules from node_modules
 * (micromark alone is dozens), and resolving and compiling each costs more than the code in them
 * (README, Performance). Each command's code loads only when it runs, and vega with vega-lite, like
 * fontkit, sit in chunks only rendering loads.
 */
import { chmod, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'rolldown';

const root = fileURLToPath(new URL('../../', import.meta.url));
export const BUNDLE_DIR = `${root}dist/bin`;

await rm(BUNDLE_DIR, { recursive: true, force: true });
await build({
  input: { 'telescope-report': `${root}src/cli/bin.ts` },
  platform: 'node',
  external: [/^node:/],
  resolve: { alias: { 'vega-canvas': `${root}src/build/no-canvas.ts` } },
  logLevel: 'warn',
  output: {
    dir: BUNDLE_DIR,
    format: 'esm',
    entryFileNames: '[name].mjs',
    // The hash in a chunk's name changes with its content: an installed upgrade never meets a chunk of
    // the previous version under the same name, in Node's compile cache or anywhere else.
    chunkFileNames: 'chunks/[name]-[hash].mjs',
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

// npm links the bin to this file: it must stay executable whenever the bundle is rebuilt.
await chmod(join(BUNDLE_DIR, 'telescope-report.mjs'), 0o755);
