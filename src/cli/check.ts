import { check } from '../api.js';
import { printable } from '../messages.js';
import { EXIT, UsageError, formatOf, parseCommandArgs } from './io.js';
import { styledMark, styledProblem } from './style.js';
import { CHECK } from './options.js';
import { loadBlocksModule } from './blocks.js';

export async function checkCommand(args: string[]): Promise<number> {
  const parsed = parseCommandArgs(args, CHECK);
  const { values, positionals } = parsed;
  if (positionals.length !== 1) throw new UsageError('check takes exactly one bundle directory, folder of bundles, or post file');
  const format = formatOf(values);
  const result = await check(positionals[0]!, {
    ...(values.locales ? { locales: values.locales } : {}),
    ...(values.templates ? { templates: values.templates } : {}),
    ...(values.template ? { template: values.template } : {}),
    ...(values.blocks ? { blocks: await loadBlocksModule(values.blocks) } : {}),
  });
  for (const notice of result.notices) process.stderr.write(`${styledProblem(process.stderr, notice)}\n`);
  // Notes (edits a regeneration keeps) are shown but do not keep a draft from being ready.
  const faults = result.findings.filter((f) => f.severity !== 'info');
  if (format === 'json') {
    process.stdout.write(`${JSON.stringify(result.findings, null, 2)}\n`);
  } else {
    for (const p of result.problems) process.stdout.write(`${styledProblem(process.stdout, p)}\n`);
    process.stdout.write(
      `${styledMark(process.stdout, faults.length === 0 ? printable(`✔ ${result.posts.join(', ')}: ready`) : `⚠ ${faults.length} finding${faults.length === 1 ? '' : 's'}`)}\n`,
    );
  }
  return result.ready ? EXIT.ok : EXIT.findings;
}
