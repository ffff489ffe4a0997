/**
 * Bad input, found in the partial sums (small) and shown with a raw row (looked up only then):
 * each problem names the file, the column, what was expected, what was found, how many rows
 * and one of them in full.
 */
import { isKnownRegion } from '../dataset/ranked-lists.js';
import { isKnownProtocol, suggestProtocol } from '../dataset/protocols.js';
import { CATEGORY_ID, PORTED_PROTOCOLS } from '../dataset/schema.js';
import { printable, problem, type Problem } from '../messages.js';
import { literal, type Engine } from './db.js';
import { REQUIRED_COLUMNS, OPTIONAL_COLUMNS, type Column } from './input.js';

interface Check {
  ruleId: string;
  column: Column;
  grain: 'sensor_day_port' | 'country_port';
  /** Over the combined partials. */
  where: string;
  /** Over the raw rows (the `observations` view): the same rows. */
  raw: string;
  expected: string;
}

export interface CheckContext {
  /** The input as given, for problems without a row to point at. */
  file: string;
  /** Whether the raw rows can be read (not with --from-partials). */
  raw: boolean;
  /** Sensor ids listed, and what a sensor outside them should have been. */
  sensorExpected: string;
  /** Declared category ids (`--categories`), or undefined when any well-formed id is taken. */
  categories: Set<string> | undefined;
  /** The period's first and last day, and the months a year earlier, for messages. */
  periodWords: string;
}

const PORTED = PORTED_PROTOCOLS.map(literal).join(', ');
const SENSOR_PATTERN = literal('[A-Za-z0-9][A-Za-z0-9_.:@/+-]*');

function fixedChecks(context: CheckContext): Check[] {
  const a = 'sensor_day_port' as const;
  return [
    { ruleId: 'invalid-value', column: 'day', grain: a, where: 'day IS NULL', raw: 'day IS NULL', expected: 'a day written YYYY-MM-DD' },
    {
      ruleId: 'day-outside-period',
      column: 'day',
      grain: a,
      where: 'day IS NOT NULL AND day NOT IN (SELECT day FROM period_days)',
      raw: 'day IS NOT NULL AND day NOT IN (SELECT day FROM period_days)',
      expected: context.periodWords,
    },
    { ruleId: 'missing-value', column: 'sensor', grain: a, where: 'sensor IS NULL', raw: 'sensor IS NULL', expected: 'a sensor id' },
    {
      ruleId: 'invalid-value',
      column: 'sensor',
      grain: a,
      where: `NOT regexp_full_match(sensor, ${SENSOR_PATTERN}) OR length(sensor) > 64`,
      raw: `NOT regexp_full_match(sensor, ${SENSOR_PATTERN}) OR length(sensor) > 64`,
      expected: 'a sensor id: a letter or digit, then letters, digits and _ . : @ / + - (at most 64)',
    },
    {
      ruleId: 'unknown-sensor',
      column: 'sensor',
      grain: a,
      where: `regexp_full_match(sensor, ${SENSOR_PATTERN}) AND length(sensor) <= 64 AND sensor NOT IN (SELECT id FROM sensor_list)`,
      raw: `regexp_full_match(sensor, ${SENSOR_PATTERN}) AND length(sensor) <= 64 AND sensor NOT IN (SELECT id FROM sensor_list)`,
      expected: context.sensorExpected,
    },
    {
      ruleId: 'missing-value',
      column: 'protocol',
      grain: a,
      where: 'protocol IS NULL',
      raw: 'protocol IS NULL',
      expected: 'a protocol (TCP, UDP, ICMP, …)',
    },
    {
      ruleId: 'out-of-range',
      column: 'port',
      grain: a,
      where: 'port = -1',
      raw: 'port = -1',
      expected: 'a port: a whole number from 0 to 65535, or empty for a protocol without ports',
    },
    {
      ruleId: 'port-required',
      column: 'port',
      grain: a,
      where: `port IS NULL AND protocol IN (${PORTED})`,
      raw: `port IS NULL AND upper(protocol) IN (${PORTED})`,
      expected: 'a port (0-65535): TCP, UDP and SCTP have one',
    },
    {
      ruleId: 'port-forbidden',
      column: 'port',
      grain: a,
      where: `port >= 0 AND protocol NOT IN (${PORTED})`,
      raw: `port >= 0 AND upper(protocol) NOT IN (${PORTED})`,
      expected: 'no port: only TCP, UDP and SCTP have one',
    },
    {
      ruleId: 'invalid-value',
      column: 'packets',
      grain: a,
      where: 'min_packets < 0',
      raw: 'packets < 0',
      expected: 'packets: a number, 0 or more',
    },
    {
      ruleId: 'invalid-value',
      column: 'source_addresses',
      grain: a,
      where: 'min_source_addresses < 0',
      raw: 'source_addresses < 0',
      expected: 'source addresses: a number, 0 or more, or empty',
    },
  ];
}

/** Checks of values that TypeScript judges (protocols, countries, categories): one per value found wrong. */
async function valueChecks(engine: Engine, context: CheckContext): Promise<Check[]> {
  const distinct = async (column: string, grain: string) =>
    (await engine.query(`SELECT DISTINCT ${column} AS value FROM combined WHERE grain = '${grain}' AND ${column} IS NOT NULL`)).map((row) =>
      String(row.value),
    );
  const checks: Check[] = [];
  for (const protocol of await distinct('protocol', 'sensor_day_port')) {
    if (isKnownProtocol(protocol)) continue;
    const suggestion = suggestProtocol(protocol);
    checks.push({
      ruleId: 'unknown-protocol',
      column: 'protocol',
      grain: 'sensor_day_port',
      where: `protocol = ${literal(protocol)}`,
      raw: `upper(protocol) = ${literal(protocol)}`,
      expected: `an IANA protocol keyword such as TCP, UDP, ICMP or GRE${suggestion ? ` (did you mean ${suggestion}?)` : ''}`,
    });
  }
  for (const country of await distinct('source_country', 'country_port')) {
    if (/^[A-Z]{2}$/.test(country) && isKnownRegion(country)) continue;
    checks.push({
      ruleId: 'unknown-country',
      column: 'source_country',
      grain: 'country_port',
      where: `source_country = ${literal(country)}`,
      raw: `upper(source_country) = ${literal(country)}`,
      expected: 'an ISO 3166-1 alpha-2 country code (JP, US, …), or empty when not known',
    });
  }
  for (const category of await distinct('category', 'country_port')) {
    const wellFormed = CATEGORY_ID.test(category) && category.length <= 64;
    if (wellFormed && (!context.categories || context.categories.has(category))) continue;
    checks.push({
      ruleId: wellFormed ? 'unknown-category' : 'invalid-value',
      column: 'category',
      grain: 'country_port',
      where: `category = ${literal(category)}`,
      raw: `category = ${literal(category)}`,
      expected: wellFormed
        ? `a category of --categories (${[...context.categories!].join(', ')}), or empty`
        : 'a category id: lower-case words joined by hyphens, not "all", or empty',
    });
  }
  return checks;
}

const COLUMNS: readonly Column[] = [...REQUIRED_COLUMNS, ...OPTIONAL_COLUMNS];

/** `day=2021-10-01 sensor=dom-1 protocol=TCP port=70000 packets=12`: a row as the file has it. */
const describeRow = (row: Record<string, unknown>, prefix: string): string =>
  COLUMNS.filter((column) => `${prefix}${column}` in row)
    .map((column) => `${column}=${row[`${prefix}${column}`] === null ? '(empty)' : JSON.stringify(row[`${prefix}${column}`])}`)
    .join(' ');

/** Every problem of the observations, one per check that fails. */
export async function checkObservations(engine: Engine, context: CheckContext): Promise<Problem[]> {
  const checks = [...fixedChecks(context), ...(await valueChecks(engine, context))];
  const problems: Problem[] = [];
  for (const check of checks) {
    const [counted] = await engine.query(
      `SELECT CAST(COALESCE(SUM(observations), 0) AS DOUBLE) AS rows FROM combined WHERE grain = '${check.grain}' AND (${check.where})`,
    );
    const rows = Number(counted?.rows ?? 0);
    if (rows === 0) continue;
    let file = context.file;
    let found: string;
    let sample: string;
    if (context.raw) {
      const [row] = await engine.query(
        `SELECT * EXCLUDE (${COLUMNS.map((c) => `"${c}"`).join(', ')}) FROM observations WHERE ${check.raw} LIMIT 1`,
      );
      const value = row?.[`raw_${check.column}`];
      file = typeof row?.filename === 'string' ? row.filename : file;
      found = value === null || value === undefined || value === '' ? 'an empty value' : JSON.stringify(value);
      sample = row ? `the row ${describeRow(row, 'raw_')}` : 'no row at hand';
    } else {
      const [row] = await engine.query(
        `SELECT CAST(day AS VARCHAR) AS day, sensor, protocol, port, source_country, category, packets, source_addresses FROM combined WHERE grain = '${check.grain}' AND (${check.where}) LIMIT 1`,
      );
      const value = row?.[check.column === 'packets' ? 'packets' : check.column];
      found = value === null || value === undefined ? 'an empty value' : JSON.stringify(value);
      sample = row ? `the partial row ${describeRow(row, '')}` : 'no row at hand';
    }
    const count = rows === 1 ? 'in 1 row' : `in ${rows.toLocaleString('en')} rows`;
    problems.push(
      problem({
        file,
        ruleId: check.ruleId,
        reason: printable(`${check.column}: expected ${check.expected}, found ${found} ${count}, e.g. ${sample}`),
        expected: check.expected,
        found,
      }),
    );
  }
  return problems;
}
