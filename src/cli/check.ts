import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { checkDrift, checkPost, type PostSummary } from '../check/check.js';
import { checkEdits, type BundlePost } from '../check/edits.js';
import { readExistingPost } from '../output/existing.js';
import { recoveryNotices } from '../output/bundle.js';
import { lockBundle } from '../output/lock.js';
import { SIDECAR_DIR, sidecarPath } from '../output/sidecar.js';
import { recoverBundle } from '../output/transaction.js';
import { languagePatterns } from '../check/patterns.js';
import { loadLocaleLayers, loadTemplate } from '../draft.js';
import { promptLabel } from '../localize/translator.js';
import { printable, formatProblem, problem, ProblemsError, sortProblems, type Problem } from '../messages.js';
import { isProblem } from '../text-file.js';
import { bundleTemplate } from '../output/sidecar.js';
import { EXIT, UsageError, parseCommandArgs } from './io.js';
import { CHECK } from './options.js';

const POST = /^index\.([A-Za-z-]+)\.md$/;

export async function checkCommand(args: string[]): Promise<number> {
  const parsed = parseCommandArgs(args, CHECK);
  const { values, positionals } = parsed;
  if (positionals.length !== 1) throw new UsageError('check takes exactly one bundle directory, folder of bundles, or post file');
  if (values.format !== 'text' && values.format !== 'json') throw new UsageError(`--format takes text or json, found ${values.format}`);
  const bundles = await readBundles(positionals[0]!);
  const locales = await loadLocaleLayers(values.locales);
  // Each bundle is checked against the template it was drafted with (its manifest says), unless --template says otherwise.
  const slotsOf = async (name: string) => {
    const template = await loadTemplate(name, values.templates);
    return new Set([...template.elements].flatMap(([id, e]) => (e.directive === 'commentary' ? [`commentary:${id}`] : e.directive === 'figure' ? [`figure:${id}`] : [])));
  };

  const findings: Problem[] = [];
  for (const bundle of bundles) {
    const knownSlots = await slotsOf(values.template ?? (await bundleTemplate(bundle.dir)) ?? 'overflow');
    const summaries: PostSummary[] = [];
    for (const post of bundle.posts) {
      const lang = Object.hasOwn(locales.resources, post.lang) ? post.lang : 'en';
      const result = await checkPost(post, languagePatterns(lang, locales, promptLabel(lang, locales)), knownSlots);
      findings.push(...result.findings);
      summaries.push(result.summary);
    }
    findings.push(...checkDrift(summaries), ...bundle.edits);
  }
  const sorted = sortProblems(findings);
  // Notes (edits a regeneration keeps) are shown but do not keep a draft from being ready.
  const faults = sorted.filter((p) => p.fatal !== undefined);
  const posts = bundles.flatMap((b) => b.posts);
  if (values.format === 'json') {
    const rows = sorted.map((p) => ({ file: p.file, line: p.line ?? null, column: p.column ?? null, severity: p.fatal === undefined ? 'info' : 'warning', ruleId: p.ruleId, message: p.reason }));
    process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
  } else {
    for (const p of sorted) process.stdout.write(`${formatProblem(p)}\n`);
    process.stdout.write(faults.length === 0 ? `${printable(`✔ ${posts.map((p) => p.file).join(', ')}: ready`)}\n` : `⚠ ${faults.length} finding${faults.length === 1 ? '' : 's'}\n`);
  }
  return faults.length === 0 ? EXIT.ok : EXIT.findings;
}

interface Bundle {
  dir: string;
  posts: (BundlePost & { lang: string })[];
  /** Edits outside the slots and conflict markers, judged against the sidecar while it was locked. */
  edits: Problem[];
}

const SKIPPED_FOLDERS = new Set(['node_modules', SIDECAR_DIR]);

/** The bundles at `target`: a post file, a bundle folder, or a folder of bundles (Hugo's content/posts). */
async function readBundles(target: string): Promise<Bundle[]> {
  const unreadable = (reason: string) => new ProblemsError('post', [problem({ file: target, ruleId: 'unreadable', reason })]);
  const info = await stat(target).catch(() => undefined);
  if (!info) throw unreadable('expected a bundle directory or a post file, found no such path');
  const folders: { dir: string; names: string[] }[] = [];
  if (info.isDirectory()) {
    const walk = async (dir: string, depth: number) => {
      const entries = await readdir(dir, { withFileTypes: true });
      const names = entries.filter((e) => POST.test(e.name)).map((e) => e.name).sort();
      if (names.length > 0) folders.push({ dir, names });
      else if (depth < 8) {
        for (const entry of entries.filter((e) => e.isDirectory() && !e.name.startsWith('.') && !SKIPPED_FOLDERS.has(e.name)).sort((a, b) => a.name.localeCompare(b.name))) {
          await walk(join(dir, entry.name), depth + 1);
        }
      }
    };
    await walk(target, 0);
  } else folders.push({ dir: dirname(target), names: [basename(target)] });
  if (folders.length === 0) throw unreadable('expected index.<lang>.md files in the bundle or in bundles below it, found none');
  const bundles: Bundle[] = [];
  for (const { dir, names } of folders) {
    // Under the bundle's lock, so that a draft being written is read whole, before or after;
    // a draft killed while writing is completed (or undone) first, as draft would.
    const sidecar = sidecarPath(dir);
    const lock = (await stat(sidecar).catch(() => undefined))?.isDirectory() ? await lockBundle(sidecar) : undefined;
    try {
      if (lock) for (const notice of recoveryNotices(await recoverBundle(dir, sidecar))) process.stderr.write(`${formatProblem(notice)}\n`);
      const posts = await Promise.all(names.map(async (name) => ({ name, file: join(dir, name), lang: POST.exec(name)?.[1] ?? 'en', markdown: await readPost(join(dir, name)) })));
      bundles.push({ dir, posts, edits: await checkEdits(dir, posts) });
    } finally {
      await lock?.release();
    }
  }
  return bundles;
}

async function readPost(file: string): Promise<string> {
  const post = await readExistingPost(file);
  if (post === undefined) throw new ProblemsError('post', [problem({ file, ruleId: 'unreadable', reason: 'expected a post, found no such file' })]);
  if (isProblem(post)) throw new ProblemsError('post', [post]);
  return post.text;
}
