/** The directive nodes of a template's tree, and a walk over it: what every stage that reads a template shares. */
import type { Root, RootContent } from 'mdast';

export type Directive = Extract<RootContent, { type: 'textDirective' | 'leafDirective' | 'containerDirective' }>;

export const isDirective = (node: RootContent): node is Directive =>
  node.type === 'textDirective' || node.type === 'leafDirective' || node.type === 'containerDirective';

/** Every node below `node`, in document order. */
export function walk(node: Root | RootContent, visit: (node: RootContent) => void): void {
  if (node.type !== 'root') visit(node);
  if ('children' in node) for (const child of node.children as RootContent[]) walk(child, visit);
}

/** Every directive of a tree, in document order. */
export function directivesIn(tree: Root): Directive[] {
  const found: Directive[] = [];
  walk(tree, (node) => {
    if (isDirective(node)) found.push(node);
  });
  return found;
}
