/** `aggregate` through the real binary: the example kept in step, other input kinds, bad input, and DuckDB loaded by no other command. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AGGREGATE_EXAMPLE_ARGS, exampleCategories, exampleObservations, exampleSensors } from '../src/build/aggregate-example.js';
import { cli, noStackTrace, root } from './helpers.js';

const example = (name: string) => join(root, 'examples/aggregate', name);
const withoutSchema = (text: string) => {
  const { $schema: _, ...rest } = JSON.parse(text) as Record<string, unknown>;
  return rest;
};
const argsWith = (input: string, out: string, ...extra: string[]) => [
  'aggregate',
  input,
  '--period',
  '2021-q4',
  '--sensors',
  'examples/aggregate/sensors.json',
  '--categories',
  'examples/aggregate/categories.json',
  '--country',
  'JP',
  '--out',
  out,
  ...extra,
];

describe('the aggregate example', () => {
  it('is what its generator writes, and aggregates to the committed dataset (which examples.json drafts)', () => {
    expect(readFileSync(example('observations.csv'), 'utf8'), 'run npm run examples').toBe(exampleObservations());
    expect(JSON.parse(readFileSync(example('sensors.json'), 'utf8'))).toEqual(exampleSensors());
    expect(JSON.parse(readFileSync(example('categories.json'), 'utf8'))).toEqual(exampleCategories());
    const out = join(mkdtempSync(join(tmpdir(), 'aggregate-')), 'dataset.json');
    const args = AGGREGATE_EXAMPLE_ARGS.map((arg) => (arg === 'examples/aggregate/dataset.json' ? out : arg));
    const run = cli(...args);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(`${out}: written — 4 sensors, 2,709,305 packets, 4 rankings, 2 series\n`);
    expect(withoutSchema(readFileSync(out, 'utf8')), 'examples/aggregate/dataset.json is stale: run npm run examples').toEqual(
      withoutSchema(readFileSync(example('dataset.json'), 'utf8')),
    );
    expect(JSON.parse(readFileSync(example('dataset.json'), 'utf8')).$schema).toBe('../../src/dataset/dataset.schema.json');
    expect(readFileSync(join(root, 'examples/examples.json'), 'utf8')).toContain('"dataset": "aggregate/dataset.json"');
  });

  it('reads the same observations as hive-partitioned Parquet, as a DuckDB database, and as partial sums from the map step', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aggregate-kinds-'));
    const require = createRequire(import.meta.url);
    const { DuckDBInstance } = require('@duckdb/node-api') as typeof import('@duckdb/node-api');
    const db = await DuckDBInstance.create(join(dir, 'observations.duckdb'));
    const c = await db.connect();
    // Typed as a cluster table would be: the map step reads it unchanged.
    await c.run(`CREATE TABLE observations AS SELECT CAST(day AS DATE) AS day, sensor, protocol, CAST(port AS INTEGER) AS port, CAST(packets AS DOUBLE) AS packets,
      source_country, category, CAST(source_addresses AS DOUBLE) AS source_addresses FROM read_csv('${example('observations.csv')}', header = true, all_varchar = true)`);
    await c.run(`COPY observations TO '${join(dir, 'hive')}' (FORMAT parquet, PARTITION_BY (sensor))`);
    await c.run(`COPY (${readFileSync(join(root, 'sql/map.sql'), 'utf8')}) TO '${join(dir, 'partials.parquet')}' (FORMAT parquet)`);
    c.closeSync();
    db.closeSync();
    const expected = withoutSchema(readFileSync(example('dataset.json'), 'utf8'));
    for (const [input, extra] of [
      [join(dir, 'hive'), []],
      [join(dir, 'observations.duckdb'), []],
      [join(dir, 'partials.parquet'), ['--from-partials']],
    ] as const) {
      const out = join(dir, `out-${extra.length}-${input.length}.json`);
      const run = cli(...argsWith(input, out, ...extra));
      expect(run.stderr, input).toBe('');
      expect(withoutSchema(readFileSync(out, 'utf8')), input).toEqual(expected);
    }
  });
});

describe('aggregate on bad input', () => {
  const dir = mkdtempSync(join(tmpdir(), 'aggregate-bad-'));
  const bad = (name: string, text: string) => {
    const file = join(dir, name);
    writeFileSync(file, text);
    return file;
  };

  it('names the file, the column and a sample row of each fault, exits 2 and writes nothing', () => {
    const input = bad(
      'bad.csv',
      [
        'day,sensor,protocol,port,packets',
        '2021-10-01,dom-1,TCP,70000,5',
        '2021-10-02,dom-1,TCP,23,many',
        '2022-01-05,dom-1,TCP,23,1',
        '2021-10-03,dom-9,TCP,23,1',
        '2021-10-03,dom-1,UDP,,1',
        'yesterday,dom-1,UDP,53,1',
        '',
      ].join('\n'),
    );
    const out = join(dir, 'dataset.json');
    const run = cli(...argsWith(input, out));
    expect(run.code).toBe(2);
    noStackTrace(run.stderr);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      [
        `${input}  error  day: expected a day written YYYY-MM-DD, found "yesterday" in 1 row, e.g. the row day="yesterday" sensor="dom-1" protocol="UDP" port="53" packets="1"  invalid-value`,
        `${input}  error  day: expected a day of the period (2021-10-01 to 2021-12-31) or of the same months a year earlier, found "2022-01-05" in 1 row, e.g. the row day="2022-01-05" sensor="dom-1" protocol="TCP" port="23" packets="1"  day-outside-period`,
        `${input}  error  sensor: expected a sensor of the sensors list examples/aggregate/sensors.json (dom-1, dom-2, ovs-1, ovs-2), found "dom-9" in 1 row, e.g. the row day="2021-10-03" sensor="dom-9" protocol="TCP" port="23" packets="1"  unknown-sensor`,
        `${input}  error  port: expected a port: a whole number from 0 to 65535, or empty for a protocol without ports, found "70000" in 1 row, e.g. the row day="2021-10-01" sensor="dom-1" protocol="TCP" port="70000" packets="5"  out-of-range`,
        `${input}  error  port: expected a port (0-65535): TCP, UDP and SCTP have one, found an empty value in 1 row, e.g. the row day="2021-10-03" sensor="dom-1" protocol="UDP" port=(empty) packets="1"  port-required`,
        `${input}  error  packets: expected packets: a number, 0 or more, found "many" in 1 row, e.g. the row day="2021-10-02" sensor="dom-1" protocol="TCP" port="23" packets="many"  invalid-value`,
        '✖ 6 observations problems: nothing was written',
        '',
      ].join('\n'),
    );
    expect(existsSync(out)).toBe(false);
  });

  it('names a missing column and the columns found', () => {
    const input = bad('short.csv', 'day,sensor,protocol,packets\n2021-10-01,dom-1,ICMP,5\n');
    const run = cli(...argsWith(input, join(dir, 'never.json')));
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `${input}  error  port: expected a column port (the long format: day, sensor, protocol, port, packets; optional source_country, category, source_addresses), found the columns day, sensor, protocol, packets  missing-column\n✖ 1 observations problem: nothing was written\n`,
    );
  });

  it('says what a missing file or an unknown kind of file is', () => {
    const missing = cli(
      'aggregate',
      join(dir, 'none.parquet'),
      '--period',
      '2021-q4',
      '--region',
      'domestic',
      '--out',
      join(dir, 'never.json'),
    );
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('cannot read the observations: No files found that match the pattern');
    const odd = cli('aggregate', bad('notes.json', '{}'), '--period', '2021-q4', '--region', 'domestic', '--out', join(dir, 'never.json'));
    expect(odd.stderr).toBe(
      `${join(dir, 'notes.json')}  error  expected observations in Parquet (.parquet), CSV (.csv, .csv.gz) or a DuckDB database, found a file of none of these kinds  unreadable\n✖ 1 observations problem: nothing was written\n`,
    );
  });

  it('needs a period and the sensors or region rules', () => {
    const run = cli('aggregate', 'examples/aggregate/observations.csv', '--period', '2021-q4');
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      "telescope-report: aggregate needs --sensors <sensors.json> or --region <rules> to know each sensor's region\nRun `telescope-report aggregate --help` for usage.\n",
    );
    const rules = cli(
      'aggregate',
      'examples/aggregate/observations.csv',
      '--period',
      '2021-q4',
      '--region',
      'dom-*=domestic',
      '--out',
      join(dir, 'never.json'),
    );
    expect(rules.code).toBe(2);
    expect(rules.stderr).toContain('sensor: expected a sensor that a --region rule gives a region (dom-*=domestic), found "ovs-1" in ');
  });
});

describe('DuckDB', () => {
  // Lists, at exit, every loaded module whose path names @duckdb.
  const hook = join(mkdtempSync(join(tmpdir(), 'aggregate-hook-')), 'hook.cjs');
  writeFileSync(
    hook,
    `process.on('exit', () => process.stderr.write('\\nloaded:' + JSON.stringify(Object.keys(require.cache).filter((k) => k.includes('@duckdb')).length)));`,
  );
  const loaded = (...args: string[]) => {
    const run = spawnSync(process.execPath, ['--require', hook, 'dist/bin/telescope-report.mjs', ...args], { cwd: root, encoding: 'utf8' });
    return Number(run.stderr.split('loaded:').at(-1));
  };

  it('loads for aggregate, never for draft or validate', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aggregate-lazy-'));
    expect(loaded('draft', 'examples/aggregate/dataset.json', '--out', join(dir, 'post'), '--no-svg')).toBe(0);
    expect(loaded('validate', 'examples/aggregate/dataset.json')).toBe(0);
    expect(loaded(...argsWith('examples/aggregate/observations.csv', join(dir, 'dataset.json')))).toBeGreaterThan(0);
  });

  it('is not loaded by importing the library and drafting with it', () => {
    const run = spawnSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `
      import { createRequire } from 'node:module';
      const m = await import('telescope-report');
      await m.draft(await m.loadDataset('examples/aggregate/dataset.json'), { svg: false });
      console.log(typeof m.aggregate, Object.keys(createRequire(import.meta.url).cache).filter((k) => k.includes('@duckdb')).length);
    `,
      ],
      { cwd: root, encoding: 'utf8' },
    );
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('function 0\n');
  });
});
