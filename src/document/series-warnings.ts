/**
 * What draft warns of when a template names a time series the dataset lacks
 * (`data=series.<id>` on a chart, `series=<id>` on a fact): what names it is
 * left out, which a typo would also do.
 */
import type { Root, RootContent } from 'mdast';
import type { Dataset } from '../dataset/schema.js';
import { problem, type Problem } from '../messages.js';
import { SERIES_DATA } from './directives.js';
import type { Template } from './template.js';

export function seriesWarnings(template: Template, dataset: Dataset): Problem[] {
  const have = new Map(dataset.series.map((s) => [s.id, s.points.length > 0]));
  const warned = new Set<string>();
  const warnings: Problem[] = [];
  const visit = (node: Root | RootContent): void => {
    if (node.type === 'leafDirective') {
      const id = node.name === 'chart' ? SERIES_DATA.exec(node.attributes?.data ?? '')?.[1] : node.name === 'fact' ? node.attributes?.series ?? undefined : undefined;
      if (id !== undefined && have.get(id) !== true && !warned.has(id)) {
        warned.add(id);
        const found = have.has(id) ? `"${id}" without points` : dataset.series.length === 0 ? 'no series' : `only ${dataset.series.map((s) => `"${s.id}"`).join(', ')}`;
        warnings.push(problem({
          file: template.file, ruleId: 'series-absent', fatal: false, place: node.position?.start,
          reason: `expected a series "${id}" with points in the dataset, found ${found}: what shows it is left out`,
        }));
      }
    }
    if ('children' in node) for (const child of node.children) visit(child);
  };
  visit(template.tree);
  return warnings;
}
