/**
 * A typed value in one language's words: numbers, months and days through
 * Intl, names through the locales (a country as the press writes it, a
 * sensor by its label, isolated from the text around it), a list joined as
 * the language joins one. A value is never parsed as Markdown.
 */
import type { PhrasingContent } from 'mdast';
import type { Message, Value } from '../document/nodes.js';
import { periodKind, periodMonths, periodYear } from '../dataset/period.js';
import { isolate } from './bidi.js';
import type { Formats } from './format.js';
import { rankingWords } from './ranking-words.js';

const NUMBER_STYLES = ['integer', 'decimal', 'ratio', 'percent', 'compact'] as const;

/** What rendering a value needs of the translator of its language. */
export interface ValueWords {
  lang: string;
  formats: Formats;
  /** Whether the period crosses a new year (a fiscal year): a month alone would be ambiguous. */
  crossesYears: boolean;
  render(message: Message): PhrasingContent[];
  /** A key the language may have or not (number words, names), as plain text. */
  optionalWord(key: string): string | undefined;
  /** A name the data gives per language, in this one or the best fallback. */
  labelText(texts: Readonly<Record<string, string>>, fallback: string): string;
}

export function valueNodes(value: Value, format: string | undefined, words: ValueWords): PhrasingContent[] {
  const text = (t: string): PhrasingContent[] => [{ type: 'text', value: t }];
  const f = words.formats;
  switch (value.kind) {
    case 'text':
      return text(value.text);
    case 'number': {
      const style = (NUMBER_STYLES as readonly string[]).includes(format ?? '') ? (format as (typeof NUMBER_STYLES)[number]) : value.style;
      return text(f.number(value.value, style));
    }
    case 'count': {
      const word = format === 'number' ? undefined : words.optionalWord(`common:numberWords.${value.value}`);
      return text(word ?? f.number(value.value));
    }
    // A month alone is ambiguous in a period that crosses a new year (a fiscal year): it takes its year.
    case 'month':
      return text(words.crossesYears ? f.monthWithYear(value.month) : f.month(value.month));
    case 'day':
      return text(words.crossesYears ? f.dayWithYear(value.day) : f.day(value.day));
    case 'label':
      return text(isolate(words.labelText(value.texts, value.fallback)));
    case 'year':
      return text(String(value.year));
    case 'period': {
      const months = periodMonths(value.period);
      const [first, last] = [months[0]!, months.at(-1)!];
      const year = periodYear(value.period);
      return words.render({
        // A fiscal year from April goes without its months in Japanese (2024年度); one from another month does not.
        key: `common:periods.${'startMonth' in value.period && value.period.startMonth !== 4 ? 'fiscalYearOtherStart' : periodKind(value.period)}`,
        values: {
          year: { kind: 'year', year },
          startYear: { kind: 'year', year: Number(first.slice(0, 4)) },
          endYear: { kind: 'year', year: Number(last.slice(0, 4)) },
          startMonth: { kind: 'text', text: f.month(first) },
          endMonth: { kind: 'text', text: f.month(last) },
          startMonthNumber: { kind: 'text', text: f.monthNumber(first) },
          endMonthNumber: { kind: 'text', text: f.monthNumber(last) },
        },
      });
    }
    case 'span':
      return words.render({ key: `common:spans.${periodKind(value.period)}`, values: {} });
    case 'country':
      // The press of a language may name a country otherwise than Intl does: 米国, not アメリカ合衆国.
      return text(
        (value.inText ? words.optionalWord(`common:countriesInText.${value.code}`) : undefined) ??
          words.optionalWord(`common:countries.${value.code}`) ??
          f.country(value.code),
      );
    case 'region':
      return words.render({ key: `common:regions.${value.region}`, values: {} });
    case 'sensor': {
      const label = value.sensor.label?.[words.lang] ?? value.sensor.label?.[words.lang.split('-')[0]!];
      if (label !== undefined) return text(isolate(label));
      return words.render({
        key: `common:sensors.${value.sensor.region}`,
        values: { number: { kind: 'number', value: value.sensor.number } },
      });
    }
    case 'list': {
      const items = value.items.map((item) => valueNodes(item, format, words));
      return words.formats
        .listParts(items.length, 'conjunction')
        .flatMap((part) => (part.type === 'element' ? items[part.index!]! : text(part.value)));
    }
    case 'ref':
      return words.render({
        key: `common:refs.${value.target}`,
        count: value.numbers.length,
        values: { numbers: { kind: 'list', items: value.numbers.map((n) => ({ kind: 'number', value: n }) as Value) } },
      });
    case 'message':
      return words.render(value.message);
    case 'ordinal':
    case 'service':
    case 'previous-standing':
      return valueNodes(
        rankingWords(value, (key) => words.optionalWord(key)),
        format,
        words,
      );
  }
}
