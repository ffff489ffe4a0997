export {
  analyse,
  DEFAULT_LIMITS,
  sameRanking,
  type AnalysisLimits,
  type Facts,
  type PreviousPeriod,
  type RankingFacts,
  type SourceCountryFacts,
} from './analyse.js';
export {
  previousStanding,
  rankChanges,
  type PreviousList,
  type PreviousStanding,
  type RankChange,
  type RankedList,
} from './rank-changes.js';
export { commonToAll, commonToRegion, entrySpread, onlyInRegion, sensorsWithEntry, type SharedEntry } from './overlap.js';
export { compareEntries, rankEntries, rankRegions, topByRank, type Ranked, type RankedEntry, type RankedRegion } from './ranking.js';
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
export {
  periodTotal,
  roundToTenth,
  shareOf,
  topShare,
  totalChange,
  type Share,
  type TopShare,
  type TotalChange,
  type TotalFacts,
} from './totals.js';
export {
  categoriesCarried,
  categoryCount,
  categoryShare,
  meetsShare,
  ranksByCategory,
  type CategoryStanding,
  type ShareTest,
} from './categories.js';
export {
  analyseSeries,
  daysAbove,
  type Granularity,
  type SeriesChange,
  type SeriesFacts,
  type SeriesGroup,
  type SeriesObservation,
} from './series.js';
export { cutTo, difference, entryReach, sameTop, sensorsIn, type Difference, type EntryReach, type SameTop } from './spread.js';
