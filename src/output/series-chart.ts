/** The Vega-Lite spec of a time series: a line per group, broken where nothing was observed, and each peak marked. */
import type { LocalizedChart } from '../localize/localize.js';
import type { LocalizedSeriesData } from '../localize/series-chart.js';
import { countAxis, type VegaLiteSpec } from './charts.js';

const LINE_COLOUR = '#1c5d99';

export function seriesSpec(chart: LocalizedChart & LocalizedSeriesData): VegaLiteSpec {
  const legend = chart.groupOrder.length > 1;
  const values = chart.points.flatMap((p) => (p.value === null ? [] : [p.value]));
  const timeUnit = chart.granularity === 'day' ? 'utcyearmonthdate' : 'utcyearmonth';
  const encoding = {
    x: {
      field: 'time',
      type: 'temporal',
      timeUnit,
      title: chart.axes.x,
      axis: { format: chart.timeFormat, labelAngle: 0, tickCount: timeTicks(chart) },
    },
    y: { field: 'value', type: 'quantitative', title: chart.axes.y, ...countAxis(chart, values, 5) },
    color: legend
      ? { field: 'group', type: 'nominal', title: chart.axes.legend, scale: { domain: chart.groupOrder } }
      : { value: LINE_COLOUR },
  };
  return {
    width: 480,
    height: 240,
    encoding,
    layer: [
      // A day without an observation is a null, and the line breaks there: never drawn as zero, never bridged.
      { data: { values: chart.points }, mark: { type: 'line', invalid: 'break-paths-show-domains', strokeWidth: 1.5 } },
      { data: { values: chart.isolated }, mark: { type: 'point', filled: true, size: 16, opacity: 1 } },
      { data: { values: chart.peaks }, mark: { type: 'point', filled: true, size: 48, opacity: 1 } },
      {
        data: { values: chart.peaks },
        mark: { type: 'text', dy: -10, fontSize: 11 },
        encoding: { text: { field: 'label', type: 'nominal' } },
      },
    ],
  };
}

/**
 * Ticks few enough for their labels to stand apart at the chart's width, in
 * every language ("4月10日" is wider than vega's estimate of it): a quarter's
 * days every two weeks, a year's days every month, months every other month
 * past six.
 */
function timeTicks(chart: LocalizedSeriesData): { interval: 'week' | 'month'; step: number } | undefined {
  const times = new Set(chart.points.map((p) => p.time)).size;
  if (chart.granularity === 'day') return times <= 100 ? { interval: 'week', step: 2 } : { interval: 'month', step: times <= 200 ? 1 : 2 };
  return times > 6 ? { interval: 'month', step: 2 } : { interval: 'month', step: 1 };
}
