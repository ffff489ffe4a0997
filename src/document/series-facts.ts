/**
 * The facts of time series (`::fact{name=series-… series=<id> group=…}`):
 * without `series`, one sentence for each series of the dataset; without
 * `group`, every group of it. Each returns the numbers its sentence rests on.
 */
import { daysAbove, type Facts, type SeriesFacts, type SeriesGroup } from '../analysis/index.js';
import type { DataNeed } from './directives.js';
import { num, row, type EvidenceRow, type FactDefinition, type FactResult } from './fact-types.js';
import type { Message } from './nodes.js';
import { changeSentence, changeWord, forSeries, joinSentences, peakSentence, spanSentence, thresholdSentence } from './series-words.js';

type Attributes = Readonly<Record<string, string>>;

const THRESHOLD = /^\d+(\.\d+)?$/;

const seriesAttributes = { series: { type: 'id' as const }, group: {} };
const needs = (attributes: Attributes): DataNeed[] => [attributes.series ? `series:${attributes.series}` : 'series'];

/** The series and groups a fact speaks of: those the attributes name that the data has. */
function selected(facts: Facts, attributes: Attributes): { series: SeriesFacts; groups: SeriesGroup[] }[] {
  return facts.series
    .filter((s) => attributes.series === undefined || s.id === attributes.series)
    .map((series) => ({
      series,
      groups: series.groups.filter((g) => attributes.group === undefined || g.name === attributes.group.normalize('NFC')),
    }));
}

const groupLabel = (series: SeriesFacts, group: SeriesGroup): string =>
  group.name === undefined ? series.id : `${series.id} / ${group.name}`;
const times = (list: readonly string[]): string =>
  list.length > 6 ? `${list.slice(0, 6).join(', ')} and ${list.length - 6} more` : list.join(', ');

/** What every series fact says first of each group: what was observed. */
function observedRow(series: SeriesFacts, group: SeriesGroup): EvidenceRow {
  const unit = series.granularity === 'day' ? 'days' : 'months';
  return row(
    `${groupLabel(series, group)} observed`,
    `${group.points.length} of ${series.times.length} ${unit} (${series.times.length - group.points.length} not observed)`,
  );
}

/** The sentence of each group of each series, with the evidence; `missing` says why a group has none. */
function explainGroups(
  facts: Facts,
  attributes: Attributes,
  sentence: (series: SeriesFacts, group: SeriesGroup) => { message?: Message; evidence: EvidenceRow[] },
): FactResult {
  const evidence: EvidenceRow[] = [];
  const messages: Message[] = [];
  for (const { series, groups } of selected(facts, attributes)) {
    if (groups.length === 0)
      evidence.push(row(series.id, attributes.group === undefined ? 'no points' : `no group ${JSON.stringify(attributes.group)}`));
    const sentences: Message[] = [];
    for (const group of groups) {
      const result = sentence(series, group);
      evidence.push(observedRow(series, group), ...result.evidence);
      if (result.message) sentences.push(result.message);
    }
    const message = forSeries(series, sentences);
    if (message) messages.push(message);
  }
  const message = joinSentences(messages);
  return { ...(message ? { message } : {}), evidence };
}

export const SERIES_FACTS: Record<string, FactDefinition> = {
  'series-peak': {
    attributes: seriesAttributes,
    summary: 'the highest value of each group of a time series, and the days (months) it was reached',
    needs,
    explain: (facts, attributes) =>
      explainGroups(facts, attributes, (series, group) => ({
        message: peakSentence(series, group),
        evidence: [
          row(
            `${groupLabel(series, group)} peak`,
            group.peak.value === 0 ? 'every observed value is zero' : `${num(group.peak.value)} on ${times(group.peak.times)}`,
          ),
        ],
      })),
  },
  'series-change': {
    attributes: seriesAttributes,
    summary: 'how each group of a time series changed from the first to the last month of the period',
    needs,
    explain: (facts, attributes) =>
      explainGroups(facts, attributes, (series, group) => {
        const change = group.change;
        const label = `${groupLabel(series, group)} change`;
        if (!change) return { evidence: [row(label, `not said: the first or the last month of the period has no observation`)] };
        const words = changeWord(change);
        const per = series.granularity === 'day' ? ' per observed day' : '';
        const message = changeSentence(series, group);
        return {
          ...(message ? { message } : {}),
          evidence: [
            row(`${label} ${change.firstMonth}`, `${num(change.first)}${per} (${change.firstObserved} observed)`),
            row(`${label} ${change.lastMonth}`, `${num(change.last)}${per} (${change.lastObserved} observed)`),
            words
              ? row(
                  label,
                  `${words.word}${words.percent === undefined ? '' : ` ${words.percent}%`}${change.first > 0 ? ` (exactly ${num(((change.last - change.first) / change.first) * 100)}%)` : ''}`,
                )
              : row(label, 'not said: the percent is too large to be written as a number'),
          ],
        };
      }),
  },
  'series-threshold': {
    attributes: { ...seriesAttributes, above: { required: true } },
    summary: 'on how many observed days (months) each group of a time series was above a value',
    needs,
    check: (attributes) =>
      attributes.above === undefined || THRESHOLD.test(attributes.above)
        ? []
        : [`expected above to be a number of 0 or more, such as 1000 or 2.5, found "${attributes.above}"`],
    explain: (facts, attributes) => {
      const threshold = Number(attributes.above);
      return explainGroups(facts, attributes, (series, group) => {
        const above = daysAbove(group, threshold);
        return {
          message: thresholdSentence(series, group, threshold, above.length),
          evidence: [
            row(
              `${groupLabel(series, group)} above ${num(threshold)}`,
              `${above.length} of ${group.points.length} observed${above.length > 0 ? `: ${times(above.map((p) => p.time))}` : ''}`,
            ),
          ],
        };
      });
    },
  },
  'series-span': {
    attributes: seriesAttributes,
    summary: 'the day (month) a group of a time series started or stopped, where the data shows it',
    needs,
    explain: (facts, attributes) =>
      explainGroups(facts, attributes, (series, group) => {
        const message = spanSentence(series, group);
        const show = (time: string | undefined, why: string) => time ?? `not shown by the data (${why})`;
        return {
          ...(message ? { message } : {}),
          evidence: [
            row(
              `${groupLabel(series, group)} started`,
              show(group.start, 'a day before the first non-zero value is unobserved, or there is none before it'),
            ),
            row(
              `${groupLabel(series, group)} stopped`,
              show(group.stop, 'a day after the last non-zero value is unobserved, or there is none after it'),
            ),
          ],
        };
      }),
  },
};
