/**
 * Hostile input, through the real command line. For every bad file: a message
 * with file:line:column and rule, the documented exit code, no stack trace,
 * and every file already on disk left exactly as it was.
 */
import { spawnSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root } from './helpers.js';

const _HOSTILE = join(root, 'test/fixtures/hostile');
const BUNDLE = join(root, 'test/fixtures/hostile/bundle');

interface Case {
  name: string;
  /** CLI arguments; `{ws}` is the workspace, `{out}` a bundle drafted before the run. */
  args: string[];
  exit: 1 | 2;
  /** The file named in the expected message, relative to the workspace or the repository. */
  file: string;
  /** `line:column`, or '' for a message about a whole file. */
  at: string;
  rule: string;
  /** Writes extra input into the workspace first. */
  prepare?: (ws: string) => Promise<void>;
}

async function snapshot(dir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const walk = async (here: string) => {
    for (const entry of await readdir(here, { withFileTypes: true })) {
      const path = join(here, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (!entry.isFile()) files.set(relative(dir, path), 'not a regular file');
      else
        files.set(
          relative(dir, path),
          (await stat(path)).size > 20_000_000 ? `size ${(await stat(path)).size}` : await readFile(path, 'latin1'),
        );
    }
  };
  await walk(dir);
  return files;
}

async function runCase(c: Case): Promise<void> {
  const ws = await mkdtemp(join(tmpdir(), 'hostile-'));
  await cp(BUNDLE, join(ws, 'out'), { recursive: true });
  await c.prepare?.(ws);
  const before = await snapshot(ws);
  const args = c.args.map((a) => a.replaceAll('{ws}', ws).replaceAll('{out}', join(ws, 'out')));
  // A command that blocks on a FIFO or reads a device for ever fails here instead of hanging the suite.
  const run = spawnSync(process.execPath, ['dist/bin/telescope-report.mjs', ...args], { cwd: root, encoding: 'utf8', timeout: 20_000 });
  const output = run.stdout + run.stderr;
  expect(run.status, output).toBe(c.exit);
  const file = c.file.replaceAll('{ws}', ws);
  const at = c.at === '*' ? await readFile(join(ws, 'expected-place'), 'utf8') : c.at;
  const where = at === '' ? file : `${file}:${at}`;
  const line = output.split('\n').find((l) => l.startsWith(`${where}  `) && l.endsWith(`  ${c.rule}`));
  expect(line, `no "${where}  …  ${c.rule}" in:\n${output}`).toBeDefined();
  expect(line).toMatch(/ {2}(error|warning) {2}.*expected .+/);
  expect(output).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
  expect(await snapshot(ws)).toEqual(before);
}

const expectedDatasets: Record<string, { path?: string; rule: string; line?: number; column?: number }[]> = JSON.parse(
  await readFile(join(root, 'test/fixtures/datasets/invalid/expected.json'), 'utf8'),
);

const datasetCase = (dir: string, name: string, at: string, rule: string): Case => ({
  name,
  args: ['draft', `${dir}/${name}.json`, '--out', '{out}', '--no-svg'],
  exit: 2,
  file: `${dir}/${name}.json`,
  at,
  rule,
});

/** Where the first expected problem of an invalid dataset stands, found by `validate` itself being exact elsewhere. */
const invalidDatasets: Case[] = Object.entries(expectedDatasets).map(([name, problems]) => {
  const first = problems[0]!;
  return { ...datasetCase('test/fixtures/datasets/invalid', name, first.line ? `${first.line}:${first.column}` : '*', first.rule) };
});

const H = 'test/fixtures/hostile';
const cases: Case[] = [
  datasetCase(`${H}/datasets`, 'infinity-literal', '12:39', 'json-syntax'),
  datasetCase(`${H}/datasets`, 'huge-exponent', '12:39', 'json-syntax'),
  datasetCase(`${H}/datasets`, 'proto-key-top-level', '3:3', 'unknown-field'),
  datasetCase(`${H}/datasets`, 'constructor-key-in-sensor', '5:41', 'unknown-field'),
  datasetCase(`${H}/datasets`, 'proto-sensor-id', '5:13', 'invalid-format'),
  datasetCase(`${H}/datasets`, 'proto-label-key', '2:62', 'invalid-key'),
  datasetCase(`${H}/datasets`, 'bom-then-error', '2:20', 'schema-version'),
  datasetCase(`${H}/datasets`, 'hex-number', '12:40', 'json-syntax'),
  datasetCase(`${H}/datasets`, 'comment.json'.replace('.json', ''), '2:23', 'json-syntax'),
  datasetCase(`${H}/datasets`, 'control-char-in-string', '5:15', 'json-syntax'),
  datasetCase(`${H}/datasets`, 'lone-surrogate-escape-label', '6:58', 'invalid-text'),
  // Labels are one line of text: no C0 or C1 control character, no noncharacter, no lone surrogate.
  ...[
    'tab',
    'line-feed',
    'nul',
    'del',
    'c1-next-line',
    'escape-character',
    'noncharacter-fffe',
    'noncharacter-ffff',
    'noncharacter-plane-1',
    'noncharacter-fdd0',
    'lone-low-surrogate',
  ].map((name) => datasetCase(`${H}/datasets`, `${name}-in-label`, '6:58', 'invalid-text')),
  // Labels of nothing a reader can see.
  ...['invisible-pdi-label', 'invisible-zero-width-label', 'combining-marks-only-label'].map((name) =>
    datasetCase(`${H}/datasets`, name, '6:58', 'invalid-text'),
  ),
  datasetCase(`${H}/datasets`, 'two-documents', '40:1', 'json-syntax'),
  // An impossible day (month 13, month 00, day 00, day 32) in a series point: a finding at the point, never a RangeError.
  ...['month-13', 'month-00', 'day-00', 'day-32'].flatMap((name): Case[] => {
    const file = `test/fixtures/datasets/invalid/v2-series-date-${name}.json`;
    const at = { file, at: '13:19', rule: 'invalid-format', exit: 2 as const };
    return [
      { name: `series date ${name}: validate`, args: ['validate', file], ...at },
      {
        name: `series date ${name}: draft --previous`,
        args: ['draft', 'examples/2021-q4/dataset.json', '--previous', file, '--out', '{out}', '--no-svg'],
        ...at,
      },
    ];
  }),
  datasetCase(`${H}/datasets`, 'string-instead-of-document', '1:1', 'wrong-type'),
  {
    name: 'a 10 MB label',
    args: ['draft', '{ws}/big-label.json', '--out', '{out}', '--no-svg'],
    exit: 2,
    file: '{ws}/big-label.json',
    at: '1:111',
    rule: 'out-of-range',
    prepare: async (ws) => {
      const dataset = JSON.parse(await readFile(join(root, 'test/fixtures/datasets/valid-minimal.json'), 'utf8'));
      dataset.sensors[0].label = { en: 'x'.repeat(10 * 1024 * 1024) };
      await writeFile(join(ws, 'big-label.json'), JSON.stringify(dataset));
    },
  },
  {
    name: 'nesting 10,000 deep',
    args: ['validate', '{ws}/deep.json'],
    exit: 2,
    file: '{ws}/deep.json',
    at: '1:65',
    rule: 'too-deep',
    prepare: async (ws) => writeFile(join(ws, 'deep.json'), `${'['.repeat(10_000)}${']'.repeat(10_000)}`),
  },
  {
    name: 'a file over the 200 MiB limit',
    args: ['draft', '{ws}/huge.json', '--out', '{out}'],
    exit: 2,
    file: '{ws}/huge.json',
    at: '',
    rule: 'too-large',
    prepare: async (ws) => {
      await writeFile(join(ws, 'huge.json'), '{');
      await truncate(join(ws, 'huge.json'), 201 * 1024 * 1024);
    },
  },
  ...[
    ['syntax-error', 'ja/post.json', '3:23', 'json-syntax'],
    ['number-value', 'en/common.json', '2:23', 'locale-shape'],
    ['array-value', 'ja/facts.json', '2:24', 'locale-shape'],
    ['null-value', 'ja/post.json', '2:24', 'locale-shape'],
    ['top-level-array', 'en/post.json', '1:1', 'locale-shape'],
    ['duplicate-key', 'en/post.json', '3:3', 'duplicate-key'],
    // An object where the reference has a string put i18next's own complaint into the post.
    ['object-where-string', 'en/post.json', '1:22', 'locale-shape'],
    ['empty-object', 'ja/post.json', '1:22', 'locale-shape'],
  ].map(
    ([name, file, at, rule]): Case => ({
      name: `locale: ${name}`,
      args: ['draft', 'examples/2021-q4/dataset.json', '--out', '{out}', '--no-svg', '--locales', `${H}/locales/${name}`],
      exit: 2,
      file: `${H}/locales/${name}/${file}`,
      at: at!,
      rule: rule!,
    }),
  ),
  // Problems inside a locale string point at its key in the file that supplied it.
  ...[
    ['variable-in-link', 'en', 'variable-placement'],
    ['variable-in-html', 'ja', 'variable-placement'],
    ['variable-in-image', 'en', 'variable-placement'],
    ['block-markdown', 'en', 'locale-markdown'],
    ['unknown-variable', 'ja', 'unknown-variable'],
  ].map(
    ([name, lang, rule]): Case => ({
      name: `locale: ${name}`,
      args: ['draft', 'examples/2021-q4/dataset.json', '--out', '{out}', '--no-svg', '--locales', `${H}/locales/${name}`],
      exit: 2,
      file: `${H}/locales/${name}/${lang}/post.json`,
      at: '1:14',
      rule: rule!,
    }),
  ),
  ...['object-where-string', 'empty-object'].map(
    (name): Case => ({
      name: `locales check: ${name}`,
      args: ['locales', 'check', '--locales', `${H}/locales/${name}`],
      exit: 2,
      file: `${H}/locales/${name}/${name === 'empty-object' ? 'ja' : 'en'}/post.json`,
      at: '1:22',
      rule: 'locale-shape',
    }),
  ),
  // Words of rankings: service and country names, checked like every locale string.
  ...(
    [
      ['empty-service', 'en/common.json', '1:17'],
      ['blank-country', 'ja/common.json', '1:18'],
      ['override-in-country', 'en/common.json', '1:24'],
    ] as const
  ).flatMap(([name, file, at]): Case[] => [
    {
      name: `ranking words: ${name} (draft)`,
      args: [
        'draft',
        'examples/2021-q4-quarterly/dataset.json',
        '--template',
        'quarterly',
        '--previous',
        'examples/2021-q4-quarterly/previous.json',
        '--out',
        '{out}',
        '--no-svg',
        '--locales',
        `${H}/locales/${name}`,
      ],
      exit: 2,
      file: `${H}/locales/${name}/${file}`,
      at,
      rule: 'locale-text',
    },
    {
      name: `ranking words: ${name} (locales check)`,
      args: ['locales', 'check', '--locales', `${H}/locales/${name}`],
      exit: 1,
      file: `${H}/locales/${name}/${file}`,
      at,
      rule: 'locale-text',
    },
  ]),
  {
    name: 'locales check: block Markdown, which draft refuses',
    args: ['locales', 'check', '--locales', `${H}/locales/block-markdown`],
    exit: 1,
    file: `${H}/locales/block-markdown/en/post.json`,
    at: '1:14',
    rule: 'locale-markdown',
  },
  {
    name: 'locale: bytes that are not UTF-8',
    args: ['locales', 'check', '--locales', `${H}/locales/not-utf8`],
    exit: 2,
    file: `${H}/locales/not-utf8/en/post.json`,
    at: '1:13',
    rule: 'encoding',
  },
  ...[
    ['unknown-directive', '8:1', 'unknown-directive'],
    ['unclosed-container', '11:1', 'slot-content'],
    ['reference-to-nothing', '6:1', 'unknown-reference'],
    ['dropped-reference', '10:1', 'dangling-reference'],
    ['duplicate-id', '8:1', 'duplicate-id'],
    ['missing-attribute', '6:1', 'missing-attribute'],
    ['unknown-key', '6:4', 'unknown-key'],
    ['bad-front-matter-yaml', '1:1', 'front-matter'],
    ['nested-commentary', '7:1', 'nested-slot'],
    ['unknown-fact', '6:1', 'invalid-attribute'],
    ['html-in-key-label', '6:1', 'invalid-key'],
    ['view-on-source-chart', '6:1', 'unknown-attribute'],
    ['unknown-view', '6:1', 'invalid-attribute'],
    ['unknown-need', '6:1', 'invalid-attribute'],
    ['proto-attribute', '6:1', 'unknown-attribute'],
  ].map(
    ([name, at, rule]): Case => ({
      name: `template: ${name}`,
      args: [
        'draft',
        `${name === 'dropped-reference' ? `${H}/datasets-no-source.json` : 'examples/2021-q4/dataset.json'}`,
        '--out',
        '{out}',
        '--no-svg',
        '--templates',
        `${H}/templates/${name}`,
      ],
      exit: 2,
      file: `${H}/templates/${name}/overflow.md`,
      at: at!,
      rule: rule!,
    }),
  ),
  // Drafts damaged by hand, given to check (which writes nothing): exit 1 with the finding.
  ...[
    ['a slot left open', (t: string) => t.replace('<!-- /commentary:closing -->', ''), 'unclosed-slot', '<!-- commentary:closing -->'],
    [
      'a closing marker alone',
      (t: string) => t.replace('<!-- commentary:region-notes -->\n', ''),
      'unopened-slot',
      '<!-- /commentary:region-notes -->',
    ],
    [
      'a slot inside a slot',
      (t: string) =>
        t.replace(
          '<!-- /commentary:source-notes -->',
          '<!-- commentary:inner -->\n\nx\n\n<!-- /commentary:inner -->\n\n<!-- /commentary:source-notes -->',
        ),
      'nested-slot',
      '<!-- commentary:inner -->',
    ],
    // The first slot of an id wins; the later one is the duplicate.
    [
      'a slot twice',
      (t: string) => t.replace('## Closing notes', '<!-- commentary:closing -->\n\nx\n\n<!-- /commentary:closing -->\n\n## Closing notes'),
      'duplicate-slot',
      '<!-- commentary:closing -->',
      'last',
    ],
    [
      'a marker inside a table',
      (t: string) => t.replace('| Domestic sensor 1 |', '| <!-- commentary:cell --> |'),
      'misplaced-marker',
      '| <!-- commentary:cell --> |',
    ],
    [
      'a slot the template lacks',
      (t: string) =>
        t
          .replace('<!-- commentary:closing -->', '<!-- commentary:closer -->')
          .replace('<!-- /commentary:closing -->', '<!-- /commentary:closer -->'),
      'unknown-slot',
      '<!-- commentary:closer -->',
    ],
  ].map(
    ([name, damage, rule, marker, which]): Case => ({
      name: `check: ${name as string}`,
      args: ['check', '{out}'],
      exit: 1,
      file: '{ws}/out/index.en.md',
      at: '*',
      rule: rule as string,
      prepare: async (ws) => {
        const file = join(ws, 'out', 'index.en.md');
        const text = (damage as (t: string) => string)(await readFile(file, 'utf8'));
        const lines = text.split('\n');
        const index =
          which === 'last'
            ? lines.findLastIndex((l) => l.includes(marker as string))
            : lines.findIndex((l) => l.includes(marker as string));
        await writeFile(file, text);
        await writeFile(join(ws, 'expected-place'), `${index + 1}:${lines[index]!.indexOf('<!--') + 1}`);
      },
    }),
  ),
  // Special files: read only when regular, never blocked on, never read past the limit.
  ...(
    [
      ['validate', 'a device that never ends', ['validate', '/dev/zero'], '/dev/zero', 'not-a-file'],
      ['draft', 'a FIFO as the dataset', ['draft', '{ws}/fifo.json', '--out', '{out}', '--no-svg'], '{ws}/fifo.json', 'not-a-file'],
      ['validate', 'a folder as the dataset', ['validate', '{ws}'], '{ws}', 'not-a-file'],
      [
        'draft',
        'a FIFO as a template',
        ['draft', 'examples/2021-q4/dataset.json', '--out', '{out}', '--no-svg', '--templates', '{ws}/templates'],
        '{ws}/templates/overflow.md',
        'not-a-file',
      ],
      [
        'draft',
        'a FIFO as a locale file',
        ['draft', 'examples/2021-q4/dataset.json', '--out', '{out}', '--no-svg', '--locales', '{ws}/locales'],
        '{ws}/locales/en/post.json',
        'not-a-file',
      ],
      ['check', 'a FIFO as a post', ['check', '{out}'], '{ws}/out/index.en.md', 'not-a-file'],
      [
        'draft',
        'a FIFO as a post to regenerate',
        ['draft', 'examples/2021-q4/dataset.json', '--out', '{out}', '--no-svg'],
        '{ws}/out/index.en.md',
        'not-a-file',
      ],
    ] as const
  ).map(
    ([, name, args, file, rule]): Case => ({
      name: `special file: ${name}`,
      args: [...args],
      exit: 2,
      file,
      at: '',
      rule,
      prepare: async (ws) => {
        const { execFileSync } = await import('node:child_process');
        await mkdir(join(ws, 'templates'), { recursive: true });
        await mkdir(join(ws, 'locales', 'en'), { recursive: true });
        for (const fifo of ['fifo.json', 'templates/overflow.md', 'locales/en/post.json']) execFileSync('mkfifo', [join(ws, fifo)]);
        if (name.includes('post')) {
          await rm(join(ws, 'out', 'index.en.md'));
          execFileSync('mkfifo', [join(ws, 'out', 'index.en.md')]);
        }
      },
    }),
  ),
  // A templates folder that is not there is reported, not passed over for the shipped templates.
  ...(
    [
      ['a folder that does not exist', '{ws}/no-such-folder'],
      ['a file', '{ws}/README.md'],
    ] as const
  ).map(
    ([name, dir]): Case => ({
      name: `--templates: ${name}`,
      args: ['draft', 'examples/2021-q4/dataset.json', '--out', '{out}', '--no-svg', '--templates', dir],
      exit: 2,
      file: dir,
      at: '',
      rule: 'unreadable',
      prepare: async (ws) => writeFile(join(ws, 'README.md'), '# not templates\n'),
    }),
  ),
  {
    name: 'check: a post that is not UTF-8',
    args: ['check', '{out}'],
    exit: 2,
    file: '{ws}/out/index.ja.md',
    at: '1:3',
    rule: 'encoding',
    prepare: async (ws) => writeFile(join(ws, 'out', 'index.ja.md'), Buffer.from([0x23, 0x20, 0xc3, 0x28, 0x0a])),
  },
  // Locale strings: one policy for markup, links and plain text in every namespace.
  // Each layer is refused by draft (exit 2, nothing written) and reported by locales check (exit 1) at the same key.
  ...[
    ['script-in-post', 'en/post.json', '1:14', 'locale-html'],
    ['img-onerror', 'ja/post.json', '1:14', 'locale-html'],
    ['comment-as-slot-marker', 'en/post.json', '1:14', 'locale-html'],
    ['html-in-facts', 'ja/facts.json', '1:23', 'locale-html'],
    ['html-in-common', 'en/common.json', '1:34', 'locale-html'],
    ['html-in-common-ja', 'ja/common.json', '1:16', 'locale-html'],
    ['javascript-link', 'en/post.json', '1:14', 'locale-url'],
    ['javascript-mixed-case', 'ja/post.json', '1:14', 'locale-url'],
    ['javascript-tab-entity', 'en/post.json', '1:14', 'locale-url'],
    ['javascript-leading-space', 'en/post.json', '1:14', 'locale-url'],
    ['javascript-autolink', 'ja/post.json', '1:14', 'locale-url'],
    ['vbscript-link', 'en/post.json', '1:14', 'locale-url'],
    ['file-link', 'en/post.json', '1:14', 'locale-url'],
    ['data-link', 'en/post.json', '1:14', 'locale-url'],
    ['data-image', 'en/post.json', '1:14', 'locale-url'],
    ['remote-image', 'en/post.json', '1:14', 'locale-url'],
    ['protocol-relative-link', 'en/post.json', '1:14', 'locale-url'],
    ['backslash-host', 'en/post.json', '1:14', 'locale-url'],
    ['mailto-autolink', 'ja/post.json', '1:14', 'locale-url'],
    ['reference-definition', 'en/post.json', '1:14', 'locale-url'],
    ['link-outside-allow-list', 'en/post.json', '1:14', 'locale-link'],
    ['autolink-outside-allow-list', 'ja/post.json', '1:14', 'locale-link'],
    ['image-outside-allow-list', 'ja/post.json', '1:14', 'locale-link'],
    ['link-in-facts', 'en/facts.json', '1:23', 'locale-link'],
    // Control characters would make a chart's SVG malformed XML; noncharacters are not text.
    ['bell-in-chart-axis', 'en/common.json', '1:34', 'locale-text'],
    ['line-feed-in-chart-title', 'ja/common.json', '1:30', 'locale-text'],
    ['nul-in-post', 'ja/post.json', '1:14', 'locale-text'],
    ['noncharacter-in-facts', 'en/facts.json', '1:23', 'locale-text'],
    // Number words go through the same policy as every string; the tool's private-use marks are no text.
    ['number-word-control', 'en/common.json', '1:20', 'locale-text'],
    ['number-word-markup', 'ja/common.json', '1:20', 'locale-html'],
    ['private-use-raw', 'en/post.json', '1:14', 'locale-text'],
    ['private-use-entity', 'ja/post.json', '1:14', 'locale-text'],
  ].flatMap(([name, file, at, rule]): Case[] => [
    {
      name: `locale markup: ${name} (draft)`,
      args: ['draft', 'examples/2021-q4/dataset.json', '--out', '{out}', '--no-svg', '--locales', `${H}/locales/${name}`],
      exit: 2,
      file: `${H}/locales/${name}/${file}`,
      at: at!,
      rule: rule!,
    },
    {
      name: `locale markup: ${name} (locales check)`,
      args: ['locales', 'check', '--locales', `${H}/locales/${name}`],
      exit: 1,
      file: `${H}/locales/${name}/${file}`,
      at: at!,
      rule: rule!,
    },
  ]),
  // Posts and files that check and preview read, and where preview writes.
  ...((): Case[] => {
    const post = (ws: string, lang = 'en') => join(ws, 'out', `index.${lang}.md`);
    /** Changes a drafted post; `place` finds the expected line:column in the changed text. */
    const damage =
      (change: (text: string) => string, place?: (text: string) => string, lang = 'en') =>
      async (ws: string) => {
        const text = change(await readFile(post(ws, lang), 'utf8'));
        await writeFile(post(ws, lang), text);
        if (place) await writeFile(join(ws, 'expected-place'), place(text));
      };
    /** `line:column`: the first line that starts with `prefix`, and the column given. */
    const at = (prefix: string, column: number) => (text: string) =>
      `${text.split('\n').findIndex((line) => line.startsWith(prefix)) + 1}:${column}`;
    const deepQuote = `${'>'.repeat(3000)} quoted\n`;
    const deepList = `${Array.from({ length: 1000 }, (_, i) => `${'  '.repeat(i)}- item`).join('\n')}\n`;
    const inIntro = (block: string) => (t: string) => t.replace('This issue looks at', `${block}\nThis issue looks at`);
    const inSlot = (block: string) => (t: string) => t.replace('<!-- /commentary:closing -->', `${block}\n<!-- /commentary:closing -->`);
    const frontMatter = (yaml: string) => (t: string) => t.replace(/^title: .*$/m, yaml);
    const aliasBomb = [
      'a: &a [x, x, x, x, x, x, x, x, x]',
      'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]',
      'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]',
      'd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]',
    ].join('\n');
    const outCase = (name: string, out: string, file: string, rule: string, prepare?: (ws: string) => Promise<void>): Case => ({
      name: `preview --out: ${name}`,
      args: ['preview', '{out}', '--out', out],
      exit: 2,
      file,
      at: '',
      rule,
      ...(prepare ? { prepare } : {}),
    });
    return [
      // Nesting thousands deep: refused before the parser recurses (check, preview, and draft regenerating the post).
      {
        name: 'too deep: 3,000 nested block quotes (check)',
        args: ['check', '{out}'],
        exit: 2,
        file: '{ws}/out/index.en.md',
        at: '*',
        rule: 'too-deep',
        prepare: damage(inIntro(deepQuote), at('>'.repeat(101), 101)),
      },
      {
        name: 'too deep: 3,000 nested block quotes (preview)',
        args: ['preview', '{out}'],
        exit: 2,
        file: '{ws}/out/index.en.md',
        at: '*',
        rule: 'too-deep',
        prepare: damage(inIntro(deepQuote), at('>'.repeat(101), 101)),
      },
      {
        name: 'too deep: block quotes inside a slot (check)',
        args: ['check', '{out}'],
        exit: 2,
        file: '{ws}/out/index.en.md',
        at: '*',
        rule: 'too-deep',
        prepare: damage(inSlot(deepQuote), at('>'.repeat(101), 101)),
      },
      {
        name: 'too deep: block quotes inside a slot (draft regenerating)',
        args: ['draft', 'examples/2021-q4/dataset.json', '--out', '{out}', '--no-svg'],
        exit: 2,
        file: '{ws}/out/index.en.md',
        at: '*',
        rule: 'too-deep',
        prepare: damage(inSlot(deepQuote), at('>'.repeat(101), 101)),
      },
      {
        name: 'too deep: a list nested 1,000 levels (check)',
        args: ['check', '{out}'],
        exit: 2,
        file: '{ws}/out/index.en.md',
        at: '*',
        rule: 'too-deep',
        prepare: damage(inIntro(deepList), at(`${'  '.repeat(100)}- item`, 201)),
      },
      {
        name: 'too deep: a list nested 1,000 levels in a slot (preview)',
        args: ['preview', '{out}'],
        exit: 2,
        file: '{ws}/out/index.ja.md',
        at: '*',
        rule: 'too-deep',
        prepare: damage(inSlot(deepList), at(`${'  '.repeat(100)}- item`, 201), 'ja'),
      },
      {
        name: 'too deep: 3,000 list markers on one line (preview)',
        args: ['preview', '{out}'],
        exit: 2,
        file: '{ws}/out/index.en.md',
        at: '*',
        rule: 'too-deep',
        prepare: damage(inIntro(`${'- '.repeat(3000)}x\n`), at('- '.repeat(101), 201)),
      },
      {
        name: 'too deep: 3,000 nested block quotes in a template (draft)',
        args: ['draft', 'examples/2021-q4/dataset.json', '--out', '{out}', '--no-svg', '--templates', '{ws}/templates'],
        exit: 2,
        file: '{ws}/templates/overflow.md',
        at: '*',
        rule: 'too-deep',
        prepare: async (ws) => {
          const template = (await readFile(join(root, 'templates/overflow.md'), 'utf8')).replace('\n## ', `\n${deepQuote}\n## `);
          await mkdir(join(ws, 'templates'));
          await writeFile(join(ws, 'templates', 'overflow.md'), template);
          await writeFile(join(ws, 'expected-place'), at('>'.repeat(101), 101)(template));
        },
      },
      // Front matter that does not parse: a finding of check (exit 1), a refusal of preview (exit 2).
      {
        name: 'front matter: an unclosed flow sequence (check)',
        args: ['check', '{out}'],
        exit: 1,
        file: '{ws}/out/index.en.md',
        at: '3:1',
        rule: 'front-matter',
        prepare: damage(frontMatter('title: [unclosed')),
      },
      {
        name: 'front matter: an unclosed flow sequence (preview)',
        args: ['preview', '{out}'],
        exit: 2,
        file: '{ws}/out/index.en.md',
        at: '3:1',
        rule: 'front-matter',
        prepare: damage(frontMatter('title: [unclosed')),
      },
      {
        name: 'front matter: an alias bomb (check)',
        args: ['check', '{out}'],
        exit: 1,
        file: '{ws}/out/index.en.md',
        at: '3:8',
        rule: 'front-matter',
        prepare: damage(frontMatter(aliasBomb)),
      },
      {
        name: 'front matter: an alias bomb (preview)',
        args: ['preview', '{out}'],
        exit: 2,
        file: '{ws}/out/index.en.md',
        at: '3:8',
        rule: 'front-matter',
        prepare: damage(frontMatter(aliasBomb)),
      },
      {
        name: 'front matter: a key twice (check)',
        args: ['check', '{out}'],
        exit: 1,
        file: '{ws}/out/index.ja.md',
        at: '3:1',
        rule: 'front-matter',
        prepare: damage(frontMatter('title: a\ntitle: b'), undefined, 'ja'),
      },
      {
        name: 'front matter: a list, not a mapping (preview)',
        args: ['preview', '{out}'],
        exit: 2,
        file: '{ws}/out/index.ja.md',
        at: '2:1',
        rule: 'front-matter',
        prepare: damage((t) => t.replace(/^---\n[^]*?\n---\n/, '---\n- a\n- b\n---\n'), undefined, 'ja'),
      },
      {
        name: 'front matter: flow collections 10,000 deep (preview)',
        args: ['preview', '{out}'],
        exit: 2,
        file: '{ws}/out/index.en.md',
        at: '2:107',
        rule: 'too-deep',
        prepare: damage(frontMatter(`title: ${'['.repeat(10_000)}${']'.repeat(10_000)}`)),
      },
      {
        name: 'front matter: explicit keys 150 deep (check)',
        args: ['check', '{out}'],
        exit: 1,
        file: '{ws}/out/index.en.md',
        at: '2:201',
        rule: 'too-deep',
        prepare: damage(frontMatter(`${'? '.repeat(150)}x`)),
      },
      // preview --out replaces nothing but a preview it wrote.
      outCase('the editor’s post', '{out}/index.en.md', '{ws}/out/index.en.md', 'not-a-preview'),
      outCase('the dataset', '{ws}/dataset.json', '{ws}/dataset.json', 'not-a-preview', async (ws) =>
        cp(join(root, 'examples/2021-q4/dataset.json'), join(ws, 'dataset.json')),
      ),
      outCase(
        'the manifest',
        '{out}/.telescope-report/manifest.json',
        '{ws}/out/.telescope-report/manifest.json',
        'not-a-preview',
        async (ws) => {
          await mkdir(join(ws, 'out', '.telescope-report'));
          await writeFile(join(ws, 'out', '.telescope-report', 'manifest.json'), '{"version":1,"files":{}}\n');
        },
      ),
      outCase('a page that is not a preview', '{ws}/page.html', '{ws}/page.html', 'not-a-preview', async (ws) =>
        writeFile(join(ws, 'page.html'), '<!doctype html>\n<title>Mine</title>\n'),
      ),
      outCase('a folder', '{out}', '{ws}/out', 'not-a-preview'),
      outCase('a folder named .html', '{ws}/folder.html', '{ws}/folder.html', 'not-a-file', async (ws) =>
        mkdir(join(ws, 'folder.html', 'inside'), { recursive: true }).then(() => writeFile(join(ws, 'folder.html', 'inside', 'keep'), 'x')),
      ),
      outCase('a FIFO', '{ws}/fifo.html', '{ws}/fifo.html', 'not-a-file', async (ws) => void spawnSync('mkfifo', [join(ws, 'fifo.html')])),
      outCase('a symbolic link to the post', '{ws}/link.html', '{ws}/link.html', 'not-a-file', async (ws) =>
        symlink(join(ws, 'out', 'index.en.md'), join(ws, 'link.html')),
      ),
      outCase('a device', '/dev/null', '/dev/null', 'not-a-preview'),
      outCase('a file of /proc', '/proc/version', '/proc/version', 'not-a-preview'),
      outCase('below a file', '{ws}/dataset.json/preview.html', '{ws}/dataset.json/preview.html', 'unwritable', async (ws) =>
        writeFile(join(ws, 'dataset.json'), '{}\n'),
      ),
      outCase('a place that cannot be written', '/proc/telescope-report-preview.html', '/proc/telescope-report-preview.html', 'unwritable'),
      {
        name: 'preview: a symbolic link for the bundle’s .telescope-report',
        args: ['preview', '{out}'],
        exit: 2,
        file: '{ws}/out/.telescope-report',
        at: '',
        rule: 'sidecar',
        prepare: async (ws) => {
          await mkdir(join(ws, 'elsewhere', 'kept'), { recursive: true });
          await writeFile(join(ws, 'elsewhere', 'kept', 'file'), 'x');
          await symlink('../elsewhere', join(ws, 'out', '.telescope-report'));
        },
      },
      {
        name: 'preview: a file for the bundle’s .telescope-report',
        args: ['preview', '{out}'],
        exit: 2,
        file: '{ws}/out/.telescope-report',
        at: '',
        rule: 'sidecar',
        prepare: async (ws) => writeFile(join(ws, 'out', '.telescope-report'), 'not a folder\n'),
      },
      // Symbolic links that lead nowhere: reported, not a crash, and not passed over for the shipped file.
      ...(
        [
          ['draft', ['draft', 'examples/2021-q4/dataset.json', '--out', '{out}', '--no-svg', '--locales', '{ws}/locales']],
          ['locales check', ['locales', 'check', '--locales', '{ws}/locales']],
          ['locales status', ['locales', 'status', '--locales', '{ws}/locales']],
        ] as const
      ).map(
        ([command, args]): Case => ({
          name: `a locale file linked to nothing (${command})`,
          args: [...args],
          exit: 2,
          file: '{ws}/locales/en/post.json',
          at: '',
          rule: 'unreadable',
          prepare: async (ws) => {
            await mkdir(join(ws, 'locales', 'en'), { recursive: true });
            await symlink('no-such-file.json', join(ws, 'locales', 'en', 'post.json'));
          },
        }),
      ),
      {
        name: 'a language folder linked to nothing (locales check)',
        args: ['locales', 'check', '--locales', '{ws}/locales'],
        exit: 2,
        file: '{ws}/locales/ja',
        at: '',
        rule: 'unreadable',
        prepare: async (ws) => {
          await mkdir(join(ws, 'locales'));
          await symlink('no-such-folder', join(ws, 'locales', 'ja'));
        },
      },
      ...(
        [
          ['draft', ['draft', 'examples/2021-q4/dataset.json', '--out', '{out}', '--no-svg', '--templates', '{ws}/templates']],
          ['check', ['check', '{out}', '--templates', '{ws}/templates']],
        ] as const
      ).map(
        ([command, args]): Case => ({
          name: `a template linked to nothing (${command})`,
          args: [...args],
          exit: 2,
          file: '{ws}/templates/overflow.md',
          at: '',
          rule: 'unreadable',
          prepare: async (ws) => {
            await mkdir(join(ws, 'templates'));
            await symlink('no-such-template.md', join(ws, 'templates', 'overflow.md'));
          },
        }),
      ),
    ];
  })(),
];

describe('hostile input', () => {
  it('has a corpus of at least 150 bad inputs', () => {
    expect(invalidDatasets.length + cases.length).toBeGreaterThanOrEqual(150);
  });

  for (const c of cases) it(c.name, () => runCase(c));

  for (const c of invalidDatasets) {
    it(`dataset: ${c.name}`, async () => {
      if (c.at !== '*') return runCase(c);
      // Positions of these are asserted in dataset.test.ts; here, the message shape and the untouched disk.
      const run = spawnSync(process.execPath, ['dist/bin/telescope-report.mjs', 'validate', c.file], { cwd: root, encoding: 'utf8' });
      const at = /^[^\n]*?:(\d+:\d+) {2}error {2}.* ([a-z-]+)$/m.exec(run.stderr.split('\n').find((l) => l.endsWith(`  ${c.rule}`)) ?? '');
      expect(at, run.stderr).not.toBeNull();
      return runCase({ ...c, at: at![1]! });
    });
  }
});
