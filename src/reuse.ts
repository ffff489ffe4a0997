/**
 * What a long-lived drafter keeps from one draft to the next (an archive of
 * many bundles, `draft --watch`). Every input is read again on every run and
 * compared by content; what depends only on unchanged inputs is handed back
 * as it was computed, the rest is computed again:
 *
 * - a dataset file of the same text: its checked dataset;
 * - a template file of the same text: its parsed template;
 * - locale files of the same texts: their locale set;
 * - the same template, dataset and previous dataset: the document;
 * - the same document, where no locale string the post looked up changed
 *   (in its language or the languages it falls back on): the post and its Markdown;
 * - a chart spec of the same text: its SVG (vega draws the same spec the same).
 *
 * A build script's own blocks are code that may read what it likes: a
 * template using them is drafted afresh every time, as is everything after it.
 */
import { parseDataset, readDatasetText } from './dataset/load.js';
import type { Dataset } from './dataset/index.js';
import { SHIPPED_BLOCKS, type BlockRegistry } from './document/blocks.js';
import type { DocumentTree } from './document/nodes.js';
import { parseTemplate, type Template } from './document/template.js';
import type { RootContent } from 'mdast';
import { localeLayers, readTemplate, type DraftReuse, type PostDraft } from './draft.js';
import { localize, type LocalizedPost } from './localize/localize.js';
import { ProblemsError } from './messages.js';
import { blockMarkdown, markdownOfBlocks, toMarkdown } from './output/markdown.js';
import { REFERENCE_LANGUAGE } from './localize/keys.js';
import { isDescriptionFile, loadLocales, readLocaleFolders, type LocaleSet, type LocaleTree } from './localize/locales.js';
import { isProblem } from './text-file.js';

interface KeptPost {
  /** The locales it was made with, or later found to read the same with. */
  locales: LocaleSet;
  value: PostDraft;
}

/** A block of a post (or the post less its blocks) localized on its own; `writable`: its Markdown is written the same within the post. */
interface KeptPart extends KeptPost {
  writable: boolean;
}

function keep<K extends object, T>(memo: WeakMap<K, Map<string, T>>, key: K, lang: string, value: T): void {
  let byLang = memo.get(key);
  if (!byLang) memo.set(key, (byLang = new Map()));
  byLang.set(lang, value);
}

interface KeptDocument {
  template: Template;
  previous: Dataset | undefined;
  relation: string | undefined;
  document: DocumentTree;
}

export class DraftCache implements DraftReuse {
  private readonly datasets = new Map<string, { text: string; dataset: Dataset }>();
  private readonly templates = new Map<string, { text: string; template: Template }>();
  private readonly localeSets = new Map<string, { texts: string; set: LocaleSet }>();
  private readonly documents = new WeakMap<Dataset, KeptDocument>();
  private readonly posts = new WeakMap<DocumentTree, Map<string, KeptPost>>();
  private readonly blocks = new WeakMap<RootContent, Map<string, KeptPart>>();
  private readonly rests = new WeakMap<DocumentTree, Map<string, KeptPart>>();
  private svgs = new Map<string, string>();
  private svgsUsed = new Map<string, string>();
  private datasetsRead = new Set<string>();
  private run = new Map<string, Promise<unknown>>();

  /** Reads and checks a dataset file, as `loadDataset` does; the same text gives the same dataset. */
  async loadDataset(file: string): Promise<Dataset> {
    this.datasetsRead.add(file);
    const text = await readDatasetText(file);
    const kept = this.datasets.get(file);
    if (kept?.text === text) return kept.dataset;
    this.datasets.delete(file);
    const dataset = parseDataset(text, file);
    this.datasets.set(file, { text, dataset });
    return dataset;
  }

  readonly template = (name: string, dir: string | undefined, registry: BlockRegistry): Promise<Template> =>
    this.once(`template\0${registry.id}\0${dir ?? ''}\0${name}`, () =>
      readTemplate(name, dir, registry, (text, file) => {
        const key = `${registry.id}\0${file}`;
        const kept = this.templates.get(key);
        if (kept?.text === text && kept.template.registry === registry) return kept.template;
        const template = parseTemplate(text, file, registry);
        this.templates.set(key, { text, template });
        return template;
      }),
    );

  readonly locales = (dir: string | undefined, registry: BlockRegistry): Promise<LocaleSet> => {
    const layers = localeLayers(dir, registry);
    const key = layers.join('\0');
    return this.once(`locales\0${key}`, async () => {
      // Read before the set is loaded: a file saved in between makes the next run load again, never keep an older set.
      const files = await readLocaleFolders(layers, (name) => name.endsWith('.json') && !isDescriptionFile(name));
      const texts = JSON.stringify(files.map((f) => [f.file, isProblem(f.text) ? null : f.text]));
      const kept = this.localeSets.get(key);
      if (kept?.texts === texts) return kept.set;
      const set = await loadLocales(layers);
      this.localeSets.set(key, { texts, set });
      return set;
    });
  };

  /** Templates and locales are read once a run, so that every draft of a run sees the same ones. */
  private once<T>(key: string, read: () => Promise<T>): Promise<T> {
    let reading = this.run.get(key) as Promise<T> | undefined;
    if (!reading) {
      reading = read();
      this.run.set(key, reading);
      reading.catch(() => this.run.delete(key));
    }
    return reading;
  }

  readonly document = (inputs: { template: Template; dataset: Dataset; previous: { dataset: Dataset; relation: string } | undefined }, build: () => DocumentTree): DocumentTree => {
    const { template, dataset, previous } = inputs;
    if (template.registry !== SHIPPED_BLOCKS) return build();
    const kept = this.documents.get(dataset);
    if (kept && kept.template === template && kept.previous === previous?.dataset && kept.relation === previous?.relation) return kept.document;
    const document = build();
    this.documents.set(dataset, { template, previous: previous?.dataset, relation: previous?.relation, document });
    return document;
  };

  readonly post = async (document: DocumentTree, lang: string, locales: LocaleSet, make: () => Promise<PostDraft>): Promise<PostDraft> => {
    const kept = this.reusable(this.posts, document, lang, locales);
    if (kept) return kept.value;
    const value = (await this.postByBlocks(document, lang, locales)) ?? (await make());
    keep(this.posts, document, lang, { locales, value });
    return value;
  };

  /**
   * A post put together from its template's blocks, each localized (and written as Markdown) on its
   * own and kept: an edit of one string localizes again only the blocks that look it up. The same post
   * as `localize` and `toMarkdown` make of the whole (test/reuse.test.ts holds them to it); `undefined`
   * when a block has a problem (the whole post is drafted then, to report it as draft does) or its
   * Markdown depends on its neighbours.
   */
  private async postByBlocks(document: DocumentTree, lang: string, locales: LocaleSet): Promise<PostDraft | undefined> {
    const part = async <T extends object>(memo: WeakMap<T, Map<string, KeptPart>>, key: T, children: RootContent[], explanations: DocumentTree['explanations']): Promise<KeptPart> => {
      const kept = this.reusable(memo, key, lang, locales);
      if (kept) return kept;
      const post = localize({ ...document, tree: { type: 'root', children }, explanations }, lang, locales);
      const markdown = await blockMarkdown(post.tree.children);
      const fresh: KeptPart = { locales, value: { post, markdown: markdown ?? '' }, writable: markdown !== undefined };
      keep(memo, key, lang, fresh);
      return fresh;
    };
    let blocks: KeptPart[];
    let rest: KeptPart;
    try {
      blocks = [];
      for (const block of document.tree.children) blocks.push(await part(this.blocks, block, [block], []));
      // The title, the explanations' sentences and the orphaned section's words: the post less its blocks.
      rest = await part(this.rests, document, [], document.explanations);
    } catch (error) {
      if (error instanceof ProblemsError) return undefined;
      throw error;
    }
    const posts = [...blocks, rest].map((p) => p.value.post);
    // Each part warns of a key taken from English once; the post, once in all.
    const warnings = [...new Map(posts.flatMap((p) => p.warnings).map((w) => [`${w.ruleId}\0${w.reason}`, w])).values()];
    const post: LocalizedPost = {
      ...rest.value.post,
      tree: { type: 'root', children: blocks.flatMap((b) => b.value.post.tree.children) },
      charts: blocks.flatMap((b) => b.value.post.charts),
      usedKeys: [...new Set(posts.flatMap((p) => p.usedKeys))].sort(),
      warnings,
    };
    const markdown = markdownOfBlocks(post.frontMatter, blocks.map((b) => ({ children: b.value.post.tree.children, markdown: b.writable ? b.value.markdown : undefined })));
    return { post, markdown: markdown ?? (await toMarkdown(post)) };
  }

  /** What `memo` kept for `key` in `lang`, if no string it looked up differs in `locales`. */
  private reusable<K extends object, T extends KeptPost>(memo: WeakMap<K, Map<string, T>>, key: K, lang: string, locales: LocaleSet): T | undefined {
    const kept = memo.get(key)?.get(lang);
    if (!kept) return undefined;
    if (kept.locales !== locales && changedFor(kept.locales, locales, lang, kept.value.post.usedKeys)) return undefined;
    kept.locales = locales;
    return kept;
  }

  readonly svg = async (specText: string, render: () => Promise<string>): Promise<string> => {
    const svg = this.svgs.get(specText) ?? this.svgsUsed.get(specText) ?? (await render());
    this.svgsUsed.set(specText, svg);
    return svg;
  };

  /**
   * Ends a run: templates and locales are read again by the next. Forgets what the run did not use:
   * charts no longer drawn, datasets no longer read.
   */
  endRun(): void {
    this.run = new Map();
    this.svgs = this.svgsUsed;
    this.svgsUsed = new Map();
    for (const file of this.datasets.keys()) if (!this.datasetsRead.has(file)) this.datasets.delete(file);
    this.datasetsRead = new Set();
  }
}

/** Whether a post in `lang` could read otherwise with `after` than with `before`, judged by the keys it looked up. */
function changedFor(before: LocaleSet, after: LocaleSet, lang: string, keys: readonly string[]): boolean {
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

/** The `namespace:key`s whose string differs between two sets, in a language or those it falls back on; `all` when their files differ. */
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
      // The files a language's strings come from are named in its warnings.
      const files = (set: LocaleSet) => JSON.stringify(Object.entries(set.files).filter(([where]) => where.startsWith(`${language}/`)));
      if (files(before) !== files(after)) {
        changed = 'all';
        break;
      }
      for (const key of changedKeys(flatten(before, language), flatten(after, language))) changed.add(key);
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
    strings = new Map();
    const walk = (tree: LocaleTree, prefix: string) => {
      for (const [key, value] of Object.entries(tree)) {
        if (typeof value === 'string') strings!.set(`${prefix}${key}`, value);
        else walk(value, `${prefix}${key}.`);
      }
    };
    for (const [namespace, tree] of Object.entries(set.resources[lang] ?? {})) walk(tree, `${namespace}:`);
    byLang.set(lang, strings);
  }
  return strings;
}

function* changedKeys(before: Map<string, string>, after: Map<string, string>): Iterable<string> {
  for (const [key, value] of after) if (before.get(key) !== value) yield key;
  for (const key of before.keys()) if (!after.has(key)) yield key;
}
