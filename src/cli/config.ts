/**
 * The project's defaults for the command line: `telescope-report.config.json`,
 * or a `telescope-report` key in package.json, found by walking up from the
 * working folder, as lilconfig (the loader of postcss and tailwind) finds
 * them. Not lilconfig itself: it reads each candidate with readFileSync,
 * which waits for ever on a FIFO and reads /dev/zero without end; here each is
 * read by the strict reader (regular files only, size-limited, UTF-8) and
 * parsed by the positioned JSON reader, so a broken config is said with its
 * line:column. A config is data; the one piece of code it can name, `blocks`,
 * is a module the project wrote, imported as `--blocks` would import it.
 * Options on the command line override it; paths in it are relative to its
 * own folder.
 */
import { dirname, join, resolve } from 'node:path';
import { JsonSyntaxError, readJson, type JsonSource } from '../json-source.js';
import { problem, ProblemsError, type Problem } from '../messages.js';
import { isProblem, readTextFileSync } from '../text-file.js';
import { z } from 'zod';

const configSchema = z.strictObject({
  lang: z
    .union([z.array(z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/)).min(1), z.string().min(1)])
    .optional()
    .describe('the languages to write: ["en", "ja"] or "en,ja"'),
  templates: z.string().min(1).optional().describe('a folder of templates looked up before the shipped ones (a path)'),
  template: z.string().min(1).optional().describe('the name of the template to draft with'),
  locales: z.string().min(1).optional().describe('a folder of locales layered over the shipped ones (a path)'),
  out: z.string().min(1).optional().describe('the bundle folder draft writes (a path)'),
  blocks: z.string().min(1).optional().describe('a module of custom blocks (a path; code: it is imported)'),
});

export type Config = z.infer<typeof configSchema>;

/** Option values from the config, as the command line would give them, for the options `names` a command takes. */
export type ConfigDefaults = Partial<Record<'lang' | 'templates' | 'template' | 'locales' | 'out' | 'blocks', string>>;

const cache = new Map<string, { file: string; config: Config } | null>();
const PLACES = ['telescope-report.config.json', 'package.json'];
const KEY = 'telescope-report';

/** The nearest config above `cwd`, checked; null when there is none. */
export function findConfig(cwd: string = process.cwd()): { file: string; config: Config } | null {
  if (cache.has(cwd)) return cache.get(cwd)!;
  let result: { file: string; config: Config } | null = null;
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    const found = PLACES.map((place) => readPlace(join(dir, place))).find((f) => f !== undefined);
    if (found) {
      result = found;
      break;
    }
    if (dirname(dir) === dir) break;
  }
  cache.set(cwd, result);
  return result;
}

const refuse = (problems: Problem[]) => new ProblemsError('options', problems);

/** The config a candidate file holds, `undefined` when it holds none (no file, or a package.json without the key). */
function readPlace(file: string): { file: string; config: Config } | undefined {
  const text = readTextFileSync(file);
  if (text === undefined) return undefined;
  // A candidate that cannot be read as a text file (a folder, a FIFO, a link to nothing) is said, not skipped.
  if (isProblem(text))
    throw refuse([problem({ file, ruleId: 'invalid-config', reason: `expected a config file that can be read, found: ${text.reason}` })]);
  let source: JsonSource;
  try {
    source = readJson(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    throw refuse([
      problem({ file, ruleId: 'invalid-config', reason: `expected JSON, found an error: ${error.reason}`, place: error.point }),
    ]);
  }
  const inPackage = file.endsWith('package.json');
  const root = source.value as Record<string, unknown> | null;
  if (inPackage && !(typeof root === 'object' && root !== null && !Array.isArray(root) && Object.hasOwn(root, KEY))) return undefined;
  const value = inPackage ? (root as Record<string, unknown>)[KEY] : root;
  const prefix = inPackage ? [KEY] : [];
  const parsed = configSchema.safeParse(value);
  if (parsed.success) {
    const tilde = Object.entries(parsed.data).find(([name, v]) => PATH_KEYS.includes(name) && typeof v === 'string' && /^~(\/|$)/.test(v));
    if (tilde) {
      const place = source.locate([[...prefix, tilde[0]]])[0]?.value;
      throw refuse([
        problem({
          file,
          ruleId: 'invalid-config',
          place,
          jsonPath: [...prefix, tilde[0]].join('.'),
          reason: `${[...prefix, tilde[0]].join('.')}: expected a path relative to the config's folder, or absolute, found ${JSON.stringify(tilde[1])} (a shell expands ~, a config does not)`,
        }),
      ]);
    }
    return { file, config: parsed.data };
  }
  throw refuse(
    parsed.error.issues.map((issue) => {
      const path = [...prefix, ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))];
      const shown = path.join('.') || '(the config)';
      // An unknown key is pointed at itself; a wrong value at the value.
      const place = source.locate([unrecognizedPath(issue, path)])[0];
      const at = (issue.code === 'unrecognized_keys' ? place?.key : place?.value) ?? place?.nearest;
      const unrecognized = issue.code === 'unrecognized_keys';
      const field =
        typeof issue.path[0] === 'string' && Object.hasOwn(configSchema.shape, issue.path[0])
          ? configSchema.shape[issue.path[0] as keyof typeof configSchema.shape].description
          : undefined;
      const found = unrecognized ? issue.keys.map((k) => JSON.stringify(k)).join(', ') : describeFound(valueAt(value, issue.path));
      const expected = unrecognized
        ? `only the keys ${Object.keys(configSchema.shape).join(', ')}`
        : path.length === prefix.length
          ? 'an object of options ({ "lang": ["en", "ja"], … })'
          : (field ?? issue.message);
      return problem({
        file,
        ruleId: 'invalid-config',
        ...(at ? { place: at } : {}),
        jsonPath: shown,
        reason: `${shown}: expected ${expected}, found ${found}`,
      });
    }),
  );
}

const PATH_KEYS = ['templates', 'locales', 'out', 'blocks'];

const unrecognizedPath = (issue: { code: string; keys?: readonly string[] }, path: PropertyKey[]): (string | number)[] =>
  (issue.code === 'unrecognized_keys' && issue.keys?.[0] !== undefined ? [...path, issue.keys[0]] : path).map((p) =>
    typeof p === 'symbol' ? String(p) : p,
  ) as (string | number)[];

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let here = value;
  for (const key of path) here = typeof here === 'object' && here !== null ? (here as Record<PropertyKey, unknown>)[key] : undefined;
  return here;
}

const describeFound = (value: unknown): string =>
  value === undefined ? 'nothing' : (JSON.stringify(value)?.slice(0, 60) ?? String(value));

/** The config's values for the options a command takes, paths made absolute from the config's folder. */
export function configDefaults(optionNames: readonly string[], command: string, cwd: string = process.cwd()): ConfigDefaults {
  // A command that takes nothing from a config (validate, init) never reads one: a broken config is not its problem.
  const takes = ['lang', 'templates', 'template', 'locales', 'blocks', ...(command === 'draft' ? ['out'] : [])];
  if (!optionNames.some((name) => takes.includes(name))) return {};
  const found = findConfig(cwd);
  if (!found) return {};
  const base = dirname(found.file);
  const { lang, templates, template, locales, out, blocks } = found.config;
  const defaults: ConfigDefaults = {
    ...(lang === undefined ? {} : { lang: Array.isArray(lang) ? lang.join(',') : lang }),
    ...(templates === undefined ? {} : { templates: resolve(base, templates) }),
    ...(template === undefined ? {} : { template }),
    ...(locales === undefined ? {} : { locales: resolve(base, locales) }),
    ...(blocks === undefined ? {} : { blocks: resolve(base, blocks) }),
    // `--out` of preview is a page, not the bundle: only draft takes the config's output folder.
    ...(out === undefined || command !== 'draft' ? {} : { out: resolve(base, out) }),
  };
  return Object.fromEntries(Object.entries(defaults).filter(([name]) => optionNames.includes(name)));
}
