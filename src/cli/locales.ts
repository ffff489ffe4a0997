import { auditLocales, localeStatus, readLocaleEntries } from '../check/locales.js';
import { loadTemplate, SHIPPED_LOCALES, templateNames } from '../draft.js';
import { formatProblem, sortProblems } from '../messages.js';
import { EXIT, UsageError, localesAction, parseCommandArgs } from './io.js';
import { LOCALES_CHECK, LOCALES_STATUS } from './options.js';

export async function localesCommand(args: string[]): Promise<number> {
  const action = localesAction(args);
  if (action !== 'check' && action !== 'status') throw new UsageError('locales takes check or status', 'locales');
  // Each parsed by its own definition: status takes no template.
  const parsed: { values: { locales?: string; templates?: string; template?: string }; positionals: string[] } = action === 'check' ? parseCommandArgs(args, LOCALES_CHECK) : parseCommandArgs(args, LOCALES_STATUS);
  if (parsed.positionals.length > 1) throw new UsageError(`locales ${action} takes no arguments after ${action}`);
  const dirs = parsed.values.locales ? [SHIPPED_LOCALES, parsed.values.locales] : [SHIPPED_LOCALES];
  const { entries, folders } = await readLocaleEntries(dirs);

  if (action === 'status') {
    const header = ['language', 'keys', 'translated', 'missing', 'identical to en'];
    const rows = localeStatus(entries).map((r) => [r.lang, r.keys, r.translated, r.missing, r.lang === 'en' ? '-' : r.identical].map(String));
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
    for (const row of [header, ...rows]) process.stdout.write(`${row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ')}\n`);
    return EXIT.ok;
  }
  // One template when named; else every template the locales serve, shipped and the user's.
  const all = await Promise.all((await templateNames(parsed.values.templates)).map((name) => loadTemplate(name, parsed.values.templates)));
  const templates = parsed.values.template ? [await loadTemplate(parsed.values.template, parsed.values.templates)] : all;
  const findings = sortProblems(auditLocales(entries, folders, templates, all));
  for (const finding of findings) process.stdout.write(`${formatProblem(finding)}\n`);
  const errors = findings.filter((f) => f.fatal).length;
  const count = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  // Errors (which draft refuses) are counted apart from warnings, and lead the summary's mark.
  const summary = errors === 0 ? `⚠ ${count(findings.length, 'finding')}` : `✖ ${count(findings.length, 'finding')}: ${count(errors, 'error')} (draft refuses these), ${count(findings.length - errors, 'warning')}`;
  process.stdout.write(findings.length === 0 ? `✔ ${[...entries.keys()].sort().join(', ')}: no findings\n` : `${summary}\n`);
  return findings.length === 0 ? EXIT.ok : EXIT.findings;
}
