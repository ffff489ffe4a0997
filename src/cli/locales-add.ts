/**
 * `locales add <lang>`: a new language's folder with every key of English,
 * the English text kept (so drafts work at once, and `locales status` counts
 * each such key as identical to English), plural keys in the forms the
 * language needs.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { SHIPPED_LOCALES } from '../draft.js';
import { OPTIONAL_KEY, pluralBase, pluralSuffix, REFERENCE_LANGUAGE } from '../localize/keys.js';
import { readLocaleFiles, type LocaleTree } from '../localize/locales.js';
import { writeFileAtomic } from '../output/files.js';
import { printable } from '../messages.js';
import { EXIT, parseCommandArgs, UsageError } from './io.js';
import { LOCALES_ADD } from './options.js';

/** What a locale folder may be named (localize/locales.ts reads no other). */
const LANG = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

function validTag(tag: string): boolean {
  try {
    return Intl.getCanonicalLocales(tag)[0] === tag && LANG.test(tag);
  } catch {
    return false;
  }
}

/** The English keys of one namespace, flattened to `dotted.key` → text, layers merged (the last wins). */
type Flat = Map<string, string>;

const flatten = (tree: LocaleTree, into: Flat, prefix: string[] = []): void => {
  for (const [key, value] of Object.entries(tree)) {
    if (typeof value === 'string') into.set([...prefix, key].join('\u0000'), value);
    else flatten(value, into, [...prefix, key]);
  }
};

/** Each English key in the plural forms `lang` needs: `_one`/`_other` become Japanese `_other`, Russian `_one`/`_few`/`_many`/`_other`, each English's `_other` text. */
export function translateForms(english: Flat, namespace: string, lang: string): Flat {
  const cardinal = new Intl.PluralRules(lang).resolvedOptions().pluralCategories as string[];
  const ordinal = (new Intl.PluralRules(lang, { type: 'ordinal' }).resolvedOptions().pluralCategories as string[]).map((c) => `ordinal_${c}`);
  const out: Flat = new Map();
  const done = new Set<string>();
  for (const path of english.keys()) {
    const dotted = `${namespace}:${path.split('\u0000').join('.')}`;
    // Words for small numbers, service and country names: a language has them only when it wants them.
    if (OPTIONAL_KEY.test(dotted)) continue;
    const suffix = pluralSuffix(path);
    if (suffix === undefined) {
      out.set(path, english.get(path)!);
      continue;
    }
    const base = pluralBase(path);
    if (done.has(base)) continue;
    done.add(base);
    const forms = suffix.startsWith('ordinal_') ? ordinal : cardinal;
    const fallback = english.get(`${base}_${suffix.startsWith('ordinal_') ? 'ordinal_other' : 'other'}`) ?? english.get(path)!;
    // Every form from English's _other: a language's `one` may cover 21 too (Russian), so English's _one, which may drop {{count}}, would be wrong.
    for (const form of forms) out.set(`${base}_${form}`, fallback);
  }
  return out;
}

const unflatten = (flat: Flat): LocaleTree => {
  const tree: LocaleTree = {};
  for (const [path, value] of flat) {
    const parts = path.split('\u0000');
    let node = tree;
    for (const part of parts.slice(0, -1)) node = (node[part] ??= {}) as LocaleTree;
    node[parts.at(-1)!] = value;
  }
  return tree;
};

export async function localesAddCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, LOCALES_ADD);
  // positionals[0] is `add`.
  if (positionals.length !== 2) throw new UsageError('locales add takes exactly one language tag, as in `locales add ko`');
  const lang = positionals[1]!;
  if (!validTag(lang)) throw new UsageError(`expected a BCP 47 language tag in lower case (ko, pt-BR, zh-Hant), found ${JSON.stringify(lang)}`);
  if (lang === REFERENCE_LANGUAGE) throw new UsageError(`${REFERENCE_LANGUAGE} is the reference language that others are copied from; add another`);
  const dir = values.locales ?? 'locales';
  const folder = join(dir, lang);
  if (existsSync(folder) && !values.force) {
    process.stderr.write(`${printable(`telescope-report: ${folder}: expected no folder for ${lang}, found one: nothing was written (--force rewrites its files from English)`)}\n`);
    return EXIT.invalidInput;
  }
  // English as a draft with --locales <dir> sees it: the shipped keys, then the folder's own.
  const layers = existsSync(dir) ? [SHIPPED_LOCALES, dir] : [SHIPPED_LOCALES];
  const english = new Map<string, Flat>();
  for (const file of await readLocaleFiles(layers)) {
    if (file.lang !== REFERENCE_LANGUAGE) continue;
    const flat = english.get(file.namespace) ?? new Map<string, string>();
    english.set(file.namespace, flat);
    flatten(file.tree, flat);
  }
  const namespaces = [...english.keys()].sort();
  for (const namespace of namespaces) {
    await writeFileAtomic(join(folder, `${namespace}.json`), `${JSON.stringify(unflatten(translateForms(english.get(namespace)!, namespace, lang)), null, 2)}\n`);
  }
  // Where translators learn what each key is for: the descriptions beside English, which status prints with each key.
  process.stdout.write(`${printable(`${folder}: wrote ${namespaces.map((n) => `${n}.json`).join(', ')}, every key in English, to translate; \`telescope-report locales status --verbose --locales ${dir}\` lists each key still identical to English, with its description`)}\n`);
  return EXIT.ok;
}
