/**
 * Where `init` and `locales add` may write: a path that is new, or (with
 * `force`) a regular file of its own. A symbolic link, a FIFO, a device or a
 * folder where a file belongs is refused before anything is written, as is a
 * place under /proc, /sys or /dev (the kernel's, where a recursive mkdir
 * can spin for ever); a failed write is a problem, never a stack trace.
 */
import type { Stats } from 'node:fs';
import { lstat, readlink, realpath } from 'node:fs/promises';
import { dirname, resolve, sep } from 'node:path';
import { problem, type Problem } from '../messages.js';
import { describeErrno, kindOf } from '../text-file.js';
import { writeFileAtomic } from './files.js';

const errnoWords = (error: unknown): string => {
  const code = (error as NodeJS.ErrnoException).code;
  return code ? describeErrno(code) : String((error as Error).message);
};

/** The deepest existing folder on the way to `path`, resolved through links; a problem when it is not a folder. */
async function existingAncestor(path: string): Promise<{ dir: string } | Problem> {
  let dir = dirname(resolve(path));
  for (;;) {
    const info = await lstat(dir).catch((error: NodeJS.ErrnoException) =>
      error.code === 'ENOENT' || error.code === 'ENOTDIR' ? undefined : error,
    );
    if (info instanceof Error)
      return problem({
        file: path,
        ruleId: 'unwritable',
        reason: `expected a folder that can be written in, found ${errnoWords(info)} at ${dir}`,
      });
    if (info) {
      const real = await realpath(dir).catch(() => dir);
      const stat = info.isSymbolicLink() ? await lstat(real).catch(() => undefined) : info;
      if (!stat?.isDirectory())
        return problem({
          file: path,
          ruleId: 'unwritable',
          reason: `expected a folder at ${dir}, found ${stat ? (stat.isFile() ? 'a file' : kindOf(stat.mode, 'a folder')) : 'a symbolic link that leads to nothing'}`,
        });
      return { dir: real };
    }
    const up = dirname(dir);
    if (up === dir) return { dir };
    dir = up;
  }
}

/**
 * Why `file` may not be written (`force`: replacing a regular file of its own), or `undefined`. `what` names the
 * file in messages ("a dataset", "a locale file").
 */
export async function fileTargetProblem(
  file: string,
  options: { force?: boolean; what: string; existsHint: string },
): Promise<Problem | undefined> {
  if (file === '')
    return problem({ file: '.', ruleId: 'unwritable', reason: `expected a file name for ${options.what}, found an empty one` });
  const ancestor = await existingAncestor(file);
  if ('reason' in ancestor) return ancestor;
  if (/^\/(proc|sys|dev)(\/|$)/.test(ancestor.dir + sep))
    return problem({
      file,
      ruleId: 'unwritable',
      reason: `expected a place for ${options.what} on a file system of files, found one under /${ancestor.dir.split(sep)[1]}, the kernel's`,
    });
  let info: Stats;
  try {
    info = await lstat(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    return problem({ file, ruleId: 'unwritable', reason: `expected a place ${options.what} can be written, found ${errnoWords(error)}` });
  }
  if (info.isSymbolicLink())
    return problem({
      file,
      ruleId: 'not-a-file',
      reason: `expected a new file for ${options.what}, found a symbolic link to ${await readlink(file).catch(() => 'somewhere')}: nothing was written (name the file itself)`,
    });
  if (!info.isFile())
    return problem({
      file,
      ruleId: 'not-a-file',
      reason: `expected a new file for ${options.what}, found ${kindOf(info.mode, 'a folder')}: nothing was written`,
    });
  if (!options.force)
    return problem({
      file,
      ruleId: 'exists',
      reason: `expected a new file, found one already there: nothing was written (${options.existsHint})`,
    });
  return undefined;
}

/** Writes atomically; a failure is a problem naming the file and the cause. */
export async function writeOrProblem(file: string, content: string): Promise<Problem | undefined> {
  try {
    await writeFileAtomic(file, content);
    return undefined;
  } catch (error) {
    return problem({ file, ruleId: 'unwritable', reason: `expected to write the file, found ${errnoWords(error)}` });
  }
}
