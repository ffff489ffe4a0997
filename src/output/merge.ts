/**
 * Regenerating a post as a three-way merge, line by line (node-diff3): the
 * post as generated last time is the ancestor, the editor's file one side,
 * the new draft (with the editor's slot text already carried into it) the
 * other. An edit outside the slots survives wherever the new data left those
 * lines alone; where both changed the same lines, that is a conflict.
 */
import { diff3Merge, diffIndices } from 'node-diff3';
import { frontMatterEnd } from './front-matter.js';
import { findSlots, parseMarker, slotKey } from './slots.js';

export interface Conflict {
  /** 1-based line in the editor's file where the conflicting lines start. */
  line: number;
  edited: string[];
  generated: string[];
  /** In the YAML front matter, where no conflict markers can go. */
  frontMatter?: boolean;
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

/**
 * Puts each slot's text back. Every copy of a slot gets it (a moved section and the place it left, on
 * either side of conflict markers): whichever copy the editor keeps, the text is in it.
 */
function fillSlots(markdown: string, ...sources: Map<string, string>[]): string {
  const lines = markdown.split('\n');
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    out.push(lines[i]!);
    const open = parseMarker(lines[i]!);
    if (!open || open.closing) continue;
    const key = slotKey(open);
    const close = lines.findIndex((line, j) => j > i && parseMarker(line)?.closing === true && slotKey(parseMarker(line)!) === key);
    const content = sources.map((source) => source.get(key)).find((c) => c !== undefined);
    // Only an emptied slot (its markers on adjacent lines) is filled; the text goes between them.
    if (content === undefined || close !== i + 1 || content === '') continue;
    out.push(...content.slice(0, content.endsWith('\n') ? -1 : undefined).split('\n'));
  }
  return out.join('\n');
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
      const { a: mine, aIndex, b: theirs, o: base } = region.conflict;
      const resolved = insertionBeside(base, mine, theirs);
      if (resolved) {
        text.push(...resolved);
        marked.push(...resolved);
        continue;
      }
      conflicts.push({ line: bodyOffset + aIndex + 1, edited: mine, generated: theirs });
      text.push(...theirs);
      marked.push(CONFLICT_MARKERS.start, ...mine, CONFLICT_MARKERS.middle, ...theirs, CONFLICT_MARKERS.end);
    }
  }
  const head = (lines: string[]) => (lines.length > 0 ? `---\n${lines.join('\n')}\n---\n` : '');
  return { text: head(front.text) + text.join('\n'), withMarkers: head(front.marked) + marked.join('\n'), conflicts };
}

/**
 * A conflict in which one side only added lines next to what was there (an appendix after the
 * orphaned section, say) while the other changed or removed that: both intentions hold together.
 * Both sides adding at the same place keeps both, the editor's first. Otherwise `undefined`.
 */
function insertionBeside(base: string[], mine: string[], theirs: string[]): string[] | undefined {
  const blank = (lines: string[]) => lines.every((line) => line === '');
  const startsWith = (lines: string[], head: string[]) => head.length <= lines.length && head.every((line, i) => lines[i] === line);
  const endsWith = (lines: string[], tail: string[]) =>
    tail.length <= lines.length && tail.every((line, i) => lines[lines.length - tail.length + i] === line);
  const joined = (a: string[], b: string[]) => [
    ...a,
    ...(a.at(-1) === '' || b[0] === '' || a.length === 0 || b.length === 0 ? [] : ['']),
    ...b,
  ];
  if (blank(base)) return joined(mine, theirs);
  if (endsWith(mine, base)) return joined(mine.slice(0, mine.length - base.length), theirs);
  if (startsWith(mine, base)) return joined(theirs, mine.slice(base.length));
  if (endsWith(theirs, base)) return joined(theirs.slice(0, theirs.length - base.length), mine);
  if (startsWith(theirs, base)) return joined(mine, theirs.slice(base.length));
  return undefined;
}

interface FrontMatterEntry {
  key: string;
  /** 1-based line of the entry in its file. */
  line: number;
  lines: string[];
}

/** YAML front matter as top-level entries (a key line and its indented continuation), and the body after it. */
function splitFrontMatter(markdown: string): { entries: FrontMatterEntry[]; body: string; lineCount: number } {
  const end = frontMatterEnd(markdown);
  if (end === 0) return { entries: [], body: markdown, lineCount: 0 };
  // Between the `---\n` that opens it and the `\n---\n` that closes it.
  const lines = markdown.slice(4, end - 5).split('\n');
  const entries: FrontMatterEntry[] = [];
  const seen = new Map<string, number>();
  lines.forEach((line, index) => {
    const current = entries.at(-1);
    if (current && (/^\s/.test(line) || line === '')) current.lines.push(line);
    else {
      // A comment is its own entry; a key written twice (YAML forbids it, editors do it) keeps both.
      const name = line.startsWith('#') ? line : (/^([^:\s][^:]*):/.exec(line)?.[1] ?? line);
      const occurrence = (seen.get(name) ?? 0) + 1;
      seen.set(name, occurrence);
      entries.push({ key: occurrence === 1 ? name : `${name}\u0000${occurrence}`, line: index + 2, lines: [line] });
    }
  });
  return { entries, body: markdown.slice(end), lineCount: lines.length + 2 };
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
  // The draft's keys in its order; a key only the editor has goes after the entry it followed in their file.
  const keys = [...theirs.keys()];
  edited.forEach((entry, index) => {
    if (theirs.has(entry.key) || base.has(entry.key)) return;
    const after = edited
      .slice(0, index)
      .reverse()
      .find((e) => keys.includes(e.key));
    keys.splice(after ? keys.indexOf(after.key) + 1 : 0, 0, entry.key);
  });
  for (const key of keys) {
    const [m, o, t] = [mine.get(key), base.get(key), theirs.get(key)];
    let chosen: FrontMatterEntry | undefined;
    if (same(m, o) || same(m, t)) chosen = t;
    else if (same(t, o)) chosen = m;
    else {
      conflicts.push({ line: m?.line ?? 1, edited: m?.lines ?? [], generated: t?.lines ?? [], frontMatter: true });
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
  return diffIndices(original.split('\n'), changed.split('\n')).flatMap(({ buffer2: [start, length] }) =>
    Array.from({ length }, (_, i) => start + i + 1),
  );
}
