#!/usr/bin/env node
/**
 * The `telescope-report` command (bundled into dist/bin by src/build/bundle.ts). Node 22.1 and later
 * keep the compiled code of every module loaded after `enableCompileCache()` in a folder of their own
 * (`NODE_COMPILE_CACHE`, else node-compile-cache under the system's temporary folder), checked against
 * each file's content, so a cold run skips most of the compiling. Node 20 has no such cache and
 * compiles as usual; a cache that cannot be written only means the same.
 */
import module from 'node:module';

(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();
const { main } = await import('./main.js');
process.exitCode = await main(process.argv.slice(2));
