/**
 * Runs the bundled CLI (`dist/bin/cli.cjs` and its chunks) through V8 code caches of its own.
 * Node's compile cache (22.1 and later) serializes a module as soon as it is compiled, so it holds
 * only what V8 compiles eagerly, and Node 20 has none; these caches are written after a command has
 * run and hold every function it called, which is most of what a cold draft would otherwise spend
 * compiling (README, Performance, measures both).
 *
 * - Outside the package: beside Node's own compile cache (`NODE_COMPILE_CACHE`, else
 *   node-compile-cache under the system's temporary folder); `NODE_DISABLE_COMPILE_CACHE` turns
 *   this one off too. A folder that cannot be written only means no cache.
 * - Each file is named by a hash of all that makes a cache right for a run: V8's version and flags
 *   (`cachedDataVersionTag`), the chunk's path and its content. V8 itself checks only the source's
 *   length, so an edited chunk must never meet the old bytecode; a moved install has paths of its
 *   own in stack traces; a run with other flags has caches of its own, instead of rewriting these.
 * - A cache is written only where none was found (or V8 rejected the one found), after the command,
 *   so runs never rewrite one another's, and a folder that cannot be written is not written to again.
 */
import { createHash } from 'node:crypto';
import { accessSync, constants, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import nodeModule, { createRequire, Module } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { cachedDataVersionTag } from 'node:v8';
import vm from 'node:vm';
import { writeFileAtomic } from '../output/files.js';

type ModuleWrapper = (exports: unknown, require: NodeJS.Require, module: { exports: unknown }, filename: string, dirname: string) => void;

interface LoadedScript {
  readonly file: string;
  readonly script: vm.Script;
  /** Where this script's cache is, or belongs when `stale`. */
  readonly cacheFile: string | undefined;
  /** True when no usable cache was found: one should be written. */
  readonly stale: boolean;
}

/** The folder of the code caches, or `undefined` when caching is turned off. */
export function codeCacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.NODE_DISABLE_COMPILE_CACHE) return undefined;
  return join(resolve(env.NODE_COMPILE_CACHE || join(tmpdir(), 'node-compile-cache')), 'telescope-report');
}

/** The name of the cache of `source`, run from `file`, by this node with these flags. */
export function cacheName(file: string, source: string): string {
  return `${createHash('sha256').update(`${cachedDataVersionTag()}\0${file}\0`).update(source).digest('hex')}.v8-cache`;
}

export class BundleLoader {
  readonly #modules = new Map<string, { exports: unknown }>();
  readonly #loaded: LoadedScript[] = [];
  readonly #cacheDir: string | undefined;

  /** `cacheDir`: the folder of the code caches; `undefined` runs without. */
  constructor(cacheDir: string | undefined) {
    this.#cacheDir = cacheDir;
  }

  /** The bundle files run so far, in the order they were first required. */
  get files(): string[] {
    return this.#loaded.map((loaded) => loaded.file);
  }

  /** Whether any script ran without a usable cache. */
  get stale(): boolean {
    return this.#loaded.some((loaded) => loaded.stale);
  }

  /** Loads a CommonJS bundle file; its relative requires (chunks) go through this loader too. */
  require(file: string): unknown {
    const known = this.#modules.get(file);
    if (known) return known.exports;
    const source = readFileSync(file, 'utf8');
    const cacheFile = this.#cacheDir === undefined ? undefined : join(this.#cacheDir, cacheName(file, source));
    const cachedData = cacheFile === undefined ? undefined : readIfThere(cacheFile);
    const script = new vm.Script(Module.wrap(source), { filename: file, cachedData });
    const stale = cacheFile !== undefined && (cachedData === undefined || script.cachedDataRejected === true);
    this.#loaded.push({ file, script, cacheFile, stale });
    const module = { exports: {} as unknown };
    this.#modules.set(file, module);
    const nodeRequire = createRequire(file);
    const requireHere = ((id: string) =>
      id.startsWith('.') ? this.require(resolve(dirname(file), id)) : nodeRequire(id)) as NodeJS.Require;
    (script.runInThisContext() as ModuleWrapper).call(module.exports, module.exports, requireHere, module, file, dirname(file));
    return module.exports;
  }

  /**
   * Writes the cache of every script that ran without one, each atomically; returns the files written.
   * Nothing is serialized when the folder cannot be written.
   */
  async writeCaches(): Promise<string[]> {
    const stale = this.#loaded.filter((loaded) => loaded.stale);
    if (stale.length === 0 || this.#cacheDir === undefined) return [];
    try {
      await mkdir(this.#cacheDir, { recursive: true });
      accessSync(this.#cacheDir, constants.W_OK);
    } catch {
      return [];
    }
    const written: string[] = [];
    for (const { script, cacheFile } of stale) {
      try {
        await writeFileAtomic(cacheFile!, script.createCachedData(), { folderExists: true });
        written.push(cacheFile!);
      } catch {
        // A full disk or a folder taken away meanwhile: the next run compiles, as this one did.
      }
    }
    return written;
  }
}

function readIfThere(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

type Main = typeof import('./main.js').main;

/** The CLI's `main`, from the bundle in `dir`. */
export function loadCli(loader: BundleLoader, dir: string): Main {
  return (loader.require(resolve(dir, 'cli.cjs')) as { main: Main }).main;
}

/** What `dist/bin/telescope-report.mjs` does: run one command, then write the caches it lacked. */
export async function runCli(dir: string, argv: string[]): Promise<number> {
  // Node's own cache still serves what is imported as a module: a module of custom blocks (`--blocks`).
  (nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache?.();
  const loader = new BundleLoader(codeCacheDir());
  // The bundle runs as a script, where `import()` has no loader to call: a module of custom blocks is imported from here.
  const code = await loadCli(loader, dir)(argv, { importModule: (url) => import(url) });
  await loader.writeCaches();
  return code;
}
