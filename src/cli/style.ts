/**
 * Color for a terminal, plain text otherwise. node's own `util.styleText` (Node 20.12+) makes the
 * escape codes; whether to use them is decided here, the same on every Node version: `NO_COLOR`
 * (any non-empty value) turns color off, even with `FORCE_COLOR` (https://no-color.org: it wins);
 * `FORCE_COLOR` (non-empty, not 0) turns it on when the stream is not a terminal; otherwise a
 * terminal (isTTY) gets color.
 */
import { styleText } from 'node:util';
import type { Problem } from '../messages.js';
import { printable } from '../messages.js';

type Stream = { isTTY?: boolean };

export function colorFor(stream: Stream): boolean {
  if (process.env.NO_COLOR) return false;
  const force = process.env.FORCE_COLOR;
  if (force !== undefined && force !== '' && force !== '0' && force !== 'false') return true;
  return stream.isTTY === true;
}

const COLORS = { error: 'red', warning: 'yellow', info: 'cyan', ok: 'green', rule: 'gray' } as const;
export type Tone = keyof typeof COLORS;

/** `text` in the tone's color when `stream` gets color; as is otherwise. */
export function paint(stream: Stream, tone: Tone, text: string): string {
  return colorFor(stream) ? styleText(COLORS[tone], text, { validateStream: false } as never) : text;
}

/** A problem's line as `formatProblem` writes it, with its severity and rule id colored for a terminal. */
export function styledProblem(stream: Stream, message: Problem): string {
  const where = message.line === undefined ? (message.file ?? '') : `${message.file}:${message.line}:${message.column ?? 1}`;
  const severity = message.fatal === false ? 'warning' : message.fatal === true ? 'error' : 'info';
  const plain = printable(`${where}  ${severity}  ${message.reason}  ${message.ruleId ?? ''}`.trimEnd());
  if (!colorFor(stream)) return plain;
  const rule = message.ruleId ?? '';
  return `${printable(where)}  ${paint(stream, severity, severity)}  ${printable(message.reason)}${rule ? `  ${paint(stream, 'rule', printable(rule))}` : ''}`;
}

/** A leading mark (✔ ⚠ ✖) colored for a terminal. */
export function styledMark(stream: Stream, line: string): string {
  const mark = line[0];
  const tone: Tone | undefined = mark === '✔' ? 'ok' : mark === '⚠' ? 'warning' : mark === '✖' ? 'error' : undefined;
  return tone ? `${paint(stream, tone, mark!)}${line.slice(1)}` : line;
}
