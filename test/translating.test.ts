/** The translators' loop: audit, status, a new language, live regeneration, and the JTF style gate. */
import { spawn, spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { draft } from '../src/draft.js';
import { CODE_KEYS, OPTIONAL_KEY, pluralBase } from '../src/localize/keys.js';
import { cli, exampleWith, loadExample, readPost, root } from './helpers.js';

describe('telescope-report locales', () => {
  it('finds nothing wrong with the shipped locales', () => {
    expect(cli('locales', 'check')).toEqual({ code: 0, stdout: '✔ en, ja: no findings\n', stderr: '' });
  });

  it('reports each kind of fault at its file, line and column', () => {
    const run = cli(
      'locales',
      'check',
      '--locales',
      'test/fixtures/locales/faulty',
      '--templates',
      'test/fixtures/templates/undefined-key',
    );
    expect(run.code).toBe(1);
    expect(run.stdout.replaceAll(root, '')).toBe(
      [
        // The faulty template asks for closing.headline instead of closing.heading (which the shipped quarterly template uses).
        'test/fixtures/locales/faulty/en/post.json:2:15  warning  expected a key that a template or the code uses, found "post:unused.thing"  unused-key',
        'test/fixtures/locales/faulty/en/post.json:2:15  warning  expected a description of "post:unused.thing" for translators in test/fixtures/locales/faulty/en/post.descriptions.json, found none  missing-description',
        'test/fixtures/locales/faulty/ja/post.json  warning  expected "post:unused.thing" as in en, found none (en is used instead)  missing-key',
        'test/fixtures/locales/faulty/ja/post.json:2:3  warning  expected the plural forms _other of "post:title" for ja, found _one  plural-forms',
        'test/fixtures/locales/faulty/ja/post.json:4:5  warning  expected the variables {{period}} in "post:intro.period" as in en, found {{period}}, {{quarter}}  variables',
        'test/fixtures/locales/faulty/ja/post.json:7:5  warning  expected inline Markdown like en in "post:regions.notesPrompt" (none), found strong  markdown-structure',
        'test/fixtures/locales/faulty/ja/post.json:10:5  warning  expected only keys that en has, found "post:sensors.extraKey"  extra-key',
        'test/fixtures/templates/undefined-key/overflow.md:87:4  warning  expected "post:closing.headline" in the en locale, found none  undefined-key',
        '⚠ 8 findings',
        '',
      ].join('\n'),
    );
  });

  it('tells, per language, how much is translated', () => {
    expect(cli('locales', 'status').stdout).toBe(
      'language  keys  translated  missing  identical to en\n' +
        'en         321         321        0                -\n' +
        'ja         321         321        0                2\n',
    );
  });

  it('reports a locale file that is not JSON with exit 2', () => {
    const run = cli('locales', 'check', '--locales', 'test/fixtures/locales/broken');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      'test/fixtures/locales/broken/ja/common.json:3:1  error  expected `,` or `}` after a property value, found `"`  json-syntax',
    );
  });
});

describe('a new language', () => {
  it('works from a folder holding a few keys: English fills the gaps, with one warning per key', async () => {
    const locales = await mkdtemp(join(tmpdir(), 'ko-'));
    await mkdir(join(locales, 'ko'));
    await writeFile(
      join(locales, 'ko', 'post.json'),
      JSON.stringify({ title: '망원경 리포트 ({{period}})', intro: { period: '이번 호는 {{period}}를 다룹니다.' } }),
    );
    await writeFile(
      join(locales, 'ko', 'common.json'),
      JSON.stringify({ periods: { quarter: '{{year}}년 {{startMonthNumber}}~{{endMonthNumber}}월' } }),
    );
    const out = join(locales, 'bundle');
    const run = cli('draft', 'examples/2021-q4/dataset.json', '--out', out, '--lang', 'ko', '--locales', locales, '--no-svg', '--verbose');
    expect(run.code).toBe(0);
    const warned = run.stderr
      .trim()
      .split('\n')
      .map((line) => /expected "([^"]+)" in ko/.exec(line)?.[1]);
    expect(warned.every(Boolean)).toBe(true);
    expect(new Set(warned).size).toBe(warned.length);
    expect(warned).toContain('common:captions.table');
    // Without --verbose: one line for the language, counting the same keys.
    const brief = cli('draft', 'examples/2021-q4/dataset.json', '--out', out, '--lang', 'ko,en', '--locales', locales, '--no-svg');
    expect(brief.code).toBe(0);
    expect(brief.stderr).toBe(`ko: ${warned.length} keys taken from English (--verbose lists them)\n`);
    const post = await readFile(join(out, 'index.ko.md'), 'utf8');
    expect(post).toContain('title: 망원경 리포트 (2021년 10~12월)');
    expect(readPost(post).paragraphs).toContain('이번 호는 2021년 10~12월를 다룹니다.');
    // Lists, numbers and month names follow Korean through Intl, inside the English fallback sentences.
    // Small counts are words only where the language's own locale says so: none for ko yet.
    expect(readPost(post).paragraphs).toContain('6379/TCP, 23/TCP 및 22/TCP are in the top 10 of all 6 sensors.');
    const spec = JSON.parse(await readFile(join(out, 'daily-domestic.ko.vl.json'), 'utf8'));
    expect(spec.config.locale.time.months[9]).toBe('10월');
    const status = cli('locales', 'status', '--locales', locales).stdout;
    expect(status).toContain('ko         321           3      318                0\n');
  });
});

describe('draft --watch', () => {
  it('rebuilds when a locale file changes, survives a broken one, and says how long it took', async () => {
    const work = await mkdtemp(join(tmpdir(), 'watch-'));
    await mkdir(join(work, 'locales', 'ja'), { recursive: true });
    const localeFile = join(work, 'locales', 'ja', 'post.json');
    const child = spawn(
      process.execPath,
      [
        'dist/bin/telescope-report.mjs',
        'draft',
        'examples/2021-q4/dataset.json',
        '--out',
        join(work, 'out'),
        '--no-svg',
        '--watch',
        '--locales',
        join(work, 'locales'),
      ],
      { cwd: root },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const waitFor = async (pattern: RegExp, stream: () => string) => {
      for (let i = 0; i < 200 && !pattern.test(stream()); i++) await new Promise((r) => setTimeout(r, 50));
      expect(stream()).toMatch(pattern);
    };
    try {
      await waitFor(/watching /, () => stdout);
      await writeFile(localeFile, JSON.stringify({ intro: { period: '{{period}}の観測を振り返ります。' } }));
      await waitFor(/rebuilt in \d+ ms \(changed: .*post\.json\)/, () => stdout);
      expect(await readFile(join(work, 'out', 'index.ja.md'), 'utf8')).toContain('2021年10～12月の観測を振り返ります。');
      await writeFile(localeFile, '{ "intro": ');
      await waitFor(
        /post\.json:1:12 {2}error {2}expected a value, found the end of the file {2}json-syntax\n✖ 1 locale problem\nwaiting for the next change…/,
        () => stderr,
      );
      await writeFile(localeFile, JSON.stringify({ intro: { period: '{{period}}をまとめます。' } }));
      await waitFor(/(rebuilt in \d+ ms[^]*){3}/, () => stdout);
      expect(await readFile(join(work, 'out', 'index.ja.md'), 'utf8')).toContain('2021年10～12月をまとめます。');
      expect(child.exitCode).toBeNull();
    } finally {
      child.kill('SIGINT');
    }
  });
});

describe('Japanese quality gate', () => {
  it('textlint with the JTF style preset finds nothing in the Japanese example', () => {
    const run = spawnSync(
      process.execPath,
      ['node_modules/textlint/bin/textlint.js', '--config', 'test/.textlintrc.json', 'examples/2021-q4/drafts/index.ja.md'],
      { cwd: root, encoding: 'utf8' },
    );
    expect(run.stdout).toBe('');
    expect(run.status).toBe(0);
  });

  it('does find a fault of the kind it guards against', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'jtf-')), 'bad.md');
    await writeFile(file, '表1は国内の結果です.これはテスト です。\n');
    const run = spawnSync(process.execPath, ['node_modules/textlint/bin/textlint.js', '--config', 'test/.textlintrc.json', file], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(run.status).toBe(1);
  });
});

describe('the registry of keys the code uses', () => {
  it('holds every key that drafts of varied datasets look up', async () => {
    const datasets = [
      await loadExample(),
      await exampleWith((d) => delete d.sourceCountryTop),
      await exampleWith((d) => {
        d.dailyAverages = d.dailyAverages.filter((r) => r.month.startsWith('2021'));
      }),
      await exampleWith((d) => {
        for (const r of d.dailyAverages) if (r.month === '2020-11') r.packets = 1e6;
      }),
      await exampleWith((d) => {
        for (const r of d.dailyAverages) if (r.region === 'domestic' && r.month === '2021-10') r.packets = 1e6;
      }),
      await exampleWith((d) => {
        const e = d.sourceCountryTop!.entries;
        e[0]!.packets = Math.max(...e.map((x) => x.packets!));
        e[6]!.packets = e[0]!.packets;
      }),
    ];
    const used = new Set<string>();
    for (const dataset of datasets)
      for (const post of (await draft(dataset, { svg: false })).posts) for (const key of post.usedKeys) used.add(pluralBase(key));
    const template = [...used].filter((key) => key.startsWith('post:'));
    const unregistered = [...used].filter((key) => !key.startsWith('post:') && !CODE_KEYS.includes(key) && !OPTIONAL_KEY.test(key));
    expect(unregistered).toEqual([]);
    expect(template.length).toBeGreaterThan(10);
    expect(used).toContain('facts:regionComparison.mixed');
    expect(used).toContain('facts:sourceTopEntry.tied');
  });
});
