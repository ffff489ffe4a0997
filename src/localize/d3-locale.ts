/**
 * d3-format and d3-time-format locale definitions built from Intl, for
 * Vega-Lite's `config.locale`: any language Intl knows gets localized axis
 * numbers and month names without a hand-kept table.
 */

export interface NumberLocale {
  decimal: string;
  thousands: string;
  grouping: number[];
  currency: [string, string];
}

export interface TimeLocale {
  dateTime: string;
  date: string;
  time: string;
  periods: [string, string];
  days: string[];
  shortDays: string[];
  months: string[];
  shortMonths: string[];
}

const numberLocales = new Map<string, NumberLocale>();
const timeLocales = new Map<string, TimeLocale>();

/** Cached per language: building them costs more than a whole chart spec. */
export function numberLocale(lang: string): NumberLocale {
  let locale = numberLocales.get(lang);
  if (!locale) numberLocales.set(lang, (locale = buildNumberLocale(lang)));
  return locale;
}

export function timeLocale(lang: string): TimeLocale {
  let locale = timeLocales.get(lang);
  if (!locale) timeLocales.set(lang, (locale = buildTimeLocale(lang)));
  return locale;
}

function buildNumberLocale(lang: string): NumberLocale {
  const parts = new Intl.NumberFormat(lang).formatToParts(1234567.5);
  return {
    decimal: parts.find((p) => p.type === 'decimal')?.value ?? '.',
    thousands: parts.find((p) => p.type === 'group')?.value ?? ',',
    grouping: [3],
    currency: ['', ''],
  };
}

function buildTimeLocale(lang: string): TimeLocale {
  const names = (options: Intl.DateTimeFormatOptions, dates: Date[]) => {
    const format = new Intl.DateTimeFormat(lang, { ...options, timeZone: 'UTC' });
    return dates.map((d) => format.format(d));
  };
  const months = Array.from({ length: 12 }, (_, m) => new Date(Date.UTC(2001, m, 1)));
  // 2001-01-07 was a Sunday: d3 lists days from Sunday.
  const days = Array.from({ length: 7 }, (_, d) => new Date(Date.UTC(2001, 0, 7 + d)));
  const periods = new Intl.DateTimeFormat(lang, { hour: 'numeric', hour12: true, timeZone: 'UTC' });
  const period = (hour: number) =>
    periods.formatToParts(new Date(Date.UTC(2001, 0, 1, hour))).find((p) => p.type === 'dayPeriod')?.value ?? (hour < 12 ? 'AM' : 'PM');
  return {
    dateTime: '%x %X',
    date: '%Y-%m-%d',
    time: '%H:%M:%S',
    periods: [period(9), period(15)],
    days: names({ weekday: 'long' }, days),
    shortDays: names({ weekday: 'short' }, days),
    months: names({ month: 'long' }, months),
    shortMonths: names({ month: 'short' }, months),
  };
}
