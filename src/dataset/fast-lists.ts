/**
 * The lists of a dataset (entries and series points, nearly all of a large
 * file) checked without zod, for the fast path in `fast-path.ts`: zod took
 * about 650 ns an entry, a third of the time to validate the 45 MiB scale
 * dataset. What the schemas of `schema.ts` say of one item is said again
 * here: strings are asked of the schema's own field, once per distinct value;
 * numbers are checked against the same limits. A differential test holds
 * these checks to zod's verdicts. An item they cannot vouch for sends the
 * whole dataset down the thorough path, which says what is wrong.
 */
import type { z } from 'zod';
import { entrySchema, entrySchemaV1, LIMITS, regionEntrySchema, seriesPointSchema } from './schema.js';

/** The item schemas of the lists: a version 1 entry, a version 2 entry, a region entry, a series point. */
export type ListKind = 'entry-v1' | 'entry' | 'region' | 'point';

/**
 * What the fast path's duplicate-key check needs of the value: how many keys
 * its objects hold, and how many colons its strings (keys included) hold.
 * It also remembers the verdicts on strings for one dataset (never longer: a
 * watching process would keep every label it ever saw).
 */
export class Tally {
  keys = 0;
  colons = 0;
  /** Per string field (see {@link stringField}), the colons of each value seen, or -1 for a value refused. */
  readonly verdicts: Map<string, number>[] = [];
}

let stringFields = 0;

export const colonsOf = (text: string): number => {
  let count = 0;
  for (let at = text.indexOf(':'); at !== -1; at = text.indexOf(':', at + 1)) count++;
  return count;
};

/** A string field's verdict from its zod schema, remembered per value: the colons it holds, or -1 when refused. */
function stringField(schema: z.ZodType): (value: unknown, tally: Tally) => boolean {
  const field = stringFields++;
  return (value, tally) => {
    if (typeof value !== 'string') return false;
    const verdicts = (tally.verdicts[field] ??= new Map());
    let colons = verdicts.get(value);
    if (colons === undefined) verdicts.set(value, (colons = schema.safeParse(value).success ? colonsOf(value) : -1));
    if (colons < 0) return false;
    tally.colons += colons;
    return true;
  };
}

const isCount = (value: unknown): boolean => typeof value === 'number' && value >= 0 && value < Infinity;
const isRank = (value: unknown): boolean => Number.isInteger(value) && (value as number) >= 1 && (value as number) <= LIMITS.rank;
const isPort = (value: unknown): boolean => Number.isInteger(value) && (value as number) >= 0 && (value as number) <= 65535;
const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Packets per category: any keys, counts as values. */
function categoriesOk(value: unknown, tally: Tally): boolean {
  if (!isPlainObject(value)) return false;
  for (const key in value) {
    // `__proto__` would set a prototype when zod copies the record: the thorough path refuses it.
    if (key === '__proto__' || !isCount(value[key])) return false;
    tally.keys++;
    tally.colons += colonsOf(key);
  }
  return true;
}

interface Item {
  protocol?: unknown;
  region?: unknown;
  port?: unknown;
  packets?: unknown;
  rank?: unknown;
  previousRank?: unknown;
  categories?: unknown;
  date?: unknown;
  month?: unknown;
  group?: unknown;
  value?: unknown;
}

/** Each kind's fields in the schema's order (the order zod writes them in), and the check of their values. */
interface Shape {
  fields: readonly string[];
  /** Where each field stands in `fields`; no other key is allowed (every item schema is strict). */
  rank: Readonly<Record<string, number>>;
  valuesOk: (item: Item, tally: Tally) => boolean;
  max: number;
}

const shapeOf = (schema: { shape: object }, valuesOk: Shape['valuesOk'], max: number): Shape => {
  const fields = Object.keys(schema.shape);
  return {
    fields,
    rank: Object.assign(Object.create(null), Object.fromEntries(fields.map((field, index) => [field, index]))),
    valuesOk,
    max,
  };
};

// A field absent from an item parsed from JSON reads as undefined: JSON has no undefined value.
const protocolOk = stringField(entrySchema.shape.protocol);
const standingOk = (item: Item, tally: Tally): boolean =>
  (item.packets === undefined || isCount(item.packets)) &&
  (item.rank === undefined || isRank(item.rank)) &&
  (item.previousRank === undefined || item.previousRank === null || isRank(item.previousRank)) &&
  (item.categories === undefined || categoriesOk(item.categories, tally));
const regionOk = stringField(regionEntrySchema.shape.region);
const dateOk = stringField(seriesPointSchema.shape.date);
const monthOk = stringField(seriesPointSchema.shape.month);
const groupOk = stringField(seriesPointSchema.shape.group);

const SHAPES: Record<ListKind, Shape> = {
  'entry-v1': shapeOf(
    entrySchemaV1,
    (item, tally) => protocolOk(item.protocol, tally) && (item.port === undefined || isPort(item.port)) && isCount(item.packets),
    LIMITS.entriesPerList,
  ),
  entry: shapeOf(
    entrySchema,
    (item, tally) => protocolOk(item.protocol, tally) && (item.port === undefined || isPort(item.port)) && standingOk(item, tally),
    LIMITS.entriesPerList,
  ),
  region: shapeOf(regionEntrySchema, (item, tally) => regionOk(item.region, tally) && standingOk(item, tally), LIMITS.entriesPerList),
  point: shapeOf(
    seriesPointSchema,
    (item, tally) =>
      (item.date === undefined || dateOk(item.date, tally)) &&
      (item.month === undefined || monthOk(item.month, tally)) &&
      (item.group === undefined || groupOk(item.group, tally)) &&
      isCount(item.value),
    LIMITS.pointsPerSeries,
  ),
};

/**
 * The list as zod would return it, or undefined when some item is not one
 * zod accepts. Items parsed from JSON are ours: one whose keys stand in the
 * schema's order is returned as it is; another is copied into that order.
 */
export function checkList(kind: ListKind, items: readonly unknown[], tally: Tally): unknown[] | undefined {
  const { fields, rank, valuesOk, max } = SHAPES[kind];
  if (items.length > max) return undefined;
  // A copy of the list only once an item must be copied: the list parsed from JSON is ours too.
  let out: unknown[] | undefined;
  for (let index = 0; index < items.length; index++) {
    const item = items[index];
    if (!isPlainObject(item)) return undefined;
    // Keys in the schema's order are matched by comparing names (no lookup): the usual case.
    let next = 0;
    let keys = 0;
    for (const key in item) {
      while (next < fields.length && fields[next] !== key) next++;
      next++;
      keys++;
    }
    tally.keys += keys;
    const inOrder = next <= fields.length;
    if ((!inOrder && !knownKeys(item, rank)) || !valuesOk(item, tally)) return undefined;
    if (!inOrder) (out ??= items.slice())[index] = inSchemaOrder(item, fields);
  }
  return out ?? (items as unknown[]);
}

const knownKeys = (item: object, rank: Shape['rank']): boolean => Object.keys(item).every((key) => rank[key] !== undefined);

function inSchemaOrder(item: Record<string, unknown>, fields: readonly string[]): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const field of fields) if (item[field] !== undefined) copy[field] = item[field];
  return copy;
}
