/**
 * Template + dataset + facts → the locale-free document: sections whose data
 * is absent are dropped, tables and figures are numbered in document order,
 * references resolve to those numbers, and directives become typed nodes.
 */
import type { Paragraph, RootContent } from 'mdast';
import { SKIP, visit } from 'unist-util-visit';
import type { Facts, RankingFacts } from '../analysis/index.js';
import { dayAfterPeriod, periodId, periodKind, periodYear } from '../dataset/period.js';
import type { Dataset, Region } from '../dataset/schema.js';
import { problem, ProblemsError, type Problem } from '../messages.js';
import { DIRECTIVES, SERIES_DATA } from './directives.js';
import { seriesChart } from './series-elements.js';
import { rankingChart, rankingTable, type RankingOptions } from './ranking-elements.js';
import { dailyAveragesChart, entrySpreadChart, rankHeatmap, sensorTable, sourceCountryTable, sourceTopChart } from './elements.js';
import { withBreakdown } from './breakdown-table.js';
import { BlockError, customChart, customTable } from './block-output.js';
import type { BlockModel } from './blocks.js';
import { customBlockOf } from './directives.js';
import { shareColumnIgnored, withShareColumn } from './total-facts.js';
import type { Explanation } from './fact-types.js';
import type { DocumentTree, LocalizedText, Message, Value } from './nodes.js';
import type { Template } from './template.js';
import { availableData, chartedSeries, expandedIdCollisions, prune } from './data-needs.js';
import { DIRECTIVE_TYPES, directivesIn, type Directive } from './directive-nodes.js';

/** `numbers`: every number an id stands for; one, but a chart of every series has one a series. */
type Numbered = { kind: 'table' | 'figure'; number: number; numbers: number[] };

/** Places of a ranking shown when no table of the template says how many. */
const DEFAULT_RANKING_LIMIT = 5;

/** Template keys without a namespace are in `post`. */
export const qualifyKey = (key: string): string => (key.includes(':') ? key : `post:${key}`);

/** `facts`: the analysis of `dataset` (with the previous period's, when one was given) to the template's limits. */
export function buildDocument(template: Template, dataset: Dataset, facts: Facts): DocumentTree {
  const collisions = expandedIdCollisions(
    template,
    chartedSeries(facts).map((s) => s.id),
  );
  if (collisions.length > 0) throw new ProblemsError('template', collisions);
  const tree = structuredClone(template.tree);
  const dropped: Explanation[] = [];
  prune(tree, availableData(dataset, facts), dropped, template.registry);

  const numbers = new Map<string, Numbered>();
  const counters = { table: 0, figure: 0 };
  for (const node of directivesIn(tree)) {
    const kind = DIRECTIVES[node.name]?.numbered;
    if (!kind) continue;
    const id = node.attributes!.id!;
    // `data=series`: a figure for each series, `<id>-<series id>`, and `<id>` refers to them all.
    const perSeries =
      node.name === 'chart' && node.attributes?.data === 'series' ? chartedSeries(facts).map((s) => `${id}-${s.id}`) : undefined;
    const assigned = (perSeries ?? [id]).map((elementId) => {
      const number = ++counters[kind];
      numbers.set(elementId, { kind, number, numbers: [number] });
      return number;
    });
    if (perSeries) numbers.set(id, { kind, number: assigned[0] ?? 0, numbers: assigned });
  }

  const problems: Problem[] = [];
  const explanations: Explanation[] = [];
  const builder = new NodeBuilder(template, facts, dataset, numbers, problems, explanations);
  // Each directive becomes its typed nodes (none, or several: a chart of every series), in document order.
  visit(tree, DIRECTIVE_TYPES, (node, index, parent) => {
    const built = builder.build(node);
    (parent!.children as RootContent[]).splice(index!, 1, ...built);
    return [SKIP, index! + built.length];
  });
  if (problems.length > 0) throw new ProblemsError('template', problems);
  // Every fact of the template, in its order: those its data left out say which data they lacked.
  explanations.push(...dropped);
  explanations.sort((a, b) => (a.position?.start.offset ?? 0) - (b.position?.start.offset ?? 0));

  return {
    file: template.file,
    tree,
    globals: globalValues(dataset),
    explanations,
    frontMatter: {
      title: { key: qualifyKey(template.frontMatter.title), values: {} },
      translationKey: `${template.frontMatter.series}-${periodId(dataset.period)}`,
      date: dataset.publishedOn ?? dayAfterPeriod(dataset.period),
      period: dataset.period,
    },
  };
}

class NodeBuilder {
  constructor(
    private readonly template: Template,
    private readonly facts: Facts,
    private readonly dataset: Dataset,
    private readonly numbers: Map<string, Numbered>,
    private readonly problems: Problem[],
    private readonly explanations: Explanation[],
  ) {}

  build(node: Directive): RootContent[] {
    try {
      return this.directive(node);
    } catch (error) {
      // A custom block's code failed or returned the wrong shape: said where the template uses it.
      if (!(error instanceof BlockError)) throw error;
      this.problems.push(problem({ file: this.template.file, ruleId: 'block-output', place: node.position?.start, reason: error.reason }));
      return [];
    }
  }

  private directive(node: Directive): RootContent[] {
    const attributes = (node.attributes ?? {}) as Record<string, string>;
    const id = attributes.id ?? '';
    const number = this.numbers.get(id)?.number ?? 0;
    const position = node.position;
    switch (node.name) {
      case 't': {
        const values = this.refValues(node, attributes, []);
        // With a single reference, its count picks the plural form: "Figure 2 gives", "Figures 2 and 3 give".
        const refs = Object.values(values);
        const count = refs.length === 1 && refs[0]!.kind === 'message' ? refs[0]!.message.count : undefined;
        return [this.text({ key: qualifyKey(label(node)), values, position, ...(count === undefined ? {} : { count }) })];
      }
      case 'ref': {
        const ref = this.reference(node, label(node));
        return ref ? [this.text(ref.message)] : [];
      }
      case 'fact': {
        const definition = this.template.registry.facts[attributes.name!]!;
        const refs = this.refValues(node, attributes, ['name', ...Object.keys(definition.attributes)]);
        const context = {
          ranking: (id: string) => this.ranking(id),
          rankingOptions: (id: string) => this.rankingOptions(id),
          dataset: this.dataset,
        };
        const { message, evidence } = definition.explain(this.facts, attributes, refs, context);
        this.explanations.push({
          fact: attributes.name!,
          attributes: { ...attributes },
          ...(position ? { position } : {}),
          ...(message ? { message: { ...message, position, askedBy: 'fact' as const } } : {}),
          evidence,
        });
        if (!message) return [];
        const paragraph: Paragraph = {
          type: 'paragraph',
          children: [this.text({ ...message, position, askedBy: 'fact' })],
          ...(position ? { position } : {}),
        };
        return [paragraph];
      }
      case 'table': {
        const caption = qualifyKey(attributes.caption!);
        const custom = this.template.registry.tables[attributes.data!];
        if (customBlockOf(this.template.registry, 'table', attributes.data) && custom)
          return [customTable(attributes.data!, custom, this.model(attributes), id, number, caption, position)];
        if (attributes.data === 'rankings') {
          const ranking = this.ranking(attributes.ranking!)!;
          const options = this.rankingOptions(ranking.id);
          const table = rankingTable(id, number, caption, ranking, options, this.facts.previousPeriod, periodKind(this.facts.period));
          const shown = ranking.ranked.filter((e) => e.rank <= options.limit);
          const shared =
            attributes.share === 'total' && shareColumnIgnored(ranking, this.facts.total) === undefined
              ? withShareColumn(table, ranking, options, this.facts.total!)
              : table;
          return [{ ...withBreakdown(shared, shown, this.facts.categories, attributes.breakdown), ...(position ? { position } : {}) }];
        }
        if (attributes.data === 'sourceCountryTop') {
          const table = sourceCountryTable(id, number, caption, this.facts);
          return [
            {
              ...withBreakdown(table, this.facts.sourceCountry!.top, this.facts.categories, attributes.breakdown),
              ...(position ? { position } : {}),
            },
          ];
        }
        return [{ ...sensorTable(id, number, caption, this.facts), ...(position ? { position } : {}) }];
      }
      case 'chart': {
        const caption = qualifyKey(attributes.caption!);
        const custom = this.template.registry.charts[attributes.data!];
        if (customBlockOf(this.template.registry, 'chart', attributes.data) && custom)
          return [customChart(attributes.data!, custom, this.model(attributes), id, number, caption, position)];
        if (attributes.data === 'rankings') {
          const ranking = this.ranking(attributes.ranking!)!;
          return [
            {
              ...rankingChart(id, number, caption, ranking, { ...this.rankingOptions(ranking.id), serviceNames: false }),
              ...(position ? { position } : {}),
            },
          ];
        }
        const series = SERIES_DATA.exec(attributes.data!)?.[1];
        if (series !== undefined || attributes.data === 'series') {
          const shown = chartedSeries(this.facts).filter((s) => series === undefined || s.id === series);
          const idOf = (s: { id: string }) => (series === undefined ? `${id}-${s.id}` : id);
          return shown.map((s) => ({
            ...seriesChart(idOf(s), this.numbers.get(idOf(s))!.number, caption, s),
            ...(position ? { position } : {}),
          }));
        }
        const chart =
          attributes.data === 'sourceCountryTop'
            ? sourceTopChart(id, number, caption, this.facts)
            : attributes.data === 'sensorTop'
              ? (attributes.view === 'spread' ? entrySpreadChart : rankHeatmap)(id, number, caption, this.facts)
              : dailyAveragesChart(id, number, caption, attributes.region as Region, this.facts, this.dataset);
        return [{ ...chart, ...(position ? { position } : {}) }];
      }
      case 'figure':
        return [
          {
            type: 'editorFigure',
            id,
            number,
            caption: { key: qualifyKey(attributes.caption!), values: {} },
            prompt: { key: qualifyKey(attributes.prompt!), values: {}, position },
            ...(position ? { position } : {}),
          },
        ];
      case 'commentary':
        return [
          {
            type: 'commentarySlot',
            id,
            prompt: { key: qualifyKey(attributes.prompt!), values: {}, position },
            ...(position ? { position } : {}),
          },
        ];
      default:
        throw new Error(`directive ${node.name} passed the template check but has no builder`);
    }
  }

  /** What a custom block computes from (each block function is given its own copy). */
  private model(attributes: Record<string, string>): BlockModel {
    return { dataset: this.dataset, facts: this.facts, attributes: { ...attributes } };
  }

  private text(message: Message): LocalizedText {
    return { type: 'localizedText', message, ...(message.position ? { position: message.position } : {}) };
  }

  private ranking(id: string): RankingFacts | undefined {
    return this.facts.rankings.find((r) => r.id === id);
  }

  /** How the template's table of a ranking shows it: how many places, and ports with their service names or not. */
  private rankingOptions(id: string): RankingOptions {
    const table = directivesIn(this.template.tree).find(
      (node) => node.type === 'leafDirective' && node.name === 'table' && node.attributes?.ranking === id,
    );
    return table
      ? { limit: Number(table.attributes?.limit ?? DEFAULT_RANKING_LIMIT), serviceNames: table.attributes?.names === 'service' }
      : { limit: DEFAULT_RANKING_LIMIT, serviceNames: false };
  }

  private refValues(node: Directive, attributes: Record<string, string>, reserved: string[]): Record<string, Value> {
    const values: Record<string, Value> = {};
    for (const [name, ids] of Object.entries(attributes)) {
      if (reserved.includes(name)) continue;
      const ref = this.reference(node, ids);
      if (ref) values[name] = ref;
    }
    return values;
  }

  /** "Table 2" / "Figures 2 and 3": ids of elements left out are skipped; all left out is an error. */
  private reference(node: Directive, ids: string): { kind: 'message'; message: Message } | undefined {
    const targets = ids.split(/\s+/).filter(Boolean);
    const present = targets.map((id) => this.numbers.get(id)).filter((n): n is Numbered => n !== undefined && n.numbers.length > 0);
    const place = node.position?.start;
    if (present.length === 0) {
      this.problems.push(
        problem({
          file: this.template.file,
          ruleId: 'dangling-reference',
          place,
          reason: `expected a reference to an element in the post, found only ${targets.map((t) => `"${t}"`).join(', ')}, left out for want of data: put the text in the same section`,
        }),
      );
      return undefined;
    }
    const kinds = new Set(present.map((n) => n.kind));
    if (kinds.size > 1) {
      this.problems.push(
        problem({
          file: this.template.file,
          ruleId: 'mixed-reference',
          place,
          reason: `expected one reference to tables only or to figures only, found both in "${ids}"`,
        }),
      );
      return undefined;
    }
    const kind = present[0]!.kind;
    return {
      kind: 'message',
      message: {
        key: `common:refs.${kind}`,
        count: present.flatMap((n) => n.numbers).length,
        values: {
          numbers: { kind: 'list', items: present.flatMap((n) => n.numbers).map((number) => ({ kind: 'number', value: number }) as Value) },
        },
        position: node.position,
      },
    };
  }
}

const label = (node: Directive): string =>
  node.children
    .map((child) => ('value' in child ? child.value : ''))
    .join('')
    .trim();

function globalValues(dataset: Dataset): Record<string, Value> {
  const countOf = (region: Region) => dataset.sensors.filter((s) => s.region === region).length;
  return {
    period: { kind: 'period', period: dataset.period },
    span: { kind: 'span', period: dataset.period },
    year: { kind: 'year', year: periodYear(dataset.period) },
    sensorCount: { kind: 'count', value: dataset.sensors.length },
    domesticCount: { kind: 'count', value: countOf('domestic') },
    overseasCount: { kind: 'count', value: countOf('overseas') },
    ...(dataset.sourceCountryTop ? { country: { kind: 'country', code: dataset.sourceCountryTop.country, inText: true } as Value } : {}),
  };
}
