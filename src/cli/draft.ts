import { parseArgs } from 'node:util';
import { loadDataset } from '../dataset/index.js';
import { draft } from '../draft.js';
import { formatProblem } from '../messages.js';
import { writeBundle } from '../output/bundle.js';
import { EXIT, UsageError } from './io.js';

export async function draftCommand(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        out: { type: 'string', short: 'o' },
        lang: { type: 'string' },
        templates: { type: 'string' },
        locales: { type: 'string' },
        template: { type: 'string' },
        'no-svg': { type: 'boolean' },
        force: { type: 'boolean' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1) throw new UsageError('draft takes exactly one dataset file');
  if (!values.out) throw new UsageError('draft needs --out <dir>');
  const file = positionals[0]!;
  const dataset = await loadDataset(file);
  const result = await draft(dataset, {
    datasetFile: file,
    svg: !values['no-svg'],
    ...(values.lang ? { languages: values.lang.split(',').map((l) => l.trim()).filter(Boolean) } : {}),
    ...(values.templates ? { templatesDir: values.templates } : {}),
    ...(values.locales ? { localesDir: values.locales } : {}),
    ...(values.template ? { template: values.template } : {}),
  });
  for (const warning of result.warnings) process.stderr.write(`${formatProblem(warning)}\n`);
  const orphanWords = Object.fromEntries(result.posts.map((post) => [post.lang, post.orphanWords]));
  const bundle = await writeBundle(values.out, { files: result.files, orphanWords }, { force: values.force ?? false });
  for (const warning of bundle.warnings) process.stderr.write(`${formatProblem(warning)}\n`);
  for (const backup of bundle.backups) process.stdout.write(`backed up to ${backup}\n`);
  process.stdout.write(`wrote ${bundle.written.length} files to ${values.out} (${result.posts.map((p) => p.lang).join(', ')})\n`);
  return EXIT.ok;
}
