/** Sensors with their number within their region, in the order the dataset gives. */
import type { Dataset, Region } from '../dataset/schema.js';
import { rankEntries, topByRank, type RankedEntry } from './ranking.js';

export interface NumberedSensor {
  id: string;
  region: Region;
  /** 1-based position among the sensors of the same region. */
  number: number;
  label?: Readonly<Record<string, string>>;
  /** Total packets over the period, when the dataset gives it. */
  packets?: number;
}

export interface SensorRanking {
  sensor: NumberedSensor;
  /** Entries ranked within the limit, best first. */
  top: RankedEntry[];
  /** False when the sensor's list is known only in part: what it lacks may still be there. */
  complete: boolean;
}

export function numberSensors(dataset: Pick<Dataset, 'sensors'>): NumberedSensor[] {
  const counts = new Map<Region, number>();
  return dataset.sensors.map((sensor) => {
    const number = (counts.get(sensor.region) ?? 0) + 1;
    counts.set(sensor.region, number);
    return {
      id: sensor.id,
      region: sensor.region,
      number,
      ...(sensor.label ? { label: sensor.label } : {}),
      ...(sensor.packets === undefined ? {} : { packets: sensor.packets }),
    };
  });
}

export function rankSensors(dataset: Pick<Dataset, 'sensors' | 'sensorTop'>, limit: number): SensorRanking[] {
  return numberSensors(dataset).map((sensor) => {
    // A sensor without a list (version 2 may leave them out) named `constructor` must not find Object's.
    const list = Object.hasOwn(dataset.sensorTop, sensor.id) ? dataset.sensorTop[sensor.id] : undefined;
    return { sensor, top: topByRank(rankEntries(list?.entries ?? []), limit), complete: list?.complete ?? true };
  });
}
