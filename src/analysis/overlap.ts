/** Which entries which sensors share in their top lists. */
import type { Region } from '../dataset/schema.js';
import type { RankedEntry } from './ranking.js';
import type { SensorRanking } from './sensors.js';

export interface SharedEntry {
  key: string;
  protocol: string;
  port?: number;
  /** Ids of the sensors (among those considered) that have it in their top list. */
  sensorIds: string[];
  /** Sum of its ranks over those sensors: the order of a shared list, lowest first. */
  rankSum: number;
}

/** Every entry that appears in at least one of the given top lists. */
function presence(rankings: readonly SensorRanking[]): Map<string, SharedEntry> {
  const shared = new Map<string, SharedEntry>();
  for (const { sensor, top } of rankings) {
    for (const entry of top) {
      let item = shared.get(entry.key);
      if (!item) {
        item = {
          key: entry.key,
          protocol: entry.protocol,
          ...(entry.port === undefined ? {} : { port: entry.port }),
          sensorIds: [],
          rankSum: 0,
        };
        shared.set(entry.key, item);
      }
      item.sensorIds.push(sensor.id);
      item.rankSum += entry.rank;
    }
  }
  return shared;
}

const byRankSum = (a: SharedEntry, b: SharedEntry): number =>
  a.rankSum - b.rankSum || (a.protocol < b.protocol ? -1 : a.protocol > b.protocol ? 1 : 0) || (a.port ?? -1) - (b.port ?? -1);

/**
 * Every entry in some sensor's top list, the most widespread first: by how
 * many sensors have it, then by its summed rank over them.
 */
export function entrySpread(rankings: readonly SensorRanking[]): SharedEntry[] {
  return [...presence(rankings).values()].sort((a, b) => b.sensorIds.length - a.sensorIds.length || byRankSum(a, b));
}

/** Entries in the top list of every one of the given sensors (none when there are no sensors). */
export function commonToAll(rankings: readonly SensorRanking[]): SharedEntry[] {
  if (rankings.length === 0) return [];
  return [...presence(rankings).values()].filter((e) => e.sensorIds.length === rankings.length).sort(byRankSum);
}

/** Entries in the top list of every sensor of one region. */
export function commonToRegion(rankings: readonly SensorRanking[], region: Region): SharedEntry[] {
  return commonToAll(rankings.filter((r) => r.sensor.region === region));
}

/** Entries in the top list of some sensor of `region` and of no sensor elsewhere. */
export function onlyInRegion(rankings: readonly SensorRanking[], region: Region): SharedEntry[] {
  const outside = presence(rankings.filter((r) => r.sensor.region !== region));
  return [...presence(rankings.filter((r) => r.sensor.region === region)).values()]
    .filter((e) => !outside.has(e.key))
    .sort((a, b) => b.sensorIds.length - a.sensorIds.length || byRankSum(a, b));
}

/** The sensors whose top list holds the entry, with its rank there. */
export function sensorsWithEntry(rankings: readonly SensorRanking[], key: string): { sensorId: string; rank: number }[] {
  return rankings.flatMap(({ sensor, top }) => {
    const found: RankedEntry | undefined = top.find((e) => e.key === key);
    return found ? [{ sensorId: sensor.id, rank: found.rank }] : [];
  });
}
