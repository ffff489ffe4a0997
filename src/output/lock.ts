/**
 * One writer per bundle: a lock file created exclusively (O_EXCL) in the
 * bundle's `.telescope-report/` folder, holding the owner's pid, host and a
 * random token. A lock whose process is gone (same host, no such pid) is stale
 * and taken over; the takeover itself is guarded by a second exclusive file, so
 * that two writers finding the same stale lock cannot both end up holding one.
 *
 * Hand-written rather than proper-lockfile: that package judges staleness by
 * the lock's age and refreshes it on a timer, so a slow but live writer can
 * lose its lock and every holder keeps the event loop busy; a dead writer is
 * what we need to detect, and its pid says so at once.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { link, lstat, open, readdir, readFile, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { problem, ProblemsError } from '../messages.js';

export interface BundleLock {
  release(): Promise<void>;
}

interface Owner {
  pid: number;
  host: string;
  since: string;
  token: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** A lock or takeover file left half written by a writer killed while making it is stale after this long. */
const UNFINISHED_MS = 2_000;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Creates `file` holding `content`, or returns false if it exists. The content is written to a file
 * of our own first and then hard-linked into place, so the lock never exists half written.
 */
async function createExclusive(file: string, content: string): Promise<boolean> {
  const own = `${file}.${randomBytes(6).toString('hex')}.new`;
  const handle = await open(own, 'wx', 0o644);
  try {
    await handle.writeFile(content);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await link(own, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await rm(own, { force: true });
  }
}

/** Takes the lock of the folder `sidecar` (which must exist), waiting up to `waitMs` for another writer. */
export async function lockBundle(sidecar: string, waitMs = 10_000): Promise<BundleLock> {
  const file = join(sidecar, 'lock');
  const me: Owner = { pid: process.pid, host: hostname(), since: new Date().toISOString(), token: randomBytes(12).toString('hex') };
  const mine = `${JSON.stringify(me)}\n`;
  const deadline = Date.now() + waitMs;
  for (;;) {
    if (await createExclusive(file, mine)) {
      await removeLeftovers(file);
      return {
        // Only our own lock is removed: never one that another writer took over meanwhile.
        release: async () => {
          if ((await readFile(file, 'utf8').catch(() => '')) === mine) await rm(file, { force: true });
        },
      };
    }
    const seen = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) =>
      error.code === 'ENOENT' ? undefined : notAFile(file),
    );
    if (seen === undefined) continue;
    const owner = parseOwner(seen);
    const stale = owner === undefined ? await olderThan(file, UNFINISHED_MS) : owner.host === me.host && !alive(owner.pid);
    if (stale) await takeOver(file, seen);
    if (Date.now() > deadline) {
      throw new ProblemsError('bundle', [
        problem({
          file,
          ruleId: 'locked',
          reason: owner
            ? `expected no other telescope-report writing this bundle, found process ${owner.pid} on ${owner.host}${owner.since ? ` (since ${owner.since})` : ''}: let it finish, or remove the lock if no such process runs`
            : 'expected no other telescope-report writing this bundle, found a lock being created: try again',
        }),
      ]);
    }
    if (!stale) await sleep(50);
  }
}

/** Files a killed writer was about to link into place as the lock: removed once surely abandoned. */
async function removeLeftovers(file: string): Promise<void> {
  const dir = dirname(file);
  const prefix = `${basename(file)}.`;
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    if (name.startsWith(prefix) && name.endsWith('.new') && (await olderThan(join(dir, name), 60_000)))
      await rm(join(dir, name), { force: true });
  }
}

function parseOwner(text: string): Owner | undefined {
  try {
    const owner = JSON.parse(text) as Partial<Owner>;
    if (Number.isSafeInteger(owner.pid) && owner.pid! > 0 && typeof owner.host === 'string')
      return { pid: owner.pid!, host: owner.host, since: typeof owner.since === 'string' ? owner.since : '', token: String(owner.token) };
  } catch {
    // Half written, or not ours: judged by its age.
  }
  return undefined;
}

async function olderThan(file: string, ms: number): Promise<boolean> {
  const info = await lstat(file).catch(() => undefined);
  return info !== undefined && Date.now() - info.mtimeMs > ms;
}

/** Removes a stale lock, provided it still holds what we judged stale, while holding the takeover file. */
async function takeOver(file: string, staleText: string): Promise<void> {
  const guard = `${file}.takeover`;
  const guardText = `${JSON.stringify({ pid: process.pid, host: hostname() })}\n`;
  if (!(await createExclusive(guard, guardText))) {
    // Another writer is taking over. Its guard goes only once that writer is gone, however long it takes.
    const holderText = await readFile(guard, 'utf8').catch(() => undefined);
    const holder = holderText === undefined ? undefined : parseOwner(holderText);
    if (holder && holder.host === hostname() && !alive(holder.pid)) {
      await takeOverGuard(guard, holderText!);
    }
    await sleep(20);
    return;
  }
  try {
    if ((await readFile(file, 'utf8').catch(() => undefined)) === staleText) await rm(file, { force: true });
  } finally {
    await rm(guard, { force: true });
  }
}

/** Removes a takeover guard whose writer died, provided it is still that guard (under a guard of its own). */
async function takeOverGuard(guard: string, deadText: string): Promise<void> {
  const second = `${guard}.takeover`;
  if (!(await createExclusive(second, `${process.pid}\n`))) {
    // Taken by another survivor; it removes the dead guard. One killed in this split second leaves this for a person.
    if (await olderThan(second, 60_000)) await rm(second, { force: true });
    return;
  }
  try {
    if ((await readFile(guard, 'utf8').catch(() => undefined)) === deadText) await rm(guard, { force: true });
  } finally {
    await rm(second, { force: true });
  }
}

function notAFile(file: string): never {
  throw new ProblemsError('bundle', [
    problem({
      file,
      ruleId: 'locked',
      reason: 'expected a lock file, found something else (a folder?) in its place: remove it if no draft is running',
    }),
  ]);
}
