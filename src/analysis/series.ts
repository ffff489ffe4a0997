/**
 * Facts of the time series, no words: per series and group, what was
 * observed, the peak, the change from the first to the last month, and when
 * a series started or stopped. A day (month) without a point was not
 * observed: it is never read as zero, and a claim it could overturn is not made.
 */
import { periodDayList, periodMonths, type Period } from '../dataset/period.js';
import type { Series } from '../dataset/schema.js';

export type Granularity = 'day' | 'month';

export interface SeriesObservation {
  /** `YYYY-MM-DD` or `YYYY-MM`. */
  time: string;
  value: number;
}

/** The first and last month of the period compared: per observed day for a daily series. */
export interface SeriesChange {
  firstMonth: string;
  lastMonth: string;
  /** The month's value, or the mean per observed day. */
  first: number;
  last: number;
  /** Days observed in each month (1 for a monthly series). */
  firstObserved: number;
  lastObserved: number;
}

export interface SeriesGroup {
  /** Undefined for a series whose points name no group. */
  name?: string;
  /** Observed points in time order. */
  points: SeriesObservation[];
  peak: { value: number; times: string[] };
  /** Absent when either end month of the period has no observation. */
  change?: SeriesChange;
  /** The first non-zero value, when every earlier day (month) of the period is observed as zero and there is one. */
  start?: string;
  /** The last non-zero value, when every later day (month) of the period is observed as zero and there is one. */
  stop?: string;
}

export interface SeriesFacts {
  id: string;
  unit: Series['unit'];
  label: Record<string, string>;
  granularity: Granularity;
  /** Every day (month) of the period, in order. */
  times: string[];
  /** In the order their first point appears in the dataset. */
  groups: SeriesGroup[];
}

export function analyseSeries(period: Period, series: Series): SeriesFacts {
  const granularity: Granularity = series.points.some((p) => p.month !== undefined) ? 'month' : 'day';
  const times = granularity === 'day' ? periodDayList(period) : periodMonths(period);
  const byGroup = new Map<string | undefined, SeriesObservation[]>();
  for (const point of series.points) {
    const list = byGroup.get(point.group) ?? [];
    if (list.length === 0) byGroup.set(point.group, list);
    list.push({ time: (point.date ?? point.month)!, value: point.value });
  }
  const months = periodMonths(period);
  const groups = [...byGroup].map(([name, points]): SeriesGroup => {
    points.sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0));
    const top = Math.max(...points.map((p) => p.value));
    const change = monthChange(points, months[0]!, months.at(-1)!);
    const values = new Map(points.map((p) => [p.time, p.value]));
    const start = edge(times, values);
    const stop = edge([...times].reverse(), values);
    return {
      ...(name === undefined ? {} : { name }),
      points,
      peak: { value: top, times: points.filter((p) => p.value === top).map((p) => p.time) },
      ...(change ? { change } : {}),
      ...(start ? { start } : {}),
      ...(stop ? { stop } : {}),
    };
  });
  return { id: series.id, unit: series.unit, label: series.label ?? {}, granularity, times, groups };
}

/** Days (months) observed with a value above `threshold`. */
export const daysAbove = (group: SeriesGroup, threshold: number): SeriesObservation[] => group.points.filter((p) => p.value > threshold);

function monthChange(points: readonly SeriesObservation[], firstMonth: string, lastMonth: string): SeriesChange | undefined {
  const of = (month: string) => points.filter((p) => p.time.startsWith(month));
  const [first, last] = [of(firstMonth), of(lastMonth)];
  if (first.length === 0 || last.length === 0) return undefined;
  return { firstMonth, lastMonth, first: meanOf(first), last: meanOf(last), firstObserved: first.length, lastObserved: last.length };
}

/** The mean of the values; a sum too large for a number (values near 1e308) is taken of each value divided first. */
function meanOf(list: readonly SeriesObservation[]): number {
  const sum = list.reduce((total, p) => total + p.value, 0);
  return Number.isFinite(sum) ? sum / list.length : list.reduce((total, p) => total + p.value / list.length, 0);
}

/**
 * The first time (in the order given) with a non-zero value, when at least one time before it and
 * every time before it were observed as zero: only then does the data show a beginning.
 */
function edge(times: readonly string[], values: ReadonlyMap<string, number>): string | undefined {
  for (const [index, time] of times.entries()) {
    const value = values.get(time);
    if (value === undefined) return undefined;
    if (value > 0) return index > 0 ? time : undefined;
  }
  return undefined;
}
