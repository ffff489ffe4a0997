/**
 * A bundle → `preview.html`: every language side by side, section beside
 * section, charts inlined, unfinished editor slots highlighted. One file,
 * no network: styles are inline and the chart SVGs are embedded.
 */
import { readdir } from 'node:fs/promises';
import { join, posix } from 'node:path';
import type { Element, ElementContent, Root as HastRoot } from 'hast';
import { toHtml } from 'hast-util-to-html';
import type { Heading, Root, RootContent } from 'mdast';
import { toHast } from 'mdast-util-to-hast';
import { toString } from 'mdast-util-to-string';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { parse as parseYaml } from 'yaml';
import { problem, ProblemsError } from '../messages.js';
import { isProblem } from '../text-file.js';
import { readExistingPost } from './existing.js';
import { parseMarker, slotKey, slotStatus } from './slots.js';

const reader = unified().use(remarkParse).use(remarkGfm).use(remarkFrontmatter, ['yaml']);

export interface PreviewOptions {
  /** Per language, the prompt label a generated slot starts with (`Editor:`), to tell an untouched slot. */
  promptLabels: Record<string, string>;
  /** Where the bundle is, seen from the folder the preview is written to (default: the same folder). */
  imageBase?: string;
}

interface Section {
  heading?: string;
  nodes: ElementContent[];
}

export async function buildPreview(dir: string, options: PreviewOptions): Promise<string> {
  const names = (await readdir(dir).catch(() => [] as string[])).filter((name) => /^index\.[A-Za-z-]+\.md$/.test(name));
  const langs = names.map((name) => name.slice('index.'.length, -'.md'.length)).sort((a, b) => (a === 'en' ? -1 : b === 'en' ? 1 : a.localeCompare(b)));
  if (langs.length === 0) throw new ProblemsError('options', [problem({ file: dir, ruleId: 'no-posts', reason: 'expected index.<lang>.md files in the bundle, found none' })]);
  const columns = await Promise.all(langs.map(async (lang) => ({ lang, ...(await renderPost(dir, lang, Object.hasOwn(options.promptLabels, lang) ? options.promptLabels[lang]! : '', options.imageBase ?? '')) })));
  const rows = Math.max(...columns.map((c) => c.sections.length));
  const cell = (lang: string, section: Section | undefined, index: number): Element => ({
    type: 'element',
    tagName: 'section',
    properties: { lang, dataLang: lang, dataSection: String(index) },
    children: section ? section.nodes : [],
  });
  const grid: Element = {
    type: 'element',
    tagName: 'main',
    properties: { style: `grid-template-columns: repeat(${columns.length}, minmax(0, 1fr))` },
    children: [
      ...columns.map((c): Element => ({ type: 'element', tagName: 'header', properties: { lang: c.lang, dataLang: c.lang }, children: [{ type: 'element', tagName: 'h1', properties: {}, children: [{ type: 'text', value: c.title }] }, { type: 'element', tagName: 'p', properties: { className: ['meta'] }, children: [{ type: 'text', value: `${c.lang} · ${c.unfinished} unfinished slot${c.unfinished === 1 ? '' : 's'}` }] }] })),
      ...Array.from({ length: rows }, (_, row) => columns.map((c) => cell(c.lang, c.sections[row], row))).flat(),
    ],
  };
  const page: HastRoot = { type: 'root', children: [grid] };
  return `<!doctype html>
<html lang="${langs[0]}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Preview: ${escapeHtml(columns[0]!.title)}</title>
<style>${STYLE}</style>
</head>
<body>
${toHtml(page, { allowDangerousHtml: true })}
</body>
</html>
`;
}

async function readBundleText(file: string): Promise<string> {
  const read = await readExistingPost(file);
  if (read === undefined || isProblem(read)) throw new ProblemsError('post', [read ?? problem({ file, ruleId: 'unreadable', reason: 'expected a file, found none' })]);
  return read.text;
}

/** An editor's image, relative to the post, seen from where the preview is written. */
function rebaseImages(node: Root | RootContent, base: string): void {
  if (node.type === 'image' && base !== '' && !/^[a-z][a-z0-9+.-]*:|^\/|^#/i.test(node.url)) node.url = posix.join(base, node.url);
  if ('children' in node) for (const child of node.children) rebaseImages(child as RootContent, base);
}

async function renderPost(dir: string, lang: string, promptLabel: string, imageBase: string) {
  const tree = reader.parse(await readBundleText(join(dir, `index.${lang}.md`))) as Root;
  const yaml = tree.children[0]?.type === 'yaml' ? tree.children.shift()! : undefined;
  const title = String((yaml && 'value' in yaml ? (parseYaml(yaml.value) as { title?: string } | null)?.title : undefined) ?? lang);
  let unfinished = 0;
  const svgs = new Map<string, string>();
  for (const name of (await readdir(dir)).filter((file) => file.endsWith(`.${lang}.svg`))) svgs.set(name, await readBundleText(join(dir, name)));

  // Group slot contents between their markers, and mark the ones still untouched.
  const children: RootContent[] = [];
  for (let i = 0; i < tree.children.length; i++) {
    const node = tree.children[i]!;
    const open = node.type === 'html' ? parseMarker(node.value) : undefined;
    if (!open || open.closing) {
      children.push(node);
      continue;
    }
    const inside: RootContent[] = [];
    let j = i + 1;
    for (; j < tree.children.length; j++) {
      const next = tree.children[j]!;
      const close = next.type === 'html' ? parseMarker(next.value) : undefined;
      if (close?.closing && slotKey(close) === slotKey(open)) break;
      inside.push(next);
    }
    i = j;
    // Orphaned text always needs the editor: it has to be moved or deleted.
    const untouched = open.kind === 'orphaned' || slotStatus(inside, open.kind, promptLabel) !== 'done';
    if (untouched) unfinished++;
    children.push({ type: 'html', value: `<div class="slot${untouched ? ' unfinished' : ''}" data-slot="${slotKey(open)}">` }, ...inside, { type: 'html', value: '</div>' });
  }

  const sections: Section[] = [{ nodes: [] }];
  for (const node of children) {
    if (node.type === 'heading' && (node as Heading).depth === 2) sections.push({ heading: toString(node), nodes: [] });
    const shown = inlineChart(node, svgs);
    rebaseImages(shown, imageBase);
    const hast = toHast({ type: 'root', children: [shown] } as Root, { allowDangerousHtml: true }) as HastRoot;
    sections.at(-1)!.nodes.push(...(hast.children as ElementContent[]));
  }
  return { title, sections, unfinished };
}

/** An image of one of the bundle's own chart SVGs is replaced by the SVG itself. */
function inlineChart(node: RootContent, svgs: ReadonlyMap<string, string>): RootContent {
  const image = node.type === 'paragraph' && node.children.length === 1 && node.children[0]!.type === 'image' ? node.children[0] : undefined;
  const svg = image ? svgs.get(image.url) : undefined;
  if (!image || svg === undefined) return node;
  return { type: 'html', value: `<figure class="chart" role="img" aria-label="${escapeHtml(image.alt ?? '')}">${svg}</figure>` };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}

const STYLE = `
body { margin: 0; font: 15px/1.6 "Helvetica Neue", Arial, "Noto Sans", sans-serif; color: #1d2329; background: #f4f5f7; }
[lang|="ja"] { font-family: "Noto Sans JP", "Noto Sans CJK JP", "Hiragino Sans", "Yu Gothic", sans-serif; }
main { display: grid; gap: 0 24px; padding: 16px 24px; }
header, section { background: white; padding: 4px 20px; border-left: 1px solid #dde1e6; border-right: 1px solid #dde1e6; min-width: 0; }
header { border-top: 1px solid #dde1e6; padding-top: 16px; }
section { border-top: 1px dashed #dde1e6; }
h1 { font-size: 1.4em; margin: 0 0 4px; }
.meta { color: #5c6670; margin: 0 0 8px; font-size: 0.85em; }
table { border-collapse: collapse; font-size: 0.8em; margin: 8px 0 16px; display: block; overflow-x: auto; }
th, td { border: 1px solid #c9ced4; padding: 2px 6px; white-space: nowrap; }
th { background: #eef1f4; }
figure.chart { margin: 8px 0 16px; overflow-x: auto; }
figure.chart svg { max-width: none; height: auto; }
.slot { border-left: 4px solid #8fb996; background: #f3faf4; padding: 2px 12px; margin: 8px 0; }
.slot.unfinished { border-left-color: #e0a800; background: #fff7d6; }
.slot.unfinished::before { content: "unfinished"; display: inline-block; font-size: 0.75em; font-weight: bold; color: #7a5b00; text-transform: uppercase; letter-spacing: 0.05em; }
`;
