/**
 * Structural checks (types, required and unknown fields, ranges, formats):
 * the zod schema decides, and each of its issues becomes a finding that says
 * what was expected and what was found, in words a person can act on.
 */
import type { z } from 'zod';
import { describeValue } from '../messages.js';
import type { PathSegment } from '../json-source.js';
import type { RuleFinding } from './rules.js';
import { datasetSchemaV1, datasetSchemaV2, SCHEMA_VERSIONS, type Dataset } from './schema.js';

type Issue = z.core.$ZodIssue;

const TYPE_NAMES: Record<string, string> = {
  int: 'an integer',
  number: 'a number',
  string: 'a string',
  object: 'an object',
  array: 'an array',
  boolean: 'true or false',
};

/** How a field with a format constraint is described, by field name. */
const FORMATS: Record<string, string> = {
  month: 'a month written YYYY-MM',
  country: 'an ISO 3166-1 alpha-2 code: two capital letters, such as JP',
  publishedOn: 'a real calendar date written YYYY-MM-DD',
  date: 'a real calendar day written YYYY-MM-DD',
  group: 'a group name with something besides white space',
  id: 'an id made of letters, digits and _ . : @ / + -, starting with a letter or digit',
  label: 'a label with something besides white space',
};

/** The schema of the version a value says it is; the newest when it names none this release reads. */
function schemaFor(data: unknown): typeof datasetSchemaV1 | typeof datasetSchemaV2 {
  const version = typeof data === 'object' && data !== null ? (data as { schemaVersion?: unknown }).schemaVersion : undefined;
  return version === 1 ? datasetSchemaV1 : datasetSchemaV2;
}

/** Checks a value against its version's schema; `dataset` is the value as version 2, defaults filled in, when it passed. */
export function checkStructure(data: unknown): { findings: RuleFinding[]; dataset?: Dataset } {
  const schema = schemaFor(data);
  const result = schema.safeParse(data);
  if (result.success) return { findings: [], dataset: upgrade(result.data) };
  // An empty string may break a length and a format at once: one finding a place is enough.
  const findings: RuleFinding[] = [];
  const seen = new Set<string>();
  for (const finding of result.error.issues.flatMap((issue) => describeIssue(issue, data, schema))) {
    const key = `${JSON.stringify(finding.path)} ${finding.ruleId === 'invalid-format' || finding.ruleId === 'out-of-range' ? 'text' : finding.ruleId}`;
    if (seen.has(key)) continue;
    seen.add(key);
    findings.push(finding);
  }
  return { findings };
}

/** A version 1 dataset read as the same model as version 2: the lists as complete, no named rankings. */
function upgrade(data: z.output<typeof datasetSchemaV1> | Dataset): Dataset {
  if (data.schemaVersion === 2) return data;
  const { sourceCountryTop, sensorTop, ...rest } = data;
  return {
    ...rest,
    schemaVersion: 2,
    ...(sourceCountryTop ? { sourceCountryTop: { ...sourceCountryTop, complete: true } } : {}),
    sensorTop: Object.fromEntries(Object.entries(sensorTop).map(([id, entries]) => [id, { entries, complete: true }])),
    rankings: [],
    series: [],
  };
}

function valueAt(data: unknown, path: readonly PathSegment[]): unknown {
  let here: unknown = data;
  for (const segment of path) {
    if (typeof here !== 'object' || here === null) return undefined;
    if (!Object.hasOwn(here, segment)) return undefined;
    here = (here as Record<string | number, unknown>)[segment];
  }
  return here;
}

const PERIOD_SHAPES =
  'an object: { "year", "quarter" } for a quarter, { "year" } for a calendar year, { "fiscalYear", "startMonth" } for a fiscal year';

/** The kinds of period, as a message says what a period may be. */
const PERIOD_KINDS =
  'one of { "year", "quarter" } for a quarter, { "year" } for a calendar year, { "fiscalYear", "startMonth" } for a fiscal year';
const CALENDAR_FIELDS = ['year', 'quarter'];
const FISCAL_FIELDS = ['fiscalYear', 'startMonth'];
const quoted = (keys: readonly string[]): string => keys.map((key) => JSON.stringify(key)).join(', ');

/**
 * A period's keys say which kind it is meant to be: that kind's issues are the ones to report, in
 * words that name the three kinds. Keys of a quarter or year beside keys of a fiscal year are one
 * finding at the period: no kind can be read from them.
 */
function periodIssues(
  issue: Extract<Issue, { code: 'invalid_union' | 'unrecognized_keys' }>,
  value: unknown,
  data: unknown,
  schema: z.core.$ZodType,
): RuleFinding[] {
  const path = issue.path.filter((s): s is PathSegment => typeof s !== 'symbol');
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return [{ path, ruleId: 'wrong-type', expected: PERIOD_SHAPES, found: describeValue(value) }];
  const keys = Object.keys(value);
  const calendar = keys.filter((key) => CALENDAR_FIELDS.includes(key));
  const fiscal = keys.filter((key) => FISCAL_FIELDS.includes(key));
  const unknown = (key: string): RuleFinding => {
    const close = [...CALENDAR_FIELDS, ...FISCAL_FIELDS].find((name) => !keys.includes(name) && editDistance(name, key) <= 2);
    return {
      path: [...path, key],
      ruleId: 'unknown-field',
      expected: `only the fields of a period, ${PERIOD_KINDS}${close ? ` (did you mean ${close}?)` : ''}`,
      found: JSON.stringify(key),
      atKey: true,
    };
  };
  if (calendar.length > 0 && fiscal.length > 0) {
    const kind = calendar.includes('quarter') ? 'a quarter' : 'a calendar year';
    return [
      {
        path,
        ruleId: 'invalid-value',
        expected: `the fields of one kind of period, ${PERIOD_KINDS}`,
        found: `${quoted(calendar)} of ${kind} and ${quoted(fiscal)} of a fiscal year together`,
      },
      ...keys.filter((key) => !CALENDAR_FIELDS.includes(key) && !FISCAL_FIELDS.includes(key)).map(unknown),
    ];
  }
  // zod reports the issues of one kind alone when only that kind's fields are off; else every kind's: the keys choose.
  const branch = fiscal.length > 0 ? 2 : 'quarter' in value ? 0 : 1;
  const inner =
    issue.code === 'invalid_union' ? issue.errors[branch]!.map((i) => ({ ...i, path: [...issue.path, ...i.path] }) as Issue) : [issue];
  return inner
    .flatMap((i) => describeIssue(i, data, schema, true))
    .map((finding) => {
      if (finding.path.length !== path.length + 1) return finding;
      const field = String(finding.path.at(-1));
      if (finding.ruleId === 'unknown-field') return unknown(field);
      if (finding.ruleId === 'missing-field') {
        const beside = keys.length > 0 ? ` beside ${quoted(keys)}` : '';
        return { ...finding, expected: `${finding.expected}${beside}: a period is ${PERIOD_KINDS}` };
      }
      return finding;
    });
}

/** How a field with a format is described: a ranking's id is not a sensor's. */
function formatOf(path: readonly PathSegment[], field: string): string | undefined {
  if (field === 'id' && path[0] === 'rankings')
    return 'a ranking id of lower-case letters and digits, words joined by single hyphens, such as destination-ports';
  if (field === 'region' && path[0] === 'rankings') return FORMATS.country;
  if (field === 'id' && path[0] === 'series')
    return 'a series id of lower-case letters and digits, words joined by single hyphens, such as ports-daily';
  return FORMATS[field];
}

function describeIssue(issue: Issue, data: unknown, schema: z.core.$ZodType, inPeriod = false): RuleFinding[] {
  const path = issue.path.filter((s): s is PathSegment => typeof s !== 'symbol');
  const value = valueAt(data, path);
  // Version 2's period is one of three kinds: its own words (version 1 knows quarters only).
  if (
    !inPeriod &&
    value !== undefined &&
    schema === datasetSchemaV2 &&
    path.length === 1 &&
    path[0] === 'period' &&
    (issue.code === 'invalid_union' || issue.code === 'unrecognized_keys')
  )
    return periodIssues(issue, value, data, schema);
  const found = describeValue(value);
  const field = path.length >= 2 && path.at(-2) === 'label' ? 'label' : String(path.findLast((s) => typeof s === 'string') ?? '');
  if (value === undefined && issue.code !== 'unrecognized_keys' && path.length > 0) {
    const expected =
      issue.code === 'invalid_type'
        ? (TYPE_NAMES[issue.expected] ?? issue.expected)
        : issue.code === 'invalid_value'
          ? issue.values.map((v) => JSON.stringify(v)).join(' or ')
          : field === 'period'
            ? PERIOD_SHAPES
            : 'a value';
    return [{ path, ruleId: 'missing-field', expected: `${field} (${expected})`, found: 'no such field' }];
  }
  switch (issue.code) {
    case 'invalid_type':
      return [{ path, ruleId: 'wrong-type', expected: TYPE_NAMES[issue.expected] ?? issue.expected, found }];
    case 'unrecognized_keys':
      return issue.keys.map((key) => {
        const known = fieldsAt(schema, path, data);
        const close = known.find((name) => editDistance(name, key) <= 2);
        // A field of version 2 in a file that says version 1.
        const newer =
          schema === datasetSchemaV1 && fieldsAt(datasetSchemaV2, path, data).includes(key) ? ' (it is a field of schemaVersion 2)' : '';
        return {
          path: [...path, key],
          ruleId: 'unknown-field',
          expected: `only the fields ${known.join(', ')}${close ? ` (did you mean ${close}?)` : newer}`,
          found: JSON.stringify(key),
          atKey: true,
        };
      });
    case 'invalid_value':
      if (field === 'schemaVersion') {
        return [{ path, ruleId: 'schema-version', expected: `${SCHEMA_VERSIONS.join(' or ')}, the versions this release reads`, found }];
      }
      return [{ path, ruleId: 'invalid-value', expected: `one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`, found }];
    case 'too_small':
    case 'too_big': {
      const bound = issue.code === 'too_small' ? issue.minimum : issue.maximum;
      const word = issue.code === 'too_small' ? 'at least' : 'at most';
      const expected =
        issue.origin === 'array'
          ? `${word} ${bound} item${Number(bound) === 1 ? '' : 's'}`
          : issue.origin === 'string'
            ? issue.code === 'too_small'
              ? 'a non-empty string'
              : `a string of at most ${bound} characters`
            : `a value of ${word} ${bound}`;
      return [{ path, ruleId: 'out-of-range', expected, found }];
    }
    case 'invalid_format':
      return [
        { path, ruleId: 'invalid-format', expected: formatOf(path, field) ?? `a string matching ${issue.pattern ?? issue.format}`, found },
      ];
    case 'invalid_union': {
      // One alternative fits the kind of value given (a list, or an object): its issues say what is wrong.
      const fitting = issue.errors.find((branch) => !branch.every((inner) => inner.code === 'invalid_type' && inner.path.length === 0));
      if (fitting)
        return fitting.flatMap((inner) => describeIssue({ ...inner, path: [...issue.path, ...inner.path] } as Issue, data, schema));
      // A discriminated union names the discriminator when no option has the value given.
      if (path.at(-1) === 'subject') return [{ path, ruleId: 'invalid-value', expected: 'subject "port" or "region"', found }];
      if (path.at(-1) === 'previousRank')
        return [{ path, ruleId: 'wrong-type', expected: 'a rank (a whole number from 1) or null (outside the previous list)', found }];
      return [{ path, ruleId: 'wrong-type', expected: 'a list of entries, or an object { "entries": [...], "complete": false }', found }];
    }
    case 'invalid_key': {
      const expected =
        path.length === 2 && path[0] === 'categories'
          ? 'a category id: lower-case words joined by hyphens, not "all"'
          : 'a language tag such as en, ja or pt-BR';
      return [{ path, ruleId: 'invalid-key', expected, found: JSON.stringify(path.at(-1)), atKey: true }];
    }
    default:
      return [{ path, ruleId: 'invalid-value', expected: issue.message, found }];
  }
}

/** The field names the schema allows at a path, for "did you mean" hints. */
function fieldsAt(root: z.core.$ZodType, path: readonly PathSegment[], data: unknown): string[] {
  let schema: z.core.$ZodType | undefined = root;
  for (let depth = 0; schema && depth <= path.length; depth++) {
    schema = unwrap(schema, valueAt(data, path.slice(0, depth)));
    if (depth === path.length) break;
    const def = schema._zod.def as unknown as Record<string, unknown>;
    const segment = path[depth]!;
    if (def.type === 'object') schema = (def.shape as Record<string, z.core.$ZodType>)[segment as string];
    else if (def.type === 'array') schema = def.element as z.core.$ZodType;
    else if (def.type === 'record') schema = def.valueType as z.core.$ZodType;
    else schema = undefined;
  }
  const def = schema?._zod.def as unknown as Record<string, unknown> | undefined;
  return def?.type === 'object' ? Object.keys(def.shape as object) : [];
}

/** The schema under optional, default and transform wrappers; of a union, the option that fits `value`. */
function unwrap(schema: z.core.$ZodType, value: unknown): z.core.$ZodType {
  let current = schema;
  for (;;) {
    const def = current._zod.def as unknown as {
      type: string;
      innerType?: z.core.$ZodType;
      in?: z.core.$ZodType;
      options?: z.core.$ZodType[];
    };
    if ((def.type === 'optional' || def.type === 'default') && def.innerType) current = def.innerType;
    else if (def.type === 'pipe' && def.in) current = def.in;
    else if (def.type === 'union' && def.options) {
      const subject = typeof value === 'object' && value !== null ? (value as { subject?: unknown }).subject : undefined;
      current =
        def.options.find((option) => {
          const inner = option._zod.def as unknown as { type: string; shape?: Record<string, z.core.$ZodType> };
          if (Array.isArray(value)) return inner.type === 'array';
          const literal = inner.shape?.subject?._zod.def as unknown as { values?: unknown[] } | undefined;
          return inner.type === 'object' && (literal?.values === undefined || literal.values.includes(subject));
        }) ?? def.options[0]!;
    } else return current;
  }
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diagonal + (a[i - 1]!.toLowerCase() === b[j - 1]!.toLowerCase() ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}
