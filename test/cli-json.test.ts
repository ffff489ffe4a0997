/** `--format json` on every command that reports, and color only for a terminal (or FORCE_COLOR, unless NO_COLOR). */
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, noStackTrace, root } from './helpers.js';

const FINDING_KEYS = ['column', 'file', 'jsonPath', 'line', 'message', 'ruleId', 'severity'];

/** The built CLI with extra environment variables. */
function cliWithEnv(env: Record<string, string>, ...args: string[]) {
  const { NO_COLOR: _n, FORCE_COLOR: _f, ...rest } = process.env;
  const run = spawnSync(process.execPath, ['dist/bin/telescope-report.mjs', ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...rest, ...env },
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('--format json', () => {
  it('validate: the summary facts for a valid dataset', () => {
    const run = cli('validate', 'examples/2021-q4/dataset.json', '--format', 'json');
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(run.stdout)).toMatchObject({
      file: 'examples/2021-q4/dataset.json',
      valid: true,
      period: '2021 Q4',
      sensors: 6,
      sensorsByRegion: { domestic: 3, overseas: 3 },
      sourceCountry: 'JP',
    });
  });

  it('errors and usage errors as finding rows on stdout, nothing on stderr, exit 2', () => {
    for (const args of [
      ['validate', 'missing.json', '--format', 'json'],
      ['validate', '--format=json'],
      ['draft', 'x.json', '--bogus', '--format', 'json'],
      ['draft', 'missing.json', '--out', 'x', '--format', 'json'],
      ['locales', 'status', '--format', 'json', 'extra'],
      ['locales', 'check', '--format', 'json', '--locales', 'test/fixtures/nowhere'],
    ]) {
      const run = cli(...args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr, args.join(' ')).toBe('');
      const rows = JSON.parse(run.stdout) as Record<string, unknown>[];
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) expect(Object.keys(row).sort()).toEqual(FINDING_KEYS);
      expect(rows[0]!.severity).toBe('error');
      noStackTrace(run.stdout);
    }
    expect(JSON.parse(cli('draft', 'x.json', '--bogus', '--format', 'json').stdout)[0]).toMatchObject({
      ruleId: 'usage',
      message: 'draft has no option "--bogus"',
    });
  });

  it('locales check: the findings as rows; locales status: the rows of the table', () => {
    const clean = cli('locales', 'check', '--format', 'json');
    expect(clean).toEqual({ code: 0, stdout: '[]\n', stderr: '' });
    const faulty = cli(
      'locales',
      'check',
      '--format',
      'json',
      '--locales',
      'test/fixtures/locales/faulty',
      '--templates',
      'test/fixtures/templates/undefined-key',
    );
    expect(faulty.code).toBe(1);
    const rows = JSON.parse(faulty.stdout) as { ruleId: string; severity: string; file: string }[];
    expect(rows).toHaveLength(8);
    expect(rows.map((r) => r.ruleId)).toContain('unused-key');
    expect(rows[0]).toMatchObject({ severity: 'warning', line: 2, column: 15 });
    const status = cli('locales', 'status', '--format', 'json');
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toEqual([
      { lang: 'en', keys: 321, translated: 321, missing: 0, identical: 0 },
      { lang: 'ja', keys: 321, translated: 321, missing: 0, identical: 2 },
    ]);
  });

  it('draft: the files written and every warning as a row', async () => {
    const locales = await mkdtemp(join(tmpdir(), 'ko-json-'));
    await mkdir(join(locales, 'ko'));
    await writeFile(join(locales, 'ko', 'post.json'), JSON.stringify({ title: '망원경 리포트 ({{period}})' }));
    const out = join(locales, 'bundle');
    const run = cli(
      'draft',
      'examples/2021-q4/dataset.json',
      '--out',
      out,
      '--lang',
      'ko',
      '--locales',
      locales,
      '--no-svg',
      '--format',
      'json',
    );
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    const result = JSON.parse(run.stdout) as {
      languages: string[];
      written: string[];
      removed: string[];
      backups: string[];
      warnings: { ruleId: string }[];
    };
    expect(result.languages).toEqual(['ko']);
    expect(result.written).toContain(join(out, 'index.ko.md'));
    expect(result.removed).toEqual([]);
    expect(result.backups).toEqual([]);
    expect(result.warnings.length).toBeGreaterThan(10);
    expect(new Set(result.warnings.map((w) => w.ruleId))).toEqual(new Set(['missing-translation']));
    expect(JSON.parse(cli('draft', 'examples/2021-q4/dataset.json', '--out', out, '--watch', '--format', 'json').stdout)[0].ruleId).toBe(
      'usage',
    );
  });
});

describe('preview --format json', () => {
  it('prints the file written and what each column shows; a problem as rows', async () => {
    const dir = join(await mkdtemp(join(tmpdir(), 'preview-json-')), 'bundle');
    expect(cli('draft', 'examples/2021-q4/dataset.json', '--out', dir, '--no-svg').code).toBe(0);
    const run = cli('preview', dir, '--format', 'json');
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(run.stdout)).toEqual({
      file: join(dir, '.telescope-report/preview.html'),
      bundle: dir,
      posts: [
        { lang: 'en', title: 'Telescope Report Overflow (October–December 2021)', unfinishedSlots: 5 },
        { lang: 'ja', title: 'テレスコープレポートOverflow（2021年10～12月）', unfinishedSlots: 5 },
      ],
      warnings: [],
    });
    const empty = cli('preview', join(dir, '.telescope-report'), '--out', join(dir, 'x.html'), '--format', 'json');
    expect(empty).toMatchObject({ code: 2, stderr: '' });
    expect(JSON.parse(empty.stdout)).toEqual([
      {
        file: join(dir, '.telescope-report'),
        line: null,
        column: null,
        severity: 'error',
        ruleId: 'no-posts',
        message: 'expected index.<lang>.md files in the bundle, found none',
        jsonPath: null,
      },
    ]);
  });
});

describe('color', () => {
  const faulty = ['locales', 'check', '--locales', 'test/fixtures/locales/faulty'];
  it('is off when not writing to a terminal', () => {
    expect(cliWithEnv({}, ...faulty).stdout).not.toContain('\u001b[');
  });

  it('FORCE_COLOR colors only the severity, the rule id and the mark', () => {
    const lines = cliWithEnv({ FORCE_COLOR: '1' }, ...faulty).stdout.split('\n');
    expect(lines[0]).toBe(
      'test/fixtures/locales/faulty/en/post.json:2:15  \u001b[33mwarning\u001b[39m  expected a key that a template or the code uses, found "post:unused.thing"  \u001b[90munused-key\u001b[39m',
    );
    expect(lines.at(-2)).toMatch(/^\u001b\[33m⚠\u001b\[39m \d+ findings$/);
    const usage = cliWithEnv({ FORCE_COLOR: '1' }, 'validate', 'missing.json');
    expect(usage.stderr).toContain('\u001b[31merror\u001b[39m');
    expect(usage.stderr).toContain('\u001b[31m✖\u001b[39m 1 dataset problem');
  });

  it('NO_COLOR (any non-empty value) wins over FORCE_COLOR', () => {
    const plain = cliWithEnv({}, ...faulty);
    expect(cliWithEnv({ NO_COLOR: '1', FORCE_COLOR: '1' }, ...faulty)).toEqual(plain);
    // An empty NO_COLOR is as if unset.
    expect(cliWithEnv({ NO_COLOR: '', FORCE_COLOR: '1' }, ...faulty).stdout).toContain('\u001b[');
  });
});
