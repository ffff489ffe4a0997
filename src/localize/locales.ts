/**
 * Locale files: `<dir>/<lang>/<namespace>.json`, nested keys, string leaves.
 * Several directories can be layered (the shipped ones first, a user's over
 * them): a later layer replaces single keys, not whole files.
 */
import type { Dirent } from 'node:fs';
import { readdir, readlink, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { formatPath, JsonSyntaxError, readJson, type JsonSource, type JsonValue, type PathSegment, type Point } from '../json-source.js';
import { problem, ProblemsError, type Problem } from '../messages.js';
import { describeErrno, isProblem, readTextFile } from '../text-file.js';
import { REFERENCE_LANGUAGE } from './keys.js';

export interface LocaleTree {
  [key: string]: string | LocaleTree;
}

/** lang → namespace → nested keys */
export type LocaleResources = Record<string, Record<string, LocaleTree>>;

export interface LocaleSet {
  resources: LocaleResources;
  /** Which file defined each `lang/namespace`, last layer first, for messages. */
  files: Record<string, string[]>;
  /**
   * Where a key (`namespace:dotted.key`, plural suffix included) of a language is defined: the file
   * of the last layer that has it, and the key's line:column there. Found in the text the loader
   * read, when asked (a problem to report), so that a valid run pays nothing.
   */
  place(lang: string, key: string): { file: string; place: Point } | undefined;
}

const LANG = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

export interface LocaleFile {
  dir: string;
  lang: string;
  namespace: string;
  file: string;
  text: string;
  tree: LocaleTree;
  /** The text as read, which locates keys (line:column) when asked. */
  source: JsonSource;
}

/**
 * Beside a language's locale files, `<namespace>.descriptions.json` holds what translators are told
 * of each key (src/localize/descriptions.ts reads it). It is no namespace: i18next would serve its
 * `message`/`description` objects as keys, so the loader passes it over by name, on purpose.
 */
export const DESCRIPTION_SUFFIX = '.descriptions.json';
export const isDescriptionFile = (name: string): boolean => name.endsWith(DESCRIPTION_SUFFIX);
const isNamespaceFile = (name: string): boolean => name.endsWith('.json') && !isDescriptionFile(name);

/** A file of a language folder, read: its text, or the problem that kept it from being read. */
export interface LocaleFolderFile {
  dir: string;
  lang: string;
  /** The file's name in the language folder: `post.json`. */
  name: string;
  file: string;
  text: string | Problem;
}

/**
 * The files of every language folder of the layers whose names `wanted` accepts, in layer order,
 * each read (side by side: a cold start waits on each); a folder that cannot be read is a problem in the list.
 */
export async function readLocaleFolders(dirs: readonly string[], wanted: (name: string) => boolean): Promise<LocaleFolderFile[]> {
  const layers = await Promise.all(
    dirs.map(async (dir): Promise<LocaleFolderFile[]> => {
      const unreadable = (file: string, reason: string): LocaleFolderFile => ({
        dir,
        lang: '',
        name: '',
        file,
        text: problem({ file, ruleId: 'unreadable', reason }),
      });
      let entries: Dirent[];
      try {
        entries = await readdir(dir, { withFileTypes: true });
      } catch {
        return [unreadable(dir, 'expected a locales directory with one folder per language, found none')];
      }
      // A language folder may be a symbolic link to one; a link that leads to no folder is reported, not passed over.
      const links = await Promise.all(
        entries.map(async (d) =>
          d.isSymbolicLink() && LANG.test(d.name)
            ? stat(join(dir, d.name)).then(
                (s) => s.isDirectory(),
                () => false,
              )
            : undefined,
        ),
      );
      const broken = await Promise.all(
        entries
          .filter((_d, index) => links[index] === false)
          .map(async (d) =>
            unreadable(
              join(dir, d.name),
              `expected a language folder of locale files, found a symbolic link to ${await readlink(join(dir, d.name)).catch(() => 'somewhere')}, which leads to no folder`,
            ),
          ),
      );
      const langs = entries
        .filter((d, index) => LANG.test(d.name) && (d.isDirectory() || links[index] === true))
        .map((d) => d.name)
        .sort();
      const names = await Promise.all(
        langs.map((lang) =>
          readdir(join(dir, lang)).then(
            (found) => found.filter(wanted).sort(),
            (error: NodeJS.ErrnoException) => error,
          ),
        ),
      );
      const files = await Promise.all(
        langs.flatMap((lang, index) => {
          const found = names[index]!;
          if (!Array.isArray(found))
            return [
              Promise.resolve(
                unreadable(join(dir, lang), `expected a language folder that can be read, found ${describeErrno(found.code)}`),
              ),
            ];
          return found.map(async (name) => {
            const file = join(dir, lang, name);
            const text =
              (await readTextFile(file)) ??
              problem({ file, ruleId: 'unreadable', reason: 'expected a locale file, found none (removed while it was read?)' });
            return { dir, lang, name, file, text };
          });
        }),
      );
      return [...broken, ...files];
    }),
  );
  return layers.flat();
}

/**
 * Every well-formed locale file of the layers, in layer order; every
 * problem (unreadable folder, bad bytes, bad JSON, bad shape) at once.
 */
export async function readLocaleFiles(dirs: readonly string[]): Promise<LocaleFile[]> {
  const problems: Problem[] = [];
  const files: LocaleFile[] = [];
  for (const { text, name, ...where } of await readLocaleFolders(dirs, isNamespaceFile)) {
    if (isProblem(text)) {
      problems.push(text);
      continue;
    }
    const parsed = parseLocaleFile(text, where.file, problems);
    if (parsed) files.push({ ...where, namespace: name.slice(0, -'.json'.length), text, ...parsed });
  }
  problems.push(...shapeConflicts(files));
  if (problems.length > 0) throw new ProblemsError('locale', problems);
  return files;
}

/**
 * Objects where the reference language has a string (or where nothing is): i18next would put
 * "key … returned an object instead of string" into the post. An empty object is no key at all.
 */
function shapeConflicts(files: readonly LocaleFile[]): Problem[] {
  // The reference is the first layer's (the shipped locales): a later layer may not turn its strings into objects.
  const reference = new Map<string, LocaleTree>();
  for (const file of files.filter((f) => f.lang === REFERENCE_LANGUAGE && f.dir === files[0]?.dir))
    reference.set(file.namespace, file.tree);
  const problems: Problem[] = [];
  for (const file of files) {
    const bad: { path: string[]; found: string }[] = [];
    const walk = (node: LocaleTree, against: LocaleTree | string | undefined, path: string[]) => {
      for (const [key, value] of Object.entries(node)) {
        if (typeof value === 'string') continue;
        const there = typeof against === 'object' ? against[key] : undefined;
        if (Object.keys(value).length === 0) bad.push({ path: [...path, key], found: 'an empty object' });
        else if (typeof there === 'string') bad.push({ path: [...path, key], found: 'an object of keys' });
        else walk(value, there, [...path, key]);
      }
    };
    walk(file.tree, reference.get(file.namespace), []);
    if (bad.length === 0) continue;
    const places = file.source.locate(bad.map((b) => b.path));
    bad.forEach(({ path, found }, index) =>
      problems.push(
        problem({
          file: file.file,
          ruleId: 'locale-shape',
          place: places[index]?.key ?? places[index]?.value,
          jsonPath: formatPath(path),
          reason: `${formatPath(path)}: expected a string, as ${REFERENCE_LANGUAGE} has, found ${found}`,
        }),
      ),
    );
  }
  return problems;
}

export async function loadLocales(dirs: readonly string[]): Promise<LocaleSet> {
  const resources: LocaleResources = {};
  const files: Record<string, string[]> = {};
  /** `lang/namespace` → its files, last layer first. */
  const sources = new Map<string, LocaleFile[]>();
  for (const read of await readLocaleFiles(dirs)) {
    const { lang, namespace, file, tree } = read;
    const byNamespace = (resources[lang] ??= {});
    byNamespace[namespace] = merge(byNamespace[namespace] ?? {}, tree);
    (files[`${lang}/${namespace}`] ??= []).unshift(file);
    sources.set(`${lang}/${namespace}`, [read, ...(sources.get(`${lang}/${namespace}`) ?? [])]);
  }
  const place = (lang: string, key: string) => {
    const [namespace, dotted] = key.split(':') as [string, string];
    for (const { file, source } of sources.get(`${lang}/${namespace}`) ?? []) {
      const found = source.locate([dotted.split('.')])[0]?.key;
      if (found) return { file, place: found };
    }
    return undefined;
  };
  return { resources, files, place };
}

/** A locale file's keys, or `undefined` when it is no JSON object of strings (the reasons go to `problems`). */
export function parseLocaleFile(text: string, file: string, problems: Problem[]): { tree: LocaleTree; source: JsonSource } | undefined {
  let source: JsonSource;
  try {
    source = readJson(text);
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    problems.push(problem({ file, ruleId: error.rule, reason: error.reason, place: error.point }));
    return undefined;
  }
  const bad: { path: PathSegment[]; found: string }[] = [];
  const check = (value: JsonValue, path: PathSegment[]): void => {
    if (typeof value === 'string') return;
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [key, child] of Object.entries(value)) check(child, [...path, key]);
      return;
    }
    bad.push({ path, found: Array.isArray(value) ? 'an array' : value === null ? 'null' : `the ${typeof value} ${String(value)}` });
  };
  check(source.value, []);
  if (typeof source.value !== 'object' || source.value === null || Array.isArray(source.value)) {
    problems.push(
      problem({ file, ruleId: 'locale-shape', reason: 'expected an object of keys, found another value', place: { line: 1, column: 1 } }),
    );
    return undefined;
  }
  const places = source.locate(bad.map((b) => b.path));
  bad.forEach(({ path, found }, index) =>
    problems.push(
      problem({
        file,
        ruleId: 'locale-shape',
        place: places[index]?.value,
        jsonPath: formatPath(path),
        reason: `${formatPath(path)}: expected a string or an object of keys, found ${found}`,
      }),
    ),
  );
  return bad.length > 0 ? undefined : { tree: source.value as LocaleTree, source };
}

function merge(base: LocaleTree, over: LocaleTree): LocaleTree {
  const out: LocaleTree = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const below = out[key];
    out[key] = typeof value === 'object' && typeof below === 'object' ? merge(below, value) : value;
  }
  return out;
}
