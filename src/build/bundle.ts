/**
 * Bundles the command-line tool (`npm run build`, also run by `prepare`):
 * `dist/bin/telescope-report.mjs` holds everything a command needs, and
 * vega with vega-lite go to a chunk of their own, imported only when a
 * chart is rendered. One file starts several times faster than the hundreds
 * of small modules it replaces.
 */
import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { build } from 'rolldown';

const root = fileURLToPath(new URL('../../', import.meta.url));
export const BUNDLE_DIR = `${root}dist/bin`;

await rm(BUNDLE_DIR, { recursive: true, force: true });
await build({
  input: { 'telescope-report': `${root}src/cli/bin.ts` },
  platform: 'node',
  external: [/^node:/],
  logLevel: 'warn',
  output: {
    dir: BUNDLE_DIR,
    format: 'esm',
    entryFileNames: '[name].mjs',
    chunkFileNames: 'chunks/[name]-[hash].mjs',
    minify: true,
  },
});
