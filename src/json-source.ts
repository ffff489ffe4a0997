/**
 * A strict JSON reader that remembers where every value stands in the text.
 *
 * `JSON.parse` gives neither positions for values (needed to point a
 * validation problem at `line:column`) nor a word about duplicate keys (it
 * silently keeps the last one), and it recurses without a depth limit. This
 * reader does all three, and builds objects without a prototype so that keys
 * such as `__proto__` stay plain data.
 */

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** A segment of a path into a JSON document: an object key or an array index. */
export type PathSegment = string | number;

export interface Point {
  line: number;
  column: number;
  offset: number;
}

export interface Located {
  /** Where the value at the path starts. */
  value?: Point;
  /** Where its key starts, when the value is an object member. */
  key?: Point;
  /** Where the deepest value on the path that exists starts: the path's own, or the nearest ancestor's. */
  nearest?: Point;
}

export interface JsonSource {
  value: JsonValue;
  /**
   * Where the values at these paths stand in the text. Positions are found by
   * a second pass, made only when asked, so that valid files pay nothing.
   */
  locate(paths: readonly (readonly PathSegment[])[]): Located[];
}

export type JsonSyntaxRule = 'json-syntax' | 'duplicate-key' | 'too-deep';

export class JsonSyntaxError extends Error {
  constructor(
    readonly reason: string,
    readonly point: Point,
    readonly rule: JsonSyntaxRule,
    readonly path: readonly PathSegment[],
  ) {
    super(`${point.line}:${point.column}: ${reason}`);
    this.name = 'JsonSyntaxError';
  }
}

export interface ReadJsonOptions {
  /** Deepest nesting of arrays and objects accepted (default 64). */
  maxDepth?: number;
}

/**
 * The paths asked for, as a tree of segments: the scan follows it down as it
 * reads, so that a value off every wanted path costs one failed map lookup.
 */
interface PathNode {
  children: Map<PathSegment, PathNode>;
  valueStart?: number;
  keyStart?: number;
}

function pathTree(paths: readonly (readonly PathSegment[])[]): { root: PathNode; ends: PathNode[][] } {
  const root: PathNode = { children: new Map() };
  const ends = paths.map((path) => {
    const trail = [root];
    for (const segment of path) {
      const parent = trail.at(-1)!;
      let child = parent.children.get(segment);
      if (!child) parent.children.set(segment, (child = { children: new Map() }));
      trail.push(child);
    }
    return trail;
  });
  return { root, ends };
}

/** Reads JSON text; throws a {@link JsonSyntaxError} at the first fault. */
export function readJson(source: string, options: ReadJsonOptions = {}): JsonSource {
  const maxDepth = options.maxDepth ?? 64;
  // A byte-order mark is allowed and invisible: columns count from after it, as editors show them.
  const text = source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
  const value = scan(text, maxDepth, undefined).value;
  // Line starts, found once on the first position asked for: thousands of problems then cost a
  // binary search each instead of a scan of the text each.
  let lineStarts: number[] | undefined;
  const placeOf = (offset: number): Point => {
    if (!lineStarts) {
      lineStarts = [0];
      for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
    }
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >>> 1;
      if (lineStarts[middle]! <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: offset - lineStarts[low]! + 1, offset };
  };
  return {
    value,
    locate(paths) {
      if (paths.length === 0) return [];
      const { root, ends } = pathTree(paths);
      scan(text, maxDepth, root);
      return ends.map((trail) => {
        const end = trail.at(-1)!;
        const nearest = trail.findLast((node) => node.valueStart !== undefined)?.valueStart;
        return {
          ...(end.valueStart === undefined ? {} : { value: placeOf(end.valueStart) }),
          ...(end.keyStart === undefined ? {} : { key: placeOf(end.keyStart) }),
          ...(nearest === undefined ? {} : { nearest: placeOf(nearest) }),
        };
      });
    },
  };
}

/** The place of one offset, for a syntax error: one scan is all it needs. */
function pointAt(text: string, offset: number): Point {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1, offset };
}

/** Reads the text; records, in `wanted`, where the values and keys on its paths start. */
function scan(text: string, maxDepth: number, wanted: PathNode | undefined): { value: JsonValue } {
  let pos = 0;
  const path: PathSegment[] = [];
  // The node of `wanted` at each depth of `path`, or undefined once off every wanted path.
  const trail: (PathNode | undefined)[] = [wanted];
  const enter = (segment: PathSegment): void => {
    path.push(segment);
    trail.push(trail.at(-1)?.children.get(segment));
  };
  const leave = (): void => {
    path.pop();
    trail.pop();
  };

  const fail = (reason: string, at = pos, rule: JsonSyntaxRule = 'json-syntax'): never => {
    throw new JsonSyntaxError(reason, pointAt(text, Math.min(at, text.length)), rule, [...path]);
  };
  const describeHere = (): string => {
    if (pos >= text.length) return 'the end of the file';
    const char = text[pos]!;
    return /\s/.test(char)
      ? `a whitespace character (U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')})`
      : `\`${char}\``;
  };
  const skipSpace = (): void => {
    for (;;) {
      const c = text.charCodeAt(pos);
      if (c === 32 || c === 9 || c === 10 || c === 13) pos++;
      else return;
    }
  };
  const expect = (char: string, what: string): void => {
    skipSpace();
    if (text[pos] !== char) fail(`expected ${what}, found ${describeHere()}`);
    pos++;
  };

  const readString = (): string => {
    const start = pos;
    pos++; // opening quote
    let out = '';
    let chunkStart = pos;
    for (;;) {
      if (pos >= text.length) fail('unterminated string: expected a closing `"`, found the end of the file', start);
      const c = text.charCodeAt(pos);
      if (c === 34) {
        out += text.slice(chunkStart, pos);
        pos++;
        return out;
      }
      if (c < 0x20) fail('expected an escaped control character in a string (such as `\\n`), found a raw one');
      if (c === 92) {
        out += text.slice(chunkStart, pos);
        const escape = text[pos + 1];
        const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
        if (escape !== undefined && escape in simple) {
          out += simple[escape];
          pos += 2;
        } else if (escape === 'u') {
          const hex = text.slice(pos + 2, pos + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail('expected four hexadecimal digits after `\\u`');
          out += String.fromCharCode(parseInt(hex, 16));
          pos += 6;
        } else {
          fail(`expected a valid escape sequence, found \`\\${escape ?? ''}\``);
        }
        chunkStart = pos;
        continue;
      }
      pos++;
    }
  };

  const numberPattern = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
  const readNumber = (): number => {
    numberPattern.lastIndex = pos;
    const match = numberPattern.exec(text);
    if (!match || match[0] === '-' || match[0] === '') fail(`expected a value, found ${describeHere()}`);
    const literal = match![0];
    const value = Number(literal);
    if (!Number.isFinite(value)) fail(`expected a number within the range of a double, found \`${literal}\``);
    pos += literal.length;
    return value;
  };

  const readLiteral = (): JsonValue => {
    for (const [word, value] of [
      ['true', true],
      ['false', false],
      ['null', null],
    ] as const) {
      if (text.startsWith(word, pos)) {
        pos += word.length;
        return value;
      }
    }
    const word = /^[A-Za-z_][\w]*/.exec(text.slice(pos, pos + 32))?.[0];
    if (word) fail(`expected a value (string, number, object, array, true, false or null), found \`${word}\``);
    return fail(`expected a value, found ${describeHere()}`);
  };

  const readValue = (depth: number): JsonValue => {
    skipSpace();
    const node = trail.at(-1);
    if (node) node.valueStart = pos;
    const c = text[pos];
    if (c === '{' || c === '[') {
      if (depth >= maxDepth) fail(`expected at most ${maxDepth} levels of nesting, found more`, pos, 'too-deep');
      return c === '{' ? readObject(depth + 1) : readArray(depth + 1);
    }
    if (c === '"') return readString();
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return readNumber();
    return readLiteral();
  };

  const readObject = (depth: number): JsonValue => {
    pos++;
    const object: Record<string, JsonValue> = Object.create(null);
    const keyOffsets = new Map<string, number>();
    skipSpace();
    if (text[pos] === '}') {
      pos++;
      return object;
    }
    for (;;) {
      skipSpace();
      if (text[pos] === '}' && Object.keys(object).length > 0)
        fail('expected another property after `,`, found `}` (JSON allows no trailing comma)');
      if (text[pos] !== '"') fail(`expected a property name in double quotes, found ${describeHere()}`);
      const keyStart = pos;
      const key = readString();
      enter(key);
      const firstAt = keyOffsets.get(key);
      if (firstAt !== undefined) {
        const first = pointAt(text, firstAt);
        fail(`expected each key once per object, found "${key}" again (first at ${first.line}:${first.column})`, keyStart, 'duplicate-key');
      }
      keyOffsets.set(key, keyStart);
      const node = trail.at(-1);
      if (node) node.keyStart = keyStart;
      expect(':', '`:` after the property name');
      object[key] = readValue(depth);
      leave();
      skipSpace();
      if (text[pos] === ',') {
        pos++;
        continue;
      }
      if (text[pos] === '}') {
        pos++;
        return object;
      }
      fail(`expected \`,\` or \`}\` after a property value, found ${describeHere()}`);
    }
  };

  const readArray = (depth: number): JsonValue => {
    pos++;
    const array: JsonValue[] = [];
    skipSpace();
    if (text[pos] === ']') {
      pos++;
      return array;
    }
    for (;;) {
      skipSpace();
      if (text[pos] === ']' && array.length > 0) fail('expected another element after `,`, found `]` (JSON allows no trailing comma)');
      enter(array.length);
      array.push(readValue(depth));
      leave();
      skipSpace();
      if (text[pos] === ',') {
        pos++;
        continue;
      }
      if (text[pos] === ']') {
        pos++;
        return array;
      }
      fail(`expected \`,\` or \`]\` after an array element, found ${describeHere()}`);
    }
  };

  skipSpace();
  if (pos >= text.length) fail('expected a JSON value, found an empty file');
  const value = readValue(0);
  skipSpace();
  if (pos < text.length) fail(`expected the end of the file after the top-level value, found ${describeHere()}`);
  return { value };
}

/** `sensorTop["dom-9"][3].port`: the JSON path notation used in every message. */
export function formatPath(path: readonly PathSegment[]): string {
  if (path.length === 0) return '(root)';
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}
