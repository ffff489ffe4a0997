/**
 * The whole pipeline, each stage called here in turn: dataset → analysis →
 * document → localize → output. `draft()` computes every file in memory and
 * writes nothing.
 */
import { join } from 'node:path';
import { analyse, sameRanking, type PreviousPeriod } from './analysis/index.js';
import { checkDataset, earlierPeriod, isCheckedDataset, type Dataset } from './dataset/index.js';
import { periodKind, periodName, samePeriod } from './dataset/period.js';
import { buildDocument } from './document/build.js';
import { blockRegistry, type BlockRegistry, type Blocks } from './document/blocks.js';
import type { Template } from './document/template.js';
import { totalConflict } from './document/total-facts.js';
import { templateWarnings } from './document/template-warnings.js';
import type { EvidenceRow } from './document/fact-types.js';
import type { DocumentTree } from './document/nodes.js';
import type { LocaleSet } from './localize/locales.js';
import { localize, type LocalizedChart, type LocalizedPost } from './localize/localize.js';
import { problem, ProblemsError, type Problem } from './messages.js';
import type { TopLevelSpec } from 'vega-lite';
import { chartSpec } from './output/charts.js';
import { hasKnownMetrics, METRIC_FONT_FAMILIES } from './output/font-stack.js';
import { toMarkdown } from './output/markdown.js';
import type { OrphanWords } from './output/regenerate.js';
import { loadLocaleLayers, loadTemplate, SHIPPED_LOCALES } from './inputs.js';

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
  document?: (
    inputs: { template: Template; dataset: Dataset; previous: PreviousPeriod | undefined },
    build: () => DocumentTree,
  ) => DocumentTree;
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
  const languages = draftedLanguages(options, locales);
  const previous = previousPeriod(checked, options);

  const build = () => buildDocument(template, checked, analyse(checked, template.limits, previous));
  const document = reuse.document ? reuse.document({ template, dataset: checked, previous }, build) : build();
  const warnings: Problem[] = [...templateWarnings(template, checked), ...(previous ? previousWarnings(checked, previous, options) : [])];
  const explanations = explanationsOf(document);
  const posts: DraftPost[] = [];
  /** A custom block's charts: whatever vega throws while drawing one is the block's view's fault, not the tool's. */
  const customCharts = new Set<DraftChart>();
  const problems: Problem[] = [];
  // A language at a time, localized then written out: a problem of one language does not hide another's.
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
      warnings.push(...post.warnings, ...chartFontWarnings(post, options));
      problems.push(...(await customViewProblems(post, document.file)));
      posts.push(draftPost(post, markdown, customCharts));
    } catch (error) {
      if (!(error instanceof ProblemsError)) throw error;
      problems.push(...error.problems);
    }
  }
  // A problem of the template or of a string every language shares is said once, not once a language.
  const once = [...new Map(problems.map((p) => [`${p.file}:${p.line}:${p.column} ${p.ruleId} ${p.reason}`, p])).values()];
  if (once.length > 0) throw new ProblemsError('locale', once);
  if (options.svg ?? true) await renderSvgs(posts, customCharts, reuse);
  return { posts, files: bundleFiles(posts), warnings, explanations, template: options.template ?? 'overflow' };
}

/** The languages asked for, each of which must have a locale folder. */
function draftedLanguages(options: DraftOptions, locales: LocaleSet): readonly string[] {
  const languages = options.languages ?? DEFAULT_LANGUAGES;
  const unknown = languages.filter((lang) => !Object.hasOwn(locales.resources, lang));
  if (unknown.length > 0 || languages.length === 0) {
    throw new ProblemsError('options', [
      problem({
        file: options.localesDir ?? SHIPPED_LOCALES,
        ruleId: 'unknown-language',
        reason: `expected languages with a locale folder (${Object.keys(locales.resources).sort().join(', ')}), found ${unknown.join(', ') || 'none'}${unknown.length > 0 && options.localesDir === undefined ? ` (a language of your own, as \`locales add\` writes it, is read with --locales <dir> or "locales" in telescope-report.config.json)` : ''}`,
      }),
    ]);
  }
  return languages;
}

/** Every fact of the document, its sentences to be filled in language by language. */
const explanationsOf = (document: DocumentTree): DraftExplanation[] =>
  document.explanations.map((e) => ({
    fact: e.fact,
    attributes: e.attributes,
    file: document.file,
    ...(e.position ? { line: e.position.start.line, column: e.position.start.column } : {}),
    sentences: {},
    evidence: e.evidence,
  }));

/** A chart font whose widths are unknown is drawn with Arimo's: said, since labels may then not fit. */
function chartFontWarnings(post: LocalizedPost, options: DraftOptions): Problem[] {
  const font = post.charts[0]?.font;
  if (!(options.svg ?? true) || font === undefined || hasKnownMetrics(font)) return [];
  return [
    problem({
      file: join(options.localesDir ?? SHIPPED_LOCALES, post.lang, 'common.json'),
      ruleId: 'chart-font',
      fatal: false,
      reason: `expected "common:charts.font" to name first a font that chart text is measured in (${METRIC_FONT_FAMILIES.join(', ')}), found \`${font}\`: the SVGs are laid out with Arimo's widths`,
    }),
  ];
}

/** A custom block's view is checked by vega-lite even when no SVG is drawn: said at the template's line. */
async function customViewProblems(post: LocalizedPost, file: string): Promise<Problem[]> {
  const problems: Problem[] = [];
  for (const chart of post.charts.filter((c) => c.kind === 'custom')) {
    const { compileProblems } = await import('./output/svg.js');
    for (const reason of await compileProblems(chartSpec(chart))) {
      problems.push(
        problem({
          file,
          ruleId: 'block-output',
          place: chart.position?.start,
          reason: `expected a view vega-lite can compile for the chart "${chart.id}", found: ${reason}`,
        }),
      );
    }
  }
  return problems;
}

/** One language's post as Markdown and chart specs; its custom charts are added to `customCharts`. */
function draftPost(post: LocalizedPost, markdown: string, customCharts: Set<DraftChart>): DraftPost {
  return {
    lang: post.lang,
    markdown,
    orphanWords: post.orphanWords,
    usedKeys: post.usedKeys,
    charts: post.charts.map((chart) => {
      const drafted = { id: chart.id, fileBase: chart.fileBase, spec: specOf(chart) };
      if (chart.kind === 'custom') customCharts.add(drafted);
      return drafted;
    }),
    frontMatter: post.frontMatter,
  };
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

/** Draws every chart (vega loads only here). */
async function renderSvgs(posts: readonly DraftPost[], customCharts: ReadonlySet<DraftChart>, reuse: DraftReuse): Promise<void> {
  const { renderSvg, ChartRenderError, ChartWarningsError } = await import('./output/svg.js');
  for (const chart of posts.flatMap((post) => post.charts)) {
    try {
      const render = () => renderSvg(chart.spec);
      chart.svg = await (reuse.svg ? reuse.svg(specTextOf(chart.spec), render) : render());
    } catch (error) {
      // A chart vega cannot draw comes from the data, the locales or a custom block's view: a problem to report, not a crash.
      if (!(error instanceof ChartRenderError || error instanceof ChartWarningsError || customCharts.has(chart))) throw error;
      throw new ProblemsError('chart', [
        problem({
          file: `${chart.fileBase}.svg`,
          ruleId: 'chart-render',
          reason: `expected a chart vega can draw, found an error: ${error instanceof Error ? error.message : String(error)}`,
        }),
      ]);
    }
  }
}

/** Bundle-relative file name → content: each post, then its charts' specs and drawings. */
function bundleFiles(posts: readonly DraftPost[]): Map<string, string> {
  const files = new Map<string, string>();
  for (const post of posts) {
    files.set(`index.${post.lang}.md`, post.markdown);
    for (const chart of post.charts) {
      files.set(`${chart.fileBase}.vl.json`, specTextOf(chart.spec));
      if (chart.svg !== undefined) files.set(`${chart.fileBase}.svg`, `${chart.svg}\n`);
    }
  }
  return files;
}

/** The previous dataset, checked, after making sure it covers the period it is said to. */
function previousPeriod(dataset: Dataset, options: DraftOptions): PreviousPeriod | undefined {
  if (options.previous === undefined) return undefined;
  const file = options.previousFile ?? '<previous dataset>';
  const previous = isCheckedDataset(options.previous) ? options.previous : checkDataset(options.previous, file);
  const relation = options.previousRelation ?? 'quarter';
  if (relation !== 'quarter' && relation !== 'year') {
    throw new ProblemsError('options', [
      problem({
        file,
        ruleId: 'invalid-option',
        reason: `expected previousRelation "quarter" or "year", found ${JSON.stringify(relation)}`,
      }),
    ]);
  }
  const expected = earlierPeriod(dataset.period, relation);
  if (!samePeriod(previous.period, expected)) {
    const other = relation === 'quarter' ? 'year' : 'quarter';
    const fits = earlierPeriod(dataset.period, other);
    const hint =
      samePeriod(previous.period, fits) && !samePeriod(fits, expected)
        ? ` (it is ${other === 'year' ? 'the same quarter a year earlier' : 'the quarter before'}: say so with --previous-label ${other === 'year' ? 'year-earlier' : 'previous-period'})`
        : '';
    const name = periodName;
    const kind = periodKind(dataset.period);
    const wanted =
      kind === 'fiscalYear'
        ? 'the fiscal year before'
        : kind === 'year'
          ? 'the year before'
          : relation === 'quarter'
            ? 'the quarter before'
            : 'the same quarter a year before';
    throw new ProblemsError('options', [
      problem({
        file,
        ruleId: 'previous-period',
        reason: `expected ${wanted} ${name(dataset.period)}, ${name(expected)}, found ${name(previous.period)}${hint}`,
      }),
    ]);
  }
  return { dataset: previous, relation };
}

/** What the previous dataset leaves out or contradicts: its rankings that match none, a total that disagrees. */
function previousWarnings(dataset: Dataset, previous: PreviousPeriod, options: DraftOptions): Problem[] {
  const file = options.previousFile ?? '<previous dataset>';
  return [
    ...unmatchedRankings(dataset, previous, file),
    ...totalConflict(dataset, previous.dataset, options.datasetFile ?? '<dataset>', file),
  ];
}

/** A --previous that compares nothing, or leaves a ranking out, is said so: its column would silently not be there. */
function unmatchedRankings(dataset: Dataset, previous: PreviousPeriod, file: string): Problem[] {
  if (dataset.rankings.length === 0) {
    // The previous total is what the period's total is compared with (period-total): then --previous changes that.
    if (dataset.total && previous.dataset.total) return [];
    return [
      problem({
        file,
        ruleId: 'previous-unmatched',
        fatal: false,
        reason:
          'expected rankings in the dataset, or a total in both datasets, to compare with the previous one, found neither: --previous changes nothing',
      }),
    ];
  }
  return dataset.rankings
    .filter((ranking) => !previous.dataset.rankings.some((before) => sameRanking(ranking, before)))
    .map((ranking) =>
      problem({
        file,
        ruleId: 'previous-unmatched',
        fatal: false,
        reason: `expected a ranking "${ranking.id}" of the same subject and scope in the previous dataset, found none: its previous ranks come only from the dataset itself, if it gives any`,
      }),
    );
}
