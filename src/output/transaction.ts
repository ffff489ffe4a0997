/**
 * Writing a whole bundle as one change: afterwards every file is new, or
 * every file is as it was, even across a crash, a kill or a power cut.
 *
 * 1. Stage: each new file is written to a staging folder (created with an
 *    unpredictable name, each file created exclusively, fsynced, with the
 *    mode of the file it replaces); each file to be replaced or removed gets
 *    a hard link there, to put back on failure.
 * 2. Decide: a journal naming every rename is written and fsynced. Before it
 *    exists nothing outside the staging folder has changed; once it exists
 *    the change is decided and a later run completes it.
 * 3. Apply: renames over the targets, then fsync of each folder touched.
 *    If one fails, a rollback marker is written and every target is put back.
 *
 * `recoverBundle` finishes (or undoes) what a killed writer left, and runs
 * under the bundle lock before anything reads the bundle.
 */
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { chmod, link, mkdir, open, readdir, readFile, rename, rm, copyFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

export interface FileChange {
  /** Bundle-relative path. */
  name: string;
  /** New content; `undefined` removes the file. */
  content?: string | Uint8Array;
  /** Permission bits for the new file (default 0o644, less the umask). */
  mode?: number;
}

interface JournalEntry {
  name: string;
  /** Staged new content, `new-<i>` in the staging folder. */
  staged?: string;
  /** Hard link to the file as it was, `old-<i>`. */
  old?: string;
}

const JOURNAL = 'journal.json';
const ROLLBACK = 'rollback';
const STAGING_PREFIX = 'staging-';

async function syncPath(path: string): Promise<void> {
  const handle = await open(path, constants.O_RDONLY);
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function writeNew(path: string, content: string | Uint8Array, mode: number | undefined): Promise<void> {
  const handle = await open(path, 'wx', mode ?? 0o644);
  try {
    await handle.writeFile(content);
    await handle.sync();
  } finally {
    await handle.close();
  }
  // The umask may have narrowed the mode at creation; a replaced file keeps exactly its own.
  if (mode !== undefined) await chmod(path, mode);
}

const missing = (error: unknown) => (error as NodeJS.ErrnoException).code === 'ENOENT';

/** Applies every change to `dir` or none; `before` runs after staging and may refuse by throwing. */
export async function commitBundle(dir: string, sidecar: string, changes: readonly FileChange[], before?: () => Promise<void>): Promise<void> {
  await mkdir(sidecar, { recursive: true });
  const staging = join(sidecar, `${STAGING_PREFIX}${randomBytes(9).toString('base64url')}`);
  await mkdir(staging, { mode: 0o700 });
  const entries: JournalEntry[] = [];
  try {
    for (const [index, change] of changes.entries()) {
      const entry: JournalEntry = { name: change.name };
      const target = join(dir, change.name);
      try {
        await link(target, join(staging, `old-${index}`));
        entry.old = `old-${index}`;
      } catch (error) {
        if (!missing(error)) {
          // A filesystem without hard links: a copy serves to put the file back.
          await copyFile(target, join(staging, `old-${index}`), constants.COPYFILE_EXCL);
          entry.old = `old-${index}`;
        }
      }
      if (change.content !== undefined) {
        await writeNew(join(staging, `new-${index}`), change.content, change.mode);
        entry.staged = `new-${index}`;
      }
      entries.push(entry);
    }
    await before?.();
    await writeNew(join(staging, JOURNAL), JSON.stringify(entries), undefined);
    await syncPath(staging);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
  try {
    await apply(dir, staging, entries);
  } catch (error) {
    await rollBack(dir, staging, entries);
    throw error;
  }
  await rm(staging, { recursive: true, force: true });
}

async function apply(dir: string, staging: string, entries: readonly JournalEntry[]): Promise<void> {
  const folders = new Set<string>([dir]);
  for (const entry of entries) {
    const target = join(dir, entry.name);
    folders.add(dirname(target));
    if (entry.staged !== undefined) {
      await mkdir(dirname(target), { recursive: true });
      await rename(join(staging, entry.staged), target).catch(async (error) => {
        // Already moved by an earlier, interrupted run of this same change.
        if (!(missing(error) && (await exists(target)))) throw error;
      });
    } else {
      await rm(target, { force: true });
    }
  }
  for (const folder of folders) await syncPath(folder).catch(() => undefined);
}

async function rollBack(dir: string, staging: string, entries: readonly JournalEntry[]): Promise<void> {
  await writeNew(join(staging, ROLLBACK), '', undefined).catch(() => undefined);
  for (const entry of [...entries].reverse()) {
    const target = join(dir, entry.name);
    if (entry.old !== undefined) {
      await rename(join(staging, entry.old), target).catch((error) => {
        if (!missing(error)) throw error;
      });
    } else if (entry.staged !== undefined && !(await exists(join(staging, entry.staged)))) {
      // A file that did not exist before and was already put in place.
      await rm(target, { force: true });
    }
  }
  await syncPath(dir).catch(() => undefined);
  await rm(staging, { recursive: true, force: true });
}

const exists = (path: string) => open(path, constants.O_RDONLY | constants.O_NONBLOCK).then((h) => h.close().then(() => true), () => false);

/** Completes a change whose journal was written, undoes one being rolled back, drops one never decided. */
export async function recoverBundle(dir: string, sidecar: string): Promise<string[]> {
  const names = await readdir(sidecar).catch(() => [] as string[]);
  const recovered: string[] = [];
  for (const name of names.filter((n) => n.startsWith(STAGING_PREFIX)).sort()) {
    const staging = join(sidecar, name);
    const journal = await readFile(join(staging, JOURNAL), 'utf8').then((text) => JSON.parse(text) as JournalEntry[], () => undefined);
    if (journal === undefined) {
      await rm(staging, { recursive: true, force: true });
      continue;
    }
    if (await exists(join(staging, ROLLBACK))) await rollBack(dir, staging, journal);
    else {
      await apply(dir, staging, journal);
      await rm(staging, { recursive: true, force: true });
    }
    recovered.push(staging);
  }
  return recovered;
}
