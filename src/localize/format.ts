/** Numbers, months, countries and lists in the words of one language, through Intl. */
import { exactCompact } from './ticks.js';

export interface Formats {
  number(value: number, style?: 'integer' | 'decimal' | 'ratio' | 'percent' | 'exact' | 'compact'): string;
  /** `October` / `10月` */
  month(month: string): string;
  /** `October 5` / `10月5日` */
  day(day: string): string;
  /** `January 2025` / `2025年1月`, and `January 5, 2025` / `2025年1月5日`: for periods that cross a new year. */
  monthWithYear(month: string): string;
  dayWithYear(day: string): string;
  /** 1-12 as the language writes it in dates. */
  monthNumber(month: string): string;
  country(code: string): string;
  listParts(count: number, type: 'conjunction' | 'unit'): { type: 'element' | 'literal'; value: string; index?: number }[];
}

const formatsByLang = new Map<string, Formats>();

/** The formats of a language, made once per process: Intl objects are costly to create and depend on the language alone. */
export function createFormats(lang: string): Formats {
  let formats = formatsByLang.get(lang);
  if (!formats) formatsByLang.set(lang, (formats = makeFormats(lang)));
  return formats;
}

function makeFormats(lang: string): Formats {
  const numberFormats = new Map<string, Intl.NumberFormat>();
  const numberFormat = (style: string): Intl.NumberFormat => {
    let format = numberFormats.get(style);
    if (!format) {
      const options: Intl.NumberFormatOptions =
        style === 'decimal'
          ? { maximumFractionDigits: 1 }
          : style === 'ratio'
            ? { minimumFractionDigits: 1, maximumFractionDigits: 1 }
            : style === 'percent'
              ? { style: 'percent', maximumFractionDigits: 0, signDisplay: 'exceptZero' }
              : // Every digit the number holds (the shortest that reads back as it): 0.0004, 100.00000000000001.
                style === 'exact'
                ? { maximumSignificantDigits: 17 }
                : { maximumFractionDigits: 0 };
      format = new Intl.NumberFormat(lang, options);
      numberFormats.set(style, format);
    }
    return format;
  };
  const monthName = new Intl.DateTimeFormat(lang, { month: 'long', timeZone: 'UTC' });
  const dayName = new Intl.DateTimeFormat(lang, { month: 'long', day: 'numeric', timeZone: 'UTC' });
  const monthNumeric = new Intl.DateTimeFormat(lang, { month: 'numeric', timeZone: 'UTC' });
  const monthYear = new Intl.DateTimeFormat(lang, { year: 'numeric', month: 'long', timeZone: 'UTC' });
  const dayYear = new Intl.DateTimeFormat(lang, { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' });
  const regions = new Intl.DisplayNames(lang, { type: 'region' });
  const lists = {
    conjunction: new Intl.ListFormat(lang, { type: 'conjunction' }),
    unit: new Intl.ListFormat(lang, { type: 'unit', style: 'narrow' }),
  };
  const dayOf = (day: string) => new Date(Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10))));
  const dateOf = (month: string) => new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)) - 1, 1));
  return {
    number: (value, style = 'integer') =>
      style === 'compact' ? exactCompact(lang, value) : numberFormat(style).format(style === 'percent' ? value / 100 : value),
    month: (month) => monthName.format(dateOf(month)),
    day: (day) => dayName.format(dayOf(day)),
    monthWithYear: (month) => monthYear.format(dateOf(month)),
    dayWithYear: (day) => dayYear.format(dayOf(day)),
    monthNumber: (month) =>
      monthNumeric.formatToParts(dateOf(month)).find((p) => p.type === 'month')?.value ?? String(Number(month.slice(5, 7))),
    country: (code) => regions.of(code) ?? code,
    listParts(count, type) {
      // A list keeps its items in order: the nth element part is the nth item, whatever it holds.
      let next = 0;
      return lists[type]
        .formatToParts(Array.from({ length: count }, () => 'x'))
        .map((part) =>
          part.type === 'element'
            ? { type: 'element' as const, value: part.value, index: next++ }
            : { type: 'literal' as const, value: part.value },
        );
    },
  };
}
