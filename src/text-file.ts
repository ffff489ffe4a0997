/**
 * Reading a text file strictly: bytes that are not UTF-8 are an error with
 * their line:column, never silently replaced. Shared by datasets, locales and
 * templates.
 */
import { closeSync, constants, fstatSync, openSync, readlinkSync, readSync } from 'node:fs';
import { type FileHandle, open, readlink } from 'node:fs/promises';
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
    return problem({
      file,
      ruleId: 'encoding',
      place: { line, column },
      reason: `expected UTF-8 text, found the byte 0x${byte} at offset ${offset}`,
    });
  }
}

/** Locales and templates are small; a file past this is not one. */
export const MAX_TEXT_FILE = 16 * 1024 * 1024;

export interface RegularFile {
  bytes: Buffer;
  /** Permission bits. */
  mode: number;
}

export interface ReadOptions {
  /** Refuse a file larger than this, checked before and while reading (a device reports size 0). */
  maxBytes: number;
  /** Refuse a symbolic link instead of following it. */
  noFollow?: boolean;
  /** What the file is, for messages: "a dataset". */
  what?: string;
}

const KIND_NAMES: [number, string][] = [
  [constants.S_IFDIR, 'a directory'],
  [constants.S_IFIFO, 'a FIFO'],
  [constants.S_IFCHR, 'a character device'],
  [constants.S_IFBLK, 'a block device'],
  [constants.S_IFSOCK, 'a socket'],
];
/** What a file that is not a regular one is, for messages; `folder` names a directory as the message's reader knows it. */
export const kindOf = (mode: number, folder = 'a directory'): string => {
  const kind = KIND_NAMES.find(([type]) => (mode & constants.S_IFMT) === type)?.[1] ?? 'not a regular file';
  return kind === 'a directory' ? folder : kind;
};
/** What a file-system error code means, for messages that name the code. */
export const ERRNO_WORDS: Readonly<Record<string, string>> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EEXIST: 'a file where a folder was expected',
  ENOTDIR: 'a file where a folder was expected',
  EISDIR: 'a folder where a file was expected',
  ENOSPC: 'no space left on the device',
  EROFS: 'a read-only file system',
  EDQUOT: 'the disk quota exceeded',
  EMFILE: 'too many open files',
  EIO: 'an I/O error',
  ELOOP: 'a loop of symbolic links',
  ENOENT: 'no such file or folder',
  ENAMETOOLONG: 'a name too long',
};

/** An error code with what it means: `ENOSPC (no space left on the device)`. */
export const describeErrno = (code: string | undefined): string =>
  code === undefined ? 'an error' : ERRNO_WORDS[code] ? `${code} (${ERRNO_WORDS[code]})` : code;

/** A symbolic link whose target is not there: `ENOENT` on opening, but not a file that is absent. */
const danglingLink = (file: string, target: string) =>
  problem({
    file,
    ruleId: 'unreadable',
    reason: `expected a file that can be read, found a symbolic link to ${target}, which leads to no file`,
  });

function openError(file: string, error: unknown): Problem | undefined {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') {
    let target: string | undefined;
    try {
      target = readlinkSync(file);
    } catch {
      // Not a link: there is no such file.
    }
    return target === undefined ? undefined : danglingLink(file, target);
  }
  return problem({ file, ruleId: 'unreadable', reason: `expected a file that can be read, found ${describeErrno(code)}` });
}

const tooLarge = (file: string, size: number, options: ReadOptions) =>
  problem({
    file,
    ruleId: 'too-large',
    reason: `expected ${options.what ?? 'a file'} of at most ${options.maxBytes / 1024 / 1024} MiB, found ${size > options.maxBytes * 4 ? 'more' : `${(size / 1024 / 1024).toFixed(1)} MiB`}`,
  });

/**
 * A file's bytes, if it is a regular file: a FIFO or a device is refused without blocking on it
 * (O_NONBLOCK) and without reading it, and the size limit holds even where `stat` reports 0.
 * `undefined` when there is no such file.
 */
export async function readRegularFile(file: string, options: ReadOptions): Promise<RegularFile | undefined | Problem> {
  let handle: FileHandle;
  try {
    handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK | (options.noFollow ? constants.O_NOFOLLOW : 0));
  } catch (error) {
    if (options.noFollow && (error as NodeJS.ErrnoException).code === 'ELOOP') {
      const target = await readlink(file).catch(() => undefined);
      if (target !== undefined)
        return problem({
          file,
          ruleId: 'not-a-file',
          reason: `expected a regular file, found a symbolic link to ${target}: replace the link with the file, or draft where the file is`,
        });
    }
    return openError(file, error);
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) return problem({ file, ruleId: 'not-a-file', reason: `expected a regular file, found ${kindOf(info.mode)}` });
    if (info.size > options.maxBytes) return tooLarge(file, info.size, options);
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.alloc(Math.min(Math.max(info.size - total, 64 * 1024), options.maxBytes + 1 - total));
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      chunks.push(chunk.subarray(0, bytesRead));
      total += bytesRead;
      if (total > options.maxBytes) return tooLarge(file, total, options);
    }
    return { bytes: Buffer.concat(chunks, total), mode: info.mode & 0o7777 };
  } catch (error) {
    return (
      openError(file, error) ??
      problem({ file, ruleId: 'unreadable', reason: 'expected a file that can be read, found it gone while reading' })
    );
  } finally {
    await handle.close();
  }
}

/** The same, synchronously, for the few places that cannot wait. */
export function readRegularFileSync(file: string, options: ReadOptions): RegularFile | undefined | Problem {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    return openError(file, error);
  }
  try {
    const info = fstatSync(fd);
    if (!info.isFile()) return problem({ file, ruleId: 'not-a-file', reason: `expected a regular file, found ${kindOf(info.mode)}` });
    if (info.size > options.maxBytes) return tooLarge(file, info.size, options);
    const bytes = Buffer.alloc(Math.min(info.size, options.maxBytes + 1));
    let total = 0;
    for (let read = 1; read > 0 && total < bytes.length; total += read) read = readSync(fd, bytes, total, bytes.length - total, null);
    return { bytes: bytes.subarray(0, total), mode: info.mode & 0o7777 };
  } catch (error) {
    return (
      openError(file, error) ??
      problem({ file, ruleId: 'unreadable', reason: 'expected a file that can be read, found it gone while reading' })
    );
  } finally {
    closeSync(fd);
  }
}

/**
 * A locale or template file as strict UTF-8 text; `undefined` when there is no such file (a symbolic
 * link that leads nowhere is a problem, not an absent file).
 */
export async function readTextFile(file: string): Promise<string | Problem | undefined> {
  const read = await readRegularFile(file, { maxBytes: MAX_TEXT_FILE });
  return read === undefined || isProblem(read) ? read : decodeUtf8(read.bytes, file);
}

export function readTextFileSync(file: string): string | Problem | undefined {
  const read = readRegularFileSync(file, { maxBytes: MAX_TEXT_FILE });
  return read === undefined || isProblem(read) ? read : decodeUtf8(read.bytes, file);
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
    if ((b === 0xe0 && second < 0xa0) || (b === 0xed && second >= 0xa0) || (b === 0xf0 && second < 0x90) || (b === 0xf4 && second >= 0x90))
      return i;
    i += length;
  }
  return bytes.length;
}
