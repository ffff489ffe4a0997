/**
 * The period's total of packets, its change since the period before, and the
 * share of it that the top of a ranking took. Percentages are rounded here,
 * once, to the one decimal a post shows, so that the words chosen (more,
 * fewer, about as many, under 0.1 %) always agree with the figure printed.
 */
import { earlierPeriod, type Period } from '../dataset/period.js';
import type { Dataset } from '../dataset/schema.js';
import type { Ranked } from './ranking.js';

export interface TotalFacts {
  packets: number;
  previous?: {
    packets: number;
    period: Period;
    /** Where the previous total came from: the dataset's `previousPackets`, or the `--previous` dataset. */
    source: 'dataset' | 'previous-dataset';
  };
}

/** A change between two totals as a post may state it: the direction, and the percentage rounded to one decimal. */
export type TotalChange =
  | { kind: 'same' }
  /** The change rounds to 0.0 %: no direction is claimed. */
  | { kind: 'about'; percent: number }
  | { kind: 'more' | 'fewer'; percent: number; shown: number }
  /** No packets before: no percentage exists. */
  | { kind: 'fromNone' }
  /** The percentage is too large to be written as a number (a previous total near 0 against one near 1e308). */
  | { kind: 'unrepresentable' };

/** A share of the total, rounded to one decimal; `bound` when rounding would print 0.0 % of something or 100.0 % of less than all. */
export interface Share {
  percent: number;
  shown: number;
  bound?: 'under' | 'over';
}

/** One decimal, from the exact decimal value (as Intl would round it), not from a float multiplied by ten. */
export const roundToTenth = (value: number): number => Number(value.toFixed(1));

export function periodTotal(dataset: Dataset, previous?: { dataset: Dataset }): TotalFacts | undefined {
  if (!dataset.total) return undefined;
  const fromPrevious = previous?.dataset.total;
  if (fromPrevious)
    return {
      packets: dataset.total.packets,
      previous: { packets: fromPrevious.packets, period: previous.dataset.period, source: 'previous-dataset' },
    };
  if (dataset.total.previousPackets === undefined) return { packets: dataset.total.packets };
  // The dataset's own previous total is the period just before (the quarter before a quarter, the year before a year).
  return {
    packets: dataset.total.packets,
    previous: { packets: dataset.total.previousPackets, period: earlierPeriod(dataset.period, 'quarter'), source: 'dataset' },
  };
}

export function totalChange(current: number, previous: number): TotalChange {
  if (current === previous) return { kind: 'same' };
  if (previous === 0) return { kind: 'fromNone' };
  const percent = ((current - previous) / previous) * 100;
  if (!Number.isFinite(percent)) return { kind: 'unrepresentable' };
  const shown = roundToTenth(Math.abs(percent));
  if (shown === 0) return { kind: 'about', percent };
  return { kind: percent > 0 ? 'more' : 'fewer', percent, shown };
}

export function shareOf(part: number, total: number): Share {
  const percent = total === 0 ? 0 : (part / total) * 100;
  const shown = roundToTenth(percent);
  if (shown === 0 && part > 0) return { percent, shown: 0.1, bound: 'under' };
  if (shown === 100 && part < total) return { percent, shown: 99.9, bound: 'over' };
  return { percent, shown };
}

export interface TopShare {
  /** The places asked for (N), or fewer when the list is shorter. */
  places: number;
  /** The entries ranked N or better: more than N when a tie crosses the limit. */
  entries: Ranked[];
  share: Share;
  /** The entries ranked first, and the share each took. */
  leaders: Ranked[];
  leaderShare: Share;
}

/** What the top `limit` of a counted list took of `total` together, and what its leader took alone. */
export function topShare(ranked: readonly Ranked[], total: number, limit: number): TopShare | undefined {
  const entries = ranked.filter((e) => e.rank <= limit);
  if (entries.length === 0 || entries.some((e) => e.packets === undefined)) return undefined;
  const leaders = entries.filter((e) => e.rank === 1);
  const sum = entries.reduce((a, e) => a + e.packets!, 0);
  return {
    places: Math.min(limit, entries.length),
    entries,
    share: shareOf(sum, total),
    leaders,
    leaderShare: shareOf(leaders[0]!.packets!, total),
  };
}
