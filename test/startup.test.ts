/**
 * How the CLI starts (src/cli/launcher.ts): the bundle runs through V8 code caches written after a
 * run, outside the package, each named by what makes it right for a run, never rewritten by another.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cacheName, codeCacheDir } from '../src/cli/launcher.js';
import { root } from './helpers.js';

const LAUNCHER = new URL('../dist/cli/launcher.js', import.meta.url).href;
const fresh = (prefix: string) => mkdtempSync(join(tmpdir(), `${prefix}-`));

/** Every file under `dir` with its size and modification time, to tell that nothing was written there. */
const snapshot = (dir: string) =>
  (readdirSync(dir, { recursive: true }) as string[])
    .sort()
    .map((file) => `${file} ${statSync(join(dir, file)).size} ${statSync(join(dir, file)).mtimeMs}`);

describe('the code cache folder', () => {
  it("lies beside Node's compile cache, never in the package, and is off when Node's is", () => {
    expect(codeCacheDir({ NODE_COMPILE_CACHE: '/var/cache/node' })).toBe('/var/cache/node/telescope-report');
    expect(codeCacheDir({})).toBe(join(tmpdir(), 'node-compile-cache', 'telescope-report'));
    expect(codeCacheDir({ NODE_COMPILE_CACHE: '/var/cache/node', NODE_DISABLE_COMPILE_CACHE: '1' })).toBeUndefined();
  });

  it('names a cache by the chunk’s path and content: a same-length edit or a moved install never meets another’s bytecode', () => {
    const name = cacheName('/a/cli.cjs', 'exports.x = 1;');
    expect(name).toMatch(/^[0-9a-f]{64}\.v8-cache$/);
    expect(cacheName('/a/cli.cjs', 'exports.x = 2;')).not.toBe(name);
    expect(cacheName('/b/cli.cjs', 'exports.x = 1;')).not.toBe(name);
    expect(cacheName('/a/cli.cjs', 'exports.x = 1;')).toBe(name);
  });
});

describe('the bundle loader', () => {
  const bundle = () => {
    const dir = fresh('bundle');
    writeFileSync(join(dir, 'cli.cjs'), `exports.main = async (argv) => require('./chunks/one.cjs').twice(argv.length);`);
    mkdirSync(join(dir, 'chunks'));
    writeFileSync(join(dir, 'chunks/one.cjs'), `exports.twice = (n) => n * 2 + require('node:path').sep.length - 1;`);
    return dir;
  };

  // Each load in a fresh process: within one, V8 reuses its own compilation and never reads a cache.
  const load = (dir: string, cache: string, flags: string[] = []) => {
    const run = spawnSync(
      process.execPath,
      [
        ...flags,
        '--input-type=module',
        '-e',
        `
      import { BundleLoader } from ${JSON.stringify(LAUNCHER)};
      const loader = new BundleLoader(${JSON.stringify(cache)});
      const result = await loader.require(${JSON.stringify(join(dir, 'cli.cjs'))}).main(['a', 'b']);
      const stale = loader.stale;
      const written = (await loader.writeCaches()).map((file) => file.split('/').pop());
      console.log(JSON.stringify({ result, stale, written }));
    `,
      ],
      { encoding: 'utf8' },
    );
    expect(run.stderr).toBe('');
    return JSON.parse(run.stdout) as { result: number; stale: boolean; written: string[] };
  };

  it('writes a cache only where none was found, and runs from it afterwards', () => {
    const dir = bundle();
    const cache = join(fresh('cache'), 'telescope-report');
    const first = load(dir, cache);
    expect(first).toMatchObject({ result: 4, stale: true });
    expect(first.written).toHaveLength(2);
    expect(readdirSync(cache).sort()).toEqual([...first.written].sort());
    const before = snapshot(cache);
    expect(load(dir, cache)).toEqual({ result: 4, stale: false, written: [] });
    expect(snapshot(cache)).toEqual(before);
  });

  it('gives an edited chunk a cache of its own, same length or not, and leaves the others alone', () => {
    const dir = bundle();
    const cache = fresh('cache');
    load(dir, cache);
    writeFileSync(join(dir, 'chunks/one.cjs'), `exports.twice = (n) => n * 3 + require('node:path').sep.length - 1;`);
    const edited = load(dir, cache);
    expect(edited).toMatchObject({ result: 6, stale: true });
    expect(edited.written).toHaveLength(1);
    expect(readdirSync(cache)).toHaveLength(3);
  });

  it('keeps the caches of runs with other V8 flags apart instead of rewriting them', () => {
    const dir = bundle();
    const cache = fresh('cache');
    load(dir, cache);
    const before = snapshot(cache);
    const other = load(dir, cache, ['--no-opt']);
    expect(other).toMatchObject({ result: 4, stale: true });
    expect(other.written).toHaveLength(2);
    expect(load(dir, cache, ['--no-opt'])).toEqual({ result: 4, stale: false, written: [] });
    expect(load(dir, cache)).toEqual({ result: 4, stale: false, written: [] });
    expect(snapshot(cache).filter((line) => before.includes(line))).toEqual(before);
  });

  it('replaces a cache V8 rejects, once', () => {
    const dir = bundle();
    const cache = fresh('cache');
    const [name] = load(dir, cache).written;
    writeFileSync(join(cache, name!), 'not a V8 code cache');
    expect(load(dir, cache)).toEqual({ result: 4, stale: true, written: [name] });
    expect(load(dir, cache)).toEqual({ result: 4, stale: false, written: [] });
  });

  it('runs without a cache where its folder cannot be made, and serializes nothing there', () => {
    const dir = bundle();
    const blocked = join(fresh('cache'), 'a-file');
    writeFileSync(blocked, '');
    expect(load(dir, join(blocked, 'telescope-report'))).toEqual({ result: 4, stale: true, written: [] });
  });
});

describe('the built command', () => {
  const cli = (args: string[], env: Record<string, string>) =>
    spawnSync(process.execPath, [join(root, 'dist/bin/telescope-report.mjs'), ...args], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, ...env },
    });

  it('starts, drafts, and writes its caches outside the package, which it leaves as it was', () => {
    const cache = fresh('node-cache');
    const before = snapshot(join(root, 'dist'));
    const help = cli(['--help'], { NODE_COMPILE_CACHE: cache });
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: telescope-report/);
    expect(help.stderr).toBe('');
    const out = fresh('drafted');
    const run = cli(['draft', 'examples/2021-q4/dataset.json', '--out', out, '--no-svg'], { NODE_COMPILE_CACHE: cache });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(readdirSync(join(cache, 'telescope-report')).filter((name) => name.endsWith('.v8-cache')).length).toBeGreaterThan(2);
    expect(snapshot(join(root, 'dist'))).toEqual(before);
  });

  it('works where no cache folder can be written (a read-only install writes nothing anyway), saying nothing about it', () => {
    // Running as root ignores permissions: a folder under a regular file cannot be made by anyone.
    const blocked = join(fresh('node-cache'), 'a-file');
    writeFileSync(blocked, '');
    for (let i = 0; i < 2; i++) {
      const run = cli(['validate', 'examples/2021-q4/dataset.json'], { NODE_COMPILE_CACHE: blocked });
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      expect(run.stdout).toMatch(/^examples\/2021-q4\/dataset.json: valid/);
    }
  });
});
