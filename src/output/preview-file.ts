/**
 * Where a preview may be written. A preview replaces only what is certainly
 * a preview: a new file, or a regular file whose first bytes say that
 * telescope-report wrote it. A post, a dataset, the sidecar's manifest, a
 * symbolic link, a FIFO, a device or a folder is refused before anything is
 * written, and a failed write is a problem to report, never a stack trace.
 */
import { constants, type Stats } from 'node:fs';
import { lstat, open, readlink } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { problem, ProblemsError, type Problem } from '../messages.js';
import { describeErrno, kindOf } from '../text-file.js';
import { writeFileAtomic } from './files.js';
import { SIDECAR_DIR } from './sidecar.js';

/** Written in every preview's head, within its first bytes, so that the next run knows the file for one of ours. */
export const PREVIEW_MARKER = '<meta name="generator" content="telescope-report preview">';
/** How far into a file the marker is looked for. */
const HEAD_BYTES = 4096;
/**
 * The head of a preview written before the marker existed: exactly these lines, then the policy's
 * style hash. Such a file is a preview by any measure, and is replaced like one.
 */
const EARLIER_PREVIEW =
  /^<!doctype html>\n<html lang="[A-Za-z-]+">\n<head>\n<meta charset="utf-8">\n<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src 'self' data:; style-src 'sha256-[A-Za-z0-9+/=]+'; base-uri 'none'; form-action 'none'">\n/;

const errnoWords = (error: unknown) => {
  const code = (error as NodeJS.ErrnoException).code;
  return code ? describeErrno(code) : String((error as Error).message);
};

/** Where the preview of `dir` goes by default: its sidecar folder, which must be a folder of the bundle's own. */
export async function defaultPreviewFile(dir: string): Promise<string> {
  const sidecar = join(dir, SIDECAR_DIR);
  const info = await lstat(sidecar).catch(() => undefined);
  if (info && !info.isDirectory()) {
    const what = info.isSymbolicLink() ? `a symbolic link to ${await readlink(sidecar).catch(() => 'somewhere')}` : 'a file';
    throw new ProblemsError('preview', [
      problem({
        file: sidecar,
        ruleId: 'sidecar',
        reason: `expected the bundle's own ${SIDECAR_DIR}/ folder, found ${what}: telescope-report writes only inside the bundle (name another place with --out)`,
      }),
    ]);
  }
  return join(sidecar, 'preview.html');
}

/** Why `file` may not receive a preview, or `undefined` when it may (it is new, or a preview). */
export async function previewTargetProblem(file: string): Promise<Problem | undefined> {
  if (!['.html', '.htm'].includes(extname(file).toLowerCase())) {
    return problem({
      file,
      ruleId: 'not-a-preview',
      reason: `expected a file name ending in .html for the preview (it replaces nothing but a preview), found ${JSON.stringify(basename(file))}`,
    });
  }
  let info: Stats;
  try {
    info = await lstat(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    return problem({ file, ruleId: 'unwritable', reason: `expected a place the preview can be written, found ${errnoWords(error)}` });
  }
  if (info.isSymbolicLink()) {
    const target = await readlink(file).catch(() => 'somewhere');
    return problem({
      file,
      ruleId: 'not-a-file',
      reason: `expected a new file or a preview telescope-report wrote, found a symbolic link to ${target}: name the file itself`,
    });
  }
  if (!info.isFile()) {
    return problem({
      file,
      ruleId: 'not-a-file',
      reason: `expected a new file or a preview telescope-report wrote, found ${kindOf(info.mode, 'a folder')}`,
    });
  }
  let head: string;
  try {
    head = await readHead(file);
  } catch (error) {
    return problem({ file, ruleId: 'unwritable', reason: `expected a preview that can be read and replaced, found ${errnoWords(error)}` });
  }
  if (head.includes(PREVIEW_MARKER) || EARLIER_PREVIEW.test(head)) return undefined;
  return problem({
    file,
    ruleId: 'not-a-preview',
    reason:
      'expected a new file or a preview telescope-report wrote (its first bytes name the generator), found a file it did not write: it is left as it is; name another file, or remove this one first',
  });
}

/** The first bytes of a regular file, without following a link or blocking on a FIFO put there since. */
async function readHead(file: string): Promise<string> {
  const handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
  try {
    if (!(await handle.stat()).isFile()) return '';
    const buffer = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, HEAD_BYTES, 0);
    return buffer.subarray(0, bytesRead).toString('latin1');
  } finally {
    await handle.close();
  }
}

/** Writes the preview to `file` (atomically) when it may go there; every refusal and failure as a problem. */
export async function writePreview(file: string, html: string): Promise<void> {
  const refused = await previewTargetProblem(file);
  if (refused) throw new ProblemsError('preview', [refused]);
  try {
    await writeFileAtomic(file, html);
  } catch (error) {
    if (!(error as NodeJS.ErrnoException).code) throw error;
    throw new ProblemsError('preview', [
      problem({ file, ruleId: 'unwritable', reason: `expected to write the preview, found ${errnoWords(error)}` }),
    ]);
  }
}
