/**
 * The embedded engine, loaded only here, on the first aggregation, so that no other command
 * pays for the native module (a test keeps `draft` free of it). It is required, not imported:
 * the CLI's bundle runs its chunks as CommonJS scripts, where `import()` cannot run, and the
 * package is CommonJS either way.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { PACKAGE_ROOT } from '../package-root.js';

/** A value as a row object holds it: DuckDB's JSON form (dates as `YYYY-MM-DD`, big integers as text). */
export type Cell = string | number | boolean | null | Cell[] | { [key: string]: Cell };
export type Row = Record<string, Cell>;

export interface Engine {
  instance: DuckDBInstance;
  connection: DuckDBConnection;
  /** Rows of one statement. */
  query(sql: string, values?: (string | number | boolean | null)[]): Promise<Row[]>;
  /** Every statement of a script, in order. */
  script(sql: string): Promise<void>;
  close(): void;
}

export interface EngineOptions {
  /** DuckDB's memory limit (default 3GB): past it, operators spill to a temporary folder. */
  memoryLimit?: string;
  /** Threads (default: DuckDB's, one per core). */
  threads?: number;
}

export async function openEngine(options: EngineOptions = {}): Promise<Engine> {
  const { DuckDBInstance } = createRequire(import.meta.url)('@duckdb/node-api') as typeof import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(':memory:', {
    memory_limit: options.memoryLimit ?? '3GB',
    // One folder per process: DuckDB names its spill files alike in every process.
    temp_directory: join(tmpdir(), `telescope-report-duckdb-${process.pid}`),
    // Row order is never relied on (every list is sorted when assembled): DuckDB may then stream and spill more freely.
    preserve_insertion_order: 'false',
    // The data is the user's own; DuckDB must not fetch extensions from the network.
    autoinstall_known_extensions: 'false',
    autoload_known_extensions: 'false',
    ...(options.threads ? { threads: String(options.threads) } : {}),
  });
  const connection = await instance.connect();
  return {
    instance,
    connection,
    async query(sql, values) {
      const reader = await connection.runAndReadAll(sql, values);
      return reader.getRowObjectsJson() as Row[];
    },
    async script(sql) {
      const statements = await connection.extractStatements(sql);
      for (let i = 0; i < statements.count; i++) await (await statements.prepare(i)).run();
    },
    close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}

/** A file of the package's `sql/` folder. */
export const readSql = (name: string): Promise<string> => readFile(join(PACKAGE_ROOT, 'sql', name), 'utf8');

/** A SQL string literal. */
export const literal = (text: string): string => `'${text.replaceAll("'", "''")}'`;

/**
 * Runs `work` while drawing DuckDB's progress on stderr, only when stderr is a terminal and only
 * once the work has taken a second: a short run prints nothing, a piped one never.
 */
export async function withProgress<T>(engine: Engine, label: string, work: Promise<T>, enabled: boolean): Promise<T> {
  if (!enabled || !process.stderr.isTTY) return work;
  const started = performance.now();
  let drawn = false;
  const timer = setInterval(() => {
    if (performance.now() - started < 1000) return;
    const { percentage } = engine.connection.progress;
    const seconds = `${((performance.now() - started) / 1000).toFixed(0)} s`;
    // DuckDB says -1 while it cannot tell how far it is: then only the time taken is shown.
    if (percentage < 0) process.stderr.write(`\r${label}… ${seconds}`);
    else {
      const done = Math.min(100, percentage);
      const width = 30;
      const filled = Math.round((done / 100) * width);
      process.stderr.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done.toFixed(0).padStart(3)}% ${seconds}`);
    }
    drawn = true;
  }, 200);
  try {
    return await work;
  } finally {
    clearInterval(timer);
    if (drawn) process.stderr.write('\r\u001b[2K');
  }
}
