/**
 * Markdown parses remembered across processes. A parse is a pure function of
 * the text and of the parser's configuration, so a tree can be reused
 * whenever the same text comes back, and the shipped template and locale
 * strings come back on every run. Parsing them cold (micromark, before the
 * JIT has warmed up) was a sixth of a cold draft.
 *
 * `npm run build` records the parses of a training run into a file next to
 * the bundle, and the CLI reads it. A text that is not in the file (an edited
 * locale string, a user's own template) is simply parsed. Trees handed out
 * are shared and must not be changed, as with the per-process caches that
 * hold them afterwards.
 */
import { readFileSync } from 'node:fs';

/** Bump when a parser's configuration changes: a file of another version is ignored. */
const FORMAT = 1;

/** Parser name → text → tree. Maps, because a text may well be `__proto__`. */
type Parses = Map<string, Map<string, unknown>>;

interface CacheFile {
  format: number;
  parses: [parser: string, [text: string, tree: unknown][]][];
}

let source: string | undefined;
let loaded: Parses | undefined;
let recording: Parses | undefined;

/** Reads parses from `file` (lazily, on the first parse); a missing or foreign file is no cache. */
export function useParseCache(file: string): void {
  source = file;
  loaded = undefined;
}

/** Records every parse from now on, for `writeParseCache`. */
export function recordParses(): void {
  recording ??= new Map();
}

/** The recorded parses as the content of a cache file. */
export function serializeRecordedParses(): string {
  const content: CacheFile = { format: FORMAT, parses: [...(recording ?? [])].map(([parser, trees]) => [parser, [...trees]]) };
  return JSON.stringify(content);
}

/** The tree of `text` by the parser called `parser`: from the cache, else `parse(text)`. */
export function parseOnce<T>(parser: string, text: string, parse: (text: string) => T): T {
  const known = cached().get(parser)?.get(text) as T | undefined;
  const tree = known ?? parse(text);
  if (recording) {
    let trees = recording.get(parser);
    if (!trees) recording.set(parser, (trees = new Map()));
    trees.set(text, tree);
  }
  return tree;
}

function cached(): Parses {
  if (loaded === undefined) {
    loaded = new Map();
    if (source !== undefined) {
      try {
        const file = JSON.parse(readFileSync(source, 'utf8')) as Partial<CacheFile>;
        if (file.format === FORMAT && Array.isArray(file.parses)) loaded = new Map(file.parses.map(([parser, trees]) => [parser, new Map(trees)]));
      } catch {
        // No cache, or an unreadable one: every text is parsed.
      }
    }
  }
  return loaded;
}
