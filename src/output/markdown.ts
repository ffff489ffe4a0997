/**
 * A localized post → Markdown text, written by remark-stringify alone.
 * remark-directive is deliberately absent here: by now no directive is left
 * (one that were would be refused as a node the writer cannot handle), and
 * its serializer would escape every `:` before a letter or digit.
 */
import type { Image, Root, RootContent, Text } from 'mdast';
import { defaultHandlers, type Handle } from 'mdast-util-to-markdown';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkStringify from 'remark-stringify';
import { unified } from 'unified';
import { stringify as stringifyYaml } from 'yaml';
import type { LocalizedPost } from '../localize/localize.js';
import { displayWidth, prepareDisplayWidth } from './display-width.js';

/** U+2060 WORD JOINER: invisible, and no renderer's literal-autolink pattern runs across it. */
export const WORD_JOINER = '\u2060';

/**
 * GFM turns a bare `www.…`, `https://…` or `name@host` in text into a link,
 * in remark (which looks at the decoded text) as in Hugo's linkify; escaping
 * does not stop it. A word joiner inside each trigger does, and the text
 * reads the same: a URL in a label stays text.
 */
export function breakAutolinks(value: string): string {
  return value
    .replace(/\b(www)(?=\.)/gi, `$1${WORD_JOINER}`)
    .replace(/([A-Za-z][A-Za-z0-9+.-]*)(?=:\/\/)/g, `$1${WORD_JOINER}`)
    .replace(/\b(mailto|xmpp)(?=:)/gi, `$1${WORD_JOINER}`)
    .replace(/(?<=[\w.+-])@/g, `${WORD_JOINER}@`);
}

/**
 * Hugo runs a shortcode (`{{< gist … >}}`, `{{% param … %}}`) wherever its
 * delimiter stands in the content, before Markdown: in text, in a table cell,
 * in an image's alt text. A word joiner between the braces leaves a label or
 * a translator's words as they read, and no shortcode runs.
 */
export function breakShortcodes(value: string): string {
  return value.replace(/\{(?=\{[<%])/g, `{${WORD_JOINER}`);
}

const text: Handle = (node, parent, state, info) =>
  defaultHandlers.text({ ...(node as Text), value: breakShortcodes(breakAutolinks((node as Text).value)) }, parent, state, info);
const image: Handle = (node, parent, state, info) =>
  defaultHandlers.image({ ...(node as Image), alt: breakShortcodes((node as Image).alt ?? '') }, parent, state, info);

const processor = unified()
  .use(remarkStringify, {
    bullet: '-',
    emphasis: '_',
    strong: '*',
    fences: true,
    rule: '-',
    listItemIndent: 'one',
    handlers: { text, image },
  })
  .use(remarkFrontmatter, ['yaml'])
  // Display width, so that columns holding Japanese (two columns a character) line up.
  .use(remarkGfm, { stringLength: displayWidth, tablePipeAlign: true });

export function frontMatterYaml(frontMatter: LocalizedPost['frontMatter']): string {
  return stringifyYaml(frontMatter, { lineWidth: 0 }).trimEnd();
}

export async function toMarkdown(post: LocalizedPost): Promise<string> {
  const root: Root = { type: 'root', children: [{ type: 'yaml', value: frontMatterYaml(post.frontMatter) }, ...post.tree.children] };
  await prepareDisplayWidth(root);
  return processor.stringify(root);
}

/**
 * Flow nodes a post's root can hold that are written the same wherever they stand among its
 * children: anything else (phrasing at the root, a node of another kind) is written with its post.
 */
const FLOW = new Set(['heading', 'paragraph', 'table', 'html', 'thematicBreak', 'blockquote', 'list', 'code', 'definition']);
/** Two of these side by side are joined otherwise than by a blank line (a comment, another bullet). */
const JOINED = new Set(['list', 'code']);
const END = '\u{E000}end-of-section';

/**
 * The Markdown of a section of a post (a run of its children), as `toMarkdown` writes it within the
 * post (reuse.ts keeps it); `undefined` for one that is not written the same everywhere.
 */
export async function sectionMarkdown(children: RootContent[]): Promise<string | undefined> {
  if (!children.every((node) => FLOW.has(node.type))) return undefined;
  // A root's flow children are joined by a blank line: the end marker shows where the section's own text ends.
  const root: Root = { type: 'root', children: [...children, { type: 'html', value: END }] };
  await prepareDisplayWidth(root);
  const text = processor.stringify(root);
  const tail = `${children.length > 0 ? '\n\n' : ''}${END}\n`;
  return text.endsWith(tail) ? text.slice(0, -tail.length) : undefined;
}

/**
 * The post `toMarkdown` would write, from its sections each written by `sectionMarkdown`: the same text,
 * since at a post's root any two flow nodes but lists and code are joined by a blank line. `undefined`
 * where that does not hold.
 */
export function markdownOfSections(
  frontMatter: LocalizedPost['frontMatter'],
  sections: readonly { children: RootContent[]; markdown: string | undefined }[],
): string | undefined {
  const filled = sections.filter((section) => section.children.length > 0);
  if (filled.some((section) => section.markdown === undefined)) return undefined;
  for (const [index, section] of filled.entries()) {
    const next = filled[index + 1];
    if (next && JOINED.has(section.children.at(-1)!.type) && JOINED.has(next.children[0]!.type)) return undefined;
  }
  const root: Root = {
    type: 'root',
    children: [
      { type: 'yaml', value: frontMatterYaml(frontMatter) },
      ...filled.map((section): RootContent => ({ type: 'html', value: section.markdown! })),
    ],
  };
  return processor.stringify(root);
}

/** Block nodes → Markdown, with the same settings as a post. */
export async function blocksToMarkdown(children: RootContent[]): Promise<string> {
  const root: Root = { type: 'root', children };
  await prepareDisplayWidth(root);
  return processor.stringify(root);
}
