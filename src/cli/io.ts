/** What every command shares: reading its arguments, printing problems, turning errors into exit codes. */
import { relative } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { printable, ProblemsError, type Problem } from '../messages.js';
import { configDefaults } from './config.js';
import { styledMark, styledProblem } from './style.js';
import { HELP_OPTION, LOCALES_ADD, LOCALES_CHECK, LOCALES_STATUS, optionLabel, type OptionSpec } from './options.js';

export const EXIT = { ok: 0, findings: 1, invalidInput: 2 } as const;

const MAX_PRINTED = 100;

/** Refusals that --conflict-markers or --force can get past; for the others (locks, journals, I/O) they would not help. */
const MERGE_RULES = new Set([
  'merge-conflict',
  'edited-outside-slots',
  'not-generated',
  'unclosed-slot',
  'unopened-slot',
  'nested-slot',
  'duplicate-slot',
  'misplaced-marker',
]);

export class UsageError extends Error {
  /** The command whose usage would help (`draft`, `locales check`); none for the top level. */
  command: string | undefined;
  constructor(message: string, command?: string) {
    super(message);
    this.name = 'UsageError';
    this.command = command;
  }
}

type Values<O extends Readonly<Record<string, OptionSpec>>> = { [K in keyof O]?: O[K]['type'] extends 'boolean' ? boolean : string } & {
  help?: boolean;
};

/** The node:util configuration for a command's options, `--help` included. */
function parseArgsOptions(options: Readonly<Record<string, OptionSpec>>): NonNullable<ParseArgsConfig['options']> {
  const config: NonNullable<ParseArgsConfig['options']> = {};
  for (const [name, option] of [...Object.entries(options), ['help', HELP_OPTION] as const]) {
    config[name] = {
      type: option.type,
      ...(option.short ? { short: option.short } : {}),
      ...(option.default !== undefined ? { default: option.default } : {}),
    };
  }
  return config;
}

/**
 * Parses a command's arguments by its definition (options.ts); a mistake in them is a usage error
 * (exit 2) in our own words, not node:util's, and not a crash.
 */
export function parseCommandArgs<O extends Readonly<Record<string, OptionSpec>>>(
  args: string[],
  command: { name: string; options: O },
): { values: Values<O>; positionals: string[] } {
  const { values, positionals, tokens } = parseArgs({
    args,
    allowPositionals: true,
    strict: false,
    tokens: true,
    options: parseArgsOptions(command.options),
  });
  const known = (name: string): OptionSpec | undefined =>
    name === 'help' ? HELP_OPTION : Object.hasOwn(command.options, name) ? command.options[name] : undefined;
  for (const token of tokens) {
    if (token.kind !== 'option') continue;
    const option = known(token.name);
    const label = option ? optionLabel(token.name, option) : '';
    if (!option) throw new UsageError(`${command.name} has no option ${JSON.stringify(token.rawName)}`, command.name);
    if (option.type === 'boolean' && token.inlineValue)
      throw new UsageError(
        `${token.rawName} takes no value, found ${JSON.stringify(`${token.rawName}=${token.value ?? ''}`)}`,
        command.name,
      );
    if (option.type === 'string' && token.value === undefined)
      throw new UsageError(`${token.rawName} needs a value: ${label}`, command.name);
    // `--out --force`: most likely a forgotten value, not a folder named --force.
    if (option.type === 'string' && !token.inlineValue && token.value!.startsWith('-')) {
      throw new UsageError(
        `${token.rawName} needs a value (${label}), found the option-like ${JSON.stringify(token.value)}; write --${token.name}=${token.value} if that is the value`,
        command.name,
      );
    }
  }
  // The project's config fills what the command line leaves out.
  const fromConfig = configDefaults(Object.keys(command.options), command.name);
  const merged = { ...fromConfig, ...Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) };
  return { values: merged as Values<O>, positionals };
}

/** `--format`'s value, checked: text or json. */
export function formatOf(values: { format?: string }): 'text' | 'json' {
  if (values.format !== 'text' && values.format !== 'json') throw new UsageError(`--format takes text or json, found ${values.format}`);
  return values.format;
}

/** Whether the arguments ask for the command's help (`-h` or `--help`, before any `--`). */
export function asksForHelp(args: string[], options: Readonly<Record<string, OptionSpec>>): boolean {
  const { tokens } = parseArgs({ args, allowPositionals: true, strict: false, tokens: true, options: parseArgsOptions(options) });
  return tokens.some((token) => token.kind === 'option' && token.name === 'help');
}

/** `locales check`, `locales status` or `locales add`: the first argument that is not an option or an option's value. */
export function localesAction(args: string[]): string | undefined {
  const { positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: false,
    options: parseArgsOptions({ ...LOCALES_CHECK.options, ...LOCALES_STATUS.options, ...LOCALES_ADD.options }),
  });
  return positionals[0];
}

/** One problem as a JSON row: the fields `check --format json` prints, and where in the JSON it is. */
export interface ProblemRow {
  file: string | null;
  line: number | null;
  column: number | null;
  severity: 'error' | 'warning' | 'info';
  ruleId: string | null;
  message: string;
  jsonPath: string | null;
}

export function problemRow(p: Problem): ProblemRow {
  return {
    file: p.file ?? null,
    line: p.line ?? null,
    column: p.column ?? null,
    severity: p.fatal === true ? 'error' : p.fatal === false ? 'warning' : 'info',
    ruleId: p.ruleId ?? null,
    message: p.reason,
    jsonPath: p.jsonPath ?? null,
  };
}

export const printJson = (value: unknown): void => {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
};

/**
 * Whether the arguments ask for JSON (`--format json` or `--format=json`, before any `--`), read
 * before they are parsed so that even a usage error is reported as JSON.
 */
export function asksForJson(args: string[]): boolean {
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--') return false;
    if (args[i] === '--format=json' || (args[i] === '--format' && args[i + 1] === 'json')) return true;
  }
  return false;
}

/**
 * Prints a known error without a stack trace and returns its exit code; rethrows bugs. With `json`,
 * on stdout as finding rows (every problem; a usage error as one row with ruleId "usage"), nothing on stderr.
 */
export function reportError(error: unknown, json = false): number {
  if (json && error instanceof ProblemsError) {
    printJson(error.problems.map(problemRow));
    return EXIT.invalidInput;
  }
  if (json && error instanceof UsageError) {
    printJson([
      {
        file: null,
        line: null,
        column: null,
        severity: 'error',
        ruleId: 'usage',
        message: error.message,
        jsonPath: null,
      } satisfies ProblemRow,
    ]);
    return EXIT.invalidInput;
  }
  if (error instanceof ProblemsError) {
    // A file with thousands of faults prints the first hundred: the rest only bury them.
    for (const problem of error.problems.slice(0, MAX_PRINTED)) process.stderr.write(`${styledProblem(process.stderr, problem)}\n`);
    const count = error.problems.length;
    if (count > MAX_PRINTED)
      process.stderr.write(
        `… and ${count - MAX_PRINTED} more${error.kind === 'dataset' ? ' (validate --format json lists them all)' : ''}\n`,
      );
    const mergeable = error.problems.some((p) => MERGE_RULES.has(p.ruleId ?? ''));
    const tail =
      error.kind === 'preview' || error.kind === 'observations'
        ? ': nothing was written'
        : error.kind !== 'bundle'
          ? ''
          : mergeable
            ? ': nothing was written (--conflict-markers writes both sides of a conflict; --force lets the new draft win, after a backup)'
            : ': nothing was written';
    process.stderr.write(`${styledMark(process.stderr, `✖ ${count} ${error.kind} problem${count === 1 ? '' : 's'}${tail}`)}\n`);
    return EXIT.invalidInput;
  }
  if (error instanceof UsageError) {
    process.stderr.write(
      `${printable(`telescope-report: ${error.message}`)}\nRun \`${printable(['telescope-report', error.command, '--help'].filter(Boolean).join(' '))}\` for usage.\n`,
    );
    return EXIT.invalidInput;
  }
  throw error;
}

/** A path as the user would type it: relative inside the working folder, absolute outside. */
export function shownPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel === '' ? '.' : rel.startsWith('..') ? path : rel;
}
