/**
 * Finding editors' slots in a draft: marker comments on their own
 * (`<!-- commentary:id -->` … `<!-- /commentary:id -->`), located through
 * remark so that a marker quoted in a code block is not mistaken for one.
 * Offsets let the text between markers be carried over byte for byte.
 */
import type { Root, RootContent } from 'mdast';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { toString } from 'mdast-util-to-string';
import { unified } from 'unified';
import type { Position } from '../messages.js';

export type SlotKind = 'commentary' | 'figure' | 'orphaned';

export interface Marker {
  kind: SlotKind;
  id: string;
  closing: boolean;
  /** Offsets of the marker line in the text: from its first character to just past its newline. */
  start: number;
  end: number;
  place: Position;
}

export interface Slot {
  kind: SlotKind;
  id: string;
  open: Marker;
  close: Marker;
  /** The text between the markers, exactly as written. */
  content: string;
}

export interface SlotDamage {
  ruleId: 'unclosed-slot' | 'unopened-slot' | 'duplicate-slot' | 'nested-slot';
  marker: Marker;
  reason: string;
}

const MARKER = /^<!--\s*(\/?)(commentary|figure|orphaned):([A-Za-z0-9][\w:-]*)\s*-->$/;
const reader = unified().use(remarkParse).use(remarkGfm).use(remarkFrontmatter, ['yaml']);

export const slotKey = (slot: { kind: string; id: string }): string => `${slot.kind}:${slot.id}`;

export function findSlots(markdown: string): { slots: Slot[]; damage: SlotDamage[] } {
  const tree = reader.parse(markdown) as Root;
  const markers: Marker[] = [];
  const visit = (nodes: RootContent[]) => {
    for (const node of nodes) {
      if (node.type === 'html' && node.position) {
        const match = MARKER.exec(node.value.trim());
        if (match) {
          const start = node.position.start.offset!;
          const lineEnd = markdown.indexOf('\n', node.position.end.offset!);
          markers.push({
            kind: match[2] as SlotKind,
            id: match[3]!,
            closing: match[1] === '/',
            start,
            end: lineEnd === -1 ? markdown.length : lineEnd + 1,
            place: { line: node.position.start.line, column: node.position.start.column },
          });
        }
      }
      if ('children' in node) visit(node.children as RootContent[]);
    }
  };
  visit(tree.children);

  const slots: Slot[] = [];
  const damage: SlotDamage[] = [];
  const seen = new Map<string, Marker>();
  let open: Marker | undefined;
  for (const marker of markers) {
    const key = slotKey(marker);
    if (!marker.closing) {
      if (open) damage.push({ ruleId: 'nested-slot', marker, reason: `expected the end of slot ${slotKey(open)} before another slot, found ${key} opening inside it` });
      else open = marker;
      continue;
    }
    if (!open || slotKey(open) !== key) {
      damage.push({ ruleId: 'unopened-slot', marker, reason: `expected a closing marker to follow its opening one, found /${key} ${open ? `inside ${slotKey(open)}` : 'with no slot open'}` });
      continue;
    }
    const earlier = seen.get(key);
    if (earlier) damage.push({ ruleId: 'duplicate-slot', marker: open, reason: `expected each slot once, found ${key} again (first at ${earlier.place.line}:${earlier.place.column})` });
    else {
      seen.set(key, open);
      slots.push({ kind: open.kind, id: open.id, open, close: marker, content: markdown.slice(open.end, marker.start) });
    }
    open = undefined;
  }
  if (open) damage.push({ ruleId: 'unclosed-slot', marker: open, reason: `expected a closing <!-- /${slotKey(open)} --> marker, found none` });
  return { slots, damage };
}

export type SlotStatus = 'empty' | 'prompt' | 'no-image' | 'done';

/** Whether an editor has finished a slot, judged from its content. */
export function slotStatus(content: readonly RootContent[], kind: SlotKind, promptLabel: string): SlotStatus {
  const text = content.map((node) => toString(node)).join(' ').trim();
  const hasImage = content.some(function image(node: RootContent): boolean {
    return node.type === 'image' || ('children' in node && (node.children as RootContent[]).some(image));
  });
  if (text === '' && !hasImage) return 'empty';
  if (promptLabel !== '' && text.startsWith(promptLabel)) return 'prompt';
  if (kind === 'figure' && !hasImage) return 'no-image';
  return 'done';
}

/** Parses a slot's text on its own. */
export const parseSlotContent = (content: string): RootContent[] => (reader.parse(content) as Root).children;
