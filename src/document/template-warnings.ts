/**
 * What draft warns of when a template meets a dataset: what a template names
 * and the dataset lacks, or asks of a list that cannot give it. Each would
 * otherwise leave an element, a column or a sentence out silently, as a typo
 * would. One pass over the template's directives serves every check.
 */
import type { Dataset } from '../dataset/schema.js';
import { problem, type Problem } from '../messages.js';
import { directivesIn, type Directive } from './directive-nodes.js';
import { SERIES_DATA } from './directives.js';
import type { Template } from './template.js';
import { shareColumnIgnored } from './total-facts.js';

type Warn = (node: Directive, ruleId: string, reason: string) => void;

export function templateWarnings(template: Template, dataset: Dataset): Problem[] {
  const directives = directivesIn(template.tree);
  const warnings: Problem[] = [];
  const warn: Warn = (node, ruleId, reason) =>
    warnings.push(problem({ file: template.file, ruleId, fatal: false, place: node.position?.start, reason }));
  for (const check of [rankingWarnings, categoryWarnings, shareWarnings, seriesWarnings]) check(directives, dataset, warn);
  return warnings;
}

const namesOf = (ids: readonly string[]): string => ids.map((id) => `"${id}"`).join(', ');

/** A ranking the template shows and the dataset lacks (once an id), and service names asked of regions. */
function rankingWarnings(directives: readonly Directive[], dataset: Dataset, warn: Warn): void {
  const have = new Set(dataset.rankings.map((r) => r.id));
  const regions = new Set(dataset.rankings.filter((r) => r.subject === 'region').map((r) => r.id));
  const absent = new Map<string, Directive>();
  for (const node of directives) {
    const id = node.attributes?.ranking;
    if (typeof id !== 'string') continue;
    if (!have.has(id) && !absent.has(id)) absent.set(id, node);
    // Service names are ports' own: on a table of regions they have nothing to name.
    if (regions.has(id) && node.attributes?.names === 'service')
      warn(
        node,
        'names-ignored',
        `expected names=service on a table of ports, found it on "${id}", a ranking of regions: it names nothing there`,
      );
  }
  for (const [id, node] of absent) {
    warn(
      node,
      'ranking-absent',
      `expected a ranking "${id}" in the dataset, found ${dataset.rankings.length === 0 ? 'no rankings' : `only ${namesOf(dataset.rankings.map((r) => r.id))}`}: what shows it is left out`,
    );
  }
}

/** A category the dataset does not declare, and a breakdown asked of a list without packets. */
function categoryWarnings(directives: readonly Directive[], dataset: Dataset, warn: Warn): void {
  const declared = Object.keys(dataset.categories ?? {});
  for (const node of directives) {
    const attributes = node.attributes ?? {};
    const named = node.name === 'table' ? attributes.breakdown : node.name === 'fact' ? attributes.category : undefined;
    if (typeof named !== 'string' || named === 'all') continue;
    if (!declared.includes(named)) {
      warn(
        node,
        'category-absent',
        `expected a category "${named}" in the dataset's categories, found ${declared.length === 0 ? 'none declared' : `only ${namesOf(declared)}`}: ${node.name === 'table' ? 'the table shows no breakdown' : 'the fact says nothing'}`,
      );
    }
    const list =
      attributes.data === 'rankings'
        ? dataset.rankings.find((r) => r.id === attributes.ranking)?.entries
        : attributes.data === 'sourceCountryTop'
          ? dataset.sourceCountryTop?.entries
          : undefined;
    if (node.name === 'table' && list && list.length > 0 && list.every((entry) => entry.packets === undefined)) {
      warn(
        node,
        'breakdown-ignored',
        `expected breakdown=${named} on a table of a list that counts packets, found a list of ranks only: it has no total to break down`,
      );
    }
  }
}

/** A table with `share=total` drawn without its share column, for the reason `shareColumnIgnored` gives. */
function shareWarnings(directives: readonly Directive[], dataset: Dataset, warn: Warn): void {
  for (const node of directives) {
    const attributes =
      node.name === 'table' && node.attributes?.data === 'rankings' && node.attributes.share === 'total' ? node.attributes : undefined;
    const ranking = attributes ? dataset.rankings.find((r) => r.id === attributes.ranking) : undefined;
    // A ranking the dataset lacks is `ranking-absent`'s to say.
    if (!ranking || ranking.entries.length === 0) continue;
    const why = shareColumnIgnored(
      { counted: ranking.entries.some((e) => e.packets !== undefined), scoped: ranking.scope !== undefined },
      dataset.total,
    );
    if (why)
      warn(
        node,
        'share-ignored',
        `expected share=total on a table of a ranking of all sensors that counts packets, in a dataset with a total, found "${ranking.id}", ${why}: the table has no share column`,
      );
  }
}

/** A time series named (`data=series.<id>`, `series=<id>`) that the dataset lacks or has without points, once an id. */
function seriesWarnings(directives: readonly Directive[], dataset: Dataset, warn: Warn): void {
  const have = new Map(dataset.series.map((s) => [s.id, s.points.length > 0]));
  const warned = new Set<string>();
  for (const node of directives) {
    if (node.type !== 'leafDirective') continue;
    const id =
      node.name === 'chart'
        ? SERIES_DATA.exec(node.attributes?.data ?? '')?.[1]
        : node.name === 'fact'
          ? (node.attributes?.series ?? undefined)
          : undefined;
    if (id === undefined || have.get(id) === true || warned.has(id)) continue;
    warned.add(id);
    const found = have.has(id)
      ? `"${id}" without points`
      : dataset.series.length === 0
        ? 'no series'
        : `only ${namesOf(dataset.series.map((s) => s.id))}`;
    warn(node, 'series-absent', `expected a series "${id}" with points in the dataset, found ${found}: what shows it is left out`);
  }
}
