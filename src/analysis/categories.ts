/**
 * Breakdowns of a list's packets by category (Mirai-type, …): each entry's
 * count and share, which entries meet a share threshold, and how ranks would
 * change if the list were ranked by one category alone. An entry without a
 * count for a category is unknown, never zero: nothing that depends on it is decided.
 */
import type { Ranked } from './ranking.js';

/** The data's count of `category` for the entry, if it gives one. */
export const categoryCount = (entry: Ranked, category: string): number | undefined =>
  entry.categories && Object.hasOwn(entry.categories, category) ? entry.categories[category] : undefined;

/** Percent of the entry's packets that were of `category`; undefined without a count or without packets. */
export function categoryShare(entry: Ranked, category: string): number | undefined {
  const count = categoryCount(entry, category);
  if (count === undefined || entry.packets === undefined || entry.packets === 0) return undefined;
  return (count / entry.packets) * 100;
}

/** The categories (in the order given) that at least one of the entries counts. */
export const categoriesCarried = (entries: readonly Ranked[], order: readonly string[]): string[] =>
  order.filter((category) => entries.some((entry) => categoryCount(entry, category) !== undefined));

/** A share threshold: over or under a percent, or every packet / no packet of the category. */
export type ShareTest = { kind: 'over' | 'under'; percent: number } | { kind: 'all' | 'none' };

/**
 * Whether the entry's share meets the test, decided on the counts themselves
 * (count × 100 against percent × packets), so no rounding ever tips a share
 * across the threshold; undefined when the entry has no share.
 */
export function meetsShare(entry: Ranked, category: string, test: ShareTest): boolean | undefined {
  const count = categoryCount(entry, category);
  const packets = entry.packets;
  if (count === undefined || packets === undefined || packets === 0) return undefined;
  // Scaled by a power of two (exact), so that neither product overflows near 1e308.
  const scale = packets > 2 ** 1000 ? 2 ** -16 : 1;
  switch (test.kind) {
    case 'over':
      return count * scale * 100 > test.percent * (packets * scale);
    case 'under':
      return count * scale * 100 < test.percent * (packets * scale);
    case 'all':
      return count === packets;
    case 'none':
      return count === 0;
  }
}

/** Where an entry stands by all packets and by one category's packets alone. */
export interface CategoryStanding {
  key: string;
  /** Rank by all packets. */
  from: number;
  /** Rank by the category's count; undefined when the data does not decide it. */
  to?: number;
}

/**
 * Each shown entry's rank when the whole list is ranked by `category` alone.
 * Decided only for an entry with a count when no entry of the list could
 * stand ahead unseen: an entry without a count may have up to its packets,
 * so one whose packets exceed this entry's count leaves the rank undecided.
 * A list known only in part, or of ranks only, decides nothing.
 */
export function ranksByCategory(all: readonly Ranked[], shown: readonly Ranked[], category: string, complete: boolean): CategoryStanding[] {
  const counted = all.every((entry) => entry.packets !== undefined);
  return shown.map((entry) => {
    const count = categoryCount(entry, category);
    if (!complete || !counted || count === undefined) return { key: entry.key, from: entry.rank };
    let ahead = 0;
    for (const other of all) {
      const theirs = categoryCount(other, category);
      if (theirs === undefined) {
        if (other.packets! > count) return { key: entry.key, from: entry.rank };
      } else if (theirs > count) ahead++;
    }
    return { key: entry.key, from: entry.rank, to: ahead + 1 };
  });
}
