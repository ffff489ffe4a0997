/**
 * Computed sentences, as messages: the data chooses the locale key (which
 * quantifier, tied or not) and the values; the words stay in the locales.
 */
import type { Facts, SharedEntry, YearOverYear } from '../analysis/index.js';
import { num, row, type EvidenceRow, type FactDefinition } from './fact-types.js';
import type { Message, Value } from './nodes.js';

export const text = (t: string): Value => ({ kind: 'text', text: t });
export const count = (n: number): Value => ({ kind: 'count', value: n });
export const list = (items: Value[]): Value => ({ kind: 'list', items });
const entries = (shared: readonly { key: string }[]): Value => list(shared.map((e) => text(e.key)));

/** The facts of the first templates: the source country's leader, the regions, the year before, the shared entries. */
export const CORE_FACTS: Record<string, FactDefinition> = {
  'source-top-entry': {
    attributes: {},
    summary: "what came first in the source country's list, and with how many packets",
    needs: () => ['sourceCountryTop'],
    explain: (facts, _attributes, refs) => ({ message: sourceTopEntry(facts, refs), evidence: sourceTopEvidence(facts) }),
  },
  'region-comparison': {
    attributes: {},
    summary: "which region's sensors took in more packets per day, month by month",
    needs: () => ['bothRegions'],
    explain: (facts, _attributes, refs) => ({ message: regionComparison(facts, refs), evidence: regionEvidence(facts) }),
  },
  'previous-year-shown': {
    attributes: {},
    summary: 'which months the daily-average charts set beside the same month a year earlier',
    needs: () => ['previousYear'],
    explain: (facts, _attributes, refs) => ({ message: previousYearShown(facts, refs), evidence: yearEvidence(facts) }),
  },
  'year-over-year': {
    attributes: {},
    summary: 'in how many months each region took in more packets than a year earlier',
    needs: () => ['previousYear'],
    explain: (facts, _attributes, refs) => ({ message: yearOverYearMessage(facts, refs), evidence: yearEvidence(facts) }),
  },
  'common-to-all-sensors': {
    attributes: {},
    summary: 'the entries in the top list of every sensor',
    needs: () => ['sensorTop'],
    explain: (facts, _attributes, refs) => ({ message: commonToAll(facts.commonToAll, facts, refs), evidence: commonEvidence(facts) }),
  },
};

function sourceTopEvidence(facts: Facts): EvidenceRow[] {
  const source = facts.sourceCountry;
  if (!source) return [row('source country list', 'absent')];
  return [
    row('source country', source.country),
    row('list complete', source.complete),
    ...source.top.map((e) => row(`rank ${e.rank}`, `${e.key}${e.packets === undefined ? '' : `: ${num(e.packets)} packets`}`)),
  ];
}

function regionEvidence(facts: Facts): EvidenceRow[] {
  const comparison = facts.regionComparison;
  if (!comparison) return [row('region comparison', 'needs a daily average of both regions for every month')];
  return [
    ...comparison.months.map((m) =>
      row(
        m.month,
        `domestic ${num(m.domestic)}, overseas ${num(m.overseas)} per sensor per day: ${m.higher === 'equal' ? 'equal' : `${m.higher} higher`}${m.ratio === undefined ? '' : `, ratio ${num(m.ratio)}`}`,
      ),
    ),
    row('summary', comparison.summary),
  ];
}

function yearEvidence(facts: Facts): EvidenceRow[] {
  return facts.regions.flatMap((region) => {
    const change = facts.yearOverYear[region];
    if (!change) return [row(region, 'no daily averages')];
    return [
      ...change.months.map((m) =>
        row(
          `${region} ${m.month}`,
          m.previous === undefined
            ? `${num(m.current)}; ${m.previousMonth}: not in the data`
            : `${num(m.current)} against ${num(m.previous)} in ${m.previousMonth}`,
        ),
      ),
      row(`${region} months`, `${change.increased} of ${change.compared} compared increased (${change.quantifier ?? 'none compared'})`),
    ];
  });
}

function commonEvidence(facts: Facts): EvidenceRow[] {
  return [
    row('sensors', facts.sensors.length),
    row('sensors with complete lists', facts.sensors.filter((s) => s.complete).length),
    row('top of each list', facts.limits.sensorLimit),
    row(
      'in every complete list',
      facts.commonToAll.map((e) => e.key),
    ),
  ];
}

function sourceTopEntry(facts: Facts, refs: Record<string, Value>): Message | undefined {
  const source = facts.sourceCountry;
  const leader = source?.leaders[0];
  // A list known only in part may miss what came first.
  if (!source || !leader || !source.complete) return undefined;
  // A list of ranks only says who came first, not with how many packets.
  const counted = leader.packets !== undefined;
  const values = {
    ...refs,
    country: { kind: 'country', code: source.country, inText: true } as Value,
    ...(counted ? { packets: { kind: 'number', value: leader.packets! } as Value } : {}),
  };
  if (source.leaders.length === 1)
    return {
      key: counted ? 'facts:sourceTopEntry.single' : 'facts:sourceTopEntry.singleRanked',
      values: { ...values, entry: text(leader.key) },
    };
  return {
    key: counted ? 'facts:sourceTopEntry.tied' : 'facts:sourceTopEntry.tiedRanked',
    values: { ...values, entries: entries(source.leaders) },
    count: source.leaders.length,
  };
}

function regionComparison(facts: Facts, refs: Record<string, Value>): Message | undefined {
  const comparison = facts.regionComparison;
  if (!comparison) return undefined;
  const { summary, months } = comparison;
  if (summary === 'equal') return { key: 'facts:regionComparison.equal', values: refs };
  const monthsWhere = (higher: 'domestic' | 'overseas' | 'equal'): Value =>
    list(months.filter((m) => m.higher === higher).map((m) => ({ kind: 'month', month: m.month }) as Value));
  const has = (higher: 'domestic' | 'overseas' | 'equal') => months.some((m) => m.higher === higher);
  if (summary === 'mixed') {
    const values = {
      ...refs,
      domesticMonths: monthsWhere('domestic'),
      overseasMonths: monthsWhere('overseas'),
      equalMonths: monthsWhere('equal'),
    };
    if (has('domestic') && has('overseas'))
      return { key: has('equal') ? 'facts:regionComparison.mixedLevel' : 'facts:regionComparison.mixed', values };
    // One region ahead in some months, level with the other in the rest.
    const higher = has('domestic') ? 'domestic' : 'overseas';
    return {
      key: 'facts:regionComparison.partly',
      values: {
        ...values,
        higher: { kind: 'region', region: higher },
        lower: { kind: 'region', region: higher === 'domestic' ? 'overseas' : 'domestic' },
        higherMonths: monthsWhere(higher),
      },
    };
  }
  const ratios = months.map((m) => m.ratio).filter((r): r is number => r !== undefined);
  const lower = summary === 'domestic' ? 'overseas' : 'domestic';
  return {
    key: ratios.length === months.length ? 'facts:regionComparison.every' : 'facts:regionComparison.everyNoRatio',
    values: {
      ...refs,
      higher: { kind: 'region', region: summary },
      lower: { kind: 'region', region: lower },
      maxRatio: { kind: 'number', value: Math.max(...ratios), style: 'ratio' },
      minRatio: { kind: 'number', value: Math.min(...ratios), style: 'ratio' },
    },
  };
}

/** Which months the charts set beside the same month a year earlier: every month, or region by region. */
function previousYearShown(facts: Facts, refs: Record<string, Value>): Message | undefined {
  const changes = facts.regions.map((r) => facts.yearOverYear[r]).filter((c): c is YearOverYear => c !== undefined);
  if (changes.every((c) => c.compared === 0)) return undefined;
  if (changes.every((c) => c.compared === facts.months.length)) return { key: 'facts:previousYearShown.all', values: refs };
  const part = (change: YearOverYear): Message => {
    const values = { ...refs, region: { kind: 'region', region: change.region } as Value };
    if (change.compared === facts.months.length) return { key: 'facts:previousYearShown.region.all', values };
    if (change.compared === 0) return { key: 'facts:previousYearShown.region.none', values };
    const months = list(change.months.filter((m) => m.previous !== undefined).map((m) => ({ kind: 'month', month: m.month }) as Value));
    return { key: 'facts:previousYearShown.region.some', values: { ...values, months }, count: change.compared };
  };
  const [first, second] = changes.map(part);
  if (!second) return first;
  return {
    key: 'facts:previousYearShown.pair',
    values: { ...refs, first: { kind: 'message', message: first! }, second: { kind: 'message', message: second } },
  };
}

/**
 * Each quantifier speaks of the months that can be compared: when the data lacks some of last
 * year's months, the `…Compared` variants say how many could be, and never claim the whole quarter.
 */
function yearOverYearMessage(facts: Facts, refs: Record<string, Value>): Message | undefined {
  const changes = facts.regions.map((r) => facts.yearOverYear[r]).filter((c): c is YearOverYear => c?.quantifier !== undefined);
  if (changes.length === 0) return undefined;
  // "Neither of the two months", not "none of the two": English has a word for two.
  const variant = (change: YearOverYear): string =>
    change.compared < facts.months.length
      ? change.quantifier === 'none' && change.compared === 2
        ? 'noneComparedTwo'
        : `${change.quantifier!}Compared`
      : change.quantifier!;
  const comparedMonths = (change: YearOverYear) => change.months.filter((m) => m.previous !== undefined);
  const values = (change: YearOverYear): Record<string, Value> => ({
    ...refs,
    region: { kind: 'region', region: change.region },
    count: count(change.increased),
    total: count(change.compared),
    months: list(
      comparedMonths(change)
        .filter((m) => m.current > m.previous!)
        .map((m) => ({ kind: 'month', month: m.month }) as Value),
    ),
    comparedMonths: list(comparedMonths(change).map((m) => ({ kind: 'month', month: m.month }) as Value)),
  });
  // Plural forms follow the number of months the sentence is about.
  const countOf = (change: YearOverYear) =>
    change.quantifier === 'all' || change.quantifier === 'none' ? change.compared : change.increased;
  const [first, second] = changes;
  const sameMonths = (a: YearOverYear, b: YearOverYear) =>
    JSON.stringify(values(a).months) === JSON.stringify(values(b).months) &&
    JSON.stringify(values(a).comparedMonths) === JSON.stringify(values(b).comparedMonths);
  if (!second) return { key: `facts:yearOverYear.region.${variant(first!)}`, values: values(first!), count: countOf(first!) };
  if (variant(first!) === variant(second) && sameMonths(first!, second)) {
    return { key: `facts:yearOverYear.both.${variant(first!)}`, values: values(first!), count: countOf(first!) };
  }
  // Two regions that differ: one lead-in, then each region's part, so no sentence repeats the other's opening.
  const part = (change: YearOverYear): Value => ({
    kind: 'message',
    message: { key: `facts:yearOverYear.part.${variant(change)}`, values: values(change), count: countOf(change) },
  });
  return { key: 'facts:yearOverYear.pair', values: { ...refs, first: part(first!), second: part(second) } };
}

/** Two sensors are "both", more are "all N": English and Japanese word them differently. */
function commonToAll(shared: readonly SharedEntry[], facts: Facts, refs: Record<string, Value>): Message | undefined {
  const complete = facts.sensors.filter((s) => s.complete).length;
  if (complete < facts.sensors.length) {
    // Said of the sensors with complete lists only, and saying so.
    if (complete < 2) return undefined;
    const values = { ...refs, limit: count(facts.limits.sensorLimit), complete: count(complete) };
    if (shared.length === 0) return { key: 'facts:commonToAll.amongCompleteNone', values };
    return { key: 'facts:commonToAll.amongComplete', values: { ...values, entries: entries(shared) }, count: shared.length };
  }
  if (facts.sensors.length < 2) return undefined;
  const group = facts.sensors.length === 2 ? 'both' : 'all';
  const values = { ...refs, limit: count(facts.limits.sensorLimit), sensors: count(facts.sensors.length) };
  if (shared.length === 0) return { key: `facts:commonToAll.${group}None`, values };
  return {
    key: `facts:commonToAll.${group}`,
    values: { ...values, entries: entries(shared), count: count(shared.length) },
    count: shared.length,
  };
}
