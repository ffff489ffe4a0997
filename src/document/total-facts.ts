/**
 * The facts of a period's total of packets: the total with its change since
 * the period before (`period-total`), and the share of it the top of a
 * ranking took (`top-share`); with the share column of a ranking's table and
 * the warning when two previous totals disagree.
 */
import {
  shareOf,
  topShare,
  totalChange,
  type RankedEntry,
  type RankedRegion,
  type RankingFacts,
  type Share,
  type TotalFacts,
} from '../analysis/index.js';
import { periodName, type Period } from '../dataset/period.js';
import type { Dataset } from '../dataset/schema.js';
import { problem, type Problem } from '../messages.js';
import { num, row, type EvidenceRow, type FactDefinition } from './fact-types.js';
import type { DataTable, Message, Value } from './nodes.js';
import { entryValue, type RankingOptions } from './ranking-elements.js';

const message = (key: string, values: Record<string, Value> = {}, count?: number): Value => ({
  kind: 'message',
  message: { key, values, ...(count === undefined ? {} : { count }) },
});
const count = (value: number): Value => ({ kind: 'count', value });

/** "FY2024" / "2024年度" for a fiscal year (its long name is for titles); a quarter or a year by its own name. */
export const periodShortName = (period: Period): Value =>
  'fiscalYear' in period
    ? message('years:periods.fiscalYearShort', { year: { kind: 'year', year: period.fiscalYear } })
    : { kind: 'period', period };

/** A share as a post prints it: "18.4%", or "less than 0.1%" / "over 99.9%" where rounding would overstate it. */
export const shareValue = (share: Share): Value =>
  message(`years:percent.${share.bound ?? 'exact'}`, { value: { kind: 'number', value: share.shown, style: 'ratio' } });

const shareText = (share: Share): string =>
  `${num(share.percent)}% (shown as ${share.bound === 'under' ? 'less than ' : share.bound === 'over' ? 'over ' : ''}${share.shown.toFixed(1)}%)`;

/** The ranking `top-share` may speak of, or why it may not. */
function shareable(ranking: RankingFacts | undefined, total: TotalFacts | undefined): string | undefined {
  if (!ranking) return 'the ranking is not in the dataset';
  if (!total) return 'the dataset gives no total';
  if (total.packets === 0) return 'the total is 0 packets: no share of it exists';
  if (ranking.scoped) return 'the ranking counts a part of the sensors or sources, not a share of all packets';
  if (!ranking.counted) return 'the ranking gives ranks only, no packets';
  // A list known only in part may lack entries that belong in its top: the sum of its top would be wrong.
  if (!ranking.complete) return 'the ranking is known only in part';
  return undefined;
}

export const TOTAL_FACTS: Record<string, FactDefinition> = {
  'period-total': {
    attributes: {},
    summary: 'all packets of the period, and the change since the period before when its total is known',
    needs: () => ['total'],
    explain(facts, _attributes, refs) {
      const total = facts.total!;
      const values: Record<string, Value> = {
        ...refs,
        period: periodShortName(facts.period),
        packets: { kind: 'number', value: total.packets, style: 'exact' },
      };
      const evidence: EvidenceRow[] = [row('period', periodName(facts.period)), row('total packets', total.packets)];
      if (!total.previous) {
        evidence.push(row('previous total', 'not known: no change stated'));
        return { message: { key: 'years:periodTotal.alone', values, count: total.packets }, evidence };
      }
      const change = totalChange(total.packets, total.previous.packets);
      evidence.push(
        row('previous period', periodName(total.previous.period)),
        row(
          'previous total',
          `${num(total.previous.packets)} (from ${total.previous.source === 'dataset' ? 'total.previousPackets' : 'the --previous dataset'})`,
        ),
        row(
          'change',
          change.kind === 'same'
            ? 'none'
            : change.kind === 'fromNone'
              ? 'from none: no percentage'
              : change.kind === 'unrepresentable'
                ? 'too large to be written as a number: only the total is stated'
                : `${num(change.percent)}%${change.kind === 'about' ? ' (rounds to 0.0%: no direction stated)' : ''}`,
        ),
      );
      if (change.kind === 'unrepresentable') return { message: { key: 'years:periodTotal.alone', values, count: total.packets }, evidence };
      const withPrevious = {
        ...values,
        previousPeriod: periodShortName(total.previous.period),
        previousPackets: { kind: 'number', value: total.previous.packets, style: 'exact' } as Value,
      };
      const percent: Record<string, Value> =
        change.kind === 'more' || change.kind === 'fewer'
          ? { change: message('years:percent.exact', { value: { kind: 'number', value: change.shown, style: 'ratio' } }) }
          : {};
      return {
        message: { key: `years:periodTotal.${change.kind}`, values: { ...withPrevious, ...percent }, count: total.packets },
        evidence,
      };
    },
  },
  'top-share': {
    attributes: { ranking: { required: true, type: 'id' }, top: { type: 'int' } },
    summary: 'the share of all packets the top of a ranking took together, and its leader alone',
    needs: (attributes) => ['total', `rankingPackets:${attributes.ranking}`],
    explain(facts, attributes, refs, context) {
      const ranking = context.ranking(attributes.ranking!);
      const options = context.rankingOptions(attributes.ranking!);
      const limit = attributes.top === undefined ? options.limit : Number(attributes.top);
      const evidence: EvidenceRow[] = [
        row('ranking', attributes.ranking!),
        row('top', limit),
        row('total packets', facts.total?.packets ?? 'none'),
      ];
      const why = shareable(ranking, facts.total);
      if (why) return { evidence: [...evidence, row('no sentence', why)] };
      const top = topShare(ranking!.ranked, facts.total!.packets, limit)!;
      evidence.push(
        ...top.entries.map((e) =>
          row(`rank ${e.rank}`, `${e.key}: ${num(e.packets!)} packets, ${shareText(shareOf(e.packets!, facts.total!.packets))}`),
        ),
        row(
          `top ${limit} together`,
          `${num(top.entries.reduce((a, e) => a + e.packets!, 0))} packets in ${top.entries.length} ${top.entries.length === 1 ? 'entry' : 'entries'}, ${shareText(top.share)}`,
        ),
        row(
          'first place',
          `${top.leaders.map((e) => e.key).join(', ')}: ${shareText(top.leaderShare)}${top.leaders.length > 1 ? ' each' : ''}`,
        ),
      );
      return { message: topShareMessage(ranking!, top, options, refs), evidence };
    },
  },
};

function topShareMessage(
  ranking: RankingFacts,
  top: NonNullable<ReturnType<typeof topShare>>,
  options: RankingOptions,
  refs: Record<string, Value>,
): Message {
  const base = `years:topShare.${ranking.subject}`;
  const name = (e: (typeof top.leaders)[number]): Value => entryValue(e as RankedEntry | RankedRegion, options.serviceNames, true);
  const leaders: Value = top.leaders.length === 1 ? name(top.leaders[0]!) : { kind: 'list', items: top.leaders.map(name) };
  const values: Record<string, Value> = {
    ...refs,
    leader: leaders,
    leaders,
    leaderShare: shareValue(top.leaderShare),
    share: shareValue(top.share),
  };
  // The top is its leaders only: one sentence about them.
  if (top.entries.length === top.leaders.length) return { key: `${base}.${top.leaders.length === 1 ? 'only' : 'onlyTied'}`, values };
  // A tie across the limit: the top N places hold more than N entries, and the sentence counts both.
  const head =
    top.entries.length > top.places
      ? message(`${base}.topTied`, { places: count(top.places), entries: count(top.entries.length), share: values.share! })
      : message(`${base}.top`, { places: count(top.places), share: values.share! });
  const leader = message(`${base}.${top.leaders.length === 1 ? 'leader' : 'leaders'}`, values);
  return { key: 'years:topShare.sentence', values: { ...refs, top: head, leader } };
}

/**
 * Why a ranking's table cannot show each entry's share of all packets (`share=total`), or nothing when it can:
 * a share needs the total, packets to take it of, and a ranking of all sensors (a scoped one's packets are a
 * part of what the total counts, and over it they would read as false shares).
 */
export function shareColumnIgnored(
  ranking: Pick<RankingFacts, 'counted' | 'scoped'>,
  total: TotalFacts | Dataset['total'] | undefined,
): string | undefined {
  if (ranking.scoped) return 'a ranking with a scope, whose packets are not a part of the total of all sensors';
  if (!ranking.counted) return 'a ranking of ranks only, with no packets to take a share of';
  if (!total) return 'a dataset without a total';
  if (total.packets === 0) return 'a total of 0 packets, which has no share of it';
  return undefined;
}

/** The table of a ranking with a last column, each entry's share of all packets; empty cells when the total is 0 (a share of none is no share). */
export function withShareColumn(table: DataTable, ranking: RankingFacts, options: RankingOptions, total: TotalFacts): DataTable {
  const rows = ranking.ranked.filter((e) => e.rank <= options.limit);
  return {
    ...table,
    columns: [...table.columns, { header: message('years:tables.share'), align: 'right' }],
    rows: table.rows.map((cells, i) => [
      ...cells,
      total.packets === 0 ? undefined : shareValue(shareOf(rows[i]!.packets ?? 0, total.packets)),
    ]),
  };
}

/** The dataset's own previous total against the --previous dataset's: the latter is used, and a difference said. */
export function totalConflict(dataset: Dataset, previous: Dataset, file: string, previousFile: string): Problem[] {
  const own = dataset.total?.previousPackets;
  const theirs = previous.total?.packets;
  if (own === undefined || theirs === undefined || own === theirs) return [];
  return [
    problem({
      file,
      ruleId: 'previous-total-conflict',
      fatal: false,
      reason: `expected total.previousPackets to agree with the total of ${previousFile} (${periodName(previous.period)}), found ${num(own)} against ${num(theirs)}: the post uses ${num(theirs)}, from ${previousFile}`,
    }),
  ];
}
