/** Monthly averages per sensor: region against region, and year against year. */
import { previousYearMonth, periodMonths, type MonthId, type Period } from '../dataset/period.js';
import type { DailyAverage, Region } from '../dataset/schema.js';

export interface MonthComparison {
  month: MonthId;
  domestic: number;
  overseas: number;
  higher: Region | 'equal';
  /** Higher average divided by the lower one; `undefined` when the lower one is 0. */
  ratio?: number;
}

export interface RegionComparison {
  months: MonthComparison[];
  /** The region that received more in every month, `equal` if none did in any, else `mixed`. */
  summary: Region | 'equal' | 'mixed';
}

export interface MonthChange {
  month: MonthId;
  previousMonth: MonthId;
  current: number;
  previous?: number;
  /** Percent change from the same month a year earlier; absent without that month or when it was 0. */
  changePercent?: number;
}

export type Quantifier = 'all' | 'most' | 'some' | 'none';

export interface YearOverYear {
  region: Region;
  months: MonthChange[];
  /** Months that have a value a year earlier. */
  compared: number;
  increased: number;
  decreased: number;
  /** How many of the compared months increased; absent when no month can be compared. */
  quantifier?: Quantifier;
}

type Averages = Map<string, number>;
const at = (averages: Averages, month: MonthId, region: Region): number | undefined => averages.get(`${month} ${region}`);

function index(rows: readonly DailyAverage[]): Averages {
  return new Map(rows.map((row) => [`${row.month} ${row.region}`, row.packets]));
}

/** Per month of the quarter, which region's sensors received more; needs both regions. */
export function compareRegions(period: Period, rows: readonly DailyAverage[]): RegionComparison | undefined {
  const averages = index(rows);
  const months: MonthComparison[] = [];
  for (const month of periodMonths(period)) {
    const domestic = at(averages, month, 'domestic');
    const overseas = at(averages, month, 'overseas');
    if (domestic === undefined || overseas === undefined) return undefined;
    const higher = domestic === overseas ? 'equal' : domestic > overseas ? 'domestic' : 'overseas';
    const low = Math.min(domestic, overseas);
    months.push({
      month,
      domestic,
      overseas,
      higher,
      ...(low > 0 && Number.isFinite(Math.max(domestic, overseas) / low) ? { ratio: Math.max(domestic, overseas) / low } : {}),
    });
  }
  const first = months[0]!.higher;
  const summary = months.every((m) => m.higher === first) ? first : 'mixed';
  return { months, summary };
}

export function quantify(increased: number, compared: number): Quantifier | undefined {
  if (compared === 0) return undefined;
  if (increased === compared) return 'all';
  if (increased === 0) return 'none';
  return increased * 2 > compared ? 'most' : 'some';
}

/** Per month, the change from the same month a year earlier, for one region. */
export function yearOverYear(period: Period, rows: readonly DailyAverage[], region: Region): YearOverYear | undefined {
  const averages = index(rows);
  const months: MonthChange[] = [];
  for (const month of periodMonths(period)) {
    const current = at(averages, month, region);
    if (current === undefined) return undefined;
    const previousMonth = previousYearMonth(month);
    const previous = at(averages, previousMonth, region);
    const change: MonthChange = { month, previousMonth, current };
    if (previous !== undefined) {
      change.previous = previous;
      if (previous > 0) change.changePercent = ((current - previous) / previous) * 100;
    }
    months.push(change);
  }
  const comparable = months.filter((m) => m.previous !== undefined);
  const increased = comparable.filter((m) => m.current > m.previous!).length;
  const decreased = comparable.filter((m) => m.current < m.previous!).length;
  const quantifier = quantify(increased, comparable.length);
  return { region, months, compared: comparable.length, increased, decreased, ...(quantifier ? { quantifier } : {}) };
}
