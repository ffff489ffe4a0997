/** Localized chart descriptions → Vega-Lite v6 specs, data inline. */
import type { LocalizedChart } from '../localize/localize.js';

export const VEGA_LITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** Year-earlier bars, then the quarter's: distinct in hue and lightness. */
const YEAR_COLOURS = ['#a6bddb', '#1c5d99'];
const BAR_COLOUR = '#1c5d99';

export type VegaLiteSpec = Record<string, unknown>;

export function chartSpec(chart: LocalizedChart): VegaLiteSpec {
  const common = {
    $schema: VEGA_LITE_SCHEMA,
    title: chart.title,
    description: chart.description,
    // CJK fonts are taller than vega's spacing assumes (ascent + descent near 1.45 em):
    // more room between labels and titles, and between legend rows, keeps their boxes apart.
    config: { locale: chart.locale, font: chart.font, axis: { titlePadding: 10, labelPadding: 4 }, legend: { rowPadding: 8 } },
  };
  switch (chart.kind) {
    case 'daily-averages':
      return {
        ...common,
        width: 360,
        height: 220,
        data: { values: chart.points },
        mark: { type: 'bar', tooltip: true },
        encoding: {
          x: { field: 'date', type: 'ordinal', timeUnit: 'utcmonth', title: chart.axes.x, axis: { format: '%B', labelAngle: 0 } },
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
      };
    case 'source-top':
      return {
        ...common,
        width: 360,
        height: { step: 24 },
        data: { values: chart.bars },
        mark: { type: 'bar', tooltip: true, color: BAR_COLOUR },
        encoding: {
          y: { field: 'entry', type: 'nominal', sort: chart.bars.map((b) => b.entry), title: chart.axes.y },
          x: { field: 'packets', type: 'quantitative', title: chart.axes.x, axis: { format: ',.0f', tickCount: 4 } },
        },
      };
    case 'rank-heatmap':
      return {
        ...common,
        width: { step: 104 },
        height: { step: 20 },
        data: { values: chart.cells },
        encoding: {
          x: { field: 'sensor', type: 'nominal', sort: chart.sensorOrder, title: chart.axes.x, axis: { labelAngle: 0, orient: 'top' } },
          y: { field: 'entry', type: 'nominal', sort: chart.entryOrder, title: chart.axes.y },
        },
        layer: [
          {
            mark: { type: 'rect', tooltip: true },
            encoding: {
              color: {
                field: 'rank',
                type: 'quantitative',
                title: chart.axes.legend,
                scale: { scheme: 'blues', reverse: true, domain: [1, chart.limit] },
                legend: { tickMinStep: 1, format: 'd' },
              },
            },
          },
          {
            mark: { type: 'text', fontSize: 10 },
            encoding: {
              text: { field: 'rank', type: 'quantitative' },
              color: { condition: { test: `datum.rank <= ${Math.ceil(chart.limit / 2)}`, value: 'white' }, value: 'black' },
            },
          },
        ],
      };
  }
}
