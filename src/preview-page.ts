/** The preview of a bundle as `preview` makes it, written or served: with the locales' prompt labels, the bundle read whole. */
import { loadLocaleLayers } from './inputs.js';
import { promptLabel } from './localize/translator.js';
import type { Problem } from './messages.js';
import { readBundleWhole } from './output/bundle.js';
import { renderPreview, type PageParts, type PreviewPost } from './output/preview.js';

export interface ReadPreviewOptions {
  /** A folder of locales layered over the shipped ones (`--locales`): their prompt labels tell an untouched slot. */
  locales?: string;
  /** Where the bundle is, seen from the page (default: the same folder). */
  imageBase?: string;
}

export interface ReadPreview {
  parts: PageParts;
  posts: PreviewPost[];
  /** Drafts found interrupted while writing, completed or undone before the bundle was read. */
  notices: Problem[];
}

export async function readPreview(bundleDir: string, options: ReadPreviewOptions = {}): Promise<ReadPreview> {
  const locales = await loadLocaleLayers(options.locales);
  const promptLabels = Object.fromEntries(Object.keys(locales.resources).map((lang) => [lang, promptLabel(lang, locales)]));
  // Never halfway through a draft's writing (draft --watch may be rewriting the posts right now).
  const { value, notices } = await readBundleWhole(bundleDir, () =>
    renderPreview(bundleDir, { promptLabels, ...(options.imageBase !== undefined ? { imageBase: options.imageBase } : {}) }),
  );
  return { ...value, notices };
}
