/**
 * What the observations do not say: the sensors (`--sensors`: the dataset's sensors list, with
 * the days each was up), or the rules that give sensors found in the data a region
 * (`--region`), and the labels of categories (`--categories`).
 */
import { formatPath, JsonSyntaxError, readJson, type JsonSource, type JsonValue, type PathSegment } from '../json-source.js';
import { problem, type Problem } from '../messages.js';
import { CATEGORY_ID, REGIONS, SENSOR_ID, type Category, type Region, type Sensor } from '../dataset/schema.js';
import { isProblem, readTextFile } from '../text-file.js';

/** Days a sensor was up, inclusive. */
export interface UpRange {
  sensor: string;
  first: string;
  last: string;
}

export interface SensorList {
  sensors: Sensor[];
  up: UpRange[];
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
/** A real calendar day written YYYY-MM-DD. */
export const isDay = (text: string): boolean => {
  const match = DAY.exec(text);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === text;
};

type Finding = { path: PathSegment[]; ruleId: string; expected: string; found: string };

const isObject = (value: unknown): value is Record<string, JsonValue> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const shown = (value: unknown): string => (value === undefined ? 'nothing' : JSON.stringify(value));

/** Reads a JSON file of ours; problems carry the file, the JSON path and line:column. */
async function readJsonFile(file: string, check: (value: JsonValue, findings: Finding[]) => void): Promise<JsonValue | Problem[]> {
  const text = await readTextFile(file);
  if (text === undefined) return [problem({ file, ruleId: 'unreadable', reason: 'cannot read the file: no such file' })];
  if (isProblem(text)) return [text];
  let source: JsonSource;
  try {
    source = readJson(text);
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    return [problem({ file, ruleId: error.rule, reason: error.reason, place: error.point, jsonPath: formatPath(error.path) })];
  }
  const findings: Finding[] = [];
  check(source.value, findings);
  if (findings.length === 0) return source.value;
  const located = source.locate(findings.map((f) => f.path));
  return findings.map((f, i) => {
    const jsonPath = formatPath(f.path);
    return problem({
      file,
      ruleId: f.ruleId,
      reason: `${jsonPath}: expected ${f.expected}, found ${f.found}`,
      place: located[i]?.value ?? located[i]?.nearest,
      jsonPath,
      expected: f.expected,
      found: f.found,
    });
  });
}

const checkLabel = (label: JsonValue | undefined, path: PathSegment[], findings: Finding[]): void => {
  if (label === undefined) return;
  if (!isObject(label) || Object.values(label).some((text) => typeof text !== 'string'))
    findings.push({ path, ruleId: 'invalid-value', expected: 'a label per language: { "en": "…", "ja": "…" }', found: shown(label) });
};

/** `--sensors`: `[{ "id", "region", "label"?, "up"? }]`, `up` a list of days (`2021-10-01`) and ranges (`2021-10-01/2021-12-31`). */
export async function readSensorList(file: string): Promise<SensorList | Problem[]> {
  const value = await readJsonFile(file, (value, findings) => {
    if (!Array.isArray(value) || value.length === 0) {
      findings.push({
        path: [],
        ruleId: 'invalid-value',
        expected: 'a list of sensors: [{ "id": "dom-1", "region": "domestic", "up": ["2021-10-01/2021-12-31"] }, …]',
        found: Array.isArray(value) ? 'an empty list' : shown(value),
      });
      return;
    }
    const seen = new Map<string, number>();
    value.forEach((sensor, index) => {
      if (!isObject(sensor))
        return (
          findings.push({
            path: [index],
            ruleId: 'invalid-value',
            expected: 'a sensor: { "id", "region", "label"?, "up"? }',
            found: shown(sensor),
          }) && undefined
        );
      for (const key of Object.keys(sensor))
        if (!['id', 'region', 'label', 'up'].includes(key))
          findings.push({
            path: [index, key],
            ruleId: 'unknown-field',
            expected: 'only the fields id, region, label, up',
            found: JSON.stringify(key),
          });
      const { id, region, up } = sensor;
      if (typeof id !== 'string' || !SENSOR_ID.test(id) || id.length > 64)
        findings.push({
          path: [index, 'id'],
          ruleId: 'invalid-value',
          expected: 'a sensor id: a letter or digit, then letters, digits and _ . : @ / + - (at most 64)',
          found: shown(id),
        });
      else if (seen.has(id))
        findings.push({
          path: [index, 'id'],
          ruleId: 'duplicate-sensor',
          expected: 'an id that no other sensor has',
          found: `${JSON.stringify(id)}, already the id of [${seen.get(id)}]`,
        });
      else seen.set(id, index);
      if (!REGIONS.includes(region as Region))
        findings.push({ path: [index, 'region'], ruleId: 'invalid-value', expected: 'domestic or overseas', found: shown(region) });
      checkLabel(sensor.label, [index, 'label'], findings);
      if (up === undefined) return;
      if (!Array.isArray(up))
        return (
          findings.push({
            path: [index, 'up'],
            ruleId: 'invalid-value',
            expected: 'a list of days (2021-10-01) and ranges of days (2021-10-01/2021-12-31)',
            found: shown(up),
          }) && undefined
        );
      up.forEach((span, i) => {
        const [first = '', last = first] = typeof span === 'string' ? span.split('/') : [];
        if (typeof span !== 'string' || !isDay(first) || !isDay(last) || first > last || span.split('/').length > 2) {
          findings.push({
            path: [index, 'up', i],
            ruleId: 'invalid-value',
            expected: 'a day (2021-10-01) or a range of days, first to last (2021-10-01/2021-12-31)',
            found: shown(span),
          });
        }
      });
    });
  });
  if (!Array.isArray(value) || value.some(isProblem)) return value as Problem[];
  const sensors = (value as Record<string, JsonValue>[]).map(({ id, region, label }) => ({
    id: id as string,
    region: region as Region,
    ...(label ? { label: label as Record<string, string> } : {}),
  }));
  const up = (value as Record<string, JsonValue>[]).flatMap(({ id, up }) =>
    ((up ?? []) as string[]).map((span) => {
      const [first, last = first] = span.split('/') as [string, string?];
      return { sensor: id as string, first, last: last! };
    }),
  );
  return { sensors, up };
}

/** `--categories`: the dataset's `categories`, `{ "mirai": { "label": { "en": "Mirai-type", "ja": "Mirai型" } } }`. */
export async function readCategories(file: string): Promise<Record<string, Category> | Problem[]> {
  const value = await readJsonFile(file, (value, findings) => {
    if (!isObject(value))
      return (
        findings.push({
          path: [],
          ruleId: 'invalid-value',
          expected: 'categories by id: { "mirai": { "label": { "en": "Mirai-type" } } }',
          found: shown(value),
        }) && undefined
      );
    for (const [id, category] of Object.entries(value)) {
      if (!CATEGORY_ID.test(id) || id.length > 64)
        findings.push({
          path: [id],
          ruleId: 'invalid-value',
          expected: 'a category id: lower-case words joined by hyphens, not "all"',
          found: JSON.stringify(id),
        });
      if (!isObject(category) || Object.keys(category).some((key) => key !== 'label') || !isObject(category.label))
        findings.push({ path: [id], ruleId: 'invalid-value', expected: '{ "label": { "en": "…" } }', found: shown(category) });
      else checkLabel(category.label, [id, 'label'], findings);
    }
  });
  if (Array.isArray(value)) return value as Problem[];
  return value as unknown as Record<string, Category>;
}

/** A `--region` rule: sensors whose id matches `pattern` (`*` for any run of characters) are in `region`. */
export interface RegionRule {
  pattern: string;
  region: Region;
}

/** `domestic`, `overseas`, or `pattern=region,…` (the first rule that matches wins); undefined when malformed. */
export function parseRegionRules(text: string): RegionRule[] | undefined {
  if (REGIONS.includes(text as Region)) return [{ pattern: '*', region: text as Region }];
  const rules = text.split(',').map((part) => {
    const at = part.lastIndexOf('=');
    return { pattern: part.slice(0, at).trim(), region: part.slice(at + 1).trim() as Region };
  });
  return rules.every((rule) => rule.pattern !== '' && REGIONS.includes(rule.region)) ? rules : undefined;
}

const matcher = (pattern: string): RegExp =>
  new RegExp(
    `^${pattern
      .split('*')
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );

/** The region the first matching rule gives a sensor id. */
export function regionOf(rules: readonly RegionRule[], id: string): Region | undefined {
  return rules.find((rule) => matcher(rule.pattern).test(id))?.region;
}
