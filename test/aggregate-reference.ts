/**
 * An independent reference for `aggregate`: the dataset computed in plain TypeScript from the raw
 * rows, with no SQL and no code of src/aggregate/, by the rules the README states. The property
 * test holds the DuckDB path to it.
 */
export interface RawRow {
  day: string;
  sensor: string;
  protocol: string;
  port?: number;
  packets: number;
  sourceCountry?: string;
  category?: string;
  sourceAddresses?: number;
}

export interface ReferenceInput {
  rows: RawRow[];
  sensors: { id: string; region: 'domestic' | 'overseas'; up?: string[] }[];
  /** The period's days, in order, and the same months a year earlier. */
  periodDays: string[];
  earlierDays: string[];
  period: Record<string, number>;
  categories?: Record<string, { label: Record<string, string> }>;
  country?: string;
  top: number;
}

type Entry = { protocol: string; port?: number; packets: number; categories?: Record<string, number> };

const key = (protocol: string, port: number | undefined) => (port === undefined ? protocol : `${port}/${protocol}`);
const order = (a: Entry, b: Entry) =>
  b.packets - a.packets || (a.protocol < b.protocol ? -1 : a.protocol > b.protocol ? 1 : 0) || (a.port ?? -1) - (b.port ?? -1);

/** Entries ranked (1, 2, 2, 4: one more than the entries with more packets), kept while their rank is `top` or better. */
function cut<T extends { packets: number }>(sorted: T[], top: number): { entries: T[]; complete: boolean } {
  const entries = sorted.filter((entry) => sorted.filter((other) => other.packets > entry.packets).length + 1 <= top);
  return { entries, complete: entries.length === sorted.length };
}

function portTotals(rows: RawRow[]): Entry[] {
  const totals = new Map<string, Entry>();
  for (const row of rows) {
    const k = key(row.protocol, row.port);
    const entry = totals.get(k) ?? { protocol: row.protocol, ...(row.port === undefined ? {} : { port: row.port }), packets: 0 };
    entry.packets += row.packets;
    totals.set(k, entry);
  }
  return [...totals.values()].sort(order);
}

export function referenceDataset(input: ReferenceInput): Record<string, unknown> {
  const inPeriodDays = new Set(input.periodDays);
  const rows = input.rows.map((row) => ({ ...row, protocol: row.protocol.toUpperCase(), sourceCountry: row.sourceCountry?.toUpperCase() }));
  const period = rows.filter((row) => inPeriodDays.has(row.day));
  const found = [...new Set(rows.map((row) => row.category).filter((c): c is string => c !== undefined))].sort();
  const categories =
    input.categories ?? (found.length > 0 ? Object.fromEntries(found.map((id) => [id, { label: { en: id } }])) : undefined);
  const declared = categories ? Object.keys(categories) : undefined;
  const withCategories = (entries: Entry[], source: RawRow[]) =>
    entries.map((entry) => {
      if (!declared) return entry;
      const counts = Object.fromEntries(declared.map((id) => [id, 0]));
      for (const row of source)
        if (row.category !== undefined && key(row.protocol, row.port) === key(entry.protocol, entry.port))
          counts[row.category] = (counts[row.category] ?? 0) + row.packets;
      return { ...entry, categories: counts };
    });
  const plain = (list: { entries: Entry[]; complete: boolean }) => (list.complete ? list.entries : list);
  const regions = (['domestic', 'overseas'] as const).filter((region) => input.sensors.some((s) => s.region === region));
  const all = cut(portTotals(period), input.top);
  const rankings: Record<string, unknown>[] = [
    { id: 'destination-ports', subject: 'port', complete: all.complete, entries: withCategories(all.entries, period) },
  ];
  if (regions.length > 1) {
    for (const region of regions) {
      const ids = new Set(input.sensors.filter((s) => s.region === region).map((s) => s.id));
      const list = cut(portTotals(period.filter((row) => ids.has(row.sensor))), input.top);
      rankings.push({
        id: `destination-ports-${region}`,
        subject: 'port',
        scope: { region },
        complete: list.complete,
        entries: list.entries,
      });
    }
  }
  const sourceCountries = rows.some((row) => row.sourceCountry !== undefined);
  if (sourceCountries) {
    const byCountry = new Map<string, { region: string; packets: number; categories?: Record<string, number> }>();
    for (const row of period) {
      if (row.sourceCountry === undefined) continue;
      const entry = byCountry.get(row.sourceCountry) ?? {
        region: row.sourceCountry,
        packets: 0,
        ...(declared ? { categories: Object.fromEntries(declared.map((id) => [id, 0])) } : {}),
      };
      entry.packets += row.packets;
      if (row.category !== undefined && entry.categories) entry.categories[row.category]! += row.packets;
      byCountry.set(row.sourceCountry, entry);
    }
    const sorted = [...byCountry.values()].sort((a, b) => b.packets - a.packets || (a.region < b.region ? -1 : 1));
    const list = cut(sorted, input.top);
    rankings.push({ id: 'source-regions', subject: 'region', complete: list.complete, entries: list.entries });
  }
  // Daily averages: a sensor-day counts when it has rows or the list says the sensor was up.
  const allDays = [...input.periodDays, ...input.earlierDays];
  const cells = new Map<string, { sum: number; days: number; data: boolean; inPeriod: boolean }>();
  for (const sensor of input.sensors) {
    const up = new Set(
      (sensor.up ?? []).flatMap((span) => {
        const [first, last = first] = span.split('/');
        return allDays.filter((day) => day >= first! && day <= last!);
      }),
    );
    for (const day of allDays) {
      const own = rows.filter((row) => row.sensor === sensor.id && row.day === day);
      if (own.length === 0 && !up.has(day)) continue;
      const k = `${day.slice(0, 7)} ${sensor.region}`;
      const cell = cells.get(k) ?? { sum: 0, days: 0, data: false, inPeriod: inPeriodDays.has(day) };
      cell.sum += own.reduce((sum, row) => sum + row.packets, 0);
      cell.days += 1;
      cell.data ||= own.length > 0;
      cells.set(k, cell);
    }
  }
  const dailyAverages = [...cells.entries()]
    .filter(([, cell]) => cell.inPeriod || cell.data)
    .map(([k, cell]) => ({ month: k.split(' ')[0]!, region: k.split(' ')[1]!, packets: Math.round((cell.sum / cell.days) * 10) / 10 }))
    .sort((a, b) => (a.region === b.region ? (a.month < b.month ? -1 : 1) : a.region === 'domestic' ? -1 : 1));
  // Series: the first five ports of the ranking, on every day some sensor had data or was up.
  const upDays = new Set(
    input.sensors.flatMap((s) =>
      (s.up ?? []).flatMap((span) => {
        const [first, last = first] = span.split('/');
        return input.periodDays.filter((day) => day >= first! && day <= last!);
      }),
    ),
  );
  const observed = input.periodDays.filter((day) => upDays.has(day) || period.some((row) => row.day === day));
  const leading = all.entries.slice(0, 5);
  const packetsPoints: { date: string; group: string; value: number }[] = [];
  const sourcePoints: { date: string; group: string; value: number }[] = [];
  for (const day of observed) {
    for (const entry of leading) {
      const group = key(entry.protocol, entry.port);
      const today = period.filter((row) => row.day === day && key(row.protocol, row.port) === group);
      packetsPoints.push({ date: day, group, value: today.reduce((sum, row) => sum + row.packets, 0) });
      const perSensor = new Map<string, number | undefined>();
      for (const row of today) {
        const before = perSensor.get(row.sensor);
        perSensor.set(row.sensor, row.sourceAddresses === undefined ? before : (before ?? 0) + row.sourceAddresses);
      }
      const counted = [...perSensor.values()].filter((v): v is number => v !== undefined);
      if (today.length === 0) sourcePoints.push({ date: day, group, value: 0 });
      else if (counted.length > 0) sourcePoints.push({ date: day, group, value: Math.max(...counted) });
    }
  }
  const byPoint = (a: { date: string; group: string }, b: { date: string; group: string }) =>
    a.date === b.date ? (a.group < b.group ? -1 : 1) : a.date < b.date ? -1 : 1;
  const series: Record<string, unknown>[] = [];
  if (leading.length > 0 && observed.length > 0) {
    series.push({
      id: 'top-ports-daily',
      unit: 'packets',
      label: { en: 'Packets to the leading destination ports', ja: '上位の宛先ポートへのパケット' },
      points: packetsPoints.sort(byPoint),
    });
    if (rows.some((row) => row.sourceAddresses !== undefined)) {
      series.push({
        id: 'top-ports-sources-daily',
        unit: 'sources',
        label: {
          en: 'Source addresses of the leading destination ports (most seen by one sensor)',
          ja: '上位の宛先ポートの送信元アドレス数（1センサーでの最大）',
        },
        points: sourcePoints.sort(byPoint),
      });
    }
  }
  const countryTop =
    input.country && sourceCountries ? cut(portTotals(period.filter((row) => row.sourceCountry === input.country)), input.top) : undefined;
  return {
    schemaVersion: 2,
    period: input.period,
    sensors: input.sensors.map(({ id, region }) => ({
      id,
      region,
      packets: period.filter((row) => row.sensor === id).reduce((sum, row) => sum + row.packets, 0),
    })),
    ...(countryTop
      ? {
          sourceCountryTop: {
            country: input.country,
            entries: withCategories(
              countryTop.entries,
              period.filter((row) => row.sourceCountry === input.country),
            ),
            complete: countryTop.complete,
          },
        }
      : {}),
    sensorTop: Object.fromEntries(
      input.sensors.map((s) => [s.id, plain(cut(portTotals(period.filter((row) => row.sensor === s.id)), input.top))]),
    ),
    dailyAverages,
    rankings,
    total: { packets: period.reduce((sum, row) => sum + row.packets, 0) },
    ...(categories ? { categories } : {}),
    series,
  };
}
