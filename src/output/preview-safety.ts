/**
 * What keeps a hostile post from doing anything in `preview.html`: the
 * post's raw HTML is shown as text, images load only from the bundle, the
 * page is passed through hast-util-sanitize, and a Content-Security-Policy
 * lets the page run no script and fetch nothing from outside.
 */
import { createHash } from 'node:crypto';
import type { Element, ElementContent } from 'hast';
import { defaultSchema, type Schema } from 'hast-util-sanitize';
import type { Html, Image, Parents } from 'mdast';
import type { State } from 'mdast-util-to-hast';

const base = defaultSchema.attributes!;

/**
 * GitHub's schema (what a reader of rendered Markdown already trusts), plus the page's own frame:
 * columns, sections, slot wrappers and chart figures, each with only the classes and data
 * attributes the preview writes.
 */
export const PREVIEW_SCHEMA: Schema = {
  ...defaultSchema,
  tagNames: [...defaultSchema.tagNames!, 'main', 'header', 'figure'],
  attributes: {
    ...base,
    main: [],
    header: ['dataLang'],
    section: [...base.section!, 'dataLang', 'dataSection'],
    div: [...base.div!, ['className', 'slot', 'unfinished'], 'dataSlot'],
    figure: [['className', 'chart']],
    p: [['className', 'meta']],
    pre: [['className', 'raw-html']],
    code: [['className', /^language-./, 'raw-html']],
    span: [['className', 'blocked-image']],
  },
  // Charts are inlined as data: URIs; an editor's image is a relative path (see `isBundlePath`).
  // Neither http nor https: a remote image never reaches the page as an <img>.
  protocols: { ...defaultSchema.protocols, src: ['data'] },
  // Ids come only from mdast-util-to-hast's footnotes, already prefixed per language so that the two
  // columns do not share them; a second prefix here would break the footnote links. No script
  // runs on this page, so there is nothing for an id to clobber.
  clobber: [],
};

/**
 * The policy of a page whose only style is `style`: no script, no frame, no font, no fetch; images
 * from local files and data: URIs only. Chromium counts every file: URL as 'self' for a page opened
 * from a file:, which is what lets an editor's relative images load. The style is allowed by its
 * hash rather than 'unsafe-inline', so that no style attribute applies either. A served preview
 * (`preview --watch`) also runs `script`, its reload script, allowed by its hash in the same way,
 * and may connect to its own server, for the reload events; nothing else runs.
 */
export function contentSecurityPolicy(style: string, script?: string): string {
  const hash = (text: string) => createHash('sha256').update(text, 'utf8').digest('base64');
  const served = script === undefined ? [] : [`script-src 'sha256-${hash(script)}'`, `connect-src 'self'`];
  return [
    `default-src 'none'`,
    `img-src 'self' data:`,
    `style-src 'sha256-${hash(style)}'`,
    ...served,
    `base-uri 'none'`,
    `form-action 'none'`,
  ].join('; ');
}

/**
 * Whether an image address names a file beside the post. Anything with a scheme, a leading slash or
 * backslash (a site root, or `//host`, which a file: page would fetch from a network share), or a
 * control character a browser would strip before parsing is not one.
 */
export function isBundlePath(url: string): boolean {
  return url !== '' && !/^[a-z][a-z0-9+.-]*:|^[/\\]|[\\\u0000-\u0020\u007f]/i.test(url);
}

/**
 * An editor's raw HTML is shown as the text it is, in a box, rather than dropped: the editor sees it
 * is there (Hugo, with its default `unsafe: false`, would leave it out of the page).
 */
export function rawHtmlAsText(_state: State, node: Html, parent: Parents | undefined): Element {
  const text = node.value;
  // Flow containers hold HTML blocks; anything else (a paragraph, a cell, an emphasis…) inline HTML.
  const block = !parent || ['root', 'blockquote', 'listItem', 'footnoteDefinition', 'slot'].includes(parent.type);
  const code: Element = {
    type: 'element',
    tagName: 'code',
    properties: block ? {} : { className: ['raw-html'] },
    children: [{ type: 'text', value: text }],
  };
  return block ? { type: 'element', tagName: 'pre', properties: { className: ['raw-html'] }, children: [code] } : code;
}

/** An image that is not in the bundle is named, not loaded: the preview must fetch nothing from outside. */
export function imageOrPlaceholder(image: Image, rebase: (url: string) => string): ElementContent {
  if (isBundlePath(image.url)) {
    return {
      type: 'element',
      tagName: 'img',
      properties: { src: rebase(image.url), alt: image.alt ?? '', ...(image.title ? { title: image.title } : {}) },
      children: [],
    };
  }
  const label = `image not loaded in the preview: ${image.alt ? `${image.alt} ` : ''}(${image.url})`;
  return { type: 'element', tagName: 'span', properties: { className: ['blocked-image'] }, children: [{ type: 'text', value: label }] };
}
