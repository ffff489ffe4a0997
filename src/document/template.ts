/**
 * Reading a template: Markdown with directives (remark-directive) and YAML
 * front matter. Every directive is checked here (each one's attributes in
 * directive-check.ts), against the registry, so that a mistake is reported
 * with the template's file and line:column before any data is touched; so is
 * text that looks like a directive but stayed text.
 */
import type { Nodes, Paragraph, Root } from 'mdast';
import remarkDirective from 'remark-directive';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { CONTINUE, SKIP, visitParents } from 'unist-util-visit-parents';
import { parse as parseYaml } from 'yaml';
import { problem, ProblemsError, type Problem } from '../messages.js';
import { DEFAULT_LIMITS, type AnalysisLimits } from '../analysis/index.js';
import { directiveSpecs, type DirectiveSpec } from './directives.js';
import { SHIPPED_BLOCKS, type BlockRegistry } from './blocks.js';
import {
  checkDirective,
  factAttributes,
  ID,
  KEY,
  marker,
  withBlockAttributes,
  type CheckContext,
  type Reference,
} from './directive-check.js';
import { directivesIn, isDirective } from './directive-nodes.js';

export interface TemplateFrontMatter {
  /** Locale key of the post title. */
  title: string;
  /** Prefix of the translation key shared by every language of a post. */
  series: string;
}

export interface Template {
  file: string;
  frontMatter: TemplateFrontMatter;
  tree: Root;
  /** Element ids with what they are, in template order. */
  elements: Map<string, { directive: string; numbered?: 'table' | 'figure' }>;
  /** The blocks the template was checked against: the shipped ones and any a build script registered. */
  registry: BlockRegistry;
  /** How far its tables of the source country and of the sensors rank (`limit=`): the analysis ranks that far. */
  limits: AnalysisLimits;
}

const parser = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkGfm).use(remarkDirective);

export function parseTemplate(text: string, file: string, registry: BlockRegistry = SHIPPED_BLOCKS): Template {
  const directives = directiveSpecs(registry);
  const context: CheckContext = { registry, factAttributes: factAttributes(registry) };
  const tree = parser.parse(text);
  const problems: Problem[] = [];
  const report = (node: { position?: { start: { line: number; column: number } } | undefined }, ruleId: string, reason: string) =>
    problems.push(problem({ file, ruleId, reason, place: node.position?.start }));

  const frontMatter = readFrontMatter(tree, file, problems);
  const elements: Template['elements'] = new Map();
  const references: Reference[] = [];

  const tableLimits = limitsOf(tree);
  // A fact may not reach past what the template's tables rank (`top=` of a sensor fact).
  const limits = { ...DEFAULT_LIMITS, ...tableLimits };
  const isCommentary = (node: Nodes) => node.type === 'containerDirective' && node.name === 'commentary';
  problems.push(...controlCharacters(text, file));
  visitParents(tree, (node, ancestors) => {
    // `:t[key]{table=x` or `:t[key]{a="b}`: the directive ends where its attributes failed to parse.
    if (node.type === 'textDirective' && node.position?.end.offset !== undefined && /^[{[]/.test(text.slice(node.position.end.offset))) {
      const lineEnd = text.indexOf('\n', node.position.end.offset);
      const rest = text.slice(node.position.start.offset, lineEnd === -1 ? undefined : lineEnd);
      const spec = directives[node.name];
      report(
        node,
        'malformed-directive',
        `expected ${spec ? `\`${spec.summary.split(' — ')[0]}\`` : 'a directive'} with its [label] and {attributes} closed (quotes paired), found \`${shorten(rest)}\``,
      );
      return SKIP;
    }
    if (isDirective(node)) {
      const spec = directives[node.name];
      if (!spec) {
        const hint = node.type === 'textDirective' ? ' (write `\\:` for a literal colon)' : '';
        report(
          node,
          'unknown-directive',
          `expected one of the directives ${Object.keys(directives).join(', ')}, found \`${marker(node.type)}${node.name}\`${hint}`,
        );
        return SKIP;
      }
      if (spec.kind !== node.type) {
        report(
          node,
          'misplaced-directive',
          `expected \`${marker(spec.kind)}${node.name}\` (${spec.summary}), found \`${marker(node.type)}${node.name}\``,
        );
        return SKIP;
      }
      checkDirective(node, withBlockAttributes(node, spec, registry), report, elements, references, limits, context);
      // remark-directive stores attributes in a plain object, where `__proto__=x` vanishes: read it off the source.
      const first = node.position ? text.slice(node.position.start.offset ?? 0, node.position.end.offset ?? 0).split('\n')[0]! : '';
      const repeated = repeatedAttribute(first);
      if (repeated)
        report(
          node,
          'duplicate-attribute',
          `expected each attribute once on \`${marker(node.type)}${node.name}\`, found \`${repeated}\` twice (only the last would count)`,
        );
      if (/[{\s]__proto__\s*=/.test(first))
        report(
          node,
          'unknown-attribute',
          `expected one of the attributes ${Object.keys(spec.attributes).join(', ')} on \`${marker(node.type)}${node.name}\`, found \`__proto__\``,
        );
      // An ancestor is only visited when it passed the checks above: a commentary among them is a slot.
      if (isCommentary(node) && ancestors.some(isCommentary))
        report(node, 'nested-slot', 'expected commentary slots side by side, found one inside another');
      if (node.name === 'commentary' && node.children.length > 0) {
        report(
          node.children[0]!,
          'slot-content',
          'expected an empty commentary slot in the template (its prompt comes from the locales), found content',
        );
      }
    }
    if (node.type === 'paragraph') malformedLeafLines(node, text, report, directives);
    return CONTINUE;
  });

  for (const { node, ids, misnamed } of references) {
    if (misnamed && ids.some((ref) => !elements.get(ref)?.numbered)) {
      report(node, 'unknown-attribute', misnamed.unknown);
      continue;
    }
    for (const ref of ids) {
      const element = elements.get(ref);
      if (!element?.numbered) {
        const known = [...elements].filter(([, e]) => e.numbered).map(([name]) => name);
        report(node, 'unknown-reference', `expected the id of a table or figure (${known.join(', ') || 'none defined'}), found "${ref}"`);
      }
    }
  }
  if (problems.length > 0) throw new ProblemsError('template', problems);
  return { file, frontMatter: frontMatter!, tree, elements, registry, limits: tableLimits };
}

/**
 * A line that starts like a leaf or container directive (`::name`, `:::name`) but stayed text: remark-directive
 * could not read it (an attribute block left open, an unpaired quote, a space before `{`, text after `}`), and
 * it would otherwise be published as it stands.
 */
function malformedLeafLines(
  node: Paragraph,
  text: string,
  report: (node: { position?: { start: { line: number; column: number } } }, ruleId: string, reason: string) => void,
  directives: Readonly<Record<string, DirectiveSpec>>,
): void {
  const start = node.position?.start;
  const end = node.position?.end.offset;
  if (start?.offset === undefined || end === undefined) return;
  text
    .slice(start.offset, end)
    .split('\n')
    .forEach((line, i) => {
      const match = /^([ \t>]*)(:{2,}([A-Za-z][\w-]*).*)$/.exec(line);
      if (!match) return;
      const column = (i === 0 ? start.column : 1) + match[1]!.length;
      const spec = directives[match[3]!];
      const expected = spec ? `\`${spec.summary.split(' — ')[0]}\`` : `one of the directives ${Object.keys(directives).join(', ')}`;
      report(
        { position: { start: { line: start.line + i, column } } },
        'malformed-directive',
        `expected ${expected} alone on its line, with its {attributes} closed and quotes paired, found \`${shorten(match[2]!.trimEnd())}\`, which would be published as text`,
      );
    });
}

const shorten = (line: string): string => (line.length > 120 ? `${line.slice(0, 119)}…` : line);

/** The rank limits the template's tables set (the analysis defaults where none does). */
function limitsOf(tree: Root): AnalysisLimits {
  const limits: AnalysisLimits = {};
  for (const node of directivesIn(tree)) {
    // A custom table's `limit` is its own business, not the analysis's.
    if (
      node.name !== 'table' ||
      !node.attributes?.limit ||
      !['sourceCountryTop', 'sensorTop', 'rankings'].includes(node.attributes.data ?? '')
    )
      continue;
    limits[node.attributes.data === 'sourceCountryTop' ? 'sourceLimit' : 'sensorLimit'] ??= Number(node.attributes.limit);
  }
  return limits;
}

/**
 * The first attribute a directive's source gives twice: remark-directive keeps the last silently, so
 * `top=10 top=3` would draft with a number the author may not have meant. Read off the source.
 */
export function repeatedAttribute(source: string): string | undefined {
  const head = /^:+[A-Za-z][\w-]*(?:\[[^\]\n]*\])?\{/.exec(source);
  if (!head) return undefined;
  const seen = new Set<string>();
  const attribute = /\s*(?:#([^\s#.}"']+)|\.([^\s#.}"']+)|([A-Za-z_:][\w.:-]*)(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s}"'=<>`]*))?)/y;
  attribute.lastIndex = head[0].length;
  for (let match = attribute.exec(source); match && match[0] !== ''; match = attribute.exec(source)) {
    // Classes add up (`.a .b`); every other attribute is one value.
    if (match[2] !== undefined) continue;
    const name = match[1] !== undefined ? 'id' : match[3]!;
    if (seen.has(name)) return name === 'id' && match[1] !== undefined ? `#${match[1]}` : name;
    seen.add(name);
  }
  return undefined;
}

/** Control characters in a template's own text would reach the post as they are: each is refused where it stands. */
function controlCharacters(text: string, file: string): Problem[] {
  const problems: Problem[] = [];
  text.split('\n').forEach((line, index) => {
    const at = line.search(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/);
    if (at < 0) return;
    const code = line.codePointAt(at)!.toString(16).toUpperCase().padStart(4, '0');
    problems.push(
      problem({
        file,
        ruleId: 'template-text',
        place: { line: index + 1, column: at + 1 },
        reason: `expected template text without control or direction characters, found U+${code}`,
      }),
    );
  });
  return problems;
}

function readFrontMatter(tree: Root, file: string, problems: Problem[]): TemplateFrontMatter | undefined {
  const yamlNode = tree.children[0]?.type === 'yaml' ? tree.children[0] : undefined;
  const place = yamlNode?.position?.start ?? { line: 1, column: 1 };
  const fail = (reason: string) => problems.push(problem({ file, ruleId: 'front-matter', reason, place }));
  if (!yamlNode) {
    fail('expected YAML front matter with `title` (a locale key) and `series`, found none');
    return undefined;
  }
  let data: unknown;
  try {
    data = parseYaml(yamlNode.value);
  } catch (error) {
    fail(`expected valid YAML front matter, found an error: ${(error as Error).message.split('\n')[0]}`);
    return undefined;
  }
  const record = (typeof data === 'object' && data !== null ? data : {}) as Record<string, unknown>;
  const title = record.title;
  const series = record.series;
  if (typeof title !== 'string' || !KEY.test(title))
    fail(`expected front matter \`title\` to be a locale key, found ${JSON.stringify(title) ?? 'nothing'}`);
  if (typeof series !== 'string' || !ID.test(series))
    fail(`expected front matter \`series\` to be an id such as overflow, found ${JSON.stringify(series) ?? 'nothing'}`);
  for (const name of Object.keys(record))
    if (name !== 'title' && name !== 'series') fail(`expected only title and series in the front matter, found \`${name}\``);
  tree.children.shift();
  return { title: String(title), series: String(series) };
}
