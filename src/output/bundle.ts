/**
 * Writing a draft into its bundle folder, under the bundle's lock, as one
 * all-or-nothing change (transaction.ts). A post already there is merged, not
 * replaced: slot text is carried over, edits outside the slots are kept by a
 * three-way merge with the post as generated last time (sidecar.ts), and
 * conflicting edits are refused unless asked otherwise. Nothing that was not
 * ours, and nothing changed by hand, is replaced or removed without a backup.
 */
import { mkdir } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { problem, ProblemsError, type Problem } from '../messages.js';
import { isProblem } from '../text-file.js';
import { applyLineStyle, readExisting, readExistingPost, type ExistingText } from './existing.js';
import { keepDraftFlag, verifyFingerprint, withoutFingerprint } from './fingerprint.js';
import { lockBundle } from './lock.js';
import { CONFLICT_MARKERS, mergePost } from './merge.js';
import { mergeSlots, withOrphans, withoutOrphans, type OrphanWords } from './regenerate.js';
import { backupName, contentHash, generatedName, manifestName, manifestText, readGenerated, readManifest, SIDECAR_DIR, sidecarPath, type Manifest } from './sidecar.js';
import { findSlots, slotKey } from './slots.js';
import { commitBundle, recoverBundle, type FileChange, type Recovery } from './transaction.js';

export interface BundleDraft {
  /** Bundle-relative file name → content. */
  files: ReadonlyMap<string, string>;
  /** Per language, the words of the orphaned-commentary section. */
  orphanWords: Record<string, OrphanWords>;
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
}

export interface WriteBundleResult {
  /** Paths of the bundle's files written. */
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
}

export async function writeBundle(dir: string, draft: BundleDraft, options: WriteBundleOptions = {}): Promise<WriteBundleResult> {
  if (resolve(dir).split(sep).includes(SIDECAR_DIR)) {
    throw new ProblemsError('bundle', [problem({ file: dir, ruleId: 'unwritable', reason: `expected a bundle folder, found a folder inside a bundle's ${SIDECAR_DIR}/, which telescope-report keeps for itself` })]);
  }
  await makeFolder(dir);
  const sidecar = sidecarPath(dir);
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
    return {
      written: bundleFiles.filter((c) => c.content !== undefined).map((c) => join(dir, c.name)),
      removed: bundleFiles.filter((c) => c.content === undefined).map((c) => join(dir, c.name)),
      backups: plan.backups.map((name) => join(dir, name)),
      warnings: plan.warnings,
    };
  } finally {
    await lock.release();
  }
}

async function planWrite(dir: string, draft: BundleDraft, options: WriteBundleOptions): Promise<Plan> {
  const plan: Plan = { changes: [], backups: [], warnings: [], problems: [], read: new Map() };
  const stamp = (options.now ?? new Date()).toISOString().replace(/[:.]/g, '-');
  const backUp = (name: string, bytes: Uint8Array, reason: string) => {
    const backup = backupName(stamp, name);
    plan.changes.push({ name: backup, content: bytes });
    plan.backups.push(backup);
    plan.warnings.push(problem({ file: join(dir, name), ruleId: 'backed-up', fatal: false, reason: `${reason}: copied to ${backup} before it is replaced` }));
  };
  const manifest = await readManifest(dir);
  if (isProblem(manifest)) {
    plan.problems.push(manifest);
    return plan;
  }
  const languages = new Set([...draft.files.keys()].map((name) => LANGUAGE_OF.exec(name)?.[1]));
  const nextManifest: Manifest = { files: Object.create(null) as Record<string, string> };
  // Entries of languages not drafted this time stay as they were.
  for (const [name, hash] of Object.entries(manifest?.files ?? {})) if (!languages.has(LANGUAGE_OF.exec(name)?.[1])) nextManifest.files[name] = hash;

  const names = [...draft.files.keys()];
  const existing = await Promise.all(names.map((name) => (POST.test(name) ? readExistingPost(join(dir, name)) : readExisting(join(dir, name)))));
  for (const [index, name] of names.entries()) {
    const file = join(dir, name);
    const content = draft.files.get(name)!;
    const found = existing[index];
    if (isProblem(found)) {
      plan.problems.push(found);
      continue;
    }
    const lang = POST.exec(name)?.[1];
    if (lang !== undefined) {
      const post = await planPost(dir, name, content, found as ExistingText | undefined, draft.orphanWords[lang], { manifest, options, plan, backUp });
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

interface PostContext {
  manifest: Manifest | undefined;
  options: WriteBundleOptions;
  plan: Plan;
  backUp: (name: string, bytes: Uint8Array, reason: string) => void;
}

/** The post to write, and the generated text to remember; `undefined` when it cannot be written. */
async function planPost(dir: string, name: string, generated: string, found: ExistingText | undefined, words: OrphanWords | undefined, context: PostContext) {
  const { manifest, options, plan, backUp } = context;
  const file = join(dir, name);
  if (found === undefined) return { written: generated, generated };
  plan.read.set(name, found.bytes);
  const problems: Problem[] = findSlots(found.text).damage.map((d) =>
    problem({ file, ruleId: d.ruleId, place: d.marker.place, reason: `${d.reason}: fix the markers, or draft with --force` }),
  );
  const slots = await mergeSlots(found.text, generated);
  const next = keepDraftFlag(found.text, slots.markdown);

  let ancestor: string | undefined;
  if (manifest !== undefined) {
    const remembered = await readGenerated(dir, name);
    if (isProblem(remembered)) problems.push(remembered);
    else ancestor = remembered;
  }
  if (ancestor === undefined && !problems.length) {
    // A bundle of the older format: its front matter's fingerprint says whether the file is as generated.
    const verification = verifyFingerprint(found.text);
    if (verification.status === 'unchanged') ancestor = found.text;
    else if (verification.status === 'no-fingerprint') {
      problems.push(problem({ file, ruleId: 'not-generated', place: { line: 1, column: 1 }, reason: 'expected a post that telescope-report wrote (its last generated text in .telescope-report/, or a `generated:` line), found neither: draft into another folder, or with --force' }));
    } else {
      for (const line of verification.changed) {
        problems.push(problem({ file, ruleId: 'edited-outside-slots', place: { line: line.number, column: 1 }, reason: `expected generated text here (a post of the older format cannot be merged), found an edit outside the slots: ${JSON.stringify(clip(line.text))}` }));
      }
      if (verification.changed.length === 0) problems.push(problem({ file, ruleId: 'edited-outside-slots', place: { line: 1, column: 1 }, reason: `expected every generated line, found ${verification.removed} removed` }));
    }
  }

  // The orphaned section is left out of the merge and rebuilt after it: text an editor appended
  // at the end of the post is then no conflict with it.
  let body = next;
  if (ancestor !== undefined) {
    const merge = mergePost(withoutOrphans(withoutFingerprint(ancestor)), withoutOrphans(withoutFingerprint(found.text)), next);
    body = merge.text;
    if (merge.conflicts.length > 0 && options.conflictMarkers && !options.force) {
      body = merge.withMarkers;
      plan.warnings.push(problem({ file, ruleId: 'merge-conflict', fatal: false, reason: `expected edits the new data leaves alone, found ${merge.conflicts.length} conflict${merge.conflicts.length === 1 ? '' : 's'}: written between ${CONFLICT_MARKERS.start} and ${CONFLICT_MARKERS.end} markers` }));
    } else {
      for (const conflict of merge.conflicts) {
        problems.push(problem({
          file,
          ruleId: 'merge-conflict',
          place: { line: conflict.line, column: 1 },
          reason: `expected an edit that the new data leaves alone, found lines changed by both the editor and the new data: ${describeConflict(conflict.edited, conflict.generated)}`,
        }));
      }
      if (options.force && merge.conflicts.length > 0) body = next;
    }
  }
  if (problems.length > 0 && !options.force) {
    plan.problems.push(...problems);
    return undefined;
  }
  // A slot the merge kept in place (one the editor added) is no orphan.
  const inPlace = new Set(findSlots(body).slots.map(slotKey));
  const orphans = new Map([...slots.orphans].filter(([key]) => !inPlace.has(key)));
  for (const key of orphans.keys()) {
    plan.warnings.push(problem({ file, ruleId: 'orphaned-slot', fatal: false, reason: `expected slot ${key} in the template, found it no longer there: its text is kept in the orphaned section` }));
  }
  for (const key of slots.returned) {
    const both = slots.doubled.includes(key);
    plan.warnings.push(problem({ file, ruleId: 'returned-slot', fatal: false, reason: `expected slot ${key} in the orphaned section only while the template lacks it, found it back: its orphaned text went back into it${both ? ', after the text it already held (both kept)' : ''}` }));
  }
  const written = await withOrphans(body, orphans, words ?? { heading: 'Orphaned commentary', note: '' });
  if (options.force) {
    backUp(name, found.bytes, problems.length > 0 ? 'forced over problems' : 'forced');
    plan.warnings.push(...problems.map((p) => Object.assign(p, { fatal: false })));
  }
  return { written: applyLineStyle(written, found.style), generated: next };
}

/** What finishing an interrupted draft did, said so: an undone one left a newer file in place. */
export function recoveryNotices(recovered: readonly Recovery[]): Problem[] {
  return recovered.map(({ staging, outcome, changedSince }) =>
    problem({
      file: staging,
      ruleId: 'interrupted-draft',
      fatal: false,
      reason: outcome === 'completed'
        ? 'expected no unfinished draft, found one that was interrupted after it had decided: it was completed'
        : `expected no unfinished draft, found one that was interrupted; ${changedSince.join(', ') || 'a file'} changed since it read them, so it was undone and the newer files kept`,
    }),
  );
}

const clip = (text: string) => (text.length > 60 ? `${text.slice(0, 60)}…` : text);

/** Both sides of a conflict, each cut to where they differ (with a little context), line by line. */
function describeConflict(edited: string[], generated: string[]): string {
  const pairs = Array.from({ length: Math.max(edited.length, generated.length) }, (_, i) => [edited[i], generated[i]] as const);
  const shown = pairs.flatMap(([a, b], i) => {
    if (a === b) return [];
    const [left, right] = differingWindows(a ?? '', b ?? '');
    return [`line ${i + 1}: edited ${a === undefined ? '(none)' : JSON.stringify(left)}, generated ${b === undefined ? '(none)' : JSON.stringify(right)}`];
  });
  return shown.slice(0, 3).join('; ') + (shown.length > 3 ? `; and ${shown.length - 3} more lines` : '');
}

function differingWindows(a: string, b: string): [string, string] {
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  let suffix = 0;
  while (suffix < a.length - prefix && suffix < b.length - prefix && a[a.length - 1 - suffix] === b[b.length - 1 - suffix]) suffix++;
  const cut = (text: string) => {
    const from = Math.max(0, prefix - 20);
    const to = Math.min(text.length, text.length - suffix + 20);
    return `${from > 0 ? '…' : ''}${text.slice(from, to)}${to < text.length ? '…' : ''}`;
  };
  return [cut(a), cut(b)];
}

/** Refuses when an editor saved a post while the draft was being computed. */
async function unchangedSinceRead(dir: string, read: ReadonlyMap<string, Buffer>): Promise<void> {
  const changed: Problem[] = [];
  for (const [name, bytes] of read) {
    const now = await readExisting(join(dir, name));
    if (isProblem(now) || now === undefined || !now.bytes.equals(bytes)) {
      changed.push(problem({ file: join(dir, name), ruleId: 'changed-while-drafting', reason: 'expected the post as it was read, found it changed while the draft was computed: nothing was written, draft again' }));
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

const ERRNO_WORDS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EEXIST: 'a file where a folder was expected',
  ENOTDIR: 'a file where a folder was expected',
  EISDIR: 'a folder where a file was expected',
  ENOSPC: 'no space left on the device',
  EROFS: 'a read-only file system',
  EDQUOT: 'the disk quota exceeded',
  EMFILE: 'too many open files',
};

/** A file-system error as a positioned problem, so that the CLI prints it without a stack trace. */
function asProblems(error: unknown, dir: string): unknown {
  if (error instanceof ProblemsError) return error;
  const { code, path } = error as NodeJS.ErrnoException;
  if (!code) return error;
  return new ProblemsError('bundle', [problem({
    file: path ?? dir,
    ruleId: 'unwritable',
    reason: `expected to write the bundle, found ${code} (${ERRNO_WORDS[code] ?? 'a file-system error'}): nothing was changed`,
  })]);
}
