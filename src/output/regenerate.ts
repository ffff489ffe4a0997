/**
 * Regenerating a draft that editors have worked on: the new draft, with the
 * text of every slot it shares with the old one put back byte for byte, and
 * the slots the template no longer has moved to an "orphaned" section.
 */
import type { RootContent } from 'mdast';
import { blocksToMarkdown } from './markdown.js';
import { findSlots, slotKey, type Slot } from './slots.js';

export interface OrphanWords {
  heading: string;
  note: string;
}

export interface Merged {
  markdown: string;
  /** Slot keys whose text was carried over. */
  carried: string[];
  /** Slot keys moved to (or kept in) the orphaned section. */
  orphaned: string[];
  /** Slot keys back in the template whose orphaned text went back into them. */
  returned: string[];
  /** Of those, the slots that held text of their own too: both texts were kept. */
  doubled: string[];
}

export async function mergeSlots(previous: string, next: string, words: OrphanWords): Promise<Merged> {
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
  const orphans = new Map<string, Slot>();
  for (const slot of old) {
    if (slot.kind === 'orphaned') {
      if (!freshKeys.has(slot.id)) orphans.set(slot.id, slot);
    } else if (!freshKeys.has(slotKey(slot))) orphans.set(slotKey(slot), slot);
  }
  if (orphans.size === 0) return { markdown, carried, orphaned: [], returned, doubled };

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
    section = section.slice(0, slot.open.end) + orphans.get(slot.id)!.content + section.slice(slot.close.start);
  }
  return { markdown: `${markdown.replace(/\n*$/, '\n')}\n${section}`, carried, orphaned: [...orphans.keys()], returned, doubled };
}
