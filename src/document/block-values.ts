/**
 * The values a custom block hands back (cells, sentence variables, chart
 * rows) come from a build script's code, not from the checked dataset: each
 * is read here into a fresh value of a known shape before the localize stage
 * trusts it, and the constructors spare a script writing the shapes by hand.
 */
import type { NumberedSensor } from '../analysis/index.js';
import type { DayId, MonthId } from '../dataset/period.js';
import { isKnownRegion, unknownCountry } from '../dataset/ranked-lists.js';
import type { Region } from '../dataset/schema.js';
import type { Message, Value } from './nodes.js';

const STYLES = ['integer', 'decimal', 'ratio', 'percent', 'exact'] as const;
type NumberStyle = (typeof STYLES)[number];

/** Values for custom blocks, built the way the shipped blocks build them. */
export const value = {
  /** Text as it stands, written literally (a `|` or `*` stays a character). */
  text: (text: string): Value => ({ kind: 'text', text }),
  /**
   * A number in the language's digits and separators. `exact` (the default) writes every digit it has;
   * `integer` rounds to a whole number, `decimal` to one decimal, `ratio` to exactly one, `percent` to a whole percent.
   */
  number: (number: number, style: NumberStyle = 'exact'): Value => ({ kind: 'number', value: number, style }),
  /** A whole count: "1,234" (small ones may be words: "six"), and what a plural form is chosen by. */
  count: (count: number): Value => ({ kind: 'count', value: count }),
  /** A month `YYYY-MM`: "October", "10月". */
  month: (month: MonthId): Value => ({ kind: 'month', month }),
  /** A day `YYYY-MM-DD`: "October 5", "10月5日". */
  day: (day: DayId): Value => ({ kind: 'day', day }),
  /** A country or region by its ISO 3166-1 code, named in the language; `inText` adds an article where running text needs one. */
  country: (code: string, inText = false): Value => ({ kind: 'country', code, ...(inText ? { inText } : {}) }),
  region: (region: Region): Value => ({ kind: 'region', region }),
  /** A sensor of `facts.sensors`: its label, or "domestic sensor 2". */
  sensor: (sensor: NumberedSensor): Value => ({ kind: 'sensor', sensor }),
  /** A place in a ranking: "second", "2位". */
  ordinal: (place: number): Value => ({ kind: 'ordinal', value: place }),
  /** A list joined as the language joins lists: "a, b, and c", "a、b、c". */
  list: (items: Value[]): Value => ({ kind: 'list', items }),
  /** Words from the locales, with their own values. */
  message: (key: string, values: Record<string, Value> = {}, count?: number): Value => ({
    kind: 'message',
    message: message(key, values, count),
  }),
} as const;

/** A message for a block's sentence, column header or chart description. */
export function message(key: string, values: Record<string, Value> = {}, count?: number): Message {
  return { key, values, ...(count === undefined ? {} : { count }) };
}

/** Something a block returned that is not what it may return: "expected … at <path>, found …". */
export class OutputError extends Error {}

/** What a block's output is read against: the keys it declared and the sensors of the model. */
export interface OutputContext {
  keys: ReadonlySet<string>;
  sensors: ReadonlyMap<string, NumberedSensor>;
  /** Where in the output, for messages: ` (the table "x")`. */
  owner: string;
}

export const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** An error's first line, whatever was thrown (an Error whose message getter throws included). */
export function errorText(error: unknown): string {
  try {
    const text = error instanceof Error ? String(error.message) : typeof error === 'symbol' ? error.toString() : String(error);
    return text.split('\n')[0]!;
  } catch {
    return 'something that cannot be shown';
  }
}

/** How a value is named in a message: never by serializing it (it may be cyclic, or throw). */
export function describe(x: unknown): string {
  if (x === undefined) return 'nothing';
  if (x === null) return 'null';
  if (Array.isArray(x)) return 'an array';
  if (typeof x === 'function') return 'a function';
  if (typeof x === 'object')
    return typeof (x as { then?: unknown }).then === 'function' ? 'a promise' : x instanceof Map ? 'a Map' : 'an object';
  if (typeof x === 'string') return JSON.stringify(x.length > 40 ? `${x.slice(0, 39)}…` : x);
  if (typeof x === 'symbol') return 'a symbol';
  return `${typeof x} ${String(x)}`;
}

const fail = (what: string, path: string, found: unknown, context: OutputContext, foundText?: string): never => {
  throw new OutputError(`expected ${what} at ${path}${context.owner}, found ${foundText ?? describe(found)}`);
};

const whole = (v: unknown, min: number, max = Number.MAX_SAFE_INTEGER): v is number =>
  Number.isSafeInteger(v) && (v as number) >= min && (v as number) <= max;
const calendarDay = (v: unknown): v is DayId =>
  typeof v === 'string' &&
  /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/.test(v) &&
  new Date(`${v}T00:00:00Z`).toISOString().startsWith(v);

/** A value a block returned, read into a fresh one of a known shape; throws `OutputError` naming the path. */
export function readValue(x: unknown, path: string, context: OutputContext, depth = 0): Value {
  if (depth > 20) return fail('values nested at most 20 deep', path, x, context, 'deeper');
  if (!isRecord(x) || typeof x.kind !== 'string') return fail('a value ({ kind, … }: see `value`)', path, x, context);
  const field = <T>(name: string, ok: (v: unknown) => v is T, what: string): T => {
    const v = x[name];
    return ok(v) ? v : fail(what, `${path}.${name}`, v, context);
  };
  const string = (v: unknown): v is string => typeof v === 'string';
  const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
  switch (x.kind) {
    case 'text':
      return { kind: 'text', text: field('text', string, 'a string') };
    case 'number': {
      // -0 would be written "-0".
      const number = field('value', finite, 'a finite number') + 0;
      const style =
        x.style === undefined
          ? 'exact'
          : field('style', (v): v is NumberStyle => (STYLES as readonly unknown[]).includes(v), `one of ${STYLES.join(', ')}`);
      return { kind: 'number', value: number, style };
    }
    case 'count':
      return { kind: 'count', value: field('value', (v): v is number => whole(v, 0), 'a whole number, 0 or more') };
    case 'ordinal':
      return { kind: 'ordinal', value: field('value', (v): v is number => whole(v, 1), 'a whole number, 1 or more') };
    case 'year':
      return { kind: 'year', year: field('year', (v): v is number => whole(v, 1, 9999), 'a year from 1 to 9999') };
    case 'month':
      return {
        kind: 'month',
        month: field('month', (v): v is MonthId => typeof v === 'string' && /^\d{4}-(0[1-9]|1[0-2])$/.test(v), 'a month YYYY-MM'),
      };
    case 'day':
      return { kind: 'day', day: field('day', calendarDay, 'a calendar day YYYY-MM-DD') };
    case 'country': {
      const code = field('code', string, 'an ISO 3166-1 alpha-2 code');
      if (!/^[A-Z]{2}$/.test(code) || !isKnownRegion(code))
        fail('an assigned ISO 3166-1 alpha-2 code', `${path}.code`, code, context, unknownCountry(code));
      const inText = x.inText === undefined ? false : field('inText', (v): v is boolean => typeof v === 'boolean', 'true or false');
      return { kind: 'country', code, ...(inText ? { inText } : {}) };
    }
    case 'region':
      return { kind: 'region', region: field('region', (v): v is Region => v === 'domestic' || v === 'overseas', 'domestic or overseas') };
    case 'sensor': {
      const id = isRecord(x.sensor) ? x.sensor.id : undefined;
      // The sensor as the facts hold it: its number and labels are the analysis', not the block's.
      const sensor = typeof id === 'string' ? context.sensors.get(id) : undefined;
      return sensor ? { kind: 'sensor', sensor } : fail('a sensor of facts.sensors', `${path}.sensor`, x.sensor, context);
    }
    case 'label': {
      const texts = field(
        'texts',
        (v): v is Record<string, string> => isRecord(v) && Object.values(v).every(string),
        'an object of strings by language',
      );
      return { kind: 'label', texts: { ...texts }, fallback: field('fallback', string, 'a string') };
    }
    case 'list': {
      const items = field('items', (v): v is unknown[] => Array.isArray(v), 'an array of values');
      // An empty list would leave a hole in the sentence ("found in ."): a block says so in other words.
      if (items.length === 0) fail('a list of at least one value', `${path}.items`, items, context, 'none');
      return { kind: 'list', items: Array.from(items, (item, i) => readValue(item, `${path}.items[${i}]`, context, depth + 1)) };
    }
    case 'message':
      return { kind: 'message', message: readMessage(x.message, `${path}.message`, context, depth + 1) };
    case 'service':
      return {
        kind: 'service',
        key: field('key', string, 'a string'),
        protocol: field('protocol', string, 'a string'),
        ...(x.port === undefined ? {} : { port: field('port', (v): v is number => whole(v, 0, 65535), 'a port from 0 to 65535') }),
      };
    default:
      return fail(
        'a value kind (text, number, count, ordinal, year, month, day, country, region, sensor, label, list, message, service)',
        `${path}.kind`,
        x.kind,
        context,
      );
  }
}

/** A message a block returned, read into a fresh one whose key the block declared. */
export function readMessage(x: unknown, path: string, context: OutputContext, depth = 0): Message {
  if (!isRecord(x)) return fail('a message ({ key, values }: see `message`)', path, x, context);
  if (typeof x.key !== 'string' || !context.keys.has(x.key)) {
    return fail(`a key the block declares in its keys (${[...context.keys].join(', ') || 'none'})`, `${path}.key`, x.key, context);
  }
  if (x.values !== undefined && !isRecord(x.values)) return fail('an object of values', `${path}.values`, x.values, context);
  if (x.count !== undefined && !(typeof x.count === 'number' && Number.isFinite(x.count)))
    return fail('a finite number', `${path}.count`, x.count, context);
  const values: Record<string, Value> = {};
  for (const [name, v] of Object.entries(x.values ?? {})) values[name] = readValue(v, `${path}.values.${name}`, context, depth + 1);
  return { key: x.key, values, ...(x.count === undefined ? {} : { count: x.count as number }) };
}
