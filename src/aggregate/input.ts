/**
 * Reading the observations: Parquet or CSV files (one, a glob, or a folder, hive-partitioned
 * folders allowed) or a DuckDB database with a table `observations`, exposed as the view
 * `observations` that the map step (sql/map.sql) reads. The view checks types as it goes: a
 * value that is not what its column needs becomes NULL (a day, a sensor) or -1 (a port, a
 * count), so that the checks find it in the partials and a sample row is looked up only then.
 */
import { open, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { problem, type Problem } from '../messages.js';
import { literal, type Engine } from './db.js';

/** The long format: required columns, then optional ones. */
export const REQUIRED_COLUMNS = ['day', 'sensor', 'protocol', 'port', 'packets'] as const;
export const OPTIONAL_COLUMNS = ['source_country', 'category', 'source_addresses'] as const;
export type Column = (typeof REQUIRED_COLUMNS)[number] | (typeof OPTIONAL_COLUMNS)[number];

export type InputKind = 'parquet' | 'csv' | 'duckdb';

export interface Input {
  kind: InputKind;
  /** As given: a file, a glob or a folder. */
  path: string;
  /** The optional columns the data has. */
  optional: Set<Column>;
}

const DUCKDB_MAGIC = 'DUCK';

async function isDuckdbFile(path: string): Promise<boolean> {
  const handle = await open(path, 'r').catch(() => undefined);
  if (!handle) return false;
  try {
    const bytes = Buffer.alloc(12);
    await handle.read(bytes, 0, 12, 0);
    return bytes.subarray(8, 12).toString('latin1') === DUCKDB_MAGIC;
  } finally {
    await handle.close();
  }
}

/** What kind of input a path is, and the glob DuckDB reads; a problem when none can be told. */
async function locate(path: string): Promise<{ kind: InputKind; glob: string } | Problem> {
  const info = await stat(path).catch(() => undefined);
  if (info?.isDirectory()) {
    // A folder: its Parquet files, else its CSV files, at any depth (hive partitions are folders).
    const files = await readdir(path, { recursive: true });
    if (files.some((f) => /\.parquet$/i.test(f))) return { kind: 'parquet', glob: join(path, '**', '*.parquet') };
    if (files.some((f) => /\.(csv|tsv)(\.gz|\.zst)?$/i.test(f))) return { kind: 'csv', glob: join(path, '**', '*.csv*') };
    return problem({
      file: path,
      ruleId: 'unreadable',
      reason: 'expected observations: a folder holding .parquet or .csv files, found none',
    });
  }
  if (info?.isFile() && (await isDuckdbFile(path))) return { kind: 'duckdb', glob: path };
  if (/\.parquet$/i.test(path)) return { kind: 'parquet', glob: path };
  if (/\.(csv|tsv|txt)(\.gz|\.zst)?$/i.test(path)) return { kind: 'csv', glob: path };
  if (!info && !/[*?[]/.test(path))
    return problem({ file: path, ruleId: 'unreadable', reason: 'cannot read the observations: no such file' });
  return problem({
    file: path,
    ruleId: 'unreadable',
    reason: 'expected observations in Parquet (.parquet), CSV (.csv, .csv.gz) or a DuckDB database, found a file of none of these kinds',
  });
}

/** DuckDB's message, first line, without its own prefix: what a problem can quote. */
export const engineMessage = (error: unknown): string =>
  String((error as Error).message ?? error)
    .split('\n')[0]!
    .replace(/^[A-Za-z ]+Error: /, '');

/** The relation a kind is read through, raw: every column as the file has it, and the file it came from. */
function sourceOf(kind: InputKind, glob: string): string {
  if (kind === 'parquet') return `read_parquet(${literal(glob)}, filename = true, union_by_name = true)`;
  if (kind === 'csv') return `read_csv(${literal(glob)}, header = true, all_varchar = true, filename = true, union_by_name = true)`;
  return `(SELECT *, ${literal(glob)} AS filename FROM observations_db.observations)`;
}

const NUMERIC = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|DECIMAL.*)$/;

/** The normalizing expression of each column of the long format, by the type the file gives it. */
function expressions(types: Map<string, string>): Record<Column, string> {
  const numeric = (column: string) => NUMERIC.test(types.get(column) ?? '');
  const asDouble = (column: string) => (numeric(column) ? `CAST("${column}" AS DOUBLE)` : `TRY_CAST("${column}" AS DOUBLE)`);
  const empty = (column: string) =>
    numeric(column) ? `"${column}" IS NULL` : `("${column}" IS NULL OR trim(CAST("${column}" AS VARCHAR)) = '')`;
  const text = (column: string) => (types.has(column) ? `NULLIF(CAST("${column}" AS VARCHAR), '')` : 'CAST(NULL AS VARCHAR)');
  const port = asDouble('port');
  const packets = asDouble('packets');
  const sources = asDouble('source_addresses');
  return {
    day: `TRY_CAST("day" AS DATE)`,
    sensor: text('sensor'),
    protocol: text('protocol'),
    port: `CASE WHEN ${empty('port')} THEN NULL WHEN ${port} >= 0 AND ${port} <= 65535 AND ${port} = floor(${port}) THEN CAST(${port} AS INTEGER) ELSE -1 END`,
    packets: `CASE WHEN ${packets} >= 0 AND isfinite(${packets}) THEN ${packets} ELSE -1 END`,
    source_country: text('source_country'),
    category: text('category'),
    source_addresses: types.has('source_addresses')
      ? `CASE WHEN ${empty('source_addresses')} THEN NULL WHEN ${sources} >= 0 AND isfinite(${sources}) THEN ${sources} ELSE -1 END`
      : 'CAST(NULL AS DOUBLE)',
  };
}

/**
 * Opens the observations as the view `observations` (normalized columns, `filename`, and each
 * column as text under `raw_<name>` for sample rows); problems when they cannot be read or lack
 * a required column.
 */
export async function openObservations(engine: Engine, path: string): Promise<Input | Problem[]> {
  const located = await locate(path);
  if ('reason' in located) return [located];
  const { kind, glob } = located;
  try {
    if (kind === 'duckdb') await engine.script(`ATTACH ${literal(glob)} AS observations_db (READ_ONLY)`);
    const described = await engine.query(`DESCRIBE SELECT * FROM ${sourceOf(kind, glob)}`);
    const types = new Map(described.map((row) => [String(row.column_name).toLowerCase(), String(row.column_type)]));
    const missing = REQUIRED_COLUMNS.filter((column) => !types.has(column));
    if (missing.length > 0) {
      const found = [...types.keys()].filter((name) => name !== 'filename');
      return missing.map((column) =>
        problem({
          file: path,
          ruleId: 'missing-column',
          reason: `${column}: expected a column ${column} (the long format: ${REQUIRED_COLUMNS.join(', ')}; optional ${OPTIONAL_COLUMNS.join(', ')}), found the columns ${found.join(', ') || 'none'}`,
        }),
      );
    }
    const columns = expressions(types);
    const present = [...REQUIRED_COLUMNS, ...OPTIONAL_COLUMNS].filter((column) => types.has(column));
    await engine.script(`CREATE OR REPLACE TEMP VIEW observations AS SELECT
      ${Object.entries(columns)
        .map(([name, sql]) => `${sql} AS ${name}`)
        .join(',\n      ')},
      filename,
      ${present.map((column) => `CAST("${column}" AS VARCHAR) AS raw_${column}`).join(', ')}
    FROM ${sourceOf(kind, glob)}`);
    return { kind, path, optional: new Set(OPTIONAL_COLUMNS.filter((column) => types.has(column))) };
  } catch (error) {
    return [problem({ file: path, ruleId: 'unreadable', reason: `cannot read the observations: ${engineMessage(error)}` })];
  }
}

/** Opens partial sums written by the map step (`--from-partials`): Parquet, CSV or a DuckDB table `partials`. */
export async function openPartials(engine: Engine, path: string): Promise<Problem[]> {
  const located = await locate(path);
  if ('reason' in located) return [located];
  const { kind, glob } = located;
  try {
    let source: string;
    if (kind === 'duckdb') {
      await engine.script(`ATTACH ${literal(glob)} AS partials_db (READ_ONLY)`);
      source = 'partials_db.partials';
    } else
      source =
        kind === 'parquet'
          ? `read_parquet(${literal(glob)}, union_by_name = true)`
          : `read_csv(${literal(glob)}, header = true, union_by_name = true)`;
    const described = await engine.query(`DESCRIBE SELECT * FROM ${source}`);
    const names = new Set(described.map((row) => String(row.column_name).toLowerCase()));
    const wanted = [
      'grain',
      'day',
      'year',
      'month',
      'sensor',
      'protocol',
      'port',
      'source_country',
      'category',
      'observations',
      'packets',
      'min_packets',
      'source_addresses',
      'min_source_addresses',
    ];
    const missing = wanted.filter((column) => !names.has(column));
    if (missing.length > 0)
      return [
        problem({
          file: path,
          ruleId: 'missing-column',
          reason: `${missing[0]}: expected the columns sql/map.sql writes (${wanted.join(', ')}), found ${[...names].join(', ')}`,
        }),
      ];
    await engine.script(`CREATE OR REPLACE TEMP TABLE partials AS SELECT
      CAST(grain AS VARCHAR) AS grain, TRY_CAST(day AS DATE) AS day, CAST(year AS INTEGER) AS year, CAST(month AS INTEGER) AS month,
      CAST(sensor AS VARCHAR) AS sensor, CAST(protocol AS VARCHAR) AS protocol, CAST(port AS INTEGER) AS port,
      CAST(source_country AS VARCHAR) AS source_country, CAST(category AS VARCHAR) AS category,
      CAST(observations AS BIGINT) AS observations, CAST(packets AS DOUBLE) AS packets, CAST(min_packets AS DOUBLE) AS min_packets,
      CAST(source_addresses AS DOUBLE) AS source_addresses, CAST(min_source_addresses AS DOUBLE) AS min_source_addresses
    FROM ${source}`);
    return [];
  } catch (error) {
    return [problem({ file: path, ruleId: 'unreadable', reason: `cannot read the partials: ${engineMessage(error)}` })];
  }
}
