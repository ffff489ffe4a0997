/**
 * Sentences on breakdowns by category: which entries of a table had over (or
 * under) a share of their packets of one category, and how their ranks would
 * change ranked by that category alone. Entries without a count for the
 * category are unknown: left out, and said to be.
 */
import {
  categoriesCarried,
  categoryCount,
  categoryShare,
  meetsShare,
  ranksByCategory,
  type Facts,
  type RankedEntry,
  type RankedRegion,
  type ShareTest,
} from '../analysis/index.js';
import { CATEGORY_ID } from '../dataset/schema.js';
import { categoryName } from './breakdown-table.js';
import { num, row, type EvidenceRow, type FactContext, type FactDefinition, type FactResult } from './fact-types.js';
import type { Message, Value } from './nodes.js';
import { entryValue } from './ranking-elements.js';

type Ranked = RankedEntry | RankedRegion;

/** A list as a fact sees it: all of it, and the entries its table shows. */
interface ListView {
  name: string;
  all: readonly Ranked[];
  shown: readonly Ranked[];
  complete: boolean;
  /** "Top five": the places the table shows, never more than its rows. */
  places: number;
  serviceNames: boolean;
}

function listView(facts: Facts, attributes: Readonly<Record<string, string>>, context: FactContext): ListView | undefined {
  if (attributes.data === 'sourceCountryTop') {
    const source = facts.sourceCountry;
    if (!source) return undefined;
    const places = Math.min(facts.limits.sourceLimit, source.top.length);
    return {
      name: `sourceCountryTop (${source.country})`,
      all: source.ranked,
      shown: source.top,
      complete: source.complete,
      places,
      serviceNames: false,
    };
  }
  const ranking = context.ranking(attributes.ranking ?? '');
  if (!ranking) return undefined;
  const options = context.rankingOptions(ranking.id);
  const shown = ranking.ranked.filter((e) => e.rank <= options.limit);
  return {
    name: `ranking ${ranking.id}`,
    all: ranking.ranked,
    shown,
    complete: ranking.complete,
    places: Math.min(options.limit, shown.length),
    serviceNames: options.serviceNames,
  };
}

const list = (items: Value[]): Value => ({ kind: 'list', items });
const names = (view: ListView, entries: readonly Ranked[]): Value => list(entries.map((e) => entryValue(e, view.serviceNames, true)));

/** Sentences one after another, as one message (a fact is one paragraph). */
function joined(messages: Message[]): Message | undefined {
  return messages.reduceRight<Message | undefined>(
    (rest, first) =>
      rest
        ? { key: 'breakdowns:joined', values: { first: { kind: 'message', message: first }, second: { kind: 'message', message: rest } } }
        : first,
    undefined,
  );
}

/** "80/TCP is left out: its Mirai-type share is not given." (`breakdowns:missing`), or "… count …" (`breakdowns:rankChanges.missing`) */
const missingNote = (view: ListView, entries: readonly Ranked[], category: Value, key = 'breakdowns:missing'): Message => ({
  key,
  values: { entries: names(view, entries), category },
  count: entries.length,
});

/** The categories a fact speaks of: the one named, or each one the shown entries carry. */
const categoriesOf = (facts: Facts, attributes: Readonly<Record<string, string>>, view: ListView): string[] =>
  attributes.category !== undefined ? [attributes.category] : categoriesCarried(view.shown, Object.keys(facts.categories));

function shareTest(attributes: Readonly<Record<string, string>>): ShareTest {
  if (attributes.over !== undefined) return { kind: 'over', percent: Number(attributes.over) };
  if (attributes.under !== undefined) return { kind: 'under', percent: Number(attributes.under) };
  return { kind: attributes.share === 'none' ? 'none' : 'all' };
}

const testText = (test: ShareTest): string =>
  test.kind === 'over' || test.kind === 'under' ? `${test.kind} ${test.percent}%` : test.kind === 'all' ? 'every packet' : 'no packet';

const entryEvidence = (entry: Ranked, category: string): string => {
  const count = categoryCount(entry, category);
  const share = categoryShare(entry, category);
  if (count === undefined)
    return `rank ${entry.rank}, ${entry.packets === undefined ? 'no packets' : `${num(entry.packets)} packets`}, no ${category} count`;
  return `rank ${entry.rank}, ${num(count)} of ${num(entry.packets!)} packets ${category}${share === undefined ? '' : ` (${num(share)}%)`}`;
};

/** One category's share sentence over the shown entries. */
function shareSentence(facts: Facts, view: ListView, category: string, test: ShareTest, threshold: string): FactResult {
  const name = categoryName(category, facts.categories[category]);
  const judged = view.shown.map((entry) => ({ entry, meets: meetsShare(entry, category, test) }));
  const known = judged.filter((j) => j.meets !== undefined);
  const left = judged.filter((j) => j.meets === undefined).map((j) => j.entry);
  const matching = known.filter((j) => j.meets).map((j) => j.entry);
  const evidence: EvidenceRow[] = [
    row('category', category),
    ...judged.map(({ entry, meets }) =>
      row(
        entry.key,
        `${entryEvidence(entry, category)}${meets === undefined ? ': no share, left out' : `: ${testText(test)} ${meets ? 'yes' : 'no'}`}`,
      ),
    ),
    row(`entries with a share (${testText(test)})`, `${matching.length} of ${known.length}`),
  ];
  if (known.length === 0) return { evidence: [...evidence, row('sentence', `none: no entry shown has a ${category} share`)] };
  // "Every entry of the top five" and "no entry of the top five" speak of the whole top: every shown entry judged, of a whole list.
  const whole = left.length === 0 && view.complete && known.length >= 2;
  const form =
    matching.length > 0
      ? whole && matching.length === known.length
        ? known.length === 2
          ? 'both'
          : 'all'
        : 'match'
      : whole
        ? 'none'
        : 'notMatch';
  const quantified = form === 'both' || form === 'all' || form === 'none';
  const main: Message = {
    key: `breakdowns:share.${test.kind}.${form}`,
    values: {
      category: name,
      threshold: { kind: 'text', text: threshold },
      entries: names(view, form === 'notMatch' ? known.map((j) => j.entry) : matching),
      limit: { kind: 'count', value: view.places },
    },
    ...(quantified ? { count: view.places } : {}),
  };
  const message = joined([main, ...(left.length > 0 ? [missingNote(view, left, name)] : [])]);
  return { ...(message ? { message } : {}), evidence: [...evidence, row('sentence', form)] };
}

/** One category's rank-change sentence over the shown entries. */
function rankSentence(facts: Facts, view: ListView, category: string): FactResult {
  const name = categoryName(category, facts.categories[category]);
  const standings = ranksByCategory(view.all, view.shown, category, view.complete);
  const evidence: EvidenceRow[] = [
    row('category', category),
    ...view.shown.map((entry, i) =>
      row(entry.key, `${entryEvidence(entry, category)}; rank by ${category} alone: ${standings[i]!.to ?? 'not decided'}`),
    ),
  ];
  const moved = standings.filter((s) => s.to !== undefined && s.to !== s.from);
  const undecided = standings.filter((s) => s.to === undefined);
  const withoutCount = view.shown.filter((entry) => categoryCount(entry, category) === undefined);
  const note =
    withoutCount.length > 0 && withoutCount.length < view.shown.length
      ? [missingNote(view, withoutCount, name, 'breakdowns:rankChanges.missing')]
      : [];
  if (moved.length > 0) {
    const byKey = new Map(view.shown.map((e) => [e.key, e]));
    const changes = moved.map(
      (s): Value => ({
        kind: 'message',
        message: {
          key: 'breakdowns:rankChanges.move',
          values: {
            entry: entryValue(byKey.get(s.key)!, view.serviceNames, true),
            from: { kind: 'ordinal', value: s.from },
            to: { kind: 'ordinal', value: s.to! },
          },
        },
      }),
    );
    const message = joined([{ key: 'breakdowns:rankChanges.summary', values: { category: name, changes: list(changes) } }, ...note])!;
    return { message, evidence: [...evidence, row('sentence', `${moved.length} moved`)] };
  }
  if (undecided.length > 0) {
    const why = !view.complete
      ? 'the list is known only in part'
      : `the rank of ${undecided.map((s) => s.key).join(', ')} by ${category} is not decided`;
    return { evidence: [...evidence, row('sentence', `none: nothing moved that the data decides, and ${why}`)] };
  }
  const message: Message = {
    key: 'breakdowns:rankChanges.unchanged',
    values: { category: name, entries: names(view, view.shown), limit: { kind: 'count', value: view.places } },
    count: view.places,
  };
  return { message, evidence: [...evidence, row('sentence', 'every entry keeps its place')] };
}

/** Each category's sentence, one after another, and all their evidence. */
function perCategory(
  facts: Facts,
  attributes: Readonly<Record<string, string>>,
  context: FactContext,
  sentence: (view: ListView, category: string) => FactResult,
  head: EvidenceRow[] = [],
): FactResult {
  const view = listView(facts, attributes, context);
  if (!view) return { evidence: [row('list', 'absent')] };
  const evidence = [row('list', view.name), row('list complete', view.complete), row('places shown', view.places), ...head];
  const categories = categoriesOf(facts, attributes, view);
  if (categories.length === 0) return { evidence: [...evidence, row('categories', 'none carried by the entries shown')] };
  const results = categories.map((category) =>
    Object.hasOwn(facts.categories, category)
      ? sentence(view, category)
      : { evidence: [row('category', `${category}: not declared in the dataset`)] },
  );
  const message = joined(results.flatMap((r) => (r.message ? [r.message] : [])));
  return { ...(message ? { message } : {}), evidence: [...evidence, ...results.flatMap((r) => r.evidence)] };
}

const listNeeds = (attributes: Readonly<Record<string, string>>) =>
  attributes.data === 'rankings'
    ? [`ranking:${attributes.ranking}` as const, `rankingPackets:${attributes.ranking}` as const]
    : ['sourceCountryTop' as const, 'sourceCountryPackets' as const];

/** Checks shared by both facts: which list, and which category. */
function listProblems(attributes: Readonly<Record<string, string>>): string[] {
  const problems: string[] = [];
  if (attributes.data === 'rankings' && attributes.ranking === undefined)
    problems.push('expected ranking=<id> with data=rankings, found none');
  if (attributes.data !== 'rankings' && attributes.ranking !== undefined)
    problems.push(`expected no ranking with data=${attributes.data}, found ranking=${attributes.ranking}`);
  if (attributes.category !== undefined && !CATEGORY_ID.test(attributes.category))
    problems.push(`expected category to be a category id (lower-case words joined by hyphens, not "all"), found "${attributes.category}"`);
  return problems;
}

const PERCENT = /^\d{1,3}(\.\d+)?$/;
const LIST_ATTRIBUTES = {
  data: { required: true, values: ['sourceCountryTop', 'rankings'] },
  ranking: { type: 'id' as const },
  category: {},
};

export const CATEGORY_FACTS: Record<string, FactDefinition> = {
  'category-share': {
    attributes: { ...LIST_ATTRIBUTES, over: {}, under: {}, share: { values: ['all', 'none'] } },
    summary: 'which entries of a table had over (or under) a share of their packets of a category, or all or none of them',
    needs: listNeeds,
    check(attributes) {
      const problems = listProblems(attributes);
      const given = ['over', 'under', 'share'].filter((name) => attributes[name] !== undefined);
      if (given.length !== 1)
        problems.push(
          `expected exactly one of over=<0-100>, under=<0-100>, share=all|none, found ${given.length === 0 ? 'none' : given.join(' and ')}`,
        );
      for (const name of ['over', 'under']) {
        const value = attributes[name];
        if (value !== undefined && !(PERCENT.test(value) && Number(value) <= 100))
          problems.push(`expected ${name} to be a percent from 0 to 100, found "${value}"`);
      }
      return problems;
    },
    explain(facts, attributes, _refs, context) {
      const test = shareTest(attributes);
      const threshold = attributes.over ?? attributes.under ?? '';
      return perCategory(facts, attributes, context, (view, category) => shareSentence(facts, view, category, test, threshold), [
        row('test', testText(test)),
      ]);
    },
  },
  'category-rank-changes': {
    attributes: LIST_ATTRIBUTES,
    summary: "which entries of a table would change places if ranked by one category's packets alone",
    needs: listNeeds,
    check: listProblems,
    explain: (facts, attributes, _refs, context) =>
      perCategory(facts, attributes, context, (view, category) => rankSentence(facts, view, category)),
  },
};

/** Template checks of a table's `breakdown`: where it may stand, and what it may name. */
export function breakdownProblems(attributes: Readonly<Record<string, string>>): { ruleId: string; text: string }[] {
  if (attributes.data === 'sensorTop')
    return [
      {
        ruleId: 'unknown-attribute',
        text: 'expected no breakdown with data=sensorTop (per-sensor lists have no categories), found `breakdown`',
      },
    ];
  const value = attributes.breakdown ?? '';
  if (value !== 'all' && !CATEGORY_ID.test(value))
    return [
      {
        ruleId: 'invalid-attribute',
        text: `expected breakdown to be all or a category id (lower-case words joined by hyphens), found "${value}"`,
      },
    ];
  return [];
}
