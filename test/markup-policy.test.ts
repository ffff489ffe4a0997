/** One markup policy for every locale string: no raw HTML, links and images only where allowed, safe URLs only. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import { analyse } from '../src/analysis/index.js';
import { checkDataset } from '../src/dataset/index.js';
import { buildDocument } from '../src/document/build.js';
import { draft } from '../src/draft.js';
import { loadLocaleLayers, loadTemplate } from '../src/inputs.js';
import { localize } from '../src/localize/localize.js';
import { LINK_KEYS } from '../src/localize/keys.js';
import { findMisplacedMarks, markupFindings, parseLocaleString, urlKind } from '../src/localize/markup-policy.js';
import { formatProblem, ProblemsError } from '../src/messages.js';
import { cli, loadExample, noStackTrace, root as packageRoot } from './helpers.js';

const findings = (text: string, key = 'post:intro.period') =>
  markupFindings(parseLocaleString(text).root, key).map((f) => `${f.ruleId}: ${f.reason}`);

describe('parseLocaleString', () => {
  // A plain line of words is given its tree without the parser (markup-policy.ts): it must be the parser's tree.
  const parser = unified().use(remarkParse);
  const same = (text: string) => expect(parseLocaleString(text).root, JSON.stringify(text)).toEqual(parser.parse(marked(text)));
  const marked = (text: string) => {
    let count = 0;
    return text.replace(/\{\{\s*([A-Za-z_]\w*)\s*(?:,\s*([a-z]+)\s*)?\}\}/g, () => String.fromCharCode(0xe000 + count++));
  };

  it('gives every shipped locale string the tree the Markdown parser gives it', () => {
    const strings: string[] = [];
    const collect = (value: unknown): void => {
      if (typeof value === 'string') strings.push(value);
      else if (value && typeof value === 'object') Object.values(value).forEach(collect);
    };
    for (const lang of readdirSync(join(packageRoot, 'locales'))) {
      for (const file of readdirSync(join(packageRoot, 'locales', lang)))
        collect(JSON.parse(readFileSync(join(packageRoot, 'locales', lang, file), 'utf8')));
    }
    expect(strings.length).toBeGreaterThan(900);
    for (const text of strings) same(text);
  });

  it('gives any string of words, variables and markup the tree of the parser', () => {
    const piece = fc.constantFrom(
      'a',
      'Z',
      '9',
      '1.',
      ' ',
      '  ',
      '\t',
      '\n',
      '\u3000',
      '\u00a0',
      '日本',
      '😀',
      '{{n}}',
      '{{ x, number }}',
      '*',
      '_',
      '`',
      '#',
      '>',
      '-',
      '+',
      '=',
      '~',
      '<',
      '&amp;',
      '\\',
      '[',
      ']',
      '(',
      ')',
      '!',
      '|',
      ':',
      '.',
      'http://x.org',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 8 }), (pieces) => {
        same(pieces.join(''));
      }),
      { numRuns: 500 },
    );
  });
});

describe('urlKind', () => {
  it('calls only http(s) URLs with a host remote, and only scheme-less paths relative', () => {
    const kinds = Object.fromEntries(
      [
        'https://example.org/report',
        'HTTP://example.org',
        'report.html',
        '../2021-q3/',
        '#figures',
        '?page=2',
        '',
        'javascript%3Aalert(1)',
        'javascript:alert(1)',
        'JaVaScRiPt:alert(1)',
        'java\tscript:alert(1)',
        ' javascript:alert(1)',
        'javascript\n:alert(1)',
        'data:text/html,x',
        'vbscript:msgbox(1)',
        'file:///etc/passwd',
        'mailto:a@example.org',
        '//evil.example',
        '/\\evil.example',
        'https:evil.example',
        'https://',
        'http:///x',
        '%6Aavascript:alert(1)',
        ':x',
        'a\u200bb.png',
        '\ue000:x',
      ].map((url) => [url, urlKind(url)]),
    );
    expect(kinds).toEqual({
      'https://example.org/report': 'remote',
      'HTTP://example.org': 'remote',
      'report.html': 'relative',
      '../2021-q3/': 'relative',
      '#figures': 'relative',
      '?page=2': 'relative',
      '': 'relative',
      'javascript%3Aalert(1)': 'relative',
      'javascript:alert(1)': 'unsafe',
      'JaVaScRiPt:alert(1)': 'unsafe',
      'java\tscript:alert(1)': 'unsafe',
      ' javascript:alert(1)': 'unsafe',
      'javascript\n:alert(1)': 'unsafe',
      'data:text/html,x': 'unsafe',
      'vbscript:msgbox(1)': 'unsafe',
      'file:///etc/passwd': 'unsafe',
      'mailto:a@example.org': 'unsafe',
      '//evil.example': 'unsafe',
      '/\\evil.example': 'unsafe',
      'https:evil.example': 'unsafe',
      'https://': 'unsafe',
      'http:///x': 'unsafe',
      '%6Aavascript:alert(1)': 'unsafe',
      ':x': 'unsafe',
      'a\u200bb.png': 'unsafe',
      '\ue000:x': 'unsafe',
    });
  });
});

describe('markupFindings', () => {
  it('allows links only in the listed keys', () => {
    expect(LINK_KEYS).toEqual(['post:intro.series']);
    const link = 'The companion to [our report](https://example.org/report).';
    expect(findings(link, 'post:intro.series')).toEqual([]);
    expect(findings(link)).toEqual([
      'locale-link: expected no link in "post:intro.period" (only post:intro.series may hold links), found a link to "https://example.org/report"',
    ]);
    expect(findings('See <https://example.org>.', 'facts:commonToAll_other')).toEqual([
      'locale-link: expected no link in "facts:commonToAll_other" (only post:intro.series may hold links), found a link to "https://example.org"',
    ]);
    expect(findings('![logo](logo.png)', 'common:charts.font')).toEqual([
      'locale-link: expected no image in "common:charts.font" (only post:intro.series may hold images), found an image of "logo.png"',
    ]);
  });

  it('refuses unsafe URLs everywhere, allowed keys included, and remote images', () => {
    expect(
      findings('[a](JaVaScRiPt:alert(1)) [b](java&#x09;script:alert(1)) [c](&#32;javascript:x) <vbscript:x>', 'post:intro.series'),
    ).toEqual([
      'locale-url: expected a link in "post:intro.series" to an http(s) URL or a relative one, found a link to "JaVaScRiPt:alert(1)"',
      'locale-url: expected a link in "post:intro.series" to an http(s) URL or a relative one, found a link to "java\\tscript:alert(1)"',
      'locale-url: expected a link in "post:intro.series" to an http(s) URL or a relative one, found a link to " javascript:x"',
      'locale-url: expected a link in "post:intro.series" to an http(s) URL or a relative one, found a link to "vbscript:x"',
    ]);
    expect(findings('![p](https://tracker.example/p.png) ![q](data:image/png;base64,AAAA) ![r](logo.png)', 'post:intro.series')).toEqual([
      'locale-url: expected an image in "post:intro.series" of a relative URL (a file beside the post), found an image of "https://tracker.example/p.png"',
      'locale-url: expected an image in "post:intro.series" of a relative URL (a file beside the post), found an image of "data:image/png;base64,AAAA"',
    ]);
  });

  it('checks reference-style links through their definitions', () => {
    expect(findings('[our report][r]\n\n[r]: javascript:alert(1)', 'post:intro.series')).toEqual([
      'locale-url: expected a link in "post:intro.series" to an http(s) URL or a relative one, found a link definition to "javascript:alert(1)"',
    ]);
    expect(findings('![p][r]\n\n[r]: https://tracker.example/p.png', 'post:intro.series')).toEqual([
      'locale-url: expected an image in "post:intro.series" of a relative URL (a file beside the post), found an image of "https://tracker.example/p.png"',
    ]);
    expect(findings('[r]: https://example.org')).toEqual([
      'locale-link: expected no link in "post:intro.period" (only post:intro.series may hold links), found a link definition to "https://example.org"',
    ]);
  });

  it('refuses raw HTML in every key, comments included, and lists what it found', () => {
    expect(findings('Look <script>alert(1)</script> <img src=x onerror=alert(1)> <!-- commentary:x -->', 'post:intro.series')).toEqual([
      'locale-html: expected Markdown without raw HTML in "post:intro.series", found "<script>", "</script>", "<img src=x onerror=alert(1)>" and 1 more',
    ]);
    expect(findings('<b>Month</b>', 'common:charts.dailyAverages.x')).toEqual([
      'locale-html: expected Markdown without raw HTML in "common:charts.dailyAverages.x", found "<b>", "</b>"',
    ]);
    expect(findings('{{entry}} came <i>first</i>', 'facts:sourceTopEntry.single')).toEqual([
      'locale-html: expected Markdown without raw HTML in "facts:sourceTopEntry.single", found "<i>", "</i>"',
    ]);
  });

  it('leaves text, emphasis, code and variables alone', () => {
    expect(findings('*{{period}}* is `![x](y.png)` and <not html, 2 < 3 > 1, www.example.org')).toEqual([]);
  });
});

describe('findMisplacedMarks', () => {
  it('looks past an image without variables (it used to stop at the first image)', () => {
    const paragraph = parseLocaleString('![a](x.png) [b]({{period}})').root.children[0]!;
    expect(findMisplacedMarks('children' in paragraph ? paragraph.children : [])).toBe('a link target');
  });
});

describe('the policy through the command line', () => {
  const fixture = 'test/fixtures/locales/markup';
  const expected = [
    `${fixture}/en/post.json:4:5  error  expected Markdown without raw HTML in "post:intro.period", found "<script>", "</script>"  locale-html`,
    `${fixture}/en/post.json:7:5  error  expected a link in "post:closing.prompt" to an http(s) URL or a relative one, found a link to "JaVaScRiPt:alert(1)"  locale-url`,
    `${fixture}/ja/post.json:4:5  error  expected Markdown without raw HTML in "post:intro.period", found "<script>", "</script>"  locale-html`,
    `${fixture}/ja/post.json:7:5  error  expected a link in "post:closing.prompt" to an http(s) URL or a relative one, found a link to "JaVaScRiPt:alert(1)"  locale-url`,
  ];

  it('locales check reports the same problems for the reference language as for the others', () => {
    const run = cli('locales', 'check', '--locales', fixture);
    expect(run).toEqual({
      code: 1,
      stdout: [...expected, '✖ 4 findings: 4 errors (draft refuses these), 0 warnings', ''].join('\n'),
      stderr: '',
    });
    const reasons = (lang: string) =>
      run.stdout
        .split('\n')
        .filter((l) => l.startsWith(`${fixture}/${lang}/`))
        .map((l) => l.slice(l.indexOf('  ')));
    expect(reasons('en')).toEqual(reasons('ja'));
    expect(reasons('en')).toHaveLength(2);
  });

  it('draft refuses the same strings with the same messages, exit 2, and writes nothing', async () => {
    const out = join(await mkdtemp(join(tmpdir(), 'markup-')), 'bundle');
    const run = cli('draft', 'examples/2021-q4/dataset.json', '--out', out, '--no-svg', '--locales', fixture);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe([...expected, '✖ 4 locale problems', ''].join('\n'));
    noStackTrace(run.stdout + run.stderr);
    expect(existsSync(out)).toBe(false);
  });

  it('the shipped locales follow it: no findings', () => {
    expect(cli('locales', 'check').code).toBe(0);
  });
});

describe('the policy in draft', () => {
  const layer = async (post: object) => {
    const dir = await mkdtemp(join(tmpdir(), 'markup-layer-'));
    await mkdir(join(dir, 'en'));
    await writeFile(join(dir, 'en', 'post.json'), JSON.stringify(post, null, 2));
    return dir;
  };

  it('keeps a link to an http(s) or relative URL in an allowed key', async () => {
    const localesDir = await layer({
      intro: { series: 'The companion to [our report](https://example.org/report) and [the archive](../archive/).' },
    });
    const result = await draft(await loadExample(), { svg: false, languages: ['en'], localesDir });
    expect(result.posts[0]!.markdown).toContain(
      'The companion to [our report](https://example.org/report) and [the archive](../archive/).',
    );
  });

  it('refuses the same text in another key, although it was just accepted (strings are parsed once per process)', async () => {
    const text = 'The companion to [our report](https://example.org/report).';
    const localesDir = await layer({ intro: { series: text, period: text } });
    const error = await draft(await loadExample(), { svg: false, languages: ['en'], localesDir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProblemsError);
    expect((error as ProblemsError).problems.map((p) => formatProblem(p).replace(localesDir, 'L'))).toEqual([
      'L/en/post.json:4:5  error  expected no link in "post:intro.period" (only post:intro.series may hold links), found a link to "https://example.org/report"  locale-link',
    ]);
  });

  it('locates a string in the text the loader read: the translator reads no file', async () => {
    const localesDir = await layer({ intro: { period: 'See <b>this</b>.' } });
    const locales = await loadLocaleLayers(localesDir);
    // The file moved on after it was read: the problem is still said where the string that was read stands.
    await writeFile(join(localesDir, 'en', 'post.json'), '{}');
    const [example, template] = [checkDataset(await loadExample(), 'example'), await loadTemplate('overflow')];
    const document = buildDocument(template, example, analyse(example, template.limits));
    const error = (() => {
      try {
        return localize(document, 'en', locales);
      } catch (thrown) {
        return thrown;
      }
    })();
    expect((error as ProblemsError).problems.map((p) => formatProblem(p).replace(localesDir, 'L'))).toEqual([
      'L/en/post.json:3:5  error  expected Markdown without raw HTML in "post:intro.period", found "<b>", "</b>"  locale-html',
    ]);
    expect(locales.place('en', 'post:intro.period')).toEqual({
      file: join(localesDir, 'en', 'post.json'),
      place: { line: 3, column: 5, offset: 19 },
    });
    expect(locales.place('en', 'post:intro.nothing')).toBeUndefined();
  });

  it('reports a comment once, as raw HTML, not also as block Markdown', async () => {
    const localesDir = await layer({ intro: { period: '<!-- commentary:closing -->' } });
    const error = await draft(await loadExample(), { svg: false, languages: ['en'], localesDir }).catch((e: unknown) => e);
    expect((error as ProblemsError).problems.map((p) => p.ruleId)).toEqual(['locale-html']);
  });

  it('reports a string once, however often it is rendered', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'markup-layer-'));
    await mkdir(join(dir, 'en'));
    await writeFile(join(dir, 'en', 'common.json'), JSON.stringify({ charts: { sourceTop: { point: '<b>{{entry}}</b>: {{packets}}' } } }));
    const error = await draft(await loadExample(), { svg: false, languages: ['en'], localesDir: dir }).catch((e: unknown) => e);
    expect((error as ProblemsError).problems.map((p) => p.ruleId)).toEqual(['locale-html']);
  });
});
