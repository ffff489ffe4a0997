/** init, locales add and the project config against what is not a regular file, through the real binary. */
import { execFileSync } from 'node:child_process';
import { lstatSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addLocale, initDataset, ProblemsError } from '../src/index.js';
import { cli, EXAMPLE_DATASET, root } from './helpers.js';

const fresh = () => mkdtempSync(join(tmpdir(), 'targets-'));
const problemOf = async (run: Promise<unknown>): Promise<string> => {
  try {
    await run;
  } catch (error) {
    if (error instanceof ProblemsError) return `${error.problems[0]!.ruleId}: ${error.problems[0]!.reason}`;
    throw error;
  }
  throw new Error('expected a problem, found none');
};

describe('init', () => {
  it('never replaces a FIFO, a link or a folder, even with --force, and says why', () => {
    const dir = fresh();
    execFileSync('mkfifo', [join(dir, 'fifo.json')]);
    writeFileSync(join(dir, 'precious.json'), 'keep');
    symlinkSync(join(dir, 'precious.json'), join(dir, 'link.json'));
    symlinkSync(join(dir, 'nowhere.json'), join(dir, 'dangling.json'));
    mkdirSync(join(dir, 'folder.json'));
    for (const [name, found] of [
      ['fifo.json', 'a FIFO'],
      ['link.json', `a symbolic link to ${join(dir, 'precious.json')}`],
      ['dangling.json', `a symbolic link to ${join(dir, 'nowhere.json')}`],
      ['folder.json', 'a folder'],
    ]) {
      const run = cli('init', '--period', '2025', '--out', join(dir, name!), '--force');
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`${join(dir, name!)}  error  expected a new file for the dataset, found ${found}`);
      expect(run.stderr).not.toMatch(/\n\s+at /);
    }
    expect(lstatSync(join(dir, 'fifo.json')).isFIFO()).toBe(true);
    expect(readFileSync(join(dir, 'precious.json'), 'utf8')).toBe('keep');
  });

  it('says where it cannot write: under a file, under /proc, an empty name', async () => {
    const dir = fresh();
    writeFileSync(join(dir, 'afile'), 'x');
    const under = cli('init', '--period', '2025', '--out', join(dir, 'afile', 'x.json'));
    expect(under.code).toBe(2);
    expect(under.stderr).toContain(`expected a folder at ${join(dir, 'afile')}, found a file`);
    expect(await problemOf(initDataset({ period: '2025', out: '/proc/sys/kernel/x.json' }))).toBe(
      "unwritable: expected a place for the dataset on a file system of files, found one under /proc, the kernel's",
    );
    expect(await problemOf(initDataset({ period: '2025', out: '' }))).toBe(
      'unwritable: expected a file name for the dataset, found an empty one',
    );
    expect(await problemOf(initDataset({ period: null as never }))).toMatch(
      /^invalid-period: expected a period: .* \(from 1970 to 9999\), found null: nothing was written$/,
    );
  });

  it('gives a period that ends in December 9999 its publication date, so that the skeleton validates', () => {
    const dir = fresh();
    expect(cli('init', '--period', '9999-q4', '--out', join(dir, 'd.json')).code).toBe(0);
    expect(cli('validate', join(dir, 'd.json')).code).toBe(0);
  });
});

describe('locales add', () => {
  it('refuses a language that ships, a linked language folder, and a locales folder that is a file', async () => {
    const dir = fresh();
    expect(await problemOf(addLocale('ja', { locales: dir }))).toMatch(
      /^exists: expected a language the shipped locales lack, found ja, which ships translated: nothing was written/,
    );
    mkdirSync(join(dir, 'precious'));
    writeFileSync(join(dir, 'precious', 'post.json'), '{"title": "mine"}');
    mkdirSync(join(dir, 'locales'));
    symlinkSync(join(dir, 'precious'), join(dir, 'locales', 'de'));
    expect(await problemOf(addLocale('de', { locales: join(dir, 'locales'), force: true }))).toBe(
      `not-a-file: expected a folder for the language, found a symbolic link to ${join(dir, 'precious')}: nothing was written (name the folder itself)`,
    );
    expect(readFileSync(join(dir, 'precious', 'post.json'), 'utf8')).toBe('{"title": "mine"}');
    writeFileSync(join(dir, 'afile'), 'x');
    expect(await problemOf(addLocale('fr', { locales: join(dir, 'afile') }))).toBe(
      'not-a-file: expected a folder for the locales, found a file: nothing was written',
    );
    expect(await problemOf(addLocale('fr', { locales: '' }))).toBe(
      'unwritable: expected a folder for the locales, found "": nothing was written',
    );
  });
});

describe('the project config', () => {
  const draftIn = (cwd: string) => {
    const { FORCE_COLOR: _f, NO_COLOR: _n, ...env } = process.env;
    try {
      return {
        code: 0,
        stderr: execFileSync(
          process.execPath,
          [join(root, 'dist/bin/telescope-report.mjs'), 'draft', EXAMPLE_DATASET, '--out', join(cwd, 'out'), '--no-svg'],
          { cwd, env, encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'], timeout: 20_000 },
        ),
      };
    } catch (error) {
      const failed = error as { status: number; stderr: string };
      return { code: failed.status, stderr: failed.stderr };
    }
  };

  it('that is a FIFO or a folder is said, not waited on or thrown', () => {
    const fifo = fresh();
    execFileSync('mkfifo', [join(fifo, 'telescope-report.config.json')]);
    const waited = draftIn(fifo);
    expect(waited.code).toBe(2);
    expect(waited.stderr).toContain(
      `${join(fifo, 'telescope-report.config.json')}  error  expected a config file that can be read, found: expected a regular file, found a FIFO  invalid-config`,
    );
    const folder = fresh();
    mkdirSync(join(folder, 'telescope-report.config.json'));
    const thrown = draftIn(folder);
    expect(thrown.code).toBe(2);
    expect(thrown.stderr).toContain('expected a config file that can be read');
    expect(thrown.stderr).not.toMatch(/\n\s+at /);
  });

  it('points at the value that is wrong, names what was expected, and refuses ~', () => {
    const dir = fresh();
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'x', 'telescope-report': { lang: [5] } }, null, 2));
    expect(draftIn(dir).stderr).toContain(
      `${join(dir, 'package.json')}:4:13  error  telescope-report.lang: expected the languages to write: ["en", "ja"] or "en,ja", found [5]  invalid-config`,
    );
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'x', 'telescope-report': 'x' }));
    expect(draftIn(dir).stderr).toContain(
      'telescope-report: expected an object of options ({ "lang": ["en", "ja"], … }), found "x"  invalid-config',
    );
    writeFileSync(join(dir, 'telescope-report.config.json'), '{ "out": "~/posts" }');
    expect(draftIn(dir).stderr).toContain(
      `${join(dir, 'telescope-report.config.json')}:1:10  error  out: expected a path relative to the config's folder, or absolute, found "~/posts" (a shell expands ~, a config does not)  invalid-config`,
    );
    writeFileSync(join(dir, 'telescope-report.config.json'), '{ "lang": ');
    expect(draftIn(dir).stderr).toMatch(
      /telescope-report\.config\.json:1:11 {2}error {2}expected JSON, found an error: .+ {2}invalid-config/,
    );
  });
});
