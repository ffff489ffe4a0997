import { basename, dirname, resolve } from 'node:path';
import { loadDataset } from '../dataset/index.js';
import { draftReusing, type DraftOptions } from '../draft.js';
import { clearCaches, SHIPPED_LOCALES, SHIPPED_TEMPLATES } from '../inputs.js';
import { DraftCache } from '../reuse.js';
import { printable, DatasetError, ProblemsError, type Problem } from '../messages.js';
import { draftedTemplate, writeDraft } from '../output/write-draft.js';
import { isDescriptionFile } from '../localize/locales.js';
import { formatExplanations } from './explain.js';
import { watchFiles, untilStopped, type WatchTarget } from '../watch.js';
import { EXIT, UsageError, formatOf, parseCommandArgs, printJson, problemRow, reportError, shownPath } from './io.js';
import { styledProblem } from './style.js';
import { DRAFT } from './options.js';
import { loadBlocksModule } from './blocks.js';
import { blockRegistry } from '../document/blocks.js';

interface DraftArguments {
  file: string;
  /** The previous period's dataset, read afresh on every run like the dataset itself. */
  previous?: string;
  out: string;
  force: boolean;
  conflictMarkers: boolean;
  /** Print each fact with its sentences and numbers after writing. */
  explain: boolean;
  /** List each key taken from English instead of one line per language. */
  verbose: boolean;
  json: boolean;
  /** The module of custom blocks (`--blocks`), imported afresh on every run while watching. */
  blocks?: string;
  options: DraftOptions;
}

/** `--lang en,ja`: each language once, in the order given; none at all is a mistake, not "every language". */
function languagesOf(list: string): string[] {
  const languages = [
    ...new Set(
      list
        .split(',')
        .map((l) => l.trim())
        .filter(Boolean),
    ),
  ];
  if (languages.length === 0)
    throw new UsageError(`--lang takes languages separated by commas, such as en,ja, found ${JSON.stringify(list)}`);
  return languages;
}

export async function draftCommand(args: string[]): Promise<number> {
  const parsed = parseCommandArgs(args, DRAFT);
  const { values, positionals } = parsed;
  if (positionals.length !== 1) throw new UsageError('draft takes exactly one dataset file');
  if (!values.out) throw new UsageError('draft needs --out <dir>');
  const label = values['previous-label'];
  // previous-quarter was the option's first name: it stays, as another name for previous-period.
  if (label !== undefined && !['previous-period', 'previous-quarter', 'year-earlier'].includes(label))
    throw new UsageError(`--previous-label takes previous-period (or its older name previous-quarter) or year-earlier, found ${label}`);
  if (label !== undefined && values.previous === undefined)
    throw new UsageError('--previous-label says what the --previous dataset is: give --previous <dataset> too');
  const json = formatOf(values) === 'json';
  if (json && values.watch) throw new UsageError('--format json prints one result: it does not go with --watch');
  if (json && values.explain) throw new UsageError('--explain prints text: it does not go with --format json');
  const run: DraftArguments = {
    file: positionals[0]!,
    ...(values.previous ? { previous: values.previous } : {}),
    out: values.out,
    force: values.force ?? false,
    conflictMarkers: values['conflict-markers'] ?? false,
    explain: values.explain ?? false,
    verbose: values.verbose ?? false,
    json,
    ...(values.blocks ? { blocks: values.blocks } : {}),
    options: {
      datasetFile: positionals[0]!,
      svg: !values['no-svg'],
      ...(values.lang !== undefined ? { languages: languagesOf(values.lang) } : {}),
      ...(values.templates ? { templatesDir: values.templates } : {}),
      ...(values.locales ? { localesDir: values.locales } : {}),
      ...(values.template ? { template: values.template } : {}),
      ...(values.previous ? { previousFile: values.previous } : {}),
      ...(label === 'year-earlier' ? { previousRelation: 'year' as const } : {}),
    },
  };
  // Drafting a bundle again without --template keeps the template it was drafted with.
  if (!values.template) {
    const remembered = await draftedTemplate(run.out);
    if (remembered) run.options = { ...run.options, template: remembered };
  }
  if (!values.watch) {
    await draftOnce(run);
    return EXIT.ok;
  }
  return watchAndDraft(run);
}

/** `cache`: what a watch keeps from one draft to the next (reuse.ts); the blocks' module is then imported afresh. */
async function draftOnce(run: DraftArguments, cache?: DraftCache): Promise<number> {
  const load = cache ? (file: string) => cache.loadDataset(file) : loadDataset;
  // Both files read before either's problems are reported, so that one run names all of them.
  const [read, readPrevious] = await Promise.allSettled([
    load(run.file),
    run.previous === undefined ? Promise.resolve(undefined) : load(run.previous),
  ]);
  const failed = [read, readPrevious].flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
  if (failed.length === 2 && failed.every((e) => e instanceof DatasetError))
    throw new DatasetError(failed.flatMap((e) => (e as DatasetError).problems));
  if (failed.length > 0) throw failed[0];
  const dataset = (read as PromiseFulfilledResult<Awaited<ReturnType<typeof loadDataset>>>).value;
  const previous = (readPrevious as PromiseFulfilledResult<Awaited<ReturnType<typeof loadDataset>> | undefined>).value;
  const blocks = run.blocks === undefined ? undefined : await loadBlocksModule(run.blocks, cache !== undefined);
  const result = await draftReusing(
    dataset,
    { ...run.options, ...(previous ? { previous } : {}), ...(blocks ? { blocks } : {}) },
    cache ?? {},
  );
  const bundle = await writeDraft(result, run.out, { force: run.force, conflictMarkers: run.conflictMarkers });
  if (run.json) {
    printJson({
      out: run.out,
      languages: result.posts.map((p) => p.lang),
      written: bundle.written,
      removed: bundle.removed,
      backups: bundle.backups,
      warnings: [...result.warnings, ...bundle.warnings].map(problemRow),
    });
    return bundle.written.length;
  }
  for (const line of warningLines(result.warnings, run.verbose)) process.stderr.write(`${line}\n`);
  for (const warning of bundle.warnings) process.stderr.write(`${styledProblem(process.stderr, warning)}\n`);
  for (const backup of bundle.backups) process.stdout.write(`${printable(`backed up to ${backup}`)}\n`);
  for (const removed of bundle.removed) process.stdout.write(`${printable(`removed ${removed} (no longer generated)`)}\n`);
  process.stdout.write(
    `${printable(`wrote ${bundle.written.length} file${bundle.written.length === 1 ? '' : 's'} to ${run.out} (${result.posts.map((p) => p.lang).join(', ')})`)}\n`,
  );
  if (run.explain)
    process.stdout.write(
      `\n${formatExplanations(
        result.explanations,
        result.posts.map((p) => p.lang),
      )}`,
    );
  return bundle.written.length;
}

const TAKEN_FROM_ENGLISH = /^expected "[^"]+" in (\S+), found it only in /;

/**
 * The draft's warnings as printed: a language's keys taken from English (missing-translation) are one
 * line, "ko: 62 keys taken from English (--verbose lists them)", unless `verbose` asks for each.
 */
function warningLines(warnings: readonly Problem[], verbose: boolean): string[] {
  const lines: string[] = [];
  const taken = new Map<string, number>();
  for (const warning of warnings) {
    const lang = warning.ruleId === 'missing-translation' ? TAKEN_FROM_ENGLISH.exec(warning.reason)?.[1] : undefined;
    if (lang !== undefined && !verbose) taken.set(lang, (taken.get(lang) ?? 0) + 1);
    else lines.push(styledProblem(process.stderr, warning));
  }
  for (const [lang, count] of taken)
    lines.push(printable(`${lang}: ${count} key${count === 1 ? '' : 's'} taken from English (--verbose lists them)`));
  return lines;
}

/** Rebuilds whenever the dataset, a locale file or a template changes, until interrupted. */
async function watchAndDraft(run: DraftArguments): Promise<number> {
  const out = resolve(run.out);
  const cache = new DraftCache();
  const rebuild = async (reason: string) => {
    const started = performance.now();
    clearCaches();
    try {
      await draftOnce(run, cache);
      process.stdout.write(`${printable(`rebuilt in ${Math.round(performance.now() - started)} ms (${reason})`)}\n`);
    } catch (error) {
      // A watch outlives one failed draft, a failure of ours included: it is said, and the next change tried.
      if (error instanceof ProblemsError) reportError(error);
      else
        process.stderr.write(
          `${printable(`telescope-report: drafting failed unexpectedly (${error instanceof Error ? error.message.split('\n')[0] : String(error)}); run draft without --watch to see where`)}\n`,
        );
      process.stderr.write('waiting for the next change…\n');
    } finally {
      cache.endRun();
    }
  };
  await rebuild('start');

  // The draft's own output is never a reason to draft again.
  const ours = (dir: string, name: string) => resolve(dir, name).startsWith(`${out}/`);
  const file = (path: string): WatchTarget => ({
    dir: dirname(resolve(path)),
    recursive: false,
    accept: (name) => name === basename(path) && !ours(dirname(resolve(path)), name),
  });
  const tree = (dir: string, accept: (name: string) => boolean): WatchTarget => ({
    dir,
    recursive: true,
    accept: (name) => accept(name) && !ours(dir, name),
  });
  const blocksLocales =
    run.blocks === undefined
      ? undefined
      : await loadBlocksModule(run.blocks).then(
          (blocks) => blockRegistry(blocks).localesDir,
          () => undefined,
        );
  const targets: WatchTarget[] = [
    file(run.file),
    ...(run.previous === undefined ? [] : [file(run.previous)]),
    ...[SHIPPED_LOCALES, run.options.localesDir]
      .filter((d): d is string => d !== undefined)
      .map((dir) => tree(dir, (name) => name.endsWith('.json') && !isDescriptionFile(name))),
    ...[SHIPPED_TEMPLATES, run.options.templatesDir]
      .filter((d): d is string => d !== undefined)
      .map((dir) => tree(dir, (name) => name.endsWith('.md'))),
    // The blocks' module (not what it imports: Node keeps those loaded) and their words.
    ...(run.blocks === undefined ? [] : [file(run.blocks)]),
    ...(blocksLocales === undefined ? [] : [tree(blocksLocales, (name) => name.endsWith('.json'))]),
  ];
  const watcher = watchFiles(targets, (changed) => rebuild(`changed: ${changed.map(shownPath).join(', ')}`));
  process.stdout.write(`${printable(`watching ${targets.map((t) => shownPath(t.dir)).join(', ')}; Ctrl-C to stop`)}\n`);
  await untilStopped();
  await watcher.close();
  return EXIT.ok;
}
