/**
 * An archive: many periods, each dataset drafted into a bundle of its own
 * (Hugo's content/posts/<period>/), in one process. `build()` drafts and
 * writes every bundle; run again (by hand, or by `watch()` on every change),
 * it drafts again only what a changed input touches (reuse.ts) and writes
 * only the bundles whose draft changed.
 */
import { resolve } from 'node:path';
import { draftedTemplate, type WriteDraftOptions } from './api.js';
import { blockRegistry } from './document/blocks.js';
import { draftReusing, type DraftOptions } from './draft.js';
import { SHIPPED_LOCALES, SHIPPED_TEMPLATES } from './inputs.js';
import { isDescriptionFile } from './localize/locales.js';
import { problem, ProblemsError, type Problem } from './messages.js';
import { writeBundle, type WriteBundleResult } from './output/bundle.js';
import { DraftCache } from './reuse.js';
import { SvgPool } from './output/svg-pool.js';
import { watchFiles, type Watcher, type WatchTarget } from './watch.js';

export interface ArchiveEntry {
  /** The period's dataset file. */
  dataset: string;
  /** The bundle folder its posts are written to. */
  out: string;
  /** The previous period's dataset file (`draft --previous`). */
  previous?: string;
  /** What `previous` is: the quarter before (default) or the same quarter a year earlier. */
  previousRelation?: 'quarter' | 'year';
}

/** The options of `draft` every bundle shares, and how a post edited by hand is treated (`writeDraft`). */
export interface ArchiveOptions
  extends Pick<DraftOptions, 'languages' | 'template' | 'templatesDir' | 'localesDir' | 'svg' | 'blocks'>,
    WriteDraftOptions {
  /** Threads that draw the SVGs while this one drafts (default: one per processor but one, none on two or fewer; 0: this thread draws them). */
  workers?: number;
}

export interface ArchiveBundle {
  /** The entry's `out`. */
  out: string;
  /** What writing the bundle did; absent when nothing was written (its draft was the same as last time, or failed). */
  written?: WriteBundleResult;
  /** Problems that did not stop the draft: draft's warnings, then the writing's notices. */
  warnings: Problem[];
  /** What kept the bundle from being drafted or written: its files are as they were. */
  error?: ProblemsError;
}

export interface ArchiveBuild {
  /** One per entry, in the entries' order. */
  bundles: ArchiveBundle[];
}

export interface Archive {
  /**
   * Drafts every bundle and writes each whose draft changed since the last build (the first build writes
   * all). A build asked for while another runs starts after it.
   */
  build(): Promise<ArchiveBuild>;
  /**
   * Builds again whenever a dataset, a locale file or a template changes, until the watcher is closed;
   * `onBuild` is handed each build and the paths whose change set it off.
   */
  watch(onBuild: (build: ArchiveBuild, changed: string[]) => void): Watcher;
}

/** Bundles written at once: their writing waits mostly on the disk, so several overlap. */
const WRITING_AT_ONCE = 8;

export function createArchive(entries: readonly ArchiveEntry[], options: ArchiveOptions = {}): Archive {
  const taken = new Map<string, string>();
  const problems: Problem[] = [];
  for (const entry of entries) {
    const out = resolve(entry.out);
    const other = taken.get(out);
    if (other !== undefined)
      problems.push(
        problem({
          file: entry.out,
          ruleId: 'invalid-option',
          reason: `expected a bundle folder of each entry's own, found the folder of ${other}'s entry again`,
        }),
      );
    taken.set(out, entry.dataset);
  }
  if (problems.length > 0) throw new ProblemsError('options', problems);
  // The registration is the build script's own code: said wrong before any dataset is read.
  const registry = blockRegistry(options.blocks);
  const { force, conflictMarkers, lockWaitMs, workers, ...draftOptions } = options;
  const pool = (options.svg ?? true) ? SvgPool.create(workers) : undefined;
  const cache = new DraftCache(pool);
  // With threads drawing, several bundles are drafted at once, so that every thread has a chart to draw.
  const lanes = pool ? pool.size * 2 : 1;
  /** Per bundle, the files last written and the template they were drafted with. */
  const written = new Map<string, { files: ReadonlyMap<string, string>; template: string }>();
  const writeOptions = {
    ...(force !== undefined ? { force } : {}),
    ...(conflictMarkers !== undefined ? { conflictMarkers } : {}),
    ...(lockWaitMs !== undefined ? { lockWaitMs } : {}),
  };

  const buildOne = async (entry: ArchiveEntry): Promise<{ bundle: ArchiveBundle; write?: () => Promise<void> }> => {
    const bundle: ArchiveBundle = { out: entry.out, warnings: [] };
    try {
      // A bundle drafted again keeps the template it was drafted with, as `draft` does.
      const template = options.template ?? written.get(entry.out)?.template ?? (await draftedTemplate(entry.out));
      const [dataset, previous] = await Promise.all([
        cache.loadDataset(entry.dataset),
        entry.previous === undefined ? undefined : cache.loadDataset(entry.previous),
      ]);
      const result = await draftReusing(
        dataset,
        {
          ...draftOptions,
          datasetFile: entry.dataset,
          ...(template ? { template } : {}),
          ...(previous
            ? { previous, previousFile: entry.previous!, ...(entry.previousRelation ? { previousRelation: entry.previousRelation } : {}) }
            : {}),
        },
        cache,
      );
      bundle.warnings.push(...result.warnings);
      const last = written.get(entry.out);
      if (last && last.template === result.template && sameFiles(last.files, result.files)) return { bundle };
      const write = async () => {
        try {
          const orphanWords = Object.fromEntries(result.posts.map((post) => [post.lang, post.orphanWords]));
          bundle.written = await writeBundle(
            entry.out,
            { files: result.files, orphanWords, template: result.template },
            { ...writeOptions, ...(last ? { unchangedSince: last.files } : {}) },
          );
          bundle.warnings.push(...bundle.written.warnings);
          written.set(entry.out, { files: result.files, template: result.template });
        } catch (error) {
          written.delete(entry.out);
          bundle.error = asProblems(error);
        }
      };
      return { bundle, write };
    } catch (error) {
      bundle.error = asProblems(error);
      return { bundle };
    }
  };

  const buildAll = async (): Promise<ArchiveBuild> => {
    const bundles: ArchiveBundle[] = [];
    const writing = new Set<Promise<void>>();
    let next = 0;
    // Drafting is the processor's work, writing the disk's: the next bundles are drafted while the last ones are written.
    const lane = async () => {
      while (next < entries.length) {
        const index = next++;
        const { bundle, write } = await buildOne(entries[index]!);
        bundles[index] = bundle;
        if (!write) continue;
        const pending: Promise<void> = write().finally(() => writing.delete(pending));
        writing.add(pending);
        while (writing.size >= WRITING_AT_ONCE) await Promise.race(writing);
      }
    };
    await Promise.all(Array.from({ length: lanes }, lane));
    await Promise.all(writing);
    cache.endRun();
    return { bundles };
  };

  // Builds never overlap: one asked for while another runs starts after it.
  let running: Promise<unknown> = Promise.resolve();
  const build = (): Promise<ArchiveBuild> => {
    const next = running.then(buildAll, buildAll);
    running = next.catch(() => undefined);
    return next;
  };

  const watch = (onBuild: (build: ArchiveBuild, changed: string[]) => void): Watcher => {
    const outs = [...taken.keys()];
    // The archive's own output is never a reason to build again.
    const ours = (path: string) => outs.some((out) => path === out || path.startsWith(`${out}/`));
    const files = new Set(entries.flatMap((e) => [e.dataset, ...(e.previous === undefined ? [] : [e.previous])]).map((f) => resolve(f)));
    const folders = new Set([...files].map((f) => resolve(f, '..')));
    const targets: WatchTarget[] = [
      ...[...folders].map((dir): WatchTarget => ({ dir, recursive: false, accept: (name) => files.has(resolve(dir, name)) })),
      ...[SHIPPED_LOCALES, registry.localesDir, options.localesDir]
        .filter((d): d is string => d !== undefined)
        .map(
          (dir): WatchTarget => ({
            dir,
            recursive: true,
            accept: (name) => name.endsWith('.json') && !isDescriptionFile(name) && !ours(resolve(dir, name)),
          }),
        ),
      ...[SHIPPED_TEMPLATES, options.templatesDir]
        .filter((d): d is string => d !== undefined)
        .map((dir): WatchTarget => ({ dir, recursive: true, accept: (name) => name.endsWith('.md') && !ours(resolve(dir, name)) })),
    ];
    return watchFiles(targets, async (changed) => onBuild(await build(), changed));
  };

  return { build, watch };
}

function sameFiles(a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>): boolean {
  if (a.size !== b.size) return false;
  for (const [name, content] of a) if (b.get(name) !== content) return false;
  return true;
}

/** Bad input of one bundle (a DatasetError too) is that bundle's outcome; anything else is a bug, and thrown on. */
function asProblems(error: unknown): ProblemsError {
  if (error instanceof ProblemsError) return error;
  throw error;
}
