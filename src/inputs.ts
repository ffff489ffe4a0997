/**
 * The template and the locales a draft is made from, each read once per
 * process (a watcher or a test that edits them calls `clearCaches`): the
 * template from a folder of the user's before the shipped one, the locales
 * as layers, the shipped ones first.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { SHIPPED_BLOCKS, type BlockRegistry } from './document/blocks.js';
import { parseTemplate, type Template } from './document/template.js';
import { loadLocales, type LocaleSet } from './localize/locales.js';
import { problem, ProblemsError } from './messages.js';
import { PACKAGE_ROOT } from './package-root.js';
import { isProblem, readTextFile } from './text-file.js';
import { tooDeep } from './output/nesting.js';

export const SHIPPED_TEMPLATES = join(PACKAGE_ROOT, 'templates/');
export const SHIPPED_LOCALES = join(PACKAGE_ROOT, 'locales/');

const templateCache = new Map<string, Promise<Template>>();
const localeCache = new Map<string, Promise<LocaleSet>>();

/** Reads a template once per process: from `dir` when it has the file, else the shipped one. */
export function loadTemplate(name: string, dir?: string, registry: BlockRegistry = SHIPPED_BLOCKS): Promise<Template> {
  // A plain name, looked up in the template folders: never a path that leads out of them.
  if (!/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/.test(name)) {
    return Promise.reject(
      new ProblemsError('options', [
        problem({
          file: dir ?? SHIPPED_TEMPLATES,
          ruleId: 'invalid-template-name',
          reason: `expected a template name: a letter or digit, then letters, digits, hyphens and underscores, found ${JSON.stringify(name)}`,
        }),
      ]),
    );
  }
  const cacheKey = `${registry.id}\0${dir ?? ''}\0${name}`;
  let loading = templateCache.get(cacheKey);
  if (!loading) {
    loading = readTemplate(name, dir, registry);
    templateCache.set(cacheKey, loading);
    loading.catch(() => templateCache.delete(cacheKey));
  }
  return loading;
}

/**
 * Reads a template afresh (`loadTemplate` keeps what this reads): from `dir` when it has the file, else the
 * shipped one. `parse` may hand back the template it parsed from the same text before (reuse.ts).
 */
export async function readTemplate(
  name: string,
  dir: string | undefined,
  registry: BlockRegistry,
  parse = parseTemplate,
): Promise<Template> {
  // A folder that is not there is a mistake to report, not a reason to fall back on the shipped templates.
  const kind =
    dir === undefined
      ? 'folder'
      : await stat(dir).then(
          (s) => (s.isDirectory() ? 'folder' : 'file'),
          () => 'nothing',
        );
  if (dir !== undefined && kind !== 'folder') {
    throw new ProblemsError('options', [
      problem({
        file: dir,
        ruleId: 'unreadable',
        reason: `expected a folder of templates (<name>.md files), found ${kind === 'file' ? 'a file' : 'nothing there'}`,
      }),
    ]);
  }
  const candidates = [...(dir ? [join(dir, `${name}.md`)] : []), join(SHIPPED_TEMPLATES, `${name}.md`)];
  for (const file of candidates) {
    // Only a file that is not there passes to the shipped template: a link to nothing is reported.
    const text = await readTextFile(file);
    if (text === undefined) continue;
    if (isProblem(text)) throw new ProblemsError('template', [text]);
    // Nesting thousands deep would overflow the parser's stack, as in a post (nesting.ts).
    const deep = tooDeep(text, file);
    if (deep) throw new ProblemsError('template', [deep]);
    return parse(text, file, registry);
  }
  const known = await templateNames(dir);
  throw new ProblemsError('template', [
    problem({
      file: candidates[0]!,
      ruleId: 'unreadable',
      reason: `expected a template "${name}.md" (one of ${known.join(', ')}), found none in ${candidates.join(' or ')}${dir === undefined ? ' (a template of your own is found with --templates <dir>, or "templates" in telescope-report.config.json)' : ''}`,
    }),
  ]);
}

/** The names of the templates in the shipped folder and in `dir`, sorted. */
export async function templateNames(dir?: string): Promise<string[]> {
  const names = new Set<string>();
  for (const folder of [SHIPPED_TEMPLATES, ...(dir ? [dir] : [])]) {
    for (const file of await readdir(folder).catch(() => [] as string[]))
      if (/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}\.md$/.test(file)) names.add(file.slice(0, -3));
  }
  return [...names].sort();
}

/** The locale folders in the order they are layered: the shipped ones, the blocks' words, the user's. */
export const localeLayers = (dir?: string, registry: BlockRegistry = SHIPPED_BLOCKS): string[] => [
  SHIPPED_LOCALES,
  ...(registry.localesDir ? [registry.localesDir] : []),
  ...(dir ? [dir] : []),
];

/** Reads the shipped locales, with the blocks' and a user's folders layered over them, once per process. */
export function loadLocaleLayers(dir?: string, registry: BlockRegistry = SHIPPED_BLOCKS): Promise<LocaleSet> {
  const layers = localeLayers(dir, registry);
  const cacheKey = layers.join('\0');
  let loading = localeCache.get(cacheKey);
  if (!loading) {
    loading = loadLocales(layers);
    localeCache.set(cacheKey, loading);
    loading.catch(() => localeCache.delete(cacheKey));
  }
  return loading;
}

/** Forgets cached templates and locales (for watchers and tests that edit them). */
export function clearCaches(): void {
  templateCache.clear();
  localeCache.clear();
}
