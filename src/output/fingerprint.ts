/**
 * The older format's memory of what the generator wrote: a `generated:` line
 * in the front matter, one short hash per line outside the slots. Bundles
 * now keep the generated text in `.telescope-report/` (sidecar.ts); this is
 * read once, when such a bundle is first regenerated, and then dropped.
 */
import { createHash } from 'node:crypto';
import { frontMatterEnd } from './front-matter.js';
import { findSlots } from './slots.js';

const FIELD = 'generated';
const VERSION = 'v1';

interface Line {
  /** 1-based line number in the file. */
  number: number;
  text: string;
}

/**
 * The lines the generator owns: all but blank lines, slot contents, and the
 * front matter's `generated:` and `draft:` lines (the editor flips `draft`).
 */
function generatedLines(markdown: string): Line[] {
  const bodyStart = frontMatterEnd(markdown);
  const { slots } = findSlots(markdown);
  const inside = (offset: number) => slots.some((slot) => offset >= slot.open.end && offset < slot.close.start);
  const lines: Line[] = [];
  let offset = 0;
  markdown.split('\n').forEach((text, index) => {
    const editorsOwn = offset < bodyStart ? /^(generated|draft):/.test(text) : inside(offset);
    if (text.trim() !== '' && !editorsOwn) lines.push({ number: index + 1, text });
    offset += text.length + 1;
  });
  return lines;
}

/** The new draft with the `draft:` value of the old one, which is the editor's to set. */
export function keepDraftFlag(previous: string, next: string): string {
  const flag = /^draft: .*$/m.exec(previous.slice(0, frontMatterEnd(previous)))?.[0];
  const end = frontMatterEnd(next);
  return flag ? next.slice(0, end).replace(/^draft: .*$/m, flag) + next.slice(end) : next;
}

const lineHash = (text: string): string => createHash('sha256').update(text).digest('base64url').slice(0, 6);

/** The post without its `generated:` line. */
export const withoutFingerprint = (markdown: string): string => {
  const end = frontMatterEnd(markdown);
  return markdown.slice(0, end).replace(new RegExp(`^${FIELD}: .*\\n`, 'm'), '') + markdown.slice(end);
};

export type Verification = { status: 'unchanged' } | { status: 'no-fingerprint' } | { status: 'edited'; changed: Line[]; removed: number };

/** Compares a draft on disk with the fingerprint it carries. */
export function verifyFingerprint(markdown: string): Verification {
  const field = new RegExp(`^${FIELD}: ${VERSION}\\.([A-Za-z0-9_-]*)$`, 'm').exec(markdown.slice(0, frontMatterEnd(markdown)));
  if (!field) return { status: 'no-fingerprint' };
  const stored = field[1]!.match(/.{6}/g) ?? [];
  const current = generatedLines(markdown);
  const hashes = current.map((line) => lineHash(line.text));
  // Longest common subsequence: the lines outside it are the ones edited or added.
  const rows = stored.length;
  const cols = hashes.length;
  const table = Array.from({ length: rows + 1 }, () => new Uint32Array(cols + 1));
  for (let i = rows - 1; i >= 0; i--) {
    for (let j = cols - 1; j >= 0; j--) {
      table[i]![j] = stored[i] === hashes[j] ? table[i + 1]![j + 1]! + 1 : Math.max(table[i + 1]![j]!, table[i]![j + 1]!);
    }
  }
  const kept = new Set<number>();
  for (let i = 0, j = 0; i < rows && j < cols; ) {
    if (stored[i] === hashes[j]) {
      kept.add(j);
      i++;
      j++;
    } else if (table[i + 1]![j]! >= table[i]![j + 1]!) i++;
    else j++;
  }
  const changed = current.filter((_, index) => !kept.has(index));
  const removed = rows - kept.size;
  return changed.length === 0 && removed === 0 ? { status: 'unchanged' } : { status: 'edited', changed, removed };
}
