import { mkdtemp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseTemplate } from '../src/document/template.js';
import { draft } from '../src/draft.js';
import { ProblemsError } from '../src/messages.js';
import { loadExample, readPost, root } from './helpers.js';

const HEAD = '---\ntitle: title\nseries: test\n---\n\n';

function templateProblems(body: string, head = HEAD): string[] {
  try {
    parseTemplate(head + body, 'my.md');
  } catch (error) {
    expect(error).toBeInstanceOf(ProblemsError);
    return (error as ProblemsError).problems.map((p) => `${p.line}:${p.column} ${p.ruleId}: ${p.reason}`);
  }
  return [];
}

describe('template checks, with file and line:column', () => {
  it('accepts the shipped template', async () => {
    const text = await readFile(`${root}templates/overflow.md`, 'utf8');
    expect(() => parseTemplate(text, 'overflow.md')).not.toThrow();
  });

  it('reports an unknown directive, with a hint for literal colons', () => {
    expect(templateProblems('::tabel{#x}\n\nAt 10:30 we met.\n')).toEqual([
      '6:1 unknown-directive: expected one of the directives t, ref, table, chart, figure, fact, section, commentary, found `::tabel`',
      '8:6 unknown-directive: expected one of the directives t, ref, table, chart, figure, fact, section, commentary, found `:30` (write `\\:` for a literal colon)',
    ]);
  });

  it('reports directive lines remark-directive could not read, which would be published as text', () => {
    const lines = [
      '::fact{name=top-spread quantifier=most region=}',
      '::fact{name=series-peak',
      '::fact{name="series-peak}',
      '::fact {name=series-peak}',
      '::fact{name=series-peak} trailing',
      '::fact{name=series-peak}}',
      '::fact{name=series-peak}{x=1}',
      ':::commentary{#a prompt=b',
      '::chrat{#x',
    ];
    const fact = 'expected `::fact{name=… name=element-id …}` alone on its line, with its {attributes} closed and quotes paired, found';
    expect(
      templateProblems(
        `${lines.join('\n\n')}\n\nA paragraph\n::fact{name=x\n\n> ::fact{name=y\n\nAt 10\\:30, see :t[intro.lead]{table=x and \`::fact{\` in code.\n`,
      ),
    ).toEqual([
      `6:1 malformed-directive: ${fact} \`::fact{name=top-spread quantifier=most region=}\`, which would be published as text`,
      `8:1 malformed-directive: ${fact} \`::fact{name=series-peak\`, which would be published as text`,
      `10:1 malformed-directive: ${fact} \`::fact{name="series-peak}\`, which would be published as text`,
      `12:1 malformed-directive: ${fact} \`::fact {name=series-peak}\`, which would be published as text`,
      `14:1 malformed-directive: ${fact} \`::fact{name=series-peak} trailing\`, which would be published as text`,
      `16:1 malformed-directive: ${fact} \`::fact{name=series-peak}}\`, which would be published as text`,
      `18:1 malformed-directive: ${fact} \`::fact{name=series-peak}{x=1}\`, which would be published as text`,
      '20:1 malformed-directive: expected `:::commentary{#id prompt=key}` alone on its line, with its {attributes} closed and quotes paired, found `:::commentary{#a prompt=b`, which would be published as text',
      '22:1 malformed-directive: expected one of the directives t, ref, table, chart, figure, fact, section, commentary alone on its line, with its {attributes} closed and quotes paired, found `::chrat{#x`, which would be published as text',
      `25:1 malformed-directive: ${fact} \`::fact{name=x\`, which would be published as text`,
      `27:3 malformed-directive: ${fact} \`::fact{name=y\`, which would be published as text`,
      '29:16 malformed-directive: expected `:t[key]{name=element-id …}` with its [label] and {attributes} closed (quotes paired), found `:t[intro.lead]{table=x and `::fact{` in code.`',
    ]);
  });

  it('reports unknown, missing and invalid attributes', () => {
    expect(templateProblems('::table{#t data=sensorTop limit=99 colour=red}\n')).toEqual([
      '6:1 missing-attribute: expected attribute `caption` on `::table`, found none',
      '6:1 invalid-attribute: expected limit to be a whole number from 1 to 50 on `::table`, found "99"',
      '6:1 unknown-attribute: expected one of the attributes #id, data, ranking, names, share, limit, breakdown, caption on `::table`, found `colour`',
    ]);
  });

  it('reports share off a ranking, another fact’s attribute as unknown, and an invalid attribute once; any other name is a reference', () => {
    expect(
      templateProblems(
        '::table{#t data=sensorTop share=total caption=c}\n\n::fact{name=rank-changes ranking=r top=3}\n\n::fact{name=series-peak above=5 table=t}\n\n::fact{name=top-spread quantifier=most top=999}\n\n::fact{name=series-peak tabel=t}\n',
      ),
    ).toEqual([
      '6:1 unknown-attribute: expected no share on `::table` with data=sensorTop (share=total is for data=rankings), found `share`',
      '8:1 unknown-attribute: expected one of the attributes name, ranking or element references (name=element-id) on `::fact{name=rank-changes}`, found `top`',
      '10:1 unknown-attribute: expected one of the attributes name, series, group or element references (name=element-id) on `::fact{name=series-peak}`, found `above`',
      '12:1 invalid-attribute: expected top to be a whole number from 1 to 50 on `::fact`, found "999"',
    ]);
  });

  it('reports a directive in the wrong place, and a reference to nothing', () => {
    expect(templateProblems('See :table{#t data=sensorTop caption=c} and :ref[nowhere].\n')).toEqual([
      '6:5 misplaced-directive: expected `::table` (::table{#id data=sourceCountryTop|sensorTop limit=N breakdown=all|<category> caption=key}, ::table{#id data=rankings ranking=<id> limit=N names=service share=total breakdown=all|<category> caption=key}), found `:table`',
      '6:45 unknown-reference: expected the id of a table or figure (none defined), found "nowhere"',
    ]);
  });

  it('reports duplicate ids, nested and non-empty commentary slots, and unknown data needs', () => {
    expect(
      templateProblems(
        ':::commentary{#a prompt=p}\nText\n:::\n\n::::commentary{#a prompt=p}\n:::commentary{#b prompt=p}\n:::\n::::\n\n:::section{needs=weather}\n:::\n',
      ),
    ).toEqual([
      '7:1 slot-content: expected an empty commentary slot in the template (its prompt comes from the locales), found content',
      '10:1 duplicate-id: expected each id once in a template, found "a" again',
      '11:1 slot-content: expected an empty commentary slot in the template (its prompt comes from the locales), found content',
      '11:1 nested-slot: expected commentary slots side by side, found one inside another',
      '15:1 invalid-attribute: expected needs to be a space-separated list of sourceCountryTop, sourceCountryPackets, sourceCountryCategories, sensorTop, dailyAverages, domestic, overseas, bothRegions, previousYear, manySensors, total, previousTotal, series, ranking:<id>, rankingPackets:<id>, rankingShare:<id>, series:<id>, each possibly negated with ! on `:::section`, found "weather"',
    ]);
  });

  it('reports bad front matter', () => {
    expect(templateProblems('Text\n', '---\ntitle: [1, 2]\nlayout: x\n---\n\n')).toEqual([
      '1:1 front-matter: expected front matter `title` to be a locale key, found [1,2]',
      '1:1 front-matter: expected front matter `series` to be an id such as overflow, found nothing',
      '1:1 front-matter: expected only title and series in the front matter, found `layout`',
    ]);
  });
});

describe('user templates and locales', () => {
  async function workspace(files: Record<string, string>): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'telescope-'));
    for (const [name, content] of Object.entries(files)) {
      await mkdir(join(dir, name, '..'), { recursive: true });
      await writeFile(join(dir, name), content);
    }
    return dir;
  }

  it('reports a key no locale defines at the template’s line:column', async () => {
    const dir = await workspace({ 'templates/overflow.md': `${HEAD}## :t[headings.nowhere]\n` });
    const error = await draft(await loadExample(), { templatesDir: join(dir, 'templates') }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProblemsError);
    expect((error as ProblemsError).problems.map((p) => [p.file, p.line, p.column, p.ruleId, p.reason])).toEqual([
      [join(dir, 'templates/overflow.md'), 6, 4, 'unknown-key', 'expected the locale key "post:headings.nowhere" in en, found none'],
      [join(dir, 'templates/overflow.md'), 6, 4, 'unknown-key', 'expected the locale key "post:headings.nowhere" in ja or en, found none'],
    ]);
  });

  it('layers a user’s locale over the shipped one key by key; values inside stay text', async () => {
    const dir = await workspace({ 'locales/en/post.json': JSON.stringify({ intro: { period: 'This _issue_ covers **{{period}}**.' } }) });
    const { posts } = await draft(await loadExample(), { localesDir: join(dir, 'locales'), languages: ['en'] });
    expect(posts[0]!.markdown).toContain('\nThis _issue_ covers *October–December 2021*.\n'.replace('*O', '**O').replace('1*', '1**'));
    expect(readPost(posts[0]!.markdown).headings[0]).toBe('Packets from sources in Japan');
  });

  it('reports a locale file that is not valid JSON with its line:column', async () => {
    const dir = await workspace({
      'locales/ja/post.json': '{\n  "title": "x",\n  "intro": { "period": 3 }\n}\n',
      'locales/en/post.json': '{\n  "title": "x"\n  "intro": {}\n}\n',
    });
    const error = await draft(await loadExample(), { localesDir: join(dir, 'locales') }).catch((e: unknown) => e);
    expect(
      (error as ProblemsError).problems.map((p) => `${(p.file ?? '').replace(dir, '')}:${p.line}:${p.column} ${p.ruleId} ${p.reason}`),
    ).toEqual([
      '/locales/en/post.json:3:3 json-syntax expected `,` or `}` after a property value, found `"`',
      '/locales/ja/post.json:3:24 locale-shape intro.period: expected a string or an object of keys, found the number 3',
    ]);
  });

  it('refuses a variable inside a link target: a value must never become a URL', async () => {
    const dir = await workspace({ 'locales/en/post.json': JSON.stringify({ intro: { period: '[Read more]({{period}})' } }) });
    const error = await draft(await loadExample(), { localesDir: join(dir, 'locales'), languages: ['en'] }).catch((e: unknown) => e);
    // intro.period may not hold a link at all (the markup policy), and a variable is no link target anywhere.
    expect((error as ProblemsError).problems.map((p) => p.reason)).toEqual([
      'expected no link in "post:intro.period" (only post:intro.series may hold links), found a link to "{{…}}"',
      'expected {{variables}} of "post:intro.period" in text, found one inside a link target',
    ]);
  });

  it('names an unknown variable and the ones available', async () => {
    const dir = await workspace({ 'locales/en/post.json': JSON.stringify({ intro: { period: 'Covers {{quarter}}.' } }) });
    const error = await draft(await loadExample(), { localesDir: join(dir, 'locales'), languages: ['en'] }).catch((e: unknown) => e);
    expect((error as ProblemsError).problems.map((p) => p.reason)).toEqual([
      'expected one of the variables {{country}}, {{domesticCount}}, {{overseasCount}}, {{period}}, {{sensorCount}}, {{span}}, {{year}} in "post:intro.period", found {{quarter}}',
    ]);
  });

  it('never nests locale strings, so no reference cycle can form: $t(…) stays literal', async () => {
    const dir = await workspace({
      'locales/en/post.json': JSON.stringify({ title: 'A $t(post:title) B', intro: { period: 'Loop: $t(post:intro.period) {{period}}' } }),
    });
    const { posts } = await draft(await loadExample(), { localesDir: join(dir, 'locales'), languages: ['en'], svg: false });
    expect(readPost(posts[0]!.markdown).frontMatter.title).toBe('A $t(post:title) B');
    expect(readPost(posts[0]!.markdown).paragraphs).toContain('Loop: $t(post:intro.period) October–December 2021');
  });

  it('refuses a language without a locale folder', async () => {
    const error = await draft(await loadExample(), { languages: ['en', 'ko'] }).catch((e: unknown) => e);
    expect((error as ProblemsError).problems[0]!.reason).toBe(
      'expected languages with a locale folder (en, ja), found ko (a language of your own, as `locales add` writes it, is read with --locales <dir> or "locales" in telescope-report.config.json)',
    );
  });
});

describe('template checks of breakdowns', () => {
  it('name the place and what was expected', () => {
    expect(templateProblems('::table{#t data=sensorTop breakdown=all caption=x}\n')).toEqual([
      '6:1 unknown-attribute: expected no breakdown with data=sensorTop (per-sensor lists have no categories), found `breakdown` on `::table`',
    ]);
    expect(templateProblems('::table{#t data=sourceCountryTop breakdown=Mirai caption=x}\n')).toEqual([
      '6:1 invalid-attribute: expected breakdown to be all or a category id (lower-case words joined by hyphens), found "Mirai" on `::table`',
    ]);
    expect(templateProblems('::fact{name=category-share data=rankings over=80 under=20 category=all}\n')).toEqual([
      '6:1 invalid-attribute: expected ranking=<id> with data=rankings, found none on `::fact`',
      '6:1 invalid-attribute: expected category to be a category id (lower-case words joined by hyphens, not "all"), found "all" on `::fact`',
      '6:1 invalid-attribute: expected exactly one of over=<0-100>, under=<0-100>, share=all|none, found over and under on `::fact`',
    ]);
    expect(templateProblems('::fact{name=category-share data=sourceCountryTop over=101}\n')).toEqual([
      '6:1 invalid-attribute: expected over to be a percent from 0 to 100, found "101" on `::fact`',
    ]);
    expect(templateProblems('::fact{name=category-rank-changes data=sourceCountryTop ranking=x}\n')).toEqual([
      '6:1 invalid-attribute: expected no ranking with data=sourceCountryTop, found ranking=x on `::fact`',
    ]);
  });
});

describe('a template name that is not there', () => {
  it('is refused with the names of the templates there are', async () => {
    const { cli } = await import('./helpers.js');
    const run = cli('draft', 'examples/2021-q4/dataset.json', '--template', 'yearley', '--out', '/tmp/never-written');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('error  expected a template "yearley.md" (one of overflow, quarterly, yearly), found none in ');
  });
});

describe('attributes given twice and control characters', () => {
  it('reports an attribute given twice, which remark-directive would settle silently by its last value', () => {
    expect(
      templateProblems(
        '::fact{name=top-spread quantifier=most top=10 top=3}\n\n::table{#a #b data=sensorTop caption=c}\n\n:t[intro]{table=b table=b}\n\n::fact{name=top-spread quantifier="most" region=domestic}\n',
      ),
    ).toEqual([
      '6:1 duplicate-attribute: expected each attribute once on `::fact`, found `top` twice (only the last would count)',
      '8:1 duplicate-attribute: expected each attribute once on `::table`, found `#b` twice (only the last would count)',
      '10:1 duplicate-attribute: expected each attribute once on `:t`, found `table` twice (only the last would count)',
    ]);
  });

  it('refuses control and direction characters in the template’s own text, where they stand', () => {
    expect(templateProblems('Hello \u001b[31m red\n\nfine line\n\nan override \u202e here\n')).toEqual([
      '6:7 template-text: expected template text without control or direction characters, found U+001B',
      '10:13 template-text: expected template text without control or direction characters, found U+202E',
    ]);
  });

  it('accepts every shipped template', async () => {
    for (const name of ['overflow', 'quarterly', 'yearly']) {
      const text = await readFile(`${root}templates/${name}.md`, 'utf8');
      expect(() => parseTemplate(text, `${name}.md`), name).not.toThrow();
    }
  });
});

describe('a fact whose sentence names an element the directive does not give', () => {
  it('is reported at the directive, not in the shipped locale file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'noref-'));
    await writeFile(join(dir, 'noref.md'), `${HEAD}::fact{name=source-top-entry}\n`);
    const error = await draft(await loadExample(), { templatesDir: dir, template: 'noref', svg: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProblemsError);
    expect(
      (error as ProblemsError).problems.map(
        (p) => `${(p.file ?? '').slice(dir.length + 1)}:${p.line}:${p.column} ${p.ruleId}: ${p.reason}`,
      ),
    ).toEqual([
      'noref.md:6:1 unknown-variable: expected the directive to give {{table}}, which "facts:sourceTopEntry.single" uses (a reference such as table=<element id>), found none',
    ]);
  });
});
