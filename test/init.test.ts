import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, root } from './helpers.js';

const fresh = () => mkdtempSync(join(tmpdir(), 'telescope-init-'));

describe('telescope-report init', () => {
  const periods: [string, Record<string, number>, number, string][] = [
    ['2025-q1', { year: 2025, quarter: 1 }, 3, '2025 Q1'],
    ['2025', { year: 2025 }, 12, '2025,'],
    ['fy2024', { fiscalYear: 2024, startMonth: 4 }, 12, 'FY2024 (2024-04 to 2025-03)'],
    ['fy2024-10', { fiscalYear: 2024, startMonth: 10 }, 12, 'FY2024 (2024-10 to 2025-09)'],
  ];
  it.each(periods)('writes a skeleton for %s that validates and drafts', (spelling, period, months, name) => {
    const dir = fresh();
    const file = join(dir, 'data', 'dataset.json');
    const run = cli('init', '--period', spelling, '--out', file);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const dataset = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown> & { dailyAverages: { month: string }[] };
    expect(dataset.schemaVersion).toBe(2);
    expect(dataset.period).toEqual(period);
    // Every part of the contract is there to be filled in.
    expect(Object.keys(dataset).sort()).toEqual([
      '$schema',
      'categories',
      'dailyAverages',
      'period',
      'rankings',
      'schemaVersion',
      'sensorTop',
      'sensors',
      'series',
      'sourceCountryTop',
      'total',
    ]);
    expect(new Set(dataset.dailyAverages.map((row) => row.month)).size).toBe(months);
    // From a clone, $schema is the clone's schema, relative to the file.
    expect(resolve(join(dir, 'data'), dataset.$schema as string)).toBe(join(root, 'src/dataset/dataset.schema.json'));
    const valid = cli('validate', file);
    expect(valid.code).toBe(0);
    expect(valid.stdout).toContain(`valid — ${name}`);
    const draft = cli('draft', file, '--out', join(dir, 'bundle'));
    expect(draft.stderr).not.toContain('✖');
    expect(draft.code).toBe(0);
  });

  it('refuses to overwrite a file unless --force', () => {
    const file = join(fresh(), 'dataset.json');
    writeFileSync(file, 'mine');
    const run = cli('init', '--period', '2025', '--out', file);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `${file}  error  expected a new file, found one already there: nothing was written (--force replaces it)  exists\n✖ 1 dataset problem\n`,
    );
    expect(readFileSync(file, 'utf8')).toBe('mine');
    expect(cli('init', '--period', '2025', '--out', file, '--force').code).toBe(0);
    expect(cli('validate', file).code).toBe(0);
  });

  it.each(['2025-q5', 'fy24', '1969', 'q1-2025', 'fy2024-13', 'fy9999-04'])(
    'refuses the period %s, naming the forms it takes',
    (spelling) => {
      const run = cli('init', '--period', spelling, '--out', join(fresh(), 'dataset.json'));
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(
        `--period takes 2025-q1 (a quarter), 2025 (a calendar year), fy2024 (a fiscal year from April) or fy2024-10 (from October), found "${spelling}"`,
      );
      expect(run.stderr).not.toMatch(/\n\s+at /);
    },
  );

  it('needs --period', () => {
    const run = cli('init', '--out', join(fresh(), 'dataset.json'));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('init needs --period');
  });
});
