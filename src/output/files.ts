/**
 * Writing files so that a crash leaves either the old file or the new one:
 * each goes to a temporary file in the same folder, then is renamed over.
 */
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, basename } from 'node:path';

export async function writeFileAtomic(path: string, content: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  try {
    await writeFile(temporary, content);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/** Writes every file of a bundle; all content is computed before the first write. */
export async function writeFiles(dir: string, files: ReadonlyMap<string, string>): Promise<string[]> {
  const written: string[] = [];
  for (const [name, content] of files) {
    await writeFileAtomic(join(dir, name), content);
    written.push(join(dir, name));
  }
  return written;
}
