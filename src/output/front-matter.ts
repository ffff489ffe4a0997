/**
 * A post's YAML front matter: where it is, and what it says.
 *
 * Where: in a post's text, `---` on the first line through the next line that
 * is `---` (`frontMatterEnd`, for the tools that work line by line); in a
 * parsed post, remark-frontmatter's `yaml` node (post-reader.ts), which finds
 * the same front matter in every post the tool writes.
 *
 * What: read as other people's text, a syntax error, a duplicate key, aliases
 * that expand without end (an "alias bomb") or collections nested too deeply
 * for the YAML composer's recursion become a problem at the front matter's
 * line:column, never an exception.
 */
import type { Yaml } from 'mdast';
import { isMap, Parser, parseDocument, type CST } from 'yaml';
import { problem, type Position, type Problem } from '../messages.js';
import { MAX_NESTING } from './nesting.js';

/**
 * How many values aliases may expand to, all told (the yaml package's `maxAliasCount`; its
 * default is 100). Front matter has no use for many: a few `*anchor`s of small values pass.
 */
export const MAX_ALIAS_COUNT = 20;

export type FrontMatter = { data: Record<string, unknown> } | { problem: Problem };

/** The offset just past the front matter's closing `---` line, or 0 when the text starts with none. */
export function frontMatterEnd(markdown: string): number {
  if (!markdown.startsWith('---\n')) return 0;
  const close = markdown.indexOf('\n---\n', 3);
  return close === -1 ? 0 : close + 5;
}

/**
 * The front matter of a post parsed by remark-frontmatter: `yaml` is the `yaml` node, `undefined`
 * when the post has none (then the data is empty). `file` names the post in messages.
 */
export function readFrontMatter(yaml: Yaml | undefined, file: string): FrontMatter {
  if (yaml === undefined) return { data: {} };
  const source = yaml.value;
  // The node starts at the opening `---`; its value on the next line.
  const firstLine = (yaml.position?.start.line ?? 1) + 1;
  const place = (offset: number): Position => {
    const before = source.slice(0, Math.max(0, Math.min(offset, source.length)));
    const lineStart = before.lastIndexOf('\n') + 1;
    return { line: firstLine + before.split('\n').length - 1, column: before.length - lineStart + 1 };
  };
  const fail = (init: { ruleId: 'front-matter' | 'too-deep'; reason: string }, offset: number): FrontMatter => ({
    problem: problem({ file, ...init, place: place(offset) }),
  });

  // The syntax tree is built without recursion, whatever the depth; composing it is recursive.
  const deep = deepestCollection(source);
  if (deep !== undefined)
    return fail(
      {
        ruleId: 'too-deep',
        reason: `expected YAML front matter nested at most ${MAX_NESTING} levels deep, found level ${deep.depth} here`,
      },
      deep.offset,
    );

  const document = parseDocument(source, { prettyErrors: false, uniqueKeys: true, logLevel: 'silent' });
  const error = document.errors[0];
  if (error)
    return fail(
      { ruleId: 'front-matter', reason: `expected valid YAML front matter, found an error: ${error.message.split('\n')[0]}` },
      error.pos[0],
    );
  let data: unknown;
  try {
    data = document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (thrown) {
    if (!(thrown instanceof ReferenceError)) throw thrown;
    return fail(
      {
        ruleId: 'front-matter',
        reason: `expected YAML front matter whose aliases expand to at most ${MAX_ALIAS_COUNT} values, found aliases that expand to more`,
      },
      firstAlias(source) ?? 0,
    );
  }
  if (data === null || data === undefined) return { data: {} };
  if (!isMap(document.contents)) {
    return fail(
      {
        ruleId: 'front-matter',
        reason: `expected front matter that is a YAML mapping (\`title: …\`), found ${Array.isArray(data) ? 'a list' : `a ${typeof data}`}`,
      },
      document.contents?.range?.[0] ?? 0,
    );
  }
  return { data: data as Record<string, unknown> };
}

/** Every collection of the syntax tree, with how many collections hold it, walked without recursion. */
function* collections(source: string): Generator<{ token: CST.Token; depth: number }> {
  const stack: { token: CST.Token; depth: number }[] = [];
  // Pushed last to first, so that they come out in the order they are written.
  for (const token of [...new Parser().parse(source)].reverse()) stack.push({ token, depth: 0 });
  while (stack.length > 0) {
    const { token, depth } = stack.pop()!;
    yield { token, depth };
    if (token.type === 'document' && token.value) stack.push({ token: token.value, depth });
    if (token.type === 'block-map' || token.type === 'block-seq' || token.type === 'flow-collection') {
      for (const item of [...token.items].reverse()) {
        for (const child of [item.value, item.key]) if (child) stack.push({ token: child, depth: depth + 1 });
      }
    }
  }
}

/** The first collection nested deeper than the limit, if any. */
function deepestCollection(source: string): { offset: number; depth: number } | undefined {
  for (const { token, depth } of collections(source)) {
    // `depth` counts the collections around the token; a collection adds its own level.
    const isCollection = token.type === 'block-map' || token.type === 'block-seq' || token.type === 'flow-collection';
    if (isCollection && depth + 1 > MAX_NESTING) return { offset: token.offset, depth: depth + 1 };
  }
  return undefined;
}

function firstAlias(source: string): number | undefined {
  let first: number | undefined;
  for (const { token } of collections(source))
    if (token.type === 'alias' && (first === undefined || token.offset < first)) first = token.offset;
  return first;
}
