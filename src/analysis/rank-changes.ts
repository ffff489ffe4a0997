/**
 * A ranking against the previous period's: where each entry stood before, and
 * what moved. Only what the data decides is claimed: an entry missing from an
 * incomplete list might be in its unknown part, so its standing there stays unknown.
 */
import type { Ranked } from './ranking.js';

/** Where an entry stood in the previous period. */
export type PreviousStanding =
  /** Its rank in the previous list. */
  | { kind: 'rank'; rank: number }
  /** Not in the previous list; `top` is how long that list was, when known. */
  | { kind: 'outside'; top?: number }
  /** The data does not say. */
  | { kind: 'unknown' };

/** The previous period's list, as far as the data has it. */
export interface PreviousList {
  ranked: readonly Ranked[];
  /** Whether an entry absent from it was truly outside it. */
  complete: boolean;
}

export interface RankedList {
  ranked: readonly Ranked[];
  complete: boolean;
  /** How long the previous list was, for entries the data marks as outside it (`previousRank: null`). */
  previousTop?: number;
}

/** Whether a list ranks by packets (its ranks are then counted, not given). */
const isCounted = (ranked: readonly Ranked[]): boolean => ranked.some((e) => e.packets !== undefined);

/** Each list's entries by key, made once: lists of 100,000 entries are compared in linear time. */
const indexes = new WeakMap<readonly Ranked[], Map<string, Ranked>>();
function byKey(ranked: readonly Ranked[]): Map<string, Ranked> {
  let index = indexes.get(ranked);
  if (!index) indexes.set(ranked, (index = new Map(ranked.map((e) => [e.key, e]))));
  return index;
}

/**
 * Where `entry` stood before: from the previous period's list when there is one,
 * else from the `previousRank` the data gives; undefined when there is no previous information at all.
 */
export function previousStanding(entry: Ranked, list: RankedList, previous: PreviousList | undefined): PreviousStanding | undefined {
  if (previous) {
    // Counted but known only in part: entries missing from it may have stood ahead, so no rank in it is decided.
    if (!previous.complete && isCounted(previous.ranked)) return { kind: 'unknown' };
    const before = byKey(previous.ranked).get(entry.key);
    if (before) return { kind: 'rank', rank: before.rank };
    // Absent from a complete list: outside it. Its length is no "top N" anyone chose, unless the data says
    // how many the previous list held (`previousTop`): a published top ten, cut off below.
    return previous.complete
      ? { kind: 'outside', ...(list.previousTop === undefined ? {} : { top: list.previousTop }) }
      : { kind: 'unknown' };
  }
  if (!list.ranked.some((e) => e.previousRank !== undefined)) return undefined;
  if (entry.previousRank === undefined) return { kind: 'unknown' };
  if (entry.previousRank === null) return { kind: 'outside', ...(list.previousTop === undefined ? {} : { top: list.previousTop }) };
  return { kind: 'rank', rank: entry.previousRank };
}

export type RankChange =
  | { kind: 'rose' | 'fell' | 'kept'; key: string; from: number; to: number }
  /** In the list now, not in the previous one. */
  | { kind: 'entered'; key: string; to: number; outsideTop?: number }
  /** In the previous top, absent now from a list that is complete. */
  | { kind: 'left'; key: string; from: number };

/**
 * What moved within the top `limit`: each entry shown now whose previous
 * standing is known, then each entry of the previous top that the current
 * (complete) list no longer has. Undefined when there is nothing to compare with.
 */
export function rankChanges(list: RankedList, previous: PreviousList | undefined, limit: number): RankChange[] | undefined {
  if (!previous && !list.ranked.some((e) => e.previousRank !== undefined)) return undefined;
  // Ranks counted from a list known only in part are not decided: entries it lacks may stand ahead.
  if (!list.complete && isCounted(list.ranked)) return [];
  if (previous && !previous.complete && isCounted(previous.ranked)) return [];
  const shown = list.ranked.filter((e) => e.rank <= limit);
  const changes: RankChange[] = [];
  for (const entry of shown) {
    const before = previousStanding(entry, list, previous);
    if (!before || before.kind === 'unknown') continue;
    if (before.kind === 'outside') {
      // Outside a previous top ten and eleventh now: it may have been eleventh before too. Nothing to say.
      if (before.top !== undefined && entry.rank > before.top) continue;
      changes.push({ kind: 'entered', key: entry.key, to: entry.rank, ...(before.top === undefined ? {} : { outsideTop: before.top }) });
    } else
      changes.push({
        kind: before.rank > entry.rank ? 'rose' : before.rank < entry.rank ? 'fell' : 'kept',
        key: entry.key,
        from: before.rank,
        to: entry.rank,
      });
  }
  // Entries of the previous top that are no row now: still listed below the top (they fell), or,
  // when the list now is complete, gone from it. An incomplete list leaves the rest unsaid.
  if (previous) {
    const shownKeys = new Set(shown.map((e) => e.key));
    for (const before of previous.ranked.filter((e) => e.rank <= limit && !shownKeys.has(e.key))) {
      const now = byKey(list.ranked).get(before.key);
      if (now) changes.push({ kind: 'fell', key: now.key, from: before.rank, to: now.rank });
      else if (list.complete) changes.push({ kind: 'left', key: before.key, from: before.rank });
    }
  } else {
    // Previous ranks the data gives: an entry listed below the top now that was in the top before fell.
    for (const now of list.ranked
      .filter((e) => e.rank > limit && typeof e.previousRank === 'number' && e.previousRank <= limit)
      .sort((a, b) => (a.previousRank as number) - (b.previousRank as number))) {
      changes.push({ kind: 'fell', key: now.key, from: now.previousRank as number, to: now.rank });
    }
  }
  return changes;
}
