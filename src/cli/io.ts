/** What every command shares: reading its arguments, printing problems, turning errors into exit codes. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { printable, formatProblem, ProblemsError } from '../messages.js';

export const EXIT = { ok: 0, findings: 1, invalidInput: 2 } as const;

const MAX_PRINTED = 100;

/** Refusals that --conflict-markers or --force can get past; for the others (locks, journals, I/O) they would not help. */
const MERGE_RULES = new Set(['merge-conflict', 'edited-outside-slots', 'not-generated', 'unclosed-slot', 'unopened-slot', 'nested-slot', 'duplicate-slot', 'misplaced-marker']);

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Parses a command's arguments; a mistake in them is a usage error (exit 2), not a crash. */
export function parseCommandArgs<T extends NonNullable<ParseArgsConfig['options']>>(
  args: string[],
  options: T,
): ReturnType<typeof parseArgs<{ args: string[]; allowPositionals: true; options: T }>> {
  try {
    return parseArgs({ args, allowPositionals: true, options });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** Prints a known error without a stack trace and returns its exit code; rethrows bugs. */
export function reportError(error: unknown): number {
  if (error instanceof ProblemsError) {
    // A file with thousands of faults prints the first hundred: the rest only bury them.
    for (const problem of error.problems.slice(0, MAX_PRINTED)) process.stderr.write(`${formatProblem(problem)}\n`);
    const count = error.problems.length;
    if (count > MAX_PRINTED) process.stderr.write(`… and ${count - MAX_PRINTED} more${error.kind === 'dataset' ? ' (validate --format json lists them all)' : ''}\n`);
    const mergeable = error.problems.some((p) => MERGE_RULES.has(p.ruleId ?? ''));
    const tail = error.kind === 'preview' ? ': nothing was written' : error.kind !== 'bundle' ? '' : mergeable ? ': nothing was written (--conflict-markers writes both sides of a conflict; --force lets the new draft win, after a backup)' : ': nothing was written';
    process.stderr.write(`✖ ${count} ${error.kind} problem${count === 1 ? '' : 's'}${tail}\n`);
    return EXIT.invalidInput;
  }
  if (error instanceof UsageError) {
    process.stderr.write(`${printable(`telescope-report: ${error.message}`)}\nRun \`telescope-report --help\` for usage.\n`);
    return EXIT.invalidInput;
  }
  throw error;
}
