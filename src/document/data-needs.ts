/**
 * What the data lets a template keep: the data each section and element
 * needs against the data there is (absent data drops them, and the facts
 * dropped are told to `draft --explain`), and the ids a chart of every series
 * adds, which only the dataset makes known.
 */
import type { Root, RootContent } from 'mdast';
import { SKIP, visit } from 'unist-util-visit';
import type { Facts } from '../analysis/index.js';
import type { Dataset } from '../dataset/schema.js';
import { problem, type Problem } from '../messages.js';
import { HEATMAP_MAX_SENSORS, impliedNeeds, type DataNeed } from './directives.js';
import type { Explanation } from './fact-types.js';
import type { Template } from './template.js';
import type { BlockRegistry } from './blocks.js';
import { shareColumnIgnored } from './total-facts.js';
import { DIRECTIVE_TYPES, directivesIn, type Directive } from './directive-nodes.js';

/**
 * A chart of every series gives each figure the id `<id>-<series id>`, known only with the dataset: one
 * that equals another element's id, or another expansion's, would number and write two figures as one.
 */
export function expandedIdCollisions(template: Template, seriesIds: readonly string[]): Problem[] {
  const owners = new Map<string, string>();
  const where = (node: Directive) =>
    `\`::${node.name}{#${node.attributes?.id}}\`${node.position ? ` at ${node.position.start.line}:${node.position.start.column}` : ''}`;
  const directives = directivesIn(template.tree);
  for (const node of directives) if (typeof node.attributes?.id === 'string') owners.set(node.attributes.id, where(node));
  const problems: Problem[] = [];
  for (const node of directives) {
    if (node.name !== 'chart' || node.attributes?.data !== 'series') continue;
    const id = node.attributes.id!;
    for (const series of seriesIds) {
      const expanded = `${id}-${series}`;
      const other = owners.get(expanded);
      const mine = `${where(node)} (data=series, series "${series}")`;
      if (other !== undefined) {
        problems.push(
          problem({
            file: template.file,
            ruleId: 'duplicate-id',
            place: node.position?.start,
            reason: `expected each id once in the post, found "${expanded}" twice: the figure ${mine} and ${other}`,
          }),
        );
      } else owners.set(expanded, mine);
    }
  }
  return problems;
}

/** The series that have something to show: a series without points is as good as absent. */
export const chartedSeries = (facts: Facts) => facts.series.filter((s) => s.groups.length > 0);

export function availableData(dataset: Dataset, facts: Facts): Set<DataNeed> {
  const available = new Set<DataNeed>(facts.regions);
  if (dataset.dailyAverages.length > 0) available.add('dailyAverages');
  if (dataset.sourceCountryTop && dataset.sourceCountryTop.entries.length > 0) available.add('sourceCountryTop');
  if (dataset.sourceCountryTop?.entries.some((entry) => entry.packets !== undefined)) available.add('sourceCountryPackets');
  if (dataset.sourceCountryTop?.entries.some((entry) => Object.keys(entry.categories ?? {}).length > 0))
    available.add('sourceCountryCategories');
  if (Object.values(dataset.sensorTop).some((list) => list.entries.length > 0)) available.add('sensorTop');
  if (facts.regions.length === 2) available.add('bothRegions');
  if (Object.values(facts.yearOverYear).some((change) => change.compared > 0)) available.add('previousYear');
  if (facts.sensors.length > HEATMAP_MAX_SENSORS) available.add('manySensors');
  if (facts.total) available.add('total');
  if (facts.total?.previous) available.add('previousTotal');
  for (const series of chartedSeries(facts)) available.add('series').add(`series:${series.id}`);
  for (const ranking of facts.rankings) {
    if (ranking.ranked.length > 0) available.add(`ranking:${ranking.id}`);
    if (ranking.counted) available.add(`rankingPackets:${ranking.id}`);
    if (ranking.ranked.length > 0 && shareColumnIgnored(ranking, facts.total) === undefined) available.add(`rankingShare:${ranking.id}`);
  }
  return available;
}

/** Drops what lacks its data and unwraps the sections that stay; each fact dropped goes to `dropped`, with the data it lacked. */
export function prune(tree: Root, available: Set<DataNeed>, dropped: Explanation[], registry: BlockRegistry): void {
  visit(tree, DIRECTIVE_TYPES, (node, index, parent) => {
    const attributes = (node.attributes ?? {}) as Record<string, string>;
    const needs =
      node.name === 'section' ? (attributes.needs ?? '').split(/\s+/).filter(Boolean) : impliedNeeds(node.name, attributes, registry);
    // `!name` asks for the data to be absent: a sentence true only of one region, say.
    const unmet = needs.filter((need) =>
      need.startsWith('!') ? available.has(need.slice(1) as DataNeed) : !available.has(need as DataNeed),
    );
    const siblings = parent!.children as RootContent[];
    if (unmet.length > 0) {
      const lacking = unmet
        .map((need) => (need.startsWith('!') ? `${need.slice(1)} (present; asked to be absent)` : `${need} (absent)`))
        .join(', ');
      const start = node.position?.start;
      const from = node.name === 'section' ? `, from the section at ${start ? `${start.line}:${start.column}` : '?'}` : '';
      for (const inner of directivesIn(node)) if (inner.name === 'fact') dropped.push(droppedFact(inner, `${lacking}${from}`));
      siblings.splice(index!, 1);
      return [SKIP, index!];
    }
    // A section that stays gives its place to its content, which is looked at next.
    if (node.name === 'section') {
      siblings.splice(index!, 1, ...(node.children as RootContent[]));
      return [SKIP, index!];
    }
    return undefined;
  });
}

const droppedFact = (node: Directive, lacking: string): Explanation => ({
  fact: node.attributes?.name ?? '',
  attributes: { ...(node.attributes as Record<string, string>) },
  ...(node.position ? { position: node.position } : {}),
  evidence: [{ label: 'needs', value: lacking }],
});
