/**
 * The rules of the contract that JSON Schema cannot express. They run over
 * the raw value, even when it is structurally broken, so that one run
 * reports every problem; each rule checks only the parts whose shape it needs.
 */
import type { PathSegment } from '../json-source.js';
import { previousYearMonth, periodMonths, type MonthId } from './period.js';
import { periodSchema, REGIONS } from './schema.js';
import { checkTotal } from './total-rules.js';
import { checkCategories } from './category-rules.js';
import { checkSeries } from './series-rules.js';
import { checkTexts } from './text-rules.js';
import {
  checkEntries,
  checkRankings,
  isKnownRegion,
  unknownCountry,
  isObject,
  isString,
  type Raw,
  type RuleFinding,
} from './ranked-lists.js';

export type { RuleFinding };
export interface RuleOptions {
  /** The caller has refused every `__proto__` key already (the fast path does, as it counts keys). */
  prototypeKeysRefused?: boolean;
}

export function checkRules(data: unknown, options: RuleOptions = {}): RuleFinding[] {
  if (!isObject(data)) return [];
  const findings: RuleFinding[] = [];
  if (!options.prototypeKeysRefused) checkPrototypeKeys(data, [], findings);
  checkPeriodEnd(data, findings);
  const sensors = checkSensors(data, findings);
  checkSourceCountry(data, findings);
  checkSensorTop(data, sensors.ids, findings);
  checkDailyAverages(data, sensors.regions, findings);
  checkRankings(data.rankings, sensors.ids, findings);
  checkTotal(data, findings);
  checkCategories(data, findings);
  checkSeries(data, findings);
  return findings;
}

/** The last month a period may reach: dates are written with four-digit years. */
const LAST_MONTH = '9999-12';

/**
 * A period ends by December 9999: a fiscal year that would run into year 10000 is refused, and a
 * period that ends in December 9999 needs `publishedOn`, since the day after it (the default date)
 * cannot be written as a date.
 */
function checkPeriodEnd(data: Raw, findings: RuleFinding[]): void {
  const valid = periodSchema.safeParse(data.period);
  if (!valid.success) return;
  const period = valid.data;
  const last = periodMonths(period).at(-1)!;
  // Compared as numbers: "10000-03" sorts before "9999-12" as text.
  if ('fiscalYear' in period && Number(last.slice(0, -3)) > 9999) {
    const from = monthNames[period.startMonth - 1]!;
    findings.push({
      path: ['period', 'fiscalYear'],
      ruleId: 'out-of-range',
      expected: `a fiscal year that ends by December 9999 (from ${from}, FY9998 at the latest; only a fiscal year from January may be FY9999)`,
      found: `${period.fiscalYear}: FY${period.fiscalYear} from ${from} would end in ${monthNames[Number(last.slice(-2)) - 1]} ${last.slice(0, -3)}`,
    });
  } else if (last === LAST_MONTH && data.publishedOn === undefined) {
    findings.push({
      path: ['publishedOn'],
      ruleId: 'missing-field',
      expected: `publishedOn (a date written YYYY-MM-DD): the period ends in December 9999, and the default date, the day after it, would fall in year 10000`,
      found: 'no such field',
    });
  }
}

const monthNames = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

interface SensorIndex {
  /** Well-formed, unique ids. */
  ids: Set<string>;
  /**
   * Regions of every sensor, duplicates included (they exist all the same);
   * `undefined` when some sensor's region is malformed, so nothing can be said.
   */
  regions: Set<string> | undefined;
}

function checkSensors(data: Raw, findings: RuleFinding[]): SensorIndex {
  const ids = new Set<string>();
  let regions: Set<string> | undefined = new Set<string>();
  const firstIndex = new Map<string, number>();
  // Version 2 may leave sensors out: then no region has sensors, and daily averages per sensor have none to be of.
  if (data.sensors === undefined && data.schemaVersion === 2) return { ids, regions };
  if (!Array.isArray(data.sensors)) return { ids, regions: undefined };
  data.sensors.forEach((sensor, index) => {
    if (!isObject(sensor)) return;
    const texts: [PathSegment[], unknown][] = [
      [['sensors', index, 'id'], sensor.id],
      ...Object.entries(isObject(sensor.label) ? sensor.label : {}).map(([lang, text]): [PathSegment[], unknown] => [
        ['sensors', index, 'label', lang],
        text,
      ]),
    ];
    checkTexts(texts, findings);
    if (isString(sensor.region) && REGIONS.includes(sensor.region as never)) regions?.add(sensor.region);
    else regions = undefined;
    if (!isString(sensor.id) || sensor.id === '') return;
    const earlier = firstIndex.get(sensor.id);
    if (earlier !== undefined) {
      findings.push({
        path: ['sensors', index, 'id'],
        ruleId: 'duplicate-sensor',
        expected: 'an id that no other sensor has',
        found: `${JSON.stringify(sensor.id)}, already the id of sensors[${earlier}]`,
      });
      return;
    }
    firstIndex.set(sensor.id, index);
    ids.add(sensor.id);
  });
  return { ids, regions };
}

function checkSourceCountry(data: Raw, findings: RuleFinding[]): void {
  const top = data.sourceCountryTop;
  if (!isObject(top)) return;
  if (isString(top.country) && /^[A-Z]{2}$/.test(top.country) && !isKnownRegion(top.country)) {
    findings.push({
      path: ['sourceCountryTop', 'country'],
      ruleId: 'unknown-country',
      expected: 'an ISO 3166-1 alpha-2 country code',
      found: unknownCountry(top.country),
    });
  }
  checkEntries(top.entries, ['sourceCountryTop', 'entries'], findings, {
    countsRequired: data.schemaVersion === 1,
    complete: top.complete !== false,
    previousAllowed: false,
  });
}

function checkSensorTop(data: Raw, sensorIds: Set<string>, findings: RuleFinding[]): void {
  const top = data.sensorTop;
  if (!isObject(top)) return;
  for (const [id, entries] of Object.entries(top)) {
    if (!sensorIds.has(id)) {
      const known = [...sensorIds].map((k) => JSON.stringify(k)).join(', ');
      findings.push({
        path: ['sensorTop', id],
        ruleId: 'unknown-sensor',
        expected: `the id of a sensor in sensors (${known || 'none defined'})`,
        found: JSON.stringify(id),
        atKey: true,
      });
    }
    // A list known only in part is written { entries, complete: false }.
    const options = { countsRequired: data.schemaVersion === 1, previousAllowed: false };
    if (isObject(entries))
      checkEntries(entries.entries, ['sensorTop', id, 'entries'], findings, { ...options, complete: entries.complete !== false });
    else checkEntries(entries, ['sensorTop', id], findings, options);
  }
  for (const id of sensorIds) {
    if (!Object.hasOwn(top, id)) {
      findings.push({
        path: ['sensorTop'],
        ruleId: 'missing-sensor-list',
        expected: `a list for sensor ${JSON.stringify(id)} (an empty list if it saw nothing)`,
        found: 'no such key',
      });
    }
  }
}

function checkDailyAverages(data: Raw, regionsWithSensors: Set<string> | undefined, findings: RuleFinding[]): void {
  const rows = data.dailyAverages;
  const period = data.period;
  if (!Array.isArray(rows)) return;
  const valid = periodSchema.safeParse(period);
  const months: MonthId[] | undefined = valid.success ? periodMonths(valid.data) : undefined;
  const allowed = months ? new Set([...months, ...months.map(previousYearMonth)]) : undefined;
  const seen = new Map<string, number>();
  rows.forEach((row, index) => {
    if (!isObject(row)) return;
    const { month, region } = row;
    if (
      isString(region) &&
      regionsWithSensors &&
      (regionsWithSensors.size > 0 || data.sensors === undefined) &&
      !regionsWithSensors.has(region)
    ) {
      findings.push({
        path: ['dailyAverages', index, 'region'],
        ruleId: 'region-without-sensors',
        expected:
          regionsWithSensors.size > 0
            ? `a region that has sensors (${[...regionsWithSensors].join(', ')})`
            : 'a region that has sensors (the dataset lists none)',
        found: JSON.stringify(region),
      });
    }
    if (!isString(month) || !/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) return;
    if (allowed && !allowed.has(month)) {
      findings.push({
        path: ['dailyAverages', index, 'month'],
        ruleId: 'month-outside-period',
        expected: `a month of the period (${months!.join(', ')}) or the same month a year earlier (${months!.map(previousYearMonth).join(', ')})`,
        found: JSON.stringify(month),
      });
      return;
    }
    if (!isString(region)) return;
    const key = `${month} ${region}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      findings.push({
        path: ['dailyAverages', index],
        ruleId: 'duplicate-month',
        expected: 'one row per month and region',
        found: `${month} ${region} again, first at dailyAverages[${earlier}]`,
      });
    } else seen.set(key, index);
  });
  if (!months || !regionsWithSensors) return;
  for (const region of REGIONS) {
    if (!regionsWithSensors.has(region)) continue;
    for (const month of months) {
      if (!seen.has(`${month} ${region}`)) {
        findings.push({
          path: ['dailyAverages'],
          ruleId: 'missing-month',
          expected: `a row for ${month} ${region} (every month of the period, for each region with sensors)`,
          found: 'none',
        });
      }
    }
  }
}

/**
 * `__proto__` is plain data to the JSON reader, but the schema check copies
 * objects the ordinary way, where that key sets a prototype instead: what it
 * holds would go unchecked. No field of the contract has that name.
 */
function checkPrototypeKeys(value: unknown, path: PathSegment[], findings: RuleFinding[]): void {
  // One path, grown and shrunk on the way: a copy is made only for a finding.
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      const item: unknown = value[index];
      if (typeof item !== 'object' || item === null) continue;
      path.push(index);
      checkPrototypeKeys(item, path, findings);
      path.pop();
    }
  } else if (isObject(value)) {
    for (const key of Object.keys(value)) {
      const item = value[key];
      if (key === '__proto__')
        findings.push({
          path: [...path, key],
          ruleId: 'invalid-key',
          expected: 'a key other than __proto__',
          found: '"__proto__"',
          atKey: true,
        });
      else if (typeof item === 'object' && item !== null) {
        path.push(key);
        checkPrototypeKeys(item, path, findings);
        path.pop();
      }
    }
  }
}
