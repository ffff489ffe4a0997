/**
 * What `npm pack` ships; that the packed tarball works once installed, with no build step, no
 * install script and no warning; and that a clone's own `npm install` builds it.
 */
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { root } from './helpers.js';

const BIN = 'dist/bin/telescope-report.mjs';
// npm's own scripts must not run here: `prepare` would rebuild dist/ under the other tests' feet
// (the global setup has just built it).
const npm = (args: string[], cwd = root, scripts: 'ignore' | 'run' = 'ignore') =>
  spawnSync('npm', [...args, ...(scripts === 'ignore' ? ['--ignore-scripts'] : []), '--no-audit', '--no-fund'], {
    cwd,
    encoding: 'utf8',
    timeout: 120_000,
  });

test('the built launcher is executable (npm links the bin to it)', async () => {
  // The global setup ran the build (`node dist/build/bundle.js`, as `npm run build` does).
  expect((await stat(join(root, BIN))).mode & 0o111).toBe(0o111);
});

describe('npm pack', () => {
  const packed = () => {
    const run = npm(['pack', '--dry-run', '--json']);
    expect(run.status, run.stderr).toBe(0);
    const [entry] = JSON.parse(run.stdout) as { files: { path: string; mode: number }[] }[];
    return entry!.files;
  };

  test('ships the library, the CLI bundle, typings, locales, templates, examples, README, LICENSE and the schema', () => {
    const files = packed();
    const paths = files.map((f) => f.path);
    for (const path of [
      'package.json',
      'README.md',
      'LICENSE',
      'dist/index.js',
      'dist/index.d.ts',
      BIN,
      'dist/bin/cli.cjs',
      'locales/en/post.json',
      'locales/ja/post.json',
      'templates/quarterly.md',
      'templates/yearly.md',
      'examples/2021-q4/dataset.json',
      'src/dataset/dataset.schema.json',
    ])
      expect(paths, path).toContain(path);
    expect(paths.some((p) => p.startsWith('dist/bin/chunks/') && p.endsWith('.cjs'))).toBe(true);
    expect(files.find((f) => f.path === BIN)!.mode & 0o111).toBe(0o111);
  });

  test('leaves out build and benchmark code, TypeScript sources, tests and code caches', () => {
    const paths = packed().map((f) => f.path);
    const unwanted = paths.filter(
      (p) =>
        p.startsWith('dist/bench/') ||
        p.startsWith('dist/build/') ||
        p.startsWith('dist/dataset/write-schema.') ||
        (p.startsWith('dist/bin/') && /\.(v8-cache|json)$/.test(p)) ||
        (p.startsWith('src/') && p !== 'src/dataset/dataset.schema.json') ||
        (p.endsWith('.ts') && !p.endsWith('.d.ts')) ||
        /^(test|\.ci|node_modules)\//.test(p),
    );
    expect(unwanted).toEqual([]);
  });
});

describe('the packed tarball, installed into a project', () => {
  const work: string[] = [];
  afterAll(() => Promise.all(work.map((dir) => rm(dir, { recursive: true, force: true }))));

  test('installs with no install script and no warning, even under --strict-allow-scripts, and runs `npx telescope-report validate`, its code caches written outside the package', {
    timeout: 180_000,
  }, async (ctx) => {
    const dir = await mkdtemp(join(tmpdir(), 'telescope-report-pack-'));
    work.push(dir);
    const pack = npm(['pack', '--json', '--pack-destination', dir]);
    expect(pack.status, pack.stderr).toBe(0);
    const filename = (JSON.parse(pack.stdout) as { filename: string }[])[0]!.filename;
    const project = join(dir, 'project');
    await mkdir(project);
    await writeFile(join(project, 'package.json'), JSON.stringify({ name: 'uses-telescope-report', private: true }));
    // Installed as a user would, scripts allowed. npm 11 lists a `prepare` script of a package that
    // came from a tarball among the install scripts awaiting approval (though it never runs it for
    // one), and --strict-allow-scripts then refuses the install: the package must have none.
    // The dependencies come from npm's cache when they are there; the registry is asked otherwise.
    const install = npm(['install', '--prefer-offline', '--strict-allow-scripts', join(dir, filename)], project, 'run');
    if (install.status !== 0 && /E(NOTFOUND|AI_AGAIN|TIMEDOUT|CONNREFUSED|CONNRESET|NETUNREACH)|ENOTCACHED|network/i.test(install.stderr)) {
      ctx.skip(`npm install of the tarball could not reach the registry for missing dependencies:\n${install.stderr.slice(-500)}`);
    }
    expect(install.status, install.stderr).toBe(0);
    expect(install.stderr).not.toMatch(/install-scripts|allowScripts|prepare/);
    const installed = join(project, 'node_modules/telescope-report');
    const cache = join(dir, 'cache');
    const run = spawnSync(
      'npx',
      ['--no-install', 'telescope-report', 'validate', 'node_modules/telescope-report/examples/2021-q4/dataset.json'],
      { cwd: project, encoding: 'utf8', timeout: 60_000, env: { ...process.env, NODE_COMPILE_CACHE: cache } },
    );
    expect(run.stderr).not.toMatch(/Permission denied|Error/);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('dataset.json: valid');
    expect((await readdir(join(cache, 'telescope-report'))).length).toBeGreaterThan(0);
    expect((await readdir(installed, { recursive: true })).filter((file) => file.endsWith('.v8-cache'))).toEqual([]);
    // The library entry point resolves too.
    const lib = spawnSync(
      process.execPath,
      ['--input-type=module', '-e', "const m = await import('telescope-report'); console.log(typeof m.draft)"],
      { cwd: project, encoding: 'utf8' },
    );
    expect(lib.stdout.trim(), lib.stderr).toBe('function');
  });
});

describe('a fresh clone', () => {
  test('builds on its own `npm install`, `npm ci` and `npm pack`, through postprepare and prepack', { timeout: 60_000 }, async () => {
    // The project's own scripts, with `build` swapped for a line appended to a file: npm's order of
    // lifecycle scripts is what is tested here, not the build (the global setup ran that).
    const { scripts } = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(scripts).not.toHaveProperty('prepare');
    expect(Object.keys(scripts).filter((name) => /^(pre|post)?install$/.test(name))).toEqual([]);
    const clone = await mkdtemp(join(tmpdir(), 'telescope-report-clone-'));
    try {
      const build = "node -e \"require('fs').appendFileSync('built', process.env.npm_lifecycle_event + '\\n')\"";
      await writeFile(
        join(clone, 'package.json'),
        JSON.stringify({ name: 'clone', version: '1.0.0', private: true, scripts: { ...scripts, build } }),
      );
      const built = async () => (await readFile(join(clone, 'built'), 'utf8').catch(() => '')).split('\n').filter(Boolean);
      for (const args of [['install'], ['ci'], ['pack', '--dry-run']]) {
        const run = npm(args, clone, 'run');
        expect(run.status, `npm ${args.join(' ')}: ${run.stderr}`).toBe(0);
      }
      expect(await built()).toEqual(['build', 'build', 'build']);
    } finally {
      await rm(clone, { recursive: true, force: true });
    }
  });
});
