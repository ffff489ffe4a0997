/**
 * What an edit of the locales changed, for what was localized before it
 * (reuse.ts): the strings whose text differs between two locale sets, and
 * whether a post (or a part of one) looked any of them up.
 */
import { REFERENCE_LANGUAGE } from './keys.js';
import type { LocaleSet, LocaleTree } from './locales.js';

/**
 * Whether text localized in `lang` with `before` could read otherwise with `after`, judged by `keys`, the
 * keys it looked up (those it found absent included).
 */
export function changedFor(before: LocaleSet, after: LocaleSet, lang: string, keys: readonly string[]): boolean {
  const changed = changedStrings(before, after, lang);
  if (changed === 'all') return true;
  if (changed.size === 0) return false;
  // A key stands for its plural and ordinal forms too (`count_one`, `rank_ordinal_two`).
  return keys.some((key) => {
    const full = key.includes(':') ? key : `post:${key}`;
    for (const name of changed) if (name === full || name.startsWith(`${full}_`)) return true;
    return false;
  });
}

const diffs = new WeakMap<LocaleSet, WeakMap<LocaleSet, Map<string, Set<string> | 'all'>>>();

/**
 * The `namespace:key`s whose string differs between two sets in a language or in those it falls back on,
 * or `all` when the files their strings come from differ (warnings name them).
 */
function changedStrings(before: LocaleSet, after: LocaleSet, lang: string): Set<string> | 'all' {
  let byAfter = diffs.get(before);
  if (!byAfter) diffs.set(before, (byAfter = new WeakMap()));
  let byLang = byAfter.get(after);
  if (!byLang) byAfter.set(after, (byLang = new Map()));
  let changed = byLang.get(lang);
  if (changed === undefined) {
    changed = new Set<string>();
    // i18next looks in the language, its base language (ja-JP → ja), then the reference language.
    for (const language of new Set([lang, lang.split('-')[0]!, REFERENCE_LANGUAGE])) {
      const files = (set: LocaleSet) => JSON.stringify(Object.entries(set.files).filter(([where]) => where.startsWith(`${language}/`)));
      if (files(before) !== files(after)) {
        changed = 'all';
        break;
      }
      const [was, is] = [flatten(before, language), flatten(after, language)];
      for (const [key, text] of is) if (was.get(key) !== text) changed.add(key);
      for (const key of was.keys()) if (!is.has(key)) changed.add(key);
    }
    byLang.set(lang, changed);
  }
  return changed;
}

const flattened = new WeakMap<LocaleSet, Map<string, Map<string, string>>>();

/** `namespace:dotted.key` → string, for one language of a set. */
function flatten(set: LocaleSet, lang: string): Map<string, string> {
  let byLang = flattened.get(set);
  if (!byLang) flattened.set(set, (byLang = new Map()));
  let strings = byLang.get(lang);
  if (!strings) {
    const found = new Map<string, string>();
    const walk = (tree: LocaleTree, prefix: string) => {
      for (const [key, value] of Object.entries(tree)) {
        if (typeof value === 'string') found.set(`${prefix}${key}`, value);
        else walk(value, `${prefix}${key}.`);
      }
    };
    for (const [namespace, tree] of Object.entries(set.resources[lang] ?? {})) walk(tree, `${namespace}:`);
    byLang.set(lang, (strings = found));
  }
  return strings;
}
