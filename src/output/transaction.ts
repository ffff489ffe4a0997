/**
 * Writing a whole bundle as one change: afterwards every file is new, or
 * every file is as it was, even across a crash, a kill or a power cut; and a
 * file somebody changed meanwhile is never replaced.
 *
 * 1. Stage: each new file is written to a staging folder (created with an
 *    unpredictable name, each file created exclusively, fsynced, with the
 *    mode of the file it replaces); each file to be replaced or removed gets
 *    a hard link there, to put back on failure.
 * 2. Decide: a journal naming every change, with a hash of each target before
 *    and after, is written and fsynced. Before it exists nothing outside the
 *    staging folder has changed.
 * 3. Apply: each target still as it was is replaced, then every folder
 *    touched is fsynced. If a rename fails, or a target changed since it was
 *    read, the targets already replaced are put back.
 *
 * `recoverBundle` finishes what a killed writer left (or undoes it, when a
 * target changed since, so that the newer file is kept), under the lock.
 */
import { createHash, randomBytes } from 'node:crypto';
import { constants, existsSync } from 'node:fs';
import { chmod, copyFile, link, mkdir, open, readdir, readFile, realpath, rename, rm } from 'node:fs/promises';
import { dirname, isAbsolute, join, normalize, sep } from 'node:path';
import { problem, ProblemsError } from '../messages.js';

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
  /** sha256 of the target before and after the change; `null` when there is no file. */
  before: string | null;
  after: string | null;
}

const JOURNAL = 'journal.json';
const ROLLBACK = 'rollback';
const STAGING_PREFIX = 'staging-';

const hash = (bytes: string | Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const missing = (error: unknown) => (error as NodeJS.ErrnoException).code === 'ENOENT';

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

/** The hash of a file's bytes, `null` when there is none. */
async function hashOf(path: string): Promise<string | null> {
  try {
    const handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
    try {
      return (await handle.stat()).isFile() ? hash(await handle.readFile()) : 'not-a-file';
    } finally {
      await handle.close();
    }
  } catch (error) {
    if (missing(error)) return null;
    throw error;
  }
}

/** Applies every change to `dir` or none; `before` runs after staging and may refuse by throwing. */
export async function commitBundle(
  dir: string,
  sidecar: string,
  changes: readonly FileChange[],
  before?: () => Promise<void>,
): Promise<void> {
  // A file that holds its new content already is left as it is (its time too): nothing to stage or put back.
  const hashes = await Promise.all(changes.map((change) => hashOf(join(dir, change.name))));
  const needed = changes.flatMap((change, index) => {
    const after = change.content === undefined ? null : hash(change.content);
    return after === hashes[index] ? [] : [{ change, index, entry: { name: change.name, before: hashes[index]!, after } as JournalEntry }];
  });
  if (needed.length === 0) {
    await before?.();
    return;
  }
  await mkdir(sidecar, { recursive: true });
  const staging = join(sidecar, `${STAGING_PREFIX}${randomBytes(9).toString('base64url')}`);
  await mkdir(staging, { mode: 0o700 });
  const entries: JournalEntry[] = [];
  try {
    for (const { change, index, entry } of needed) {
      const target = join(dir, change.name);
      if (entry.before !== null) {
        // A filesystem without hard links: a copy serves to put the file back.
        await link(target, join(staging, `old-${index}`)).catch(() =>
          copyFile(target, join(staging, `old-${index}`), constants.COPYFILE_EXCL),
        );
        entry.old = `old-${index}`;
      }
      if (change.content !== undefined) {
        await writeNew(join(staging, `new-${index}`), change.content, change.mode);
        entry.staged = `new-${index}`;
      }
      entries.push(entry);
    }
    await before?.();
    await assertInside(dir, entries);
    // Written aside and renamed, so that a journal is whole or absent, never torn by a kill.
    await writeNew(join(staging, `${JOURNAL}.part`), JSON.stringify(entries), undefined);
    await rename(join(staging, `${JOURNAL}.part`), join(staging, JOURNAL));
    await syncPath(staging);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
  const applied: JournalEntry[] = [];
  try {
    for (const entry of entries) {
      if ((await hashOf(join(dir, entry.name))) !== entry.before) throw changedMeanwhile(dir, entry);
      await applyOne(dir, staging, entry);
      applied.push(entry);
    }
    // A save in place between a check and its rename changed the file we linked as the old one.
    for (const entry of entries) {
      if (entry.old !== undefined && (await hashOf(join(staging, entry.old))) !== entry.before) throw changedMeanwhile(dir, entry);
    }
    await syncFolders(dir, entries);
  } catch (error) {
    await rollBack(dir, staging, applied, error);
    throw error;
  }
  await rm(staging, { recursive: true, force: true });
}

const changedMeanwhile = (dir: string, entry: JournalEntry) =>
  new ProblemsError('bundle', [
    problem({
      file: join(dir, entry.name),
      ruleId: 'changed-while-drafting',
      reason: 'expected the file as it was read, found it changed while the draft was written: nothing was changed, draft again',
    }),
  ]);

async function applyOne(dir: string, staging: string, entry: JournalEntry): Promise<void> {
  const target = join(dir, entry.name);
  if (entry.staged !== undefined) {
    await mkdir(dirname(target), { recursive: true });
    await rename(join(staging, entry.staged), target);
  } else await rm(target, { force: true });
}

async function syncFolders(dir: string, entries: readonly JournalEntry[]): Promise<void> {
  for (const folder of new Set([dir, ...entries.map((e) => dirname(join(dir, e.name)))])) await syncPath(folder).catch(() => undefined);
}

/**
 * Puts back the targets of `applied`. Every one is tried, whatever fails; what could not be put
 * back is reported, and the staging folder (holding the old copies) is then kept.
 */
async function rollBack(dir: string, staging: string, applied: readonly JournalEntry[], cause?: unknown): Promise<void> {
  await writeNew(join(staging, ROLLBACK), '', undefined).catch(() => undefined);
  const failed: string[] = [];
  for (const entry of [...applied].reverse()) {
    const target = join(dir, entry.name);
    try {
      if (entry.old !== undefined) await rename(join(staging, entry.old), target);
      else await rm(target, { force: true });
    } catch (error) {
      failed.push(
        `${entry.name} (${(error as NodeJS.ErrnoException).code ?? 'error'}; its old version is ${join(staging, entry.old ?? '')})`,
      );
    }
  }
  await syncFolders(dir, applied);
  if (failed.length === 0) {
    await rm(staging, { recursive: true, force: true });
    return;
  }
  const reason = (cause as Error | undefined)?.message?.split('\n')[0] ?? 'a write failed';
  throw new ProblemsError('bundle', [
    problem({
      file: dir,
      ruleId: 'unwritable',
      reason: `expected to put back every file after ${reason}, found ${failed.length} that could not be: ${failed.join('; ')}. Fix the cause, then run draft or check again to finish putting them back`,
    }),
  ]);
}

/** Refuses a change whose target lies outside the bundle once symbolic links are followed. */
async function assertInside(dir: string, entries: readonly JournalEntry[]): Promise<void> {
  const root = await realpath(dir);
  for (const entry of entries) {
    let folder = dirname(join(dir, entry.name));
    // The nearest folder that exists: the rest will be created inside it.
    for (;;) {
      const real = await realpath(folder).catch(() => undefined);
      if (real !== undefined) {
        if (real !== root && !real.startsWith(`${root}${sep}`)) {
          throw new ProblemsError('bundle', [
            problem({
              file: join(dir, entry.name),
              ruleId: 'unwritable',
              reason: `expected a file inside the bundle, found a path that a symbolic link leads to ${real}: nothing was changed`,
            }),
          ]);
        }
        break;
      }
      folder = dirname(folder);
    }
  }
}

const SAFE_STAGED = /^(new|old)-\d+$/;
const HASH = /^[0-9a-f]{64}$|^not-a-file$/;

/** The journal of a leftover staging folder, checked: names inside the bundle, known shapes only. */
function parseJournal(text: string, file: string): JournalEntry[] {
  const bad = (found: string) =>
    new ProblemsError('bundle', [
      problem({
        file,
        ruleId: 'sidecar',
        reason: `expected the journal of an interrupted draft, found ${found}: if no draft is running, remove ${dirname(file)}`,
      }),
    ]);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw bad('text that is not JSON');
  }
  if (!Array.isArray(value)) throw bad('something other than a list');
  return value
    .map((item: unknown, index) => {
      const entry = item as Partial<JournalEntry> | null;
      const name = entry?.name;
      const safeName = typeof name === 'string' && name !== '' && !isAbsolute(name) && !normalize(name).split(/[\\/]/).includes('..');
      const okHash = (h: unknown) => h === null || (typeof h === 'string' && HASH.test(h));
      const okStaged = (s: unknown) => s === undefined || (typeof s === 'string' && SAFE_STAGED.test(s));
      if (
        !entry ||
        typeof entry !== 'object' ||
        !safeName ||
        !okHash(entry.before) ||
        !okHash(entry.after) ||
        !okStaged(entry.staged) ||
        !okStaged(entry.old)
      ) {
        throw bad(`an entry it cannot use at [${index}]`);
      }
      // What the writer always records together: new content with its file, an old file with its link.
      if ((entry.after === null) !== (entry.staged === undefined) || (entry.before === null) !== (entry.old === undefined))
        throw bad(`an entry that does not hold together at [${index}]`);
      return entry as JournalEntry;
    })
    .map((entry, index, all) => {
      if (all.findIndex((e) => normalize(e.name) === normalize(entry.name)) !== index) throw bad(`${entry.name} twice`);
      return entry;
    });
}

export interface Recovery {
  staging: string;
  outcome: 'completed' | 'undone';
  /** Files changed since the interrupted draft read them: kept as they are. */
  changedSince: string[];
}

/** Finishes, or undoes, what writers killed mid-change left; drops changes never decided. */
export async function recoverBundle(dir: string, sidecar: string): Promise<Recovery[]> {
  const names = await readdir(sidecar).catch(() => [] as string[]);
  const recovered: Recovery[] = [];
  for (const name of names.filter((n) => n.startsWith(STAGING_PREFIX)).sort()) {
    const staging = join(sidecar, name);
    let text: string;
    try {
      text = await readFile(join(staging, JOURNAL), 'utf8');
    } catch {
      // No journal: the change was never decided and nothing outside the folder was touched.
      await rm(staging, { recursive: true, force: true });
      continue;
    }
    const journal = parseJournal(text, join(staging, JOURNAL));
    await assertInside(dir, journal);
    const states = await Promise.all(
      journal.map(async (entry) => {
        const now = await hashOf(join(dir, entry.name));
        return now === entry.after ? 'applied' : now === entry.before ? 'pending' : 'changed';
      }),
    );
    // Every file the journal needs must be there as recorded before anything is touched.
    for (const [i, entry] of journal.entries()) {
      if (states[i] === 'pending' && entry.staged !== undefined && (await hashOf(join(staging, entry.staged))) !== entry.after) {
        throw new ProblemsError('bundle', [
          problem({
            file: join(staging, JOURNAL),
            ruleId: 'sidecar',
            reason: `expected the staged ${entry.name} of an interrupted draft, found it missing or changed: if no draft is running, remove ${staging}`,
          }),
        ]);
      }
    }
    // A file changed since the killed draft read it was saved by someone. If that happened after the
    // draft had put its new version in place (the staged copy is gone), the rest is completed;
    // if before, the whole change is undone. Either way the saved file is kept as it is.
    const changedSince = journal.filter((_, i) => states[i] === 'changed').map((e) => join(dir, e.name));
    const changedBeforeRename = journal.some(
      (e, i) => states[i] === 'changed' && e.staged !== undefined && existsSync(join(staging, e.staged)),
    );
    const undo = changedBeforeRename || (await hashOf(join(staging, ROLLBACK))) !== null;
    try {
      if (undo)
        await rollBack(
          dir,
          staging,
          journal.filter((_, i) => states[i] === 'applied'),
        );
      else {
        for (const [i, entry] of journal.entries()) if (states[i] === 'pending') await applyOne(dir, staging, entry);
        await syncFolders(dir, journal);
        await rm(staging, { recursive: true, force: true });
      }
    } catch (error) {
      if (error instanceof ProblemsError) throw error;
      const { code, path } = error as NodeJS.ErrnoException;
      throw new ProblemsError('bundle', [
        problem({
          file: path ?? staging,
          ruleId: 'unwritable',
          reason: `expected to finish an interrupted draft, found ${code ?? String(error)}: fix the cause and run again`,
        }),
      ]);
    }
    recovered.push({ staging, outcome: undo ? 'undone' : 'completed', changedSince });
  }
  return recovered;
}
