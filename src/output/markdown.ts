/**
 * A localized post → Markdown text, written by remark-stringify alone.
 * remark-directive is deliberately absent here: by now no directive is left,
 * and its serializer would escape every `:` before a letter or digit.
 */
import type { Root, RootContent } from 'mdast';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkStringify from 'remark-stringify';
import { unified } from 'unified';
import { stringify as stringifyYaml } from 'yaml';
import type { LocalizedPost } from '../localize/localize.js';
import { displayWidth } from './display-width.js';

const processor = unified()
  .use(remarkStringify, { bullet: '-', emphasis: '_', strong: '*', fences: true, rule: '-', listItemIndent: 'one' })
  .use(remarkFrontmatter, ['yaml'])
  // Display width, so that columns holding Japanese (two columns a character) line up.
  .use(remarkGfm, { stringLength: displayWidth, tablePipeAlign: true });

export function frontMatterYaml(frontMatter: LocalizedPost['frontMatter']): string {
  return stringifyYaml(frontMatter, { lineWidth: 0 }).trimEnd();
}

export function toMarkdown(post: LocalizedPost): string {
  const leftover = findDirective(post.tree);
  if (leftover) throw new Error(`internal: a ${leftover} directive reached the output stage`);
  const root: Root = { type: 'root', children: [{ type: 'yaml', value: frontMatterYaml(post.frontMatter) }, ...post.tree.children] };
  return processor.stringify(root);
}

function findDirective(node: { type: string; children?: unknown[] }): string | undefined {
  if (node.type.endsWith('Directive')) return node.type;
  for (const child of (node.children ?? []) as { type: string; children?: unknown[] }[]) {
    const found = findDirective(child);
    if (found) return found;
  }
  return undefined;
}

/** Block nodes → Markdown, with the same settings as a post. */
export function blocksToMarkdown(children: RootContent[]): string {
  return processor.stringify({ type: 'root', children } as Root);
}
