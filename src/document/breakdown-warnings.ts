/**
 * What draft warns of when a template's breakdowns meet the dataset: a
 * category the dataset does not declare (a typo would drop the columns or the
 * sentence silently), and a breakdown asked of a list without packets.
 */
import type { RootContent } from 'mdast';
import type { Dataset } from '../dataset/schema.js';
import { problem, type Problem } from '../messages.js';
import type { Template } from './template.js';

type Node = RootContent & { name?: string; attributes?: Record<string, string | null | undefined> | null; children?: RootContent[] };

export function breakdownWarnings(template: Template, dataset: Dataset): Problem[] {
  const declared = Object.keys(dataset.categories ?? {});
  const warnings: Problem[] = [];
  const warn = (node: Node, ruleId: string, reason: string) => warnings.push(problem({ file: template.file, ruleId, fatal: false, place: node.position?.start, reason }));
  const visit = (node: Node) => {
    const attributes = node.attributes ?? {};
    const named = node.name === 'table' ? attributes.breakdown : node.name === 'fact' ? attributes.category : undefined;
    if (typeof named === 'string' && named !== 'all') {
      if (!declared.includes(named)) {
        warn(node, 'category-absent', `expected a category "${named}" in the dataset's categories, found ${declared.length === 0 ? 'none declared' : `only ${declared.map((id) => `"${id}"`).join(', ')}`}: ${node.name === 'table' ? 'the table shows no breakdown' : 'the fact says nothing'}`);
      }
      const list = attributes.data === 'rankings' ? dataset.rankings.find((r) => r.id === attributes.ranking)?.entries : attributes.data === 'sourceCountryTop' ? dataset.sourceCountryTop?.entries : undefined;
      if (node.name === 'table' && list && list.length > 0 && list.every((entry) => entry.packets === undefined)) {
        warn(node, 'breakdown-ignored', `expected breakdown=${named} on a table of a list that counts packets, found a list of ranks only: it has no total to break down`);
      }
    }
    for (const child of node.children ?? []) visit(child as Node);
  };
  for (const child of template.tree.children) visit(child as Node);
  return warnings;
}
