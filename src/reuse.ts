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
 * - each section of a post (the blocks from one heading to the next), where
 *   no locale string it looked up changed in its language or in those it
 *   falls back on: its localized text and Markdown;
 * - a chart spec of the same text: its SVG (vega draws the same spec the same).
 *
 * A build script's own blocks are code that may read what it likes: a
 * template using them makes a new document every time, and what follows it.
 */
import type { RootContent } from 'mdast';
import { parseDataset, readDatasetText } from './dataset/load.js';
import type { Dataset } from './dataset/index.js';
import { SHIPPED_BLOCKS, type BlockRegistry } from './document/blocks.js';
import type { DocumentTree } from './document/nodes.js';
import { parseTemplate, type Template } from './document/template.js';
import type { DraftReuse, PostDraft } from './draft.js';
import { localeLayers, readTemplate } from './inputs.js';
import { changedFor } from './localize/locale-changes.js';
import { isDescriptionFile, loadLocales, readLocaleFolders, type LocaleSet } from './localize/locales.js';
import { localize, type LocalizedPost } from './localize/localize.js';
import { ProblemsError } from './messages.js';
import { markdownOfSections, sectionMarkdown, toMarkdown } from './output/markdown.js';
import type { SvgPool } from './output/svg-pool.js';
import { isProblem } from './text-file.js';

interface Kept {
  /** The locales it was made with, or later found to read the same with. */
  locales: LocaleSet;
  value: PostDraft;
}

/** A section (or the post less its sections) localized on its own; `markdown` undefined where it is written with the post. */
interface KeptSection {
  locales: LocaleSet;
  post: LocalizedPost;
  markdown: string | undefined;
}

type ByLang<T> = WeakMap<object, Map<string, T>>;

export class DraftCache implements DraftReuse {
  private readonly datasets = new Map<string, { text: string; dataset: Dataset }>();
  private readonly templates = new Map<string, { text: string; template: Template }>();
  private readonly localeSets = new Map<string, { texts: string; set: LocaleSet }>();
  private readonly documents = new WeakMap<
    Dataset,
    { template: Template; previous?: Dataset; relation?: string; document: DocumentTree }
  >();
  /** By document: each language's post. */
  private readonly posts: ByLang<Kept> = new WeakMap();
  /** By a section's first block (or by document for the rest): each language's part. */
  private readonly sections: ByLang<KeptSection> = new WeakMap();
  private svgs = new Map<string, string>();
  private svgsUsed = new Map<string, string>();
  private datasetsRead = new Set<string>();
  private run = new Map<string, Promise<unknown>>();

  /** `svgPool`: threads that draw the SVGs (an archive's); without, they are drawn in this thread. */
  constructor(private readonly svgPool?: SvgPool) {}

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

  readonly document = (
    inputs: { template: Template; dataset: Dataset; previous: { dataset: Dataset; relation: string } | undefined },
    build: () => DocumentTree,
  ): DocumentTree => {
    const { template, dataset, previous } = inputs;
    if (template.registry !== SHIPPED_BLOCKS) return build();
    const kept = this.documents.get(dataset);
    if (kept && kept.template === template && kept.previous === previous?.dataset && kept.relation === previous?.relation)
      return kept.document;
    const document = build();
    this.documents.set(dataset, { template, ...(previous ? { previous: previous.dataset, relation: previous.relation } : {}), document });
    return document;
  };

  readonly post = async (document: DocumentTree, lang: string, locales: LocaleSet, make: () => Promise<PostDraft>): Promise<PostDraft> => {
    const kept = reusable(this.posts, document, lang, locales, (k) => k.value.post.usedKeys);
    if (kept) return kept.value;
    const value = (await this.postBySections(document, lang, locales)) ?? (await make());
    keep(this.posts, document, lang, { locales, value });
    return value;
  };

  /**
   * A post put together from its sections, each localized (and written as Markdown) on its own and kept:
   * an edit of one string localizes again only the sections that look it up. The same post as `localize`
   * and `toMarkdown` make of the whole (test/archive.test.ts holds them to it); `undefined` when a part
   * has a problem: the whole post is drafted then, to report it as draft does.
   */
  private async postBySections(document: DocumentTree, lang: string, locales: LocaleSet): Promise<PostDraft | undefined> {
    const part = async (key: object, children: RootContent[], explanations: DocumentTree['explanations']): Promise<KeptSection> => {
      const kept = reusable(this.sections, key, lang, locales, (k) => k.post.usedKeys);
      if (kept) return kept;
      const post = localize({ ...document, tree: { type: 'root', children }, explanations }, lang, locales);
      const fresh: KeptSection = { locales, post, markdown: await sectionMarkdown(post.tree.children) };
      keep(this.sections, key, lang, fresh);
      return fresh;
    };
    const parts: KeptSection[] = [];
    try {
      for (const section of sectionsOf(document.tree.children)) parts.push(await part(section[0]!, section, []));
      // The title, the explanations' sentences and the orphaned section's words: the post less its sections.
      parts.push(await part(document, [], document.explanations));
    } catch (error) {
      if (error instanceof ProblemsError) return undefined;
      throw error;
    }
    const sections = parts.slice(0, -1);
    const posts = parts.map((p) => p.post);
    // Each part warns once of a key taken from English; the post, once in all, as `localize` does.
    const warnings = [...new Map(posts.flatMap((p) => p.warnings).map((w) => [`${w.ruleId}\0${w.reason}`, w])).values()];
    const post: LocalizedPost = {
      ...parts.at(-1)!.post,
      tree: { type: 'root', children: sections.flatMap((s) => s.post.tree.children) },
      charts: sections.flatMap((s) => s.post.charts),
      usedKeys: [...new Set(posts.flatMap((p) => p.usedKeys))].sort(),
      warnings,
    };
    const markdown = markdownOfSections(
      post.frontMatter,
      sections.map((s) => ({ children: s.post.tree.children, markdown: s.markdown })),
    );
    return { post, markdown: markdown ?? (await toMarkdown(post)) };
  }

  readonly svg = async (specText: string, render: () => Promise<string>): Promise<string> => {
    const svg = this.svgs.get(specText) ?? this.svgsUsed.get(specText) ?? (await (this.svgPool ? this.svgPool.render(specText) : render()));
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

/** What `memo` kept for `key` in `lang`, if no string it looked up (`keysOf`) differs in `locales`. */
function reusable<T extends { locales: LocaleSet }>(
  memo: ByLang<T>,
  key: object,
  lang: string,
  locales: LocaleSet,
  keysOf: (kept: T) => readonly string[],
): T | undefined {
  const kept = memo.get(key)?.get(lang);
  if (!kept) return undefined;
  if (kept.locales !== locales && changedFor(kept.locales, locales, lang, keysOf(kept))) return undefined;
  kept.locales = locales;
  return kept;
}

function keep<T>(memo: ByLang<T>, key: object, lang: string, value: T): void {
  let byLang = memo.get(key);
  if (!byLang) memo.set(key, (byLang = new Map()));
  byLang.set(lang, value);
}

/** A document's blocks in runs that each start at a heading (or the post's start): its sections. */
function sectionsOf(children: readonly RootContent[]): RootContent[][] {
  const runs: RootContent[][] = [];
  for (const child of children) {
    if (runs.length === 0 || child.type === 'heading') runs.push([]);
    runs.at(-1)!.push(child);
  }
  return runs;
}
