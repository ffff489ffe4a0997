import { checkLocales, localesStatus, type KeyToTranslate } from '../api.js';
import { printable } from '../messages.js';
import { EXIT, UsageError, formatOf, localesAction, parseCommandArgs, printJson, problemRow } from './io.js';
import { styledMark, styledProblem } from './style.js';
import { LOCALES_CHECK, LOCALES_STATUS } from './options.js';
import { loadBlocksModule } from './blocks.js';

export async function localesCommand(args: string[]): Promise<number> {
  const action = localesAction(args);
  if (action === 'add') return (await import('./locales-add.js')).localesAddCommand(args);
  if (action !== 'check' && action !== 'status') throw new UsageError('locales takes check, status or add', 'locales');
  // Each parsed by its own definition: status takes no template.
  const parsed: {
    values: { locales?: string; templates?: string; template?: string; format?: string; blocks?: string; verbose?: boolean };
    positionals: string[];
  } = action === 'check' ? parseCommandArgs(args, LOCALES_CHECK) : parseCommandArgs(args, LOCALES_STATUS);
  if (parsed.positionals.length > 1) throw new UsageError(`locales ${action} takes no arguments after ${action}`);
  const { locales, templates, template, blocks } = parsed.values;
  const options = {
    ...(locales ? { locales } : {}),
    ...(templates ? { templates } : {}),
    ...(template ? { template } : {}),
    ...(blocks ? { blocks: await loadBlocksModule(blocks) } : {}),
  };
  const format = formatOf(parsed.values);

  if (action === 'status') {
    const status = await localesStatus({
      ...(locales ? { locales } : {}),
      ...(options.blocks ? { blocks: options.blocks } : {}),
      ...(parsed.values.verbose ? { verbose: true } : {}),
    });
    if (format === 'json') {
      printJson(status);
      return EXIT.ok;
    }
    const header = ['language', 'keys', 'translated', 'missing', 'identical to en'];
    const rows = status.map((r) => [r.lang, r.keys, r.translated, r.missing, r.lang === 'en' ? '-' : r.identical].map(String));
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
    for (const row of [header, ...rows])
      process.stdout.write(`${row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ')}\n`);
    for (const { lang, toTranslate } of status) if (toTranslate && lang !== 'en') process.stdout.write(toTranslateText(lang, toTranslate));
    return EXIT.ok;
  }
  // One template when named; else every template the locales serve, shipped and the user's.
  const { findings, errors, languages } = await checkLocales(options);
  if (format === 'json') {
    printJson(findings.map(problemRow));
    return findings.length === 0 ? EXIT.ok : EXIT.findings;
  }
  for (const finding of findings) process.stdout.write(`${styledProblem(process.stdout, finding)}\n`);
  const count = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  // Errors (which draft refuses) are counted apart from warnings, and lead the summary's mark.
  const summary =
    errors === 0
      ? `⚠ ${count(findings.length, 'finding')}`
      : `✖ ${count(findings.length, 'finding')}: ${count(errors, 'error')} (draft refuses these), ${count(findings.length - errors, 'warning')}`;
  process.stdout.write(`${styledMark(process.stdout, findings.length === 0 ? `✔ ${languages.join(', ')}: no findings` : summary)}\n`);
  return findings.length === 0 ? EXIT.ok : EXIT.findings;
}

/** A language's keys still to translate, each with English's text and what the key is for. */
function toTranslateText(lang: string, keys: readonly KeyToTranslate[]): string {
  if (keys.length === 0) return `\n${lang}: nothing to translate\n`;
  const lines = [`${lang}: ${keys.length} key${keys.length === 1 ? '' : 's'} to translate`];
  for (const { key, state, forms, english, description } of keys) {
    lines.push(
      `- ${key} (${state === 'missing' ? 'missing' : 'identical to en'}${forms ? `; plural: ${forms.join(', ')}` : ''})`,
      `  en: ${english}`,
      `  description: ${description ?? '(none)'}`,
    );
  }
  return `\n${lines.map(printable).join('\n')}\n`;
}
