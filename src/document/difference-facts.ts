/**
 * `largest-difference`: how far apart the sensors' packet totals are, or the
 * two regions' daily averages in the month they differ most. Within 10% the
 * sentence gives a bound ("less than 4%", always true); beyond, a ratio of the
 * largest to the smallest, naming who or when.
 */
import { difference, sensorsIn, type Difference, type Facts, type MonthComparison } from '../analysis/index.js';
import { num, row, type EvidenceRow, type FactDefinition, type FactResult } from './fact-types.js';
import { count, list } from './facts.js';
import type { Message, Value } from './nodes.js';
import { groupLabel, groupValue, regionAttribute, regionOf } from './sensor-facts.js';

type Attributes = Readonly<Record<string, string>>;

const without = (reason: string, evidence: EvidenceRow[]): FactResult => ({ evidence: [...evidence, row('no sentence', reason)] });
const ratioValue = (ratio: number): Value => ({ kind: 'number', value: ratio, style: 'ratio' });
const percentValue = (percent: number): Value => ({ kind: 'number', value: percent, style: 'integer' });
const differenceText = (found: Difference): string =>
  found.kind === 'close'
    ? `less than ${found.percent}% apart`
    : found.kind === 'ratio'
      ? `largest ${num(found.ratio)} times the smallest`
      : found.kind === 'unbounded'
        ? 'the smallest is 0'
        : 'the ratio is too large to be written as a number';

function betweenSensors(facts: Facts, attributes: Attributes, refs: Record<string, Value>): FactResult {
  const region = regionOf(attributes);
  const sensors = sensorsIn(facts.sensors, region).map((r) => r.sensor);
  const compared = sensors.filter((s) => s.packets !== undefined);
  const evidence = [
    row('sensors', `${sensors.length} (${groupLabel(region)}), ${compared.length} with a packet total`),
    ...sensors.map((s) =>
      row(`${s.region} sensor ${s.number} (${s.id})`, s.packets === undefined ? 'no packet total: left out' : `${num(s.packets)} packets`),
    ),
  ];
  if (compared.length < 2) return without('fewer than two sensors with a packet total', evidence);
  const totals = compared.map((s) => s.packets!);
  const [most, least] = [Math.max(...totals), Math.min(...totals)];
  const found = difference(most, least);
  evidence.push(row('difference', differenceText(found)));
  const values = { ...refs, compared: count(compared.length), group: groupValue(region) };
  if (found.kind === 'unbounded') return without('the quietest sensor received no packets: there is no ratio', evidence);
  if (found.kind === 'unrepresentable')
    return without(
      'the busiest sensor received too many times as many packets as the quietest for the ratio to be written as a number',
      evidence,
    );
  if (found.kind === 'close')
    return {
      message: { key: 'spread:largestDifference.sensorsClose', values: { ...values, percent: percentValue(found.percent) } },
      evidence,
    };
  // Ties for the most or the fewest are all named.
  const named = (total: number): Value =>
    list(compared.filter((s) => s.packets === total).map((sensor) => ({ kind: 'sensor', sensor }) as Value));
  return {
    message: {
      key: 'spread:largestDifference.sensorsRatio',
      values: { ...values, ratio: ratioValue(found.ratio), busiest: named(most), quietest: named(least) },
    },
    evidence,
  };
}

function betweenRegions(facts: Facts, refs: Record<string, Value>): FactResult {
  const months = facts.regionComparison?.months ?? [];
  const evidence = months.map((m) =>
    row(
      m.month,
      `domestic ${num(m.domestic)}, overseas ${num(m.overseas)} per sensor per day: ${differenceText(difference(Math.max(m.domestic, m.overseas), Math.min(m.domestic, m.overseas)))}`,
    ),
  );
  if (months.length === 0) return without('needs a daily average of both regions for every month', evidence);
  const gaps = months.map((m) => ({ month: m, found: difference(Math.max(m.domestic, m.overseas), Math.min(m.domestic, m.overseas)) }));
  if (gaps.some((g) => g.found.kind === 'unbounded'))
    return without("in some month one region's sensors received no packets: there is no ratio", evidence);
  if (gaps.some((g) => g.found.kind === 'unrepresentable'))
    return without('in some month the ratio of the regions is too large to be written as a number', evidence);
  const ratioOf = (m: MonthComparison): number =>
    m.domestic === m.overseas ? 1 : Math.max(m.domestic, m.overseas) / Math.min(m.domestic, m.overseas);
  const largest = Math.max(...months.map(ratioOf));
  const widest = gaps.filter((g) => ratioOf(g.month) === largest);
  const found = widest[0]!.found;
  if (found.kind === 'close') {
    const percent = Math.max(...gaps.map((g) => (g.found.kind === 'close' ? g.found.percent : 0)));
    return { message: { key: 'spread:largestDifference.regionsClose', values: { ...refs, percent: percentValue(percent) } }, evidence };
  }
  const higher = new Set(widest.map((g) => g.month.higher));
  if (higher.size > 1) return without('the months of the largest difference disagree on which region received more', evidence);
  const lead = widest[0]!.month.higher as 'domestic' | 'overseas';
  const message: Message = {
    key: 'spread:largestDifference.regionsRatio',
    values: {
      ...refs,
      months: list(widest.map((g) => ({ kind: 'month', month: g.month.month }) as Value)),
      higher: { kind: 'region', region: lead },
      lower: { kind: 'region', region: lead === 'domestic' ? 'overseas' : 'domestic' },
      ratio: ratioValue(largest),
    },
    count: widest.length,
  };
  return { message, evidence };
}

export const DIFFERENCE_FACTS: Record<string, FactDefinition> = {
  'largest-difference': {
    attributes: { between: { required: true, values: ['sensors', 'regions'] }, region: regionAttribute },
    summary: "how far apart the sensors' packet totals, or the regions' daily averages, are at most",
    needs: (attributes) =>
      attributes.between === 'regions'
        ? ['dailyAverages', 'bothRegions']
        : attributes.region
          ? [attributes.region as 'domestic' | 'overseas']
          : [],
    check: (attributes) =>
      attributes.between === 'regions' && attributes.region !== undefined
        ? [`expected no region with between=regions (it compares the two), found region="${attributes.region}"`]
        : [],
    explain: (facts, attributes, refs) =>
      attributes.between === 'regions' ? betweenRegions(facts, refs) : betweenSensors(facts, attributes, refs),
  },
};
