/**
 * The preview page of a hostile bundle (test/fixtures/hostile/preview): raw
 * HTML in a slot, a `javascript:` link, remote images and a chart SVG with a
 * script in it. The page is compared whole, so that nothing from the post
 * reaches it as markup; test/browser.test.ts opens it in chromium.
 */
import { createHash } from 'node:crypto';
import { cp, mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadLocaleLayers } from '../src/inputs.js';
import { promptLabel } from '../src/localize/translator.js';
import { buildPreview } from '../src/output/preview.js';
import { contentSecurityPolicy, isBundlePath } from '../src/output/preview-safety.js';
import { cli, HOSTILE_PREVIEW } from './helpers.js';

/** The page's body for the fixture, the editor's local image addressed as `local`. */
async function expectedBody(local: string): Promise<string> {
  const chart = `data:image/svg+xml;base64,${(await readFile(join(HOSTILE_PREVIEW, 'chart.en.svg'))).toString('base64')}`;
  return `<body>
<main><header lang="en" data-lang="en"><h1>Hostile &#x3C;b>preview&#x3C;/b></h1><p class="meta">en · 0 unfinished slots</p></header><header lang="ja" data-lang="ja"><h1>敵対的なプレビュー</h1><p class="meta">ja · 1 unfinished slot</p></header><section lang="en" data-lang="en" data-section="0"><p>Before any section.</p>
</section><section lang="ja" data-lang="ja" data-section="0"><p>前置き。</p>
</section><section lang="en" data-lang="en" data-section="1"><h2>Notes</h2>
<div class="slot" data-slot="commentary:notes">
<pre class="raw-html"><code>&#x3C;script>alert(1)&#x3C;/script></code></pre>
<p>Text <code class="raw-html">&#x3C;img src=x onerror=alert(1)></code> and <a>x</a> and <a href="https://example.org/">ok</a>.</p>
<pre class="raw-html"><code>&#x3C;iframe src="https://evil.example/">&#x3C;/iframe></code></pre>
<pre class="raw-html"><code>&#x3C;style>body { display: none }&#x3C;/style></code></pre>
<p><code class="raw-html">&#x3C;svg></code><code class="raw-html">&#x3C;foreignObject></code><code class="raw-html">&#x3C;div onclick="alert(1)"></code>x<code class="raw-html">&#x3C;/div></code><code class="raw-html">&#x3C;/foreignObject></code><code class="raw-html">&#x3C;/svg></code></p>
<p><span class="blocked-image">image not loaded in the preview: remote (https://evil.example/pixel.png)</span> <span class="blocked-image">image not loaded in the preview: share (//evil.example/x.png)</span> <span class="blocked-image">image not loaded in the preview: by reference (//evil.example/ref.png)</span> <img src="${local}" alt="local"></p>
</div>
<table>
<thead>
<tr>
<th align="left">Left</th>
<th align="right">Right</th>
</tr>
</thead>
<tbody>
<tr>
<td align="left">a</td>
<td align="right">1</td>
</tr>
</tbody>
</table>
<figure class="chart"><img src="${chart}" alt="A chart"></figure></section><section lang="ja" data-lang="ja" data-section="1"><h2>注記</h2>
<div class="slot unfinished" data-slot="commentary:notes">
<p><strong>編集者へ</strong>：ここに書いてください。</p>
</div>
<p>脚注付き<sup><a href="#ja-fn-1" id="ja-fnref-1" data-footnote-ref aria-describedby="footnote-label">1</a></sup>。</p>
<section data-footnotes class="footnotes"><h2 class="sr-only" id="footnote-label">Footnotes</h2>
<ol>
<li id="ja-fn-1">
<p>脚注の本文。 <a href="#ja-fnref-1" data-footnote-backref="" aria-label="Back to reference 1" class="data-footnote-backref">↩</a></p>
</li>
</ol>
</section></section></main>
</body>
</html>
`;
}

const bodyOf = (html: string) => html.slice(html.indexOf('<body>'));

describe('the preview of a hostile post', async () => {
  const locales = await loadLocaleLayers();
  const promptLabels = { en: promptLabel('en', locales), ja: promptLabel('ja', locales) };
  const html = await buildPreview(HOSTILE_PREVIEW, { promptLabels });

  it('shows raw HTML as text, drops the javascript: link, names remote images and keeps the page’s own frame', async () => {
    expect(bodyOf(html)).toBe(await expectedBody('pic.svg'));
  });

  it('has no element, attribute or address from the post that could run or fetch', () => {
    // The chart's own <script> and <foreignObject> travel only inside its base64 data: URI.
    const markup = html.replace(/base64,[A-Za-z0-9+/=]+"/g, 'base64,"');
    // Text from the post has its `<` escaped: every `<name` left is an element of the page.
    const tags = markup.match(/<[a-z][^>]*>/gi)!;
    expect([...new Set(tags.map((tag) => /^<([a-z0-9]+)/i.exec(tag)![1]))].sort()).toEqual([
      'a',
      'body',
      'code',
      'div',
      'figure',
      'h1',
      'h2',
      'head',
      'header',
      'html',
      'img',
      'li',
      'main',
      'meta',
      'ol',
      'p',
      'pre',
      'section',
      'span',
      'strong',
      'style',
      'sup',
      'table',
      'tbody',
      'td',
      'th',
      'thead',
      'title',
      'tr',
    ]);
    expect(
      tags.filter((tag) =>
        /\son[a-z]+=|javascript:|\sstyle=|\s(src|href)="(?!#|data:image\/svg\+xml;base64,|\.\.\/|pic\.svg|https:\/\/example\.org\/")/i.test(
          tag,
        ),
      ),
    ).toEqual([]);
    expect(markup.match(/<img /g)).toHaveLength(2);
  });

  it('sets a policy that allows no script and nothing from outside, with the page’s style by its hash', () => {
    const style = /<style>([^]*)<\/style>/.exec(html)![1]!;
    const hash = createHash('sha256').update(style).digest('base64');
    expect(html).toContain(
      `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src 'self' data:; style-src 'sha256-${hash}'; base-uri 'none'; form-action 'none'">`,
    );
    // Before any content: a policy applies only to what follows it.
    expect(html.indexOf('Content-Security-Policy')).toBeLessThan(html.indexOf('<style>'));
    expect(contentSecurityPolicy(style)).toBe(
      `default-src 'none'; img-src 'self' data:; style-src 'sha256-${hash}'; base-uri 'none'; form-action 'none'`,
    );
  });

  it('is written sanitized by the command line, the local image pointed back at the bundle', async () => {
    const dir = join(await mkdtemp(join(tmpdir(), 'preview-')), 'bundle');
    await cp(HOSTILE_PREVIEW, dir, { recursive: true });
    expect(cli('preview', dir)).toEqual({ code: 0, stdout: `wrote ${join(dir, '.telescope-report/preview.html')}\n`, stderr: '' });
    const written = await readFile(join(dir, '.telescope-report/preview.html'), 'utf8');
    expect(bodyOf(written)).toBe(await expectedBody('../pic.svg'));
    expect(written.slice(0, written.indexOf('<body>'))).toBe(html.slice(0, html.indexOf('<body>')));
  });
});

describe('which image addresses the preview loads', () => {
  it.each([
    ['pic.png', true],
    ['figures/pic.png', true],
    ['../shared/pic.png', true],
    ['a:b.png', false],
    ['https://evil.example/x.png', false],
    ['HTTP://evil.example/x.png', false],
    ['//evil.example/x.png', false],
    ['\\\\evil.example\\share\\x.png', false],
    ['/images/x.png', false],
    ['data:image/png;base64,AAAA', false],
    ['java\tscript:alert(1)', false],
    ['', false],
  ])('%j → %s', (url, loads) => {
    expect(isBundlePath(url)).toBe(loads);
  });
});
