/** A time series chart in one language: group names, axis titles, date formats and peak labels. */
import type { SeriesChartData } from '../document/series-elements.js';
import type { Translator } from './translator.js';

export interface LocalizedSeriesData {
  kind: 'series';
  granularity: SeriesChartData['granularity'];
  /** Every day (month) of every group; `value` null where nothing was observed. */
  points: { time: string; group: string; value: number | null }[];
  /** Observed points with no observed neighbour: a line cannot show them, a dot does. */
  isolated: { time: string; group: string; value: number }[];
  /** Each group's peak (every tied time), `label` the value in the language's digits on the first. */
  peaks: { time: string; group: string; value: number; label: string }[];
  groupOrder: string[];
  /** A d3-time-format specifier for the time axis, in the language's way of writing dates. */
  timeFormat: string;
}

/** A month as the first day of it, so that both granularities share one temporal axis. */
const asDate = (time: string): string => (time.length === 7 ? `${time}-01` : time);

export function localizeSeriesChart(
  data: SeriesChartData,
  t: Translator,
): { axes: { x: string; y: string; legend: string }; series: LocalizedSeriesData } {
  const word = (key: string) => t.plain({ key, values: {} });
  const groupName = (name: string | undefined) => name ?? '';
  const points = data.groups.flatMap((g) =>
    data.times.map((time, i) => ({ time: asDate(time), group: groupName(g.name), value: g.values[i]! })),
  );
  const isolated = data.groups.flatMap((g) =>
    data.times.flatMap((time, i) => {
      const value = g.values[i];
      if (value === null || value === undefined || (g.values[i - 1] ?? null) !== null || (g.values[i + 1] ?? null) !== null) return [];
      return [{ time: asDate(time), group: groupName(g.name), value }];
    }),
  );
  const peaks = data.groups.flatMap((g) =>
    (g.peak?.times ?? []).map((time, i) => ({
      time: asDate(time),
      group: groupName(g.name),
      value: g.peak!.value,
      label: i === 0 ? t.formats.number(g.peak!.value, 'decimal') : '',
    })),
  );
  const kind = data.granularity === 'day' ? 'days' : 'months';
  return {
    axes: { x: word(`series:chart.x.${kind}`), y: word(`series:chart.y.${data.unit}`), legend: word('series:chart.legend') },
    series: {
      kind: 'series',
      granularity: data.granularity,
      points,
      isolated,
      peaks,
      groupOrder: data.groups.map((g) => groupName(g.name)),
      timeFormat: word(`series:chart.format.${kind}`),
    },
  };
}
