/** The numbered elements of a post, as locale-free nodes. */
import type { Facts } from '../analysis/index.js';
import type { Dataset, Region } from '../dataset/schema.js';
import { previousYearMonth } from '../dataset/period.js';
import type { ChartFigure, DataTable, Message, Value } from './nodes.js';

const message = (key: string, values: Record<string, Value> = {}): Value => ({ kind: 'message', message: { key, values } });

export function sourceCountryTable(id: string, number: number, caption: string, facts: Facts): DataTable {
  const source = facts.sourceCountry!;
  return {
    type: 'dataTable',
    id,
    number,
    caption: { key: caption, values: { country: { kind: 'country', code: source.country }, limit: { kind: 'count', value: facts.limits.sourceLimit } } },
    columns: [
      { header: message('common:tables.rank'), align: 'right' },
      { header: message('common:tables.entry'), align: 'left' },
    ],
    rows: source.top.map((entry) => [{ kind: 'number', value: entry.rank }, { kind: 'text', text: entry.key }]),
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
      ...ranks.map((rank) => ({ header: message('common:tables.rankColumn', { rank: { kind: 'number', value: rank } }), align: 'left' as const })),
    ],
    rows: facts.sensors.map(({ sensor, top }) => [
      { kind: 'sensor', sensor } as Value,
      ...ranks.map((rank): Value | undefined => {
        const here = top.filter((entry) => entry.rank === rank);
        if (here.length === 0) return undefined;
        // Tied entries share their rank's cell; the ranks they push down stay empty.
        return here.length === 1 ? { kind: 'text', text: here[0]!.key } : { kind: 'list', items: here.map((e) => ({ kind: 'text', text: e.key }) as Value) };
      }),
    ]),
  };
}

export function dailyAveragesChart(id: string, number: number, caption: string, region: Region, facts: Facts, dataset: Dataset): ChartFigure {
  const averages = new Map(dataset.dailyAverages.filter((row) => row.region === region).map((row) => [row.month, row.packets]));
  const points: ChartFigure['chart']['series']['points'] = [];
  const pointsText: Value[] = [];
  for (const month of facts.months) {
    const earlier = previousYearMonth(month);
    const current = averages.get(month)!;
    const previous = averages.get(earlier);
    if (previous !== undefined) points.push({ month, year: facts.period.year - 1, packets: previous });
    points.push({ month, year: facts.period.year, packets: current });
    const values: Record<string, Value> = { month: { kind: 'month', month }, current: { kind: 'number', value: current, style: 'decimal' } };
    if (previous !== undefined) values.previous = { kind: 'number', value: previous, style: 'decimal' };
    pointsText.push(message(previous === undefined ? 'common:charts.dailyAverages.point' : 'common:charts.dailyAverages.pointWithPrevious', values));
  }
  const years = [...new Set(points.map((p) => p.year))].sort();
  const description: Message = {
    key: years.length > 1 ? 'common:charts.dailyAverages.descriptionWithPrevious' : 'common:charts.dailyAverages.description',
    values: {
      region: { kind: 'region', region },
      year: { kind: 'year', year: facts.period.year },
      previousYear: { kind: 'year', year: facts.period.year - 1 },
      points: { kind: 'list', items: pointsText },
    },
  };
  return {
    type: 'chartFigure',
    id,
    number,
    caption: { key: caption, values: { region: { kind: 'region', region } } },
    description,
    chart: { kind: 'daily-averages', region, months: facts.months, series: { years, points } },
  };
}
