/** All the facts a post is built from, computed once from a valid dataset. */
import { quarterMonths, type MonthId, type Period } from '../dataset/period.js';
import { REGIONS, type Dataset, type Region } from '../dataset/schema.js';
import { commonToAll, commonToRegion, entrySpread, onlyInRegion, type SharedEntry } from './overlap.js';
import { rankEntries, topByRank, type RankedEntry } from './ranking.js';
import { compareRegions, yearOverYear, type RegionComparison, type YearOverYear } from './regions.js';
import { rankSensors, type SensorRanking } from './sensors.js';

export interface AnalysisLimits {
  /** Rank limit of the source-country table (default 5). */
  sourceLimit?: number;
  /** Rank limit of the per-sensor tables (default 10). */
  sensorLimit?: number;
}

export interface SourceCountryFacts {
  country: string;
  /** Entries ranked within the limit. */
  top: RankedEntry[];
  /** The entries ranked first: one, or several when tied. */
  leaders: RankedEntry[];
}

export interface Facts {
  period: Period;
  months: MonthId[];
  publishedOn?: string;
  /** Regions that have at least one sensor, in contract order. */
  regions: Region[];
  limits: Required<AnalysisLimits>;
  sourceCountry?: SourceCountryFacts;
  sensors: SensorRanking[];
  commonToAll: SharedEntry[];
  /** Every entry of some sensor's top list, the one most sensors have first. */
  entrySpread: SharedEntry[];
  commonToRegion: Partial<Record<Region, SharedEntry[]>>;
  onlyInRegion: Partial<Record<Region, SharedEntry[]>>;
  /** Present when both regions have sensors. */
  regionComparison?: RegionComparison;
  yearOverYear: Partial<Record<Region, YearOverYear>>;
}

export function analyse(dataset: Dataset, limits: AnalysisLimits = {}): Facts {
  const sourceLimit = limits.sourceLimit ?? 5;
  const sensorLimit = limits.sensorLimit ?? 10;
  const sensors = rankSensors(dataset, sensorLimit);
  const regions = REGIONS.filter((region) => dataset.sensors.some((s) => s.region === region));
  const facts: Facts = {
    period: dataset.period,
    months: quarterMonths(dataset.period),
    ...(dataset.publishedOn ? { publishedOn: dataset.publishedOn } : {}),
    regions,
    limits: { sourceLimit, sensorLimit },
    sensors,
    commonToAll: commonToAll(sensors),
    entrySpread: entrySpread(sensors),
    commonToRegion: Object.fromEntries(regions.map((r) => [r, commonToRegion(sensors, r)])),
    onlyInRegion: regions.length > 1 ? Object.fromEntries(regions.map((r) => [r, onlyInRegion(sensors, r)])) : {},
    yearOverYear: {},
  };
  if (dataset.sourceCountryTop) {
    const top = topByRank(rankEntries(dataset.sourceCountryTop.entries), sourceLimit);
    facts.sourceCountry = { country: dataset.sourceCountryTop.country, top, leaders: top.filter((e) => e.rank === 1) };
  }
  const comparison = regions.length === 2 ? compareRegions(dataset.period, dataset.dailyAverages) : undefined;
  if (comparison) facts.regionComparison = comparison;
  for (const region of regions) {
    const change = yearOverYear(dataset.period, dataset.dailyAverages, region);
    if (change) facts.yearOverYear[region] = change;
  }
  return facts;
}
