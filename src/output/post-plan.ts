/**
 * One post of a regeneration: the editor's file, the post as generated last
 * time and the new draft become the post to write. Slot text is carried over
 * (regenerate.ts), the rest merged three ways (merge.ts), the orphaned section
 * rebuilt after the merge; conflicts and damaged markers become problems.
 */
import { join } from 'node:path';
import { problem, type Problem } from '../messages.js';
import { isProblem } from '../text-file.js';
import { applyLineStyle, type ExistingText } from './existing.js';
import { keepDraftFlag, verifyFingerprint, withoutFingerprint } from './fingerprint.js';
import { CONFLICT_MARKERS, mergePost } from './merge.js';
import { mergeSlots, withOrphans, type OrphanWords } from './regenerate.js';
import { readGenerated, type Manifest } from './sidecar.js';
import { findSlots, slotKey } from './slots.js';
import type { WriteBundleOptions } from './bundle.js';

export interface PostContext {
  /** Posts as read, to compare with the disk just before they are replaced. */
  read: Map<string, Buffer>;
  warnings: Problem[];
  problems: Problem[];
  manifest: Manifest | undefined;
  options: WriteBundleOptions;
  backUp: (name: string, bytes: Uint8Array, reason: string) => void;
}

/** The post to write, and the generated text to remember; `undefined` when it cannot be written. */
export async function planPost(
  dir: string,
  name: string,
  generated: string,
  found: ExistingText | undefined,
  words: OrphanWords | undefined,
  context: PostContext,
) {
  const { manifest, options, backUp } = context;
  const orphanWords = words ?? { heading: 'Orphaned commentary', note: '' };
  const file = join(dir, name);
  if (found === undefined) return { written: generated, generated };
  context.read.set(name, found.bytes);
  const problems: Problem[] = findSlots(found.text).damage.map((d) =>
    problem({ file, ruleId: d.ruleId, place: d.marker.place, reason: `${d.reason}: fix the markers, or draft with --force` }),
  );
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
      problems.push(
        problem({
          file,
          ruleId: 'not-generated',
          place: { line: 1, column: 1 },
          reason:
            'expected a post that telescope-report wrote (its last generated text in .telescope-report/, or a `generated:` line), found neither: draft into another folder, or with --force',
        }),
      );
    } else {
      for (const line of verification.changed) {
        problems.push(
          problem({
            file,
            ruleId: 'edited-outside-slots',
            place: { line: line.number, column: 1 },
            reason: `expected generated text here (a post of the older format cannot be merged), found an edit outside the slots: ${JSON.stringify(clip(line.text))}`,
          }),
        );
      }
      if (verification.changed.length === 0)
        problems.push(
          problem({
            file,
            ruleId: 'edited-outside-slots',
            place: { line: 1, column: 1 },
            reason: `expected every generated line, found ${verification.removed} removed`,
          }),
        );
    }
  }

  // The new draft with the editor's slot text carried into it and its orphaned section: "theirs".
  const generatedKeys =
    manifest !== undefined && ancestor !== undefined
      ? findSlots(ancestor).slots.map((s) => (s.kind === 'orphaned' ? s.id : slotKey(s)))
      : undefined;
  const slots = await mergeSlots(found.text, generated, generatedKeys);
  const next = await withOrphans(keepDraftFlag(found.text, slots.markdown), slots.orphans, orphanWords);
  for (const key of slots.orphans.keys()) {
    context.warnings.push(
      problem({
        file,
        ruleId: 'orphaned-slot',
        fatal: false,
        reason: `expected slot ${key} in the template, found it no longer there: its text is kept in the orphaned section`,
      }),
    );
  }
  for (const key of slots.returned) {
    const both = slots.doubled.includes(key);
    context.warnings.push(
      problem({
        file,
        ruleId: 'returned-slot',
        fatal: false,
        reason: `expected slot ${key} in the orphaned section only while the template lacks it, found it back: its orphaned text went back into it${both ? ', after the text it already held (both kept)' : ''}`,
      }),
    );
  }

  let written = next;
  if (ancestor !== undefined) {
    const merge = mergePost(withoutFingerprint(ancestor), withoutFingerprint(found.text), next);
    written = merge.text;
    const inFrontMatter = merge.conflicts.some((c) => c.frontMatter);
    if (merge.conflicts.length > 0 && options.conflictMarkers && !options.force && !inFrontMatter) {
      written = merge.withMarkers;
      context.warnings.push(
        problem({
          file,
          ruleId: 'merge-conflict',
          fatal: false,
          place: { line: merge.conflicts[0]!.line, column: 1 },
          reason: `expected edits the new data leaves alone, found ${merge.conflicts.length} conflict${merge.conflicts.length === 1 ? '' : 's'}: written between ${CONFLICT_MARKERS.start} and ${CONFLICT_MARKERS.end} markers`,
        }),
      );
    } else {
      for (const conflict of merge.conflicts) {
        problems.push(
          problem({
            file,
            ruleId: 'merge-conflict',
            place: { line: conflict.line, column: 1 },
            // Markers would break the YAML of the front matter: a conflict there is always refused.
            reason: `expected an edit that the new data leaves alone, found lines changed by both the editor and the new data${conflict.frontMatter && options.conflictMarkers ? ' in the front matter, where no conflict markers can go' : ''}: ${describeConflict(conflict.line, conflict.edited, conflict.generated)}`,
          }),
        );
      }
      // --force: the new draft's lines win where they conflict; other edits are still kept (merge.text).
    }
  }
  // The last guard: every slot text of the editor's must be somewhere in what is written. Whatever
  // path led here (a moved section, a renamed slot), text is never dropped silently: it is refused,
  // or under --force kept in an orphaned section of its own.
  const dropped = droppedSlotTexts(found.text, written, [generated, ancestor ?? '']);
  if (dropped.size > 0 && options.force) {
    const taken = new Set(findSlots(written).slots.map((slot) => (slot.kind === 'orphaned' ? slot.id : slotKey(slot))));
    const rescued = new Map([...dropped].map(([key, content]) => [taken.has(key) ? `${key}-kept` : key, content]));
    written = await withOrphans(written, rescued, orphanWords);
  }
  for (const key of dropped.keys()) {
    problems.push(
      problem({
        file,
        ruleId: 'would-drop-text',
        reason: `expected every slot's text in the regenerated post, found the text of ${key} with no place in it${options.force ? ': it was kept in the orphaned section' : ': move it into a slot the template has, or draft with --force to keep it in the orphaned section'}`,
      }),
    );
  }
  if (problems.length > 0 && !options.force) {
    context.problems.push(...problems);
    return undefined;
  }
  if (options.force && problems.length > 0) {
    backUp(name, found.bytes, 'overridden by --force');
    context.warnings.push(...problems.map((p) => Object.assign(p, { fatal: false })));
  }
  return { written: applyLineStyle(written, found.style), generated: next };
}

/** The editor's slots (key → text) whose text, not a prompt the tool wrote, does not appear in `written`. */
function droppedSlotTexts(edited: string, written: string, generatedTexts: string[]): Map<string, string> {
  const generatedContents = new Set(generatedTexts.flatMap((text) => findSlots(text).slots.map((slot) => slot.content.trim())));
  const dropped = new Map<string, string>();
  for (const slot of findSlots(edited).slots) {
    const text = slot.content.trim();
    if (text !== '' && !generatedContents.has(text) && !written.includes(text))
      dropped.set(slot.kind === 'orphaned' ? slot.id : slotKey(slot), slot.content);
  }
  return dropped;
}

const clip = (text: string) => (text.length > 60 ? `${text.slice(0, 60)}…` : text);

/** Both sides of a conflict, each cut to where they differ (with a little context), line by line from `line`. */
function describeConflict(line: number, edited: string[], generated: string[]): string {
  const pairs = Array.from({ length: Math.max(edited.length, generated.length) }, (_, i) => [edited[i], generated[i]] as const);
  const shown = pairs.flatMap(([a, b], i) => {
    if (a === b) return [];
    const [left, right] = differingWindows(a ?? '', b ?? '');
    return [
      `line ${line + i}: edited ${a === undefined ? '(none)' : JSON.stringify(left)}, generated ${b === undefined ? '(none)' : JSON.stringify(right)}`,
    ];
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
