/**
 * `preview --watch` as a call: the preview served on 127.0.0.1, made again
 * whenever the bundle's posts or charts change (draft --watch rewriting them,
 * an editor saving) or a locale does, and reloaded in the browser. A bundle
 * that cannot be previewed is shown as its problems instead, until it can.
 */
import { createHash } from 'node:crypto';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { clearCaches, SHIPPED_LOCALES } from '../inputs.js';
import { isDescriptionFile } from '../localize/locales.js';
import { problem, ProblemsError, type Problem } from '../messages.js';
import { pageHtml, problemsParts, type PageParts, type PreviewPost } from '../output/preview.js';
import { readPreview } from '../preview-page.js';
import { watchFiles, type WatchTarget } from '../watch.js';
import { listenPreview, reloadScript } from './http.js';

const IMAGE = /^[^.].*\.(avif|gif|jpe?g|png|svg|webp)$/i;
const SHOWN = new RegExp(`^index\\.[A-Za-z-]+\\.md$|${IMAGE.source}`, 'i');

/** The images beside the posts, each as name, size and time of change. */
async function imageStamps(dir: string): Promise<string> {
  const names = (await readdir(dir).catch(() => [] as string[])).filter((name) => IMAGE.test(name)).sort();
  const stamps = await Promise.all(
    names.map(async (name) => {
      const info = await stat(join(dir, name)).catch(() => undefined);
      return `${name}\u0000${info?.size ?? ''}\u0000${info?.mtimeMs ?? ''}`;
    }),
  );
  return stamps.join('\n');
}

/** Next to Hugo's 1313, so that `hugo server` and the preview can run side by side. */
export const DEFAULT_PREVIEW_PORT = 1314;

export interface ServePreviewOptions {
  /** The port on 127.0.0.1 (default 1314; 0 picks a free one). */
  port?: number;
  /** A folder of locales layered over the shipped ones (`--locales`), watched too. */
  locales?: string;
  /** Told the address once the server listens, before the first page is made. */
  onListening?: (url: string) => void;
  /** Told of every making of the page, the first included: for a command to print. */
  onRender?: (render: PreviewRender) => void;
}

export interface PreviewRender {
  /** The files whose change set it off; none for the first. */
  changed: string[];
  ms: number;
  /** Each language's column; none when the bundle has problems. */
  posts: PreviewPost[];
  /** Why the bundle cannot be previewed: the page shows them instead, until it can. */
  problems: readonly Problem[];
  /** Drafts found interrupted while writing, completed or undone before the bundle was read. */
  notices: Problem[];
  /** Whether the page changed, and the open pages were told to reload. */
  reloaded: boolean;
}

export interface PreviewServer {
  /** `http://127.0.0.1:<port>/`. */
  url: string;
  /** The folders watched. */
  watching: string[];
  /** Stops watching and serving; resolves once every connection is closed. */
  close(): Promise<void>;
}

/** Serves the preview of `bundleDir` until `close()`; the folder must exist (it is what is watched). */
export async function servePreview(bundleDir: string, options: ServePreviewOptions = {}): Promise<PreviewServer> {
  for (const [dir, what] of [
    [bundleDir, 'a bundle folder'],
    [options.locales, 'a folder of locales'],
  ] as const) {
    if (dir === undefined || (await stat(dir).catch(() => undefined))?.isDirectory()) continue;
    throw new ProblemsError('options', [
      problem({ file: dir, ruleId: 'unreadable', reason: `expected ${what} to preview and watch, found no such folder` }),
    ]);
  }
  const server = await listenPreview(bundleDir, options.port ?? DEFAULT_PREVIEW_PORT);
  options.onListening?.(server.url);
  const render = async (changed: string[]) => {
    const started = performance.now();
    // Locale files are read afresh: a change to one is what may have set this off.
    clearCaches();
    let parts: PageParts;
    let made: Omit<PreviewRender, 'changed' | 'ms' | 'reloaded'>;
    try {
      const read = await readPreview(bundleDir, options.locales === undefined ? {} : { locales: options.locales });
      parts = read.parts;
      made = { posts: read.posts, problems: [], notices: read.notices };
    } catch (error) {
      if (!(error instanceof ProblemsError)) throw error;
      parts = problemsParts(bundleDir, error.problems);
      made = { posts: [], problems: error.problems, notices: [] };
    }
    // The version names the content, so that a run that changed nothing reloads nothing. An editor's
    // image is only named in the page: its size and time say when it changed.
    const version = createHash('sha256')
      .update(pageHtml(parts).html)
      .update(await imageStamps(bundleDir))
      .digest('base64url')
      .slice(0, 16);
    const reloaded = version !== server.version;
    server.show({ ...pageHtml(parts, reloadScript(version)), version });
    options.onRender?.({ changed, ms: Math.round(performance.now() - started), ...made, reloaded });
  };
  // What the page shows: the posts, their charts and images. Not the lock, journal and backups in
  // .telescope-report/, nor the temporary files an editor or a draft writes before renaming.
  const targets: WatchTarget[] = [
    { dir: bundleDir, recursive: false, accept: (name) => SHOWN.test(name) },
    // Translators' descriptions beside the locales change nothing on the page.
    ...[SHIPPED_LOCALES, options.locales]
      .filter((d): d is string => d !== undefined)
      .map((dir) => ({ dir, recursive: true, accept: (name: string) => name.endsWith('.json') && !isDescriptionFile(name) })),
  ];
  // Watching starts before the first page is made, so that no change between the two goes unseen.
  const watcher = watchFiles(targets, render, 50);
  try {
    await render([]);
  } catch (error) {
    await watcher.close();
    await server.close();
    throw error;
  }
  return {
    url: server.url,
    watching: targets.map((t) => t.dir),
    close: async () => {
      await watcher.close();
      await server.close();
    },
  };
}
