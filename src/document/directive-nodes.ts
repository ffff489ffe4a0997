/** The directive nodes of a template's tree: what every stage that reads a template looks for in it. */
import type { Nodes, Root, RootContent } from 'mdast';
import { visit } from 'unist-util-visit';

/** The types of directive node, as a test for `visit` (a tuple, which its types narrow by). */
export const DIRECTIVE_TYPES = ['textDirective', 'leafDirective', 'containerDirective'] as const;

export type Directive = Extract<RootContent, { type: (typeof DIRECTIVE_TYPES)[number] }>;

export const isDirective = (node: Nodes): node is Directive => (DIRECTIVE_TYPES as readonly string[]).includes(node.type);

/** Every directive of a tree, in document order. */
export function directivesIn(tree: Root | RootContent): Directive[] {
  const found: Directive[] = [];
  visit(tree, DIRECTIVE_TYPES, (node) => {
    found.push(node);
  });
  return found;
}
