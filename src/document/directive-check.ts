/**
 * One directive of a template, checked against its spec and the registry:
 * its label, each attribute (known, well-formed, what the data it names
 * takes), ids given once, and the element ids it refers to, collected to be
 * resolved once the whole template is read (template.ts).
 */
import type { AnalysisLimits } from '../analysis/index.js';
import type { BlockRegistry } from './blocks.js';
import { breakdownProblems } from './category-facts.js';
import type { Directive } from './directive-nodes.js';
import { customBlockOf, DATA_NEEDS, isDataNeed, type DirectiveSpec } from './directives.js';
import type { Template } from './template.js';

/**
 * Element ids a directive refers to. `misnamed`: a fact's reference whose name is an attribute of another fact
 * (`top=3` on rank-changes): when it names no element, it is a misplaced attribute, not a reference.
 */
export type Reference = { node: Directive; ids: string[]; misnamed?: { name: string; unknown: string } };

/** Every attribute some fact takes: on a fact that does not take it, it is a misplaced attribute rather than a reference. */
export const factAttributes = (registry: BlockRegistry): Set<string> =>
  new Set(Object.values(registry.facts).flatMap((fact) => Object.keys(fact.attributes)));

export interface CheckContext {
  registry: BlockRegistry;
  factAttributes: ReadonlySet<string>;
}

/**
 * A fact takes the attributes its definition lists, beside its name; a custom table or chart takes its id, data and
 * caption and the attributes its block lists, none of the shipped ones' (limit, ranking, region…).
 */
export function withBlockAttributes(node: Directive, spec: DirectiveSpec, registry: BlockRegistry): DirectiveSpec {
  const name = node.attributes?.name ?? '';
  if (node.name === 'fact' && Object.hasOwn(registry.facts, name))
    return { ...spec, attributes: { ...spec.attributes, ...registry.facts[name]!.attributes } };
  const custom = customBlockOf(registry, node.name, node.attributes?.data ?? undefined);
  if (!custom) return spec;
  const { id, data, caption } = spec.attributes;
  return { ...spec, attributes: { id: id!, data: data!, caption: caption!, ...(custom.attributes ?? {}) } };
}

/** How a directive of the kind is written: `:t`, `::table`, `:::section`. */
export const marker = (kind: string): string => (kind === 'textDirective' ? ':' : kind === 'leafDirective' ? '::' : ':::');

/** A locale key, its namespace optional: `post:intro.lead`. */
export const KEY = /^[A-Za-z][\w-]*(?::[A-Za-z][\w-]*)?(?:\.[A-Za-z][\w-]*)*$/;
/** An element id. */
export const ID = /^[a-z][a-z0-9-]*$/;

/** Reports what is wrong with one directive of a known name and kind; records its id in `elements` and its references. */
export function checkDirective(
  node: Directive,
  spec: DirectiveSpec,
  report: (node: Directive, ruleId: string, reason: string) => void,
  elements: Template['elements'],
  references: Reference[],
  limits: Readonly<Required<AnalysisLimits>>,
  { registry, factAttributes }: CheckContext,
): void {
  const attributes = node.attributes ?? {};
  const custom = customBlockOf(registry, node.name, attributes.data ?? undefined);
  const fact = node.name === 'fact' && Object.hasOwn(registry.facts, attributes.name ?? '') ? registry.facts[attributes.name!] : undefined;
  const where = `\`${marker(node.type)}${node.name}\``;
  const label = node.type === 'containerDirective' ? undefined : labelText(node);
  if (spec.label === 'none' && label) report(node, 'unexpected-label', `expected no [label] on ${where}, found [${label}]`);
  if (spec.label === 'key' && !(label && KEY.test(label)))
    report(node, 'invalid-key', `expected a locale key in ${where}[…], found ${label ? `"${label}"` : 'none'}`);
  if (spec.label === 'ids') {
    const ids = (label ?? '').split(/\s+/).filter(Boolean);
    if (ids.length === 0) report(node, 'missing-reference', `expected element ids in ${where}[…], found none`);
    references.push({ node, ids });
  }
  for (const [name, rule] of Object.entries(spec.attributes)) {
    if (rule.required && attributes[name] == null)
      report(node, 'missing-attribute', `expected attribute \`${name}\` on ${where}, found none`);
  }
  // Attributes already reported invalid: a fact's own check says nothing more of them.
  const invalid = new Set<string>();
  for (const [name, value] of Object.entries(attributes)) {
    const rule = Object.hasOwn(spec.attributes, name) ? spec.attributes[name] : undefined;
    const text = value ?? '';
    if (!rule) {
      const allowed = Object.keys(spec.attributes).map((a) => (a === 'id' ? '#id' : a));
      const unknown = `expected ${allowed.length ? `one of the attributes ${allowed.join(', ')}` : 'no attributes'}${spec.refAttributes ? ' or element references (name=element-id)' : ''} on ${node.name === 'fact' && attributes.name ? `\`::fact{name=${attributes.name}}\`` : where}, found \`${name}\``;
      if (spec.refAttributes && /^[a-z][A-Za-z0-9]*$/.test(name)) {
        const misnamed = node.name === 'fact' && factAttributes.has(name) ? { misnamed: { name, unknown } } : {};
        references.push({ node, ids: text.split(/\s+/).filter(Boolean), ...misnamed });
        continue;
      }
      report(node, 'unknown-attribute', unknown);
      continue;
    }
    const bad = (expected: string) => {
      invalid.add(name);
      report(node, 'invalid-attribute', `expected ${name} to be ${expected} on ${where}, found "${text}"`);
    };
    // A name that may be a custom block's: known only when the blocks are given.
    const blockHint =
      registry.declared.length === 0 &&
      ((node.name === 'fact' && name === 'name') || (['table', 'chart'].includes(node.name) && name === 'data'))
        ? ' (a custom block is known only with its module: --blocks)'
        : '';
    if (rule.values && !rule.values.includes(text) && !rule.pattern?.test.test(text))
      bad(`one of ${[...rule.values, ...(rule.pattern ? [rule.pattern.shown] : [])].join(', ')}${blockHint}`);
    if (rule.type === 'key' && !KEY.test(text)) bad('a locale key');
    if (rule.type === 'int' && !(/^\d+$/.test(text) && Number(text) >= 1 && Number(text) <= 50)) bad('a whole number from 1 to 50');
    if (rule.type === 'id' && !ID.test(text)) bad('an id of lower-case letters, digits and hyphens');
    if (rule.type === 'needs') {
      const unknown = text.split(/\s+/).filter((need) => !isDataNeed(need.replace(/^!/, '')));
      if (unknown.length > 0 || text.trim() === '')
        bad(
          `a space-separated list of ${DATA_NEEDS.join(', ')}, ranking:<id>, rankingPackets:<id>, rankingShare:<id>, series:<id>, each possibly negated with !`,
        );
    }
  }
  if (node.name === 'chart' && attributes.data && !custom) {
    const daily = attributes.data === 'dailyAverages';
    if (daily && attributes.region == null)
      report(node, 'missing-attribute', `expected attribute \`region\` on ${where} with data=dailyAverages, found none`);
    if (!daily && attributes.region != null)
      report(node, 'unknown-attribute', `expected no region on ${where} with data=${attributes.data}, found \`region\``);
    if (attributes.data !== 'sensorTop' && attributes.view != null)
      report(node, 'unknown-attribute', `expected no view on ${where} with data=${attributes.data}, found \`view\``);
  }
  if (node.name === 'fact') {
    for (const reason of fact?.check?.(attributes as Record<string, string>, limits) ?? []) {
      if (![...invalid].some((name) => reason.startsWith(`expected ${name} `))) report(node, 'invalid-attribute', `${reason} on ${where}`);
    }
  }
  // A ranking is named exactly where the data is the rankings.
  const wantsRanking = attributes.data === 'rankings';
  if (['table', 'chart'].includes(node.name) && !custom) {
    if (wantsRanking && attributes.ranking == null)
      report(node, 'missing-attribute', `expected attribute \`ranking\` (a ranking id of the dataset) on ${where}, found none`);
    if (!wantsRanking && attributes.ranking != null)
      report(
        node,
        'unknown-attribute',
        `expected no ranking on ${where}${attributes.data ? ` with data=${attributes.data}` : ''}, found \`ranking\``,
      );
    if (node.name === 'table' && attributes.names != null && attributes.data !== 'rankings')
      report(node, 'unknown-attribute', `expected no names on ${where} with data=${attributes.data}, found \`names\``);
    if (node.name === 'table' && attributes.share != null && attributes.data !== 'rankings')
      report(
        node,
        'unknown-attribute',
        `expected no share on ${where} with data=${attributes.data} (share=total is for data=rankings), found \`share\``,
      );
    if (node.name === 'table' && attributes.breakdown != null)
      for (const reason of breakdownProblems(attributes as Record<string, string>))
        report(node, reason.ruleId, `${reason.text} on ${where}`);
  }
  const id = attributes.id;
  if (id) {
    if (elements.has(id)) report(node, 'duplicate-id', `expected each id once in a template, found "${id}" again`);
    else elements.set(id, { directive: node.name, ...(spec.numbered ? { numbered: spec.numbered } : {}) });
  }
}

function labelText(node: Directive): string {
  return node.children
    .map((child) => ('value' in child ? child.value : ''))
    .join('')
    .trim();
}
