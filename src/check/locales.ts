/**
 * Auditing the locales against the reference language and the template:
 * missing and extra keys, variables, plural forms, inline Markdown, keys
 * that nothing defines or nothing uses, and the markup policy (raw HTML,
 * links and images) in every language. Every finding points into a JSON file
 * (or the template) at line:column.
 */
import { join } from 'node:path';
import { visit } from 'unist-util-visit';
import { qualifyKey } from '../document/build.js';
import { directivesIn } from '../document/directive-nodes.js';
import type { Template } from '../document/template.js';
import { SHIPPED_BLOCKS, type BlockRegistry } from '../document/blocks.js';
import type { PathSegment } from '../json-source.js';
import { hasKnownMetrics, METRIC_FONT_FAMILIES } from '../output/font-stack.js';
import { CODE_KEYS, OPTIONAL_KEY, pluralBase, pluralSuffix, VARIABLE_ALTERNATIVES, OMITTABLE_VARIABLES } from '../localize/keys.js';
import { readLocaleFiles, type LocaleTree } from '../localize/locales.js';
import { markupFindings, parseInline, parseLocaleString, textFinding } from '../localize/markup-policy.js';
import { REFERENCE_LANGUAGE } from '../localize/translator.js';
import { problem, type Position, type Problem } from '../messages.js';
import type { DescriptionSet } from '../localize/descriptions.js';
import { keysToTranslate, keyStates, type KeyState, type KeyToTranslate } from './descriptions.js';

export interface LocaleEntry {
  value: string;
  /** The locales folder (layer) it is in, and its file. */
  dir: string;
  file: string;
  place: Position;
  /** The string of an earlier layer that this one replaces. */
  below?: LocaleEntry;
}

/** lang → `namespace:dotted.key` → where its string is (the last layer wins). */
export type LocaleEntries = Map<string, Map<string, LocaleEntry>>;

const CHART_FONT_KEY = 'common:charts.font';
const VARIABLE = /\{\{\s*([A-Za-z_]\w*)\s*(?:,\s*[a-z]+\s*)?\}\}/g;
const MARKUP = ['emphasis', 'strong', 'link', 'inlineCode', 'image', 'delete', 'html'];

export async function readLocaleEntries(dirs: readonly string[]): Promise<{ entries: LocaleEntries; folders: Map<string, string> }> {
  const entries: LocaleEntries = new Map();
  const folders = new Map<string, string>();
  for (const { dir, lang, namespace, file, source, tree } of await readLocaleFiles(dirs)) {
    folders.set(lang, join(dir, lang));
    const leaves: { key: string; path: PathSegment[]; value: string }[] = [];
    const walk = (node: LocaleTree, path: string[]) => {
      for (const [k, v] of Object.entries(node)) {
        if (typeof v === 'string') leaves.push({ key: `${namespace}:${[...path, k].join('.')}`, path: [...path, k], value: v });
        else walk(v, [...path, k]);
      }
    };
    walk(tree, []);
    const places = source.locate(leaves.map((l) => l.path));
    const byKey = entries.get(lang) ?? new Map<string, LocaleEntry>();
    entries.set(lang, byKey);
    leaves.forEach((leaf, i) => {
      const below = byKey.get(leaf.key);
      byKey.set(leaf.key, { value: leaf.value, dir, file, place: places[i]?.key ?? { line: 1, column: 1 }, ...(below ? { below } : {}) });
    });
  }
  return { entries, folders };
}

/** The keys a template asks for, with where it asks. */
export function templateKeys(template: Template): { key: string; place: Position }[] {
  const found: { key: string; place: Position }[] = [{ key: qualifyKey(template.frontMatter.title), place: { line: 2, column: 1 } }];
  for (const node of directivesIn(template.tree)) {
    const place = { line: node.position?.start.line ?? 1, column: node.position?.start.column ?? 1 };
    if (node.type === 'textDirective' && node.name === 't')
      found.push({
        key: qualifyKey(
          node.children
            .map((c) => ('value' in c ? c.value : ''))
            .join('')
            .trim(),
        ),
        place,
      });
    if (node.type === 'leafDirective' || node.type === 'containerDirective') {
      for (const attribute of ['caption', 'prompt']) {
        const value = node.attributes?.[attribute];
        if (value) found.push({ key: qualifyKey(value), place });
      }
    }
  }
  return found;
}

const variables = (text: string) => [...new Set([...text.matchAll(VARIABLE)].map((m) => m[1]!))].sort();
/** Variables with each declared alternative written as its group, so that either one matches. */
const comparable = (key: string, names: string[]) =>
  [
    ...new Set(
      names
        .filter((name) => !OMITTABLE_VARIABLES[pluralBase(key)]?.includes(name))
        .map((name) => VARIABLE_ALTERNATIVES[pluralBase(key)]?.find((group) => group.includes(name))?.join('|') ?? name),
    ),
  ]
    .sort()
    .join();
function markup(text: string): string {
  const counts = new Map<string, number>();
  visit(parseInline(text.replace(VARIABLE, 'x')), (node) => {
    if (MARKUP.includes(node.type)) counts.set(node.type, (counts.get(node.type) ?? 0) + 1);
  });
  return (
    [...counts]
      .sort()
      .map(([type, n]) => (n > 1 ? `${n} × ${type}` : type))
      .join(', ') || 'none'
  );
}

/** `templates`: every template the locales serve; a key none of them (nor the code) asks for is unused. */
export function auditLocales(
  entries: LocaleEntries,
  folders: Map<string, string>,
  templates: readonly Template[],
  allTemplates: readonly Template[] = templates,
  registry: BlockRegistry = SHIPPED_BLOCKS,
): Problem[] {
  const findings: Problem[] = [];
  const warn = (file: string, ruleId: string, reason: string, place?: Position) =>
    findings.push(problem({ file, ruleId, reason, place, fatal: false }));
  const reference = entries.get(REFERENCE_LANGUAGE) ?? new Map<string, LocaleEntry>();
  const referenceBases = new Map<string, string[]>();
  for (const key of reference.keys()) referenceBases.set(pluralBase(key), [...(referenceBases.get(pluralBase(key)) ?? []), key]);
  const fileFor = (lang: string, key: string) => join(folders.get(lang) ?? lang, `${key.split(':')[0]}.json`);

  // What templates and code ask for, against the reference language.
  const asked = templates.flatMap((template) => templateKeys(template).map((ask) => ({ ...ask, file: template.file })));
  for (const { key, place, file } of asked) {
    if (!referenceBases.has(key)) warn(file, 'undefined-key', `expected "${key}" in the ${REFERENCE_LANGUAGE} locale, found none`, place);
  }
  for (const key of CODE_KEYS)
    if (!referenceBases.has(key))
      warn(fileFor(REFERENCE_LANGUAGE, key), 'undefined-key', `expected "${key}", which the code uses, found none`);
  // What custom blocks say they use is asked for like the code's keys, by the registration that declared it.
  const blockKeys = registry.declared.flatMap(({ kind, name, keys }) => keys.map((key) => ({ kind, name, key })));
  for (const { kind, name, key } of blockKeys) {
    if (!referenceBases.has(key))
      warn(
        registry.source,
        'undefined-key',
        `expected "${key}", which the ${kind} "${name}" uses, in the ${REFERENCE_LANGUAGE} locale (${registry.localesDir ? join(registry.localesDir, REFERENCE_LANGUAGE, `${key.split(':')[0]}.json`) : fileFor(REFERENCE_LANGUAGE, key)}), found none`,
      );
  }
  // A key is unused when no template at all asks for it, not only the one audited.
  const used = new Set([
    ...allTemplates.flatMap((template) => templateKeys(template).map((ask) => ask.key)),
    ...CODE_KEYS,
    ...blockKeys.map((b) => b.key),
  ]);
  for (const [base, keys] of referenceBases) {
    if (!used.has(base) && !OPTIONAL_KEY.test(base)) {
      const entry = reference.get(keys[0]!)!;
      warn(entry.file, 'unused-key', `expected a key that a template or the code uses, found "${base}"`, entry.place);
    }
  }

  for (const [lang, byKey] of [...entries].sort(([a], [b]) => a.localeCompare(b))) {
    const cardinal = new Intl.PluralRules(lang).resolvedOptions().pluralCategories as string[];
    const ordinal = (new Intl.PluralRules(lang, { type: 'ordinal' }).resolvedOptions().pluralCategories as string[]).map(
      (c) => `ordinal_${c}`,
    );
    const bases = new Map<string, string[]>();
    for (const key of byKey.keys()) bases.set(pluralBase(key), [...(bases.get(pluralBase(key)) ?? []), key]);
    // The markup policy holds for every language alike, English too: these are errors that draft refuses.
    for (const [key, { value, file, place }] of byKey) {
      const fault = textFinding(value, key);
      if (fault) findings.push(problem({ file, ruleId: fault.ruleId, reason: fault.reason, place }));
      const { root } = parseLocaleString(value);
      for (const { ruleId, reason } of markupFindings(root, key)) findings.push(problem({ file, ruleId, reason, place }));
      // What draft refuses as block Markdown (raw HTML is the policy's to report).
      const blocks = root.children.filter((b) => b.type !== 'html');
      if (blocks.length > 0 && !(blocks.length === 1 && blocks[0]!.type === 'paragraph')) {
        findings.push(
          problem({
            file,
            ruleId: 'locale-markdown',
            reason: `expected "${key}" to be inline Markdown, found ${blocks.map((b) => `a ${b.type}`).join(' and ')}`,
            place,
          }),
        );
      }
    }
    for (const [base, keys] of bases) {
      const first = byKey.get(keys[0]!)!;
      const suffixes = keys.map(pluralSuffix).filter((s): s is string => s !== undefined);
      if (suffixes.length > 0) {
        const categories = suffixes.some((s) => s.startsWith('ordinal_')) ? ordinal : cardinal;
        const wrong = suffixes.filter((s) => !categories.includes(s));
        const lacking = categories.filter((c) => !suffixes.includes(c));
        if (wrong.length > 0 || lacking.length > 0) {
          const plural = byKey.get(keys.find((k) => pluralSuffix(k) !== undefined)!)!;
          warn(
            plural.file,
            'plural-forms',
            `expected the plural forms ${categories.map((c) => `_${c}`).join(', ')} of "${base}" for ${lang}, found ${suffixes.map((s) => `_${s}`).join(', ')}`,
            plural.place,
          );
        }
      }
      if (lang === REFERENCE_LANGUAGE) continue;
      if (!referenceBases.has(base)) {
        if (!OPTIONAL_KEY.test(base))
          warn(first.file, 'extra-key', `expected only keys that ${REFERENCE_LANGUAGE} has, found "${base}"`, first.place);
        continue;
      }
      const referenceValue = reference.get(
        referenceBases.get(base)!.find((k) => k.endsWith('_other')) ?? referenceBases.get(base)![0]!,
      )!.value;
      for (const key of keys) {
        const entry = byKey.get(key)!;
        const [want, got] = [variables(referenceValue), variables(entry.value)];
        if (comparable(key, want) !== comparable(key, got)) {
          warn(
            entry.file,
            'variables',
            `expected the variables ${want.map((v) => `{{${v}}}`).join(', ') || 'none'} in "${key}" as in ${REFERENCE_LANGUAGE}, found ${got.map((v) => `{{${v}}}`).join(', ') || 'none'}`,
            entry.place,
          );
        }
        const [wantMarkup, gotMarkup] = [markup(referenceValue), markup(entry.value)];
        if (wantMarkup !== gotMarkup)
          warn(
            entry.file,
            'markdown-structure',
            `expected inline Markdown like ${REFERENCE_LANGUAGE} in "${key}" (${wantMarkup}), found ${gotMarkup}`,
            entry.place,
          );
      }
    }
    const font = byKey.get(CHART_FONT_KEY);
    if (font && !hasKnownMetrics(font.value)) {
      warn(
        font.file,
        'chart-font',
        `expected "${CHART_FONT_KEY}" to name first a font that chart text is measured in (${METRIC_FONT_FAMILIES.join(', ')}), found \`${font.value}\`: labels may collide or be clipped`,
        font.place,
      );
    }
    if (lang === REFERENCE_LANGUAGE) continue;
    for (const base of referenceBases.keys()) {
      if (!bases.has(base) && !OPTIONAL_KEY.test(base))
        warn(
          fileFor(lang, base),
          'missing-key',
          `expected "${base}" as in ${REFERENCE_LANGUAGE}, found none (${REFERENCE_LANGUAGE} is used instead)`,
        );
    }
  }
  return findings;
}

export interface LocaleStatusRow {
  lang: string;
  keys: number;
  translated: number;
  missing: number;
  /** Translated keys whose text (every plural form) is the same as the reference language's: likely untranslated, as `locales add` leaves them. */
  identical: number;
  /** With `verbose`: each key missing or identical, with its English and its description (none for the reference language). */
  toTranslate?: KeyToTranslate[];
}

export function localeStatus(entries: LocaleEntries, descriptions?: DescriptionSet): LocaleStatusRow[] {
  return [...entries.keys()]
    .sort((a, b) => (a === REFERENCE_LANGUAGE ? -1 : b === REFERENCE_LANGUAGE ? 1 : a.localeCompare(b)))
    .map((lang) => {
      // Per key as the other columns count (a plural key once).
      const states = [...keyStates(entries, lang).values()];
      const count = (state: KeyState) => states.filter((s) => s === state).length;
      return {
        lang,
        keys: states.length,
        translated: states.length - count('missing'),
        missing: count('missing'),
        identical: count('identical'),
        ...(descriptions ? { toTranslate: lang === REFERENCE_LANGUAGE ? [] : keysToTranslate(entries, descriptions, lang) } : {}),
      };
    });
}
