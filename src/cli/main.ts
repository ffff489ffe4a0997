import { writeFileAtomic } from '../output/files.js';
import { recordParses, serializeRecordedParses, useParseCache } from '../parse-cache.js';
import { EXIT, reportError, UsageError } from './io.js';

const HELP = `Usage: telescope-report <command> [options]

Commands:
  validate <dataset.json>   Check a dataset against the contract; exit 0 when valid, 2 when not.
      --format json         Print every problem as JSON (text prints the first 100).
  draft <dataset.json> --out <dir>
                            Write the post in every language as a Hugo page bundle:
                            index.<lang>.md and <figure>.<lang>.vl.json.
      --lang en,ja          Languages to write (default: en,ja).
      --templates <dir>     Templates to use before the shipped ones (by file name).
      --locales <dir>       Locales layered over the shipped ones, key by key.
      --template <name>     Template name (default: overflow).
      --no-svg              Skip rendering the charts to <figure>.<lang>.svg.
      --previous <dataset>  The previous period's dataset: each ranking of the same id
                            gets a previous-rank column and a sentence on what moved,
                            and its total is the one the period's total is compared with.
      --previous-label previous-period|year-earlier
                            What the --previous dataset is: the period before (the
                            default; previous-quarter is another name for it), or the
                            same quarter a year earlier. For a year, both mean the year before.
      --explain             After writing, print each computed sentence with the
                            numbers it rests on, to check it before publishing.
      --watch               Draft again whenever the dataset, a locale file or a
                            template changes; broken input is reported, not fatal.
                            Regenerating keeps slot text and edits outside the slots
                            that the new data leaves alone; conflicting edits refuse.
      --conflict-markers    Write conflicting lines between <<<<<<< / >>>>>>> markers
                            instead of refusing.
      --force               Regenerate over conflicts and damaged markers: the new
                            draft wins (each replaced post is backed up first, in
                            <dir>/.telescope-report/backups/).
  check <dir|file>          List what keeps a draft from being ready: unfinished slots,
                            damaged markers, broken references, drift between languages,
                            edits outside the slots, missing images. <dir> may be a
                            bundle or a folder of bundles (content/posts).
                            Exit 0 when clean, 1 with findings, 2 when unreadable.
      --format json         Print the findings as JSON.
      --templates <dir>, --template <name>, --locales <dir>
                            The template and locales the draft was made with.
  locales check             Audit the locales against English and the template:
                            missing, extra and unused keys, variables, plural forms,
                            inline Markdown. Exit 0 clean, 1 findings, 2 unreadable.
  locales status            Per language: keys, translated, missing, identical to English.
      --locales <dir>       Audit a folder layered over the shipped locales.
      --templates <dir>, --template <name>
                            The template whose keys the audit checks (locales check).
  preview <dir>             Write <dir>/.telescope-report/preview.html (or --out <file>):
                            the languages side by side,
                            section beside section, unfinished slots highlighted.
      --locales <dir>       Locales layered over the shipped ones (for slot prompts).
      --out <file>          Where to write the preview: a new .html file, or a
                            preview written before (nothing else is replaced).

Options:
  -h, --help                Show this help.
`;

type Command = (args: string[]) => Promise<number>;
/** Each command loads only its own code: a draft never pays for the preview or the audits. */
const COMMANDS: Record<string, () => Promise<Command>> = {
  validate: async () => (await import('./validate.js')).validateCommand,
  draft: async () => (await import('./draft.js')).draftCommand,
  preview: async () => (await import('./preview.js')).previewCommand,
  check: async () => (await import('./check.js')).checkCommand,
  locales: async () => (await import('./locales.js')).localesCommand,
};

export interface MainOptions {
  /** A file of remembered Markdown parses (see parse-cache.ts); `record` rewrites it after the command. */
  parseCache?: { file: string; record?: boolean };
}

let quietOnClosedPipe = false;

/** `telescope-report locales status | head -1`: the reader left; stop quietly instead of a stack trace. */
function exitQuietlyOnClosedPipe(): void {
  if (quietOnClosedPipe) return;
  quietOnClosedPipe = true;
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
      process.exit(process.exitCode ?? 0);
    });
  }
}

export async function main(argv: string[], options: MainOptions = {}): Promise<number> {
  exitQuietlyOnClosedPipe();
  const [name, ...rest] = argv;
  const { parseCache } = options;
  if (parseCache) useParseCache(parseCache.file);
  if (parseCache?.record) recordParses();
  try {
    return await run(name, rest);
  } finally {
    if (parseCache?.record) await writeFileAtomic(parseCache.file, serializeRecordedParses());
  }
}

async function run(name: string | undefined, rest: string[]): Promise<number> {
  if (name === undefined || name === '-h' || name === '--help' || name === 'help') {
    process.stdout.write(HELP);
    return name === undefined ? EXIT.invalidInput : EXIT.ok;
  }
  try {
    const load = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
    if (!load) throw new UsageError(`unknown command "${name}"`);
    return await (await load())(rest);
  } catch (error) {
    return reportError(error);
  }
}
