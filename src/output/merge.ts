/**
 * Regenerating a post as a three-way merge, line by line (node-diff3): the
 * post as generated last time is the ancestor, the editor's file one side,
 * the new draft (with the editor's slot text already carried into it) the
 * other. An edit outside the slots survives wherever the new data left those
 * lines alone; where both changed the same lines, that is a conflict.
 */
import { diff3Merge, diffIndices } from 'node-diff3';
import { findSlots, slotKey } from './slots.js';

export interface Conflict {
  /** 1-based line in the editor's file where the conflicting lines start. */
  line: number;
  edited: string[];
  generated: string[];
}

export interface PostMerge {
  /** The merged post; where lines conflict, the new draft's lines. */
  text: string;
  /** The merged post with conflict markers around each conflict. */
  withMarkers: string;
  conflicts: Conflict[];
}

export const CONFLICT_MARKERS = { start: '<<<<<<< edited', middle: '=======', end: '>>>>>>> generated' } as const;

export function mergePost(ancestor: string, edited: string, generated: string): PostMerge {
  // Slot text is the editors' and was carried into `generated` already (regenerate.ts): the lines
  // are merged with every slot emptied, so that a slot that moved is no conflict, then refilled.
  const mine = emptySlots(edited);
  const theirs = emptySlots(generated);
  const merged = mergeSkeletons(emptySlots(ancestor).text, mine.text, theirs.text);
  const refill = (text: string) => fillSlots(text, theirs.contents, mine.contents);
  const text = refill(merged.text);
  const marked = refill(merged.withMarkers);
  return {
    text,
    withMarkers: text.endsWith('\n') && !marked.endsWith('\n') ? `${marked}\n` : marked,
    conflicts: merged.conflicts.map((c) => ({ ...c, line: mine.lineInFile(c.line) })),
  };
}

interface Emptied {
  text: string;
  /** Slot key → the text it held. */
  contents: Map<string, string>;
  /** Line of the emptied text → line of the file. */
  lineInFile: (line: number) => number;
}

export function emptySlots(markdown: string): Emptied {
  const slots = findSlots(markdown).slots;
  const contents = new Map(slots.map((slot) => [slotKey(slot), slot.content]));
  let text = markdown;
  for (const slot of [...slots].reverse()) text = text.slice(0, slot.open.end) + text.slice(slot.close.start);
  const removedBefore = slots.map((slot) => ({ line: slot.open.place.line, removed: slot.content.split('\n').length - 1 }));
  return {
    text,
    contents,
    lineInFile: (line) => {
      let shifted = line;
      for (const { line: at, removed } of removedBefore) if (at < shifted) shifted += removed;
      return shifted;
    },
  };
}

function fillSlots(markdown: string, ...sources: Map<string, string>[]): string {
  let text = markdown;
  for (const slot of [...findSlots(markdown).slots].reverse()) {
    const content = sources.map((source) => source.get(slotKey(slot))).find((c) => c !== undefined) ?? '';
    text = text.slice(0, slot.open.end) + content + text.slice(slot.close.start);
  }
  return text;
}

function mergeSkeletons(ancestor: string, edited: string, generated: string): PostMerge {
  const [a, o, b] = [splitFrontMatter(edited), splitFrontMatter(ancestor), splitFrontMatter(generated)];
  const front = mergeFrontMatter(a.entries, o.entries, b.entries);
  const bodyOffset = a.lineCount;
  const regions = diff3Merge(a.body.split('\n'), o.body.split('\n'), b.body.split('\n'), { excludeFalseConflicts: true });
  const text: string[] = [];
  const marked: string[] = [];
  const conflicts: Conflict[] = [...front.conflicts];
  for (const region of regions) {
    if (region.ok) {
      text.push(...region.ok);
      marked.push(...region.ok);
    } else if (region.conflict) {
      const { a: mine, aIndex, b: theirs } = region.conflict;
      conflicts.push({ line: bodyOffset + aIndex + 1, edited: mine, generated: theirs });
      text.push(...theirs);
      marked.push(CONFLICT_MARKERS.start, ...mine, CONFLICT_MARKERS.middle, ...theirs, CONFLICT_MARKERS.end);
    }
  }
  const head = (lines: string[]) => (lines.length > 0 ? `---\n${lines.join('\n')}\n---\n` : '');
  return { text: head(front.text) + text.join('\n'), withMarkers: head(front.marked) + marked.join('\n'), conflicts };
}

interface FrontMatterEntry {
  key: string;
  /** 1-based line of the entry in its file. */
  line: number;
  lines: string[];
}

/** YAML front matter as top-level entries (a key line and its indented continuation), and the body after it. */
function splitFrontMatter(markdown: string): { entries: FrontMatterEntry[]; body: string; lineCount: number } {
  const close = markdown.startsWith('---\n') ? markdown.indexOf('\n---\n', 3) : -1;
  if (close === -1) return { entries: [], body: markdown, lineCount: 0 };
  const lines = markdown.slice(4, close).split('\n');
  const entries: FrontMatterEntry[] = [];
  lines.forEach((line, index) => {
    const current = entries.at(-1);
    if (current && (/^\s/.test(line) || line === '')) current.lines.push(line);
    else entries.push({ key: /^([^:\s][^:]*):/.exec(line)?.[1] ?? line, line: index + 2, lines: [line] });
  });
  return { entries, body: markdown.slice(close + 5), lineCount: lines.length + 2 };
}

/**
 * Front matter merged key by key, not line by line: fields are independent, so an edited title
 * beside a regenerated date is no conflict. A key the editor added is kept.
 */
function mergeFrontMatter(edited: FrontMatterEntry[], ancestor: FrontMatterEntry[], generated: FrontMatterEntry[]) {
  const byKey = (entries: FrontMatterEntry[]) => new Map(entries.map((e) => [e.key, e]));
  const [mine, base, theirs] = [byKey(edited), byKey(ancestor), byKey(generated)];
  const same = (x?: FrontMatterEntry, y?: FrontMatterEntry) => (x?.lines.join('\n') ?? null) === (y?.lines.join('\n') ?? null);
  const text: string[] = [];
  const marked: string[] = [];
  const conflicts: Conflict[] = [];
  const keys = [...theirs.keys(), ...[...mine.keys()].filter((k) => !theirs.has(k) && !base.has(k))];
  for (const key of keys) {
    const [m, o, t] = [mine.get(key), base.get(key), theirs.get(key)];
    let chosen: FrontMatterEntry | undefined;
    if (same(m, o) || same(m, t)) chosen = t;
    else if (same(t, o)) chosen = m;
    else {
      conflicts.push({ line: m?.line ?? 1, edited: m?.lines ?? [], generated: t?.lines ?? [] });
      text.push(...(t?.lines ?? []));
      marked.push(CONFLICT_MARKERS.start, ...(m?.lines ?? []), CONFLICT_MARKERS.middle, ...(t?.lines ?? []), CONFLICT_MARKERS.end);
      continue;
    }
    text.push(...(chosen?.lines ?? []));
    marked.push(...(chosen?.lines ?? []));
  }
  return { text, marked, conflicts };
}

/** 1-based numbers of the lines of `changed` that are not lines of `original` in order. */
export function changedLines(original: string, changed: string): number[] {
  return diffIndices(original.split('\n'), changed.split('\n')).flatMap(({ buffer2: [start, length] }) => Array.from({ length }, (_, i) => start + i + 1));
}
