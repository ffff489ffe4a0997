/** Every example of `examples/examples.json` is what `npm run examples` writes today: its bundle and its explain.txt. */
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exampleArguments, explanationOf, readExamples } from '../src/build/examples.js';
import { cli, root } from './helpers.js';

describe.each(readExamples())('the example $drafts', (example) => {
  it('is what `npm run examples` writes today, with what draft --explain prints', async () => {
    const out = await mkdtemp(join(tmpdir(), 'example-'));
    const args = exampleArguments(example).map((arg) => (arg === `examples/${example.drafts}` ? out : arg));
    const run = cli(...args);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const committed = join(root, 'examples', example.drafts);
    const names = (dir: string) => readdir(dir).then((list) => list.filter((name) => name !== '.telescope-report').sort());
    expect(await names(committed)).toEqual(await names(out));
    for (const name of await names(out))
      expect(await readFile(join(committed, name), 'utf8'), `${name} is stale: run npm run examples`).toBe(
        await readFile(join(out, name), 'utf8'),
      );
    expect(
      await readFile(join(root, 'examples', dirname(example.drafts), 'explain.txt'), 'utf8'),
      'explain.txt is stale: run npm run examples',
    ).toBe(explanationOf(run.stdout));
    // Each fact the template keeps is explained, with at least one number it rests on.
    expect(explanationOf(run.stdout)).toMatch(/ fact [a-z-]+.*\n(?: {2}[a-z]{2}: .+\n)+ {2}rests on:\n {4}.+: .+/);
  });
});
