#!/usr/bin/env node
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from './launcher.js';

// Bundled next to cli.cjs in dist/bin (see src/build/bundle.ts).
process.exitCode = await runCli(dirname(fileURLToPath(import.meta.url)), process.argv.slice(2));
