/** Localized chart descriptions → Vega-Lite v6 specs, data inline. */
import type { LocalizedChart } from '../localize/localize.js';

export const VEGA_LITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** Colours for the year-earlier bars and the quarter's bars: distinct in hue and lightness. */
const YEAR_COLOURS = ['#a6bddb', '#1c5d99'];

export type VegaLiteSpec = Record<string, unknown>;

export function chartSpec(chart: LocalizedChart): VegaLiteSpec {
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: chart.title,
    description: chart.description,
    width: 360,
    height: 220,
    data: { values: chart.points },
    mark: { type: 'bar', tooltip: true },
    encoding: {
      x: {
        field: 'date',
        type: 'ordinal',
        timeUnit: 'utcmonth',
        title: chart.axes.x,
        axis: { format: '%B', labelAngle: 0 },
      },
      xOffset: { field: 'year', type: 'nominal', sort: chart.yearOrder },
      y: { field: 'packets', type: 'quantitative', title: chart.axes.y, axis: { format: ',.0f' } },
      color: {
        field: 'year',
        type: 'nominal',
        sort: chart.yearOrder,
        title: chart.axes.legend,
        scale: { domain: chart.yearOrder, range: YEAR_COLOURS.slice(-chart.yearOrder.length) },
      },
    },
    config: { locale: chart.locale },
  };
}
