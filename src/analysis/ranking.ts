/**
 * Ranking a list: by packets, or by the ranks a published table gives when it
 * withholds the counts. Ties share a rank (1, 2, 2, 4) and are ordered by
 * protocol, then port (or by region code), so output is stable.
 */
import { entryKey } from '../dataset/protocols.js';
import type { Entry, RegionEntry } from '../dataset/schema.js';

export interface Ranked {
  /** Display form and identity: `23/TCP`, `GRE`, or a region code such as `CN`. */
  key: string;
  /** Competition rank: 1 + the number of entries ahead (more packets, or a better given rank). */
  rank: number;
  /** Absent when the list gives ranks only. */
  packets?: number;
  /** Rank in the previous period as the data gives it: null when outside the previous list. */
  previousRank?: number | null;
  /** Packets per category, as the data gives them (no entry for a category it does not count). */
  categories?: Readonly<Record<string, number>>;
}

export interface RankedEntry extends Ranked {
  protocol: string;
  port?: number;
}

export interface RankedRegion extends Ranked {
  region: string;
}

type Standing = Pick<Entry, 'packets' | 'rank' | 'previousRank' | 'categories'>;

const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Best first: more packets, or a better given rank. */
const byStanding = (a: Standing, b: Standing): number =>
  a.packets !== undefined && b.packets !== undefined ? b.packets - a.packets : (a.rank ?? Infinity) - (b.rank ?? Infinity);

export function compareEntries(a: Entry, b: Entry): number {
  return byStanding(a, b) || byName(a.protocol, b.protocol) || (a.port ?? -1) - (b.port ?? -1);
}

/** Competition ranks over items already in order: counted lists rank by packets, others keep their given rank. */
function withRanks<T extends Standing, R extends Ranked>(sorted: readonly T[], make: (item: T, rank: number) => R): R[] {
  const ranked: R[] = [];
  sorted.forEach((item, index) => {
    const previous = ranked[index - 1];
    const rank = item.packets === undefined ? item.rank! : previous && previous.packets === item.packets ? previous.rank : index + 1;
    ranked.push(make(item, rank));
  });
  return ranked;
}

const standingOf = (item: Standing): Pick<Ranked, 'packets' | 'previousRank' | 'categories'> => ({
  ...(item.packets === undefined ? {} : { packets: item.packets }),
  ...(item.previousRank === undefined ? {} : { previousRank: item.previousRank }),
  ...(item.categories === undefined ? {} : { categories: item.categories }),
});

/** All entries, best first, with their ranks. */
export function rankEntries(entries: readonly Entry[]): RankedEntry[] {
  return withRanks([...entries].sort(compareEntries), (entry, rank) => ({
    key: entryKey(entry),
    protocol: entry.protocol,
    ...(entry.port === undefined ? {} : { port: entry.port }),
    ...standingOf(entry),
    rank,
  }));
}

/** All source regions, best first, with their ranks. */
export function rankRegions(entries: readonly RegionEntry[]): RankedRegion[] {
  const sorted = [...entries].sort((a, b) => byStanding(a, b) || byName(a.region, b.region));
  return withRanks(sorted, (entry, rank) => ({ key: entry.region, region: entry.region, ...standingOf(entry), rank }));
}

/**
 * The entries ranked `limit` or better. A tie across the limit keeps every
 * tied entry, so the list can be longer than `limit`; it is never cut mid-tie.
 */
export function topByRank<T extends Ranked>(ranked: readonly T[], limit: number): T[] {
  return ranked.filter((entry) => entry.rank <= limit);
}
