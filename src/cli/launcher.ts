/**
 * Runs the bundled CLI (`dist/bin/cli.cjs` and its chunks) with V8's code
 * cache. Node 20 has no compile cache for ES modules, and a cold run spends
 * much of its time parsing and compiling the bundle's functions; a cache
 * written after a training run (`npm run build`) holds the bytecode of every
 * function the common commands call, so a run starts with it compiled.
 *
 * The cache is only ever an optimization: V8 checks it against its own
 * version, flags and the script's source, and a rejected or missing cache
 * means a normal compile. A stale cache (Node upgraded) is replaced at exit,
 * atomically and only if the folder is writable.
 */
import { readFileSync } from 'node:fs';
import { createRequire, Module } from 'node:module';
import { dirname, resolve } from 'node:path';
import vm from 'node:vm';
import { writeFileAtomic } from '../output/files.js';

type ModuleWrapper = (exports: unknown, require: NodeJS.Require, module: { exports: unknown }, filename: string, dirname: string) => void;

interface LoadedScript {
  readonly file: string;
  readonly script: vm.Script;
  /** True when no usable cache was found: the cache should be (re)written. */
  readonly stale: boolean;
}

export const cacheFileOf = (file: string): string => `${file}.v8-cache`;

export class BundleLoader {
  readonly #modules = new Map<string, { exports: unknown }>();
  readonly #loaded: LoadedScript[] = [];
  readonly #useCache: boolean;

  constructor(options: { useCache?: boolean } = {}) {
    this.#useCache = options.useCache ?? true;
  }

  /** The bundle files run so far, in the order they were first required. */
  get files(): string[] {
    return this.#loaded.map((loaded) => loaded.file);
  }

  /** Loads a CommonJS bundle file; its relative requires (chunks) go through this loader too. */
  require(file: string): unknown {
    const known = this.#modules.get(file);
    if (known) return known.exports;
    const source = readFileSync(file, 'utf8');
    const cachedData = this.#useCache ? readCache(file) : undefined;
    const script = new vm.Script(Module.wrap(source), { filename: file, cachedData });
    this.#loaded.push({ file, script, stale: cachedData === undefined || script.cachedDataRejected === true });
    const module = { exports: {} as unknown };
    this.#modules.set(file, module);
    const nodeRequire = createRequire(file);
    const requireHere = ((id: string) => (id.startsWith('.') ? this.require(resolve(dirname(file), id)) : nodeRequire(id))) as NodeJS.Require;
    (script.runInThisContext() as ModuleWrapper).call(module.exports, module.exports, requireHere, module, file, dirname(file));
    return module.exports;
  }

  /** Whether any script ran without a usable cache. */
  get stale(): boolean {
    return this.#loaded.some((loaded) => loaded.stale);
  }

  /** Writes the cache of every script run so far, each atomically; returns the files written. */
  async writeCaches(): Promise<string[]> {
    return Promise.all(
      this.#loaded.map(async ({ file, script }) => {
        await writeFileAtomic(cacheFileOf(file), script.createCachedData(), { folderExists: true });
        return cacheFileOf(file);
      }),
    );
  }
}

function readCache(file: string): Buffer | undefined {
  try {
    return readFileSync(cacheFileOf(file));
  } catch {
    return undefined;
  }
}

type Main = typeof import('./main.js').main;

/** The remembered Markdown parses of the shipped template and locales (see parse-cache.ts). */
export const parseCacheOf = (dir: string): string => resolve(dir, 'parses.json');

/** The CLI's `main`, from the bundle in `dir`. */
export function loadCli(loader: BundleLoader, dir: string): Main {
  return (loader.require(resolve(dir, 'cli.cjs')) as { main: Main }).main;
}

/** What `dist/bin/telescope-report.mjs` does: run one command, refresh a stale cache on the way out. */
export async function runCli(dir: string, argv: string[]): Promise<number> {
  const loader = new BundleLoader();
  const code = await loadCli(loader, dir)(argv, { parseCache: { file: parseCacheOf(dir) }, importModule: (url) => import(url) });
  if (loader.stale) {
    try {
      await loader.writeCaches();
    } catch {
      // A read-only install keeps working, only without the cache.
    }
  }
  return code;
}
