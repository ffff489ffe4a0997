/**
 * What `draft` would say of a bundle's edits, said ahead of time by `check`:
 * edits outside the slots (kept by a regeneration unless the new data changes
 * the same lines; refused outright in a bundle of the older format), and
 * conflict markers left by `draft --conflict-markers`.
 */
import { join } from 'node:path';
import { problem, type Problem } from '../messages.js';
import { isProblem } from '../text-file.js';
import { verifyFingerprint } from '../output/fingerprint.js';
import { CONFLICT_MARKERS, changedLines, emptySlots } from '../output/merge.js';
import { readGenerated, readManifest } from '../output/sidecar.js';
import { findSlots, parseMarker } from '../output/slots.js';

export interface BundlePost {
  /** File name inside the bundle, `index.<lang>.md`. */
  name: string;
  file: string;
  markdown: string;
}

const MARKER_LINE = new RegExp(
  `^(${[CONFLICT_MARKERS.start, CONFLICT_MARKERS.middle, CONFLICT_MARKERS.end].map((m) => m.replace(/[<=>]/g, '\\$&')).join('|')})$`,
);

export async function checkEdits(dir: string, posts: readonly BundlePost[]): Promise<Problem[]> {
  const findings: Problem[] = [];
  const manifest = await readManifest(dir);
  if (isProblem(manifest)) return [Object.assign(manifest, { fatal: false })];
  for (const post of posts) {
    post.markdown.split('\n').forEach((line, index) => {
      if (MARKER_LINE.test(line))
        findings.push(
          problem({
            file: post.file,
            ruleId: 'conflict-marker',
            place: { line: index + 1, column: 1 },
            fatal: false,
            reason: `expected one version of each line, found the conflict marker ${JSON.stringify(line)} left by draft --conflict-markers: keep one side and delete the markers`,
          }),
        );
    });
    if (manifest !== undefined) {
      const generated = await readGenerated(dir, post.name);
      if (isProblem(generated)) findings.push(Object.assign(generated, { fatal: false }));
      // With damaged markers the slots' bounds are unknown: check reports the damage itself.
      if (typeof generated !== 'string' || findSlots(post.markdown).damage.length > 0) continue;
      const edited = emptySlots(post.markdown);
      for (const line of changedLines(emptySlots(generated).text, edited.text)) {
        const at = edited.lineInFile(line);
        const text = post.markdown.split('\n')[at - 1] ?? '';
        if (text.trim() === '' || MARKER_LINE.test(text) || parseMarker(text)) continue;
        // Information, not a fault: the edit is kept unless the data changes these lines too.
        const note = problem({
          file: post.file,
          ruleId: 'edited-outside-slots',
          place: { line: at, column: 1 },
          reason: `expected generated text, found an edit outside the slots: ${JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}…` : text)} (a regeneration keeps it unless the new data changes this line too)`,
        });
        delete (note as { fatal?: boolean }).fatal;
        findings.push(note);
      }
      continue;
    }
    const verification = verifyFingerprint(post.markdown);
    if (verification.status === 'edited') {
      for (const line of verification.changed) {
        findings.push(
          problem({
            file: post.file,
            ruleId: 'edited-outside-slots',
            place: { line: line.number, column: 1 },
            fatal: false,
            reason: `expected generated text here (a post of the older format cannot be merged: draft would refuse), found an edit outside the slots: ${JSON.stringify(line.text.slice(0, 60))}`,
          }),
        );
      }
    } else if (verification.status === 'no-fingerprint') {
      findings.push(
        problem({
          file: join(dir, post.name),
          ruleId: 'not-generated',
          place: { line: 1, column: 1 },
          fatal: false,
          reason:
            'expected a post that telescope-report wrote (its last generated text in .telescope-report/, or a `generated:` line), found neither: draft would refuse to regenerate it',
        }),
      );
    }
  }
  return findings;
}
