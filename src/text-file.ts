/**
 * Reading a text file strictly: bytes that are not UTF-8 are an error with
 * their line:column, never silently replaced. Shared by datasets, locales and
 * templates.
 */
import { readFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { VFileMessage } from 'vfile-message';
import { problem, type Problem } from './messages.js';

const decoder = new TextDecoder('utf-8', { fatal: true });

/** Decodes UTF-8, or returns the problem that names the first bad byte. */
export function decodeUtf8(bytes: Uint8Array, file: string): string | Problem {
  try {
    return decoder.decode(bytes);
  } catch {
    const offset = firstInvalidUtf8(bytes);
    const before = bytes.subarray(0, offset);
    const line = before.filter((b) => b === 10).length + 1;
    const column = new TextDecoder().decode(before.subarray(before.lastIndexOf(10) + 1)).length + 1;
    const byte = bytes[offset]!.toString(16).toUpperCase().padStart(2, '0');
    return problem({ file, ruleId: 'encoding', place: { line, column }, reason: `expected UTF-8 text, found the byte 0x${byte} at offset ${offset}` });
  }
}

export async function readTextFile(file: string): Promise<string | Problem> {
  return decodeUtf8(await readFile(file), file);
}

export function readTextFileSync(file: string): string | Problem {
  return decodeUtf8(readFileSync(file), file);
}

export const isProblem = <T>(value: T | Problem): value is Problem => value instanceof VFileMessage;

function firstInvalidUtf8(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i]!;
    const length = b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
    if (length === 0 || i + length > bytes.length) return i;
    for (let k = 1; k < length; k++) if ((bytes[i + k]! & 0xc0) !== 0x80) return i;
    // Overlong forms, surrogates and code points past U+10FFFF.
    const second = bytes[i + 1] ?? 0;
    if ((b === 0xe0 && second < 0xa0) || (b === 0xed && second >= 0xa0) || (b === 0xf0 && second < 0x90) || (b === 0xf4 && second >= 0x90)) return i;
    i += length;
  }
  return bytes.length;
}
