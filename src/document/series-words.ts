/**
 * How the facts of a time series become messages: the series' or group's
 * name, amounts in the series' unit, days and months, and the sentence of
 * each fact for one group. Shared by the facts and the charts' alt text.
 */
import type { Granularity, SeriesChange, SeriesFacts, SeriesGroup } from '../analysis/index.js';
import type { Message, Value } from './nodes.js';

/** More tied days than this are counted, not listed. */
export const MAX_LISTED_TIMES = 3;

export const seriesName = (series: SeriesFacts): Value => ({ kind: 'label', texts: series.label, fallback: series.id });
/**
 * Who a sentence speaks of: the group, or the series when its points name none. A group is data
 * text like a label, the same in every language, and isolated like one (FSI … PDI): a direction
 * override in it orders only itself, never the rest of the sentence or the alt text.
 */
export const subjectOf = (series: SeriesFacts, group: SeriesGroup): Value =>
  group.name === undefined ? seriesName(series) : { kind: 'label', texts: {}, fallback: group.name };
/**
 * Shown with every digit it has, never rounded: a peak of 0.0004 is not "0", and one of
 * 100.00000000000001 not "100" beside "above 100 on one day". The plural form follows the number.
 */
export const amount = (unit: SeriesFacts['unit'], value: number): Value => ({
  kind: 'message',
  message: { key: `series:units.${unit}`, values: { value: { kind: 'number', value, style: 'exact' } }, count: value },
});
export const timeValue = (granularity: Granularity, time: string): Value =>
  granularity === 'day' ? { kind: 'day', day: time } : { kind: 'month', month: time };
const plural = (granularity: Granularity): 'days' | 'months' => (granularity === 'day' ? 'days' : 'months');
const message = (key: string, values: Record<string, Value>, count?: number): Message => ({
  key,
  values,
  ...(count === undefined ? {} : { count }),
});
const count = (value: number): Value => ({ kind: 'count', value });

/** Several sentences as one message, each after the other. */
export function joinSentences(sentences: readonly Message[]): Message | undefined {
  if (sentences.length <= 1) return sentences[0];
  return sentences.reduceRight((rest, first) =>
    message('series:join', { first: { kind: 'message', message: first }, rest: { kind: 'message', message: rest } }),
  );
}

/** One series' sentences: alone when its points name no group, else after the series' name. */
export function forSeries(series: SeriesFacts, sentences: readonly Message[]): Message | undefined {
  const joined = joinSentences(sentences);
  if (!joined || series.groups.every((g) => g.name === undefined)) return joined;
  return message('series:grouped', { series: seriesName(series), sentences: { kind: 'message', message: joined } });
}

export function peakSentence(series: SeriesFacts, group: SeriesGroup): Message {
  const subject = subjectOf(series, group);
  const kind = plural(series.granularity);
  if (group.peak.value === 0) return message(`series:peak.zero.${kind}`, { subject });
  const times = group.peak.times;
  const when =
    times.length > MAX_LISTED_TIMES
      ? message(`series:when.many.${kind}`, { count: count(times.length), first: timeValue(series.granularity, times[0]!) }, times.length)
      : message(`series:when.list.${kind}`, { times: { kind: 'list', items: times.map((t) => timeValue(series.granularity, t)) } });
  const values: Record<string, Value> = {
    subject,
    amount: amount(series.unit, group.peak.value),
    when: { kind: 'message', message: when },
  };
  // A day (month) not observed may have been higher: the peak is said to be of the days observed.
  const observed = group.points.length;
  const unobserved = series.times.length - observed;
  if (unobserved === 0) return message('series:peak.sentence', values);
  const gaps = message(`series:gaps.${kind}`, { count: count(unobserved) }, unobserved);
  return message(
    `series:peak.sentenceGaps.${kind}`,
    { ...values, observed: count(observed), gaps: { kind: 'message', message: gaps } },
    observed,
  );
}

export type ChangeWord = 'same' | 'rose' | 'fell' | 'roseLittle' | 'fellLittle' | 'roseFromZero' | 'fellToZero';

/**
 * The words of a change, and the whole percent they give, rounded so that "about" stays true;
 * undefined when the percent is too large for a number (a ratio past 1e306): no sentence then.
 */
export function changeWord(change: SeriesChange): { word: ChangeWord; percent?: number } | undefined {
  const { first, last } = change;
  if (first === last) return { word: 'same' };
  if (first === 0) return { word: 'roseFromZero' };
  if (last === 0) return { word: 'fellToZero' };
  const exact = ((last - first) / first) * 100;
  if (!Number.isFinite(exact)) return undefined;
  const rounded = Math.round(Math.abs(exact));
  if (rounded === 0) return { word: exact > 0 ? 'roseLittle' : 'fellLittle' };
  // Something is left: never "fell by about 100%".
  if (exact < 0) return { word: 'fell', percent: Math.min(rounded, 99) };
  return { word: 'rose', percent: rounded };
}

export function changeSentence(series: SeriesFacts, group: SeriesGroup): Message | undefined {
  const change = group.change;
  const words = change && changeWord(change);
  if (!change || !words) return undefined;
  const { word, percent } = words;
  const said = message(`series:change.${word}`, percent === undefined ? {} : { percent: { kind: 'number', value: percent } });
  return message(`series:change.${series.granularity === 'day' ? 'perDay' : 'perMonth'}`, {
    subject: subjectOf(series, group),
    change: { kind: 'message', message: said },
    firstMonth: { kind: 'month', month: change.firstMonth },
    lastMonth: { kind: 'month', month: change.lastMonth },
  });
}

/** Said where the change cannot be: an end month of the period without an observation. */
export function noChangeSentence(series: SeriesFacts, group: SeriesGroup): Message {
  return message('series:change.unknown', {
    subject: subjectOf(series, group),
    firstMonth: { kind: 'month', month: series.times[0]!.slice(0, 7) },
    lastMonth: { kind: 'month', month: series.times.at(-1)!.slice(0, 7) },
  });
}

export function thresholdSentence(series: SeriesFacts, group: SeriesGroup, threshold: number, above: number): Message {
  const kind = plural(series.granularity);
  const observed = group.points.length;
  const unobserved = series.times.length - observed;
  const variant = above === 0 ? 'none' : above === observed ? 'all' : 'some';
  const values: Record<string, Value> = {
    subject: subjectOf(series, group),
    amount: amount(series.unit, threshold),
    count: count(above),
    total: count(series.times.length),
    observed: count(observed),
  };
  if (unobserved === 0) return message(`series:above.${kind}.${variant}`, values, variant === 'some' ? above : observed);
  const gaps = message(`series:gaps.${kind}`, { count: count(unobserved) }, unobserved);
  // English says "both" and "neither" of two, which a plural by count cannot choose.
  if (observed === 2 && variant !== 'some')
    return message(`series:above.${kind}.${variant === 'all' ? 'allGapsBoth' : 'noneGapsNeither'}`, {
      ...values,
      gaps: { kind: 'message', message: gaps },
    });
  return message(
    `series:above.${kind}.${variant}Gaps`,
    { ...values, gaps: { kind: 'message', message: gaps } },
    variant === 'some' ? above : observed,
  );
}

export function spanSentence(series: SeriesFacts, group: SeriesGroup): Message | undefined {
  const { start, stop } = group;
  if (start === undefined && stop === undefined) return undefined;
  const kind = plural(series.granularity);
  const values: Record<string, Value> = {
    subject: subjectOf(series, group),
    ...(start === undefined ? {} : { start: timeValue(series.granularity, start) }),
    ...(stop === undefined ? {} : { stop: timeValue(series.granularity, stop) }),
  };
  const variant = start === undefined ? 'stopped' : stop === undefined ? 'started' : start === stop ? 'once' : 'both';
  return message(`series:span.${kind}.${variant}`, values);
}
