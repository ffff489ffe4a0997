/**
 * The translators' descriptions (src/localize/descriptions.ts) against the
 * reference language: a key without one, one of no key, one silent about a
 * variable its string uses, one written for another English text. All are
 * warnings: a draft never reads descriptions. And, per language, the keys
 * still to translate, each with its English and its description.
 */
import { join } from 'node:path';
import type { DescriptionSet, KeyDescription } from '../localize/descriptions.js';
import { OPTIONAL_KEY, pluralBase, pluralSuffix, REFERENCE_LANGUAGE } from '../localize/keys.js';
import { DESCRIPTION_SUFFIX } from '../localize/locales.js';
import { problem, type Position, type Problem } from '../messages.js';
import type { LocaleEntries, LocaleEntry } from './locales.js';

const VARIABLE = /\{\{\s*([A-Za-z_]\w*)\s*(?:,\s*[a-z]+\s*)?\}\}/g;
const variables = (text: string): string[] => [...new Set([...text.matchAll(VARIABLE)].map((m) => m[1]!))].sort();
const braced = (names: readonly string[]): string => names.map((name) => `{{${name}}}`).join(', ');

/** Reference keys by base name (a plural key's forms together), optional keys included. */
function referenceBases(entries: LocaleEntries): Map<string, string[]> {
  const bases = new Map<string, string[]>();
  for (const key of entries.get(REFERENCE_LANGUAGE)?.keys() ?? []) bases.set(pluralBase(key), [...(bases.get(pluralBase(key)) ?? []), key]);
  return bases;
}

/** The form a description's message copies: `_other` (`_ordinal_other`) of a plural key, else the key itself. */
const messageKey = (keys: readonly string[]): string =>
  keys.find((key) => pluralSuffix(key) === 'other' || pluralSuffix(key) === 'ordinal_other') ?? keys[0]!;

/** A string as a layer saw it: the entry of that layer or the last one below it. */
function asOf(entry: LocaleEntry | undefined, dirs: readonly string[], layer: number): LocaleEntry | undefined {
  let found = entry;
  while (found && dirs.indexOf(found.dir) > layer) found = found.below;
  return found;
}

export function auditDescriptions(entries: LocaleEntries, descriptions: DescriptionSet, dirs: readonly string[]): Problem[] {
  const findings: Problem[] = [];
  const warn = (file: string, ruleId: string, reason: string, place?: Position) =>
    findings.push(problem({ file, ruleId, reason, place, fatal: false }));
  const reference = entries.get(REFERENCE_LANGUAGE) ?? new Map<string, LocaleEntry>();
  const bases = referenceBases(entries);

  for (const [base, keys] of bases) {
    if (OPTIONAL_KEY.test(base)) continue;
    const described = descriptions.byKey.get(base);
    if (described && described.description.trim() !== '') continue;
    if (described) {
      warn(
        described.file,
        'missing-description',
        `expected a description of "${base}" for translators, found an empty one`,
        described.descriptionPlace,
      );
      continue;
    }
    const entry = reference.get(keys[0]!)!;
    const [namespace] = base.split(':') as [string];
    warn(
      entry.file,
      'missing-description',
      `expected a description of "${base}" for translators in ${join(entry.dir, REFERENCE_LANGUAGE, `${namespace}${DESCRIPTION_SUFFIX}`)}, found none`,
      entry.place,
    );
  }

  for (const file of descriptions.misplaced) {
    warn(
      file,
      'extra-description',
      `expected descriptions beside ${REFERENCE_LANGUAGE}'s locale files only, found a file of them beside another language's: nothing reads it`,
    );
  }
  for (const described of descriptions.entries) {
    const keys = bases.get(described.key);
    if (!keys) {
      const base = pluralBase(described.key);
      const reason =
        base !== described.key && bases.has(base)
          ? `expected a plural key described once, by its base name "${base}", found "${described.key}"`
          : `expected a description of a key ${REFERENCE_LANGUAGE} has, found "${described.key}"`;
      warn(described.file, 'extra-description', reason, described.place);
      continue;
    }
    // Against the string of its own layer: a folder that rewords a shipped string leaves the shipped description as it was written.
    const english = asOf(reference.get(messageKey(keys)), dirs, dirs.indexOf(described.dir))?.value;
    if (english !== undefined && english !== described.message) {
      warn(
        described.file,
        'description-message',
        `expected "message" of "${described.key}" to be the ${REFERENCE_LANGUAGE} string it describes, ${JSON.stringify(english)}, found ${JSON.stringify(described.message)}: see that the description still fits, then copy the string`,
        described.messagePlace,
      );
    }
  }

  for (const described of descriptions.byKey.values()) {
    const keys = bases.get(described.key);
    if (!keys || described.description.trim() === '') continue;
    const used = variables(keys.map((key) => reference.get(key)!.value).join(' '));
    const mentioned = new Set(variables(described.description));
    const silent = used.filter((name) => !mentioned.has(name));
    if (silent.length > 0) {
      warn(
        described.file,
        'description-variables',
        `expected the description of "${described.key}" to say what ${braced(silent)} ${silent.length === 1 ? 'holds' : 'hold'}, which its string uses, found no mention`,
        described.descriptionPlace,
      );
    }
  }
  return findings;
}

export type KeyState = 'translated' | 'missing' | 'identical';

/**
 * Per key of the reference language (a plural key once, by its base name; optional keys left out),
 * whether `lang` translates it, lacks it, or has it identical to English: every form the same as
 * English's, or as English's `_other` (which `locales add` copies into forms English lacks, Russian `_few`).
 */
export function keyStates(entries: LocaleEntries, lang: string): Map<string, KeyState> {
  const reference = entries.get(REFERENCE_LANGUAGE) ?? new Map<string, LocaleEntry>();
  const englishOther = (key: string) =>
    reference.get(`${pluralBase(key)}_${pluralSuffix(key)?.startsWith('ordinal_') ? 'ordinal_other' : 'other'}`)?.value;
  const same = new Map<string, boolean>();
  for (const [key, entry] of entries.get(lang) ?? []) {
    const base = pluralBase(key);
    const identical = reference.get(key)?.value === entry.value || (pluralSuffix(key) !== undefined && englishOther(key) === entry.value);
    same.set(base, (same.get(base) ?? true) && identical);
  }
  const states = new Map<string, KeyState>();
  for (const base of referenceBases(entries).keys()) {
    if (OPTIONAL_KEY.test(base)) continue;
    states.set(base, !same.has(base) ? 'missing' : lang !== REFERENCE_LANGUAGE && same.get(base) ? 'identical' : 'translated');
  }
  return states;
}

/** A key a language has still to translate, as `locales status --verbose` lists it. */
export interface KeyToTranslate {
  /** `namespace:dotted.key`, a plural key by its base name. */
  key: string;
  state: 'missing' | 'identical';
  /** For a plural key, the suffixes of the forms the language needs (`_one`, `_other`). */
  forms?: string[];
  /** English's string (a plural key's `_other` form). */
  english: string;
  description: string | null;
}

const CATEGORIES = ['zero', 'one', 'two', 'few', 'many', 'other'];

/** The keys `lang` has still to translate, in the order of English's files (the shipped keys, then a folder's own). */
export function keysToTranslate(entries: LocaleEntries, descriptions: DescriptionSet, lang: string): KeyToTranslate[] {
  const reference = entries.get(REFERENCE_LANGUAGE) ?? new Map<string, LocaleEntry>();
  const bases = referenceBases(entries);
  const forms = (keys: readonly string[]): string[] | undefined => {
    if (pluralSuffix(keys[0]!) === undefined) return undefined;
    const ordinal = pluralSuffix(keys[0]!)!.startsWith('ordinal_');
    const categories = new Intl.PluralRules(lang, ordinal ? { type: 'ordinal' } : {}).resolvedOptions().pluralCategories as string[];
    // In one order whatever the Node version lists them in.
    return CATEGORIES.filter((c) => categories.includes(c)).map((c) => `_${ordinal ? 'ordinal_' : ''}${c}`);
  };
  return [...keyStates(entries, lang)].flatMap(([key, state]): KeyToTranslate[] => {
    if (state === 'translated') return [];
    const keys = bases.get(key)!;
    const plural = forms(keys);
    const described: KeyDescription | undefined = descriptions.byKey.get(key);
    return [
      {
        key,
        state,
        ...(plural ? { forms: plural } : {}),
        english: reference.get(messageKey(keys))!.value,
        description: described?.description.trim() ? described.description : null,
      },
    ];
  });
}
