/**
 * Names that are also properties of every JavaScript object (constructor,
 * __proto__, toString, hasOwnProperty) as languages, commands, post names and
 * locale variables; and a reader that closes the pipe early. Each through the
 * real CLI: the documented exit code, a positioned message, no stack trace.
 */
import { spawnSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, EXAMPLE_DRAFTS, root, noStackTrace } from './helpers.js';

const NAMES = ['constructor', '__proto__', 'hasOwnProperty', 'toString'];

describe('names every object has', () => {
  it.each(NAMES)('--lang %s is an unknown language', async (name) => {
    const out = await mkdtemp(join(tmpdir(), 'lang-'));
    const run = cli('draft', 'examples/2021-q4/dataset.json', '--out', out, '--no-svg', '--lang', name);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      `expected languages with a locale folder (en, ja), found ${name} (a language of your own, as \`locales add\` writes it, is read with --locales <dir> or "locales" in telescope-report.config.json)  unknown-language`,
    );
    noStackTrace(run.stderr);
  });

  it.each(NAMES)('the command %s is unknown', (name) => {
    const run = cli(name);
    expect(run).toMatchObject({
      code: 2,
      stderr: `telescope-report: unknown command "${name}"\nRun \`telescope-report --help\` for usage.\n`,
    });
  });

  it.each(NAMES)('a post index.%s.md is checked like any other', async (name) => {
    const bundle = await mkdtemp(join(tmpdir(), 'post-name-'));
    await cp(EXAMPLE_DRAFTS, bundle, { recursive: true });
    await cp(join(bundle, 'index.en.md'), join(bundle, `index.${name}.md`));
    const run = cli('check', bundle);
    expect(run.code).toBe(1);
    // `__proto__` is no language tag of a post's name (index.<letters and hyphens>.md): that file is not a post.
    if (/^[A-Za-z-]+$/.test(name)) expect(run.stdout).toContain(`index.${name}.md`);
    noStackTrace(run.stdout + run.stderr);
  });

  it.each(NAMES)('{{%s}} in a locale string is an unknown variable, at its key', async (name) => {
    const locales = await mkdtemp(join(tmpdir(), 'variable-'));
    await mkdir(join(locales, 'en'));
    await writeFile(join(locales, 'en', 'post.json'), `{"intro": {"period": "This issue looks at {{${name}}}."}}`);
    const run = cli(
      'draft',
      'examples/2021-q4/dataset.json',
      '--out',
      join(locales, 'out'),
      '--no-svg',
      '--lang',
      'en',
      '--locales',
      locales,
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${join(locales, 'en', 'post.json')}:1:12  error  expected one of the variables`);
    expect(run.stderr).toContain(`found {{${name}}}  unknown-variable`);
    noStackTrace(run.stderr);
  });
});

describe('a reader that stops reading', () => {
  it('ends the command quietly when the pipe closes (locales status | head -1)', () => {
    // Whether the reader has gone by the time of a write is a race: try a few times.
    for (let i = 0; i < 5; i++) {
      const run = spawnSync('bash', ['-c', `"${process.execPath}" dist/bin/telescope-report.mjs locales status | head -1`], {
        cwd: root,
        encoding: 'utf8',
      });
      expect(run.stdout).toBe('language  keys  translated  missing  identical to en\n');
      expect(run.stderr).toBe('');
    }
  });
});

describe('paths that lead where a bundle or template must not be', () => {
  it.each(['../README', 'sub/dir', '.hidden'])('--template %j is not a template name', (name) => {
    const run = cli('draft', 'examples/2021-q4/dataset.json', '--out', join(tmpdir(), 'never-written'), '--no-svg', '--template', name);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      `expected a template name: a letter or digit, then letters, digits, hyphens and underscores, found ${JSON.stringify(name)}  invalid-template-name`,
    );
  });

  it.each(['/', '~'])('--out %s is refused before anything is written', (out) => {
    const target = out === '~' ? (process.env.HOME ?? '/root') : out;
    const run = cli('draft', 'examples/2021-q4/dataset.json', '--out', target, '--no-svg');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('found the root of the file system or the home folder: name a folder of its own  unwritable');
  });
});

describe('datasets that broke the SVG draft', () => {
  it('draws a label holding line and paragraph separators (U+2028, U+2029)', async () => {
    const { readFile } = await import('node:fs/promises');
    const dataset = JSON.parse(await readFile(join(root, 'examples/2021-q4/dataset.json'), 'utf8'));
    dataset.sensors[0].label = { en: 'Line\u2028separator', ja: '段落\u2029区切り' };
    const work = await mkdtemp(join(tmpdir(), 'separators-'));
    await writeFile(join(work, 'q.json'), JSON.stringify(dataset));
    const run = cli('draft', join(work, 'q.json'), '--out', join(work, 'out'));
    expect(run.code).toBe(0);
    noStackTrace(run.stderr);
  });

  it('draws a thousand sensors as the spread of their entries, and their heat map when a template asks for it', async () => {
    const dataset = {
      schemaVersion: 1,
      period: { year: 2021, quarter: 4 },
      sensors: Array.from({ length: 1000 }, (_, i) => ({ id: `s${i}`, region: 'domestic' })),
      sensorTop: Object.fromEntries(
        Array.from({ length: 1000 }, (_, i) => [
          `s${i}`,
          Array.from({ length: 3 }, (_, k) => ({ protocol: 'TCP', port: 1000 + ((i * 7 + k) % 300), packets: 100 - k })),
        ]),
      ),
      dailyAverages: ['2021-10', '2021-11', '2021-12'].map((month) => ({ month, region: 'domestic', packets: 1 })),
    };
    const work = await mkdtemp(join(tmpdir(), 'thousand-'));
    await writeFile(join(work, 'q.json'), JSON.stringify(dataset));
    const run = cli('draft', join(work, 'q.json'), '--out', join(work, 'out'), '--lang', 'en');
    expect(run.code, run.stderr).toBe(0);
    const { readdir } = await import('node:fs/promises');
    expect((await readdir(join(work, 'out'))).filter((f) => f.endsWith('.svg')).sort()).toEqual([
      'daily-domestic.en.svg',
      'entry-spread.en.svg',
    ]);
    // A heat map of a thousand columns is unreadable, but still drawn (a sort array used to overflow the stack).
    const forced = cli(
      'draft',
      join(work, 'q.json'),
      '--out',
      join(work, 'forced'),
      '--lang',
      'en',
      '--templates',
      join(root, 'test/fixtures/templates/heatmap-only'),
    );
    expect(forced.code, forced.stderr).toBe(0);
    const svg = await (await import('node:fs/promises')).readFile(join(work, 'forced', 'rank-heatmap.en.svg'), 'utf8');
    expect(svg.match(/>Domestic sensor [\d,]+…?</g)?.length).toBe(1000);
  });
});

describe('a dataset with thousands of problems', () => {
  it('prints the first hundred in text, every one with --format json, positions intact', async () => {
    const dataset = {
      schemaVersion: 1,
      period: { year: 2021, quarter: 4 },
      sensors: Array.from({ length: 2000 }, (_, i) => ({ id: `s${i}`, region: 'domestic' })),
      sensorTop: Object.fromEntries(Array.from({ length: 2000 }, (_, i) => [`s${i}`, [{ protocol: 'TCP', port: 23 }]])),
      dailyAverages: ['2021-10', '2021-11', '2021-12'].map((month) => ({ month, region: 'domestic', packets: 1 })),
    };
    const work = await mkdtemp(join(tmpdir(), 'many-'));
    const file = join(work, 'many.json');
    await writeFile(file, JSON.stringify(dataset, null, 1));
    const text = cli('validate', file);
    expect(text.code).toBe(2);
    const lines = text.stderr.trim().split('\n');
    expect(lines).toHaveLength(102);
    expect(lines[100]).toBe('… and 1900 more (validate --format json lists them all)');
    expect(lines[101]).toBe('✖ 2000 dataset problems');
    const json = cli('validate', '--format', 'json', file);
    expect(json.code).toBe(2);
    const rows = JSON.parse(json.stdout) as { line: number; ruleId: string; jsonPath: string }[];
    expect(rows).toHaveLength(2000);
    // Each missing count points at the entry that lacks it: consecutive entries are equally far apart in the file.
    const lineOf = (path: string) => rows.find((r) => r.jsonPath === path)!.line;
    expect(lineOf('sensorTop.s1[0].packets') - lineOf('sensorTop.s0[0].packets')).toBe(
      lineOf('sensorTop.s2[0].packets') - lineOf('sensorTop.s1[0].packets'),
    );
    expect(new Set(rows.map((r) => r.ruleId))).toEqual(new Set(['missing-field']));
  });
});
