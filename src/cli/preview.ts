import { join } from 'node:path';
import { loadLocaleLayers } from '../draft.js';
import { promptLabel } from '../localize/translator.js';
import { writeFileAtomic } from '../output/files.js';
import { buildPreview } from '../output/preview.js';
import { SIDECAR_DIR } from '../output/sidecar.js';
import { EXIT, UsageError, parseCommandArgs } from './io.js';

export async function previewCommand(args: string[]): Promise<number> {
  const parsed = parseCommandArgs(args, { locales: { type: 'string' }, out: { type: 'string', short: 'o' } });
  if (parsed.positionals.length !== 1) throw new UsageError('preview takes exactly one bundle directory');
  const dir = parsed.positionals[0]!;
  const locales = await loadLocaleLayers(parsed.values.locales);
  const promptLabels = Object.fromEntries(Object.keys(locales.resources).map((lang) => [lang, promptLabel(lang, locales)]));
  const html = await buildPreview(dir, { promptLabels });
  // In the sidecar folder by default: beside the posts, Hugo would publish it.
  const file = parsed.values.out ?? join(dir, SIDECAR_DIR, 'preview.html');
  await writeFileAtomic(file, html);
  process.stdout.write(`wrote ${file}\n`);
  return EXIT.ok;
}
