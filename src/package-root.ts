/**
 * The folder of this package, found by walking up from this module to the
 * package.json that names it: the same answer from `src/` (tests), `dist/`
 * and the bundle in `dist/bin/`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'telescope-report') return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('internal: cannot find the telescope-report package folder');
    dir = parent;
  }
}

export const PACKAGE_ROOT = findRoot();
