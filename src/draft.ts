/**
 * The whole pipeline: dataset → analysis → document → localize → output.
 * `draft()` computes every file in memory and writes nothing.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { sameRanking, type PreviousPeriod } from './analysis/index.js';
import { checkDataset, earlierPeriod, isCheckedDataset, type Dataset } from './dataset/index.js';
import { periodKind, periodName, samePeriod } from './dataset/period.js';
import { buildDocument } from './document/build.js';
import type { DocumentTree } from './document/nodes.js';
import { blockRegistry, SHIPPED_BLOCKS, type BlockRegistry, type Blocks } from './document/blocks.js';
import { totalConflict } from './document/total-facts.js';
import { templateWarnings } from './document/template-warnings.js';
import type { EvidenceRow } from './document/fact-types.js';
import { parseTemplate, type Template } from './document/template.js';
import { loadLocales, type LocaleSet } from './localize/locales.js';
import { localize, type LocalizedChart, type LocalizedPost } from './localize/localize.js';
import { problem, ProblemsError, type Problem } from './messages.js';
import { PACKAGE_ROOT } from './package-root.js';
import { isProblem, readTextFile } from './text-file.js';
import type { TopLevelSpec } from 'vega-lite';
import { chartSpec } from './output/charts.js';
import { hasKnownMetrics, METRIC_FONT_FAMILIES } from './output/font-stack.js';
import { tooDeep } from './output/nesting.js';
import { toMarkdown } from './output/markdown.js';
import type { OrphanWords } from './output/regenerate.js';

export const SHIPPED_TEMPLATES = join(PACKAGE_ROOT, 'templates/');
export const SHIPPED_LOCALES = join(PACKAGE_ROOT, 'locales/');

export interface DraftOptions {
  /** Languages to write, each a folder of the locales (default: en and ja). */
  languages?: readonly string[];
  /** Template name, a file `<name>.md` (default `overflow`). */
  template?: string;
  /** A folder of templates consulted before the shipped ones. */
  templatesDir?: string;
  /** A folder of locales layered over the shipped ones, key by key. */
  localesDir?: string;
  /** Names the dataset in messages. */
  datasetFile?: string;
  /** Render each chart to SVG (default true); vega loads only when this is on. */
  svg?: boolean;
  /** The dataset of the previous period: each ranking of the same id gives its entries their previous ranks. */
  previous?: Dataset | unknown;
  /** Names the previous dataset in messages. */
  previousFile?: string;
  /** What the previous dataset is: the quarter before (default) or the same quarter a year earlier. */
  previousRelation?: 'quarter' | 'year';
  /** Facts, tables and charts of the build script's own, which the template may use (`defineBlocks`). */
  blocks?: Blocks;
}

export interface DraftChart {
  id: string;
  /** `<id>.<lang>`: the spec goes to `<fileBase>.vl.json`, its rendering to `<fileBase>.svg`. */
  fileBase: string;
  /** A Vega-Lite v6 spec, data inline, as written to `<fileBase>.vl.json`. */
  spec: TopLevelSpec;
  /** The rendered chart, unless `svg: false`. */
  svg?: string;
}

export interface DraftPost {
  lang: string;
  /** The post, as Markdown with YAML front matter. */
  markdown: string;
  charts: DraftChart[];
  frontMatter: LocalizedPost['frontMatter'];
  /** Words of the section that receives slots a regenerated template no longer has. */
  orphanWords: OrphanWords;
  /** Every locale key the post looked up. */
  usedKeys: string[];
}

/** A fact of the post with its sentence in each language and the numbers it rests on (`draft --explain`). */
export interface DraftExplanation {
  fact: string;
  /** The fact's attributes in the template (name, thresholds, ranking…). */
  attributes: Record<string, string>;
  /** Template file and line:column of the `::fact`. */
  file: string;
  line?: number;
  column?: number;
  /** Language → sentence; absent where the data supports none. */
  sentences: Record<string, string>;
  evidence: EvidenceRow[];
}

export interface DraftResult {
  posts: DraftPost[];
  /** Every `::fact` of the template, in order; one its section or its own needs left out has no sentence and names the data it lacked. */
  explanations: DraftExplanation[];
  /** Bundle-relative file name → content, in a stable order. */
  files: Map<string, string>;
  /** Problems that did not stop the draft (for example a key taken from English). */
  warnings: Problem[];
  /** The template drafted with (`options.template`, default `overflow`); `writeDraft` remembers it in the bundle. */
  template: string;
}

/**
 * The one cast from the spec builders' loose objects to vega-lite's type. The builders write plain
 * object literals (`type: 'nominal'` widened to string, the locale's day names as `string[]` where
 * vega-lite wants a 7-tuple); typing each of them as vega-lite's would mean casts throughout
 * charts.ts. What they build is checked instead: every spec is compiled by vega-lite and rendered
 * (renderSvg, and the chart tests against the Vega-Lite JSON schema).
 */
const asTopLevelSpec = (spec: Record<string, unknown>): TopLevelSpec => spec as unknown as TopLevelSpec;

export const DEFAULT_LANGUAGES = ['en', 'ja'] as const;

export function draft(dataset: Dataset | unknown, options: DraftOptions = {}): Promise<DraftResult> {
  return draftReusing(dataset, options, {});
}

/** A post in one language, as far as it depends on the document and the locales alone. */
export interface PostDraft {
  post: LocalizedPost;
  markdown: string;
}

/**
 * What a caller that drafts again and again may keep between drafts (reuse.ts: an archive, a watch).
 * Each hook is handed the way to compute its value and may return one it kept instead, when every
 * input it depends on is unchanged. `draft()` keeps nothing.
 */
export interface DraftReuse {
  template?: (name: string, dir: string | undefined, registry: BlockRegistry) => Promise<Template>;
  locales?: (dir: string | undefined, registry: BlockRegistry) => Promise<LocaleSet>;
  document?: (inputs: { template: Template; dataset: Dataset; previous: PreviousPeriod | undefined }, build: () => DocumentTree) => DocumentTree;
  post?: (document: DocumentTree, lang: string, locales: LocaleSet, make: () => Promise<PostDraft>) => Promise<PostDraft>;
  /** `specText` is the spec as written to `<fileBase>.vl.json`. */
  svg?: (specText: string, render: () => Promise<string>) => Promise<string>;
}

/** `draft()`, with what `reuse` kept from earlier drafts. */
export async function draftReusing(dataset: Dataset | unknown, options: DraftOptions, reuse: DraftReuse): Promise<DraftResult> {
  // The registration is the build script's own code: said wrong before the data is looked at.
  const registry = blockRegistry(options.blocks);
  // A dataset straight from loadDataset/checkDataset was checked already; anything else is checked here.
  const checked = isCheckedDataset(dataset) ? dataset : checkDataset(dataset, options.datasetFile ?? '<dataset>');
  const [template, locales] = await Promise.all([
    (reuse.template ?? loadTemplate)(options.template ?? 'overflow', options.templatesDir, registry),
    (reuse.locales ?? loadLocaleLayers)(options.localesDir, registry),
  ]);
  const languages = options.languages ?? DEFAULT_LANGUAGES;
  const unknown = languages.filter((lang) => !Object.hasOwn(locales.resources, lang));
  if (unknown.length > 0 || languages.length === 0) {
    throw new ProblemsError('options', [problem({
      file: options.localesDir ?? SHIPPED_LOCALES,
      ruleId: 'unknown-language',
      reason: `expected languages with a locale folder (${Object.keys(locales.resources).sort().join(', ')}), found ${unknown.join(', ') || 'none'}${unknown.length > 0 && options.localesDir === undefined ? ` (a language of your own, as \`locales add\` writes it, is read with --locales <dir> or "locales" in telescope-report.config.json)` : ''}`,
    })]);
  }
  const previous = previousPeriod(checked, options);
  const build = () => buildDocument(template, checked, previous);
  const document = reuse.document ? reuse.document({ template, dataset: checked, previous }, build) : build();
  const posts: DraftPost[] = [];
  /** A custom block's charts: whatever vega throws while drawing one is the block's view's fault, not the tool's. */
  const customCharts = new Set<DraftChart>();
  const warnings: Problem[] = [
    ...templateWarnings(template, checked),
    ...(previous ? unmatchedRankings(checked, previous, options.previousFile ?? '<previous dataset>') : []),
    ...(previous ? totalConflict(checked, previous.dataset, options.datasetFile ?? '<dataset>', options.previousFile ?? '<previous dataset>') : []),
  ];
  const problems: Problem[] = [];
  const explanations: DraftExplanation[] = document.explanations.map((e) => ({
    fact: e.fact,
    attributes: e.attributes,
    file: document.file,
    ...(e.position ? { line: e.position.start.line, column: e.position.start.column } : {}),
    sentences: {},
    evidence: e.evidence,
  }));
  for (const lang of languages) {
    try {
      const make = async (): Promise<PostDraft> => {
        const post = localize(document, lang, locales);
        return { post, markdown: await toMarkdown(post) };
      };
      const { post, markdown } = await (reuse.post ? reuse.post(document, lang, locales, make) : make());
      post.explained.forEach((sentence, i) => {
        if (sentence !== '') explanations[i]!.sentences[lang] = sentence;
      });
      warnings.push(...post.warnings);
      const font = post.charts[0]?.font;
      if ((options.svg ?? true) && font !== undefined && !hasKnownMetrics(font)) {
        warnings.push(problem({
          file: join(options.localesDir ?? SHIPPED_LOCALES, lang, 'common.json'),
          ruleId: 'chart-font',
          fatal: false,
          reason: `expected "common:charts.font" to name first a font that chart text is measured in (${METRIC_FONT_FAMILIES.join(', ')}), found \`${font}\`: the SVGs are laid out with Arimo's widths`,
        }));
      }
      // A custom block's view is checked by vega-lite even when no SVG is drawn: said at the template's line.
      for (const chart of post.charts.filter((c) => c.kind === 'custom')) {
        const { compileProblems } = await import('./output/svg.js');
        for (const reason of await compileProblems(chartSpec(chart))) {
          problems.push(problem({ file: document.file, ruleId: 'block-output', place: chart.position?.start, reason: `expected a view vega-lite can compile for the chart "${chart.id}", found: ${reason}` }));
        }
      }
      posts.push({
        lang,
        markdown,
        orphanWords: post.orphanWords,
        usedKeys: post.usedKeys,
        charts: post.charts.map((chart) => {
          const drafted = { id: chart.id, fileBase: chart.fileBase, spec: specOf(chart) };
          if (chart.kind === 'custom') customCharts.add(drafted);
          return drafted;
        }),
        frontMatter: post.frontMatter,
      });
    } catch (error) {
      if (!(error instanceof ProblemsError)) throw error;
      problems.push(...error.problems);
    }
  }
  // A problem of the template or of a string every language shares is said once, not once a language.
  const once = [...new Map(problems.map((p) => [`${p.file}:${p.line}:${p.column} ${p.ruleId} ${p.reason}`, p])).values()];
  if (once.length > 0) throw new ProblemsError('locale', once);
  if (options.svg ?? true) {
    const { renderSvg, ChartRenderError, ChartWarningsError } = await import('./output/svg.js');
    for (const chart of posts.flatMap((post) => post.charts)) {
      try {
        const render = () => renderSvg(chart.spec);
        chart.svg = await (reuse.svg ? reuse.svg(specTextOf(chart.spec), render) : render());
      } catch (error) {
        // A chart vega cannot draw comes from the data, the locales or a custom block's view: a problem to report, not a crash.
        if (!(error instanceof ChartRenderError || error instanceof ChartWarningsError || customCharts.has(chart))) throw error;
        throw new ProblemsError('chart', [problem({ file: `${chart.fileBase}.svg`, ruleId: 'chart-render', reason: `expected a chart vega can draw, found an error: ${error instanceof Error ? error.message : String(error)}` })]);
      }
    }
  }
  const files = new Map<string, string>();
  for (const post of posts) {
    files.set(`index.${post.lang}.md`, post.markdown);
    for (const chart of post.charts) {
      files.set(`${chart.fileBase}.vl.json`, specTextOf(chart.spec));
      if (chart.svg !== undefined) files.set(`${chart.fileBase}.svg`, `${chart.svg}\n`);
    }
  }
  return { posts, files, warnings, explanations, template: options.template ?? 'overflow' };
}

/** Each localized chart's spec and the text of its `.vl.json`, made once: a post kept by `reuse` keeps its charts. */
const specs = new WeakMap<LocalizedChart, TopLevelSpec>();
const specTexts = new WeakMap<TopLevelSpec, string>();

function specOf(chart: LocalizedChart): TopLevelSpec {
  let spec = specs.get(chart);
  if (!spec) specs.set(chart, (spec = asTopLevelSpec(chartSpec(chart))));
  return spec;
}

function specTextOf(spec: TopLevelSpec): string {
  let text = specTexts.get(spec);
  if (text === undefined) specTexts.set(spec, (text = `${JSON.stringify(spec, null, 2)}\n`));
  return text;
}

const templateCache = new Map<string, Promise<Template>>();
const localeCache = new Map<string, Promise<LocaleSet>>();

/** Reads a template once per process: from `dir` when it has the file, else the shipped one. */
export function loadTemplate(name: string, dir?: string, registry: BlockRegistry = SHIPPED_BLOCKS): Promise<Template> {
  // A plain name, looked up in the template folders: never a path that leads out of them.
  if (!/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/.test(name)) {
    return Promise.reject(new ProblemsError('options', [problem({ file: dir ?? SHIPPED_TEMPLATES, ruleId: 'invalid-template-name', reason: `expected a template name: a letter or digit, then letters, digits, hyphens and underscores, found ${JSON.stringify(name)}` })]));
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
export async function readTemplate(name: string, dir: string | undefined, registry: BlockRegistry, parse = parseTemplate): Promise<Template> {
  // A folder that is not there is a mistake to report, not a reason to fall back on the shipped templates.
  const kind = dir === undefined ? 'folder' : await stat(dir).then((s) => (s.isDirectory() ? 'folder' : 'file'), () => 'nothing');
  if (dir !== undefined && kind !== 'folder') {
    throw new ProblemsError('options', [problem({ file: dir, ruleId: 'unreadable', reason: `expected a folder of templates (<name>.md files), found ${kind === 'file' ? 'a file' : 'nothing there'}` })]);
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
  throw new ProblemsError('template', [problem({ file: candidates[0]!, ruleId: 'unreadable', reason: `expected a template "${name}.md" (one of ${known.join(', ')}), found none in ${candidates.join(' or ')}${dir === undefined ? ' (a template of your own is found with --templates <dir>, or "templates" in telescope-report.config.json)' : ''}` })]);
}

/** The names of the templates in the shipped folder and in `dir`, sorted. */
export async function templateNames(dir?: string): Promise<string[]> {
  const names = new Set<string>();
  for (const folder of [SHIPPED_TEMPLATES, ...(dir ? [dir] : [])]) {
    for (const file of await readdir(folder).catch(() => [] as string[])) if (/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}\.md$/.test(file)) names.add(file.slice(0, -3));
  }
  return [...names].sort();
}

/** The locale folders in the order they are layered: the shipped ones, the blocks' words, the user's. */
export const localeLayers = (dir?: string, registry: BlockRegistry = SHIPPED_BLOCKS): string[] => [SHIPPED_LOCALES, ...(registry.localesDir ? [registry.localesDir] : []), ...(dir ? [dir] : [])];

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

/** The previous dataset, checked, after making sure it covers the period it is said to. */
function previousPeriod(dataset: Dataset, options: DraftOptions): PreviousPeriod | undefined {
  if (options.previous === undefined) return undefined;
  const file = options.previousFile ?? '<previous dataset>';
  const previous = isCheckedDataset(options.previous) ? options.previous : checkDataset(options.previous, file);
  const relation = options.previousRelation ?? 'quarter';
  if (relation !== 'quarter' && relation !== 'year') {
    throw new ProblemsError('options', [problem({ file, ruleId: 'invalid-option', reason: `expected previousRelation "quarter" or "year", found ${JSON.stringify(relation)}` })]);
  }
  const expected = earlierPeriod(dataset.period, relation);
  if (!samePeriod(previous.period, expected)) {
    const other = relation === 'quarter' ? 'year' : 'quarter';
    const fits = earlierPeriod(dataset.period, other);
    const hint = samePeriod(previous.period, fits) && !samePeriod(fits, expected) ? ` (it is ${other === 'year' ? 'the same quarter a year earlier' : 'the quarter before'}: say so with --previous-label ${other === 'year' ? 'year-earlier' : 'previous-period'})` : '';
    const name = periodName;
    const kind = periodKind(dataset.period);
    const wanted = kind === 'fiscalYear' ? 'the fiscal year before' : kind === 'year' ? 'the year before' : relation === 'quarter' ? 'the quarter before' : 'the same quarter a year before';
    throw new ProblemsError('options', [problem({
      file,
      ruleId: 'previous-period',
      reason: `expected ${wanted} ${name(dataset.period)}, ${name(expected)}, found ${name(previous.period)}${hint}`,
    })]);
  }
  return { dataset: previous, relation };
}

/** A --previous that compares nothing, or leaves a ranking out, is said so: its column would silently not be there. */
function unmatchedRankings(dataset: Dataset, previous: PreviousPeriod, file: string): Problem[] {
  if (dataset.rankings.length === 0) {
    // The previous total is what the period's total is compared with (period-total): then --previous changes that.
    if (dataset.total && previous.dataset.total) return [];
    return [problem({ file, ruleId: 'previous-unmatched', fatal: false, reason: 'expected rankings in the dataset, or a total in both datasets, to compare with the previous one, found neither: --previous changes nothing' })];
  }
  return dataset.rankings.filter((ranking) => !previous.dataset.rankings.some((before) => sameRanking(ranking, before))).map((ranking) => problem({
    file,
    ruleId: 'previous-unmatched',
    fatal: false,
    reason: `expected a ranking "${ranking.id}" of the same subject and scope in the previous dataset, found none: its previous ranks come only from the dataset itself, if it gives any`,
  }));
}
