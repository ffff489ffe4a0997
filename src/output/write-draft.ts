/**
 * The writing half of `draft`, apart from the rest of the API (api.ts re-exports it), so that the
 * `draft` command loads neither the preview's HTML nor the audits of `check`.
 */
import type { DraftResult } from '../draft.js';
import { writeBundle, type WriteBundleOptions, type WriteBundleResult } from './bundle.js';
import { bundleTemplate } from './sidecar.js';

/** How `writeDraft` treats a post edited by hand (the `draft` command's `--force` and `--conflict-markers`). */
export type WriteDraftOptions = Pick<WriteBundleOptions, 'force' | 'conflictMarkers' | 'lockWaitMs'>;

/**
 * Writes a draft into its bundle folder as `telescope-report draft --out` does: a post already
 * there is merged (slot text carried over, edits outside the slots kept by a three-way merge with
 * the post as generated last time), the whole bundle written as one change under its lock.
 * Conflicting edits throw a `ProblemsError` unless `force` or `conflictMarkers` says otherwise.
 */
export function writeDraft(result: DraftResult, outDir: string, options: WriteDraftOptions = {}): Promise<WriteBundleResult> {
  const orphanWords = Object.fromEntries(result.posts.map((post) => [post.lang, post.orphanWords]));
  return writeBundle(outDir, { files: result.files, orphanWords, template: result.template }, options);
}

/** The template a bundle was drafted with, as its manifest remembers it (`undefined` for a new folder). */
export function draftedTemplate(bundleDir: string): Promise<string | undefined> {
  return bundleTemplate(bundleDir);
}
