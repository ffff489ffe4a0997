/**
 * Regenerating a draft that editors have worked on: the new draft, with the
 * text of every slot it shares with the old one put back byte for byte, and
 * the slots the template no longer has moved to an "orphaned" section.
 */
import type { RootContent } from 'mdast';
import { blocksToMarkdown } from './markdown.js';
import { findSlots, slotKey, slotMarkers } from './slots.js';

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

/**
 * `generatedKeys`: the slots the tool generated last time (from the post as generated then). A slot
 * of the editor's file that is not among them is the editor's own: it stays where they put it, and
 * the line merge keeps it; it is never orphaned. Without them (a bundle of the older format) every
 * slot the new draft lacks is orphaned.
 */
export async function mergeSlots(previous: string, next: string, generatedKeys?: readonly string[]): Promise<Merged> {
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
  // A key can come twice (a live slot and an orphaned copy of it): both texts are kept, never one over the other.
  const keep = (key: string, content: string) => {
    const earlier = orphans.get(key);
    orphans.set(key, earlier === undefined || earlier === content ? content : `${earlier.replace(/\n*$/, '\n')}\n${content}`);
  };
  for (const slot of old) {
    if (slot.kind === 'orphaned') {
      if (!freshKeys.has(slot.id)) keep(slot.id, slot.content);
    } else if (!freshKeys.has(slotKey(slot)) && (generatedKeys === undefined || generatedKeys.includes(slotKey(slot))))
      keep(slotKey(slot), slot.content);
  }
  // In the order they were generated last time, so that a block the editor moved does not reorder
  // the section (and make a conflict of it); new orphans after, in the order of the post.
  if (generatedKeys !== undefined) {
    const rank = (key: string) => (generatedKeys.includes(key) ? generatedKeys.indexOf(key) : generatedKeys.length);
    const ordered = [...orphans].sort(([a], [b]) => rank(a) - rank(b));
    orphans.clear();
    for (const [key, content] of ordered) orphans.set(key, content);
  }
  return { markdown, carried, orphans, returned, doubled };
}

/** The post with an orphaned-commentary section at its end holding `orphans`, if there are any. */
export async function withOrphans(markdown: string, orphans: ReadonlyMap<string, string>, words: OrphanWords): Promise<string> {
  if (orphans.size === 0) return markdown;
  const blocks: RootContent[] = [
    { type: 'heading', depth: 2, children: [{ type: 'text', value: words.heading }] },
    { type: 'paragraph', children: [{ type: 'text', value: words.note }] },
    ...[...orphans.keys()].flatMap((key): RootContent[] => {
      const markers = slotMarkers('orphaned', key);
      return [
        { type: 'html', value: markers.open },
        { type: 'html', value: markers.close },
      ];
    }),
  ];
  let section = await blocksToMarkdown(blocks);
  for (const slot of [...findSlots(section).slots].reverse()) {
    section = section.slice(0, slot.open.end) + orphans.get(slot.id)! + section.slice(slot.close.start);
  }
  return `${markdown.replace(/\n*$/, '\n')}\n${section}`;
}
