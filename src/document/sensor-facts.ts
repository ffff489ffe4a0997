/**
 * Quantified facts about the sensors' top lists: how many sensors rank an
 * entry, whether a region's sensors rank alike, what only one region ranks.
 * Every count is of what the lists show; a list known only in part never
 * counts against an entry (it may hold it in its unknown part), so it turns
 * a count into "at least" and keeps any absence from being claimed.
 */
import { cutTo, entryReach, sameTop, sensorsIn, type EntryReach, type Facts, type SensorRanking } from '../analysis/index.js';
import type { Region } from '../dataset/schema.js';
import type { AttributeSpec, DataNeed } from './directives.js';
import { row, type EvidenceRow, type FactDefinition, type FactResult } from './fact-types.js';
import { count, list, text } from './facts.js';
import type { AnalysisLimits } from '../analysis/index.js';
import type { Message, Value } from './nodes.js';

type Attributes = Readonly<Record<string, string>>;
type Quantifier = 'most' | 'all' | 'any';

export const regionAttribute: AttributeSpec = { values: ['domestic', 'overseas'] };
const topAttribute: AttributeSpec = { type: 'int' };

export const regionOf = (attributes: Attributes): Region | undefined => attributes.region as Region | undefined;
const topOf = (attributes: Attributes, facts: Facts): number => Number(attributes.top ?? facts.limits.sensorLimit);
/** Sensors are named as the locales name the group: "sensors", "domestic sensors". */
export const groupValue = (region: Region | undefined): Value => ({
  kind: 'message',
  message: { key: `spread:groups.${region ?? 'all'}`, values: {} },
});
export const groupLabel = (region: Region | undefined): string => (region === undefined ? 'all sensors' : `${region} sensors`);

/** A sensor fact reads the sensors' lists (of one region, if it names one) and ranks no further than the tables. */
const sensorNeeds = (attributes: Attributes): DataNeed[] =>
  attributes.region ? ['sensorTop', attributes.region as DataNeed] : ['sensorTop'];
function checkTop(attributes: Attributes, limits: Readonly<Required<AnalysisLimits>>): string[] {
  const top = Number(attributes.top);
  return attributes.top !== undefined && top > limits.sensorLimit
    ? [`expected top to be at most ${limits.sensorLimit} (the per-sensor table's limit), found "${attributes.top}"`]
    : [];
}

const listEvidence = (rankings: readonly SensorRanking[]): EvidenceRow[] =>
  rankings.map((r) =>
    row(
      `${r.sensor.region} sensor ${r.sensor.number} (${r.sensor.id})${r.complete ? '' : ', known in part'}`,
      r.top.map((e) => `${e.rank}. ${e.key}`),
    ),
  );

const without = (reason: string, evidence: EvidenceRow[]): FactResult => ({ evidence: [...evidence, row('no sentence', reason)] });

// ---- top-spread ---------------------------------------------------------------------------------

/** Whether an entry's count qualifies, knowing only that it lies between `shown` and `shown + undecided`. */
function qualifies(reach: EntryReach, sensors: number, quantifier: Quantifier): boolean {
  const shown = reach.sensorIds.length;
  if (quantifier === 'all') return shown === sensors;
  if (quantifier === 'any') return shown > 0;
  // "Most but not all": more than half, and not all of them (at least not as far as the lists show).
  return shown * 2 > sensors && shown < sensors;
}

interface SpreadGroup {
  shown: number;
  /** Whether a list known only in part could add to the count: "at least". */
  atLeast: boolean;
  keys: string[];
}

/** Entries grouped by how many sensors rank them, the most first; each group one clause. */
function spreadGroups(reaches: readonly EntryReach[], sensors: number, quantifier: Quantifier): SpreadGroup[] {
  const groups: SpreadGroup[] = [];
  for (const reach of reaches.filter((r) => qualifies(r, sensors, quantifier))) {
    const shown = reach.sensorIds.length;
    // A list known only in part that does not show the entry may still hold it.
    const atLeast = reach.undecided > 0;
    let group = groups.find((g) => g.shown === shown && g.atLeast === atLeast);
    if (!group) groups.push((group = { shown, atLeast, keys: [] }));
    group.keys.push(reach.key);
  }
  return groups.sort((a, b) => b.shown - a.shown || Number(a.atLeast) - Number(b.atLeast));
}

function topSpread(facts: Facts, attributes: Attributes, refs: Record<string, Value>): FactResult {
  const region = regionOf(attributes);
  const top = topOf(attributes, facts);
  const quantifier = attributes.quantifier as Quantifier;
  const rankings = cutTo(sensorsIn(facts.sensors, region), top);
  const reaches = entryReach(rankings);
  const evidence = [
    row('sensors', `${rankings.length} (${groupLabel(region)}), ${rankings.filter((r) => !r.complete).length} known in part`),
    row('top of each list', top),
    row(
      'quantifier',
      quantifier === 'most'
        ? 'most: more than half of the sensors, not all'
        : quantifier === 'all'
          ? 'all: every sensor'
          : 'any: at least one sensor',
    ),
    ...reaches.map((r) =>
      row(
        r.key,
        `${r.sensorIds.length} of ${rankings.length}${r.undecided > 0 ? ` (${r.undecided} more lists known in part may hold it)` : ''}`,
      ),
    ),
  ];
  // One sensor has no "most" or "all" worth a sentence; two have no "most but not all".
  if (rankings.length < 2) return without('fewer than two sensors', evidence);
  const groups = spreadGroups(reaches, rankings.length, quantifier);
  if (groups.length === 0)
    return without(
      `no entry is in the top ${top} of ${quantifier === 'most' ? 'more than half but not all' : quantifier === 'all' ? 'every one' : 'any'} of the sensors`,
      evidence,
    );
  const sensors = rankings.length;
  const clause = (group: SpreadGroup, first: boolean): Value => {
    const whole = group.shown === sensors ? (sensors === 2 ? 'Both' : 'All') : group.atLeast ? 'AtLeast' : '';
    return {
      kind: 'message',
      message: {
        key: `spread:topSpread.${first ? 'first' : 'more'}${whole}`,
        values: {
          entries: list(group.keys.map(text)),
          count: count(group.shown),
          sensors: count(sensors),
          limit: count(top),
          group: groupValue(region),
        },
        count: group.keys.length,
      },
    };
  };
  const clauses = groups.map((g, i) => clause(g, i === 0));
  const values = { ...refs, sensors: count(sensors), limit: count(top), group: groupValue(region) };
  // Two clauses take a comma before "and" in English, which a list of two does not give.
  const message: Message =
    clauses.length === 2
      ? { key: 'spread:topSpread.sentencePair', values: { ...values, first: clauses[0]!, second: clauses[1]! } }
      : { key: 'spread:topSpread.sentence', values: { ...values, groups: list(clauses) } };
  return { message, evidence };
}

// ---- same-top -----------------------------------------------------------------------------------

const otherRegion = (region: Region): Region => (region === 'domestic' ? 'overseas' : 'domestic');

function sameTopFact(facts: Facts, attributes: Attributes, refs: Record<string, Value>): FactResult {
  const region = regionOf(attributes);
  const top = topOf(attributes, facts);
  const rankings = cutTo(sensorsIn(facts.sensors, region), top);
  const evidence = [row('sensors', `${rankings.length} (${groupLabel(region)})`), row('top of each list', top), ...listEvidence(rankings)];
  const same = sameTop(rankings);
  if (same.kind === 'unknown') return without(same.reason, evidence);
  if (same.kind === 'different') return without(`the ${groupLabel(region)} do not all have the same top ${top}`, evidence);
  if (same.keys.length === 0) return without('every list is empty', evidence);
  // A list shorter than the limit is all there is: "the same top three" of three-entry lists.
  const limit = Math.min(top, same.keys.length);
  evidence.push(row(`shared top ${limit}`, same.keys), row('same order', same.order));
  const values = { ...refs, sensors: count(rankings.length), group: groupValue(region), limit: count(limit) };
  const clause: Value = { kind: 'message', message: { key: same.order ? 'spread:sameTop.ordered' : 'spread:sameTop.unordered', values } };
  // The other region is set beside only when its lists show, at the same limit, that they differ.
  const other = region === undefined ? undefined : cutTo(sensorsIn(facts.sensors, otherRegion(region)), limit);
  const contrast = other ? sameTop(other) : undefined;
  if (other && region)
    evidence.push(
      row(
        `${otherRegion(region)} sensors, top ${limit}`,
        contrast!.kind === 'unknown' ? `not compared: ${contrast!.reason}` : contrast!.kind,
      ),
      ...listEvidence(other),
    );
  if (contrast?.kind === 'different') {
    return { message: { key: 'spread:sameTop.unlike', values: { ...values, clause, other: groupValue(otherRegion(region!)) } }, evidence };
  }
  return { message: { key: 'spread:sameTop.alone', values: { ...values, clause } }, evidence };
}

// ---- only-in-region -----------------------------------------------------------------------------

function onlyInRegionFact(facts: Facts, attributes: Attributes, refs: Record<string, Value>): FactResult {
  const top = topOf(attributes, facts);
  const rankings = cutTo(facts.sensors, top);
  const regions = regionOf(attributes) ? [regionOf(attributes)!] : facts.regions;
  const evidence = [row('top of each list', top), ...listEvidence(rankings)];
  if (facts.regions.length < 2) return without('the sensors are all of one region', evidence);
  // An absence is claimed: every list must be whole.
  if (rankings.some((r) => !r.complete)) return without('a list known only in part may hold any entry in its unknown part', evidence);
  const parts = regions.flatMap((region): Value[] => {
    const inside = entryReach(sensorsIn(rankings, region));
    const outside = new Set(entryReach(sensorsIn(rankings, otherRegion(region))).map((r) => r.key));
    const only = inside.filter((r) => !outside.has(r.key)).map((r) => r.key);
    evidence.push(row(`only at ${region} sensors`, only));
    if (only.length === 0) return [];
    const sensors = sensorsIn(rankings, region).length;
    return [
      {
        kind: 'message',
        message: {
          key: 'spread:onlyInRegion.region',
          values: { ...refs, region: { kind: 'region', region }, entries: list(only.map(text)), limit: count(top) },
          count: sensors,
        },
      },
    ];
  });
  const [first, second] = parts;
  if (!first) return without("no entry is ranked by one region's sensors only", evidence);
  if (!second) return { message: (first as { kind: 'message'; message: Message }).message, evidence };
  return { message: { key: 'spread:onlyInRegion.pair', values: { ...refs, first, second } }, evidence };
}

export const SENSOR_FACTS: Record<string, FactDefinition> = {
  'top-spread': {
    attributes: { quantifier: { required: true, values: ['most', 'all', 'any'] }, region: regionAttribute, top: topAttribute },
    summary: 'the entries in the top list of most, all or any of the sensors, with how many sensors rank each',
    needs: sensorNeeds,
    check: checkTop,
    explain: (facts, attributes, refs) => topSpread(facts, attributes, refs),
  },
  'same-top': {
    attributes: { region: regionAttribute, top: topAttribute },
    summary: "whether the sensors (of a region) share the same top entries, in the same order or not, unlike the other region's",
    needs: sensorNeeds,
    check: checkTop,
    explain: (facts, attributes, refs) => sameTopFact(facts, attributes, refs),
  },
  'only-in-region': {
    attributes: { region: regionAttribute, top: topAttribute },
    summary: "the entries in the top lists of one region's sensors only",
    needs: () => ['sensorTop', 'bothRegions'],
    check: checkTop,
    explain: (facts, attributes, refs) => onlyInRegionFact(facts, attributes, refs),
  },
};
