/** Descriptions for translators: kept out of the locales, complete for English, audited, and printed with the keys to translate. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { auditDescriptions } from '../src/check/descriptions.js';
import { readLocaleEntries } from '../src/check/locales.js';
import { readDescriptions } from '../src/localize/descriptions.js';
import { OPTIONAL_KEY, pluralBase, REFERENCE_LANGUAGE } from '../src/localize/keys.js';
import { loadLocales, readLocaleFiles } from '../src/localize/locales.js';
import { cli, root } from './helpers.js';

const SHIPPED = `${root}locales`;
const DESCRIBED = 'test/fixtures/locales/described';
const NAMESPACES = ['breakdowns', 'common', 'facts', 'post', 'series', 'spread', 'yearly', 'years'];

describe('the locale loader', () => {
  it('passes over description files on purpose: they are no namespace, in any language folder', async () => {
    const files = await readLocaleFiles([SHIPPED, `${root}${DESCRIBED}`]);
    expect(files.some((file) => file.file.endsWith('.descriptions.json'))).toBe(false);
    expect([...new Set(files.filter((f) => f.lang === 'en').map((f) => f.namespace))].sort()).toEqual(NAMESPACES);
    const { resources } = await loadLocales([SHIPPED, `${root}${DESCRIBED}`]);
    expect(Object.keys(resources.en!).sort()).toEqual(NAMESPACES);
    expect(Object.keys(resources.ja!).sort()).toEqual(NAMESPACES);
    // The folder's own keys count; its descriptions' entries (`extra.gone`) do not.
    expect(cli('locales', 'status', '--locales', DESCRIBED).stdout).toBe(
      'language  keys  translated  missing  identical to en\n' +
        'en         324         324        0                -\n' +
        'ja         324         321        3                2\n',
    );
  });

  it('drafts alike with a folder of descriptions', () => {
    const out = mkdtempSync(join(tmpdir(), 'described-'));
    const run = cli('draft', 'examples/2021-q4/dataset.json', '--out', out, '--locales', DESCRIBED, '--lang', 'en', '--no-svg');
    expect(run).toEqual({ code: 0, stdout: expect.any(String), stderr: '' });
  });
});

describe('the shipped descriptions', () => {
  it('describe every key of English, each variable named, each message the string it describes', async () => {
    const { entries } = await readLocaleEntries([SHIPPED]);
    const descriptions = await readDescriptions([SHIPPED]);
    const keys = [...new Set([...entries.get(REFERENCE_LANGUAGE)!.keys()].map(pluralBase))].filter((key) => !OPTIONAL_KEY.test(key));
    expect(keys.length).toBe(321);
    expect(keys.filter((key) => !descriptions.byKey.get(key)?.description.trim())).toEqual([]);
    expect(
      auditDescriptions(entries, descriptions, [SHIPPED]).map((finding) => `${finding.file}:${finding.line}  ${finding.reason}`),
    ).toEqual([]);
  });
});

describe('locales check of descriptions', () => {
  it('reports a key without one, one of no key, a silent variable and a stale message, at file and line:column', () => {
    const run = cli('locales', 'check', '--locales', DESCRIBED);
    expect(run.code).toBe(1);
    expect(run.stdout.replaceAll(root, '')).toBe(
      [
        'locales/ja/post.json  warning  expected "post:extra.note" as in en, found none (en is used instead)  missing-key',
        'locales/ja/post.json  warning  expected "post:extra.bare" as in en, found none (en is used instead)  missing-key',
        'locales/ja/post.json  warning  expected "post:extra.empty" as in en, found none (en is used instead)  missing-key',
        // Its own folder's English is what a description is held to: intro.period, reworded here, is described here, and the shipped description of it stands.
        `${DESCRIBED}/en/post.descriptions.json:7:16  warning  expected "message" of "post:title" to be the en string it describes, "Telescope Report Overflow ({{period}})", found "Telescope Report ({{period}})": see that the description still fits, then copy the string  description-message`,
        `${DESCRIBED}/en/post.descriptions.json:12:20  warning  expected the description of "post:extra.note" to say what {{entry}} holds, which its string uses, found no mention  description-variables`,
        `${DESCRIBED}/en/post.descriptions.json:14:3  warning  expected a plural key described once, by its base name "post:extra.note", found "post:extra.note_one"  extra-description`,
        `${DESCRIBED}/en/post.descriptions.json:20:20  warning  expected a description of "post:extra.empty" for translators, found an empty one  missing-description`,
        `${DESCRIBED}/en/post.descriptions.json:22:3  warning  expected a description of a key en has, found "post:extra.gone"  extra-description`,
        `${DESCRIBED}/en/post.json:6:5  warning  expected a key that a template or the code uses, found "post:extra.note"  unused-key`,
        `${DESCRIBED}/en/post.json:8:5  warning  expected a key that a template or the code uses, found "post:extra.bare"  unused-key`,
        `${DESCRIBED}/en/post.json:8:5  warning  expected a description of "post:extra.bare" for translators in ${DESCRIBED}/en/post.descriptions.json, found none  missing-description`,
        `${DESCRIBED}/en/post.json:9:5  warning  expected a key that a template or the code uses, found "post:extra.empty"  unused-key`,
        `${DESCRIBED}/ja/post.descriptions.json  warning  expected descriptions beside en's locale files only, found a file of them beside another language's: nothing reads it  extra-description`,
        '⚠ 13 findings',
        '',
      ].join('\n'),
    );
    const rows = JSON.parse(cli('locales', 'check', '--locales', DESCRIBED, '--format', 'json').stdout) as {
      ruleId: string;
      severity: string;
    }[];
    expect(rows.filter((row) => row.ruleId.includes('description')).every((row) => row.severity === 'warning')).toBe(true);
  });

  it('refuses a description file that is not JSON or not of its shape, with exit 2 and every problem', () => {
    const run = cli('locales', 'check', '--locales', 'test/fixtures/locales/description-shape');
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    const file = 'test/fixtures/locales/description-shape/en';
    expect(run.stderr.replaceAll(root, '')).toBe(
      [
        `${file}/common.descriptions.json:4:5  error  expected \`,\` or \`}\` after a property value, found \`"\`  json-syntax`,
        `${file}/post.descriptions.json:2:12  error  "title": expected {"message": "<English>", "description": "<for translators>"}, found the string "Only a string"  locale-shape`,
        `${file}/post.descriptions.json:3:3  error  "intro.period": expected only "message" and "description", found "descripton"  locale-shape`,
        `${file}/post.descriptions.json:3:3  error  "intro.period": expected "message" and "description" to be strings, found no "description"  locale-shape`,
        `${file}/post.descriptions.json:7:3  error  "closing.heading": expected "message" and "description" to be strings, found "description" as the number 3  locale-shape`,
        '✖ 5 locale problems',
        '',
      ].join('\n'),
    );
    // status reads descriptions only to print them.
    expect(cli('locales', 'status', '--locales', 'test/fixtures/locales/description-shape').code).toBe(0);
    expect(cli('locales', 'status', '--verbose', '--locales', 'test/fixtures/locales/description-shape').code).toBe(2);
  });
});

describe('locales status --verbose', () => {
  it('lists, after the table, each key still to translate with its English and its description', () => {
    expect(cli('locales', 'status', '--verbose')).toEqual({
      code: 0,
      stderr: '',
      stdout: [
        'language  keys  translated  missing  identical to en',
        'en         321         321        0                -',
        'ja         321         321        0                2',
        '',
        'ja: 2 keys to translate',
        '- common:rankings.unknown (identical to en)',
        '  en: —',
        '  description: The previous-rank cell of an entry whose previous place the data does not give (the previous list is known only in part, or the entry has no previous rank). A dash in English; keep it short.',
        '- years:percent.exact (identical to en)',
        '  en: {{value}}%',
        "  description: A share or a change as a percentage, everywhere one is printed: share columns, breakdown share cells, years:topShare and years:periodTotal. {{value}}: the number with one decimal, “18.4”. Follow your language's spacing before the sign.",
        '',
      ].join('\n'),
    });
  });

  it('gives a missing plural key the forms the language needs, and says where a key has no description', () => {
    const text = cli('locales', 'status', '--verbose', '--locales', DESCRIBED).stdout;
    expect(text.slice(text.indexOf('- post:extra.note'))).toBe(
      [
        '- post:extra.note (missing; plural: _other)',
        '  en: {{count}} sensors saw {{entry}}.',
        '  description: A sentence of a template of ours. {{count}}: how many sensors, “3”, which picks the plural form.',
        '- post:extra.bare (missing)',
        '  en: A key without a description.',
        '  description: (none)',
        '- post:extra.empty (missing)',
        '  en: A key with an empty description.',
        '  description: (none)',
        '',
      ].join('\n'),
    );
    const rows = JSON.parse(cli('locales', 'status', '--verbose', '--format', 'json', '--locales', DESCRIBED).stdout) as {
      lang: string;
      toTranslate: unknown[];
    }[];
    expect(rows[0]).toMatchObject({ lang: 'en', toTranslate: [] });
    expect(rows[1]!.toTranslate.slice(2)).toEqual([
      {
        key: 'post:extra.note',
        state: 'missing',
        forms: ['_other'],
        english: '{{count}} sensors saw {{entry}}.',
        description: 'A sentence of a template of ours. {{count}}: how many sensors, “3”, which picks the plural form.',
      },
      { key: 'post:extra.bare', state: 'missing', english: 'A key without a description.', description: null },
      { key: 'post:extra.empty', state: 'missing', english: 'A key with an empty description.', description: null },
    ]);
    // Without --verbose the rows are as they were.
    expect(Object.keys(JSON.parse(cli('locales', 'status', '--format', 'json').stdout)[1])).toEqual([
      'lang',
      'keys',
      'translated',
      'missing',
      'identical',
    ]);
  });

  it('lists every key of a language locales add started, Russian plural forms and all', () => {
    const dir = mkdtempSync(join(tmpdir(), 'describe-ru-'));
    expect(cli('locales', 'add', 'ru', '--locales', dir)).toEqual({
      code: 0,
      stderr: '',
      stdout: `${join(dir, 'ru')}: wrote breakdowns.json, common.json, facts.json, post.json, series.json, spread.json, yearly.json, years.json, every key in English, to translate; \`telescope-report locales status --verbose --locales ${dir}\` lists each key still identical to English, with its description\n`,
    });
    const rows = JSON.parse(cli('locales', 'status', '--verbose', '--format', 'json', '--locales', dir).stdout) as {
      lang: string;
      toTranslate: { key: string; state: string; forms?: string[]; description: string | null }[];
    }[];
    const ru = rows.find((row) => row.lang === 'ru')!.toTranslate;
    expect(ru.length).toBe(321);
    expect(ru.every((key) => key.state === 'identical' && key.description !== null)).toBe(true);
    expect(ru.find((key) => key.key === 'common:refs.table')!.forms).toEqual(['_one', '_few', '_many', '_other']);
    expect(ru.find((key) => key.key === 'common:ordinal')!.forms).toEqual(['_ordinal_other']);
  });
});
