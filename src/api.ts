/**
 * What the commands do, as calls with typed results, for build scripts:
 * `writeDraft` (the writing half of `draft`), `check`, `checkLocales`
 * (`locales check`) and `localesStatus` (`locales status`). Each loads the
 * templates and locales as its command does; the commands print these results.
 * Bad input throws a `ProblemsError` whose `problems` name file, place,
 * what was expected and what was found.
 */
import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { checkDrift, checkPost, type PostSummary } from './check/check.js';
import { checkEdits, type BundlePost } from './check/edits.js';
import { auditDescriptions, type KeyToTranslate } from './check/descriptions.js';
import { auditLocales, localeStatus, readLocaleEntries, type LocaleStatusRow } from './check/locales.js';
import { languagePatterns } from './check/patterns.js';
import { loadLocaleLayers, loadTemplate, localeLayers, templateNames } from './inputs.js';
import { blockRegistry, type Blocks } from './document/blocks.js';
import { readDescriptions } from './localize/descriptions.js';
import { promptLabel } from './localize/translator.js';
import { problem, ProblemsError, sortProblems, type Problem } from './messages.js';
import { readBundleWhole, type WriteBundleResult } from './output/bundle.js';
import { readExistingPost } from './output/existing.js';
import { pageHtml, type PreviewPost } from './output/preview.js';
import { readPreview } from './preview-page.js';
import { bundleTemplate, SIDECAR_DIR } from './output/sidecar.js';
import { isProblem } from './text-file.js';

export type { KeyToTranslate, LocaleStatusRow, PreviewPost, WriteBundleResult };

export { draftedTemplate, writeDraft, type WriteDraftOptions } from './output/write-draft.js';

/** One finding of `check`: the same fields `check --format json` prints. */
export interface CheckFinding {
  file: string;
  line: number | null;
  column: number | null;
  /** `info`: an edit a regeneration keeps, shown but not keeping the draft from being ready. */
  severity: 'info' | 'warning';
  ruleId: string | undefined;
  message: string;
}

export interface CheckOptions {
  /** The custom blocks the templates use (`--blocks`): a template using one cannot be read without them. */
  blocks?: Blocks;
  /** A folder of locales layered over the shipped ones (`--locales`). */
  locales?: string;
  /** A folder of templates consulted before the shipped ones (`--templates`). */
  templates?: string;
  /** The template to check against; default: the one each bundle was drafted with (`--template`). */
  template?: string;
}

export interface CheckResult {
  /** Sorted by file and place, as `check` prints them. */
  findings: CheckFinding[];
  /** The same findings as positioned messages (vfile's VFileMessage), for `formatProblem`. */
  problems: Problem[];
  /** The posts checked. */
  posts: string[];
  /** No finding but notes: what `check` reports as `✔ …: ready` (exit 0). */
  ready: boolean;
  /** Notices about drafts interrupted while writing, which check completed or undid first (`check` prints them on stderr). */
  notices: Problem[];
}

const POST = /^index\.([A-Za-z-]+)\.md$/;

/** `telescope-report check <target>`: a post file, a bundle folder, or a folder of bundles. */
export async function check(target: string, options: CheckOptions = {}): Promise<CheckResult> {
  const notices: Problem[] = [];
  const bundles = await readBundles(target, notices);
  const registry = blockRegistry(options.blocks);
  const locales = await loadLocaleLayers(options.locales, registry);
  // Each bundle is checked against the template it was drafted with (its manifest says), unless options.template says otherwise.
  const slotsOf = async (name: string) => {
    const template = await loadTemplate(name, options.templates, registry);
    return new Set(
      [...template.elements].flatMap(([id, e]) =>
        e.directive === 'commentary' ? [`commentary:${id}`] : e.directive === 'figure' ? [`figure:${id}`] : [],
      ),
    );
  };
  const found: Problem[] = [];
  for (const bundle of bundles) {
    const knownSlots = await slotsOf(options.template ?? (await bundleTemplate(bundle.dir)) ?? 'overflow');
    const summaries: PostSummary[] = [];
    for (const post of bundle.posts) {
      const lang = Object.hasOwn(locales.resources, post.lang) ? post.lang : 'en';
      const result = await checkPost(post, languagePatterns(lang, locales, promptLabel(lang, locales)), knownSlots);
      found.push(...result.findings);
      summaries.push(result.summary);
    }
    found.push(...checkDrift(summaries), ...bundle.edits);
  }
  const problems = sortProblems(found);
  const findings = problems.map(
    (p): CheckFinding => ({
      file: p.file ?? target,
      line: p.line ?? null,
      column: p.column ?? null,
      severity: p.fatal === undefined ? 'info' : 'warning',
      ruleId: p.ruleId,
      message: p.reason,
    }),
  );
  return {
    findings,
    problems,
    posts: bundles.flatMap((b) => b.posts.map((p) => p.file)),
    ready: findings.every((f) => f.severity === 'info'),
    notices,
  };
}

interface Bundle {
  dir: string;
  posts: (BundlePost & { lang: string })[];
  /** Edits outside the slots and conflict markers, judged against the sidecar while it was locked. */
  edits: Problem[];
}

const SKIPPED_FOLDERS = new Set(['node_modules', SIDECAR_DIR]);

/** The bundles at `target`: a post file, a bundle folder, or a folder of bundles (Hugo's content/posts). */
async function readBundles(target: string, notices: Problem[]): Promise<Bundle[]> {
  const unreadable = (reason: string) => new ProblemsError('post', [problem({ file: target, ruleId: 'unreadable', reason })]);
  const info = await stat(target).catch(() => undefined);
  if (!info) throw unreadable('expected a bundle directory or a post file, found no such path');
  const folders: { dir: string; names: string[] }[] = [];
  if (info.isDirectory()) {
    const walk = async (dir: string, depth: number) => {
      const entries = await readdir(dir, { withFileTypes: true });
      const names = entries
        .filter((e) => POST.test(e.name))
        .map((e) => e.name)
        .sort();
      if (names.length > 0) folders.push({ dir, names });
      else if (depth < 8) {
        for (const entry of entries
          .filter((e) => e.isDirectory() && !e.name.startsWith('.') && !SKIPPED_FOLDERS.has(e.name))
          .sort((a, b) => a.name.localeCompare(b.name))) {
          await walk(join(dir, entry.name), depth + 1);
        }
      }
    };
    await walk(target, 0);
  } else folders.push({ dir: dirname(target), names: [basename(target)] });
  if (folders.length === 0) throw unreadable('expected index.<lang>.md files in the bundle or in bundles below it, found none');
  const bundles: Bundle[] = [];
  for (const { dir, names } of folders) {
    // Read whole, never halfway through a draft's writing; a draft killed while writing is completed (or undone) first, as draft would.
    const { value, notices: recovered } = await readBundleWhole(dir, async () => {
      const posts = await Promise.all(
        names.map(async (name) => ({
          name,
          file: join(dir, name),
          lang: POST.exec(name)?.[1] ?? 'en',
          markdown: await readPost(join(dir, name)),
        })),
      );
      return { dir, posts, edits: await checkEdits(dir, posts) };
    });
    notices.push(...recovered);
    bundles.push(value);
  }
  return bundles;
}

async function readPost(file: string): Promise<string> {
  const post = await readExistingPost(file);
  if (post === undefined)
    throw new ProblemsError('post', [problem({ file, ruleId: 'unreadable', reason: 'expected a post, found no such file' })]);
  if (isProblem(post)) throw new ProblemsError('post', [post]);
  return post.text;
}

export interface LocalesOptions {
  /** Custom blocks (`--blocks`): their locales are audited with the others, and each key they declare is wanted in every language. */
  blocks?: Blocks;
  /** A folder of locales layered over the shipped ones, key by key (`--locales`). */
  locales?: string;
  /** A folder of templates consulted before the shipped ones (`--templates`). */
  templates?: string;
  /** Audit against this template only; default: every template, shipped and the user's (`--template`). */
  template?: string;
}

export interface LocalesCheckResult {
  /** Sorted by file and place; `fatal: true` marks the errors that `draft` refuses, the others are warnings. */
  findings: Problem[];
  /** How many findings are errors. */
  errors: number;
  /** The languages audited. */
  languages: string[];
}

/** `telescope-report locales check`: the locales audited against English and the templates. */
export async function checkLocales(options: LocalesOptions = {}): Promise<LocalesCheckResult> {
  const registry = blockRegistry(options.blocks);
  const dirs = localeLayers(options.locales, registry);
  // One after the other: when both are broken, the locale files' problems are the ones reported.
  const { entries, folders } = await readLocaleEntries(dirs);
  const descriptions = await readDescriptions(dirs);
  const all = await Promise.all((await templateNames(options.templates)).map((name) => loadTemplate(name, options.templates, registry)));
  const templates = options.template ? [await loadTemplate(options.template, options.templates, registry)] : all;
  const findings = sortProblems([
    ...auditLocales(entries, folders, templates, all, registry),
    ...auditDescriptions(entries, descriptions, dirs),
  ]);
  return { findings, errors: findings.filter((f) => f.fatal).length, languages: [...entries.keys()].sort() };
}

export interface LocalesStatusOptions extends Pick<LocalesOptions, 'locales' | 'blocks'> {
  /** Each row also lists the keys still to translate, with English's text and description (`--verbose`). */
  verbose?: boolean;
}

/** `telescope-report locales status`: per language, how many of English's keys it translates (English first). */
export async function localesStatus(options: LocalesStatusOptions = {}): Promise<LocaleStatusRow[]> {
  const dirs = localeLayers(options.locales, blockRegistry(options.blocks));
  const { entries } = await readLocaleEntries(dirs);
  return localeStatus(entries, options.verbose ? await readDescriptions(dirs) : undefined);
}

export interface PreviewHtmlOptions {
  /** A folder of locales layered over the shipped ones (`--locales`): their prompt labels tell an untouched slot. */
  locales?: string;
  /** Where the bundle is, seen from the folder the page will be written to (default: the same folder). */
  imageBase?: string;
}

/** `telescope-report preview`'s page, as HTML text (written nowhere): `buildPreview` with the prompt labels of the locales. */
export async function previewHtml(bundleDir: string, options: PreviewHtmlOptions = {}): Promise<string> {
  return (await previewPage(bundleDir, options)).html;
}

export interface PreviewPage {
  /** The page, as `previewHtml` returns it. */
  html: string;
  /** Each language's column: its title and its unfinished slots (what `preview --format json` prints). */
  posts: PreviewPost[];
  /** Drafts found interrupted while writing, completed or undone before the bundle was read (`preview` prints them on stderr). */
  notices: Problem[];
}

/** `previewHtml`, with what the page shows. The bundle is read whole, under its lock, as `check` reads it. */
export async function previewPage(bundleDir: string, options: PreviewHtmlOptions = {}): Promise<PreviewPage> {
  const { parts, posts, notices } = await readPreview(bundleDir, options);
  return { html: pageHtml(parts).html, posts, notices };
}
