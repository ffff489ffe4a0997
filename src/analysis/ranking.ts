/** Ranking entries by packets: ties share a rank (1, 2, 2, 4) and are ordered by protocol, then port. */
import { entryKey } from '../dataset/protocols.js';
import type { Entry } from '../dataset/schema.js';

export interface RankedEntry {
  /** Display form and identity: `23/TCP` or `GRE`. */
  key: string;
  protocol: string;
  port?: number;
  packets: number;
  /** Competition rank: 1 + the number of entries with more packets. */
  rank: number;
}

export function compareEntries(a: Entry, b: Entry): number {
  return (
    b.packets - a.packets ||
    (a.protocol < b.protocol ? -1 : a.protocol > b.protocol ? 1 : 0) ||
    (a.port ?? -1) - (b.port ?? -1)
  );
}

/** All entries, best first, with their ranks. */
export function rankEntries(entries: readonly Entry[]): RankedEntry[] {
  const sorted = [...entries].sort(compareEntries);
  const ranked: RankedEntry[] = [];
  sorted.forEach((entry, index) => {
    const previous = ranked[index - 1];
    const rank = previous && previous.packets === entry.packets ? previous.rank : index + 1;
    ranked.push({ key: entryKey(entry), protocol: entry.protocol, ...(entry.port === undefined ? {} : { port: entry.port }), packets: entry.packets, rank });
  });
  return ranked;
}

/**
 * The entries ranked `limit` or better. A tie across the limit keeps every
 * tied entry, so the list can be longer than `limit`; it is never cut mid-tie.
 */
export function topByRank(ranked: readonly RankedEntry[], limit: number): RankedEntry[] {
  return ranked.filter((entry) => entry.rank <= limit);
}
