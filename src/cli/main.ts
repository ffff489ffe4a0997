import { useModuleImporter } from './blocks.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../package-root.js';
import { asksForHelp, asksForJson, EXIT, localesAction, reportError, UsageError } from './io.js';
import {
  AGGREGATE,
  CHECK,
  commandHelp,
  DRAFT,
  INIT,
  LOCALES_ADD,
  LOCALES_CHECK,
  LOCALES_STATUS,
  PREVIEW,
  topLevelHelp,
  VALIDATE,
  type CommandSpec,
} from './options.js';

type Command = (args: string[]) => Promise<number>;
/** Each command loads only its own code: a draft never pays for the preview or the audits. */
const COMMANDS: Record<string, () => Promise<Command>> = {
  init: async () => (await import('./init.js')).initCommand,
  aggregate: async () => (await import('./aggregate.js')).aggregateCommand,
  validate: async () => (await import('./validate.js')).validateCommand,
  draft: async () => (await import('./draft.js')).draftCommand,
  preview: async () => (await import('./preview.js')).previewCommand,
  check: async () => (await import('./check.js')).checkCommand,
  locales: async () => (await import('./locales.js')).localesCommand,
};

/** Each command's definition; `locales` has two, one a subcommand, picked by its first argument. */
const SPECS: Record<string, (args: string[]) => CommandSpec[]> = {
  init: () => [INIT],
  aggregate: () => [AGGREGATE],
  validate: () => [VALIDATE],
  draft: () => [DRAFT],
  preview: () => [PREVIEW],
  check: () => [CHECK],
  locales: (args) => {
    const action = localesAction(args);
    return action === 'check'
      ? [LOCALES_CHECK]
      : action === 'status'
        ? [LOCALES_STATUS]
        : action === 'add'
          ? [LOCALES_ADD]
          : [LOCALES_CHECK, LOCALES_STATUS, LOCALES_ADD];
  },
};

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

export interface MainOptions {
  /** How to import a module of custom blocks (`--blocks`), where the caller's `import()` is the one that works. */
  importModule?: (url: string) => Promise<unknown>;
}

export async function main(argv: string[], options: MainOptions = {}): Promise<number> {
  exitQuietlyOnClosedPipe();
  if (options.importModule) useModuleImporter(options.importModule);
  const [name, ...rest] = argv;
  return run(name, rest);
}

async function run(name: string | undefined, rest: string[]): Promise<number> {
  if (name === undefined || name === '-h' || name === '--help' || name === 'help') {
    process.stdout.write(topLevelHelp());
    return name === undefined ? EXIT.invalidInput : EXIT.ok;
  }
  if (name === '-v' || name === '--version') {
    process.stdout.write(`${(JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version}\n`);
    return EXIT.ok;
  }
  const specs = Object.hasOwn(SPECS, name) ? SPECS[name]!(rest) : undefined;
  try {
    const load = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
    if (!load || !specs) throw new UsageError(`unknown command "${name}"`);
    if (specs.some((spec) => asksForHelp(rest, spec.options))) {
      process.stdout.write(specs.map(commandHelp).join('\n'));
      return EXIT.ok;
    }
    return await (await load())(rest);
  } catch (error) {
    // A usage error in a command's arguments points to that command's help.
    if (error instanceof UsageError && error.command === undefined && specs?.length === 1) error.command = specs[0]!.name;
    else if (error instanceof UsageError && error.command === undefined && name === 'locales') error.command = 'locales';
    return reportError(error, asksForJson(rest));
  }
}
