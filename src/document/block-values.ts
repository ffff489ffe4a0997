/**
 * The values a custom block hands back (cells, sentence variables, chart
 * rows) come from a build script's code, not from the checked dataset: each
 * is checked here before the localize stage trusts its shape, and the
 * constructors spare a script writing the shapes by hand.
 */
import type { DayId, MonthId } from '../dataset/period.js';
import type { Region } from '../dataset/schema.js';
import type { Message, Value } from './nodes.js';

const KEY = /^[A-Za-z][\w-]*(?::[A-Za-z][\w-]*)?(?:\.[A-Za-z][\w-]*)*$/;
const STYLES = ['integer', 'decimal', 'ratio', 'percent', 'exact'];

/** Values for custom blocks, built the way the shipped blocks build them. */
export const value = {
  /** Text as it stands, written literally (a `|` or `*` stays a character). */
  text: (text: string): Value => ({ kind: 'text', text }),
  /** A number in the language's digits and separators. */
  number: (number: number, style?: 'integer' | 'decimal' | 'ratio' | 'percent' | 'exact'): Value => ({ kind: 'number', value: number, ...(style ? { style } : {}) }),
  /** A whole count: "1,234", and what a plural form is chosen by. */
  count: (count: number): Value => ({ kind: 'count', value: count }),
  /** A month `YYYY-MM`: "October", "10月". */
  month: (month: MonthId): Value => ({ kind: 'month', month }),
  /** A day `YYYY-MM-DD`: "October 5", "10月5日". */
  day: (day: DayId): Value => ({ kind: 'day', day }),
  /** A country or region by its ISO 3166-1 code, named in the language; `inText` adds an article where running text needs one. */
  country: (code: string, inText = false): Value => ({ kind: 'country', code, ...(inText ? { inText } : {}) }),
  region: (region: Region): Value => ({ kind: 'region', region }),
  /** A place in a ranking: "second", "2位". */
  ordinal: (place: number): Value => ({ kind: 'ordinal', value: place }),
  /** A list joined as the language joins lists: "a, b, and c", "a、b、c". */
  list: (items: Value[]): Value => ({ kind: 'list', items }),
  /** Words from the locales, with their own values. */
  message: (key: string, values: Record<string, Value> = {}, count?: number): Value => ({ kind: 'message', message: { key, values, ...(count === undefined ? {} : { count }) } }),
} as const;

/** A message for a block's sentence, caption value or chart description. */
export const message = (key: string, values: Record<string, Value> = {}, count?: number): Message => ({ key, values, ...(count === undefined ? {} : { count }) });

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const found = (x: unknown): string => {
  if (x === undefined) return 'nothing';
  if (x === null) return 'null';
  if (Array.isArray(x)) return 'an array';
  if (typeof x === 'object') return 'an object';
  if (typeof x === 'string') return `"${x.length > 40 ? `${x.slice(0, 39)}…` : x}"`;
  return `${typeof x} ${String(x)}`;
};

/** What is wrong with a value a block returned, as "expected … at <path>, found …"; undefined when it is a value. */
export function valueProblem(x: unknown, path: string, depth = 0): string | undefined {
  if (depth > 20) return `expected values nested at most 20 deep at ${path}, found deeper`;
  if (!isRecord(x) || typeof x.kind !== 'string') return `expected a value ({ kind, … }, see \`value\`) at ${path}, found ${found(x)}`;
  const field = (name: string, ok: (v: unknown) => boolean, what: string) => (ok(x[name]) ? undefined : `expected ${what} at ${path}.${name}, found ${found(x[name])}`);
  const finite = (v: unknown) => typeof v === 'number' && Number.isFinite(v);
  switch (x.kind) {
    case 'text':
      return field('text', (v) => typeof v === 'string', 'a string');
    case 'number':
      return field('value', finite, 'a finite number') ?? (x.style === undefined ? undefined : field('style', (v) => STYLES.includes(v as string), `one of ${STYLES.join(', ')}`));
    case 'count':
      return field('value', (v) => Number.isSafeInteger(v) && (v as number) >= 0, 'a whole number, 0 or more');
    case 'ordinal':
      return field('value', (v) => Number.isSafeInteger(v) && (v as number) >= 1, 'a whole number, 1 or more');
    case 'year':
      return field('year', (v) => Number.isSafeInteger(v) && (v as number) >= 1 && (v as number) <= 9999, 'a year from 1 to 9999');
    case 'month':
      return field('month', (v) => typeof v === 'string' && /^\d{4}-(0[1-9]|1[0-2])$/.test(v), 'a month YYYY-MM');
    case 'day':
      return field('day', (v) => typeof v === 'string' && /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v), 'a calendar day YYYY-MM-DD');
    case 'country':
      return field('code', (v) => typeof v === 'string' && /^[A-Z]{2}$/.test(v), 'an ISO 3166-1 alpha-2 code') ?? (x.inText === undefined ? undefined : field('inText', (v) => typeof v === 'boolean', 'true or false'));
    case 'region':
      return field('region', (v) => v === 'domestic' || v === 'overseas', 'domestic or overseas');
    case 'label':
      return field('texts', (v) => isRecord(v) && Object.values(v).every((t) => typeof t === 'string'), 'an object of strings by language') ?? field('fallback', (v) => typeof v === 'string', 'a string');
    case 'list': {
      if (!Array.isArray(x.items)) return `expected an array at ${path}.items, found ${found(x.items)}`;
      for (const [i, item] of x.items.entries()) {
        const wrong = valueProblem(item, `${path}.items[${i}]`, depth + 1);
        if (wrong) return wrong;
      }
      return undefined;
    }
    case 'message':
      return messageProblem(x.message, `${path}.message`, depth + 1);
    case 'service':
      return field('key', (v) => typeof v === 'string', 'a string') ?? field('protocol', (v) => typeof v === 'string', 'a string') ?? (x.port === undefined ? undefined : field('port', (v) => Number.isSafeInteger(v) && (v as number) >= 0 && (v as number) <= 65535, 'a port from 0 to 65535'));
    // Kinds the analysis gives (a sensor, a period, where an entry stood): passed on as the facts hold them.
    case 'sensor':
      return field('sensor', (v) => isRecord(v) && typeof v.id === 'string' && Number.isSafeInteger(v.number), 'a sensor of facts.sensors');
    case 'period':
    case 'span':
      return field('period', isRecord, 'the dataset\'s period');
    case 'previous-standing':
      return field('standing', isRecord, 'a previous standing of the analysis');
    default:
      return `expected a value kind (text, number, count, ordinal, year, month, day, country, region, label, list, message, service, sensor, period, span, previous-standing) at ${path}.kind, found ${found(x.kind)}`;
  }
}

/** What is wrong with a message a block returned; undefined when it is one. */
export function messageProblem(x: unknown, path: string, depth = 0): string | undefined {
  if (!isRecord(x)) return `expected a message ({ key, values }) at ${path}, found ${found(x)}`;
  if (typeof x.key !== 'string' || !KEY.test(x.key)) return `expected a locale key (namespace:dotted.key) at ${path}.key, found ${found(x.key)}`;
  if (x.values !== undefined && !isRecord(x.values)) return `expected an object of values at ${path}.values, found ${found(x.values)}`;
  if (x.count !== undefined && !(typeof x.count === 'number' && Number.isFinite(x.count))) return `expected a number at ${path}.count, found ${found(x.count)}`;
  for (const [name, v] of Object.entries(x.values ?? {})) {
    const wrong = valueProblem(v, `${path}.values.${name}`, depth + 1);
    if (wrong) return wrong;
  }
  return undefined;
}
