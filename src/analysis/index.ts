export { analyse, type AnalysisLimits, type Facts, type SourceCountryFacts } from './analyse.js';
export { commonToAll, commonToRegion, entrySpread, onlyInRegion, sensorsWithEntry, type SharedEntry } from './overlap.js';
export { compareEntries, rankEntries, topByRank, type RankedEntry } from './ranking.js';
export {
  compareRegions,
  quantify,
  yearOverYear,
  type MonthChange,
  type MonthComparison,
  type Quantifier,
  type RegionComparison,
  type YearOverYear,
} from './regions.js';
export { numberSensors, rankSensors, type NumberedSensor, type SensorRanking } from './sensors.js';
