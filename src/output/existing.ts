/**
 * Reading what a bundle already holds, so that nothing an editor wrote is
 * taken for absent: only regular files are read (a FIFO or a device is
 * refused without blocking on it), any error but "no such file" is reported,
 * and a post saved with a byte-order mark or CRLF line endings reads as plain
 * LF text whose style is remembered, so the file keeps it when written back.
 */
import { problem, type Problem } from '../messages.js';
import { decodeUtf8, isProblem, readRegularFile } from '../text-file.js';
import { tooDeep } from './nesting.js';
import { findSlots } from './slots.js';

/** Posts and charts are small; a file past this is not one of ours. */
export const MAX_BUNDLE_FILE = 64 * 1024 * 1024;

export interface ExistingFile {
  bytes: Buffer;
  /** Permission bits, kept when the file is replaced. */
  mode: number;
}

export interface LineStyle {
  bom: boolean;
  crlf: boolean;
}

export interface ExistingText {
  /** The text with LF line endings (outside the slots) and no byte-order mark. */
  text: string;
  style: LineStyle;
  mode: number;
  /** The file as read. */
  bytes: Buffer;
}

/** The file's bytes, `undefined` when there is no such file, or the problem that stops us reading it. */
export const readExisting = (file: string): Promise<ExistingFile | undefined | Problem> =>
  readRegularFile(file, { maxBytes: MAX_BUNDLE_FILE, noFollow: true });

/**
 * A post's text as LF without a BOM, strictly UTF-8, with the style it was saved in. A file whose
 * every line ends in CRLF is CRLF; one that mixes both is read as LF outside the slots, and its
 * slots keep their bytes as they are (they are the editor's, line endings included).
 */
export function decodePost(bytes: Uint8Array, file: string): { text: string; style: LineStyle } | Problem {
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const decoded = decodeUtf8(bom ? bytes.subarray(3) : bytes, file);
  if (isProblem(decoded)) return decoded;
  const nul = decoded.indexOf('\u0000');
  if (nul !== -1) {
    const before = decoded.slice(0, nul);
    const line = before.split('\n').length;
    return problem({
      file,
      ruleId: 'encoding',
      place: { line, column: nul - before.lastIndexOf('\n') },
      reason: 'expected UTF-8 text, found a NUL byte (is the file UTF-16?)',
    });
  }
  const crlfCount = decoded.split('\r\n').length - 1;
  const lfCount = decoded.split('\n').length - 1;
  if (crlfCount === 0) return { text: decoded, style: { bom, crlf: false } };
  if (crlfCount === lfCount) return { text: decoded.replaceAll('\r\n', '\n'), style: { bom, crlf: true } };
  let text = '';
  let from = 0;
  for (const slot of findSlots(decoded).slots) {
    text += decoded.slice(from, slot.open.end).replaceAll('\r\n', '\n') + slot.content;
    from = slot.close.start;
  }
  return { text: text + decoded.slice(from).replaceAll('\r\n', '\n'), style: { bom, crlf: false } };
}

/**
 * Reads an existing post; `undefined` when there is none. Every command that reads a post (check,
 * preview, a regenerating draft) reads it here, so a post nested too deeply to parse is refused
 * here, before anything parses it (nesting.ts).
 */
export async function readExistingPost(file: string): Promise<ExistingText | undefined | Problem> {
  const existing = await readExisting(file);
  if (existing === undefined || isProblem(existing)) return existing;
  const decoded = decodePost(existing.bytes, file);
  if (isProblem(decoded)) return decoded;
  return tooDeep(decoded.text, file) ?? { ...decoded, mode: existing.mode, bytes: existing.bytes };
}

/** LF text written back in the style the editor saved it in. */
export function applyLineStyle(text: string, style: LineStyle): string {
  const lines = style.crlf ? text.replace(/\r?\n/g, '\r\n') : text;
  return style.bom ? `\uFEFF${lines}` : lines;
}
