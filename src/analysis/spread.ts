/**
 * How widely entries reach into the sensors' top lists, whether the sensors of
 * a region rank alike, and how far apart two amounts are: the facts behind the
 * quantified sentences ("in the top ten of five of the six sensors").
 *
 * A list known only in part shows what it holds (an entry in its known top N
 * is in the sensor's top N) but not what it lacks: such a list never counts
 * against an entry, it only makes a count a lower bound.
 */
import type { Region } from '../dataset/schema.js';
import { entrySpread } from './overlap.js';
import type { SensorRanking } from './sensors.js';

/** The sensors of one region, or all of them. */
export const sensorsIn = (rankings: readonly SensorRanking[], region?: Region): SensorRanking[] =>
  region === undefined ? [...rankings] : rankings.filter((r) => r.sensor.region === region);

/** Each list cut to the entries ranked `top` or better (a tie at the limit stays whole). */
export const cutTo = (rankings: readonly SensorRanking[], top: number): SensorRanking[] =>
  rankings.map((r) => ({ ...r, top: r.top.filter((e) => e.rank <= top) }));

export interface EntryReach {
  key: string;
  /** Sensors whose top list holds the entry. */
  sensorIds: string[];
  /** Sensors whose list, known only in part, does not show it: it may still be in their top. */
  undecided: number;
}

/** Every entry of some top list, the one in most lists first (then by summed rank, as `entrySpread`). */
export function entryReach(rankings: readonly SensorRanking[]): EntryReach[] {
  const partial = rankings.filter((r) => !r.complete).map((r) => r.sensor.id);
  return entrySpread(rankings).map((e) => ({
    key: e.key,
    sensorIds: e.sensorIds,
    undecided: partial.filter((id) => !e.sensorIds.includes(id)).length,
  }));
}

export type SameTop =
  /** `order`: every entry holds the same rank in every list. */
  | { kind: 'same'; keys: string[]; order: boolean }
  | { kind: 'different' }
  /** Fewer than two sensors, or a list known only in part: nothing can be said. */
  | { kind: 'unknown'; reason: string };

/** Whether the given (already cut) top lists hold the same entries, and in the same order. */
export function sameTop(rankings: readonly SensorRanking[]): SameTop {
  if (rankings.length < 2)
    return { kind: 'unknown', reason: `${rankings.length} sensor${rankings.length === 1 ? '' : 's'}: nothing to compare` };
  if (rankings.some((r) => !r.complete)) return { kind: 'unknown', reason: 'a list known only in part may lack entries of its top' };
  const [first, ...rest] = rankings as [SensorRanking, ...SensorRanking[]];
  const ranks = new Map(first.top.map((e) => [e.key, e.rank]));
  const sameSet = rest.every((r) => r.top.length === ranks.size && r.top.every((e) => ranks.has(e.key)));
  if (!sameSet) return { kind: 'different' };
  return { kind: 'same', keys: first.top.map((e) => e.key), order: rest.every((r) => r.top.every((e) => ranks.get(e.key) === e.rank)) };
}

export type Difference =
  /** Within 10%: `percent` is a whole number the difference is surely below. */
  | { kind: 'close'; percent: number }
  /** `ratio`: the largest over the smallest, 1.1 or more. */
  | { kind: 'ratio'; ratio: number }
  /** The smallest is 0: no ratio exists (nor any percent of it, all being 0). */
  | { kind: 'unbounded' }
  /** The ratio is too large for a number (past about 1.8e308): it cannot be written. */
  | { kind: 'unrepresentable' };

/** How far apart the largest and the smallest of two or more amounts are. */
export function difference(largest: number, smallest: number): Difference {
  if (smallest === 0) return { kind: 'unbounded' };
  if (largest === smallest) return { kind: 'close', percent: 1 };
  // Scaled by a power of two (exact), so that no product below overflows near 1e308.
  const scale = largest > 2 ** 1000 ? 2 ** -16 : 1;
  const [high, low] = [largest * scale, smallest * scale];
  const gap = high - low;
  if (gap * 10 >= low) {
    const ratio = largest / smallest;
    return Number.isFinite(ratio) ? { kind: 'ratio', ratio } : { kind: 'unrepresentable' };
  }
  // The first whole percent the gap stays under, checked by multiplication, never by a rounded division.
  let percent = Math.max(1, Math.floor((gap * 100) / low));
  while (gap * 100 >= percent * low) percent++;
  return { kind: 'close', percent };
}
