import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import remarkDirective from 'remark-directive';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import { cacheFileOf } from '../src/cli/launcher.js';
import { draft } from '../src/draft.js';
import { writeFileAtomic } from '../src/output/files.js';
import { parseOnce, recordParses, serializeRecordedParses, useParseCache } from '../src/parse-cache.js';
import { loadExample, root } from './helpers.js';

const PARSERS: Record<string, (text: string) => unknown> = {
  template: (text) => unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkGfm).use(remarkDirective).parse(text),
  'locale-string': (text) => unified().use(remarkParse).parse(text),
};

describe('remembered parses', () => {
  it('records the template and every locale string of a draft, and no stage changes a tree it was handed', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'parses-')), 'parses.json');
    useParseCache(file);
    recordParses();
    await draft(await loadExample(), { svg: false });
    await writeFileAtomic(file, serializeRecordedParses());
    const { format, parses } = JSON.parse(readFileSync(file, 'utf8')) as { format: number; parses: [string, [string, unknown][]][] };
    expect(format).toBe(1);
    expect(parses.map(([parser]) => parser).sort()).toEqual(['locale-string', 'template']);
    for (const [parser, trees] of parses) {
      expect(trees.length).toBeGreaterThan(parser === 'template' ? 0 : 50);
      // Each tree is still what a fresh parse gives: shared trees were never modified.
      for (const [text, tree] of trees) expect(tree, `${parser}: ${text.slice(0, 40)}`).toEqual(JSON.parse(JSON.stringify(PARSERS[parser]!(text))));
    }
  });

  it('serves a known text from the file, parses an unknown one, and ignores a file of another format', () => {
    const dir = mkdtempSync(join(tmpdir(), 'parses-'));
    const planted = { type: 'root', children: [], planted: true };
    writeFileSync(join(dir, 'good.json'), JSON.stringify({ format: 1, parses: [['p', [['__proto__', planted]]]] }));
    writeFileSync(join(dir, 'old.json'), JSON.stringify({ format: 0, parses: [['p', [['__proto__', planted]]]] }));
    writeFileSync(join(dir, 'broken.json'), '{"format": 1, "parses": [');
    const fresh = { type: 'root', children: [] };

    useParseCache(join(dir, 'good.json'));
    expect(parseOnce('p', '__proto__', () => fresh)).toEqual(planted);
    expect(parseOnce('p', 'constructor', () => fresh)).toBe(fresh);
    expect(parseOnce('other', '__proto__', () => fresh)).toBe(fresh);
    for (const name of ['old.json', 'broken.json', 'missing.json']) {
      useParseCache(join(dir, name));
      expect(parseOnce('p', '__proto__', () => fresh), name).toBe(fresh);
    }
  });
});

describe('the bundle loader', () => {
  const bundle = () => {
    const dir = mkdtempSync(join(tmpdir(), 'bundle-'));
    writeFileSync(join(dir, 'cli.cjs'), `exports.main = async (argv) => require('./chunks/one.cjs').twice(argv.length);`);
    mkdirSync(join(dir, 'chunks'));
    writeFileSync(join(dir, 'chunks/one.cjs'), `exports.twice = (n) => n * 2 + require('node:path').sep.length - 1;`);
    return dir;
  };

  // Each load in a fresh process: within one, V8 reuses its own compilation and never reads a cache.
  const load = (dir: string, write = false) => {
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', `
      import { BundleLoader } from ${JSON.stringify(new URL('../dist/cli/launcher.js', import.meta.url).href)};
      const loader = new BundleLoader();
      const result = await loader.require(${JSON.stringify(join(dir, 'cli.cjs'))}).main(['a', 'b']);
      const written = ${write} ? await loader.writeCaches() : [];
      console.log(JSON.stringify({ result, stale: loader.stale, files: loader.files, written }));
    `], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    return JSON.parse(run.stdout) as { result: number; stale: boolean; files: string[]; written: string[] };
  };

  it('runs chunks through the code cache it wrote, and runs them anyway when the cache is missing or foreign', () => {
    const dir = bundle();
    const files = [join(dir, 'cli.cjs'), join(dir, 'chunks/one.cjs')];
    expect(load(dir, true)).toEqual({ result: 4, stale: true, files, written: files.map(cacheFileOf) });
    expect(load(dir)).toEqual({ result: 4, stale: false, files, written: [] });
    writeFileSync(cacheFileOf(files[1]!), 'not a V8 code cache');
    expect(load(dir)).toEqual({ result: 4, stale: true, files, written: [] });
  });

  it('ships caches that Node accepts: a draft from the built bundle compiles nothing it was trained on', () => {
    const out = mkdtempSync(join(tmpdir(), 'trained-'));
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', `
      import { BundleLoader, loadCli, parseCacheOf } from './dist/cli/launcher.js';
      const loader = new BundleLoader();
      const code = await loadCli(loader, 'dist/bin')(['draft', 'examples/2021-q4/dataset.json', '--out', ${JSON.stringify(out)}, '--no-svg'], { parseCache: { file: parseCacheOf('dist/bin') } });
      console.error(JSON.stringify({ code, stale: loader.stale }));
    `], { cwd: root, encoding: 'utf8' });
    expect(JSON.parse(run.stderr.trim().split('\n').at(-1)!)).toEqual({ code: 0, stale: false });
    const chunks = readdirSync(join(root, 'dist/bin/chunks')).filter((name) => name.endsWith('.cjs'));
    expect(chunks.filter((name) => !existsSync(cacheFileOf(join(root, 'dist/bin/chunks', name))))).toEqual([]);
  });

  it('replaces a cache Node rejects (another Node version, say) when the CLI exits', () => {
    const copy = join(root, 'dist', `bin-copy-${process.pid}`);
    cpSync(join(root, 'dist/bin'), copy, { recursive: true, filter: (file) => !file.endsWith('.tmp') });
    try {
      const cache = cacheFileOf(join(copy, 'cli.cjs'));
      writeFileSync(cache, 'left by another Node');
      const run = spawnSync(process.execPath, [join(copy, 'telescope-report.mjs'), '--help'], { encoding: 'utf8' });
      expect(run.status).toBe(0);
      expect(run.stdout).toMatch(/^Usage: telescope-report/);
      expect(readFileSync(cache, 'utf8')).not.toBe('left by another Node');
      const check = spawnSync(process.execPath, ['--input-type=module', '-e', `
        import { BundleLoader, loadCli } from './dist/cli/launcher.js';
        const loader = new BundleLoader();
        await loadCli(loader, ${JSON.stringify(copy)})(['--help']);
        console.error(JSON.stringify({ stale: loader.stale }));
      `], { cwd: root, encoding: 'utf8' });
      expect(JSON.parse(check.stderr.trim().split('\n').at(-1)!)).toEqual({ stale: false });
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });
});
