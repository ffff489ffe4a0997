/** `locales add <lang>`: a new language's folder (scaffold.ts), every key of English, the English text kept. */
import { REFERENCE_LANGUAGE } from '../localize/keys.js';
import { printable } from '../messages.js';
import { addLocale, isLocaleTag } from '../scaffold.js';
import { EXIT, parseCommandArgs, UsageError } from './io.js';
import { LOCALES_ADD } from './options.js';

export async function localesAddCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, LOCALES_ADD);
  // positionals[0] is `add`.
  if (positionals.length !== 2) throw new UsageError('locales add takes exactly one language tag, as in `locales add ko`');
  const lang = positionals[1]!;
  // A tag the command cannot take is a usage error, with the command's help.
  if (!isLocaleTag(lang))
    throw new UsageError(`expected a BCP 47 language tag in its canonical case (ko, pt-BR, zh-Hant), found ${JSON.stringify(lang)}`);
  if (lang === REFERENCE_LANGUAGE)
    throw new UsageError(`${REFERENCE_LANGUAGE} is the reference language that others are copied from; add another`);
  const dir = values.locales ?? 'locales';
  const { folder, files } = await addLocale(lang, { locales: dir, force: values.force ?? false });
  const names = files.map((file) => file.slice(folder.length + 1));
  // Where translators learn what each key is for: the descriptions beside English, which status prints with each key.
  process.stdout.write(
    `${printable(`${folder}: wrote ${names.join(', ')}, every key in English, to translate; \`telescope-report locales status --verbose --locales ${dir}\` lists each key still identical to English, with its description`)}\n`,
  );
  return EXIT.ok;
}
