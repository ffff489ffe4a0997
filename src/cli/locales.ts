import { checkLocales, localesStatus } from '../api.js';
import { formatProblem } from '../messages.js';
import { EXIT, UsageError, parseCommandArgs } from './io.js';

export async function localesCommand(args: string[]): Promise<number> {
  const parsed = parseCommandArgs(args, { locales: { type: 'string' }, templates: { type: 'string' }, template: { type: 'string' } });
  const [action, ...rest] = parsed.positionals;
  if ((action !== 'check' && action !== 'status') || rest.length > 0) throw new UsageError('locales takes check or status');
  const { locales, templates, template } = parsed.values;
  const options = { ...(locales ? { locales } : {}), ...(templates ? { templates } : {}), ...(template ? { template } : {}) };

  if (action === 'status') {
    const header = ['language', 'keys', 'translated', 'missing', 'identical to en'];
    const rows = (await localesStatus(options)).map((r) => [r.lang, r.keys, r.translated, r.missing, r.lang === 'en' ? '-' : r.identical].map(String));
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
    for (const row of [header, ...rows]) process.stdout.write(`${row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ')}\n`);
    return EXIT.ok;
  }
  // One template when named; else every template the locales serve, shipped and the user's.
  const { findings, errors, languages } = await checkLocales(options);
  for (const finding of findings) process.stdout.write(`${formatProblem(finding)}\n`);
  const count = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  // Errors (which draft refuses) are counted apart from warnings, and lead the summary's mark.
  const summary = errors === 0 ? `⚠ ${count(findings.length, 'finding')}` : `✖ ${count(findings.length, 'finding')}: ${count(errors, 'error')} (draft refuses these), ${count(findings.length - errors, 'warning')}`;
  process.stdout.write(findings.length === 0 ? `✔ ${languages.join(', ')}: no findings\n` : `${summary}\n`);
  return findings.length === 0 ? EXIT.ok : EXIT.findings;
}
