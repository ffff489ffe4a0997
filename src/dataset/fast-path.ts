/**
 * The fast path for a valid dataset. The thorough path reads the text with the
 * position-keeping reader and checks the value with zod and the rules: ten
 * times `JSON.parse` of the same text for the 45 MiB scale dataset. Here
 * `JSON.parse` reads it, zod checks all but the lists (entries and series
 * points), `fast-lists.ts` checks the lists, and the same rules run over the
 * value. It only ever accepts: whatever it cannot vouch for (a syntax error,
 * a repeated key, a problem of the contract, a number out of range) returns
 * undefined, and the thorough path reads the text again to say what and where.
 */
import { checkList, colonsOf, Tally, type ListKind } from './fast-lists.js';
import { isObject, type Raw } from './ranked-lists.js';
import { checkRules } from './rules.js';
import type { Dataset } from './schema.js';
import { checkStructure } from './structure.js';

/** A list taken out of the value, and where its checked items go in the dataset zod returns. */
interface Slot {
  kind: ListKind;
  items: unknown[];
  put: (dataset: Dataset, items: never[]) => void;
}

/**
 * Nesting deeper than any dataset can have: a deeper value is refused by the
 * schema, and the thorough reader reports it (its limit, 64, is deeper still).
 */
const MAX_DEPTH = 16;

/** The dataset zod would return for this text (before normalizing), when the text is a valid dataset; else undefined. */
export function fastParse(text: string): Dataset | undefined {
  // The thorough reader allows a byte-order mark; JSON.parse does not.
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (!isObject(value) || (value.schemaVersion !== 1 && value.schemaVersion !== 2)) return undefined;
  const split = takeLists(value, value.schemaVersion);
  const tally = new Tally();
  if (!split || !count(split.skeleton, tally, 0)) return undefined;
  const lists: unknown[][] = [];
  for (const slot of split.slots) {
    const items = checkList(slot.kind, slot.items, tally);
    if (!items) return undefined;
    lists.push(items);
  }
  if (!noKeyRepeated(body, tally)) return undefined;
  const { dataset } = checkStructure(split.skeleton);
  if (!dataset || checkRules(value, { prototypeKeysRefused: true }).length > 0) return undefined;
  split.slots.forEach((slot, index) => slot.put(dataset, lists[index] as never[]));
  return dataset;
}

/**
 * The value with every list emptied (the skeleton zod checks), and the lists.
 * A list where none can stand, or no list where one must, is left to the
 * thorough path.
 */
function takeLists(data: Raw, version: 1 | 2): { skeleton: Raw; slots: Slot[] } | undefined {
  // Spreading defines keys, so a `__proto__` key stays a key (the rules refuse it later).
  const skeleton: Raw = { ...data };
  const slots: Slot[] = [];
  const entryKind = version === 1 ? 'entry-v1' : 'entry';
  if (data.sensorTop !== undefined) {
    if (!isObject(data.sensorTop)) return undefined;
    const top: Raw = {};
    for (const [id, list] of Object.entries(data.sensorTop)) {
      if (id === '__proto__') return undefined;
      const put: Slot['put'] = (dataset, items) => (dataset.sensorTop[id]!.entries = items);
      if (Array.isArray(list)) {
        top[id] = [];
        slots.push({ kind: entryKind, items: list, put });
      } else if (version === 2 && isObject(list) && Array.isArray(list.entries)) {
        top[id] = { ...list, entries: [] };
        slots.push({ kind: entryKind, items: list.entries, put });
      } else return undefined;
    }
    skeleton.sensorTop = top;
  }
  if (data.sourceCountryTop !== undefined) {
    const top = data.sourceCountryTop;
    if (!isObject(top) || !Array.isArray(top.entries)) return undefined;
    skeleton.sourceCountryTop = { ...top, entries: [] };
    slots.push({ kind: entryKind, items: top.entries, put: (dataset, items) => (dataset.sourceCountryTop!.entries = items) });
  }
  // Version 1 has neither: zod refuses them in the skeleton.
  if (version === 1) return { skeleton, slots };
  if (data.rankings !== undefined) {
    if (!Array.isArray(data.rankings)) return undefined;
    const rankings: Raw[] = [];
    for (const [index, ranking] of data.rankings.entries()) {
      if (!isObject(ranking) || !Array.isArray(ranking.entries) || (ranking.subject !== 'port' && ranking.subject !== 'region'))
        return undefined;
      rankings.push({ ...ranking, entries: [] });
      slots.push({
        kind: ranking.subject === 'port' ? 'entry' : 'region',
        items: ranking.entries,
        put: (dataset, items) => (dataset.rankings[index]!.entries = items),
      });
    }
    skeleton.rankings = rankings;
  }
  if (data.series !== undefined) {
    if (!Array.isArray(data.series)) return undefined;
    const series: Raw[] = [];
    for (const [index, one] of data.series.entries()) {
      if (!isObject(one) || !Array.isArray(one.points)) return undefined;
      series.push({ ...one, points: [] });
      slots.push({ kind: 'point', items: one.points, put: (dataset, items) => (dataset.series[index]!.points = items) });
    }
    skeleton.series = series;
  }
  return { skeleton, slots };
}

/** Counts the skeleton's keys and colons; false for what the thorough reader would refuse or report otherwise. */
function count(value: unknown, tally: Tally, depth: number): boolean {
  if (typeof value === 'string') {
    tally.colons += colonsOf(value);
    return true;
  }
  // JSON.parse reads 1e400 as Infinity; the thorough reader refuses it.
  if (typeof value === 'number') return Number.isFinite(value);
  if (typeof value !== 'object' || value === null) return true;
  if (depth >= MAX_DEPTH) return false;
  if (Array.isArray(value)) return value.every((item) => count(item, tally, depth + 1));
  for (const key in value) {
    if (key === '__proto__') return false;
    tally.keys++;
    tally.colons += colonsOf(key);
    if (!count((value as Raw)[key], tally, depth + 1)) return false;
  }
  return true;
}

/**
 * JSON.parse keeps the last of a repeated key without a word, and finding one
 * by a scan of the text would cost as much as the thorough reader. A count
 * does it: every `:` of the text follows a key or stands in a string. The
 * value holds one key for each key written, unless one was written twice, and
 * every colon of the strings, unless it stood in a value that a repeated key
 * replaced. So, when no colon is written as an escape (`\u003a`), the text has
 * as many colons as the value's keys and strings hold when no key is
 * repeated, and more when one is.
 */
function noKeyRepeated(text: string, tally: Tally): boolean {
  for (let at = text.indexOf('\\u003'); at !== -1; at = text.indexOf('\\u003', at + 1)) {
    const digit = text[at + 5];
    if (digit === 'a' || digit === 'A') return false;
  }
  return colonsOf(text) === tally.keys + tally.colons;
}
