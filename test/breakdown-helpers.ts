/** Shared by the breakdown tests: datasets of one ranking with categories, and drafting them with a template of their own. */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { draft } from '../src/draft.js';
import { readPost } from './helpers.js';

/** Directional isolates around a dataset label: invisible, and not what a test is about. */
export const plain = (text: string): string => text.replace(/[\u2068\u2069]/g, '');

export const HEAD = '---\ntitle: title\nseries: test\n---\n\n';
export const CATEGORIES = {
  mirai: { label: { en: 'Mirai-type', ja: 'Mirai型' } },
  gafgyt: { label: { en: 'Gafgyt-type', ja: 'Gafgyt型' } },
};

export type EntryInput = { port: number; packets?: number; rank?: number; categories?: Record<string, number> };
const ports = (entries: EntryInput[]) => entries.map(({ port, ...rest }) => ({ protocol: 'TCP', port, ...rest }));
export const rankingDataset = (entries: EntryInput[], extra: Record<string, unknown> = {}) => ({
  schemaVersion: 2,
  period: { year: 2022, quarter: 1 },
  categories: CATEGORIES,
  rankings: [{ id: 'ports', subject: 'port', entries: ports(entries) }],
  ...extra,
});

/** Drafts a dataset with a template of its own, in both languages. */
export async function draftWith(dataset: unknown, body: string) {
  const dir = await mkdtemp(`${tmpdir()}/breakdowns-`);
  await writeFile(`${dir}/bd.md`, HEAD + body);
  const result = await draft(dataset, { template: 'bd', templatesDir: dir, svg: false });
  const [en, ja] = result.posts.map((post) => readPost(post.markdown));
  return { ...result, en: en!, ja: ja! };
}

/** The paragraphs of a post but table captions. */
export const sentences = (post: { paragraphs: string[] }) => post.paragraphs.map(plain).filter((p) => !/^(Table|表)\s?\d/.test(p));
