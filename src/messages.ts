/**
 * Positioned messages shared by every stage: a dataset problem, a template
 * error and a locale error all travel as vfile messages (file, line:column,
 * rule id), so that one reporter prints them all the same way.
 */
import { VFileMessage } from 'vfile-message';

export interface Position {
  line: number;
  column: number;
}

export interface ProblemInit {
  file: string;
  ruleId: string;
  reason: string;
  place?: Position | undefined;
  /** JSON path of the faulty value, for problems in JSON files. */
  jsonPath?: string | undefined;
  expected?: string | undefined;
  found?: string | undefined;
  /** `true` for an error, `false` for a warning. */
  fatal?: boolean;
}

/** A vfile message that may also carry the JSON path it is about. */
export interface Problem extends VFileMessage {
  jsonPath?: string | undefined;
}

export const SOURCE = 'telescope-report';

export function problem(init: ProblemInit): Problem {
  // A problem is a finding about the input, never thrown as an error of ours: its stack says
  // nothing, and capturing one for each of 100,000 problems took most of the time to report them.
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  let message: Problem;
  try {
    message = new VFileMessage(init.reason, {
      ...(init.place ? { place: init.place } : {}),
      ruleId: init.ruleId,
      source: SOURCE,
    });
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
  message.file = init.file;
  message.fatal = init.fatal ?? true;
  if (init.jsonPath !== undefined) message.jsonPath = init.jsonPath;
  if (init.expected !== undefined) message.expected = [init.expected];
  if (init.found !== undefined) message.actual = init.found;
  return message;
}

/** Orders messages by file, then position, so that output is stable. */
export function sortProblems<T extends Problem>(problems: readonly T[]): T[] {
  return [...problems].sort(
    (a, b) =>
      (a.file ?? '').localeCompare(b.file ?? '') ||
      (a.line ?? 0) - (b.line ?? 0) ||
      (a.column ?? 0) - (b.column ?? 0) ||
      (a.jsonPath ?? '').localeCompare(b.jsonPath ?? ''),
  );
}

/** `file:line:column  error  reason  rule-id`, the line format unified tools print. */
export function formatProblem(message: Problem): string {
  const where = message.line === undefined ? (message.file ?? '') : `${message.file}:${message.line}:${message.column ?? 1}`;
  const severity = message.fatal === false ? 'warning' : message.fatal === true ? 'error' : 'info';
  return printable(`${where}  ${severity}  ${message.reason}  ${message.ruleId ?? ''}`.trimEnd());
}

/**
 * A message line as a terminal can show it: a direction override, a line
 * separator or a control character quoted from the input would reorder or
 * break the line, so each is written as its code point instead.
 */
export function printable(line: string): string {
  return line.replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, (char) => `\\u{${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}}`);
}

/** The one error type the API throws for bad input: it carries every problem found. */
export class ProblemsError extends Error {
  readonly problems: readonly Problem[];
  constructor(
    readonly kind: 'dataset' | 'template' | 'locale' | 'options' | 'bundle' | 'post' | 'chart' | 'preview' | 'blocks' | 'observations',
    problems: readonly Problem[],
  ) {
    const sorted = sortProblems(problems);
    const count = sorted.length;
    super(`${count} ${kind} problem${count === 1 ? '' : 's'}:\n${sorted.map((p) => `  ${formatProblem(p)}`).join('\n')}`);
    this.name = 'ProblemsError';
    this.problems = sorted;
  }
}

/** Thrown when a dataset cannot be read or does not meet the contract. */
export class DatasetError extends ProblemsError {
  constructor(problems: readonly Problem[]) {
    super('dataset', problems);
    this.name = 'DatasetError';
  }
}

/** Describes a JSON value for a "found …" clause. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return value.length === 0 ? 'an empty array' : `an array of ${value.length}`;
  switch (typeof value) {
    case 'string': {
      const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value;
      return `the string ${JSON.stringify(shown)}`;
    }
    case 'number':
      return `the number ${value}`;
    case 'boolean':
      return `\`${value}\``;
    case 'object':
      return 'an object';
    default:
      return typeof value;
  }
}
