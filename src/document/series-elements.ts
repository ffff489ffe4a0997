/**
 * The chart of a time series: one line per group over every day (month) of
 * the period, gaps as nulls (never zeros), each group's peak, and an alt text
 * that states the peak and the change of each group.
 */
import type { Granularity, SeriesFacts } from '../analysis/index.js';
import type { ChartFigure, Message } from './nodes.js';
import { changeSentence, joinSentences, noChangeSentence, peakSentence, seriesName } from './series-words.js';

export interface SeriesChartData {
  kind: 'series';
  granularity: Granularity;
  unit: SeriesFacts['unit'];
  /** Every day (month) of the period, in order. */
  times: string[];
  groups: {
    /** Undefined when the series' points name no group. */
    name?: string;
    /** One per time; null where nothing was observed. */
    values: (number | null)[];
    /** Where to mark the peak; none when every value is zero. */
    peak?: { value: number; times: string[] };
  }[];
}

export function seriesChart(id: string, number: number, caption: string, series: SeriesFacts): ChartFigure {
  const sentences = series.groups.flatMap((group): Message[] => [
    peakSentence(series, group),
    ...(group.change ? [changeSentence(series, group)].filter((m): m is Message => m !== undefined) : [noChangeSentence(series, group)]),
  ]);
  return {
    type: 'chartFigure',
    id,
    number,
    caption: { key: caption, values: { series: seriesName(series) } },
    description: {
      key: `series:chart.description.${series.granularity === 'day' ? 'days' : 'months'}`,
      values: { series: seriesName(series), sentences: { kind: 'message', message: joinSentences(sentences)! } },
    },
    chart: {
      kind: 'series',
      granularity: series.granularity,
      unit: series.unit,
      times: series.times,
      groups: series.groups.map((group) => {
        const observed = new Map(group.points.map((p) => [p.time, p.value]));
        return {
          ...(group.name === undefined ? {} : { name: group.name }),
          values: series.times.map((time) => observed.get(time) ?? null),
          ...(group.peak.value > 0 ? { peak: group.peak } : {}),
        };
      }),
    },
  };
}
