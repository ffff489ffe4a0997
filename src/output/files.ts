/**
 * Writing files so that a crash leaves either the old file or the new one:
 * each goes to a temporary file in the same folder, then is renamed over.
 */
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export async function writeFileAtomic(path: string, content: string | Uint8Array, options: { folderExists?: boolean } = {}): Promise<void> {
  if (!options.folderExists) await mkdir(dirname(path), { recursive: true });
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  try {
    await writeFile(temporary, content);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/** Writes every file of a bundle, side by side, each atomically; all content is computed before the first write. */
export async function writeFiles(dir: string, files: ReadonlyMap<string, string>): Promise<string[]> {
  const written = [...files.keys()].map((name) => join(dir, name));
  await Promise.all([...new Set([dir, ...written.map(dirname)])].map((folder) => mkdir(folder, { recursive: true })));
  // Settled, not all: when one write fails, the others still finish (or clean up their temporary file) before we throw.
  const results = await Promise.allSettled(
    [...files.values()].map((content, index) => writeFileAtomic(written[index]!, content, { folderExists: true })),
  );
  const failed = results.find((result) => result.status === 'rejected');
  if (failed) throw failed.reason;
  return written;
}
