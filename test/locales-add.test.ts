import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from './helpers.js';

const fresh = () => mkdtempSync(join(tmpdir(), 'telescope-locales-add-'));
const read = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as Record<string, Record<string, unknown>>;

describe('telescope-report locales add', () => {
  it('writes every English key for a new language, which status counts as all identical to English and draft uses', () => {
    const dir = fresh();
    const run = cli('locales', 'add', 'ko', '--locales', dir);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const status = cli('locales', 'status', '--locales', dir).stdout.split('\n');
    const en = status.find((line) => line.startsWith('en '))!.split(/\s+/);
    // ko: every key English has, none missing, every one still English.
    expect(status.find((line) => line.startsWith('ko '))!.split(/\s+/)).toEqual(['ko', en[1], en[1], '0', en[1]]);
    expect(cli('locales', 'check', '--locales', dir)).toMatchObject({ code: 0 });
    const draft = cli('draft', 'examples/2021-q4/dataset.json', '--out', join(dir, 'bundle'), '--locales', dir, '--lang', 'ko', '--no-svg');
    expect(draft.stderr).toBe('');
    expect(draft.code).toBe(0);
    expect(readFileSync(join(dir, 'bundle', 'index.ko.md'), 'utf8')).toContain('## Closing notes');
  });

  it('writes the plural forms the language needs, from English _other', () => {
    const dir = fresh();
    expect(cli('locales', 'add', 'ru', '--locales', dir).code).toBe(0);
    expect(cli('locales', 'add', 'ko', '--locales', dir).code).toBe(0);
    // A plural key of English: common:refs.table has _one and _other.
    const english = read('locales/en/common.json').refs!;
    expect(Object.keys(english)).toEqual(expect.arrayContaining(['table_one', 'table_other']));
    const ru = read(join(dir, 'ru', 'common.json')).refs!;
    expect(
      Object.keys(ru)
        .filter((key) => key.startsWith('table_'))
        .sort(),
    ).toEqual(['table_few', 'table_many', 'table_one', 'table_other']);
    expect(ru.table_few).toEqual(english.table_other);
    expect(ru.table_one).toEqual(english.table_other);
    const ko = read(join(dir, 'ko', 'common.json')).refs!;
    expect(Object.keys(ko).filter((key) => key.startsWith('table_'))).toEqual(['table_other']);
    const status = cli('locales', 'status', '--locales', dir).stdout;
    const en = /^en\s+(\d+)/m.exec(status)![1];
    expect(status).toMatch(new RegExp(`^ru\\s+${en}\\s+${en}\\s+0\\s+${en}$`, 'm'));
    expect(cli('locales', 'check', '--locales', dir).stdout).not.toContain('plural-forms');
  });

  it('refuses a language folder that exists unless --force', () => {
    const dir = fresh();
    mkdirSync(join(dir, 'ko'));
    writeFileSync(join(dir, 'ko', 'post.json'), '{"title": "mine"}');
    const run = cli('locales', 'add', 'ko', '--locales', dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `${join(dir, 'ko')}  error  expected no folder for ko, found one: nothing was written (--force rewrites its files from English)  exists\n✖ 1 locale problem\n`,
    );
    expect(readFileSync(join(dir, 'ko', 'post.json'), 'utf8')).toBe('{"title": "mine"}');
    expect(cli('locales', 'add', 'ko', '--locales', dir, '--force').code).toBe(0);
    expect(read(join(dir, 'ko', 'post.json')).title).not.toBe('mine');
  });

  it.each(['k', 'ko_KR', '../ko', 'KO', 'en-', 'en'])('refuses the tag %s', (tag) => {
    const dir = fresh();
    const run = cli('locales', 'add', tag, '--locales', dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      tag === 'en'
        ? /en is the reference language/
        : new RegExp(`expected a BCP 47 language tag in its canonical case \\(ko, pt-BR, zh-Hant\\), found "${tag.replace(/\./g, '\\.')}"`),
    );
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
