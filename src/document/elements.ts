/** The numbered elements of a post, as locale-free nodes. */
import type { Facts } from '../analysis/index.js';
import type { Dataset, Region } from '../dataset/schema.js';
import { earlierPeriod, periodYear, previousYearMonth } from '../dataset/period.js';
import { periodShortName } from './total-facts.js';
import type { ChartFigure, ChartSeries, DataTable, Message, Value } from './nodes.js';

const message = (key: string, values: Record<string, Value> = {}): Value => ({ kind: 'message', message: { key, values } });

export function sourceCountryTable(id: string, number: number, caption: string, facts: Facts): DataTable {
  const source = facts.sourceCountry!;
  return {
    type: 'dataTable',
    id,
    number,
    caption: {
      key: caption,
      values: {
        country: { kind: 'country', code: source.country, inText: true },
        limit: { kind: 'count', value: facts.limits.sourceLimit },
      },
    },
    columns: [
      { header: message('common:tables.rank'), align: 'right' },
      { header: message('common:tables.entry'), align: 'left' },
    ],
    rows: source.top.map((entry) => [
      { kind: 'number', value: entry.rank },
      { kind: 'text', text: entry.key },
    ]),
  };
}

export function sensorTable(id: string, number: number, caption: string, facts: Facts): DataTable {
  const limit = facts.limits.sensorLimit;
  const ranks = Array.from({ length: limit }, (_, i) => i + 1);
  return {
    type: 'dataTable',
    id,
    number,
    caption: { key: caption, values: { limit: { kind: 'count', value: limit } } },
    columns: [
      { header: message('common:tables.sensor'), align: 'left' },
      ...ranks.map((rank) => ({
        header: message('common:tables.rankColumn', { rank: { kind: 'number', value: rank } }),
        align: 'left' as const,
      })),
    ],
    rows: facts.sensors.map(({ sensor, top, complete }) => [
      // A list known only in part says so beside the sensor's name: what it lacks may rank among these.
      complete ? ({ kind: 'sensor', sensor } as Value) : message('common:tables.partialList', { sensor: { kind: 'sensor', sensor } }),
      ...ranks.map((rank): Value | undefined => {
        const here = top.filter((entry) => entry.rank === rank);
        if (here.length === 0) return undefined;
        // Tied entries share their rank's cell; the ranks they push down stay empty.
        return here.length === 1
          ? { kind: 'text', text: here[0]!.key }
          : { kind: 'list', items: here.map((e) => ({ kind: 'text', text: e.key }) as Value) };
      }),
    ]),
  };
}

export function dailyAveragesChart(
  id: string,
  number: number,
  caption: string,
  region: Region,
  facts: Facts,
  dataset: Dataset,
): ChartFigure {
  const averages = new Map(dataset.dailyAverages.filter((row) => row.region === region).map((row) => [row.month, row.packets]));
  const points: ChartSeries['points'] = [];
  const pointsText: Value[] = [];
  for (const month of facts.months) {
    const earlier = previousYearMonth(month);
    const current = averages.get(month)!;
    const previous = averages.get(earlier);
    if (previous !== undefined) points.push({ month, year: periodYear(facts.period) - 1, packets: previous });
    points.push({ month, year: periodYear(facts.period), packets: current });
    // Every digit the data has: the sentences compare the values themselves, and 100.04 written "100" beside
    // "overseas sensors took in more in November" would read as a contradiction.
    const values: Record<string, Value> = { month: { kind: 'month', month }, current: { kind: 'number', value: current, style: 'exact' } };
    if (previous !== undefined) values.previous = { kind: 'number', value: previous, style: 'exact' };
    pointsText.push(
      message(previous === undefined ? 'common:charts.dailyAverages.point' : 'common:charts.dailyAverages.pointWithPrevious', values),
    );
  }
  const years = [...new Set(points.map((p) => p.year))].sort();
  const withPrevious = points.filter((p) => p.year !== periodYear(facts.period)).length;
  // A fiscal year's months are not those of the calendar year it is named by: it is named as a fiscal year.
  const fiscal = 'fiscalYear' in facts.period;
  const variant =
    withPrevious === 0 ? 'description' : withPrevious === facts.months.length ? 'descriptionWithPrevious' : 'descriptionWithSomePrevious';
  const description: Message = {
    key: `${fiscal ? 'years' : 'common'}:charts.dailyAverages.${variant}`,
    values: {
      region: { kind: 'region', region },
      ...(fiscal
        ? { period: periodShortName(facts.period), previousPeriod: periodShortName(earlierPeriod(facts.period, 'year')) }
        : {
            year: { kind: 'year', year: periodYear(facts.period) } as Value,
            previousYear: { kind: 'year', year: periodYear(facts.period) - 1 } as Value,
          }),
      points: { kind: 'list', items: pointsText },
    },
  };
  return {
    type: 'chartFigure',
    id,
    number,
    caption: { key: caption, values: { region: { kind: 'region', region } } },
    description,
    chart: { kind: 'daily-averages', region, months: facts.months, series: { years, points, ...(fiscal ? { fiscal } : {}) } },
  };
}

export function sourceTopChart(id: string, number: number, caption: string, facts: Facts): ChartFigure {
  const source = facts.sourceCountry!;
  const country: Value = { kind: 'country', code: source.country, inText: true };
  // Drawn only when the list counts packets (the chart needs sourceCountryPackets).
  const points = source.top.map((e) =>
    message('common:charts.sourceTop.point', { entry: { kind: 'text', text: e.key }, packets: { kind: 'number', value: e.packets ?? 0 } }),
  );
  return {
    type: 'chartFigure',
    id,
    number,
    caption: { key: caption, values: { country, limit: { kind: 'count', value: facts.limits.sourceLimit } } },
    description: { key: 'common:charts.sourceTop.description', values: { country, points: { kind: 'list', items: points } } },
    chart: { kind: 'source-top', bars: source.top.map((e) => ({ key: e.key, rank: e.rank, packets: e.packets ?? 0 })) },
  };
}

export function rankHeatmap(id: string, number: number, caption: string, facts: Facts): ChartFigure {
  const rankSums = new Map<string, number>();
  const cells: { sensorId: string; key: string; rank: number }[] = [];
  for (const { sensor, top } of facts.sensors) {
    for (const entry of top) {
      cells.push({ sensorId: sensor.id, key: entry.key, rank: entry.rank });
      // An entry a sensor lacks counts as one rank past the limit, so widely seen entries come first.
      rankSums.set(entry.key, (rankSums.get(entry.key) ?? 0) + entry.rank - (facts.limits.sensorLimit + 1));
    }
  }
  const entryOrder = [...rankSums.keys()].sort((a, b) => rankSums.get(a)! - rankSums.get(b)! || (a < b ? -1 : 1));
  const limit: Value = { kind: 'count', value: facts.limits.sensorLimit };
  // Full rows are the entries every sensor ranks, whether or not its list is complete: the picture shows them.
  const common = facts.entrySpread
    .filter((e) => e.sensorIds.length === facts.sensors.length)
    .map((e) => ({ kind: 'text', text: e.key }) as Value);
  return {
    type: 'chartFigure',
    id,
    number,
    caption: { key: caption, values: { limit } },
    description: {
      key:
        facts.sensors.length === 1
          ? 'common:charts.rankHeatmap.descriptionOneSensor'
          : common.length > 0
            ? 'common:charts.rankHeatmap.descriptionWithCommon'
            : 'common:charts.rankHeatmap.description',
      values: {
        limit,
        entryCount: { kind: 'count', value: entryOrder.length },
        sensorCount: { kind: 'count', value: facts.sensors.length },
        common: { kind: 'list', items: common },
      },
      // "The row of 23/TCP is full", "The rows of … are full".
      ...(common.length > 0 && facts.sensors.length > 1 ? { count: common.length } : {}),
    },
    chart: { kind: 'rank-heatmap', limit: facts.limits.sensorLimit, sensors: facts.sensors.map((s) => s.sensor), entryOrder, cells },
  };
}

/** The most widespread entries a spread chart shows: a bar each, more when tied with the last, up to the most. */
export const SPREAD_BARS = 20;
export const SPREAD_MAX_BARS = 30;

/**
 * The entries a spread chart shows, a tie never cut in half: the first
 * SPREAD_BARS with every entry tied with the last, or, when that tie would
 * take more than SPREAD_MAX_BARS, only the entries ahead of it. When every
 * entry shown would be of that one tie, the first of it are shown, said so.
 */
function spreadShown<T extends { sensorIds: readonly string[] }>(all: readonly T[]): { shown: T[]; tiedCount?: number } {
  if (all.length <= SPREAD_BARS) return { shown: [...all] };
  const boundary = all[SPREAD_BARS - 1]!.sensorIds.length;
  const withTies = all.filter((e) => e.sensorIds.length >= boundary);
  if (withTies.length <= SPREAD_MAX_BARS) return { shown: withTies };
  const ahead = all.filter((e) => e.sensorIds.length > boundary);
  if (ahead.length > 0) return { shown: ahead };
  return { shown: all.slice(0, SPREAD_BARS), tiedCount: withTies.length };
}

/**
 * For many sensors: the entries most sensors rank, a bar each, as long as the
 * number of sensors that have the entry in their top list.
 */
export function entrySpreadChart(id: string, number: number, caption: string, facts: Facts): ChartFigure {
  const { shown, tiedCount } = spreadShown(facts.entrySpread);
  const limit: Value = { kind: 'count', value: facts.limits.sensorLimit };
  const points = shown.map((e) =>
    message('common:charts.entrySpread.point', {
      entry: { kind: 'text', text: e.key },
      sensors: { kind: 'number', value: e.sensorIds.length },
    }),
  );
  return {
    type: 'chartFigure',
    id,
    number,
    caption: { key: caption, values: { limit } },
    description: {
      key: tiedCount === undefined ? 'common:charts.entrySpread.description' : 'common:charts.entrySpread.descriptionTied',
      values: {
        limit,
        entryCount: { kind: 'count', value: shown.length },
        sensorCount: { kind: 'count', value: facts.sensors.length },
        points: { kind: 'list', items: points },
        ...(tiedCount === undefined
          ? {}
          : { tiedCount: { kind: 'count', value: tiedCount }, sensors: { kind: 'number', value: shown[0]!.sensorIds.length } }),
      },
      // "each ranked by one sensor", "by 2 sensors"
      ...(tiedCount === undefined ? {} : { count: shown[0]!.sensorIds.length }),
    },
    chart: {
      kind: 'entry-spread',
      sensorCount: facts.sensors.length,
      bars: shown.map((e) => ({ key: e.key, sensors: e.sensorIds.length })),
    },
  };
}
