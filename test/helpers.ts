/** Shared by the tests: the example, and reading a post back as mdast. */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import type { Heading, Paragraph, Root, Table } from 'mdast';
import { toString } from 'mdast-util-to-string';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { parse as parseYaml } from 'yaml';
import { expect } from 'vitest';
import { loadDataset, type Dataset } from '../src/dataset/index.js';
import { assertSvgFilesWellFormed } from './xml.js';

export const root = new URL('..', import.meta.url).pathname;
export const EXAMPLE_DATASET = `${root}examples/2021-q4/dataset.json`;
export const EXAMPLE_DRAFTS = `${root}examples/2021-q4/drafts`;
/** A bundle whose posts and chart try to run script and fetch from outside in the preview. */
export const HOSTILE_PREVIEW = `${root}test/fixtures/hostile/preview`;

export const loadExample = (): Promise<Dataset> => loadDataset(EXAMPLE_DATASET);

const reader = unified().use(remarkParse).use(remarkGfm).use(remarkFrontmatter, ['yaml']);

export interface ReadPost {
  tree: Root;
  frontMatter: Record<string, unknown>;
  headings: string[];
  paragraphs: string[];
  /** Each table as rows of cell texts, header first. */
  tables: string[][][];
}

export function readPost(markdown: string): ReadPost {
  const tree = reader.parse(markdown) as Root;
  const yaml = tree.children[0]?.type === 'yaml' ? tree.children[0].value : '';
  const of = <T>(type: string) => tree.children.filter((n) => n.type === type) as T[];
  return {
    tree,
    frontMatter: parseYaml(yaml) as Record<string, unknown>,
    headings: of<Heading>('heading').map((h) => toString(h)),
    paragraphs: of<Paragraph>('paragraph').map((p) => toString(p)),
    tables: of<Table>('table').map((t) => t.children.map((row) => row.children.map((cell) => toString(cell)))),
  };
}

/** A copy of the example with changes applied. */
export async function exampleWith(change: (dataset: Dataset) => void): Promise<Dataset> {
  const dataset = structuredClone(await loadExample());
  change(dataset);
  return dataset;
}

/** Runs the built CLI from the repository root; the SVGs of a draft that succeeded must be well-formed XML. */
export function cli(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  // Plain text whatever the environment asks for: color is tested apart (cli-json.test.ts).
  const { FORCE_COLOR: _force, NO_COLOR: _no, ...env } = process.env;
  const run = spawnSync(process.execPath, ['dist/bin/telescope-report.mjs', ...args], { cwd: root, encoding: 'utf8', env });
  const out = args.indexOf('--out');
  if (args[0] === 'draft' && run.status === 0 && out !== -1) assertSvgFilesWellFormed(resolve(root, args[out + 1]!));
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** Every file below `dir` (dot folders included), by relative path, with its content. */
export async function snapshotTree(dir: string): Promise<Record<string, string>> {
  const { readdir, readFile } = await import('node:fs/promises');
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries
    .filter((e) => e.isFile())
    .map((e) => `${e.parentPath ?? (e as unknown as { path: string }).path}/${e.name}`.slice(dir.length + 1))
    .sort();
  return Object.fromEntries(await Promise.all(files.map(async (name) => [name, (await readFile(`${dir}/${name}`)).toString('latin1')])));
}

/** Asserts that a command printed no stack trace (no `    at file:line:column` line). */
export function noStackTrace(output: string): void {
  expect(output).not.toMatch(/\n\s+at .+:\d+:\d+/);
}
