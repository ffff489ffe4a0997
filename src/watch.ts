/**
 * What the watching commands share (`draft --watch`, `preview --watch`): a
 * change sets off a run once its burst has ended, since editors, and draft
 * itself, write a file in several steps (a temporary file, then a rename; a
 * bundle file after file); runs never overlap, and the changes made during a
 * run set off one more run after it. Stopped by SIGINT or SIGTERM.
 */
import { watch } from 'node:fs';
import { resolve } from 'node:path';

export interface WatchTarget {
  dir: string;
  /** Whether the folders below `dir` are watched too. */
  recursive: boolean;
  /** Whether a change to this path (relative to `dir`) matters. */
  accept: (name: string) => boolean;
}

export interface Watcher {
  /** Stops watching; resolves once a run under way has finished. */
  close(): Promise<void>;
}

/**
 * Calls `run` with the absolute paths changed, `quietMs` after the last change of a burst, one run
 * at a time. A run that throws (a bug: runs report bad input themselves) ends the process as an
 * unhandled rejection would, rather than being swallowed.
 */
export function watchFiles(targets: readonly WatchTarget[], run: (changed: string[]) => Promise<void>, quietMs = 25): Watcher {
  let pending: NodeJS.Timeout | undefined;
  let running = Promise.resolve();
  const changed = new Set<string>();
  const watchers = targets.map(({ dir, recursive, accept }) =>
    watch(dir, { recursive }, (_event, name) => {
      if (!name || !accept(name)) return;
      changed.add(resolve(dir, name));
      clearTimeout(pending);
      pending = setTimeout(() => {
        const paths = [...changed];
        changed.clear();
        running = running.then(() => run(paths));
      }, quietMs);
    }),
  );
  return {
    close: async () => {
      for (const watcher of watchers) watcher.close();
      clearTimeout(pending);
      await running;
    },
  };
}

/** Resolves on the first SIGINT (Ctrl-C) or SIGTERM: a watching command then stops cleanly, exit 0. */
export function untilStopped(): Promise<NodeJS.Signals> {
  return new Promise((done) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      done(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
