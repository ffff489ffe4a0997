/**
 * The elements of a named ranking: its table (rank, entry, and where the entry
 * stood in the previous period), its bar chart, and the sentence on what moved.
 */
import {
  previousStanding,
  rankChanges,
  type RankChange,
  type RankedEntry,
  type RankedRegion,
  type RankingFacts,
} from '../analysis/index.js';
import { periodKind, type PeriodKind } from '../dataset/period.js';
import { num, row, type FactDefinition } from './fact-types.js';
import type { ChartFigure, DataTable, Message, Value } from './nodes.js';

const message = (key: string, values: Record<string, Value> = {}): Value => ({ kind: 'message', message: { key, values } });

export interface RankingOptions {
  limit: number;
  /** Show each port with its service name. */
  serviceNames: boolean;
}

/** The entry as a table cell or a bar label: a port (with its service), a protocol, or a region's name. */
export function entryValue(entry: RankedEntry | RankedRegion, serviceNames: boolean, inText = false): Value {
  if ('region' in entry) return { kind: 'country', code: entry.region, ...(inText ? { inText } : {}) };
  if (serviceNames)
    return { kind: 'service', key: entry.key, protocol: entry.protocol, ...(entry.port === undefined ? {} : { port: entry.port }) };
  return { kind: 'text', text: entry.key };
}

/** "Top five" over five places or more (ties may add rows); a shorter list is as long as it is. */
const placesShown = (ranking: RankingFacts, options: RankingOptions): number =>
  Math.min(options.limit, ranking.ranked.filter((e) => e.rank <= options.limit).length);

/** A year's previous period is the year before, whichever way the previous dataset was labelled. */
const previousHeader = (facts: { previousPeriod?: 'quarter' | 'year' }, kind: PeriodKind): Value =>
  message(
    kind !== 'quarter'
      ? `years:tables.previousRank.${kind}`
      : facts.previousPeriod === 'year'
        ? 'common:tables.previousYearRank'
        : 'common:tables.previousRank',
  );

export function rankingTable(
  id: string,
  number: number,
  caption: string,
  ranking: RankingFacts,
  options: RankingOptions,
  previousPeriod?: 'quarter' | 'year',
  kind: PeriodKind = 'quarter',
): DataTable {
  const rows = ranking.ranked.filter((e) => e.rank <= options.limit);
  const list = {
    ranked: ranking.ranked,
    complete: ranking.complete,
    ...(ranking.previousTop === undefined ? {} : { previousTop: ranking.previousTop }),
  };
  const standings = rows.map((entry) => previousStanding(entry, list, ranking.previous));
  const withPrevious = standings.some((s) => s !== undefined);
  return {
    type: 'dataTable',
    id,
    number,
    // "Top five" only over five places or more: a shorter list is its own length.
    caption: {
      key: caption,
      values: { limit: { kind: 'count', value: placesShown(ranking, options) } },
      count: placesShown(ranking, options),
    },
    columns: [
      { header: message('common:tables.rank'), align: 'right' },
      { header: message(ranking.subject === 'region' ? 'common:tables.sourceRegion' : 'common:tables.entry'), align: 'left' },
      ...(withPrevious
        ? [{ header: previousHeader({ ...(previousPeriod && ranking.previous ? { previousPeriod } : {}) }, kind), align: 'right' as const }]
        : []),
    ],
    rows: rows.map((entry, i) => [
      { kind: 'number', value: entry.rank },
      entryValue(entry, options.serviceNames),
      ...(withPrevious ? [{ kind: 'previous-standing', standing: standings[i] ?? { kind: 'unknown' } } as Value] : []),
    ]),
  };
}

export function rankingChart(id: string, number: number, caption: string, ranking: RankingFacts, options: RankingOptions): ChartFigure {
  const shown = ranking.ranked.filter((e) => e.rank <= options.limit);
  const points = shown.map((e) =>
    message('common:charts.ranking.point', {
      entry: entryValue(e, options.serviceNames),
      packets: { kind: 'number', value: e.packets ?? 0 },
    }),
  );
  return {
    type: 'chartFigure',
    id,
    number,
    caption: {
      key: caption,
      values: { limit: { kind: 'count', value: placesShown(ranking, options) } },
      count: placesShown(ranking, options),
    },
    description: {
      key: ranking.subject === 'region' ? 'common:charts.ranking.descriptionRegions' : 'common:charts.ranking.description',
      values: { points: { kind: 'list', items: points } },
    },
    // Drawn only for a list that counts packets (the chart needs rankingPackets:<id>).
    chart: {
      kind: 'ranking',
      subject: ranking.subject,
      bars: shown.map((e) => ({ label: entryValue(e, options.serviceNames), rank: e.rank, packets: e.packets ?? 0 })),
    },
  };
}

/** One clause per change, in the order of the table, then what left its top. */
function changeClause(change: RankChange, ranking: RankingFacts, options: RankingOptions): Value {
  const entry = ranking.ranked.find((e) => e.key === change.key) ?? ranking.previous?.ranked.find((e) => e.key === change.key);
  const name = entry
    ? entryValue(entry as RankedEntry | RankedRegion, options.serviceNames, true)
    : ({ kind: 'text', text: change.key } as Value);
  const ordinal = (value: number): Value => ({ kind: 'ordinal', value });
  switch (change.kind) {
    case 'rose':
    case 'fell':
    case 'kept':
      return message(`facts:rankChanges.${change.kind}`, { entry: name, from: ordinal(change.from), to: ordinal(change.to) });
    case 'entered':
      return change.outsideTop === undefined
        ? message('facts:rankChanges.entered', { entry: name, to: ordinal(change.to) })
        : {
            kind: 'message',
            message: {
              key: 'facts:rankChanges.enteredFromTop',
              values: { entry: name, to: ordinal(change.to), top: { kind: 'count', value: change.outsideTop } },
              count: change.outsideTop,
            },
          };
    case 'left':
      return message('facts:rankChanges.left', { entry: name, from: ordinal(change.from) });
  }
}

/** The sentence on what moved in the top `limit`, or undefined without anything to compare with. */
export function rankChangesMessage(
  ranking: RankingFacts,
  options: RankingOptions,
  previousPeriod: 'quarter' | 'year' | undefined,
  refs: Record<string, Value>,
  kind: PeriodKind = 'quarter',
): Message | undefined {
  const list = {
    ranked: ranking.ranked,
    complete: ranking.complete,
    ...(ranking.previousTop === undefined ? {} : { previousTop: ranking.previousTop }),
  };
  const changes = rankChanges(list, ranking.previous, options.limit);
  if (!changes || changes.length === 0) return undefined;
  // The previous ranks a dataset gives are the quarter before's; a previous dataset's may be a year's.
  const previous = message(
    kind !== 'quarter'
      ? `years:rankChanges.${kind}`
      : ranking.previous && previousPeriod === 'year'
        ? 'facts:rankChanges.yearEarlier'
        : 'facts:rankChanges.previousPeriod',
  );
  const values = { ...refs, previous, limit: { kind: 'count', value: placesShown(ranking, options) } as Value };
  // "The same, place for place" needs both whole lists: the previous top and this one, entry for entry.
  const shown = ranking.ranked.filter((e) => e.rank <= options.limit);
  const before = ranking.previous?.ranked.filter((e) => e.rank <= options.limit) ?? [];
  const same =
    ranking.previous !== undefined &&
    ranking.complete &&
    ranking.previous.complete &&
    before.length === shown.length &&
    shown.every((e) => before.some((b) => b.key === e.key && b.rank === e.rank));
  if (same && changes.every((c) => c.kind === 'kept'))
    return { key: 'facts:rankChanges.unchanged', values, count: placesShown(ranking, options) };
  return {
    key: 'facts:rankChanges.summary',
    values: { ...values, changes: { kind: 'list', items: changes.map((c) => changeClause(c, ranking, options)) } },
  };
}

const standingText = (standing: ReturnType<typeof previousStanding>): string =>
  standing === undefined
    ? 'no previous information'
    : standing.kind === 'rank'
      ? `previously ${standing.rank}`
      : standing.kind === 'outside'
        ? `previously outside the list${standing.top === undefined ? '' : ` (top ${standing.top})`}`
        : 'previous standing unknown';

export const RANKING_FACTS: Record<string, FactDefinition> = {
  'rank-changes': {
    attributes: { ranking: { required: true, type: 'id' } },
    summary: 'what rose, fell, entered or left the top of a ranking since the previous period',
    needs: (attributes) => [`ranking:${attributes.ranking}`],
    explain(facts, attributes, refs, context) {
      const ranking = context.ranking(attributes.ranking!)!;
      const options = context.rankingOptions(ranking.id);
      const list = {
        ranked: ranking.ranked,
        complete: ranking.complete,
        ...(ranking.previousTop === undefined ? {} : { previousTop: ranking.previousTop }),
      };
      const shown = ranking.ranked.filter((e) => e.rank <= options.limit);
      const changes = rankChanges(list, ranking.previous, options.limit) ?? [];
      const evidence = [
        row('ranking', ranking.id),
        row('places shown', options.limit),
        row('list complete', ranking.complete),
        row(
          'previous list',
          ranking.previous
            ? `given (${ranking.previous.complete ? 'complete' : 'known in part'}, ${facts.previousPeriod === 'year' ? 'a year earlier' : 'the period before'})`
            : 'previousRank of the entries',
        ),
        ...shown.map((e) =>
          row(
            `rank ${e.rank}`,
            `${e.key}${e.packets === undefined ? '' : ` (${num(e.packets)} packets)`}: ${standingText(previousStanding(e, list, ranking.previous))}`,
          ),
        ),
        row(
          'changes',
          changes.map((c) => `${c.key} ${c.kind}`),
        ),
      ];
      const message = rankChangesMessage(ranking, options, facts.previousPeriod, refs, periodKind(facts.period));
      return { ...(message ? { message } : {}), evidence };
    },
  },
};
