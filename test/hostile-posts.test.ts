/**
 * Posts and files that check and preview read, and where preview writes: the
 * guards' exact answers on small inputs. The same inputs go through the real
 * command line, disk untouched, in the hostile corpus (hostile.test.ts).
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatProblem } from '../src/messages.js';
import { MAX_NESTING, tooDeep } from '../src/output/nesting.js';
import { EXAMPLE_DRAFTS, root } from './helpers.js';

const TOO_DEEP = 'expected block quotes and lists nested at most 100 levels deep, found level 101 at this column (each `>` or list marker, and every two columns of indentation, counts as a level)  too-deep';
const deep = (text: string) => {
  const found = tooDeep(text, 'post.md');
  return found && formatProblem(found);
};
const list = (levels: number, step = '  ', marker = '- ') => Array.from({ length: levels }, (_, i) => `${step.repeat(i)}${marker}item`).join('\n');

describe('the nesting guard', () => {
  it('allows 100 levels and refuses the 101st where it starts', () => {
    expect(MAX_NESTING).toBe(100);
    expect(deep(`${'>'.repeat(100)} x`)).toBeUndefined();
    expect(deep(`intro\n\n${'>'.repeat(3000)} x`)).toBe(`post.md:3:101  error  ${TOO_DEEP}`);
    expect(deep(`${'> '.repeat(100)}x`)).toBeUndefined();
    expect(deep(`${'> '.repeat(101)}x`)).toBe(`post.md:1:201  error  ${TOO_DEEP}`);
    expect(deep(list(100))).toBeUndefined();
    expect(deep(list(1000))).toBe(`post.md:101:201  error  ${TOO_DEEP}`);
    expect(deep(`${'- '.repeat(101)}x`)).toBe(`post.md:1:201  error  ${TOO_DEEP}`);
    expect(deep(`${'1. '.repeat(101)}x`)).toBe(`post.md:1:301  error  ${TOO_DEEP}`);
    expect(deep(`${'\t'.repeat(51)}x`)).toBe(`post.md:1:51  error  ${TOO_DEEP}`);
    expect(deep(`> ${'- '.repeat(99)}\r\n${'+ '.repeat(101)}\r\n`)).toBe(`post.md:2:201  error  ${TOO_DEEP}`);
  });

  it('passes thematic breaks, text that only looks like markers, and code however it is indented up to 200 columns', () => {
    expect(deep(`${'- '.repeat(5000)}\n${'* '.repeat(5000)}\n> ${'_ '.repeat(5000)}`)).toBeUndefined();
    expect(deep(`${'- '.repeat(99)}* * *`)).toBeUndefined();
    expect(deep(`${'-'.repeat(5000)} x\n${'1234567890. '.repeat(200)}\n*${'*'.repeat(300)}emphasis`)).toBeUndefined();
    const json = `\`\`\`json\n${Array.from({ length: 60 }, (_, i) => `${'  '.repeat(i)}{ "level": ${i},`).join('\n')}\n\`\`\``;
    expect(deep(json)).toBeUndefined();
    expect(deep(`    ${' '.repeat(196)}indented code`)).toBeUndefined();
    expect(deep(`\`\`\`\n${' '.repeat(202)}x\n\`\`\``)).toBe(`post.md:2:202  error  ${TOO_DEEP}`);
  });

  it('passes every committed post', async () => {
    const posts: string[] = [];
    const walk = async (dir: string) => {
      for (const entry of await readdir(dir, { withFileTypes: true })) {
        if (entry.isDirectory()) await walk(join(dir, entry.name));
        else if (/\.md$/.test(entry.name)) posts.push(join(dir, entry.name));
      }
    };
    await walk(EXAMPLE_DRAFTS);
    await walk(join(root, 'test/fixtures'));
    await walk(join(root, 'templates'));
    expect(posts.length).toBeGreaterThan(10);
    for (const post of posts) expect(deep(await readFile(post, 'utf8')), post).toBeUndefined();
  });

  it('reads a long line once: 50 MB of spaces or of a thematic break in well under a second each', () => {
    const started = performance.now();
    expect(deep(`${' '.repeat(50_000_000)}x`)).toBe(`post.md:1:202  error  ${TOO_DEEP}`);
    expect(deep('- '.repeat(25_000_000))).toBeUndefined();
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
