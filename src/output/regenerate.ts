/**
 * Regenerating a draft that editors have worked on: the new draft, with the
 * text of every slot it shares with the old one put back byte for byte, and
 * the slots the template no longer has moved to an "orphaned" section.
 */
import type { RootContent } from 'mdast';
import { blocksToMarkdown } from './markdown.js';
import { findSlots, slotKey } from './slots.js';

export interface OrphanWords {
  heading: string;
  note: string;
}

export interface Merged {
  /** The new draft with every slot's text carried over; orphans are not in it yet (see `withOrphans`). */
  markdown: string;
  /** Slot keys whose text was carried over. */
  carried: string[];
  /** Slots the new draft lacks (key → text), from the editor's slots and earlier orphans. */
  orphans: Map<string, string>;
  /** Slot keys back in the template whose orphaned text went back into them. */
  returned: string[];
  /** Of those, the slots that held text of their own too: both texts were kept. */
  doubled: string[];
}

export async function mergeSlots(previous: string, next: string): Promise<Merged> {
  const old = findSlots(previous).slots;
  const fresh = findSlots(next).slots;
  const oldByKey = new Map(old.filter((s) => s.kind !== 'orphaned').map((s) => [slotKey(s), s]));
  const orphanedByKey = new Map(old.filter((s) => s.kind === 'orphaned').map((s) => [s.id, s]));
  const freshKeys = new Set(fresh.map(slotKey));

  let markdown = next;
  const carried: string[] = [];
  const returned: string[] = [];
  const doubled: string[] = [];
  for (const slot of [...fresh].reverse()) {
    const key = slotKey(slot);
    const live = oldByKey.get(key);
    const orphan = orphanedByKey.get(key);
    let content: string;
    if (orphan === undefined) {
      if (!live) continue;
      content = live.content;
      carried.unshift(key);
    } else {
      returned.unshift(key);
      // A slot that still holds what the template put there (the prompt) has nothing to keep.
      if (live && live.content !== slot.content && live.content.trim() !== '') {
        doubled.unshift(key);
        content = `${live.content.replace(/\n*$/, '\n')}\n${orphan.content}`;
      } else content = orphan.content;
    }
    markdown = markdown.slice(0, slot.open.end) + content + markdown.slice(slot.close.start);
  }

  // Orphans: slots the new draft lacks, and orphans kept from an earlier run (by their original key).
  const orphans = new Map<string, string>();
  for (const slot of old) {
    if (slot.kind === 'orphaned') {
      if (!freshKeys.has(slot.id)) orphans.set(slot.id, slot.content);
    } else if (!freshKeys.has(slotKey(slot))) orphans.set(slotKey(slot), slot.content);
  }
  return { markdown, carried, orphans, returned, doubled };
}

/** The post with an orphaned-commentary section at its end holding `orphans`, if there are any. */
export async function withOrphans(markdown: string, orphans: ReadonlyMap<string, string>, words: OrphanWords): Promise<string> {
  if (orphans.size === 0) return markdown;
  const blocks: RootContent[] = [
    { type: 'heading', depth: 2, children: [{ type: 'text', value: words.heading }] },
    { type: 'paragraph', children: [{ type: 'text', value: words.note }] },
    ...[...orphans.keys()].flatMap((key): RootContent[] => [
      { type: 'html', value: `<!-- orphaned:${key} -->` },
      { type: 'html', value: `<!-- /orphaned:${key} -->` },
    ]),
  ];
  let section = await blocksToMarkdown(blocks);
  for (const slot of [...findSlots(section).slots].reverse()) {
    section = section.slice(0, slot.open.end) + orphans.get(slot.id)! + section.slice(slot.close.start);
  }
  return `${markdown.replace(/\n*$/, '\n')}\n${section}`;
}

/**
 * The post without its orphaned-commentary section (heading, note and orphaned slots), which is
 * rebuilt after every merge: text an editor appended after it stays.
 */
export function withoutOrphans(markdown: string): string {
  const orphaned = findSlots(markdown).slots.filter((s) => s.kind === 'orphaned');
  if (orphaned.length === 0) return markdown;
  const first = orphaned[0]!.open.start;
  const last = orphaned.at(-1)!.close.end;
  // The section's heading and note are the lines since the last heading before the first orphan.
  const before = markdown.slice(0, first);
  const heading = before.lastIndexOf('\n## ');
  const start = heading !== -1 && !/\n#{1,6} |<!--/.test(before.slice(heading + 1 + 3)) ? heading + 1 : first;
  return `${markdown.slice(0, start).replace(/\n+$/, '\n')}${markdown.slice(last).replace(/^\n+/, markdown.slice(last).trim() === '' ? '' : '\n')}`;
}
