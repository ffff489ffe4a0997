/** Custom blocks: registered facts, tables and charts, used from templates, checked, localized and audited. */
import { mkdtemp, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkLocales, draft, formatProblem, message, ProblemsError, value, type Blocks, type Value } from '../src/index.js';
import { cli, EXAMPLE_DATASET, loadExample, readPost, root } from './helpers.js';

const problemsOf = async (run: Promise<unknown> | (() => unknown)): Promise<string[]> => {
  try {
    await (typeof run === 'function' ? run() : run);
  } catch (error) {
    if (error instanceof ProblemsError) return error.problems.map((p) => formatProblem(p).replace(/\s+/g, ' '));
    throw error;
  }
  throw new Error('expected problems, found none');
};

/** A template folder with one template `t`, and a locales folder with the `x` namespace in en and ja. */
async function project(
  template: string,
  words: Record<'en' | 'ja', Record<string, unknown>>,
): Promise<{ templates: string; locales: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'blocks-'));
  await mkdir(join(dir, 'templates'));
  await writeFile(join(dir, 'templates', 't.md'), `---\ntitle: x:title\nseries: t\n---\n\n${template}\n`);
  for (const lang of ['en', 'ja'] as const) {
    await mkdir(join(dir, 'locales', lang), { recursive: true });
    await writeFile(
      join(dir, 'locales', lang, 'x.json'),
      JSON.stringify({ title: lang === 'en' ? 'T ({{period}})' : 'T（{{period}}）', ...words[lang] }),
    );
  }
  return { templates: join(dir, 'templates'), locales: join(dir, 'locales') };
}

const sensorCount: Blocks = {
  facts: {
    'sensor-count': {
      summary: 'how many sensors there were',
      keys: ['x:count'],
      attributes: { region: { values: ['domestic', 'overseas'] } },
      sentence: ({ dataset, attributes }) => {
        const sensors = dataset.sensors.filter((s) => attributes.region === undefined || s.region === attributes.region);
        return sensors.length === 0
          ? { evidence: [{ label: 'sensors', value: 'none' }] }
          : {
              message: message('x:count', { n: value.count(sensors.length) }, sensors.length),
              evidence: [{ label: 'sensors', value: String(sensors.length) }],
            };
      },
    },
  },
  tables: {
    'sensor-list': {
      summary: 'the sensors, one a row',
      keys: ['x:id', 'x:region'],
      needs: ['sensorTop'],
      table: ({ dataset }) => ({
        columns: [{ header: message('x:id') }, { header: message('x:region'), align: 'right' }],
        rows: dataset.sensors.slice(0, 2).map((s) => [value.text(`${s.id} | *x* <script>`), value.region(s.region)]),
      }),
    },
  },
  charts: {
    'sensor-bars': {
      summary: 'a bar a region',
      keys: ['x:chart'],
      chart: ({ dataset }) => ({
        description: message('x:chart'),
        rows: (['domestic', 'overseas'] as const).map((region) => ({
          region: value.region(region),
          sensors: value.count(dataset.sensors.filter((s) => s.region === region).length),
        })),
        titles: { x: message('x:chart') },
        view: {
          mark: 'bar',
          encoding: { x: { field: 'region', type: 'nominal' }, y: { field: 'sensors', type: 'quantitative', title: null } },
        },
      }),
    },
  },
};

/** The `x` namespace: `x:count` has its plural forms, chosen by the count the message gives. */
const words: Record<'en' | 'ja', Record<string, string | undefined>> = {
  en: {
    count_one: 'There was {{n}} sensor.',
    count_other: 'There were {{n}} sensors.',
    id: 'Sensor',
    region: 'Region',
    caption: 'Sensors',
    chart: 'Sensors by region',
  },
  ja: { count_other: 'センサーは{{n}}台でした。', id: 'センサー', region: '地域', caption: 'センサー一覧', chart: '地域別のセンサー数' },
};

describe('a registration', () => {
  it('is checked whole, each problem with its path', async () => {
    const wrong = {
      facts: {
        'source-top-entry': { summary: 's', keys: [], sentence: () => ({}) },
        Bad_Name: { summary: 's', keys: [], sentence: () => ({}) },
        fine: {
          summary: '',
          keys: ['nons'],
          needs: ['sensorTop', 'nothing'],
          sentence: 3,
          attributes: { id: {}, size: { type: 'float' } },
        },
      },
      tables: [],
      extra: {},
    } as unknown as Blocks;
    expect((await problemsOf(() => draft({}, { blocks: wrong }))).sort()).toEqual(
      [
        '<blocks> error expected only locales, facts, tables, charts in the blocks, found "extra" invalid-block',
        '<blocks> error expected facts["source-top-entry"] to have a name of its own, found the shipped fact "source-top-entry" invalid-block',
        '<blocks> error expected facts["Bad_Name"] to be named in lower-case words joined by hyphens (busiest-sensor), found "Bad_Name" invalid-block',
        '<blocks> error expected facts["fine"].summary to be one line saying what the block shows, found "" invalid-block',
        '<blocks> error expected facts["fine"].sentence to be a function of the model, found number 3 invalid-block',
        '<blocks> error expected facts["fine"].keys[0] to be a locale key with its namespace (custom:busiest.sentence), found "nons" invalid-block',
        '<blocks> error expected facts["fine"].needs[1] to be a data name (sensorTop, total, ranking:<id>…), found "nothing" invalid-block',
        '<blocks> error expected facts["fine"].attributes.id to be an attribute name of letters and digits, not name, id, found "id" invalid-block',
        '<blocks> error expected facts["fine"].attributes.size.type to be int, key or id, found "float" invalid-block',
        '<blocks> error expected tables to be a plain object of blocks by name, found an array invalid-block',
      ].sort(),
    );
  });
});

describe('a template with custom blocks', () => {
  const template =
    '::fact{name=sensor-count}\n\n::fact{name=sensor-count region=overseas}\n\n::table{#sensors data=sensor-list caption=x:caption}\n\n::chart{#bars data=sensor-bars caption=x:chart}';

  it('drafts them like the shipped ones: words from the locales, data as literal text', async () => {
    const { templates, locales } = await project(template, words);
    const result = await draft(await loadExample(), {
      blocks: sensorCount,
      template: 't',
      templatesDir: templates,
      localesDir: locales,
      svg: false,
    });
    const en = result.posts.find((p) => p.lang === 'en')!.markdown;
    const ja = result.posts.find((p) => p.lang === 'ja')!.markdown;
    expect(readPost(en).paragraphs.slice(0, 3)).toEqual(['There were six sensors.', 'There were three sensors.', 'Table 1: Sensors']);
    expect(readPost(ja).paragraphs.slice(0, 2)).toEqual(['センサーは6台でした。', 'センサーは3台でした。']);
    expect(en).toContain(
      '| Sensor                   |   Region |\n| ------------------------ | -------: |\n| dom-1 \\| \\*x\\* \\<script> | domestic |\n| dom-2 \\| \\*x\\* \\<script> | domestic |\n',
    );
    const spec = result.posts[1]!.charts[0]!.spec as unknown as Record<string, unknown>;
    expect(spec.data).toEqual({
      values: [
        { region: '国内', sensors: 3 },
        { region: '海外', sensors: 3 },
      ],
    });
    expect(spec.encoding).toEqual({
      x: { field: 'region', type: 'nominal', title: '地域別のセンサー数' },
      y: { field: 'sensors', type: 'quantitative', title: null },
    });
    expect(result.explanations.map((e) => [e.fact, e.sentences.en, e.evidence])).toEqual([
      ['sensor-count', 'There were six sensors.', [{ label: 'sensors', value: '6' }]],
      ['sensor-count', 'There were three sensors.', [{ label: 'sensors', value: '3' }]],
    ]);
  });

  it('is read only with the blocks it uses, and takes only their attributes', async () => {
    const { templates } = await project(
      '::fact{name=sensor-count size=3}\n\n::table{#s data=sensor-list limit=5 caption=x:caption}',
      words,
    );
    const [unknown] = await problemsOf(draft(await loadExample(), { template: 't', templatesDir: templates, svg: false }));
    expect(unknown).toMatch(
      /t\.md:6:1 error expected name to be one of source-top-entry, .*, series-span \(a custom block is known only with its module: --blocks\) on `::fact`, found "sensor-count" invalid-attribute/,
    );
    expect(
      await problemsOf(draft(await loadExample(), { blocks: sensorCount, template: 't', templatesDir: templates, svg: false })),
    ).toEqual([
      // As on a shipped fact, an attribute it does not take reads as a reference to a table or figure.
      `${templates}/t.md:6:1 error expected the id of a table or figure (s), found "3" unknown-reference`,
      `${templates}/t.md:8:1 error expected one of the attributes #id, data, caption on \`::table\`, found \`limit\` unknown-attribute`,
    ]);
  });

  it('reports a block that throws or returns the wrong shape where the template uses it', async () => {
    const { templates, locales } = await project('::fact{name=broken}\n\n::table{#t data=ragged caption=x:caption}', words);
    const blocks: Blocks = {
      facts: {
        broken: {
          summary: 's',
          keys: [],
          sentence: () => {
            throw new Error('no data today\n    at somewhere');
          },
        },
      },
      tables: {
        ragged: {
          summary: 's',
          keys: ['x:id'],
          table: () => ({
            columns: [{ header: message('x:id') }],
            rows: [[value.text('a'), value.text('b')], [{ kind: 'number', value: Number.NaN }]],
          }),
        },
      },
    };
    expect(
      await problemsOf(draft(await loadExample(), { blocks, template: 't', templatesDir: templates, localesDir: locales, svg: false })),
    ).toEqual([
      `${templates}/t.md:6:1 error expected the fact "broken" to compute its output, found an error: no data today block-output`,
      `${templates}/t.md:8:1 error expected 1 cells a row (one a column) at rows[0] of the table "ragged", found 2 block-output`,
    ]);
    const later: Blocks = { facts: { later: { summary: 's', keys: [], sentence: (async () => ({})) as unknown as () => object } } };
    const { templates: async } = await project('::fact{name=later}', words);
    expect(
      await problemsOf(draft(await loadExample(), { blocks: later, template: 't', templatesDir: async, localesDir: locales, svg: false })),
    ).toEqual([
      `${async}/t.md:6:1 error expected the fact "later" to return its output, found a promise (an async function): blocks compute from the model, synchronously block-output`,
    ]);
    const wrongValue: Blocks = {
      tables: {
        ragged: {
          summary: 's',
          keys: ['x:id'],
          table: () => ({ columns: [{ header: message('x:id') }], rows: [[{ kind: 'number', value: Number.NaN }]] }),
        },
      },
    };
    const { templates: other } = await project('::table{#t data=ragged caption=x:caption}', words);
    expect(
      await problemsOf(
        draft(await loadExample(), { blocks: wrongValue, template: 't', templatesDir: other, localesDir: locales, svg: false }),
      ),
    ).toEqual([
      `${other}/t.md:6:1 error expected a finite number at rows[0][0].value of the table "ragged", found number NaN block-output`,
    ]);
  });

  it('leaves a block out when the data it needs is absent, and explains why', async () => {
    const { templates, locales } = await project(
      '::table{#sensors data=sensor-list caption=x:caption}\n\n::fact{name=sensor-count region=overseas}',
      words,
    );
    const dataset = await loadExample();
    const domestic = dataset.sensors.filter((s) => s.region === 'domestic');
    const domesticOnly = {
      ...dataset,
      sensors: domestic,
      dailyAverages: dataset.dailyAverages.filter((row) => row.region === 'domestic'),
      sensorTop: Object.fromEntries(domestic.map((s) => [s.id, { ...dataset.sensorTop[s.id]!, entries: [] }])),
    };
    const result = await draft(domesticOnly, {
      blocks: sensorCount,
      template: 't',
      templatesDir: templates,
      localesDir: locales,
      svg: false,
    });
    expect(readPost(result.posts[0]!.markdown).tables).toEqual([]);
    expect(result.explanations).toMatchObject([{ fact: 'sensor-count', sentences: {}, evidence: [{ label: 'sensors', value: 'none' }] }]);
  });
});

describe('locales check with custom blocks', () => {
  it('wants every key a block declares, in the reference language and in every other', async () => {
    const { templates, locales } = await project('::fact{name=sensor-count}', {
      en: { ...words.en, id: undefined },
      ja: { ...words.ja, region: undefined },
    });
    const result = await checkLocales({ blocks: sensorCount, templates, template: 't', locales });
    const lines = result.findings.map((p) => formatProblem(p).replace(/\s+/g, ' '));
    expect(lines.filter((l) => /"x:(id|region)"/.test(l) && !l.endsWith('missing-description')).sort()).toEqual(
      [
        `<blocks> warning expected "x:id", which the table "sensor-list" uses, in the en locale (${locales}/en/x.json), found none undefined-key`,
        `${locales}/ja/x.json warning expected "x:region" as in en, found none (en is used instead) missing-key`,
        `${locales}/ja/x.json:1:58 warning expected only keys that en has, found "x:id" extra-key`,
      ].sort(),
    );
  });
});

describe('the example of custom blocks', () => {
  const args = ['--blocks', 'examples/custom-blocks/blocks.mjs', '--templates', 'examples/custom-blocks/templates'];

  it('passes locales check with its blocks, and check of its drafts', () => {
    const audit = cli('locales', 'check', ...args, '--template', 'regions');
    expect(audit.stdout).toBe('✔ en, ja: no findings\n');
    expect(audit.code).toBe(0);
    const checked = cli('check', 'examples/custom-blocks/drafts', ...args);
    expect(checked.code).toBe(1);
    expect(checked.stdout).toContain('commentary:regions');
    const without = cli('check', 'examples/custom-blocks/drafts', '--templates', 'examples/custom-blocks/templates');
    expect(without.code).toBe(2);
    expect(without.stderr).toContain('on `::fact`, found "busiest-month"');
  });

  it('builds from code (build.mjs) the same bundle as the command line', async () => {
    const out = await mkdtemp(join(tmpdir(), 'blocks-build-'));
    const { spawnSync } = await import('node:child_process');
    const run = spawnSync(process.execPath, ['examples/custom-blocks/build.mjs', out], { cwd: root, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const committed = join(root, 'examples/custom-blocks/drafts');
    const names = (dir: string) => readdir(dir).then((list) => list.filter((name) => name !== '.telescope-report').sort());
    expect(await names(out)).toEqual(await names(committed));
    for (const name of await names(out))
      expect(await readFile(join(out, name), 'utf8')).toBe(await readFile(join(committed, name), 'utf8'));
  });
});

describe('--blocks on the command line', () => {
  it('names a module that is not there, not a module, or exports no blocks', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'blocks-cli-'));
    await writeFile(join(dir, 'syntax.mjs'), 'export default {\n  facts: {\n    oops: ,\n  },\n};\n');
    await writeFile(join(dir, 'none.mjs'), 'export const other = 1;\n');
    await writeFile(join(dir, 'wrong.mjs'), 'export default { facts: { x: { summary: "s", keys: [], sentence: 1 } } };\n');
    const draftWith = (module: string) => cli('draft', EXAMPLE_DATASET, '--out', join(dir, 'out'), '--blocks', module);
    const expectations: [string, RegExp][] = [
      [
        join(dir, 'missing.mjs'),
        /missing\.mjs {2}error {2}expected a JavaScript module of custom blocks \(\.mjs or \.js\), found no such file {2}unreadable-blocks/,
      ],
      [dir, /error {2}expected a JavaScript module of custom blocks, found a folder {2}unreadable-blocks/],
      [
        join(dir, 'syntax.mjs'),
        /syntax\.mjs:3:11 {2}error {2}expected a module Node can import, found SyntaxError: Unexpected token ',' {2}unreadable-blocks/,
      ],
      [
        join(dir, 'none.mjs'),
        /none\.mjs {2}error {2}expected the blocks as the module's default export \(export default defineBlocks\(\{ … \}\)\) or as `export const blocks`, found the exports other {2}unreadable-blocks/,
      ],
      [
        join(dir, 'wrong.mjs'),
        /wrong\.mjs {2}error {2}expected facts\["x"\]\.sentence to be a function of the model, found number 1 {2}invalid-block/,
      ],
    ];
    for (const [module, expected] of expectations) {
      const run = draftWith(module);
      expect(run.code, module).toBe(2);
      expect(run.stderr).toMatch(expected);
      expect(run.stderr).not.toMatch(/\n\s+at /);
    }
    expect(await readdir(dir)).not.toContain('out');
  });
});

describe('the example fact busiest-month', () => {
  const MONTHS = ['October', 'November', 'December'];
  it('names exactly the months with the highest average, ties included', async () => {
    // Imported as the CLI imports it (a plain JavaScript module, which the type checker does not read).
    const { default: blocks } = (await import(
      /* @vite-ignore */ new URL('../examples/custom-blocks/blocks.mjs', import.meta.url).href
    )) as { default: Blocks };
    const { templates, locales } = await project('::fact{name=busiest-month region=domestic}', { en: {}, ja: {} });
    const base = await loadExample();
    const { default: fc } = await import('fast-check');
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom(0, 1.5, 2214.6, 2388.1), { minLength: 3, maxLength: 3 }), async (averages) => {
        const months = ['2021-10', '2021-11', '2021-12'];
        const dataset = {
          ...base,
          dailyAverages: [
            ...base.dailyAverages.filter((row) => row.region === 'overseas'),
            ...months.map((month, i) => ({ month, region: 'domestic' as const, packets: averages[i]! })),
          ],
        };
        const result = await draft(dataset, { blocks, template: 't', templatesDir: templates, localesDir: locales, svg: false });
        const sentence = result.explanations[0]!.sentences.en;
        const top = Math.max(...averages);
        const busiest = MONTHS.filter((_, i) => averages[i] === top);
        const named = MONTHS.filter((month) => sentence!.includes(month));
        expect(named).toEqual(busiest);
        expect(sentence).toContain(top.toLocaleString('en'));
        expect(sentence!.includes('in each')).toBe(busiest.length > 1);
      }),
      { numRuns: 40 },
    );
  });
});

describe('what a block returns', () => {
  /** Drafts `::table`/`::chart` of one block, returning the problems (or [] and the English post). */
  async function attempt(blocks: Blocks, directive: string, svg = false): Promise<{ problems: string[]; markdown?: string }> {
    const { templates, locales } = await project(directive, words);
    try {
      const result = await draft(await loadExample(), { blocks, template: 't', templatesDir: templates, localesDir: locales, svg });
      return { problems: [], markdown: result.posts[0]!.markdown };
    } catch (error) {
      if (!(error instanceof ProblemsError)) throw error;
      return { problems: error.problems.map((p) => `${p.line}:${p.column} ${p.reason} ${p.ruleId}`) };
    }
  }
  const chart = (view: Record<string, unknown>, rows: Record<string, unknown>[] = [{ a: value.text('x'), n: value.count(1) }]): Blocks => ({
    charts: {
      c: {
        summary: 's',
        keys: ['x:chart'],
        chart: () => ({
          description: message('x:chart'),
          rows: rows as never,
          titles: { x: message('x:chart'), y: message('x:chart') },
          view: view as never,
        }),
      },
    },
  });
  const CHART = '::chart{#c data=c caption=x:chart}';
  const bar = { mark: 'bar', encoding: { x: { field: 'a', type: 'nominal' }, y: { field: 'n', type: 'quantitative' } } };

  it('is a view vega-lite compiles, even when no SVG is drawn', async () => {
    const compiled = /^6:1 expected a view vega-lite can compile for the chart "c", found: .+ block-output$/;
    const [banana] = (await attempt(chart({ ...bar, mark: 'banana' }), CHART)).problems;
    expect(banana).toMatch(compiled);
    const [misspelt] = (await attempt(chart({ ...bar, encoding: { ...bar.encoding, y: { field: 'n', type: 'quantitive' } } }), CHART))
      .problems;
    expect(misspelt).toMatch(compiled);
  });

  it('is a view with no data, URL or link of its own, no cycle, every field in the rows and every axis titled', async () => {
    const cyclic: Record<string, unknown> = { ...bar };
    cyclic.self = cyclic;
    const cases: [Blocks, string][] = [
      [
        chart({ layer: [{ ...bar, data: { url: '/etc/passwd' } }] }),
        'expected a view without "data" at view.layer[0].data of the chart "c": the tool gives the chart its data (the rows), and a post\'s charts load nothing and link nowhere',
      ],
      [
        chart({ ...bar, encoding: { ...bar.encoding, href: { value: 'javascript:alert(1)' } } }),
        'expected a view without "href" at view.encoding.href of the chart "c": the tool gives the chart its data (the rows), and a post\'s charts load nothing and link nowhere',
      ],
      [chart(cyclic), 'expected a view without cycles at view.self of the chart "c", found one object twice'],
      [
        chart({ ...bar, encoding: { ...bar.encoding, x: { field: 'b', type: 'nominal' } } }),
        'expected a field the rows have (a, n) at view.encoding.x.field of the chart "c", found "b"',
      ],
      [
        chart({ ...bar, encoding: { ...bar.encoding, color: { field: 'a', type: 'nominal' } } }),
        'expected a title for the channel color in titles.color (or title: null at view.encoding.color), found none of the chart "c": its field name would be shown in every language',
      ],
      [
        chart({ ...bar, encoding: { ...bar.encoding, x: { field: 'a', type: 'nominal', title: 'Region' } } }),
        'expected the title of x in titles.x (words from the locales), found a string at view.encoding.x.title of the chart "c"',
      ],
      [
        chart(bar, []),
        'expected at least one row at rows of the chart "c", found none (a block with nothing to show is left out by its needs)',
      ],
    ];
    for (const [blocks, reason] of cases) expect((await attempt(blocks, CHART)).problems).toEqual([`6:1 ${reason} block-output`]);
  });

  it('uses only keys the block declares, and values of known shapes', async () => {
    const table = (cell: unknown, keys = ['x:id']): Blocks => ({
      tables: { t: { summary: 's', keys, table: () => ({ columns: [{ header: message('x:id') }], rows: [[cell as Value]] }) } },
    });
    const TABLE = '::table{#t data=t caption=x:caption}';
    const cases: [Blocks, string][] = [
      [
        table(value.text('a'), []),
        'expected a key the block declares in its keys (none) at columns[0].header.key of the table "t", found "x:id"',
      ],
      [
        table(value.message('x:region')),
        'expected a key the block declares in its keys (x:id) at rows[0][0].message.key of the table "t", found "x:region"',
      ],
      [table(value.list([])), 'expected a list of at least one value at rows[0][0].items of the table "t", found none'],
      [table(value.country('XX')), 'expected an assigned ISO 3166-1 alpha-2 code at rows[0][0].code of the table "t", found "XX"'],
      [
        table(value.country('UK')),
        'expected an assigned ISO 3166-1 alpha-2 code at rows[0][0].code of the table "t", found "UK" (the ISO code of United Kingdom is GB)',
      ],
      [
        table({ kind: 'period', period: {} }),
        'expected a value kind (text, number, count, ordinal, year, month, day, country, region, sensor, label, list, message, service) at rows[0][0].kind of the table "t", found "period"',
      ],
      [
        table({ kind: 'sensor', sensor: { id: 'nobody' } }),
        'expected a sensor of facts.sensors at rows[0][0].sensor of the table "t", found an object',
      ],
    ];
    for (const [blocks, reason] of cases) expect((await attempt(blocks, TABLE)).problems).toEqual([`6:1 ${reason} block-output`]);
    // A number is written with every digit it has unless the block rounds it: 0.4 is never "0".
    expect((await attempt(table(value.number(0.4)), TABLE)).markdown).toContain('| 0.4    |');
  });

  it('refuses registrations that are not plain data, and names taken by the shipped blocks', async () => {
    const throwing = {
      get facts(): never {
        throw new Error('no facts here');
      },
    };
    const cases: [unknown, string][] = [
      [new Map(), 'expected the blocks as a plain object ({ facts, tables, charts, locales }), found a Map'],
      [
        Promise.resolve({}),
        'expected the blocks as a plain object ({ facts, tables, charts, locales }), found a promise (export the blocks themselves, not a promise of them)',
      ],
      [null, 'expected the blocks as a plain object ({ facts, tables, charts, locales }), found null'],
      [throwing, 'expected the blocks as plain data, found an error while reading them: no facts here'],
      [
        // biome-ignore lint/suspicious/noSparseArray: the hole is the point: a missing key, not one to skip.
        { facts: { f: { summary: 's', keys: [, 'x:count'], sentence: () => ({}) } } },
        'expected facts["f"].keys[0] to be a locale key with its namespace (custom:busiest.sentence), found nothing',
      ],
      [
        { tables: { rankings: { summary: 's', keys: [], table: () => ({}) } } },
        'expected tables["rankings"] to have a name of its own, found the shipped data name "rankings"',
      ],
      [
        { tables: { t: { summary: 's', keys: [], attributes: { ranking: {} }, table: () => ({}) } } },
        'expected tables["t"].attributes.ranking to be an attribute name of letters and digits, not id, data, caption, ranking, limit, names, share, breakdown, region, view, found "ranking"',
      ],
      [
        { facts: { f: { summary: 'two\nlines', keys: [], sentence: () => ({}) } } },
        'expected facts["f"].summary to be one line saying what the block shows, found "two\\nlines"',
      ],
    ];
    for (const [blocks, reason] of cases)
      expect(await problemsOf(draft(await loadExample(), { blocks: blocks as Blocks }))).toEqual([
        `<blocks> error ${reason} invalid-block`,
      ]);
  });
});

describe('a key that names an object of keys', () => {
  it("is refused where the template asks for it, not written as i18next's error text", async () => {
    const { templates, locales } = await project('::table{#s data=sensorTop caption=quarterly.ports}', words);
    expect(
      await problemsOf(draft(await loadExample(), { template: 't', templatesDir: templates, localesDir: locales, svg: false })),
    ).toEqual([`${templates}/t.md:6:1 error expected "post:quarterly.ports" to be a string, found an object of keys locale-shape`]);
  });
});
