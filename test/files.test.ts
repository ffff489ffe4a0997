/**
 * Every write is atomic: a temporary file in the same folder, then a rename.
 * A child process stands in for a crash: its `writeFile` writes half the text
 * and then hangs (to be killed) or throws.
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../src/output/files.js';
import { root } from './helpers.js';

const OLD = 'the old post\n';
const NEW = 'the new post, which is longer than the old one\n'.repeat(1000);

/** Runs writeFileAtomic in a child whose writeFile breaks halfway: 'hang' (then SIGKILL) or 'throw'. */
async function breakingWrite(
  target: string,
  failure: 'hang' | 'throw',
): Promise<{ stderr: string; code: number | null; signal: string | null }> {
  const child = spawn(process.execPath, [
    '--input-type=module',
    '-e',
    `
    import { createRequire, syncBuiltinESMExports } from 'node:module';
    const fs = createRequire(import.meta.url)('node:fs/promises');
    const realWrite = fs.writeFile;
    fs.writeFile = async (path, data) => {
      await realWrite(path, data.slice(0, data.length / 2));
      process.stdout.write('half written\\n');
      if (${JSON.stringify(failure)} === 'throw') throw new Error('disk full');
      await new Promise(() => {});
    };
    syncBuiltinESMExports();
    const { writeFileAtomic } = await import(${JSON.stringify(`${root}dist/output/files.js`)});
    await writeFileAtomic(${JSON.stringify(target)}, ${JSON.stringify(NEW)});
  `,
  ]);
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  child.stdout.on('data', (chunk: Buffer) => {
    if (failure === 'hang' && chunk.toString().includes('half written')) child.kill('SIGKILL');
  });
  return new Promise((resolve) => child.on('exit', (code, signal) => resolve({ stderr, code, signal })));
}

describe('atomic writes', () => {
  it('keeps the old file when the writer is killed midway', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'atomic-'));
    const target = join(dir, 'index.en.md');
    await writeFile(target, OLD);
    const run = await breakingWrite(target, 'hang');
    expect(run.signal).toBe('SIGKILL');
    expect(await readFile(target, 'utf8')).toBe(OLD);
    // What the crash leaves besides: the half-written temporary file, never the post itself.
    const temporary = (await readdir(dir)).filter((name) => name !== 'index.en.md');
    expect(temporary).toHaveLength(1);
    expect(temporary[0]).toMatch(/^\.index\.en\.md\.\d+\.\d+\.tmp$/);
    expect((await readFile(join(dir, temporary[0]!), 'utf8')).length).toBe(NEW.length / 2);
  });

  it('keeps the old file and removes the temporary one when a write fails', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'atomic-'));
    const target = join(dir, 'index.en.md');
    await writeFile(target, OLD);
    const run = await breakingWrite(target, 'throw');
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('disk full');
    expect(await readFile(target, 'utf8')).toBe(OLD);
    expect(await readdir(dir)).toEqual(['index.en.md']);
  });

  it('leaves the old state when the final rename fails', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'atomic-'));
    const target = join(dir, 'index.en.md');
    await mkdir(target);
    await writeFile(join(target, 'keep.txt'), 'kept');
    await expect(writeFileAtomic(target, 'new text')).rejects.toThrow();
    expect(await readFile(join(target, 'keep.txt'), 'utf8')).toBe('kept');
    expect(await readdir(dir)).toEqual(['index.en.md']);
  });
});
