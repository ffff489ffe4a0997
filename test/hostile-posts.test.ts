/**
 * Posts and files that check and preview read, and where preview writes: the
 * guards' exact answers on small inputs. The same inputs go through the real
 * command line, disk untouched, in the hostile corpus (hostile.test.ts).
 */
import { lstat, mkdir, mkdtemp, readdir, readFile, readlink, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Root } from 'mdast';
import remarkFrontmatter from 'remark-frontmatter';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import { formatProblem } from '../src/messages.js';
import { readFrontMatter } from '../src/output/front-matter.js';
import { MAX_NESTING, tooDeep } from '../src/output/nesting.js';
import { PREVIEW_MARKER } from '../src/output/preview-file.js';
import { cli, EXAMPLE_DATASET, EXAMPLE_DRAFTS, root } from './helpers.js';

const TOO_DEEP =
  'expected block quotes and lists nested at most 100 levels deep, found level 101 at this column (each `>` or list marker, and every two columns of indentation, counts as a level)  too-deep';
const deep = (text: string) => {
  const found = tooDeep(text, 'post.md');
  return found && formatProblem(found);
};
const list = (levels: number, step = '  ', marker = '- ') =>
  Array.from({ length: levels }, (_, i) => `${step.repeat(i)}${marker}item`).join('\n');

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

const parser = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']);
const frontMatterOf = (post: string) => {
  const tree = parser.parse(post) as Root;
  const result = readFrontMatter(tree.children[0]?.type === 'yaml' ? tree.children[0] : undefined, 'post.md');
  return 'problem' in result ? formatProblem(result.problem) : result.data;
};

describe('front matter', () => {
  it('is read as YAML data, aliases of a few values included', () => {
    expect(frontMatterOf('---\ntitle: Hello\ndraft: true\n---\n\nText.\n')).toEqual({ title: 'Hello', draft: true });
    expect(frontMatterOf('---\nbase: &b {lang: en}\none: *b\ntwo: *b\n---\n')).toEqual({
      base: { lang: 'en' },
      one: { lang: 'en' },
      two: { lang: 'en' },
    });
    expect(frontMatterOf('Text only.\n')).toEqual({});
    expect(frontMatterOf('---\n---\n\nText.\n')).toEqual({});
  });

  it('that does not parse is a problem at its line:column, never an exception', () => {
    expect(frontMatterOf('---\ntitle: [unclosed\n---\n')).toBe(
      'post.md:2:17  error  expected valid YAML front matter, found an error: Flow sequence in block collection must be sufficiently indented and end with a ]  front-matter',
    );
    expect(frontMatterOf('---\ntitle: a\ndate: 2022-02-10\ntitle: b\n---\n')).toBe(
      'post.md:4:1  error  expected valid YAML front matter, found an error: Map keys must be unique  front-matter',
    );
    expect(frontMatterOf('---\n- a\n- b\n---\n')).toBe(
      'post.md:2:1  error  expected front matter that is a YAML mapping (`title: …`), found a list  front-matter',
    );
    expect(frontMatterOf('---\njust text\n---\n')).toBe(
      'post.md:2:1  error  expected front matter that is a YAML mapping (`title: …`), found a string  front-matter',
    );
  });

  it('refuses an alias bomb at its first alias, and nesting past 100 levels where it passes', () => {
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x]',
      'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]',
      'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]',
      'd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]',
    ].join('\n');
    expect(frontMatterOf(`---\n${bomb}\n---\n`)).toBe(
      'post.md:3:8  error  expected YAML front matter whose aliases expand to at most 20 values, found aliases that expand to more  front-matter',
    );
    // The mapping is the first level: the 100th `[` opens the 101st.
    expect(frontMatterOf(`---\ntitle: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n---\n`)).toBe(
      'post.md:2:107  error  expected YAML front matter nested at most 100 levels deep, found level 101 here  too-deep',
    );
    expect(frontMatterOf(`---\ntitle: ${'['.repeat(99)}${']'.repeat(99)}\n---\n`)).toEqual({ title: expect.any(Array) });
    expect(frontMatterOf(`---\n${'? '.repeat(150)}x\n---\n`)).toBe(
      'post.md:2:201  error  expected YAML front matter nested at most 100 levels deep, found level 101 here  too-deep',
    );
  });
});

async function bundle(post = '---\ntitle: Small\n---\n\nHello.\n'): Promise<string> {
  const dir = join(await mkdtemp(join(tmpdir(), 'hostile-posts-')), 'bundle');
  await mkdir(dir);
  await writeFile(join(dir, 'index.en.md'), post);
  return dir;
}

describe('check and preview of a post with broken front matter', () => {
  it('check reports it as a finding (exit 1); preview refuses (exit 2) and writes nothing', async () => {
    const dir = await bundle('---\ntitle: [x\n---\n\nHello.\n');
    const post = join(dir, 'index.en.md');
    expect(cli('check', dir)).toEqual({
      code: 1,
      stdout: `${post}:1:1  warning  expected a post that telescope-report wrote (its last generated text in .telescope-report/, or a \`generated:\` line), found neither: draft would refuse to regenerate it  not-generated
${post}:2:10  warning  expected valid YAML front matter, found an error: Flow sequence in block collection must be sufficiently indented and end with a ]  front-matter
⚠ 2 findings
`,
      stderr: '',
    });
    expect(cli('preview', dir)).toEqual({
      code: 2,
      stdout: '',
      stderr: `${post}:2:10  error  expected valid YAML front matter, found an error: Flow sequence in block collection must be sufficiently indented and end with a ]  front-matter\n✖ 1 post problem\n`,
    });
    expect(await readdir(dir)).toEqual(['index.en.md']);
  });

  it('preview titles a column with its language when the title is not text', async () => {
    const dir = await bundle('---\ntitle: {a: 1}\n---\n\nHello.\n');
    expect(cli('preview', dir).code).toBe(0);
    expect(await readFile(join(dir, '.telescope-report/preview.html'), 'utf8')).toContain('<h1>en</h1>');
  });
});

describe('preview --out', () => {
  it('writes a new file, marked as a preview in its first bytes, and replaces it the next time', async () => {
    const dir = await bundle();
    const out = join(dir, '..', 'preview.html');
    expect(cli('preview', dir, '--out', out)).toEqual({ code: 0, stdout: `wrote ${out}\n`, stderr: '' });
    const first = await readFile(out, 'utf8');
    expect(first.indexOf(PREVIEW_MARKER)).toBeGreaterThan(0);
    expect(first.indexOf(PREVIEW_MARKER)).toBeLessThan(first.indexOf('<style>'));
    expect(first.indexOf('Content-Security-Policy')).toBeLessThan(first.indexOf(PREVIEW_MARKER));
    await writeFile(join(dir, 'index.en.md'), '---\ntitle: Changed\n---\n\nHello.\n');
    expect(cli('preview', dir, '--out', out)).toEqual({ code: 0, stdout: `wrote ${out}\n`, stderr: '' });
    expect(await readFile(out, 'utf8')).toContain('<h1>Changed</h1>');
  });

  it('replaces a preview written before the marker existed', async () => {
    const dir = await bundle();
    const out = join(dir, '..', 'old.html');
    expect(cli('preview', dir, '--out', out).code).toBe(0);
    await writeFile(out, (await readFile(out, 'utf8')).replace(`${PREVIEW_MARKER}\n`, ''));
    expect(cli('preview', dir, '--out', out)).toEqual({ code: 0, stdout: `wrote ${out}\n`, stderr: '' });
    expect(await readFile(out, 'utf8')).toContain(PREVIEW_MARKER);
  });

  it('refuses the post, a page it did not write, a link and a folder, each said exactly, and leaves them as they were', async () => {
    const dir = await bundle();
    const post = join(dir, 'index.en.md');
    const page = join(dir, '..', 'page.html');
    const link = join(dir, '..', 'link.html');
    const folder = join(dir, '..', 'folder.html');
    await writeFile(page, '<!doctype html>\n<title>Mine</title>\n');
    await symlink(page, link);
    await mkdir(folder);
    const refused = (file: string, reason: string, rule: string) => ({
      code: 2,
      stdout: '',
      stderr: `${file}  error  ${reason}  ${rule}\n✖ 1 preview problem: nothing was written\n`,
    });
    expect(cli('preview', dir, '--out', post)).toEqual(
      refused(
        post,
        'expected a file name ending in .html for the preview (it replaces nothing but a preview), found "index.en.md"',
        'not-a-preview',
      ),
    );
    expect(cli('preview', dir, '--out', page)).toEqual(
      refused(
        page,
        'expected a new file or a preview telescope-report wrote (its first bytes name the generator), found a file it did not write: it is left as it is; name another file, or remove this one first',
        'not-a-preview',
      ),
    );
    expect(cli('preview', dir, '--out', link)).toEqual(
      refused(
        link,
        `expected a new file or a preview telescope-report wrote, found a symbolic link to ${page}: name the file itself`,
        'not-a-file',
      ),
    );
    expect(cli('preview', dir, '--out', folder)).toEqual(
      refused(folder, 'expected a new file or a preview telescope-report wrote, found a folder', 'not-a-file'),
    );
    expect(cli('preview', dir, '--out', '/proc/telescope-report.html')).toEqual(
      refused('/proc/telescope-report.html', 'expected to write the preview, found ENOENT (no such file or folder)', 'unwritable'),
    );
    expect(await readFile(post, 'utf8')).toBe('---\ntitle: Small\n---\n\nHello.\n');
    expect(await readFile(page, 'utf8')).toBe('<!doctype html>\n<title>Mine</title>\n');
    expect((await lstat(link)).isSymbolicLink()).toBe(true);
    expect(await readdir(folder)).toEqual([]);
    expect((await readdir(join(dir, '..'))).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('by default writes only into the bundle’s own .telescope-report folder, never through a link', async () => {
    const dir = await bundle();
    const elsewhere = join(dir, '..', 'elsewhere');
    await mkdir(elsewhere);
    await symlink('../elsewhere', join(dir, '.telescope-report'));
    expect(cli('preview', dir)).toEqual({
      code: 2,
      stdout: '',
      stderr: `${join(dir, '.telescope-report')}  error  expected the bundle's own .telescope-report/ folder, found a symbolic link to ../elsewhere: telescope-report writes only inside the bundle (name another place with --out)  sidecar\n✖ 1 preview problem: nothing was written\n`,
    });
    expect(await readdir(elsewhere)).toEqual([]);
    expect(await readlink(join(dir, '.telescope-report'))).toBe('../elsewhere');
  });
});

describe('symbolic links that lead nowhere', () => {
  it('in a locales layer: the file is named, for draft, locales check and locales status alike', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hostile-locales-'));
    await mkdir(join(dir, 'en'));
    await symlink('gone.json', join(dir, 'en', 'post.json'));
    await symlink('gone', join(dir, 'ja'));
    const stderr = `${join(dir, 'en/post.json')}  error  expected a file that can be read, found a symbolic link to gone.json, which leads to no file  unreadable
${join(dir, 'ja')}  error  expected a language folder of locale files, found a symbolic link to gone, which leads to no folder  unreadable
✖ 2 locale problems
`;
    const out = join(dir, '..', `${dir.split('/').pop()}-out`);
    expect(cli('draft', EXAMPLE_DATASET, '--out', out, '--no-svg', '--locales', dir)).toEqual({ code: 2, stdout: '', stderr });
    expect(cli('locales', 'check', '--locales', dir)).toEqual({ code: 2, stdout: '', stderr });
    expect(cli('locales', 'status', '--locales', dir)).toEqual({ code: 2, stdout: '', stderr });
    await expect(lstat(out)).rejects.toThrow();
  });

  it('for a template: reported, not passed over for the shipped template', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hostile-templates-'));
    await symlink('gone.md', join(dir, 'overflow.md'));
    expect(cli('draft', EXAMPLE_DATASET, '--out', join(dir, 'out'), '--no-svg', '--templates', dir)).toEqual({
      code: 2,
      stdout: '',
      stderr: `${join(dir, 'overflow.md')}  error  expected a file that can be read, found a symbolic link to gone.md, which leads to no file  unreadable\n✖ 1 template problem\n`,
    });
  });

  it('a language folder that is a link to one is read', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hostile-locales-'));
    await mkdir(join(dir, 'real-en'));
    await writeFile(join(dir, 'real-en', 'post.json'), '{"intro": }\n');
    await symlink('real-en', join(dir, 'en'));
    const run = cli('locales', 'status', '--locales', dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(new RegExp(`^${join(dir, 'en/post.json')}:1:11  error  .*  json-syntax$`, 'm'));
  });
});
