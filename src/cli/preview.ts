import { dirname, relative, resolve, sep } from 'node:path';
import { printable } from '../messages.js';
import { previewHtml } from '../api.js';
import { defaultPreviewFile, writePreview } from '../output/preview-file.js';
import { EXIT, UsageError, parseCommandArgs } from './io.js';
import { PREVIEW } from './options.js';

export async function previewCommand(args: string[]): Promise<number> {
  const parsed = parseCommandArgs(args, PREVIEW);
  if (parsed.positionals.length !== 1) throw new UsageError('preview takes exactly one bundle directory');
  const dir = parsed.positionals[0]!;
  // In the sidecar folder by default: beside the posts, Hugo would publish it. Images the editors put
  // in slots are relative to the posts, so they are pointed back at the bundle.
  // Never through a symbolic link out of the bundle, and never over a file that is not a preview (preview-file.ts).
  const file = parsed.values.out ?? (await defaultPreviewFile(dir));
  const imageBase = relative(dirname(resolve(file)), resolve(dir)).split(sep).join('/');
  const html = await previewHtml(dir, { imageBase, ...(parsed.values.locales ? { locales: parsed.values.locales } : {}) });
  await writePreview(file, html);
  process.stdout.write(`${printable(`wrote ${file}`)}\n`);
  return EXIT.ok;
}
