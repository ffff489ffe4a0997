/**
 * `npm run examples`: drafts every example listed in `examples/examples.json`
 * with the built command, from scratch, and writes beside each bundle what
 * `draft --explain` prints (`explain.txt`), so that a reviewer sees the facts
 * of each example and their numbers. A test keeps both fresh.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeAggregateExample } from './aggregate-example.js';

export interface Example {
  /** Paths relative to `examples/`. */
  dataset: string;
  drafts: string;
  template?: string;
  previous?: string;
  previousLabel?: 'previous-quarter' | 'previous-period' | 'year-earlier';
  /** A folder of templates and a module of custom blocks, relative to `examples/`. */
  templates?: string;
  blocks?: string;
}

const root = fileURLToPath(new URL('../../', import.meta.url));

export const readExamples = (): Example[] => JSON.parse(readFileSync(join(root, 'examples/examples.json'), 'utf8')) as Example[];

/** The command line that drafts an example, from the repository's root. */
export function exampleArguments(example: Example): string[] {
  const at = (path: string) => `examples/${path}`;
  return [
    'draft',
    at(example.dataset),
    '--out',
    at(example.drafts),
    '--explain',
    ...(example.template ? ['--template', example.template] : []),
    ...(example.previous ? ['--previous', at(example.previous)] : []),
    ...(example.previousLabel ? ['--previous-label', example.previousLabel] : []),
    ...(example.templates ? ['--templates', at(example.templates)] : []),
    ...(example.blocks ? ['--blocks', at(example.blocks)] : []),
  ];
}

/** The explanation part of a draft's output: what follows the "wrote …" line. */
export const explanationOf = (stdout: string): string => stdout.slice(stdout.indexOf('\n\n') + 2);

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  // The aggregated example first: its dataset is drafted below like the others.
  writeAggregateExample();
  for (const example of readExamples()) {
    rmSync(join(root, 'examples', example.drafts), { recursive: true, force: true });
    const run = spawnSync(process.execPath, [join(root, 'dist/bin/telescope-report.mjs'), ...exampleArguments(example)], {
      cwd: root,
      encoding: 'utf8',
    });
    process.stderr.write(run.stderr);
    if (run.status !== 0) process.exit(run.status ?? 1);
    process.stdout.write(`${run.stdout.split('\n')[0]}\n`);
    writeFileSync(join(root, 'examples', dirname(example.drafts), 'explain.txt'), explanationOf(run.stdout));
  }
}
