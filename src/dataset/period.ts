/** Calendar arithmetic for a quarter, on `YYYY-MM` month strings. */

export interface Period {
  year: number;
  quarter: number;
}

/** `YYYY-MM` */
export type MonthId = string;

export const monthId = (year: number, month: number): MonthId => `${year}-${String(month).padStart(2, '0')}`;

/** The three months of a quarter, in order. */
export function quarterMonths(period: Period): MonthId[] {
  const first = (period.quarter - 1) * 3 + 1;
  return [0, 1, 2].map((i) => monthId(period.year, first + i));
}

/** The same month one year earlier. */
export function previousYearMonth(month: MonthId): MonthId {
  const [year, number] = month.split('-').map(Number) as [number, number];
  return monthId(year - 1, number);
}

/** The month number (1-12) of a month id. */
export const monthNumber = (month: MonthId): number => Number(month.slice(5, 7));

/** The quarter before `period`, or the same quarter a year earlier. */
export function earlierPeriod(period: Period, relation: 'quarter' | 'year'): Period {
  if (relation === 'year') return { year: period.year - 1, quarter: period.quarter };
  return period.quarter === 1 ? { year: period.year - 1, quarter: 4 } : { year: period.year, quarter: period.quarter - 1 };
}
