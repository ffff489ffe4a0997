/**
 * `--blocks <module>`: a build script's custom blocks for the command line.
 * The module is imported as code (it is the user's own, as a vite or
 * eslint config is) and its default export, or its export `blocks`, is the
 * registration `draft({ blocks })` takes; a module that cannot be read or
 * imported is a problem naming it, never a stack trace.
 */
import { spawnSync } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Blocks } from '../document/blocks.js';
import { blockRegistry } from '../document/blocks.js';
import { problem, ProblemsError } from '../messages.js';

const cache = new Map<string, Promise<Blocks>>();

/**
 * How a module is imported. The CLI's bundle runs as a script with V8's code cache (launcher.ts), where
 * `import()` has no loader to call: the launcher, an ES module, hands in its own.
 */
let importModule = (url: string): Promise<unknown> => import(url);

export function useModuleImporter(importer: (url: string) => Promise<unknown>): void {
  importModule = importer;
}

/**
 * The blocks a module exports, checked (as `draft` would check them). `fresh`: imported again, for a watcher
 * (Node cannot unload a module: each edit loads one more copy, which a long watch can afford).
 */
export function loadBlocksModule(file: string, fresh = false): Promise<Blocks> {
  const path = resolve(file);
  let loading = fresh ? undefined : cache.get(path);
  if (!loading) {
    loading = importBlocks(path, file, fresh ? `?v=${++versions}` : '');
    cache.set(path, loading);
  }
  return loading;
}

let versions = 0;

async function importBlocks(path: string, file: string, version: string): Promise<Blocks> {
  const fail = (reason: string, place?: { line: number; column: number }) =>
    new ProblemsError('blocks', [problem({ file, ruleId: 'unreadable-blocks', reason, ...(place ? { place } : {}) })]);
  const info = await stat(path).catch(() => undefined);
  if (!info) throw fail('expected a JavaScript module of custom blocks (.mjs or .js), found no such file');
  if (!info.isFile())
    throw fail(
      `expected a JavaScript module of custom blocks, found ${info.isDirectory() ? 'a folder' : 'something that is not a regular file'}`,
    );
  let module: Record<string, unknown>;
  try {
    module = (await importModule(`${pathToFileURL(path).href}${version}`)) as Record<string, unknown>;
  } catch (error) {
    const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    throw fail(`expected a module Node can import, found ${text.split('\n')[0]}`, syntaxErrorPlace(error, path));
  }
  const blocks = module.default ?? module.blocks;
  if (blocks === undefined)
    throw fail(
      `expected the blocks as the module's default export (export default defineBlocks({ … })) or as \`export const blocks\`, found the exports ${Object.keys(module).join(', ') || 'none'}`,
    );
  // Checked now, so that a wrong registration is said before any dataset is read.
  blockRegistry(blocks as Blocks, file);
  return blocks as Blocks;
}

/**
 * Where a syntax error is. Node keeps the place of an ES module's syntax error out of the error it rejects
 * with; `node --check` prints it (`/path/blocks.mjs:12`), and a module that failed to parse is worth a second
 * process to say where.
 */
function syntaxErrorPlace(error: unknown, path: string): { line: number; column: number } | undefined {
  if (!(error instanceof SyntaxError)) return undefined;
  const checked = spawnSync(process.execPath, ['--check', path], { encoding: 'utf8', timeout: 10_000 });
  const match = new RegExp(`^${escape(path)}:(\\d+)\\n.*\\n( *)\\^`, 'm').exec(checked.stderr ?? '');
  return match ? { line: Number(match[1]), column: match[2]!.length + 1 } : undefined;
}

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
