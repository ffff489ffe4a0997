/**
 * Writing a draft into its bundle folder, under the bundle's lock, as one
 * all-or-nothing change (transaction.ts). A post already there is merged, not
 * replaced: slot text is carried over, edits outside the slots are kept by a
 * three-way merge with the post as generated last time (sidecar.ts), and
 * conflicting edits are refused unless asked otherwise. Nothing that was not
 * ours, and nothing changed by hand, is replaced or removed without a backup.
 */
import { lstat, mkdir, realpath } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, parse, resolve, sep } from 'node:path';
import { problem, ProblemsError, type Problem } from '../messages.js';
import { describeErrno, isProblem } from '../text-file.js';
import { readExisting, readExistingPost, type ExistingText } from './existing.js';
import { lockBundle } from './lock.js';
import { planPost } from './post-plan.js';
import type { OrphanWords } from './regenerate.js';
import {
  backupName,
  contentHash,
  generatedName,
  manifestName,
  manifestText,
  readManifest,
  SIDECAR_DIR,
  sidecarPath,
  type Manifest,
} from './sidecar.js';
import { commitBundle, recoverBundle, type FileChange, type Recovery } from './transaction.js';

export interface BundleDraft {
  /** Bundle-relative file name → content. */
  files: ReadonlyMap<string, string>;
  /** Per language, the words of the orphaned-commentary section. */
  orphanWords: Record<string, OrphanWords>;
  /** The template drafted with, remembered in the manifest. */
  template?: string;
}

export interface WriteBundleOptions {
  /** Write even over conflicting edits or damaged markers: the new draft wins, after a backup of every file replaced. */
  force?: boolean;
  /** Write conflicting lines with both versions between conflict markers instead of refusing. */
  conflictMarkers?: boolean;
  /** Stamp for backup folders (default: now). */
  now?: Date;
  /** How long to wait for another writer's lock (default 10 s). */
  lockWaitMs?: number;
  /** Runs when everything is staged, just before the posts are compared with the disk and replaced (for tests). */
  beforeCommit?: () => Promise<void>;
  /**
   * The bundle's files as this process last wrote them (an archive's later builds): a file drafted the same
   * again is taken to be as written, neither read nor written, and its post's notices are not said again.
   */
  unchangedSince?: ReadonlyMap<string, string>;
}

export interface WriteBundleResult {
  /** Paths of the bundle's files as drafted (a file that held its content already is left untouched). */
  written: string[];
  /** Paths of files the tool wrote before and no longer writes, now removed. */
  removed: string[];
  /** Paths of the backups made, in `.telescope-report/backups/`. */
  backups: string[];
  /** Notices for the user: orphaned or returned slots, kept edits, backups, forced overwrites. */
  warnings: Problem[];
}

const POST = /^index\.([A-Za-z-]+)\.md$/;
/** `<anything>.<lang>.<ext>`: the language a generated file belongs to. */
const LANGUAGE_OF = /^(?:index|[^/]+)\.([A-Za-z-]+)\.(?:md|vl\.json|svg)$/;

interface Plan {
  changes: FileChange[];
  backups: string[];
  warnings: Problem[];
  problems: Problem[];
  /** Posts as read, to compare with the disk just before they are replaced. */
  read: Map<string, Buffer>;
  /** Files drafted as `unchangedSince` has them, left alone. */
  kept: string[];
}

export async function writeBundle(dir: string, draft: BundleDraft, options: WriteBundleOptions = {}): Promise<WriteBundleResult> {
  if (resolve(dir).split(sep).includes(SIDECAR_DIR)) {
    throw new ProblemsError('bundle', [
      problem({
        file: dir,
        ruleId: 'unwritable',
        reason: `expected a bundle folder, found a folder inside a bundle's ${SIDECAR_DIR}/, which telescope-report keeps for itself`,
      }),
    ]);
  }
  if ([parse(resolve(dir)).root, resolve(homedir())].includes(resolve(dir))) {
    throw new ProblemsError('bundle', [
      problem({
        file: dir,
        ruleId: 'unwritable',
        reason: 'expected a bundle folder, found the root of the file system or the home folder: name a folder of its own',
      }),
    ]);
  }
  await makeFolder(dir);
  const real = await realpath(dir);
  if (real.split(sep).includes(SIDECAR_DIR)) {
    throw new ProblemsError('bundle', [
      problem({
        file: dir,
        ruleId: 'unwritable',
        reason: `expected a bundle folder, found one that leads into a bundle's ${SIDECAR_DIR}/ (${real}), which telescope-report keeps for itself`,
      }),
    ]);
  }
  const sidecar = sidecarPath(dir);
  const sidecarInfo = await lstat(sidecar).catch(() => undefined);
  if (sidecarInfo && !sidecarInfo.isDirectory()) {
    throw new ProblemsError('bundle', [
      problem({
        file: sidecar,
        ruleId: 'sidecar',
        reason: `expected the bundle's own ${SIDECAR_DIR}/ folder, found ${sidecarInfo.isSymbolicLink() ? 'a symbolic link' : 'a file'}: telescope-report writes only inside the bundle`,
      }),
    ]);
  }
  await makeFolder(sidecar);
  const lock = await lockBundle(sidecar, options.lockWaitMs);
  try {
    const recovered = await recoverBundle(dir, sidecar);
    const plan = await planWrite(dir, draft, options);
    plan.warnings.unshift(...recoveryNotices(recovered));
    if (plan.problems.length > 0) throw new ProblemsError('bundle', plan.problems);
    const beforeCommit = async () => {
      await options.beforeCommit?.();
      await unchangedSinceRead(dir, plan.read);
    };
    await commitBundle(dir, sidecar, plan.changes, beforeCommit).catch((error: unknown) => {
      throw asProblems(error, dir);
    });
    const bundleFiles = plan.changes.filter((c) => !c.name.startsWith(`${SIDECAR_DIR}/`));
    const drafted = new Set([...plan.kept, ...bundleFiles.filter((c) => c.content !== undefined).map((c) => c.name)]);
    return {
      written: [...draft.files.keys()].filter((name) => drafted.has(name)).map((name) => join(dir, name)),
      removed: bundleFiles.filter((c) => c.content === undefined).map((c) => join(dir, c.name)),
      backups: plan.backups.map((name) => join(dir, name)),
      warnings: plan.warnings,
    };
  } finally {
    await lock.release();
  }
}

async function planWrite(dir: string, draft: BundleDraft, options: WriteBundleOptions): Promise<Plan> {
  const plan: Plan = { changes: [], backups: [], warnings: [], problems: [], read: new Map(), kept: [] };
  const stamp = (options.now ?? new Date()).toISOString().replace(/[:.]/g, '-');
  const backUp = (name: string, bytes: Uint8Array, reason: string) => {
    const backup = backupName(stamp, name);
    plan.changes.push({ name: backup, content: bytes });
    plan.backups.push(backup);
    plan.warnings.push(
      problem({ file: join(dir, name), ruleId: 'backed-up', fatal: false, reason: `${reason}: copied to ${backup} before it is replaced` }),
    );
  };
  const manifest = await readManifest(dir);
  if (isProblem(manifest)) {
    plan.problems.push(manifest);
    return plan;
  }
  const languages = new Set([...draft.files.keys()].map((name) => LANGUAGE_OF.exec(name)?.[1]));
  const template = draft.template ?? manifest?.template;
  const nextManifest: Manifest = { files: Object.create(null) as Record<string, string>, ...(template ? { template } : {}) };
  // Entries of languages not drafted this time stay as they were.
  for (const [name, hash] of Object.entries(manifest?.files ?? {}))
    if (!languages.has(LANGUAGE_OF.exec(name)?.[1])) nextManifest.files[name] = hash;

  const same = (name: string) => options.unchangedSince?.get(name) === draft.files.get(name);
  for (const name of draft.files.keys()) {
    if (!same(name)) continue;
    plan.kept.push(name);
    nextManifest.files[name] = manifest?.files[name] ?? contentHash(draft.files.get(name)!);
  }
  const names = [...draft.files.keys()].filter((name) => !same(name));
  const existing = await Promise.all(
    names.map((name) => (POST.test(name) ? readExistingPost(join(dir, name)) : readExisting(join(dir, name)))),
  );
  for (const [index, name] of names.entries()) {
    const content = draft.files.get(name)!;
    const found = existing[index];
    if (isProblem(found)) {
      plan.problems.push(found);
      continue;
    }
    const lang = POST.exec(name)?.[1];
    if (lang !== undefined) {
      const post = await planPost(dir, name, content, found as ExistingText | undefined, draft.orphanWords[lang], {
        manifest,
        options,
        backUp,
        read: plan.read,
        warnings: plan.warnings,
        problems: plan.problems,
      });
      if (post === undefined) continue;
      const bytes = Buffer.from(post.written);
      plan.changes.push({ name, content: bytes, ...(found ? { mode: (found as ExistingText).mode } : {}) });
      plan.changes.push({ name: generatedName(name), content: post.generated });
      nextManifest.files[name] = contentHash(bytes);
      continue;
    }
    const before = found as { bytes: Buffer; mode: number } | undefined;
    // Without a manifest (a new folder, or a bundle of the older format) nothing there is known to be ours.
    const known = manifest?.files[name];
    if (before && known !== contentHash(before.bytes) && !before.bytes.equals(Buffer.from(content))) {
      backUp(name, before.bytes, known === undefined ? 'a file telescope-report did not write' : 'a generated file changed by hand');
    }
    plan.changes.push({ name, content, ...(before ? { mode: before.mode } : {}) });
    nextManifest.files[name] = contentHash(content);
  }

  // Files written last time for these languages and not this time (a chart the template dropped, SVGs under --no-svg).
  for (const [name, hash] of Object.entries(manifest?.files ?? {})) {
    if (draft.files.has(name) || !languages.has(LANGUAGE_OF.exec(name)?.[1])) continue;
    const before = await readExisting(join(dir, name));
    if (isProblem(before)) plan.problems.push(before);
    else if (before !== undefined) {
      if (contentHash(before.bytes) !== hash) backUp(name, before.bytes, 'a generated file changed by hand, no longer generated');
      plan.changes.push({ name });
    }
  }
  plan.changes.push({ name: manifestName, content: manifestText(nextManifest) });
  return plan;
}

/** What finishing an interrupted draft did, said so: an undone one left a newer file in place. */
export function recoveryNotices(recovered: readonly Recovery[]): Problem[] {
  return recovered.map(({ staging, outcome, changedSince }) =>
    problem({
      file: staging,
      ruleId: 'interrupted-draft',
      fatal: false,
      reason:
        outcome === 'completed'
          ? `expected no unfinished draft, found one that was interrupted after it had decided: it was completed${changedSince.length > 0 ? `; ${changedSince.join(', ')}, saved since, kept as saved` : ''}`
          : `expected no unfinished draft, found one that was interrupted; ${changedSince.join(', ') || 'a file'} changed since it read them, so it was undone and the newer files kept`,
    }),
  );
}

/** Why a lock could not be taken where no draft could write either: the bundle is read as it is. */
const READ_ONLY = new Set(['EACCES', 'EPERM', 'EROFS']);

/**
 * Runs `read` while no draft writes the bundle, so that it sees the bundle whole, before a draft or
 * after it (`check`, `preview`): under the bundle's lock, once a draft killed while writing has been
 * completed or undone, as the next draft would. A bundle without a `.telescope-report/` folder of its
 * own (a link is not followed) has no lock to take, and one whose folder cannot be written to cannot
 * be drafted into either: both are read as they are.
 */
export async function readBundleWhole<T>(dir: string, read: () => Promise<T>): Promise<{ value: T; notices: Problem[] }> {
  const sidecar = sidecarPath(dir);
  const own = (await lstat(sidecar).catch(() => undefined))?.isDirectory() === true;
  const lock = own
    ? await lockBundle(sidecar).catch((error: NodeJS.ErrnoException) => {
        if (READ_ONLY.has(error.code ?? '')) return undefined;
        throw error;
      })
    : undefined;
  try {
    const notices = lock ? recoveryNotices(await recoverBundle(dir, sidecar)) : [];
    return { value: await read(), notices };
  } finally {
    await lock?.release();
  }
}

/** Refuses when an editor saved a post while the draft was being computed. */
async function unchangedSinceRead(dir: string, read: ReadonlyMap<string, Buffer>): Promise<void> {
  const changed: Problem[] = [];
  for (const [name, bytes] of read) {
    const now = await readExisting(join(dir, name));
    if (isProblem(now) || now === undefined || !now.bytes.equals(bytes)) {
      changed.push(
        problem({
          file: join(dir, name),
          ruleId: 'changed-while-drafting',
          reason: 'expected the post as it was read, found it changed while the draft was computed: nothing was written, draft again',
        }),
      );
    }
  }
  if (changed.length > 0) throw new ProblemsError('bundle', changed);
}

async function makeFolder(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
  } catch (error) {
    throw asProblems(error, dir);
  }
}

/** A file-system error as a positioned problem, so that the CLI prints it without a stack trace. */
function asProblems(error: unknown, dir: string): unknown {
  if (error instanceof ProblemsError) return error;
  const { code, path } = error as NodeJS.ErrnoException;
  if (!code) return error;
  return new ProblemsError('bundle', [
    problem({
      file: path ?? dir,
      ruleId: 'unwritable',
      reason: `expected to write the bundle, found ${describeErrno(code)}: nothing was changed`,
    }),
  ]);
}
