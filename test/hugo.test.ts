/**
 * The sidecar folder stays out of the published site: Debian's hugo builds a
 * two-language site from the committed example bundle, and nothing of
 * `.telescope-report/` reaches `public/` while a file beside the posts does.
 * `.ci/run` installs hugo.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root } from './helpers.js';

const HUGO = '/usr/bin/hugo';
const available = existsSync(HUGO);
if (!available && process.env.CI) throw new Error(`${HUGO} is missing: .ci/run installs it with apt`);

describe.skipIf(!available)('a Hugo site built from a drafted bundle', () => {
  it('publishes the posts and their charts, and nothing of .telescope-report/', async () => {
    const site = await mkdtemp(join(tmpdir(), 'hugo-'));
    await writeFile(
      join(site, 'hugo.toml'),
      [
        'baseURL = "https://example.org/"',
        'defaultContentLanguage = "en"',
        'disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]',
        '[languages.en]',
        'weight = 1',
        '[languages.ja]',
        'weight = 2',
        '',
      ].join('\n'),
    );
    await mkdir(join(site, 'layouts/_default'), { recursive: true });
    await writeFile(
      join(site, 'layouts/_default/single.html'),
      '{{ .Content }}{{ range .Resources }}<a href="{{ .RelPermalink }}">{{ .Name }}</a>{{ end }}',
    );
    await writeFile(join(site, 'layouts/_default/list.html'), '{{ range .Pages }}{{ .Title }}{{ end }}');
    const bundle = join(site, 'content/posts/2021-q4');
    await cp(join(root, 'examples/2021-q4/drafts'), bundle, { recursive: true });
    for (const lang of ['en', 'ja']) {
      const post = join(bundle, `index.${lang}.md`);
      await writeFile(post, (await readFile(post, 'utf8')).replace('draft: true', 'draft: false'));
    }
    await writeFile(join(bundle, '.telescope-report/probe.txt'), 'must stay private');
    await writeFile(join(bundle, 'beside-the-post.txt'), 'published, as any file beside a post is');

    execFileSync(HUGO, ['--quiet', '-d', 'public'], { cwd: site });
    const published = (await readdir(join(site, 'public'), { recursive: true })).map(String);
    expect(published).toContain('posts/2021-q4/index.html');
    expect(published).toContain('ja/posts/2021-q4/index.html');
    expect(published).toContain('posts/2021-q4/rank-heatmap.en.svg');
    expect(published).toContain('posts/2021-q4/beside-the-post.txt');
    expect(published.filter((path) => /telescope-report|manifest|generated|probe/.test(path))).toEqual([]);
  });
  it('runs no shortcode that a label or a translator’s string holds', async () => {
    const site = await mkdtemp(join(tmpdir(), 'hugo-shortcodes-'));
    await writeFile(
      join(site, 'hugo.toml'),
      ['baseURL = "https://example.org/"', 'disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]', ''].join('\n'),
    );
    await mkdir(join(site, 'layouts/_default'), { recursive: true });
    await writeFile(join(site, 'layouts/_default/single.html'), '{{ .Content }}');
    await writeFile(join(site, 'layouts/_default/list.html'), '{{ range .Pages }}{{ .Title }}{{ end }}');
    const locales = join(site, 'layer');
    await mkdir(join(locales, 'en'), { recursive: true });
    await writeFile(
      join(locales, 'en', 'post.json'),
      JSON.stringify({ intro: { period: 'This issue looks at {{period}}. {{< youtube dQw4w9WgXcQ >}} {{% ref "nowhere" %}}' } }),
    );
    const dataset = JSON.parse(await readFile(join(root, 'examples/2021-q4/dataset.json'), 'utf8'));
    dataset.sensors[0].label = { en: '{{< gist spf13 7896402 >}}' };
    dataset.sensors[1].label = { en: '{{% param "title" %}}' };
    await writeFile(join(site, 'q.json'), JSON.stringify(dataset));
    const bundle = join(site, 'content/posts/q');
    const run = spawnSync(
      process.execPath,
      [join(root, 'dist/bin/telescope-report.mjs'), 'draft', join(site, 'q.json'), '--out', bundle, '--lang', 'en', '--locales', locales],
      { encoding: 'utf8' },
    );
    expect(run.status, run.stderr).toBe(0);
    const post = join(bundle, 'index.en.md');
    await writeFile(post, (await readFile(post, 'utf8')).replace('draft: true', 'draft: false'));
    // A shortcode that ran would fetch a gist, embed a video, or fail the build on a missing page.
    execFileSync(HUGO, ['--quiet', '-d', 'public'], { cwd: site });
    const html = await readFile(join(site, 'public/posts/q/index.html'), 'utf8');
    expect(html).not.toMatch(/<script|<iframe|gist\.github\.com|youtube\.com/);
    const shown = html.replaceAll('\u2060', '');
    expect(shown).toContain('{{&lt; gist spf13 7896402 &gt;}}');
    expect(shown).toMatch(/\{\{% param (?:&ldquo;|")title(?:&rdquo;|") %\}\}/);
    expect(shown).toContain('{{&lt; youtube dQw4w9WgXcQ &gt;}}');
  });
});
