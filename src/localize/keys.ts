/**
 * The locale keys the code asks for (the template asks for the others).
 * Plural keys are listed by their base name. A test drafts varied datasets
 * and fails if the code looks up a key missing from this list.
 */
import { SERIES_KEYS } from './series-keys.js';

/** The language the others are checked against, and fall back to. */
export const REFERENCE_LANGUAGE = 'en';

const each = (prefix: string, names: string[]) => names.map((name) => `${prefix}.${name}`);
const QUANTIFIERS = [...['all', 'most', 'some', 'none'].flatMap((q) => [q, `${q}Compared`]), 'noneComparedTwo'];

/** The words of years and of totals (`years` namespace): period kinds other than the quarter, totals and shares. */
const YEAR_KEYS = [
  'years:periods.fiscalYearShort',
  ...each('years:tables.previousRank', ['year', 'fiscalYear']),
  'years:tables.share',
  ...each('years:rankChanges', ['year', 'fiscalYear']),
  'years:charts.fiscalYearLabel',
  ...each('years:charts.dailyAverages', ['description', 'descriptionWithPrevious', 'descriptionWithSomePrevious']),
  ...each('years:percent', ['exact', 'under', 'over']),
  ...each('years:periodTotal', ['alone', 'more', 'fewer', 'about', 'same', 'fromNone']),
  'years:topShare.sentence',
  ...['port', 'region'].flatMap((subject) =>
    each(`years:topShare.${subject}`, ['top', 'topTied', 'leader', 'leaders', 'only', 'onlyTied']),
  ),
];

export const CODE_KEYS: readonly string[] = [
  ...each('common:periods', ['quarter', 'year', 'fiscalYear', 'fiscalYearOtherStart']),
  ...each('common:spans', ['quarter', 'year', 'fiscalYear']),
  ...each('common:regions', ['domestic', 'overseas']),
  ...each('common:sensors', ['domestic', 'overseas']),
  ...each('common:refs', ['table', 'figure']),
  ...each('common:captions', ['table', 'figure']),
  ...each('common:tables', ['rank', 'entry', 'sensor', 'rankColumn']),
  'common:slots.prompt',
  ...each('common:charts', ['font', 'yearLabel']),
  ...each('common:charts.dailyAverages', [
    'x',
    'y',
    'legend',
    'description',
    'descriptionWithPrevious',
    'descriptionWithSomePrevious',
    'point',
    'pointWithPrevious',
  ]),
  ...each('common:charts.sourceTop', ['x', 'description', 'point']),
  ...each('common:charts.rankHeatmap', ['description', 'descriptionWithCommon', 'descriptionOneSensor']),
  ...each('common:charts.entrySpread', ['x', 'description', 'descriptionTied', 'point']),
  ...each('common:orphaned', ['heading', 'note']),
  ...each('common:tables', ['sourceRegion', 'previousRank', 'previousYearRank', 'partialList']),
  'common:serviceEntry',
  'common:ordinal',
  ...each('common:rankings', ['unknown', 'outside', 'outsideTop']),
  ...each('common:charts.ranking', ['description', 'descriptionRegions', 'point']),
  ...each('facts:rankChanges', [
    'summary',
    'unchanged',
    'previousPeriod',
    'yearEarlier',
    'rose',
    'fell',
    'kept',
    'entered',
    'enteredFromTop',
    'left',
  ]),
  ...each('facts:sourceTopEntry', ['single', 'tied', 'singleRanked', 'tiedRanked']),
  ...each('facts:regionComparison', ['every', 'everyNoRatio', 'mixed', 'mixedLevel', 'partly', 'equal']),
  ...each('facts:yearOverYear.both', QUANTIFIERS),
  ...each('facts:yearOverYear.region', QUANTIFIERS),
  ...each('facts:yearOverYear.part', QUANTIFIERS),
  'facts:yearOverYear.pair',
  ...each('facts:previousYearShown', ['all', 'pair', 'region.all', 'region.some', 'region.none']),
  ...each('facts:commonToAll', ['both', 'bothNone', 'all', 'allNone', 'amongComplete', 'amongCompleteNone']),
  ...YEAR_KEYS,
  ...each('breakdowns:tables', ['packets', 'share']),
  ...['over', 'under', 'all', 'none'].flatMap((test) => each(`breakdowns:share.${test}`, ['match', 'notMatch', 'all', 'both', 'none'])),
  ...each('breakdowns:rankChanges', ['summary', 'move', 'unchanged', 'missing']),
  'breakdowns:missing',
  'breakdowns:joined',
  ...SERIES_KEYS,
  ...each('spread:groups', ['all', 'domestic', 'overseas']),
  ...each('spread:topSpread', ['sentence', 'sentencePair']),
  ...each(
    'spread:topSpread',
    ['first', 'more'].flatMap((part) => ['', 'AtLeast', 'All', 'Both'].map((kind) => `${part}${kind}`)),
  ),
  ...each('spread:sameTop', ['ordered', 'unordered', 'alone', 'unlike']),
  ...each('spread:onlyInRegion', ['region', 'pair']),
  ...each('spread:largestDifference', ['sensorsClose', 'sensorsRatio', 'regionsClose', 'regionsRatio']),
];

/**
 * The only keys whose strings may hold a link (to an http(s) or relative URL)
 * or an image (of a file beside the post), by base name: the series blurb may
 * point to the main report. Every other string of every namespace is text
 * with emphasis and code; `src/localize/markup-policy.ts` enforces this.
 */
export const LINK_KEYS: readonly string[] = ['post:intro.series'];

/** Keys a language may have or not, as it likes: small numbers and places written as words, service names of ports. */
export const OPTIONAL_KEY = /^common:(numberWords\.\d+|ordinalWords\.\d+|services\.(\d+\/)?[A-Z]+|countries(InText)?\.[A-Z]{2})$/;

/** `_one`, or `_ordinal_one` for the forms of an ordinal (i18next's `ordinal: true`). */
const PLURAL_SUFFIX = /_((?:ordinal_)?(?:zero|one|two|few|many|other))$/;

/** `facts:commonToAll_one` → `facts:commonToAll` */
export const pluralBase = (key: string): string => key.replace(PLURAL_SUFFIX, '');
export const pluralSuffix = (key: string): string | undefined => PLURAL_SUFFIX.exec(key)?.[1];

/**
 * Variables a language may use instead of one another, per key: the period
 * can name months (`October–December 2021`) or number them (`2021年10～12月`).
 */
export const VARIABLE_ALTERNATIVES: Readonly<Record<string, readonly (readonly string[])[]>> = {
  'common:periods.quarter': [
    ['startMonth', 'startMonthNumber'],
    ['endMonth', 'endMonthNumber'],
  ],
};

const PERIOD_MONTHS = ['startMonth', 'endMonth', 'startMonthNumber', 'endMonthNumber', 'startYear', 'endYear'];
/**
 * Variables a language may leave out, per key: a fiscal year is `2024年度` in
 * Japanese, its months spelled out in English.
 */
export const OMITTABLE_VARIABLES: Readonly<Record<string, readonly string[]>> = {
  'common:periods.year': PERIOD_MONTHS,
  'common:periods.fiscalYear': PERIOD_MONTHS,
  'common:periods.fiscalYearOtherStart': PERIOD_MONTHS,
  // English names the sensors and the limit in the first clause, Japanese in the frame around the clauses.
  ...Object.fromEntries(
    ['sentence', 'sentencePair', 'first', 'firstAtLeast', 'firstAll', 'firstBoth'].map((key) => [
      `spread:topSpread.${key}`,
      ['sensors', 'group', 'limit'],
    ]),
  ),
  'spread:sameTop.unlike': ['limit'],
};
