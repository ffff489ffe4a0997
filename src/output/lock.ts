/**
 * One writer per bundle: a lock file created exclusively (O_EXCL) in the
 * bundle's `.telescope-report/` folder, holding the owner's pid and host. A
 * lock whose process is gone (same host, no such pid) is stale and taken over.
 *
 * Hand-written rather than proper-lockfile: that package judges staleness by
 * the lock's age and refreshes it on a timer, so a slow but live writer can
 * lose its lock and every holder keeps the event loop busy; a dead writer is
 * what we need to detect, and its pid says so at once.
 */
import { hostname } from 'node:os';
import { open, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { problem, ProblemsError } from '../messages.js';

export interface BundleLock {
  release(): Promise<void>;
}

interface Owner {
  pid: number;
  host: string;
  since: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the lock of the folder `sidecar` (which must exist), waiting up to `waitMs` for another writer. */
export async function lockBundle(sidecar: string, waitMs = 10_000): Promise<BundleLock> {
  const file = join(sidecar, 'lock');
  const me: Owner = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      const handle = await open(file, 'wx', 0o644);
      try {
        await handle.writeFile(`${JSON.stringify(me)}\n`);
        await handle.sync();
      } finally {
        await handle.close();
      }
      return { release: () => rm(file, { force: true }) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = await readOwner(file);
    if (owner === 'gone') continue;
    if (owner === 'stale' || (owner.host === me.host && !alive(owner.pid))) {
      // Moved aside first, so that two writers finding the same stale lock cannot both remove a fresh one.
      const aside = `${file}.stale-${process.pid}-${Math.random().toString(36).slice(2)}`;
      await rename(file, aside).then(() => rm(aside, { force: true }), () => undefined);
      continue;
    }
    if (Date.now() > deadline) {
      throw new ProblemsError('bundle', [problem({
        file,
        ruleId: 'locked',
        reason: `expected no other telescope-report writing this bundle, found process ${owner.pid} on ${owner.host} (since ${owner.since}): let it finish, or remove the lock if no such process runs`,
      })]);
    }
    await sleep(50);
  }
}

/** The lock's owner; 'stale' for a lock left unwritten by a writer killed while taking it. */
async function readOwner(file: string): Promise<Owner | 'gone' | 'stale'> {
  try {
    const text = await readFile(file, 'utf8');
    const owner = JSON.parse(text) as Partial<Owner>;
    if (typeof owner.pid === 'number' && typeof owner.host === 'string') return { pid: owner.pid, host: owner.host, since: String(owner.since) };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
  }
  // Unreadable or half written: the writer died between creating and filling it, unless that was just now.
  const info = await stat(file).catch(() => undefined);
  if (!info) return 'gone';
  return Date.now() - info.mtimeMs > 2_000 ? 'stale' : { pid: -1, host: '?', since: info.mtime.toISOString() };
}
