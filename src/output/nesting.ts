/**
 * A cheap guard run on every post before it is parsed: Markdown nested
 * thousands deep (`>>>>…`, `- - - …`, a list indented level by level) makes
 * the parser recurse until the stack overflows, or take minutes, on a file of
 * a few kilobytes. No post needs more than a handful of levels.
 *
 * The guard reads each line's start only, and over-counts rather than under:
 * every `>` and every list marker (`-`, `*`, `+`, `1.`, `1)` followed by a
 * space or the end of the line) is one level, and every two columns of
 * indentation one more (a list item's text starts at least two columns in, so
 * no line can sit deeper than its indentation allows). A line that goes on
 * as a thematic break (`- - -`, `* * *`) stops the count, as it stops the
 * parser. Fenced code is not skipped: where a fence ends is the parser's to
 * say, and a guard that guessed wrong would let the deep lines through.
 */
import { problem, type Problem } from '../messages.js';

/** Levels of block quotes and lists a line of a post may be nested in. */
export const MAX_NESTING = 100;

const isBlank = (c: string | undefined) => c === ' ' || c === '\t';

/** The first line nested deeper than {@link MAX_NESTING}, as a `too-deep` problem; `undefined` when there is none. */
export function tooDeep(text: string, file: string): Problem | undefined {
  let start = 0;
  for (let line = 1; start <= text.length; line++) {
    const newline = text.indexOf('\n', start);
    const end = newline === -1 ? text.length : newline;
    const found = lineDepth(text, start, end);
    if (found !== undefined) {
      return problem({
        file,
        ruleId: 'too-deep',
        place: { line, column: found.column },
        reason: `expected block quotes and lists nested at most ${MAX_NESTING} levels deep, found level ${MAX_NESTING + 1} at this column (each \`>\` or list marker, and every two columns of indentation, counts as a level)`,
      });
    }
    if (newline === -1) break;
    start = newline + 1;
  }
  return undefined;
}

/** Where (1-based column) the line at `text[start, end)` passes the limit, if it does. */
function lineDepth(text: string, start: number, end: number): { column: number } | undefined {
  // Only a line that starts with a blank or a marker can be deep: most lines cost one look.
  const first = text[start];
  if (
    first === undefined ||
    !(isBlank(first) || first === '>' || first === '-' || first === '*' || first === '+' || (first >= '0' && first <= '9'))
  )
    return undefined;
  /** Whether a marker's character(s) end at `k`: a list marker needs a blank or the end of the line after it. */
  const endsMarker = (k: number) => k >= end || isBlank(text[k]) || text[k] === '\r';
  const breakTail = thematicTail(text, start, end);
  let levels = 0;
  let indentation = 0;
  let visual = 0;
  let seenInTail = 0;
  for (let i = start; i < end; ) {
    const at = i;
    const c = text[i]!;
    let marker = 0;
    if (c === ' ' || c === '\t') {
      const width = c === ' ' ? 1 : 4 - (visual % 4);
      indentation += width;
      visual += width;
      i++;
    } else if (c === '>') marker = 1;
    else if ((c === '-' || c === '*' || c === '+') && endsMarker(i + 1)) {
      if (breakTail && i >= breakTail.from && c === breakTail.char) {
        // What is left of the line is a thematic break while it still holds three of its character.
        if (breakTail.count - seenInTail >= 3) return undefined;
        seenInTail++;
      }
      marker = 1;
    } else if (c >= '0' && c <= '9') {
      let j = i;
      while (j < end && j - i < 10 && text[j]! >= '0' && text[j]! <= '9') j++;
      if (j - i > 9 || (text[j] !== '.' && text[j] !== ')') || !endsMarker(j + 1)) return undefined;
      marker = j + 1 - i;
    } else return undefined;
    if (marker > 0) {
      levels++;
      visual += marker;
      i += marker;
      // The one blank after a marker belongs to it, not to the indentation.
      if (i < end && text[i] === ' ') {
        visual++;
        i++;
      }
    }
    if (levels + Math.floor(indentation / 2) > MAX_NESTING) return { column: at - start + 1 };
  }
  return undefined;
}

/**
 * The line's longest tail made of one of `-`, `*`, `_` and blanks: from any of its characters on,
 * the rest of the line is a thematic break when it holds three or more of them.
 */
function thematicTail(text: string, start: number, end: number): { from: number; char: string; count: number } | undefined {
  let char: string | undefined;
  let count = 0;
  let from = end;
  for (let k = end - 1; k >= start; k--) {
    const c = text[k]!;
    if (isBlank(c) || c === '\r') {
      from = k;
      continue;
    }
    if ((c === '-' || c === '*' || c === '_') && (char === undefined || c === char)) {
      char = c;
      count++;
      from = k;
      continue;
    }
    break;
  }
  return char === undefined ? undefined : { from, char, count };
}
