/**
 * Calendar arithmetic for the period a dataset covers: a calendar quarter,
 * a calendar year, or a fiscal year that starts in a given month. Months are
 * `YYYY-MM` strings, days `YYYY-MM-DD`.
 */
import type { z } from 'zod';
import type { periodSchema } from './schema.js';

export type Period = z.infer<typeof periodSchema>;
export type PeriodKind = 'quarter' | 'year' | 'fiscalYear';

/** `YYYY-MM` */
export type MonthId = string;
/** `YYYY-MM-DD` */
export type DayId = string;

export const monthId = (year: number, month: number): MonthId => `${year}-${String(month).padStart(2, '0')}`;

export function periodKind(period: Period): PeriodKind {
  if ('quarter' in period) return 'quarter';
  if ('fiscalYear' in period) return 'fiscalYear';
  return 'year';
}

/** The first month of the period as year and month number. */
function start(period: Period): { year: number; month: number } {
  if ('quarter' in period) return { year: period.year, month: (period.quarter - 1) * 3 + 1 };
  if ('fiscalYear' in period) return { year: period.fiscalYear, month: period.startMonth };
  return { year: period.year, month: 1 };
}

/** The month `offset` months after year/month. */
function addMonths(year: number, month: number, offset: number): MonthId {
  const index = year * 12 + (month - 1) + offset;
  return monthId(Math.floor(index / 12), (index % 12) + 1);
}

/** The months of the period, in order: three for a quarter, twelve for a year. */
export function periodMonths(period: Period): MonthId[] {
  const { year, month } = start(period);
  return Array.from({ length: 'quarter' in period ? 3 : 12 }, (_, i) => addMonths(year, month, i));
}

/** Days in a month. */
export const daysInMonth = (month: MonthId): number =>
  new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).getUTCDate();

/** The first and last day of the period. */
export function periodDays(period: Period): { first: DayId; last: DayId } {
  const months = periodMonths(period);
  const last = months.at(-1)!;
  return { first: `${months[0]}-01`, last: `${last}-${String(daysInMonth(last)).padStart(2, '0')}` };
}

/** Every day of the period, in order. */
export function periodDayList(period: Period): DayId[] {
  return periodMonths(period).flatMap((month) =>
    Array.from({ length: daysInMonth(month) }, (_, i) => `${month}-${String(i + 1).padStart(2, '0')}`),
  );
}

/** The day after the period ends: a draft's default date. */
export function dayAfterPeriod(period: Period): DayId {
  const { year, month } = start(period);
  return `${addMonths(year, month, periodMonths(period).length)}-01`;
}

/** The same month one year earlier. */
export function previousYearMonth(month: MonthId): MonthId {
  const [year, number] = month.split('-').map(Number) as [number, number];
  return monthId(year - 1, number);
}

/** The month number (1-12) of a month id. */
export const monthNumber = (month: MonthId): number => Number(month.slice(5, 7));

/**
 * The period before `period` (`previous`: the quarter before a quarter, the year before a year),
 * or the same period a year earlier (`year`): for a year, the two are the same.
 */
export function earlierPeriod(period: Period, relation: 'quarter' | 'year'): Period {
  if ('quarter' in period) {
    if (relation === 'year') return { year: period.year - 1, quarter: period.quarter };
    return period.quarter === 1 ? { year: period.year - 1, quarter: 4 } : { year: period.year, quarter: period.quarter - 1 };
  }
  if ('fiscalYear' in period) return { fiscalYear: period.fiscalYear - 1, startMonth: period.startMonth };
  return { year: period.year - 1 };
}

export const samePeriod = (a: Period, b: Period): boolean => periodId(a) === periodId(b);

/** A short id for file names and translation keys: `2021-q4`, `2025`, `fy2024-04`. */
export function periodId(period: Period): string {
  if ('quarter' in period) return `${period.year}-q${period.quarter}`;
  if ('fiscalYear' in period)
    return `fy${period.fiscalYear}${period.startMonth === 4 ? '' : `-${String(period.startMonth).padStart(2, '0')}`}`;
  return String(period.year);
}

/** The period in a message of the tool (English, never a post's words): `2021 Q4`, `2025`, `FY2024 (2024-04 to 2025-03)`. */
export function periodName(period: Period): string {
  if ('quarter' in period) return `${period.year} Q${period.quarter}`;
  if ('fiscalYear' in period) {
    const months = periodMonths(period);
    return `FY${period.fiscalYear} (${months[0]} to ${months.at(-1)})`;
  }
  return String(period.year);
}

/** The year a period is named by: its calendar year, or the year its fiscal year starts in. */
export const periodYear = (period: Period): number => ('fiscalYear' in period ? period.fiscalYear : period.year);
