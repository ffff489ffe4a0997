/**
 * Writing a draft into its bundle folder. A post that is already there is
 * regenerated, not replaced: its slots are kept, and an edit outside them
 * stops everything (unless forced, and then only after a backup).
 */
import { copyFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { problem, ProblemsError, type Problem } from '../messages.js';
import { keepDraftFlag, verifyFingerprint, withFingerprint } from './fingerprint.js';
import { writeFiles } from './files.js';
import { mergeSlots, type OrphanWords } from './regenerate.js';
import { findSlots } from './slots.js';

export interface BundleDraft {
  /** Bundle-relative file name → content. */
  files: ReadonlyMap<string, string>;
  /** Per language, the words of the orphaned-commentary section. */
  orphanWords: Record<string, OrphanWords>;
}

export interface WriteBundleOptions {
  /** Write even over edits outside the slots or damaged markers, after a backup of every file replaced. */
  force?: boolean;
  /** Stamp for backup names (default: now). */
  now?: Date;
}

export interface WriteBundleResult {
  written: string[];
  backups: string[];
  /** Notices for the user: orphaned slots, forced overwrites. */
  warnings: Problem[];
}

const POST = /^index\.([A-Za-z-]+)\.md$/;

export async function writeBundle(dir: string, draft: BundleDraft, options: WriteBundleOptions = {}): Promise<WriteBundleResult> {
  const contents = new Map<string, string>();
  const replaced: string[] = [];
  const problems: Problem[] = [];
  const warnings: Problem[] = [];
  // Independent reads and writes go out together: one after another, their waits added up to a tenth of a cold draft.
  const previousFiles = await Promise.all([...draft.files.keys()].map((name) => readFile(join(dir, name), 'utf8').catch(() => undefined)));
  for (const [index, [name, content]] of [...draft.files].entries()) {
    const file = join(dir, name);
    const previous = previousFiles[index];
    if (previous !== undefined) replaced.push(name);
    const lang = POST.exec(name)?.[1];
    if (previous === undefined || lang === undefined) {
      contents.set(name, content);
      continue;
    }
    problems.push(...editsOutsideSlots(file, previous));
    const merged = await mergeSlots(previous, content, draft.orphanWords[lang] ?? { heading: 'Orphaned commentary', note: '' });
    for (const key of merged.orphaned) {
      warnings.push(problem({ file, ruleId: 'orphaned-slot', fatal: false, reason: `expected slot ${key} in the template, found it no longer there: its text moved to the orphaned section` }));
    }
    contents.set(name, withFingerprint(keepDraftFlag(previous, merged.markdown)));
  }
  if (problems.length > 0 && !options.force) throw new ProblemsError('bundle', problems);

  const backups: string[] = [];
  if (options.force) {
    const stamp = (options.now ?? new Date()).toISOString().replace(/[:.]/g, '-');
    for (const name of replaced) {
      const backup = join(dir, `${name}.${stamp}.bak`);
      await copyFile(join(dir, name), backup);
      backups.push(backup);
    }
    if (problems.length > 0) warnings.push(...problems.map((p) => Object.assign(p, { fatal: false })));
  }
  const written = await writeFiles(dir, contents);
  return { written, backups, warnings };
}

/** Problems that make regenerating unsafe: edits outside the slots, damaged markers. */
function editsOutsideSlots(file: string, previous: string): Problem[] {
  const problems: Problem[] = findSlots(previous).damage.map((d) =>
    problem({ file, ruleId: d.ruleId, place: d.marker.place, reason: `${d.reason}: fix the markers, or draft with --force` }),
  );
  const verification = verifyFingerprint(previous);
  if (verification.status === 'no-fingerprint') {
    problems.push(problem({ file, ruleId: 'no-fingerprint', place: { line: 1, column: 1 }, reason: 'expected a `generated:` line in the front matter (a draft written by telescope-report), found none: draft elsewhere or with --force' }));
  } else if (verification.status === 'edited') {
    for (const line of verification.changed) {
      const shown = line.text.length > 60 ? `${line.text.slice(0, 60)}…` : line.text;
      problems.push(problem({ file, ruleId: 'edited-outside-slots', place: { line: line.number, column: 1 }, reason: `expected generated text here, found an edit outside the slots: ${JSON.stringify(shown)}` }));
    }
    if (verification.changed.length === 0) {
      problems.push(problem({ file, ruleId: 'edited-outside-slots', place: { line: 1, column: 1 }, reason: `expected every generated line, found ${verification.removed} removed` }));
    }
  }
  return problems;
}
