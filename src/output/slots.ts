/**
 * Editors' slots in a post, between marker comments alone on their lines
 * (`<!-- commentary:id -->` … `<!-- /commentary:id -->`). The markers are
 * written here (`slotMarkers`, for localize.ts and regenerate.ts) and read
 * here: `parseMarker` reads one, and `findSlots` finds them in a post's text
 * with a line scanner that passes over front matter and fenced code, so that
 * a marker quoted in a code block is not mistaken for one. Offsets let the
 * text between markers be carried over byte for byte.
 */
import type { RootContent } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { EXIT, visit } from 'unist-util-visit';
import type { Position } from '../messages.js';
import { frontMatterEnd } from './front-matter.js';

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
  ruleId: 'unclosed-slot' | 'unopened-slot' | 'duplicate-slot' | 'nested-slot' | 'misplaced-marker';
  marker: Marker;
  reason: string;
}

const MARKER = /^ {0,3}<!--\s*(\/?)(commentary|figure|orphaned):([A-Za-z0-9][\w:-]*)\s*-->[ \t]*\r?$/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;
/** A marker written inside other text; an escaped `\<!--` is literal text, not a comment. */
const INLINE_MARKER = /(?<!\\)<!--\s*(\/?)(commentary|figure|orphaned):([A-Za-z0-9][\w:-]*)\s*-->/;
const CODE_SPAN = /(`+)(?:(?!\1)[^])*?\1/g;

/** A marker comment: `<!-- commentary:id -->`, or `<!-- /commentary:id -->` when `closing`. */
const markerComment = (kind: SlotKind, id: string, closing: boolean): string => `<!-- ${closing ? '/' : ''}${kind}:${id} -->`;

/** The two marker comments around a slot, each written alone on its line (an `html` node of its own). */
export const slotMarkers = (kind: SlotKind, id: string): { open: string; close: string } => ({
  open: markerComment(kind, id, false),
  close: markerComment(kind, id, true),
});

/**
 * Marker lines, found by scanning lines rather than parsing the whole post:
 * a marker is an HTML comment alone on its line, outside fenced code (the
 * one place where such a line is text, not a comment). Front matter is skipped.
 */
function findMarkers(markdown: string): { markers: Marker[]; misplaced: Marker[] } {
  const markers: Marker[] = [];
  const misplaced: Marker[] = [];
  let fence: string | undefined;
  let offset = 0;
  let line = 0;
  const bodyStart = frontMatterEnd(markdown);
  for (const text of markdown.split('\n')) {
    line++;
    const start = offset;
    offset += text.length + 1;
    if (start < bodyStart) continue;
    const fenceMatch = FENCE.exec(text);
    if (fence !== undefined) {
      if (fenceMatch && fenceMatch[1]![0] === fence[0] && fenceMatch[1]!.length >= fence.length && text.trim() === fenceMatch[1])
        fence = undefined;
      continue;
    }
    if (fenceMatch && !(fenceMatch[1]![0] === '`' && text.slice(text.indexOf('`') + fenceMatch[1]!.length).includes('`'))) {
      fence = fenceMatch[1];
      continue;
    }
    const match = MARKER.exec(text);
    if (!match) {
      // A marker quoted in a code span or an indented code block is text, not a comment.
      const inline = /^( {4}|\t)/.test(text) ? null : INLINE_MARKER.exec(text.replace(CODE_SPAN, (span) => ' '.repeat(span.length)));
      if (inline)
        misplaced.push({
          kind: inline[2] as SlotKind,
          id: inline[3]!,
          closing: inline[1] === '/',
          start,
          end: offset,
          place: { line, column: inline.index + 1 },
        });
      continue;
    }
    markers.push({
      kind: match[2] as SlotKind,
      id: match[3]!,
      closing: match[1] === '/',
      start,
      end: Math.min(offset, markdown.length),
      place: { line, column: text.length - text.trimStart().length + 1 },
    });
  }
  return { markers, misplaced };
}

/** A marker comment's parts, if `html` (a flow HTML node's value) is one. */
export function parseMarker(html: string): { kind: SlotKind; id: string; closing: boolean } | undefined {
  const match = MARKER.exec(html.trim());
  return match ? { kind: match[2] as SlotKind, id: match[3]!, closing: match[1] === '/' } : undefined;
}

export const slotKey = (slot: { kind: string; id: string }): string => `${slot.kind}:${slot.id}`;

export function findSlots(markdown: string): { slots: Slot[]; damage: SlotDamage[] } {
  const { markers, misplaced } = findMarkers(markdown);
  const slots: Slot[] = [];
  const damage: SlotDamage[] = misplaced.map((marker) => ({
    ruleId: 'misplaced-marker' as const,
    marker,
    reason: `expected the marker of ${slotKey(marker)} on a line of its own, found it inside other text (a table or a paragraph)`,
  }));
  const seen = new Map<string, Marker>();
  let open: Marker | undefined;
  for (const marker of markers) {
    const key = slotKey(marker);
    if (!marker.closing) {
      if (open)
        damage.push({
          ruleId: 'nested-slot',
          marker,
          reason: `expected the end of slot ${slotKey(open)} before another slot, found ${key} opening inside it`,
        });
      else open = marker;
      continue;
    }
    if (!open || slotKey(open) !== key) {
      damage.push({
        ruleId: 'unopened-slot',
        marker,
        reason: `expected a closing marker to follow its opening one, found /${key} ${open ? `inside ${slotKey(open)}` : 'with no slot open'}`,
      });
      continue;
    }
    const earlier = seen.get(key);
    if (earlier)
      damage.push({
        ruleId: 'duplicate-slot',
        marker: open,
        reason: `expected each slot once, found ${key} again (first at ${earlier.place.line}:${earlier.place.column})`,
      });
    else {
      seen.set(key, open);
      slots.push({ kind: open.kind, id: open.id, open, close: marker, content: markdown.slice(open.end, marker.start) });
    }
    open = undefined;
  }
  if (open)
    damage.push({ ruleId: 'unclosed-slot', marker: open, reason: `expected a closing <!-- /${slotKey(open)} --> marker, found none` });
  return { slots, damage };
}

export type SlotStatus = 'empty' | 'prompt' | 'no-image' | 'done';

/** Whether an editor has finished a slot, judged from its content. */
export function slotStatus(content: readonly RootContent[], kind: SlotKind, promptLabel: string): SlotStatus {
  const text = content
    .map((node) => toString(node))
    .join(' ')
    .trim();
  let hasImage = false;
  for (const node of content) {
    visit(node, 'image', () => {
      hasImage = true;
      return EXIT;
    });
  }
  if (text === '' && !hasImage) return 'empty';
  if (promptLabel !== '' && text.startsWith(promptLabel)) return 'prompt';
  if (kind === 'figure' && !hasImage) return 'no-image';
  return 'done';
}
