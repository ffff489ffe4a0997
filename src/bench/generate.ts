/**
 * Synthetic datasets for the scale benchmark: any number of sensors, each
 * with many entries, deterministic for a given size.
 */
import type { DatasetInput } from '../dataset/index.js';

/** Synthetic lists always count packets, as version 1 requires. */
interface Entry {
  protocol: string;
  port?: number;
  packets: number;
}

export interface SyntheticSize {
  sensors: number;
  entriesPerSensor: number;
  /** The quarter covered (default 2021 Q4); each quarter has data of its own. */
  period?: { year: number; quarter: number };
}

function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function entries(count: number, next: () => number): Entry[] {
  const list: Entry[] = [
    { protocol: 'GRE', packets: Math.round(next() * 1e6) },
    { protocol: 'ICMP', packets: Math.round(next() * 1e6) },
  ];
  for (let port = 1; list.length < count; port++) {
    // Heavy-tailed counts, like real scan traffic: a few ports take most packets.
    list.push({
      protocol: port % 7 === 0 ? 'UDP' : 'TCP',
      port: (port * 7919) % 65536,
      packets: Math.round(1e6 / (1 + next() * list.length)),
    });
  }
  return list;
}

export function syntheticDataset(size: SyntheticSize): DatasetInput {
  const period = size.period ?? { year: 2021, quarter: 4 };
  const quarterSeed = period.year === 2021 && period.quarter === 4 ? 0 : period.year * 4 + period.quarter;
  const next = random(size.sensors * 1000 + size.entriesPerSensor + quarterSeed * 7919);
  const sensors = Array.from({ length: size.sensors }, (_, i) => ({
    id: `s-${i + 1}`,
    region: i % 2 === 0 ? ('domestic' as const) : ('overseas' as const),
  }));
  const months = [period.year, period.year - 1].flatMap((year) =>
    [1, 2, 3].map((m) => `${year}-${String((period.quarter - 1) * 3 + m).padStart(2, '0')}`),
  );
  return {
    schemaVersion: 1 as const,
    period,
    sensors,
    sourceCountryTop: { country: 'JP', entries: entries(size.entriesPerSensor, next) },
    sensorTop: Object.fromEntries(sensors.map((s) => [s.id, entries(size.entriesPerSensor, next)])),
    dailyAverages: months.flatMap((month) =>
      (['domestic', 'overseas'] as const).map((region) => ({ month, region, packets: Math.round(next() * 5000 * 10) / 10 })),
    ),
  };
}
