/** Localized chart descriptions → Vega-Lite v6 specs, data inline. */
import { nice, ticks } from 'd3-array';
import type { LocalizedChart } from '../localize/localize.js';
import { seriesSpec } from './series-chart.js';

export const VEGA_LITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** Year-earlier bars, then the quarter's: distinct in hue and lightness. */
const YEAR_COLOURS = ['#a6bddb', '#1c5d99'];
const BAR_COLOUR = '#1c5d99';

/** Least room between two labels of an axis or legend, in pixels. */
const LABEL_GAP = 4;
/** Width of a sensor's column in the rank heatmap. */
const HEATMAP_STEP = 104;

export type VegaLiteSpec = Record<string, unknown>;

/**
 * A count axis from zero with ticks we choose, so that their labels can be the language's own
 * (800K, 80万: d3-format knows only SI prefixes) while the spec stays plain Vega-Lite.
 */
export function countAxis(chart: LocalizedChart, counts: readonly number[], tickCount: number, exactTop = false) {
  // A rounded top, unless the top itself means something (every sensor): then the axis ends there.
  const [, top] = exactTop ? [0, Math.max(1, ...counts)] : nice(0, Math.max(0, ...counts) || 1, tickCount);
  const rounded = ticks(0, top, tickCount);
  // The end of an exact axis is labelled too (31 sensors), unless a tick stands close to it.
  const values = exactTop && top - rounded.at(-1)! >= top * 0.15 ? [...rounded, top] : rounded;
  const labels = chart.tickLabels(values);
  const table = `{${values.map((value, i) => `${expressionString(String(value))}:${expressionString(labels[i]!)}`).join(',')}}`;
  return { scale: { domain: [0, top], nice: false }, axis: { values, labelExpr: `${table}[datum.value]` } };
}

/** A string literal for a Vega expression, every character outside ASCII escaped. */
function expressionString(text: string): string {
  return JSON.stringify(text).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** One horizontal bar per entry, in the order given, as long as its `field`; the axis reaches past `counts`. */
function entryBars(
  chart: LocalizedChart,
  bars: readonly { entry: string }[],
  field: string,
  counts: readonly number[],
  exactTop = false,
): VegaLiteSpec {
  return {
    width: 360,
    height: { step: 24 },
    data: { values: bars },
    mark: { type: 'bar', tooltip: true, color: BAR_COLOUR },
    encoding: {
      // The order as the scale's domain, not a sort array (see the heat map).
      y: { field: 'entry', type: 'nominal', scale: { domain: bars.map((b) => b.entry) }, title: chart.axes.y },
      x: { field, type: 'quantitative', title: chart.axes.x, ...countAxis(chart, counts, 4, exactTop) },
    },
  };
}

export function chartSpec(chart: LocalizedChart): VegaLiteSpec {
  const common = {
    $schema: VEGA_LITE_SCHEMA,
    title: chart.title,
    description: chart.description,
    // CJK fonts are taller than vega's spacing assumes (ascent + descent near 1.45 em):
    // more room between labels and titles, and between legend rows, keeps their boxes apart.
    // Labels closer than labelSeparation are dropped by vega rather than drawn touching.
    config: {
      locale: chart.locale,
      font: chart.font,
      axis: { titlePadding: 10, labelPadding: 4, labelOverlap: true, labelSeparation: LABEL_GAP },
      legend: { rowPadding: 8, labelOverlap: true, labelSeparation: LABEL_GAP },
    },
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
          x: {
            field: 'date',
            type: 'ordinal',
            timeUnit: 'utcmonth',
            title: chart.axes.x,
            axis: { format: '%B', labelAngle: 0 },
            ...(chart.monthOrder ? { sort: chart.monthOrder.map((month) => ({ month, utc: true })) } : {}),
          },
          xOffset: { field: 'year', type: 'nominal', sort: chart.yearOrder },
          y: {
            field: 'packets',
            type: 'quantitative',
            title: chart.axes.y,
            ...countAxis(
              chart,
              chart.points.map((p) => p.packets),
              5,
            ),
          },
          color: {
            field: 'year',
            type: 'nominal',
            sort: chart.yearOrder,
            title: chart.axes.legend,
            scale: { domain: chart.yearOrder, range: YEAR_COLOURS.slice(-chart.yearOrder.length) },
          },
        },
      };
    case 'series':
      return { ...common, ...seriesSpec(chart) };
    case 'source-top':
      return {
        ...common,
        ...entryBars(
          chart,
          chart.bars,
          'packets',
          chart.bars.map((b) => b.packets),
        ),
      };
    case 'custom': {
      const { config, ...view } = customView(chart);
      return { ...common, ...view, config: { ...common.config, ...config, locale: chart.locale, font: chart.font } };
    }
    case 'entry-spread':
      // Out of every sensor: a bar as long as the axis is an entry all of them rank.
      return { ...common, ...entryBars(chart, chart.bars, 'sensors', [chart.sensorCount], true) };
    case 'rank-heatmap':
      return {
        ...common,
        width: { step: HEATMAP_STEP },
        height: { step: 20 },
        data: { values: chart.cells },
        encoding: {
          // Every sensor gets its column, one that ranked nothing too: the text counts it.
          // Orders given as the scales' domains, which stay data: a sort array would be compiled into one
          // expression, which overflows the stack at a thousand sensors and cannot hold U+2028 in a label.
          x: {
            field: 'sensor',
            type: 'nominal',
            scale: { domain: chart.sensorOrder },
            title: chart.axes.x,
            axis: { labelAngle: 0, orient: 'top', labelLimit: HEATMAP_STEP - LABEL_GAP },
          },
          y: { field: 'entry', type: 'nominal', scale: { domain: chart.entryOrder }, title: chart.axes.y },
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
                legend: { values: [...new Set([1, Math.ceil(chart.limit / 2), chart.limit])], format: 'd' },
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

/**
 * A custom block's view with its data inline and its channels' titles in the language. Its own config is laid over
 * the tool's, but for the locale and the font, which every chart of a post shares.
 */
function customView(chart: Extract<LocalizedChart, { kind: 'custom' }>): Record<string, unknown> & { config?: Record<string, unknown> } {
  // Every encoding of the view, its layers' too, takes the channels' titles in the language.
  const titled = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(titled);
    if (typeof node !== 'object' || node === null) return node;
    return Object.fromEntries(
      Object.entries(node).map(([key, value]) => [
        key,
        key === 'encoding' && typeof value === 'object' && value !== null
          ? Object.fromEntries(
              Object.entries(value).map(([channel, definition]) => [
                channel,
                Object.hasOwn(chart.titles, channel) && typeof definition === 'object' && definition !== null
                  ? { ...definition, title: chart.titles[channel] }
                  : titled(definition),
              ]),
            )
          : titled(value),
      ]),
    );
  };
  return { width: 360, height: 220, ...(titled(chart.view) as Record<string, unknown>), data: { values: chart.rows } };
}
