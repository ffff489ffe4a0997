/**
 * A bundle → `preview.html`: every language side by side, section beside
 * section, charts as images, unfinished editor slots highlighted. One file,
 * no network: styles are inline and the chart SVGs are data: URIs. Nothing
 * from the post runs (see preview-safety.ts).
 */
import { readdir } from 'node:fs/promises';
import { join, posix } from 'node:path';
import type { Element, ElementContent, Root as HastRoot } from 'hast';
import { sanitize } from 'hast-util-sanitize';
import { toHtml } from 'hast-util-to-html';
import type { Image, ImageReference, Paragraph, Root, RootContent } from 'mdast';
import { defaultHandlers, toHast, type State } from 'mdast-util-to-hast';
import { formatProblem, problem, ProblemsError, type Problem } from '../messages.js';
import { decodeUtf8, describeErrno, isProblem } from '../text-file.js';
import { readExisting, readExistingPost } from './existing.js';
import { readFrontMatter } from './front-matter.js';
import { readPost } from './post-reader.js';
import { PREVIEW_MARKER } from './preview-file.js';
import { contentSecurityPolicy, imageOrPlaceholder, PREVIEW_SCHEMA, rawHtmlAsText } from './preview-safety.js';
import { parseMarker, slotKey, slotStatus } from './slots.js';

export interface PreviewOptions {
  /** Per language, the prompt label a generated slot starts with (`Editor:`), to tell an untouched slot. */
  promptLabels: Record<string, string>;
  /** Where the bundle is, seen from the folder the preview is written to (default: the same folder). */
  imageBase?: string;
}

/** The content between two slot markers, kept together so that it is wrapped as one element. */
interface SlotNode {
  type: 'slot';
  key: string;
  untouched: boolean;
  children: RootContent[];
}

/** A paragraph that is only an image of one of the bundle's own charts. */
interface ChartNode {
  type: 'chart';
  alt: string;
  svg: string;
}

/** One language's column, as `preview --format json` reports it. */
export interface PreviewPost {
  lang: string;
  title: string;
  /** Commentary and figure slots the editor has not finished. */
  unfinishedSlots: number;
}

/** A page before it is written out: the served version adds its reload script to it (`pageHtml`). */
export interface PageParts {
  lang: string;
  title: string;
  style: string;
  /** The sanitized body, as HTML. */
  body: string;
}

export async function buildPreview(dir: string, options: PreviewOptions): Promise<string> {
  return pageHtml((await renderPreview(dir, options)).parts).html;
}

/** The preview of a bundle, as parts of a page, and what its columns hold. */
export async function renderPreview(dir: string, options: PreviewOptions): Promise<{ parts: PageParts; posts: PreviewPost[] }> {
  const listed = await readdir(dir).catch((error: NodeJS.ErrnoException) => error);
  // No folder at all (deleted while watched, mistyped, a file) is said as such, not as a folder without posts.
  if (listed instanceof Error)
    throw new ProblemsError('options', [
      problem({
        file: dir,
        ruleId: 'no-posts',
        reason: `expected a bundle folder with index.<lang>.md files, found ${listed.code === 'ENOENT' ? 'no such folder' : listed.code === 'ENOTDIR' ? 'a file' : describeErrno(listed.code)}`,
      }),
    ]);
  const names = listed.filter((name) => /^index\.[A-Za-z-]+\.md$/.test(name));
  const langs = names
    .map((name) => name.slice('index.'.length, -'.md'.length))
    .sort((a, b) => (a === 'en' ? -1 : b === 'en' ? 1 : a.localeCompare(b)));
  if (langs.length === 0)
    throw new ProblemsError('options', [
      problem({ file: dir, ruleId: 'no-posts', reason: 'expected index.<lang>.md files in the bundle, found none' }),
    ]);
  const columns = await Promise.all(
    langs.map(async (lang) => ({
      lang,
      ...(await renderPost(
        dir,
        lang,
        Object.hasOwn(options.promptLabels, lang) ? options.promptLabels[lang]! : (options.promptLabels.en ?? ''),
        options.imageBase ?? '',
      )),
    })),
  );
  const rows = Math.max(...columns.map((c) => c.sections.length));
  const cell = (lang: string, section: ElementContent[] | undefined, index: number): Element => ({
    type: 'element',
    tagName: 'section',
    properties: { lang, dataLang: lang, dataSection: String(index) },
    children: section ?? [],
  });
  const header = (c: (typeof columns)[number]): Element => ({
    type: 'element',
    tagName: 'header',
    properties: { lang: c.lang, dataLang: c.lang },
    children: [
      { type: 'element', tagName: 'h1', properties: {}, children: [{ type: 'text', value: c.title }] },
      {
        type: 'element',
        tagName: 'p',
        properties: { className: ['meta'] },
        children: [{ type: 'text', value: `${c.lang} · ${c.unfinished} unfinished slot${c.unfinished === 1 ? '' : 's'}` }],
      },
    ],
  });
  const grid: Element = {
    type: 'element',
    tagName: 'main',
    properties: {},
    children: [
      ...columns.map(header),
      ...Array.from({ length: rows }, (_, row) => columns.map((c) => cell(c.lang, c.sections[row], row))).flat(),
    ],
  };
  // The whole page goes through the sanitizer, frame included: whatever a later change puts in it
  // meets the same allow-list as the post.
  const page = sanitize({ type: 'root', children: [grid] }, PREVIEW_SCHEMA);
  // The column count is part of the style sheet rather than a style attribute, which the policy refuses.
  const style = `${STYLE}main { grid-template-columns: repeat(${columns.length}, minmax(0, 1fr)); }\n`;
  return {
    parts: { lang: langs[0]!, title: columns[0]!.title, style, body: toHtml(page) },
    posts: columns.map((c) => ({ lang: c.lang, title: c.title, unfinishedSlots: c.unfinished })),
  };
}

/**
 * The page's HTML and its Content-Security-Policy. `script` is for the served preview only
 * (`preview --watch`'s reload script): the one script the page may run, allowed by its hash. A
 * preview written to a file has none, and a policy that lets no script run.
 */
export function pageHtml(parts: PageParts, script?: string): { html: string; policy: string } {
  const policy = contentSecurityPolicy(parts.style, script);
  const html = `<!doctype html>
<html lang="${parts.lang}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${policy}">
${PREVIEW_MARKER}
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Preview: ${escapeHtml(parts.title)}</title>
<style>${parts.style}</style>
</head>
<body>
${parts.body}
${script === undefined ? '' : `<script>${script}</script>\n`}</body>
</html>
`;
  return { html, policy };
}

/** In place of the preview while a bundle cannot be previewed (`preview --watch`): why, problem by problem. */
export function problemsParts(dir: string, problems: readonly Problem[]): PageParts {
  const count = `${problems.length} problem${problems.length === 1 ? '' : 's'}`;
  const items = problems.map((p) => `<li><code>${escapeHtml(formatProblem(p))}</code></li>`).join('\n');
  return {
    lang: 'en',
    title: `${count} in ${dir}`,
    style: `${STYLE}.problems { margin: 16px 24px; background: white; border: 1px solid #c25b5b; padding: 4px 20px; }\n.problems code { white-space: pre-wrap; overflow-wrap: anywhere; }\n`,
    body: `<main class="problems"><h1>${escapeHtml(count)}</h1>\n<p class="meta">${escapeHtml(dir)} cannot be previewed until ${problems.length === 1 ? 'it is' : 'they are'} fixed; the page reloads then.</p>\n<ul>\n${items}\n</ul></main>`,
  };
}

/** A post (checked for nesting it cannot be parsed with), or another file of the bundle, as UTF-8 text. */
async function readBundleText(file: string, kind: 'post' | 'chart'): Promise<string> {
  const fail = (found: Problem | undefined) =>
    new ProblemsError('post', [found ?? problem({ file, ruleId: 'unreadable', reason: 'expected a file, found none' })]);
  if (kind === 'post') {
    const post = await readExistingPost(file);
    if (post === undefined || isProblem(post)) throw fail(post);
    return post.text;
  }
  const read = await readExisting(file);
  if (read === undefined || isProblem(read)) throw fail(read);
  const text = decodeUtf8(read.bytes, file);
  if (isProblem(text)) throw fail(text);
  return text;
}

async function renderPost(dir: string, lang: string, promptLabel: string, imageBase: string) {
  const file = join(dir, `index.${lang}.md`);
  const { yaml, body: tree } = readPost(await readBundleText(file, 'post'));
  // Front matter Hugo could not read is refused, as the post would not build; a title that is not text is left out.
  const frontMatter = readFrontMatter(yaml, file);
  if ('problem' in frontMatter) throw new ProblemsError('post', [frontMatter.problem]);
  const given = frontMatter.data.title;
  const title = typeof given === 'string' || typeof given === 'number' ? String(given) : lang;
  let unfinished = 0;
  const svgs = new Map<string, string>();
  for (const name of (await readdir(dir)).filter((file) => file.endsWith(`.${lang}.svg`)))
    svgs.set(name, await readBundleText(join(dir, name), 'chart'));

  // Group slot contents between their markers, and mark the ones still untouched.
  const children: (RootContent | SlotNode | ChartNode)[] = [];
  for (let i = 0; i < tree.children.length; i++) {
    const node = tree.children[i]!;
    const open = node.type === 'html' ? parseMarker(node.value) : undefined;
    if (!open || open.closing) {
      children.push(chartOf(node, svgs) ?? node);
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
    children.push({ type: 'slot', key: slotKey(open), untouched, children: inside });
  }

  // An editor's image is relative to the post; the preview may be written elsewhere.
  const rebase = (url: string) => (imageBase === '' ? url : posix.join(imageBase, url));
  // Not a literal in the call: `slot` and `chart` are this file's own node types, unknown to mdast.
  const handlers = {
    html: rawHtmlAsText,
    image: (_state: State, node: Image) => imageOrPlaceholder(node, rebase),
    // `![alt][id]` takes its address from a definition: held to the same rule as `![alt](address)`.
    imageReference: (state: State, node: ImageReference) => {
      const definition = state.definitionById.get(String(node.identifier).toUpperCase());
      return definition
        ? imageOrPlaceholder({ type: 'image', url: definition.url, alt: node.alt, title: definition.title }, rebase)
        : defaultHandlers.imageReference(state, node);
    },
    slot: (state: State, node: SlotNode): Element => ({
      type: 'element',
      tagName: 'div',
      properties: { className: node.untouched ? ['slot', 'unfinished'] : ['slot'], dataSlot: node.key },
      children: state.wrap(state.all(node as unknown as Root), true),
    }),
    chart: (_state: State, node: ChartNode): Element => ({
      type: 'element',
      tagName: 'figure',
      properties: { className: ['chart'] },
      // As an image, an SVG runs no script and fetches nothing, whatever the file holds.
      children: [
        {
          type: 'element',
          tagName: 'img',
          properties: { src: `data:image/svg+xml;base64,${Buffer.from(node.svg, 'utf8').toString('base64')}`, alt: node.alt },
          children: [],
        },
      ],
    }),
  };
  const hast = toHast({ type: 'root', children } as Root, { clobberPrefix: `${lang}-`, handlers }) as HastRoot;

  // A level-2 heading starts a section, so that the columns line up section by section.
  const sections: ElementContent[][] = [[]];
  for (const node of hast.children as ElementContent[]) {
    if (node.type === 'element' && node.tagName === 'h2') sections.push([]);
    sections.at(-1)!.push(node);
  }
  return { title, sections, unfinished };
}

/** A paragraph holding only an image of one of the bundle's chart SVGs. */
function chartOf(node: RootContent, svgs: ReadonlyMap<string, string>): ChartNode | undefined {
  const image =
    node.type === 'paragraph' && (node as Paragraph).children.length === 1 && node.children[0]!.type === 'image'
      ? node.children[0]
      : undefined;
  const svg = image ? svgs.get(image.url) : undefined;
  return image && svg !== undefined ? { type: 'chart', alt: image.alt ?? '', svg } : undefined;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}

const STYLE = `
body { margin: 0; font: 15px/1.6 "Helvetica Neue", Arial, "Noto Sans", sans-serif; color: #1d2329; background: #f4f5f7; }
[lang|="ja"] { font-family: "Noto Sans JP", "Noto Sans CJK JP", "Hiragino Sans", "Yu Gothic", sans-serif; }
main { display: grid; gap: 0 24px; padding: 16px 24px; }
main > header, main > section { background: white; padding: 4px 20px; border-left: 1px solid #dde1e6; border-right: 1px solid #dde1e6; min-width: 0; }
main > header { border-top: 1px solid #dde1e6; padding-top: 16px; }
main > section { border-top: 1px dashed #dde1e6; }
h1 { font-size: 1.4em; margin: 0 0 4px; }
.meta { color: #5c6670; margin: 0 0 8px; font-size: 0.85em; }
table { border-collapse: collapse; font-size: 0.8em; margin: 8px 0 16px; display: block; overflow-x: auto; }
th, td { border: 1px solid #c9ced4; padding: 2px 6px; white-space: nowrap; }
th { background: #eef1f4; }
figure.chart { margin: 8px 0 16px; overflow-x: auto; }
figure.chart img { max-width: none; height: auto; display: block; }
img { max-width: 100%; }
.raw-html, .blocked-image { font: 0.85em/1.4 monospace; background: #fbeaea; border: 1px dashed #c25b5b; padding: 1px 4px; white-space: pre-wrap; overflow-wrap: anywhere; }
pre.raw-html { padding: 4px 8px; }
.slot { border-left: 4px solid #8fb996; background: #f3faf4; padding: 2px 12px; margin: 8px 0; }
.slot.unfinished { border-left-color: #e0a800; background: #fff7d6; }
.slot.unfinished::before { content: "unfinished"; display: inline-block; font-size: 0.75em; font-weight: bold; color: #7a5b00; text-transform: uppercase; letter-spacing: 0.05em; }
`;
