/**
 * What markup a locale string may hold, one policy for every namespace and
 * every language, the reference language included. `draft` refuses a string
 * that breaks it (exit 2) and `locales check` reports the same problem at the
 * same key, so a translator learns of it before drafting.
 *
 * - No raw HTML, comments included: the post is published as it is, and a
 *   comment could even forge an editor's slot marker.
 * - Links (inline, autolink `<https://…>`, reference and definition) only in
 *   the keys of `LINK_KEYS`, and only to http(s) or relative URLs.
 * - Images only in those keys too, and only of relative URLs (a file beside
 *   the post): a remote image is fetched by every reader's browser.
 * - `{{variables}}` only in text (a data value must never become a URL).
 */
import type { Nodes, Root, RootContent } from 'mdast';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { EXIT, visit } from 'unist-util-visit';
import { notTextFault } from '../plain-text.js';
import { LINK_KEYS, pluralBase } from './keys.js';

const PLACEHOLDER = /\{\{\s*([A-Za-z_]\w*)\s*(?:,\s*([a-z]+)\s*)?\}\}/g;
/** Each `{{variable}}` stands in the parse as one private-use character, from this one on. */
export const FIRST_MARK = 0xe000;
export const MARKS = /[\ue000-\ue0ff]/;
const inlineParser = unified().use(remarkParse);

/** A locale string as Markdown, parsed as every reader of locale strings parses it. */
export const parseInline = (markdown: string): Root => inlineParser.parse(markdown);

export interface MarkedString {
  /** The whole parse: more than one paragraph is a `locale-markdown` problem, but still checked here. */
  root: Root;
  placeholders: { name: string; format?: string }[];
}

/** A locale string parsed as Markdown, each variable a private-use mark. The tree is shared: do not change it. */
export function parseLocaleString(raw: string): MarkedString {
  const placeholders: MarkedString['placeholders'] = [];
  const marked = raw.replace(PLACEHOLDER, (_, name: string, format?: string) => {
    placeholders.push({ name, ...(format ? { format } : {}) });
    return String.fromCharCode(FIRST_MARK + placeholders.length - 1);
  });
  return { root: plainParse(marked) ?? parseInline(marked), placeholders };
}

/**
 * Most locale strings are one line of words, where Markdown has nothing to find: no character that
 * starts inline markup anywhere, none that starts a block (a heading, quote, list, fence or HTML)
 * in front (digits only when no `.` or `)` follows them, as an ordered list has), no white space at
 * either end (which the parser trims) and no line ending. Their tree is known without running
 * micromark, whose first, interpreted runs are a large part of a cold draft. The tree is the
 * parser's own, positions included (test/markup-policy.test.ts compares them).
 */
const PLAIN = /^(?:\d+(?![\d.)])|[^\s#>+\-*_=`~<\d\\[\]!&|])(?:[^\s\\`*_[\]<>&!|~]| )*$/;

function plainParse(text: string): Root | undefined {
  if (!PLAIN.test(text) || text.endsWith(' ')) return undefined;
  const position = () => ({ start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: text.length + 1, offset: text.length } });
  return {
    type: 'root',
    children: [{ type: 'paragraph', children: [{ type: 'text', value: text, position: position() }], position: position() }],
    position: position(),
  };
}

export type MarkupRule = 'locale-html' | 'locale-link' | 'locale-url' | 'locale-text';

export interface MarkupFinding {
  ruleId: MarkupRule;
  reason: string;
}

/**
 * A control character, noncharacter or lone surrogate in a locale string:
 * one would make a chart's SVG malformed XML, or split a table row.
 */
export function textFinding(raw: string, key: string): MarkupFinding | undefined {
  const fault = notTextFault(raw);
  if (fault)
    return { ruleId: 'locale-text', reason: `expected "${key}" to be text without control characters or noncharacters, found ${fault}` };
  // Nothing to read would leave a hole in a sentence or a table cell.
  if (raw.trim() === '')
    return {
      ruleId: 'locale-text',
      reason: `expected "${key}" to hold some text, found ${raw === '' ? 'an empty string' : 'only white space'}`,
    };
  // A direction override or isolate would reorder the rest of the line it lands in; marks (U+200E, U+200F) are fine.
  const direction = /[\u202A-\u202E\u2066-\u2069]/.exec(raw);
  if (direction)
    return {
      ruleId: 'locale-text',
      reason: `expected "${key}" to be text without direction overrides or isolates, found U+${direction[0].charCodeAt(0).toString(16).toUpperCase()}`,
    };
  const variables = raw.match(/\{\{/g)?.length ?? 0;
  if (variables > 256) return { ruleId: 'locale-text', reason: `expected "${key}" to hold at most 256 {{variables}}, found ${variables}` };
  // The tool's own placeholders: a string holding one, or an entity that decodes to one, would pass
  // for a {{variable}}. Each variable's mark stands in the parse exactly once; any other is an intruder.
  const inRaw = MARK_ANYWHERE.exec(raw);
  const { root, placeholders } = inRaw ? { root: undefined, placeholders: [] } : parseLocaleString(raw);
  const intruder = inRaw?.[0] ?? (root ? intrudingMark(root, placeholders.length) : undefined);
  if (intruder) {
    const hex = `U+${intruder.charCodeAt(0).toString(16).toUpperCase()}`;
    return {
      ruleId: 'locale-text',
      reason: `expected "${key}" to be text without the private-use characters U+E000-U+E0FF, which stand for {{variables}} inside the tool, found ${hex}`,
    };
  }
  return undefined;
}

const MARK_ANYWHERE = /[\ue000-\ue0ff]/;

/** A mark in the parse that is no variable's own: past the variables' count, or seen twice. */
function intrudingMark(root: Root, variables: number): string | undefined {
  const seen = new Set<string>();
  let found: string | undefined;
  visit(root, (node: Nodes) => {
    const texts = [
      ...('value' in node && typeof node.value === 'string' ? [node.value] : []),
      ...(node.type === 'link' || node.type === 'definition' || node.type === 'image' ? [node.url, node.title ?? ''] : []),
      ...(node.type === 'image' ? [node.alt ?? ''] : []),
    ];
    for (const text of texts) {
      for (const mark of text.match(/[\ue000-\ue0ff]/g) ?? []) {
        if (seen.has(mark) || mark.charCodeAt(0) - FIRST_MARK >= variables) found ??= mark;
        seen.add(mark);
      }
    }
  });
  return found;
}

const URL_NODES = ['link', 'image', 'linkReference', 'imageReference', 'definition'] as const;

/** A string's own nodes under a root of their own, to be visited as one tree. */
const asRoot = (nodes: readonly RootContent[]): Root => ({ type: 'root', children: [...nodes] });

/** Whether a string's own nodes hold anything the policy has to look at again for another key. */
export function holdsUrls(nodes: readonly RootContent[]): boolean {
  let found = false;
  visit(asRoot(nodes), URL_NODES, () => {
    found = true;
    return EXIT;
  });
  return found;
}

/**
 * The policy's findings for the string of `key` (`namespace:dotted.key`, a
 * plural suffix allowed). Both paths name the key the same way, so that the
 * same string gives the same reason in `draft` and in `locales check`.
 */
export function markupFindings(root: Root, key: string): MarkupFinding[] {
  const findings: MarkupFinding[] = [];
  const add = (finding: MarkupFinding) => {
    if (!findings.some((f) => f.reason === finding.reason)) findings.push(finding);
  };
  const linksAllowed = LINK_KEYS.includes(pluralBase(key));
  const allowed = LINK_KEYS.join(', ');
  const html: string[] = [];
  const definitions = new Map<string, string>();
  visit(root, 'definition', (node) => {
    definitions.set(node.identifier, node.url);
  });

  visit(root, (node: Nodes) => {
    if (node.type === 'html') html.push(node.value);
    // A reference is only a link when its definition is in the string too, and the definition is checked as a link.
    const link = node.type === 'link' || node.type === 'definition' ? node.url : undefined;
    const image = node.type === 'image' ? node.url : node.type === 'imageReference' ? definitions.get(node.identifier) : undefined;
    const noun = node.type === 'definition' ? 'a link definition' : node.type === 'link' ? 'a link' : 'an image';
    if (link !== undefined) {
      if (urlKind(link) === 'unsafe')
        add({
          ruleId: 'locale-url',
          reason: `expected a link in "${key}" to an http(s) URL or a relative one, found ${noun} to ${shown(link)}`,
        });
      else if (!linksAllowed)
        add({
          ruleId: 'locale-link',
          reason: `expected no link in "${key}" (only ${allowed} may hold links), found ${noun} to ${shown(link)}`,
        });
    }
    if (image !== undefined) {
      if (urlKind(image) !== 'relative')
        add({
          ruleId: 'locale-url',
          reason: `expected an image in "${key}" of a relative URL (a file beside the post), found ${noun} of ${shown(image)}`,
        });
      else if (!linksAllowed)
        add({
          ruleId: 'locale-link',
          reason: `expected no image in "${key}" (only ${allowed} may hold images), found ${noun} of ${shown(image)}`,
        });
    }
  });
  if (html.length > 0) {
    const listed = html.slice(0, 3).map(shown).join(', ') + (html.length > 3 ? ` and ${html.length - 3} more` : '');
    findings.unshift({ ruleId: 'locale-html', reason: `expected Markdown without raw HTML in "${key}", found ${listed}` });
  }
  return findings;
}

/**
 * `relative`, `remote` (an absolute http(s) URL with a host) or `unsafe`.
 * The URL is the one Markdown decoded (entities and escapes resolved). A
 * browser drops tabs and newlines inside a URL and reads `\` as `/`, so
 * `java&#x09;script:` and `/\host` hide a scheme or a host: any whitespace,
 * control character or backslash makes a URL unsafe. A protocol-relative
 * `//host` is remote without saying how: it is refused, write `https://`.
 * A colon before the first `/`, `?` or `#` is a scheme to some reader, so
 * only `http:` and `https:` may have one (`mailto:` and `tel:` too are refused).
 */
export function urlKind(url: string): 'relative' | 'remote' | 'unsafe' {
  if (/[\u0000-\u0020\u007f-\u00a0\u1680\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\ufeff\\]/.test(url)) return 'unsafe';
  const scheme = /^([^/?#]*):/.exec(url)?.[1];
  if (scheme === undefined) return url.startsWith('//') ? 'unsafe' : 'relative';
  if (!/^https?$/i.test(scheme) || !/^https?:\/\/[^/?#]/i.test(url)) return 'unsafe';
  try {
    return new URL(url).host === '' ? 'unsafe' : 'remote';
  } catch {
    return 'unsafe';
  }
}

/** A URL or HTML quoted with escapes, so that a tab or a mark shows, and cut short. */
const shown = (text: string): string =>
  JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}…` : text).replace(/[\ue000-\ue0ff]/g, '{{…}}');

/** Where a `{{variable}}` sits outside text, if it does: a value must never become a URL, an image or HTML. */
export function findMisplacedMarks(nodes: readonly RootContent[]): string | undefined {
  let found: string | undefined;
  visit(asRoot(nodes), (node: Nodes) => {
    if (node.type === 'link' && (MARKS.test(node.url) || MARKS.test(node.title ?? ''))) found = 'a link target';
    else if (node.type === 'image' && MARKS.test(node.url + node.alt + (node.title ?? ''))) found = 'an image';
    else if (node.type === 'html' && MARKS.test(node.value)) found = 'raw HTML';
    return found ? EXIT : undefined;
  });
  return found;
}
