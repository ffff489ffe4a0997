/** All the facts a post is built from, computed once from a valid dataset. */
import { periodMonths, type MonthId, type Period } from '../dataset/period.js';
import { REGIONS, type Category, type Dataset, type Region } from '../dataset/schema.js';
import { commonToAll, commonToRegion, entrySpread, onlyInRegion, type SharedEntry } from './overlap.js';
import type { PreviousList } from './rank-changes.js';
import { rankEntries, rankRegions, topByRank, type RankedEntry, type RankedRegion } from './ranking.js';
import { compareRegions, yearOverYear, type RegionComparison, type YearOverYear } from './regions.js';
import { rankSensors, type SensorRanking } from './sensors.js';
import { periodTotal, type TotalFacts } from './totals.js';
import { analyseSeries, type SeriesFacts } from './series.js';

export interface AnalysisLimits {
  /** Rank limit of the source-country table (default 5). */
  sourceLimit?: number;
  /** Rank limit of the per-sensor tables (default 10). */
  sensorLimit?: number;
}

/** The limits of a template that sets none: the source country's top five, each sensor's top ten. */
export const DEFAULT_LIMITS: Readonly<Required<AnalysisLimits>> = { sourceLimit: 5, sensorLimit: 10 };

export interface SourceCountryFacts {
  country: string;
  /** Entries ranked within the limit. */
  top: RankedEntry[];
  /** The entries ranked first: one, or several when tied. */
  leaders: RankedEntry[];
  /** Every entry of the list, ranked (what stands below the top matters to ranks by category). */
  ranked: RankedEntry[];
  /** False when the list is known only in part. */
  complete: boolean;
}

/** A named ranking of the dataset, ranked, with the previous period's list of the same id when one was given. */
export interface RankingFacts {
  id: string;
  subject: 'port' | 'region';
  ranked: (RankedEntry | RankedRegion)[];
  complete: boolean;
  /** Whether the list counts packets (else it gives ranks only). */
  counted: boolean;
  /** Whether it counts a part (a region, a sensor, a source country) rather than every sensor. */
  scoped: boolean;
  previousTop?: number;
  previous?: PreviousList;
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
  /** Entries in the top list of every sensor whose list is complete. */
  commonToAll: SharedEntry[];
  /** Every entry of some sensor's top list, the one most sensors have first. */
  entrySpread: SharedEntry[];
  commonToRegion: Partial<Record<Region, SharedEntry[]>>;
  onlyInRegion: Partial<Record<Region, SharedEntry[]>>;
  /** Present when both regions have sensors. */
  regionComparison?: RegionComparison;
  yearOverYear: Partial<Record<Region, YearOverYear>>;
  rankings: RankingFacts[];
  /** The categories the dataset declares, in its order (none when it declares none). */
  categories: Readonly<Record<string, Category>>;
  /** The dataset's time series, in dataset order. */
  series: SeriesFacts[];
  /** How the previous period relates to this one, when a previous dataset was given. */
  previousPeriod?: 'quarter' | 'year';
  /** All packets of the period, when the dataset gives them, and of the period before when known. */
  total?: TotalFacts;
}

export interface PreviousPeriod {
  dataset: Dataset;
  /** The quarter before, or the same quarter a year earlier. */
  relation: 'quarter' | 'year';
}

type Ranking = Dataset['rankings'][number];

/** Two periods' lists are the same ranking when id, subject and scope agree: only those are compared. */
export const sameRanking = (a: Ranking, b: Ranking): boolean =>
  a.id === b.id && a.subject === b.subject && JSON.stringify(a.scope ?? {}) === JSON.stringify(b.scope ?? {});

const rankRanking = (ranking: Dataset['rankings'][number]): (RankedEntry | RankedRegion)[] =>
  ranking.subject === 'port' ? rankEntries(ranking.entries) : rankRegions(ranking.entries);

function rankingFacts(dataset: Dataset, previous: PreviousPeriod | undefined): RankingFacts[] {
  return dataset.rankings.map((ranking) => {
    // Compared only with the same list: same id, same subject, same scope.
    const before = previous?.dataset.rankings.find((r) => sameRanking(r, ranking));
    return {
      id: ranking.id,
      subject: ranking.subject,
      ranked: rankRanking(ranking),
      complete: ranking.complete,
      counted: ranking.entries.some((e) => e.packets !== undefined),
      scoped: ranking.scope !== undefined,
      ...(ranking.previousTop === undefined ? {} : { previousTop: ranking.previousTop }),
      ...(before ? { previous: { ranked: rankRanking(before), complete: before.complete } } : {}),
    };
  });
}

export function analyse(dataset: Dataset, limits: AnalysisLimits = {}, previous?: PreviousPeriod): Facts {
  const sourceLimit = limits.sourceLimit ?? DEFAULT_LIMITS.sourceLimit;
  const sensorLimit = limits.sensorLimit ?? DEFAULT_LIMITS.sensorLimit;
  const sensors = rankSensors(dataset, sensorLimit);
  const regions = REGIONS.filter((region) => dataset.sensors.some((s) => s.region === region));
  const facts: Facts = {
    period: dataset.period,
    months: periodMonths(dataset.period),
    ...(dataset.publishedOn ? { publishedOn: dataset.publishedOn } : {}),
    regions,
    limits: { sourceLimit, sensorLimit },
    sensors,
    // A list known only in part cannot say an entry is missing from it: only complete lists are compared.
    commonToAll: commonToAll(sensors.filter((s) => s.complete)),
    entrySpread: entrySpread(sensors),
    commonToRegion: Object.fromEntries(
      regions.map((r) => [
        r,
        commonToRegion(
          sensors.filter((s) => s.complete),
          r,
        ),
      ]),
    ),
    // "Only in one region" claims an absence, which only complete lists can show.
    onlyInRegion:
      regions.length > 1 && sensors.every((s) => s.complete) ? Object.fromEntries(regions.map((r) => [r, onlyInRegion(sensors, r)])) : {},
    yearOverYear: {},
    rankings: rankingFacts(dataset, previous),
    categories: dataset.categories ?? {},
    series: dataset.series.map((series) => analyseSeries(dataset.period, series)),
    ...(previous ? { previousPeriod: previous.relation } : {}),
  };
  const total = periodTotal(dataset, previous);
  if (total) facts.total = total;
  if (dataset.sourceCountryTop) {
    const ranked = rankEntries(dataset.sourceCountryTop.entries);
    const top = topByRank(ranked, sourceLimit);
    facts.sourceCountry = {
      country: dataset.sourceCountryTop.country,
      top,
      leaders: top.filter((e) => e.rank === 1),
      ranked,
      complete: dataset.sourceCountryTop.complete,
    };
  }
  const comparison = regions.length === 2 ? compareRegions(dataset.period, dataset.dailyAverages) : undefined;
  if (comparison) facts.regionComparison = comparison;
  for (const region of regions) {
    const change = yearOverYear(dataset.period, dataset.dailyAverages, region);
    if (change) facts.yearOverYear[region] = change;
  }
  return facts;
}
