/** The payloads an attacker would try, as sensor labels: each stays text in every output. */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Root, RootContent } from 'mdast';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import { draft } from '../src/draft.js';
import { loadLocaleLayers } from '../src/inputs.js';
import { promptLabel } from '../src/localize/translator.js';
import { writeBundle } from '../src/output/bundle.js';
import { WORD_JOINER } from '../src/output/markdown.js';
import { buildPreview } from '../src/output/preview.js';
import { exampleWith, readPost } from './helpers.js';

const PAYLOADS = [
  '<img src=x onerror=alert(1)>',
  '[click](javascript:alert(1))',
  'javascript:alert(1)',
  '](https://evil.example/x)',
  'see www.evil.example',
  'mail me@evil.example',
  '[^1]',
  '<!--',
  '<!-- commentary:closing -->',
  '<script>alert(1)</script>',
  '![x](https://evil.example/pixel.png)',
];

describe('payloads in data', async () => {
  // Six sensors: English labels carry payloads 0-5, Japanese ones 6-10 and 0 again.
  const en = PAYLOADS.slice(0, 6);
  const ja = [...PAYLOADS.slice(6), PAYLOADS[0]!];
  const result = await draft(
    await exampleWith((d) => {
      d.sensors.forEach((sensor, i) => {
        sensor.label = { en: en[i]!, ja: ja[i]! };
      });
    }),
  );
  const reader = unified().use(remarkParse).use(remarkGfm).use(remarkFrontmatter, ['yaml']);

  it('stay text in the Markdown: no HTML but the slot markers, no link, no image but the charts, no footnote', () => {
    for (const post of result.posts) {
      const types = new Set<string>();
      const visit = (node: Root | RootContent) => {
        types.add(node.type);
        if (node.type === 'html') expect(node.value).toMatch(/^<!-- \/?(commentary|figure):[a-z0-9-]+ -->$/);
        if (node.type === 'image') expect(node.url).toMatch(/^[a-z-]+\.(en|ja)\.svg$/);
        if ('children' in node) for (const child of node.children as RootContent[]) visit(child);
      };
      visit(reader.parse(post.markdown) as Root);
      for (const type of ['link', 'linkReference', 'definition', 'footnoteReference', 'footnoteDefinition'])
        expect(types.has(type), `${post.lang}: ${type}`).toBe(false);
      const labels = readPost(post.markdown)
        .tables[1]!.slice(1)
        .map((row) => row[0]!.replaceAll(WORD_JOINER, ''));
      // Each label set apart from the row by the bidi isolates around it.
      expect(labels).toEqual((post.lang === 'en' ? en : ja).map((label) => `\u2068${label}\u2069`));
    }
  });

  it('stay text in the chart specs and SVGs', () => {
    for (const post of result.posts) {
      for (const chart of post.charts) {
        expect(chart.svg).toBeDefined();
        // Labels are text content, escaped: no element comes from them.
        expect(chart.svg!).not.toMatch(/<(img|script|a|foreignObject)[\s>]/i);
      }
      const heatmap = post.charts.find((c) => c.id === 'rank-heatmap')!;
      expect(JSON.stringify(heatmap.spec)).toContain(JSON.stringify('<img src=x onerror=alert(1)>').slice(1, -1));
      expect(heatmap.svg!).toContain('&lt;img src=x onerror=alert(1)&gt;');
    }
  });

  it('stay text in the preview page', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'inject-'));
    await writeBundle(dir, { files: result.files, orphanWords: {} });
    const locales = await loadLocaleLayers();
    const html = await buildPreview(dir, { promptLabels: { en: promptLabel('en', locales), ja: promptLabel('ja', locales) } });
    // The only images are the eight charts, as data: URIs; the labels inside them stay in the SVGs.
    const charts = /<figure class="chart"><img src="data:image\/svg\+xml;base64,[A-Za-z0-9+/=]+" alt="[^"]*"><\/figure>/g;
    expect(html.match(charts)).toHaveLength(8);
    expect(html.replace(charts, '')).not.toMatch(/<(img|script|a|iframe)[\s>]/i);
    expect(html).toContain('&#x3C;img src=x onerror=alert(1)>');
    expect(await readFile(join(dir, 'index.en.md'), 'utf8')).toMatch(/\| \u2068\\<img src=x onerror=alert\(1\)>\u2069 +\|/);
  });
});
