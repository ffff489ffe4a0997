/**
 * The dataset from the final step's result tables: lists sorted as the contract ranks them
 * (packets descending, then protocol, then port), a list cut at the limit marked incomplete,
 * every declared category counted on every entry (the data is all there: a category an entry
 * lacks is a known zero), daily averages to one decimal.
 */
import { entryKey } from '../dataset/protocols.js';
import { REGIONS, type Category, type Region, type Sensor } from '../dataset/schema.js';
import type { Row } from './db.js';

export interface Results {
  total: Row[];
  sensorTotals: Row[];
  sensorTop: Row[];
  portRankings: Row[];
  portCategories: Row[];
  countryTop: Row[];
  countryTopCategories: Row[];
  sourceRegions: Row[];
  sourceRegionCategories: Row[];
  dailyAverages: Row[];
  series: Row[];
}

export interface AssembleInput {
  schema: string;
  period: Record<string, number>;
  sensors: Sensor[];
  /** Category ids and labels, when the data has categories. */
  categories: Record<string, Category> | undefined;
  /** The publisher's country, when its sources' list is wanted and the data can give it. */
  country: string | undefined;
  /** Whether the data says where sources are. */
  sourceCountries: boolean;
  /** Whether the data counts source addresses. */
  sourceAddresses: boolean;
  /** The months of the period, for the daily averages it must have. */
  months: string[];
}

interface PortEntry {
  protocol: string;
  port?: number;
  packets: number;
  categories?: Record<string, number>;
}

const num = (value: unknown): number => Number(value);
const portOf = (row: Row): { port?: number } => (row.port === null || row.port === undefined ? {} : { port: num(row.port) });
const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const comparePorts = (a: PortEntry, b: PortEntry): number =>
  b.packets - a.packets || byName(a.protocol, b.protocol) || (a.port ?? -1) - (b.port ?? -1);

/** `{ mirai: 120, scanner: 0 }` per entry key, every declared category present. */
function categoryCounts(rows: Row[], key: (row: Row) => string, declared: string[]): Map<string, Record<string, number>> {
  const counts = new Map<string, Record<string, number>>();
  for (const row of rows) {
    const k = key(row);
    const record = counts.get(k) ?? Object.fromEntries(declared.map((id) => [id, 0]));
    record[String(row.category)] = num(row.packets);
    counts.set(k, record);
  }
  return counts;
}

const rowKey = (row: Row): string => entryKey({ protocol: String(row.protocol), ...portOf(row) });

function portList(rows: Row[], categories?: { rows: Row[]; declared: string[] }): { entries: PortEntry[]; complete: boolean } {
  const counts = categories ? categoryCounts(categories.rows, rowKey, categories.declared) : undefined;
  const entries = rows
    .map((row): PortEntry => {
      const entry: PortEntry = { protocol: String(row.protocol), ...portOf(row), packets: num(row.packets) };
      if (counts) entry.categories = counts.get(rowKey(row)) ?? Object.fromEntries(categories!.declared.map((id) => [id, 0]));
      return entry;
    })
    .sort(comparePorts);
  return { entries, complete: rows.every((row) => num(row.listed) <= rows.length) };
}

/** The dataset, as a JSON value for `checkDataset`. */
export function assemble(
  results: Results,
  input: AssembleInput,
): { dataset: Record<string, unknown>; missingMonths: { month: string; region: Region }[] } {
  const declared = input.categories ? Object.keys(input.categories) : undefined;
  const totals = new Map(results.sensorTotals.map((row) => [String(row.sensor), num(row.packets)]));
  const sensors = input.sensors.map((sensor) => ({ ...sensor, packets: totals.get(sensor.id) ?? 0 }));
  const sensorTop: Record<string, unknown> = {};
  for (const sensor of input.sensors) {
    const list = portList(results.sensorTop.filter((row) => row.sensor === sensor.id));
    sensorTop[sensor.id] = list.complete ? list.entries : list;
  }
  const regions = REGIONS.filter((region) => input.sensors.some((sensor) => sensor.region === region));
  const rankings: Record<string, unknown>[] = [];
  const scopeRows = (scope: string) => results.portRankings.filter((row) => row.scope === scope);
  const all = portList(scopeRows('all'), declared && { rows: results.portCategories, declared });
  rankings.push({ id: 'destination-ports', subject: 'port', complete: all.complete, entries: all.entries });
  // A region's own ranking only beside another region's: alone, it would repeat the whole.
  if (regions.length > 1) {
    for (const region of regions)
      rankings.push({
        id: `destination-ports-${region}`,
        subject: 'port',
        scope: { region },
        ...(({ entries, complete }) => ({ complete, entries }))(portList(scopeRows(region))),
      });
  }
  if (input.sourceCountries) {
    const counts = declared ? categoryCounts(results.sourceRegionCategories, (row) => String(row.region), declared) : undefined;
    const entries = results.sourceRegions
      .map((row) => ({
        region: String(row.region),
        packets: num(row.packets),
        ...(counts ? { categories: counts.get(String(row.region)) ?? Object.fromEntries(declared!.map((id) => [id, 0])) } : {}),
      }))
      .sort((a, b) => b.packets - a.packets || byName(a.region, b.region));
    rankings.push({
      id: 'source-regions',
      subject: 'region',
      complete: results.sourceRegions.every((row) => num(row.listed) <= entries.length),
      entries,
    });
  }
  const averages = results.dailyAverages.filter((row) => row.in_period === true || row.has_data === true);
  const missingMonths = regions.flatMap((region) =>
    input.months
      .filter((month) => !averages.some((row) => row.month === month && row.region === region))
      .map((month) => ({ month, region })),
  );
  const dailyAverages = averages
    .map((row) => ({ month: String(row.month), region: String(row.region), packets: Math.round(num(row.average) * 10) / 10 }))
    .sort((a, b) => REGIONS.indexOf(a.region as Region) - REGIONS.indexOf(b.region as Region) || byName(a.month, b.month));
  const country =
    input.country && input.sourceCountries
      ? { country: input.country, ...portList(results.countryTop, declared && { rows: results.countryTopCategories, declared }) }
      : undefined;
  return {
    dataset: {
      $schema: input.schema,
      schemaVersion: 2,
      period: input.period,
      sensors,
      ...(country ? { sourceCountryTop: { country: country.country, entries: country.entries, complete: country.complete } } : {}),
      sensorTop,
      dailyAverages,
      rankings,
      total: { packets: num(results.total[0]?.packets ?? 0) },
      ...(input.categories ? { categories: input.categories } : {}),
      series: seriesOf(results.series, input.sourceAddresses),
    },
    missingMonths,
  };
}

/**
 * Daily packets to the leading ports, and their source addresses when the data counts them. The
 * labels are the dataset's own words in both shipped languages (the contract carries a label per
 * language), not the tool's messages: they are no locale keys.
 */
function seriesOf(rows: Row[], sourceAddresses: boolean): Record<string, unknown>[] {
  if (rows.length === 0) return [];
  const points = (field: 'packets' | 'sources') =>
    rows
      .filter((row) => row[field] !== null)
      .map((row) => ({ date: String(row.day), group: rowKey(row), value: num(row[field]) }))
      .sort((a, b) => byName(a.date, b.date) || byName(a.group, b.group));
  const series: Record<string, unknown>[] = [
    {
      id: 'top-ports-daily',
      unit: 'packets',
      label: { en: 'Packets to the leading destination ports', ja: '上位の宛先ポートへのパケット' },
      points: points('packets'),
    },
  ];
  if (sourceAddresses) {
    series.push({
      id: 'top-ports-sources-daily',
      unit: 'sources',
      label: {
        en: 'Source addresses of the leading destination ports (most seen by one sensor)',
        ja: '上位の宛先ポートの送信元アドレス数（1センサーでの最大）',
      },
      points: points('sources'),
    });
  }
  return series;
}
