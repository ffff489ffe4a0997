import { readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { checkDrift, checkPost, type PostSummary } from '../check/check.js';
import { languagePatterns } from '../check/patterns.js';
import { loadLocaleLayers, loadTemplate } from '../draft.js';
import { promptLabel } from '../localize/translator.js';
import { formatProblem, problem, ProblemsError, sortProblems, type Problem } from '../messages.js';
import { isProblem, readTextFile } from '../text-file.js';
import { EXIT, UsageError, parseCommandArgs } from './io.js';

const POST = /^index\.([A-Za-z-]+)\.md$/;

export async function checkCommand(args: string[]): Promise<number> {
  const parsed = parseCommandArgs(args, { format: { type: 'string', default: 'text' }, locales: { type: 'string' }, templates: { type: 'string' }, template: { type: 'string' } });
  const { values, positionals } = parsed;
  if (positionals.length !== 1) throw new UsageError('check takes exactly one bundle directory or post file');
  if (values.format !== 'text' && values.format !== 'json') throw new UsageError(`--format takes text or json, found ${values.format}`);
  const posts = await readPosts(positionals[0]!);
  const [locales, template] = await Promise.all([loadLocaleLayers(values.locales), loadTemplate(values.template ?? 'overflow', values.templates)]);
  const knownSlots = new Set([...template.elements].flatMap(([id, e]) => (e.directive === 'commentary' ? [`commentary:${id}`] : e.directive === 'figure' ? [`figure:${id}`] : [])));

  const findings: Problem[] = [];
  const summaries: PostSummary[] = [];
  for (const post of posts) {
    const lang = locales.resources[post.lang] ? post.lang : 'en';
    const result = await checkPost(post, languagePatterns(lang, locales, promptLabel(lang, locales)), knownSlots);
    findings.push(...result.findings);
    summaries.push(result.summary);
  }
  findings.push(...checkDrift(summaries));
  const sorted = sortProblems(findings);
  if (values.format === 'json') {
    const rows = sorted.map((p) => ({ file: p.file, line: p.line ?? null, column: p.column ?? null, severity: 'warning', ruleId: p.ruleId, message: p.reason }));
    process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
  } else {
    for (const p of sorted) process.stdout.write(`${formatProblem(p)}\n`);
    process.stdout.write(sorted.length === 0 ? `✔ ${posts.map((p) => p.file).join(', ')}: ready\n` : `⚠ ${sorted.length} finding${sorted.length === 1 ? '' : 's'}\n`);
  }
  return sorted.length === 0 ? EXIT.ok : EXIT.findings;
}

async function readPost(file: string): Promise<string> {
  const text = await readTextFile(file).catch(() => undefined);
  if (text === undefined) throw new ProblemsError('post', [problem({ file, ruleId: 'unreadable', reason: 'expected a readable post, found none' })]);
  if (isProblem(text)) throw new ProblemsError('post', [text]);
  return text;
}

async function readPosts(target: string): Promise<{ file: string; lang: string; markdown: string }[]> {
  const unreadable = (reason: string) => new ProblemsError('post', [problem({ file: target, ruleId: 'unreadable', reason })]);
  const info = await stat(target).catch(() => undefined);
  if (!info) throw unreadable('expected a bundle directory or a post file, found no such path');
  const files = info.isDirectory()
    ? (await readdir(target)).filter((name) => POST.test(name)).sort().map((name) => join(target, name))
    : [target];
  if (files.length === 0) throw unreadable('expected index.<lang>.md files in the bundle, found none');
  return Promise.all(
    files.map(async (file) => ({
      file,
      lang: POST.exec(basename(file))?.[1] ?? 'en',
      markdown: await readPost(file),
    })),
  );
}
