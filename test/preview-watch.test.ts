/**
 * `preview --watch` through the real binary: the page served on 127.0.0.1 with
 * its policy and reload script, reload events when the bundle changes, a
 * broken post shown and recovered from, nothing served but the page and the
 * bundle's images, a port in use, and SIGTERM or SIGINT ending it with exit 0.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import http from 'node:http';
import { createServer } from 'node:net';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cli, EXAMPLE_DATASET, HOSTILE_PREVIEW, noStackTrace, root } from './helpers.js';

interface Running {
  child: ChildProcessWithoutNullStreams;
  url: string;
  port: number;
  out: { stdout: string; stderr: string };
  exited: Promise<number | null>;
}

const running: Running[] = [];
afterEach(() => {
  for (const run of running.splice(0)) if (run.child.exitCode === null) run.child.kill('SIGKILL');
});

async function until(test: () => boolean, what: () => string, ms = 10_000): Promise<void> {
  for (const started = Date.now(); !test(); await new Promise((r) => setTimeout(r, 25))) {
    if (Date.now() - started > ms) throw new Error(`timed out waiting; ${what()}`);
  }
}

/** `preview <dir> --watch --port 0 …`, once it serves. */
async function serve(dir: string, ...args: string[]): Promise<Running> {
  const { FORCE_COLOR: _f, NO_COLOR: _n, ...env } = process.env;
  const child = spawn(process.execPath, ['dist/bin/telescope-report.mjs', 'preview', dir, '--watch', '--port', '0', ...args], {
    cwd: root,
    env,
  });
  const out = { stdout: '', stderr: '' };
  child.stdout.on('data', (chunk) => (out.stdout += chunk));
  child.stderr.on('data', (chunk) => (out.stderr += chunk));
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  await until(
    () => /watching .*; Ctrl-C to stop\n/.test(out.stdout),
    () => JSON.stringify(out),
  );
  const url = /serving the preview of .* at (http:\/\/127\.0\.0\.1:(\d+)\/)\n/.exec(out.stdout)!;
  const run = { child, url: url[1]!, port: Number(url[2]), out, exited };
  running.push(run);
  return run;
}

/** A raw request: the path goes out exactly as written (fetch would normalize `..`). */
function request(
  port: number,
  path: string,
  options: { method?: string; host?: string } = {},
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((done, fail) => {
    const req = http.request(
      { host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers: options.host ? { host: options.host } : {} },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
      },
    );
    req.on('error', fail);
    req.end();
  });
}

/** An open `/events` stream, collecting what it receives. */
function events(port: number, version: string): Promise<{ received: () => string; close: () => void }> {
  return new Promise((done, fail) => {
    let text = '';
    const req = http.get({ host: '127.0.0.1', port, path: `/events?v=${version}` }, (res) => {
      expect(res.headers['content-type']).toBe('text/event-stream; charset=utf-8');
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      done({ received: () => text, close: () => req.destroy() });
    });
    req.on('error', fail);
  });
}

const versionOf = (html: string) => /new EventSource\("\/events\?v=([A-Za-z0-9_-]+)"\)/.exec(html)![1]!;
const sha256 = (text: string) => createHash('sha256').update(text).digest('base64');

/** A drafted bundle of the example (no SVG: quicker), with editor's images in it and a link out of it. */
async function bundle(): Promise<string> {
  const work = await mkdtemp(join(tmpdir(), 'preview-watch-'));
  const dir = join(work, 'bundle');
  expect(cli('draft', EXAMPLE_DATASET, '--out', dir, '--no-svg').code).toBe(0);
  await cp(join(HOSTILE_PREVIEW, 'pic.svg'), join(dir, 'pic.svg'));
  await mkdir(join(dir, 'figures'));
  await writeFile(join(dir, 'figures', 'map.png'), 'not really a png');
  await writeFile(join(work, 'secret.png'), 'outside the bundle');
  await symlink(join(work, 'secret.png'), join(dir, 'link.png'));
  return dir;
}

describe('preview --watch', () => {
  it('serves the page with its policy as a header, the reload script its one script; the written preview has none', async () => {
    const dir = await bundle();
    const run = await serve(dir);
    expect(run.out.stdout).toMatch(
      new RegExp(
        `^serving the preview of ${dir} at http://127\\.0\\.0\\.1:\\d+/\\npage made in \\d+ ms \\(start\\)\\nwatching ${dir}, .*locales; Ctrl-C to stop\\n$`,
      ),
    );
    const page = await request(run.port, '/');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    const html = page.body.toString('utf8');
    const script = /<script>([^<]*)<\/script>/.exec(html)![1]!;
    expect(script).toBe(`new EventSource("/events?v=${versionOf(html)}").addEventListener("reload", () => location.reload());`);
    expect(html.match(/<script/g)).toHaveLength(1);
    const style = /<style>([^]*)<\/style>/.exec(html)![1]!;
    const policy = `default-src 'none'; img-src 'self' data:; style-src 'sha256-${sha256(style)}'; script-src 'sha256-${sha256(script)}'; connect-src 'self'; base-uri 'none'; form-action 'none'`;
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="${policy}">`);
    expect(page.headers['content-security-policy']).toBe(`${policy}; frame-ancestors 'none'`);
    expect(page.headers['cache-control']).toBe('no-store');

    // The same page written to a file: no script, and a policy that lets none run.
    expect(cli('preview', dir, '--out', join(dir, 'written.html')).code).toBe(0);
    const written = await readFile(join(dir, 'written.html'), 'utf8');
    expect(written).not.toMatch(/<script|script-src|connect-src/);
    expect(written).toBe(html.replace(/; script-src [^;]*; connect-src 'self'/, '').replace(/<script>[^<]*<\/script>\n/, ''));
  });

  it('serves the bundle’s images, sandboxed, and nothing else: no other file, no `..`, no hidden file, no link out, no other host', async () => {
    const dir = await bundle();
    // Links inside the bundle judged by where they lead: into the sidecar, or to a post under an image's name.
    await mkdir(join(dir, '.telescope-report'), { recursive: true });
    await writeFile(join(dir, '.telescope-report', 'manifest.json'), '{}');
    await symlink(join(dir, '.telescope-report', 'manifest.json'), join(dir, 'leak.png'));
    await symlink(join(dir, 'index.en.md'), join(dir, 'post.svg'));
    const run = await serve(dir);
    const svg = await request(run.port, '/pic.svg');
    expect(svg.status).toBe(200);
    expect(svg.headers['content-type']).toBe('image/svg+xml');
    expect(svg.headers['content-security-policy']).toBe("default-src 'none'; style-src 'unsafe-inline'; sandbox");
    expect(svg.body).toEqual(await readFile(join(dir, 'pic.svg')));
    expect((await request(run.port, '/figures/map.png')).body.toString()).toBe('not really a png');
    expect((await request(run.port, '/pic.svg', { method: 'HEAD' })).status).toBe(200);
    for (const path of [
      '/index.en.md',
      '/.telescope-report/manifest.json',
      '/../secret.png',
      '/%2e%2e/secret.png',
      '/figures/..%2f..%2fsecret.png',
      '/figures/%2e%2e/%2e%2e/secret.png',
      '/link.png',
      '/..\\secret.png',
      '/nothing.png',
      '/%E0%A4%A.png',
      '//evil.example/pic.svg',
      '/pic.svg%00.png',
      `/${join(dir, '..', 'secret.png')}`,
      '/leak.png',
      '/post.svg',
    ]) {
      const refused = await request(run.port, path);
      expect([path, refused.status]).toEqual([path, 404]);
      expect(refused.body.toString()).not.toContain('outside the bundle');
    }
    expect((await request(run.port, '/', { host: 'evil.example' })).status).toBe(403);
    expect((await request(run.port, '/', { host: `localhost:${run.port}` })).status).toBe(200);
    // Host names are case-insensitive; another site may not embed what is served.
    expect((await request(run.port, '/', { host: `LOCALHOST:${run.port}` })).status).toBe(200);
    expect(svg.headers['cross-origin-resource-policy']).toBe('same-origin');
    expect((await request(run.port, '/', { method: 'POST' })).status).toBe(405);
  });

  it('tells open pages to reload when a post changes, shows a broken post’s problem in the page and on stderr, and recovers', async () => {
    const dir = await bundle();
    const run = await serve(dir);
    const first = (await request(run.port, '/')).body.toString('utf8');
    const stream = await events(run.port, versionOf(first));
    expect(stream.received()).toBe('retry: 500\n\n');

    const en = join(dir, 'index.en.md');
    const post = await readFile(en, 'utf8');
    await writeFile(en, post.replace('## Closing notes', '## Closing words'));
    await until(
      () => stream.received().includes('event: reload'),
      () => JSON.stringify(run.out),
    );
    const second = (await request(run.port, '/')).body.toString('utf8');
    expect(second).toContain('Closing words');
    expect(stream.received()).toBe(`retry: 500\n\nevent: reload\ndata: ${versionOf(second)}\n\n`);
    expect(run.out.stdout).toMatch(new RegExp(`page made in \\d+ ms \\(changed: ${en}\\)\\n$`));

    // Saved again as it was: nothing to reload.
    await writeFile(en, post.replace('## Closing notes', '## Closing words'));
    await until(
      () => run.out.stdout.endsWith(`page unchanged (changed: ${en})\n`),
      () => JSON.stringify(run.out),
    );
    const reloads = () => stream.received().split('event: reload').length - 1;
    expect(reloads()).toBe(1);

    // An editor's image is only named in the page: replacing it reloads the page all the same.
    await writeFile(join(dir, 'pic.svg'), '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>');
    await until(
      () => reloads() === 2,
      () => JSON.stringify(run.out),
    );

    // A page opened before a change it missed reloads as soon as it listens.
    const late = await events(run.port, versionOf(first));
    await until(
      () => late.received().includes('event: reload'),
      () => late.received(),
    );

    await writeFile(en, '---\ntitle: [\n---\n');
    await until(
      () => run.out.stderr.includes('waiting for the next change'),
      () => JSON.stringify(run.out),
    );
    expect(run.out.stderr).toBe(
      `${en}:2:9  error  expected valid YAML front matter, found an error: Flow sequence in block collection must be sufficiently indented and end with a ]  front-matter\n✖ 1 problem, shown in the page (changed: ${en})\nwaiting for the next change…\n`,
    );
    const broken = (await request(run.port, '/')).body.toString('utf8');
    expect(broken).toContain(`<li><code>${en}:2:9  error  expected valid YAML front matter`);
    expect(broken).toContain(`<title>Preview: 1 problem in ${dir}</title>`);
    expect(broken).toContain('<script>new EventSource(');

    await writeFile(en, post);
    await until(
      () => reloads() === 4,
      () => stream.received(),
    );
    // The post as it was, served as before; only the version differs, as the image has changed.
    const withoutScript = (html: string) => html.replace(/<script>[^<]*<\/script>/, '').replace(/script-src [^;]*;/, '');
    expect(withoutScript((await request(run.port, '/')).body.toString('utf8'))).toBe(withoutScript(first));
    stream.close();
    late.close();
    expect(run.child.exitCode).toBeNull();
    noStackTrace(run.out.stderr);
  });

  it('shows a draft written into the bundle whole, and a change of a --locales folder', async () => {
    const dir = await bundle();
    const locales = await mkdtemp(join(tmpdir(), 'preview-watch-locales-'));
    await mkdir(join(locales, 'en'));
    const run = await serve(dir, '--locales', locales);
    const stream = await events(run.port, versionOf((await request(run.port, '/')).body.toString('utf8')));
    const dataset = join(dir, '..', 'changed.json');
    await writeFile(dataset, (await readFile(EXAMPLE_DATASET, 'utf8')).replace('"packets": 912345', '"packets": 812345'));
    expect(cli('draft', dataset, '--out', dir, '--no-svg').code).toBe(0);
    await until(
      () => stream.received().includes('event: reload'),
      () => JSON.stringify(run.out),
    );
    const page = (await request(run.port, '/')).body.toString('utf8');
    expect(page).toContain('812,345');
    expect(page).not.toContain('912,345');

    // The prompt label tells an untouched slot from a finished one: a new one finishes none.
    const unfinished = (html: string) => Number(/en · (\d+) unfinished slot/.exec(html)![1]);
    const before = unfinished(page);
    await writeFile(join(locales, 'en', 'common.json'), JSON.stringify({ slots: { prompt: '**Write here:** {{prompt}}' } }));
    await until(
      () => run.out.stdout.includes('common.json)'),
      () => JSON.stringify(run.out),
    );
    expect(unfinished((await request(run.port, '/')).body.toString('utf8'))).toBeLessThan(before);
    stream.close();
  });

  it('waits for a draft holding the bundle’s lock, so that it never shows half of one', async () => {
    const dir = await bundle();
    const run = await serve(dir);
    const lock = join(dir, '.telescope-report', 'lock');
    // As a live draft on this machine holds it: this test's own process.
    await writeFile(lock, `${JSON.stringify({ pid: process.pid, host: hostname(), since: new Date().toISOString(), token: 'test' })}\n`);
    const en = join(dir, 'index.en.md');
    await writeFile(en, (await readFile(en, 'utf8')).replace('## Closing notes', '## Closing words'));
    await new Promise((r) => setTimeout(r, 600));
    expect(run.out.stdout).not.toContain('changed:');
    expect((await request(run.port, '/')).body.toString('utf8')).toContain('Closing notes');
    await rm(lock);
    await until(
      () => run.out.stdout.includes(`changed: ${en}`),
      () => JSON.stringify(run.out),
    );
    expect((await request(run.port, '/')).body.toString('utf8')).toContain('Closing words');
  });

  it.each(['SIGTERM', 'SIGINT'] as const)('stops on %s with exit 0, closing open event streams', async (signal) => {
    const run = await serve(await bundle());
    const stream = await events(run.port, 'x');
    run.child.kill(signal);
    expect(await run.exited).toBe(0);
    expect(run.out.stderr).toBe('');
    stream.close();
  });

  it('refuses a port in use, exit 2, and usage mistakes', async () => {
    const dir = await bundle();
    const blocker = createServer();
    await new Promise<void>((done) => blocker.listen(0, '127.0.0.1', done));
    const port = (blocker.address() as { port: number }).port;
    try {
      expect(cli('preview', dir, '--watch', '--port', String(port))).toEqual({
        code: 2,
        stdout: '',
        stderr: `127.0.0.1:${port}  error  expected a free port to serve the preview on, found one in use (another preview, or hugo server?): name another with --port, or --port 0 for any free one  port-in-use\n✖ 1 options problem\n`,
      });
    } finally {
      blocker.close();
    }
    const usage = (...args: string[]) => cli('preview', dir, ...args).stderr.split('\n')[0];
    expect(usage('--port', '8080')).toBe('telescope-report: --port is where --watch serves the preview: give --watch too');
    expect(usage('--watch', '--port', '65536')).toBe(
      'telescope-report: --port takes a port number from 0 to 65535 (0: any free port), found "65536"',
    );
    expect(usage('--watch', '--out', 'x.html')).toBe(
      'telescope-report: --watch serves the preview instead of writing it: it does not go with --out',
    );
    expect(JSON.parse(cli('preview', dir, '--watch', '--format', 'json').stdout)).toMatchObject([
      { ruleId: 'usage', message: '--format json prints one result: it does not go with --watch' },
    ]);
    expect(cli('preview', join(dir, 'nowhere'), '--watch', '--port', '0')).toMatchObject({
      code: 2,
      stderr: `${join(dir, 'nowhere')}  error  expected a bundle folder to preview and watch, found no such folder  unreadable\n✖ 1 options problem\n`,
    });
  });
});
