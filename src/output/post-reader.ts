/**
 * How a post is read back (by `check`, by the preview, and a slot's text on
 * its own): one remark processor, with the syntax the writer (markdown.ts)
 * uses, CommonMark with GFM tables and YAML front matter.
 */
import type { Root, RootContent, Yaml } from 'mdast';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';

const reader = unified().use(remarkParse).use(remarkGfm).use(remarkFrontmatter, ['yaml']);

export interface ReadPost {
  /** The front matter's node, if the post starts with one (front-matter.ts reads it). */
  yaml?: Yaml;
  /** Everything after the front matter; positions are the file's own. */
  body: Root;
}

export function readPost(markdown: string): ReadPost {
  const tree = reader.parse(markdown);
  const yaml = tree.children[0]?.type === 'yaml' ? (tree.children.shift() as Yaml) : undefined;
  return { ...(yaml ? { yaml } : {}), body: tree };
}

/** A slot's text, parsed on its own. */
export const parseSlotContent = (content: string): RootContent[] => reader.parse(content).children;
