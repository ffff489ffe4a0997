import { dirname, relative, resolve, sep } from 'node:path';
import { printable, type Problem } from '../messages.js';
import { previewPage } from '../api.js';
import { defaultPreviewFile, writePreview } from '../output/preview-file.js';
import { DEFAULT_PREVIEW_PORT, servePreview, type PreviewRender } from '../serve/preview.js';
import { untilStopped } from '../watch.js';
import { EXIT, UsageError, formatOf, parseCommandArgs, printJson, problemRow, shownPath } from './io.js';
import { styledMark, styledProblem } from './style.js';
import { PREVIEW } from './options.js';

export async function previewCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, PREVIEW);
  if (positionals.length !== 1) throw new UsageError('preview takes exactly one bundle directory');
  const dir = positionals[0]!;
  const json = formatOf(values) === 'json';
  const locales = values.locales ? { locales: values.locales } : {};
  if (values.watch) {
    if (json) throw new UsageError('--format json prints one result: it does not go with --watch');
    if (values.out !== undefined) throw new UsageError('--watch serves the preview instead of writing it: it does not go with --out');
    return watchPreview(dir, portOf(values.port), locales);
  }
  if (values.port !== undefined) throw new UsageError('--port is where --watch serves the preview: give --watch too');
  // In the sidecar folder by default: beside the posts, Hugo would publish it. Images the editors put
  // in slots are relative to the posts, so they are pointed back at the bundle.
  // Never through a symbolic link out of the bundle, and never over a file that is not a preview (preview-file.ts).
  const file = values.out ?? (await defaultPreviewFile(dir));
  const imageBase = relative(dirname(resolve(file)), resolve(dir))
    .split(sep)
    .join('/');
  const page = await previewPage(dir, { imageBase, ...locales });
  await writePreview(file, page.html);
  if (json) {
    printJson({ file, bundle: dir, posts: page.posts, warnings: page.notices.map(problemRow) });
    return EXIT.ok;
  }
  printNotices(page.notices);
  process.stdout.write(`${printable(`wrote ${file}`)}\n`);
  return EXIT.ok;
}

function portOf(value: string | undefined): number {
  if (value === undefined) return DEFAULT_PREVIEW_PORT;
  if (!/^\d{1,5}$/.test(value) || Number(value) > 65535)
    throw new UsageError(`--port takes a port number from 0 to 65535 (0: any free port), found ${JSON.stringify(value)}`);
  return Number(value);
}

const printNotices = (notices: readonly Problem[]) => {
  for (const notice of notices) process.stderr.write(`${styledProblem(process.stderr, notice)}\n`);
};

/** `preview --watch`: serves the page until SIGINT or SIGTERM, saying what each change did. */
async function watchPreview(dir: string, port: number, locales: { locales?: string }): Promise<number> {
  const said = (render: PreviewRender) => {
    const reason = render.changed.length === 0 ? 'start' : `changed: ${render.changed.map(shownPath).join(', ')}`;
    printNotices(render.notices);
    if (render.problems.length === 0) {
      process.stdout.write(`${printable(render.reloaded ? `page made in ${render.ms} ms (${reason})` : `page unchanged (${reason})`)}\n`);
      return;
    }
    for (const problem of render.problems) process.stderr.write(`${styledProblem(process.stderr, problem)}\n`);
    const count = render.problems.length;
    process.stderr.write(
      `${styledMark(process.stderr, `✖ ${count} problem${count === 1 ? '' : 's'}, shown in the page (${reason})`)}\nwaiting for the next change…\n`,
    );
  };
  // Listened for from the start: a signal while the page is first made still stops cleanly.
  const stopped = untilStopped();
  const listening = (url: string) => process.stdout.write(`${printable(`serving the preview of ${dir} at ${url}`)}\n`);
  const server = await servePreview(dir, { port, ...locales, onListening: listening, onRender: said });
  process.stdout.write(`${printable(`watching ${server.watching.map(shownPath).join(', ')}; Ctrl-C to stop`)}\n`);
  await stopped;
  await server.close();
  return EXIT.ok;
}
