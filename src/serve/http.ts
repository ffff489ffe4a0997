/**
 * The web server of `preview --watch`, on 127.0.0.1 only: the preview page
 * at `/`, the bundle's own images beside it, and `/events`, a stream of
 * server-sent events that tells the page to reload when it changed. Nothing
 * else is served: no other file of the bundle, nothing outside it, no hidden
 * file (`.telescope-report/`), nothing through a symbolic link that leads
 * out of it; a request naming another host (DNS rebinding) is refused.
 *
 * node:http with no framework: three routes do not need one, and the tool
 * keeps its dependencies to what drafting needs (see the README).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { realpath } from 'node:fs/promises';
import { extname, join, sep } from 'node:path';
import { problem, ProblemsError } from '../messages.js';
import { readExisting } from '../output/existing.js';
import { describeErrno, isProblem } from '../text-file.js';

export const HOST = '127.0.0.1';

/** What an editor puts in a post as an image, and the type it is served as. */
const IMAGE_TYPES: Readonly<Record<string, string>> = {
  '.avif': 'image/avif',
  '.gif': 'image/gif',
  '.jpeg': 'image/jpeg',
  '.jpg': 'image/jpeg',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.webp': 'image/webp',
};

/**
 * Headers of every answer: nothing cached (the page and its images change under it), no type sniffing, and no
 * embedding by another site (an <img onload> elsewhere would tell it which images exist).
 */
const COMMON = {
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Resource-Policy': 'same-origin',
};
/** An image opened on its own, an SVG above all, runs nothing and loads nothing. */
const IMAGE_POLICY = "default-src 'none'; style-src 'unsafe-inline'; sandbox";

export interface ServedPage {
  html: string;
  /** Its Content-Security-Policy, sent as a header too (a header also covers what precedes the meta). */
  policy: string;
  /** Names this page's content: a page open at another version reloads. */
  version: string;
}

export interface PreviewHttpServer {
  /** `http://127.0.0.1:<port>/`. */
  readonly url: string;
  /** Serves `page` from now on, and tells every open page at another version to reload. */
  show(page: ServedPage): void;
  /** The version served (`undefined` before the first page). */
  readonly version: string | undefined;
  /** Closes every connection, event streams included, and stops listening. */
  close(): Promise<void>;
}

/** Listens on 127.0.0.1:`port` (0: any free port); a port in use or refused is a problem, exit 2. */
export async function listenPreview(bundleDir: string, port: number): Promise<PreviewHttpServer> {
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ProblemsError('options', [
      problem({
        file: bundleDir,
        ruleId: 'invalid-option',
        reason: `expected a port from 0 (any free one) to 65535, found ${JSON.stringify(port) ?? String(port)}`,
      }),
    ]);
  }
  const bundle = await realpath(bundleDir);
  let page: ServedPage | undefined;
  const streams = new Set<ServerResponse>();
  let origin = '';

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const plain = (status: number, text: string, headers: Record<string, string> = {}) => {
      response.writeHead(status, {
        ...COMMON,
        'Content-Type': 'text/plain; charset=utf-8',
        'Content-Security-Policy': "default-src 'none'",
        ...headers,
      });
      response.end(request.method === 'HEAD' ? undefined : `${text}\n`);
    };
    // Another name for this address is a page elsewhere reaching in through DNS rebinding. Host names are
    // case-insensitive, and a browser leaves out port 80.
    const hosts = [`${HOST}:${port}`, `localhost:${port}`, ...(port === 80 ? [HOST, 'localhost'] : [])];
    if (!hosts.includes((request.headers.host ?? '').toLowerCase()))
      return plain(403, `expected a request for ${origin}, found one for host ${JSON.stringify(request.headers.host ?? '')}`);
    if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'only GET and HEAD', { Allow: 'GET, HEAD' });
    // Split by hand: `new URL` would read `//host/…` as another host, and resolve `..` before it is judged.
    const raw = request.url ?? '/';
    const pathname = raw.split(/[?#]/, 1)[0]!;
    if (pathname === '/') {
      if (!page) return plain(503, 'the preview is being made');
      response.writeHead(200, {
        ...COMMON,
        'Content-Type': 'text/html; charset=utf-8',
        'Content-Security-Policy': `${page.policy}; frame-ancestors 'none'`,
      });
      response.end(request.method === 'HEAD' ? undefined : page.html);
      return;
    }
    if (pathname === '/events') {
      response.writeHead(200, { ...COMMON, 'Content-Type': 'text/event-stream; charset=utf-8' });
      if (request.method === 'HEAD') return void response.end();
      // Reconnect soon after a restart; a page made before the last change reloads at once.
      response.write('retry: 500\n\n');
      if (page && new URLSearchParams(raw.slice(pathname.length + 1)).get('v') !== page.version) response.write(reloadEvent(page.version));
      streams.add(response);
      response.on('close', () => streams.delete(response));
      return;
    }
    // Asked for by every browser on its own: no icon, and no error in the console either.
    if (pathname === '/favicon.ico') return void response.writeHead(204, COMMON).end();
    const image = await bundleImage(bundle, pathname);
    if (!image) return plain(404, 'not found: only the preview and the images of its bundle are served');
    response.writeHead(200, {
      ...COMMON,
      'Content-Type': image.type,
      'Content-Length': String(image.bytes.length),
      'Content-Security-Policy': IMAGE_POLICY,
    });
    response.end(request.method === 'HEAD' ? undefined : image.bytes);
  };

  const server = createServer((request, response) => {
    handle(request, response).catch(() => {
      if (!response.headersSent) response.writeHead(500, COMMON);
      response.end();
    });
  });
  await new Promise<void>((listening, failed) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      const where = `${HOST}:${port}`;
      failed(
        error.code === 'EADDRINUSE'
          ? new ProblemsError('options', [
              problem({
                file: where,
                ruleId: 'port-in-use',
                reason:
                  'expected a free port to serve the preview on, found one in use (another preview, or hugo server?): name another with --port, or --port 0 for any free one',
              }),
            ])
          : new ProblemsError('options', [
              problem({
                file: where,
                ruleId: 'port-refused',
                reason: `expected a port the preview can be served on, found ${describeErrno(error.code)}: name another with --port (ports below 1024 need privileges)`,
              }),
            ]),
      );
    });
    server.listen(port, HOST, () => listening());
  });
  port = (server.address() as AddressInfo).port;
  origin = `http://${HOST}:${port}`;

  return {
    url: `${origin}/`,
    get version() {
      return page?.version;
    },
    show(next) {
      const changed = next.version !== page?.version;
      page = next;
      if (changed) for (const stream of streams) stream.write(reloadEvent(next.version));
    },
    close: () =>
      new Promise<void>((closed) => {
        for (const stream of streams) stream.end();
        server.close(() => closed());
        server.closeAllConnections();
      }),
  };
}

const reloadEvent = (version: string) => `event: reload\ndata: ${version}\n\n`;

/** The script a served page runs, and only it (the page's policy allows it by its hash): reload when told. */
export function reloadScript(version: string): string {
  return `new EventSource(${JSON.stringify(`/events?v=${encodeURIComponent(version)}`)}).addEventListener("reload", () => location.reload());`;
}

/**
 * The image a request names, if it is one of the bundle's: the raw path, decoded, must name a file
 * with an image's extension, every segment a plain name (no `..`, no hidden file or folder, no
 * backslash or NUL), whose real path, links resolved, is inside the bundle, and that is a regular file.
 */
async function bundleImage(bundle: string, rawPath: string): Promise<{ type: string; bytes: Buffer } | undefined> {
  let path: string;
  try {
    path = decodeURIComponent(rawPath);
  } catch {
    return undefined;
  }
  const segments = path.split('/').slice(1);
  if (!path.startsWith('/') || segments.some((segment) => segment === '' || segment.startsWith('.') || /[\\\0]/.test(segment)))
    return undefined;
  const type = IMAGE_TYPES[extname(path).toLowerCase()];
  if (!type) return undefined;
  const real = await realpath(join(bundle, ...segments)).catch(() => undefined);
  if (!real?.startsWith(`${bundle}${sep}`)) return undefined;
  // A link inside the bundle is judged by where it leads: never into a hidden file or folder (.telescope-report/).
  if (
    real
      .slice(bundle.length + 1)
      .split(sep)
      .some((segment) => segment.startsWith('.'))
  )
    return undefined;
  if (!IMAGE_TYPES[extname(real).toLowerCase()]) return undefined;
  const read = await readExisting(real);
  return read === undefined || isProblem(read) ? undefined : { type, bytes: read.bytes };
}
