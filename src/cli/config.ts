/**
 * The project's defaults for the command line: `telescope-report.config.json`,
 * or a `telescope-report` key in package.json, found by walking up from the
 * working folder (lilconfig, the loader of postcss and tailwind, without
 * their JavaScript configs: a config here is data; the one piece of code it can name, `blocks`, is a module the
 * project wrote, imported as `--blocks` would import it). Options on
 * the command line override it; paths in it are relative to its own folder.
 */
import { dirname, resolve } from 'node:path';
import { lilconfigSync } from 'lilconfig';
import { z } from 'zod';
import { problem, ProblemsError } from '../messages.js';

const configSchema = z.strictObject({
  lang: z.union([z.array(z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/)).min(1), z.string().min(1)]).optional().describe('Languages to write: ["en", "ja"] or "en,ja".'),
  templates: z.string().min(1).optional().describe('A folder of templates looked up before the shipped ones.'),
  template: z.string().min(1).optional().describe('The template to draft with.'),
  locales: z.string().min(1).optional().describe('A folder of locales layered over the shipped ones.'),
  out: z.string().min(1).optional().describe('Where draft writes the bundle.'),
  blocks: z.string().min(1).optional().describe('A module of custom blocks (code: it is imported).'),
});

export type Config = z.infer<typeof configSchema>;

/** Option values from the config, as the command line would give them, for the options `names` a command takes. */
export type ConfigDefaults = Partial<Record<'lang' | 'templates' | 'template' | 'locales' | 'out' | 'blocks', string>>;

const cache = new Map<string, { file: string; config: Config } | null>();

/** The nearest config above `cwd`, checked; null when there is none. */
export function findConfig(cwd: string = process.cwd()): { file: string; config: Config } | null {
  if (cache.has(cwd)) return cache.get(cwd)!;
  const found = lilconfigSync('telescope-report', {
    searchPlaces: ['telescope-report.config.json', 'package.json'],
    packageProp: 'telescope-report',
    loaders: { '.json': (file, content) => parseJson(file, content) },
  }).search(cwd);
  let result: { file: string; config: Config } | null = null;
  if (found && !found.isEmpty && found.config !== undefined) {
    const parsed = configSchema.safeParse(found.config);
    if (!parsed.success) {
      throw new ProblemsError('options', parsed.error.issues.map((issue) => problem({
        file: found.filepath,
        ruleId: 'invalid-config',
        reason: `${[found.filepath.endsWith('package.json') ? 'telescope-report' : '', ...issue.path.map(String)].filter(Boolean).join('.') || '(the config)'}: expected ${issue.code === 'unrecognized_keys' ? `only the keys ${Object.keys(configSchema.shape).join(', ')}` : issue.message}, found ${issue.code === 'unrecognized_keys' ? issue.keys.map((k) => JSON.stringify(k)).join(', ') : 'something else'}`,
      })));
    }
    result = { file: found.filepath, config: parsed.data };
  }
  cache.set(cwd, result);
  return result;
}

function parseJson(file: string, content: string): unknown {
  try {
    // lilconfig takes the `telescope-report` key out of a package.json itself.
    return JSON.parse(content) as unknown;
  } catch (error) {
    throw new ProblemsError('options', [problem({ file, ruleId: 'invalid-config', reason: `expected JSON, found an error: ${(error as Error).message}` })]);
  }
}

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
