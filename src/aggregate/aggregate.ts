/**
 * `telescope-report aggregate`: raw observations → a `schemaVersion: 2` dataset, on DuckDB.
 *
 * The map step (sql/map.sql, portable) reduces the raw rows to partial sums; the checks find bad
 * input in those; the final step (sql/final.sql) ranks and averages; the dataset is assembled,
 * checked by the same `checkDataset` that `validate` runs, and written atomically. Bad input
 * throws a `ProblemsError` and writes nothing.
 */
import { dirname, join, relative, resolve, sep } from 'node:path';
import { checkDataset } from '../dataset/load.js';
import { periodDayList, periodDays, periodMonths, previousYearMonth, daysInMonth, type Period } from '../dataset/period.js';
import { isKnownRegion } from '../dataset/ranked-lists.js';
import { LIMITS, SENSOR_ID, type Category, type Dataset, type Sensor } from '../dataset/schema.js';
import { DatasetError, problem, ProblemsError } from '../messages.js';
import { fileTargetProblem, writeOrProblem } from '../output/targets.js';
import { PACKAGE_ROOT } from '../package-root.js';
import { parsePeriod, PERIOD_FORMS } from '../scaffold.js';
import { assemble, type Results } from './assemble.js';
import { checkObservations } from './checks.js';
import { literal, openEngine, readSql, withProgress, type Engine } from './db.js';
import { openObservations, openPartials } from './input.js';
import { parseRegionRules, readCategories, readSensorList, regionOf, type RegionRule, type UpRange } from './sensors.js';

export interface AggregateOptions {
  /** Parquet or CSV files (a file, a glob or a folder; hive partitions allowed) or a DuckDB database with a table `observations`. */
  observations: string;
  /** `2021-q4`, `2025`, `fy2024`, `fy2024-10`, or as a dataset's `period`. */
  period: string | Period;
  /** Where to write the dataset (default `dataset.json`); an existing file is refused unless `force`. */
  out?: string;
  force?: boolean;
  /** A JSON file: the dataset's sensors list, each sensor optionally with the days it was up (`up`). */
  sensors?: string;
  /** Without `sensors`: `domestic`, `overseas`, or rules `pattern=region,…` for the sensors found in the data. */
  region?: string;
  /** The publisher's country: its sources' packets become `sourceCountryTop` (needs `source_country`). */
  country?: string;
  /** A JSON file: the dataset's `categories` (labels); without it, each category found is labelled by its id. */
  categories?: string;
  /** Entries kept per list: every entry ranked this or better (default 100); a list cut is marked incomplete. */
  top?: number;
  /** The input is partial sums written by sql/map.sql (the cluster recipe), not raw observations. */
  fromPartials?: boolean;
  /** Draw progress on stderr when it is a terminal. */
  progress?: boolean;
  /** DuckDB's memory limit (default 3GB); past it, DuckDB spills to the temporary folder. */
  memoryLimit?: string;
  threads?: number;
}

export interface AggregateResult {
  file: string;
  dataset: Dataset;
  /** What was left out and why (a `--country` without source countries in the data). */
  warnings: string[];
}

const optionsProblem = (file: string, reason: string) =>
  new ProblemsError('options', [problem({ file, ruleId: 'invalid-option', reason: `${reason}: nothing was written` })]);

/** The period's days and the same months a year earlier, as the rows of `period_days`. */
function periodRows(period: Period): string {
  const inPeriod = periodDayList(period).map((day) => `(DATE '${day}', '${day.slice(0, 7)}', true)`);
  const earlier = periodMonths(period)
    .map(previousYearMonth)
    .flatMap((month) =>
      Array.from({ length: daysInMonth(month) }, (_, i) => `(DATE '${month}-${String(i + 1).padStart(2, '0')}', '${month}', false)`),
    );
  return [...inPeriod, ...earlier].join(', ');
}

export async function aggregate(options: AggregateOptions): Promise<AggregateResult> {
  const file = options.out ?? 'dataset.json';
  const period = typeof options.period === 'string' ? parsePeriod(options.period) : options.period;
  if (!period) throw optionsProblem(file, `expected a period: ${PERIOD_FORMS}, found ${JSON.stringify(options.period)}`);
  if (options.sensors === undefined && options.region === undefined)
    throw optionsProblem(
      file,
      'expected --sensors (the sensors list) or --region (rules for the sensors found in the data), found neither',
    );
  const rules: RegionRule[] | undefined = options.region === undefined ? undefined : parseRegionRules(options.region);
  if (options.region !== undefined && !rules)
    throw optionsProblem(
      file,
      `expected --region domestic, overseas, or rules pattern=region separated by commas (dom-*=domestic,*=overseas), found ${JSON.stringify(options.region)}`,
    );
  if (options.country !== undefined && !(/^[A-Z]{2}$/.test(options.country) && isKnownRegion(options.country)))
    throw optionsProblem(
      file,
      `expected --country as an ISO 3166-1 alpha-2 code in upper case (JP), found ${JSON.stringify(options.country)}`,
    );
  const top = options.top ?? 100;
  if (!Number.isInteger(top) || top < 1 || top > LIMITS.rank)
    throw optionsProblem(file, `expected --top as a whole number from 1 to ${LIMITS.rank}, found ${JSON.stringify(options.top)}`);
  const refused = await fileTargetProblem(file, { force: options.force === true, what: 'the dataset', existsHint: '--force replaces it' });
  if (refused) throw new ProblemsError('observations', [refused]);
  const list = options.sensors === undefined ? undefined : await readSensorList(options.sensors);
  if (Array.isArray(list)) throw new ProblemsError('observations', list);
  const categoryFile = options.categories === undefined ? undefined : await readCategories(options.categories);
  if (Array.isArray(categoryFile)) throw new ProblemsError('observations', categoryFile);

  const engine = await openEngine({
    ...(options.memoryLimit ? { memoryLimit: options.memoryLimit } : {}),
    ...(options.threads ? { threads: options.threads } : {}),
  });
  try {
    const progress = options.progress === true;
    let optional: Set<string>;
    if (options.fromPartials) {
      const problems = await openPartials(engine, options.observations);
      if (problems.length > 0) throw new ProblemsError('observations', problems);
      optional = new Set(['source_country', 'category', 'source_addresses']);
    } else {
      const input = await openObservations(engine, options.observations);
      if (Array.isArray(input)) throw new ProblemsError('observations', input);
      optional = input.optional;
      await withProgress(
        engine,
        'aggregate: reading the observations',
        engine.script(`CREATE OR REPLACE TEMP TABLE partials AS ${await readSql('map.sql')}`),
        progress,
      );
    }
    await engine.script(await readSql('combine.sql'));
    await engine.script(
      `CREATE OR REPLACE TEMP TABLE period_days AS SELECT col0 AS day, col1 AS month_id, col2 AS in_period FROM (VALUES ${periodRows(period)})`,
    );
    const sensors = list ? list.sensors : await sensorsFromData(engine, rules!);
    await fillSensors(engine, sensors, list?.up ?? [], { country: options.country, top });
    const present = async (sql: string) => ((await engine.query(sql))[0]?.found ?? false) === true;
    const sourceCountries =
      optional.has('source_country') &&
      (await present(`SELECT bool_or(source_country IS NOT NULL) AS found FROM combined WHERE grain = 'country_port'`));
    const sourceAddresses =
      optional.has('source_addresses') &&
      (await present(`SELECT bool_or(source_addresses IS NOT NULL) AS found FROM combined WHERE grain = 'sensor_day_port'`));
    const found = (
      await engine.query(`SELECT DISTINCT category FROM combined WHERE grain = 'country_port' AND category IS NOT NULL ORDER BY category`)
    ).map((row) => String(row.category));
    const { first, last } = periodDays(period);
    const problems = await checkObservations(engine, {
      file: options.observations,
      raw: !options.fromPartials,
      sensorExpected: list
        ? `a sensor of the sensors list ${options.sensors} (${sensors
            .map((s) => s.id)
            .slice(0, 10)
            .join(', ')}${sensors.length > 10 ? ', …' : ''})`
        : `a sensor that a --region rule gives a region (${options.region})`,
      categories: categoryFile ? new Set(Object.keys(categoryFile)) : undefined,
      periodWords: `a day of the period (${first} to ${last}) or of the same months a year earlier`,
    });
    if (problems.length > 0) throw new ProblemsError('observations', problems);
    const categories: Record<string, Category> | undefined =
      categoryFile ?? (found.length > 0 ? Object.fromEntries(found.map((id) => [id, { label: { en: id } }])) : undefined);
    await withProgress(engine, 'aggregate: ranking', engine.script(await readSql('final.sql')), progress);
    const results = await readResults(engine);
    const schema = relative(dirname(resolve(file)), join(PACKAGE_ROOT, 'src/dataset/dataset.schema.json'))
      .split(sep)
      .join('/');
    const { dataset, missingMonths } = assemble(results, {
      schema,
      period: period as Record<string, number>,
      sensors,
      categories,
      country: options.country,
      sourceCountries,
      sourceAddresses,
      months: periodMonths(period),
    });
    if (missingMonths.length > 0) {
      throw new ProblemsError(
        'observations',
        missingMonths.map(({ month, region }) =>
          problem({
            file: options.observations,
            ruleId: 'missing-month',
            reason: `day: expected observations of the ${region} sensors in ${month} (or days the sensors list says they were up), found none: their daily average cannot be given`,
          }),
        ),
      );
    }
    let checked: Dataset;
    try {
      checked = checkDataset(dataset, file);
    } catch (error) {
      if (error instanceof DatasetError) throw new ProblemsError('observations', error.problems);
      throw error;
    }
    const warnings =
      options.country && !sourceCountries
        ? [
            `--country ${options.country}: the observations say no source country (no source_country values), so the dataset has no sourceCountryTop`,
          ]
        : [];
    const failed = await writeOrProblem(file, `${JSON.stringify(dataset, null, 2)}\n`);
    if (failed) throw new ProblemsError('observations', [failed]);
    return { file, dataset: checked, warnings };
  } finally {
    engine.close();
  }
}

/** Sensors found in the data, by id, each given a region by the first rule that matches; those no rule places are left out (a check names them). */
async function sensorsFromData(engine: Engine, rules: readonly RegionRule[]): Promise<Sensor[]> {
  const ids = (
    await engine.query(`SELECT DISTINCT sensor FROM combined WHERE grain = 'sensor_day_port' AND sensor IS NOT NULL ORDER BY sensor`)
  ).map((row) => String(row.sensor));
  return ids
    .filter((id) => SENSOR_ID.test(id) && id.length <= LIMITS.idLength)
    .flatMap((id) => {
      const region = regionOf(rules, id);
      return region ? [{ id, region }] : [];
    });
}

async function fillSensors(
  engine: Engine,
  sensors: readonly Sensor[],
  up: readonly UpRange[],
  settings: { country: string | undefined; top: number },
): Promise<void> {
  const values = (rows: string[], empty: string) => (rows.length > 0 ? `VALUES ${rows.join(', ')}` : `SELECT ${empty} WHERE false`);
  await engine.script(
    `CREATE OR REPLACE TEMP TABLE sensor_list AS SELECT col0 AS id, col1 AS region FROM (${values(
      sensors.map((s) => `(${literal(s.id)}, ${literal(s.region)})`),
      "'' AS col0, '' AS col1",
    )})`,
  );
  await engine.script(
    `CREATE OR REPLACE TEMP TABLE up_ranges AS SELECT col0 AS sensor, CAST(col1 AS DATE) AS first_day, CAST(col2 AS DATE) AS last_day FROM (${values(
      up.map((r) => `(${literal(r.sensor)}, ${literal(r.first)}, ${literal(r.last)})`),
      "'' AS col0, '2000-01-01' AS col1, '2000-01-01' AS col2",
    )})`,
  );
  await engine.script(
    `CREATE OR REPLACE TEMP TABLE sensor_up AS SELECT DISTINCT u.sensor, d.day FROM up_ranges AS u JOIN period_days AS d ON d.day BETWEEN u.first_day AND u.last_day`,
  );
  await engine.script(
    `CREATE OR REPLACE TEMP TABLE settings AS SELECT ${settings.country ? literal(settings.country) : 'CAST(NULL AS VARCHAR)'} AS country, ${settings.top} AS top_n, 5 AS series_ports`,
  );
}

async function readResults(engine: Engine): Promise<Results> {
  const all = (table: string, columns = '*') => engine.query(`SELECT ${columns} FROM ${table}`);
  const ports = 'protocol, port, CAST(packets AS DOUBLE) AS packets';
  const ranked = `${ports}, CAST(listed AS DOUBLE) AS listed`;
  return {
    total: await all('result_total', 'CAST(packets AS DOUBLE) AS packets'),
    sensorTotals: await all('result_sensor_totals', 'sensor, CAST(packets AS DOUBLE) AS packets'),
    sensorTop: await all('result_sensor_top', `sensor, ${ranked}`),
    portRankings: await all('result_port_rankings', `scope, ${ranked}`),
    portCategories: await all('result_port_categories', `category, ${ports}`),
    countryTop: await all('result_country_top', ranked),
    countryTopCategories: await all('result_country_top_categories', `category, ${ports}`),
    sourceRegions: await all('result_source_regions', 'region, CAST(packets AS DOUBLE) AS packets, CAST(listed AS DOUBLE) AS listed'),
    sourceRegionCategories: await all('result_source_region_categories', 'region, category, CAST(packets AS DOUBLE) AS packets'),
    dailyAverages: await all('result_daily_averages', 'month, region, in_period, has_data, CAST(average AS DOUBLE) AS average'),
    series: await all(
      'result_series',
      'CAST(day AS VARCHAR) AS day, protocol, port, CAST(packets AS DOUBLE) AS packets, CAST(sources AS DOUBLE) AS sources',
    ),
  };
}
