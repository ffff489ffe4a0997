/**
 * No editor's word is ever lost: every way a regeneration used to drop text or
 * leave a bundle half written, through the real CLI where a user would meet it.
 */
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmod, cp, mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { draft } from '../src/draft.js';
import { writeBundle } from '../src/output/bundle.js';
import { mergeSlots } from '../src/output/regenerate.js';
import { findSlots, slotKey } from '../src/output/slots.js';
import { commitBundle, recoverBundle } from '../src/output/transaction.js';
import { cli, EXAMPLE_DATASET, exampleWith, root, snapshotTree, noStackTrace } from './helpers.js';

const fresh = (prefix: string) => mkdtemp(join(tmpdir(), `${prefix}-`));

/** Writes `text` into slot `key` of a post. */
async function fillSlot(file: string, key: string, text: string): Promise<void> {
  const markdown = await readFile(file, 'utf8');
  const slot = findSlots(markdown).slots.find((s) => slotKey(s) === key)!;
  await writeFile(file, markdown.slice(0, slot.open.end) + text + markdown.slice(slot.close.start));
}

const slotText = async (file: string, key: string) =>
  findSlots(await readFile(file, 'utf8')).slots.find((s) => slotKey(s) === key)?.content;

async function datasetFile(dir: string, name: string, change: (d: Record<string, unknown>) => void = () => {}): Promise<string> {
  const dataset = JSON.parse(await readFile(EXAMPLE_DATASET, 'utf8'));
  change(dataset);
  const file = join(dir, name);
  await writeFile(file, JSON.stringify(dataset));
  return file;
}

describe('1. orphaned commentary returning', () => {
  it('puts the text back into its slot when the data brings the section back', async () => {
    const work = await fresh('orphan-return');
    const bundle = join(work, 'bundle');
    const withoutSource = await datasetFile(work, 'no-source.json', (d) => delete d.sourceCountryTop);
    expect(cli('draft', EXAMPLE_DATASET, '--out', bundle, '--no-svg').code).toBe(0);
    const en = join(bundle, 'index.en.md');
    await fillSlot(en, 'commentary:source-notes', '\nGRE came from cameras and recorders.\n\n');

    const orphaning = cli('draft', withoutSource, '--out', bundle, '--no-svg');
    expect(orphaning.code).toBe(0);
    expect(orphaning.stderr).toContain('orphaned-slot');
    expect(await slotText(en, 'orphaned:commentary:source-notes')).toBe('\nGRE came from cameras and recorders.\n\n');

    const returning = cli('draft', EXAMPLE_DATASET, '--out', bundle, '--no-svg');
    expect(returning.code).toBe(0);
    expect(returning.stderr).toContain('returned-slot');
    expect(await slotText(en, 'commentary:source-notes')).toBe('\nGRE came from cameras and recorders.\n\n');
    expect(await readFile(en, 'utf8')).not.toContain('orphaned:');
  });

  it('keeps both texts, with a warning, when the returning slot holds text of its own', async () => {
    const previous = [
      '<!-- commentary:a -->',
      'written in the slot',
      '<!-- /commentary:a -->',
      '',
      '## Orphaned',
      '',
      '<!-- orphaned:commentary:a -->',
      'written before it was orphaned',
      '<!-- /orphaned:commentary:a -->',
      '',
    ].join('\n');
    const next = ['<!-- commentary:a -->', 'the prompt', '<!-- /commentary:a -->', ''].join('\n');
    const merged = await mergeSlots(previous, next);
    expect(merged.markdown).toBe(
      ['<!-- commentary:a -->', 'written in the slot', '', 'written before it was orphaned', '<!-- /commentary:a -->', ''].join('\n'),
    );
    expect(merged).toMatchObject({ returned: ['commentary:a'], doubled: ['commentary:a'], orphans: new Map() });
  });

  it('does the same when a --templates folder drops a slot and the shipped template brings it back', async () => {
    const work = await fresh('orphan-template');
    const bundle = join(work, 'bundle');
    const templates = join(work, 'templates');
    await mkdir(templates);
    await writeFile(
      join(templates, 'overflow.md'),
      (await readFile(join(root, 'templates/overflow.md'), 'utf8')).replace(':::commentary{#closing prompt=closing.prompt}\n:::\n', ''),
    );
    expect(cli('draft', EXAMPLE_DATASET, '--out', bundle, '--no-svg').code).toBe(0);
    const ja = join(bundle, 'index.ja.md');
    await fillSlot(ja, 'commentary:closing', '\nご意見をお寄せください。\n\n');
    expect(cli('draft', EXAMPLE_DATASET, '--out', bundle, '--no-svg', '--templates', templates).code).toBe(0);
    expect(cli('draft', EXAMPLE_DATASET, '--out', bundle, '--no-svg').code).toBe(0);
    expect(await slotText(ja, 'commentary:closing')).toBe('\nご意見をお寄せください。\n\n');
  });
});

describe('2. an existing post that cannot be read', () => {
  const cases: [string, (file: string) => Promise<void>, string][] = [
    ['a directory', (file) => mkdir(file), 'expected a regular file, found a directory  not-a-file'],
    [
      'a FIFO',
      async (file) => {
        execFileSync('mkfifo', [file]);
      },
      'expected a regular file, found a FIFO  not-a-file',
    ],
    [
      'a symbolic link',
      async (file) => symlink('../elsewhere/post.md', file),
      'expected a regular file, found a symbolic link to ../elsewhere/post.md: replace the link with the file, or draft where the file is  not-a-file',
    ],
  ];
  it.each(cases)('refuses when index.en.md is %s: exit 2, nothing written, no hang', async (_name, make, message) => {
    const bundle = await fresh('unreadable');
    expect(cli('draft', EXAMPLE_DATASET, '--out', bundle, '--no-svg', '--lang', 'ja').code).toBe(0);
    await make(join(bundle, 'index.en.md'));
    const before = await snapshotTree(bundle);
    const run = cli('draft', EXAMPLE_DATASET, '--out', bundle, '--no-svg');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${join(bundle, 'index.en.md')}  error  ${message}`);
    noStackTrace(run.stderr);
    expect(await snapshotTree(bundle)).toEqual(before);
  });
});

describe('3. bytes that are not UTF-8 inside a slot', () => {
  it('refuses with the encoding rule, as check does, instead of writing U+FFFD', async () => {
    const bundle = await fresh('encoding');
    expect(cli('draft', EXAMPLE_DATASET, '--out', bundle, '--no-svg').code).toBe(0);
    const en = join(bundle, 'index.en.md');
    const text = await readFile(en, 'utf8');
    const slot = findSlots(text).slots[0]!;
    const bytes = Buffer.concat([
      Buffer.from(text.slice(0, slot.open.end)),
      Buffer.from([0x0a, 0x63, 0x61, 0x66, 0xe9, 0x0a]),
      Buffer.from(text.slice(slot.close.start)),
    ]);
    await writeFile(en, bytes);
    const before = await snapshotTree(bundle);
    const run = cli('draft', EXAMPLE_DATASET, '--out', bundle, '--no-svg');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/index\.en\.md:\d+:4 {2}error {2}expected UTF-8 text, found the byte 0xE9 at offset \d+ {2}encoding/);
    expect(await snapshotTree(bundle)).toEqual(before);
    expect(cli('check', bundle).stderr).toContain('encoding');
  });
});

describe('4. a post saved with CRLF line endings and a byte-order mark', () => {
  it('is read transparently, merged, and written back in the same style', async () => {
    const work = await fresh('crlf');
    const bundle = join(work, 'bundle');
    expect(cli('draft', EXAMPLE_DATASET, '--out', bundle, '--no-svg').code).toBe(0);
    const en = join(bundle, 'index.en.md');
    await fillSlot(en, 'commentary:closing', '\nThanks for reading.\n\n');
    await writeFile(en, `\uFEFF${(await readFile(en, 'utf8')).replaceAll('\n', '\r\n')}`);
    const corrected = await datasetFile(
      work,
      'corrected.json',
      (d) => ((d.sourceCountryTop as { entries: { packets: number }[] }).entries[6]!.packets = 999_999),
    );
    const run = cli('draft', corrected, '--out', bundle, '--no-svg');
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const written = await readFile(en, 'utf8');
    expect(written.startsWith('\uFEFF---\r\n')).toBe(true);
    expect(written.replaceAll('\r\n', '')).not.toContain('\n');
    expect(written).toContain('GRE came first, with 999,999 packets');
    expect(written).toContain('<!-- commentary:closing -->\r\n\r\nThanks for reading.\r\n\r\n<!-- /commentary:closing -->');
    expect(cli('check', bundle).stdout).not.toContain('edited-outside-slots');
  });
});

describe('5. output errors', () => {
  it('refuses --out naming a file: exit 2, a positioned message, no stack trace', async () => {
    const work = await fresh('out-file');
    const file = join(work, 'not-a-folder');
    await writeFile(file, 'mine');
    const run = cli('draft', EXAMPLE_DATASET, '--out', file, '--no-svg');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      `${file}  error  expected to write the bundle, found EEXIST (a file where a folder was expected): nothing was changed  unwritable`,
    );
    noStackTrace(run.stderr);
    expect(await readFile(file, 'utf8')).toBe('mine');
  });

  it('refuses a folder where a chart file goes, before writing anything', async () => {
    const bundle = await fresh('eisdir');
    expect(cli('draft', EXAMPLE_DATASET, '--out', bundle, '--no-svg').code).toBe(0);
    await rm(join(bundle, 'rank-heatmap.ja.vl.json'));
    await mkdir(join(bundle, 'rank-heatmap.ja.vl.json'));
    const before = await snapshotTree(bundle);
    const run = cli('draft', EXAMPLE_DATASET, '--out', bundle, '--no-svg');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('rank-heatmap.ja.vl.json  error  expected a regular file, found a directory  not-a-file');
    expect(await snapshotTree(bundle)).toEqual(before);
  });

  it('puts back every file already replaced when a later rename fails', async () => {
    const dir = await fresh('rollback');
    await writeFile(join(dir, 'a.txt'), 'old a');
    await writeFile(join(dir, 'b.txt'), 'old b');
    await mkdir(join(dir, 'z.txt'));
    await writeFile(join(dir, 'z.txt', 'inside'), 'a folder in the way');
    const before = await snapshotTree(dir);
    const changes = [
      { name: 'a.txt', content: 'new a' },
      { name: 'b.txt', content: 'new b' },
      { name: 'c.txt', content: 'new c' },
      { name: 'z.txt', content: 'new z' },
    ];
    await expect(commitBundle(dir, join(dir, '.telescope-report'), changes)).rejects.toMatchObject({
      code: expect.stringMatching(/EISDIR|ENOTEMPTY|EEXIST/),
    });
    expect(await snapshotTree(dir)).toEqual(before);
    expect(await readdir(join(dir, '.telescope-report'))).toEqual([]);
  });

  it('keeps each replaced file’s mode', async () => {
    const bundle = await fresh('mode');
    expect(cli('draft', EXAMPLE_DATASET, '--out', bundle, '--no-svg').code).toBe(0);
    await chmod(join(bundle, 'index.en.md'), 0o600);
    await chmod(join(bundle, 'rank-heatmap.en.vl.json'), 0o640);
    expect(cli('draft', EXAMPLE_DATASET, '--out', bundle, '--no-svg').code).toBe(0);
    expect((await stat(join(bundle, 'index.en.md'))).mode & 0o777).toBe(0o600);
    expect((await stat(join(bundle, 'rank-heatmap.en.vl.json'))).mode & 0o777).toBe(0o640);
  });

  it('lets --watch report the error and keep watching', async () => {
    const work = await fresh('watch-error');
    const out = join(work, 'out');
    await writeFile(out, 'a file, not a folder');
    const dataset = await datasetFile(work, 'q.json');
    const child = spawn(process.execPath, ['dist/bin/telescope-report.mjs', 'draft', dataset, '--out', out, '--no-svg', '--watch'], {
      cwd: root,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const until = async (test: () => boolean) => {
      for (let i = 0; i < 200 && !test(); i++) await new Promise((r) => setTimeout(r, 25));
      expect(test()).toBe(true);
    };
    await until(() => stdout.includes('watching'));
    expect(stderr).toContain('unwritable');
    await rm(out);
    await writeFile(dataset, await readFile(EXAMPLE_DATASET));
    await until(() => stdout.includes('rebuilt in'));
    child.kill('SIGINT');
    expect((await readdir(out)).includes('index.en.md')).toBe(true);
    noStackTrace(stderr);
  });
});

describe('6. concurrent writers', () => {
  it('lets two drafts into one folder finish one after the other: the bundle is wholly one of them', async () => {
    const work = await fresh('concurrent');
    const a = await datasetFile(work, 'a.json');
    const b = await datasetFile(
      work,
      'b.json',
      (d) => ((d.sourceCountryTop as { entries: { packets: number }[] }).entries[6]!.packets = 999_999),
    );
    const expected: Record<string, string>[] = [];
    for (const [name, file] of [
      ['a', a],
      ['b', b],
    ] as const) {
      expect(cli('draft', file, '--out', join(work, `only-${name}`), '--no-svg').code).toBe(0);
      expected.push(await snapshotTree(join(work, `only-${name}`)));
    }
    const bundle = join(work, 'bundle');
    const run = (file: string) =>
      new Promise<number>((resolve) =>
        spawn(process.execPath, ['dist/bin/telescope-report.mjs', 'draft', file, '--out', bundle, '--no-svg'], {
          cwd: root,
          stdio: 'ignore',
        }).on('exit', (code) => resolve(code ?? -1)),
      );
    for (let round = 0; round < 4; round++) {
      await rm(bundle, { recursive: true, force: true });
      expect(await Promise.all([run(a), run(b)])).toEqual([0, 0]);
      expect(expected).toContainEqual(await snapshotTree(bundle));
    }
  });

  it('refuses to replace a post the editor saved while the draft was computed', async () => {
    const bundle = await fresh('saved-meanwhile');
    expect(cli('draft', EXAMPLE_DATASET, '--out', bundle, '--no-svg').code).toBe(0);
    const en = join(bundle, 'index.en.md');
    const result = await draft(await exampleWith(() => {}), { svg: false });
    const orphanWords = Object.fromEntries(result.posts.map((post) => [post.lang, post.orphanWords]));
    const saved = async () => fillSlot(en, 'commentary:closing', '\nSaved by the editor just now.\n\n');
    await expect(writeBundle(bundle, { files: result.files, orphanWords }, { beforeCommit: saved })).rejects.toThrow(
      /changed-while-drafting/,
    );
    expect(await slotText(en, 'commentary:closing')).toBe('\nSaved by the editor just now.\n\n');
    expect((await readdir(join(bundle, '.telescope-report'))).filter((n) => n.startsWith('staging-') || n === 'lock')).toEqual([]);
  });

  it('waits for a live writer’s lock, and takes over the lock of a writer that died', async () => {
    const bundle = await fresh('lock');
    expect(cli('draft', EXAMPLE_DATASET, '--out', bundle, '--no-svg').code).toBe(0);
    const result = await draft(await exampleWith(() => {}), { svg: false });
    const lock = join(bundle, '.telescope-report/lock');
    const { hostname } = await import('node:os');
    await writeFile(lock, JSON.stringify({ pid: process.pid, host: hostname(), since: 'now' }));
    await expect(writeBundle(bundle, { files: result.files, orphanWords: {} }, { lockWaitMs: 200 })).rejects.toThrow(
      new RegExp(`found process ${process.pid} on`),
    );
    const dead = spawn(process.execPath, ['-e', '0']);
    await new Promise((r) => dead.on('exit', r));
    await writeFile(lock, JSON.stringify({ pid: dead.pid, host: hostname(), since: 'then' }));
    await expect(writeBundle(bundle, { files: result.files, orphanWords: {} }, { lockWaitMs: 200 })).resolves.toMatchObject({
      written: expect.any(Array),
    });
  });
});

describe('recovery after a writer was killed', () => {
  const setUp = async () => {
    const dir = await fresh('recover');
    const sidecar = join(dir, '.telescope-report');
    const staging = join(sidecar, 'staging-test');
    await mkdir(staging, { recursive: true });
    for (const name of ['a', 'b', 'c']) await writeFile(join(dir, `${name}.txt`), `old ${name}`);
    const { createHash } = await import('node:crypto');
    const sha = (text: string) => createHash('sha256').update(text).digest('hex');
    const journal = ['a', 'b', 'c'].map((name, i) => ({
      name: `${name}.txt`,
      staged: `new-${i}`,
      old: `old-${i}`,
      before: sha(`old ${name}`),
      after: sha(`new ${name}`),
    }));
    for (const [i, name] of ['a', 'b', 'c'].entries()) {
      await writeFile(join(staging, `new-${i}`), `new ${name}`);
      await cp(join(dir, `${name}.txt`), join(staging, `old-${i}`));
    }
    return { dir, sidecar, staging, journal };
  };
  const contents = async (dir: string) => Promise.all(['a', 'b', 'c'].map((n) => readFile(join(dir, `${n}.txt`), 'utf8')));

  it('completes a change whose journal was written, however far its renames got', async () => {
    const { dir, sidecar, staging, journal } = await setUp();
    await writeFile(join(staging, 'journal.json'), JSON.stringify(journal));
    const { rename } = await import('node:fs/promises');
    await rename(join(staging, 'new-0'), join(dir, 'a.txt'));
    expect(await recoverBundle(dir, sidecar)).toEqual([{ staging, outcome: 'completed', changedSince: [] }]);
    expect(await contents(dir)).toEqual(['new a', 'new b', 'new c']);
    expect(await readdir(sidecar)).toEqual([]);
  });

  it('drops a change killed before its journal, and undoes one killed while rolling back', async () => {
    const undecided = await setUp();
    expect(await recoverBundle(undecided.dir, undecided.sidecar)).toEqual([]);
    expect(await contents(undecided.dir)).toEqual(['old a', 'old b', 'old c']);
    expect(await readdir(undecided.sidecar)).toEqual([]);

    const rolling = await setUp();
    await writeFile(join(rolling.staging, 'journal.json'), JSON.stringify(rolling.journal));
    const { rename } = await import('node:fs/promises');
    await rename(join(rolling.staging, 'new-0'), join(rolling.dir, 'a.txt'));
    await writeFile(join(rolling.staging, 'rollback'), '');
    await recoverBundle(rolling.dir, rolling.sidecar);
    expect(await contents(rolling.dir)).toEqual(['old a', 'old b', 'old c']);
  });
});

describe('a kill at any point of a regeneration', () => {
  it('leaves every bundle wholly old or wholly new, every slot intact (50 regenerations)', async () => {
    const work = await fresh('kill');
    const seed = join(work, 'seed');
    expect(cli('draft', EXAMPLE_DATASET, '--out', seed, '--no-svg').code).toBe(0);
    for (const lang of ['en', 'ja'])
      await fillSlot(join(seed, `index.${lang}.md`), 'commentary:closing', `\n${lang}: words that must survive.\n\n`);
    const old = await snapshotTree(seed);
    const corrected = await datasetFile(
      work,
      'corrected.json',
      (d) => ((d.sourceCountryTop as { entries: { packets: number }[] }).entries[6]!.packets = 999_999),
    );
    const completed = join(work, 'completed');
    await cp(seed, completed, { recursive: true });
    expect(cli('draft', corrected, '--out', completed, '--no-svg').code).toBe(0);
    const next = await snapshotTree(completed);
    expect(next).not.toEqual(old);

    const outcomes = { old: 0, new: 0 };
    const bundle = join(work, 'bundle');
    for (let round = 0; round < 50; round++) {
      await rm(bundle, { recursive: true, force: true });
      await cp(seed, bundle, { recursive: true });
      const child = spawn(process.execPath, ['dist/bin/telescope-report.mjs', 'draft', corrected, '--out', bundle, '--no-svg'], {
        cwd: root,
        stdio: 'ignore',
      });
      await new Promise((r) => setTimeout(r, 100 + ((round * 37) % 300)));
      child.kill('SIGKILL');
      await new Promise((r) => child.on('exit', r).exitCode !== null && r(undefined));
      // What the next command finds: a decided change completed, an undecided one dropped.
      await recoverBundle(bundle, join(bundle, '.telescope-report'));
      const after = await snapshotTree(bundle);
      // The lock and the file a killed writer was about to link into place as the lock are the lock's, not the bundle's.
      for (const name of Object.keys(after)) if (/^\.telescope-report\/lock(\..*\.new)?$/.test(name)) delete after[name];
      if (JSON.stringify(after) === JSON.stringify(old)) outcomes.old++;
      else {
        expect(after).toEqual(next);
        outcomes.new++;
      }
      for (const lang of ['en', 'ja'])
        expect(await slotText(join(bundle, `index.${lang}.md`), 'commentary:closing')).toBe(`\n${lang}: words that must survive.\n\n`);
    }
    expect(outcomes.old + outcomes.new).toBe(50);
    // The delays span start-up, computing and writing: both outcomes occur.
    expect(outcomes.old).toBeGreaterThan(0);
    expect(outcomes.new).toBeGreaterThan(0);
  }, 120_000);
});

describe('hostile sequences found by a probe of the editing loop', () => {
  const T = (...args: string[]) => cli(...args);

  it('undoes an interrupted draft whose post the editor changed since, keeping the editor’s newer text', async () => {
    const dir = await fresh('undo');
    const sidecar = join(dir, '.telescope-report');
    const staging = join(sidecar, 'staging-x');
    await mkdir(staging, { recursive: true });
    const { createHash } = await import('node:crypto');
    const sha = (text: string) => createHash('sha256').update(text).digest('hex');
    for (const name of ['a', 'b', 'c']) {
      await writeFile(join(dir, `${name}.txt`), `old ${name}`);
      await cp(join(dir, `${name}.txt`), join(staging, `old-${'abc'.indexOf(name)}`));
    }
    await writeFile(join(staging, 'new-0'), 'new a');
    await writeFile(join(staging, 'new-1'), 'new b');
    await writeFile(join(staging, 'new-2'), 'new c');
    await writeFile(
      join(staging, 'journal.json'),
      JSON.stringify(
        ['a', 'b', 'c'].map((n, i) => ({
          name: `${n}.txt`,
          staged: `new-${i}`,
          old: `old-${i}`,
          before: sha(`old ${n}`),
          after: sha(`new ${n}`),
        })),
      ),
    );
    const { rename } = await import('node:fs/promises');
    await rename(join(staging, 'new-0'), join(dir, 'a.txt'));
    await writeFile(join(dir, 'b.txt'), 'old b + the editor’s Tuesday work');
    const [recovery] = await recoverBundle(dir, sidecar);
    expect(recovery).toEqual({ staging, outcome: 'undone', changedSince: [join(dir, 'b.txt')] });
    expect(await Promise.all(['a', 'b', 'c'].map((n) => readFile(join(dir, `${n}.txt`), 'utf8')))).toEqual([
      'old a',
      'old b + the editor’s Tuesday work',
      'old c',
    ]);
  });

  it('backs up a file of the user’s that has a chart’s name, in a folder without a manifest', async () => {
    const bundle = await fresh('own-svg');
    await writeFile(join(bundle, 'rank-heatmap.en.vl.json'), '{"mine": true}');
    const run = T('draft', EXAMPLE_DATASET, '--out', bundle, '--no-svg');
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(
      'rank-heatmap.en.vl.json  warning  a file telescope-report did not write: copied to .telescope-report/backups/',
    );
    const [stamp] = await readdir(join(bundle, '.telescope-report/backups'));
    expect(await readFile(join(bundle, '.telescope-report/backups', stamp!, 'rank-heatmap.en.vl.json'), 'utf8')).toBe('{"mine": true}');
  });

  it('refuses a leftover journal that names files outside the bundle, or that it cannot read, without a stack trace', async () => {
    const work = await fresh('journal');
    const bundle = join(work, 'bundle');
    expect(T('draft', EXAMPLE_DATASET, '--out', bundle, '--no-svg').code).toBe(0);
    await writeFile(join(work, 'victim.txt'), 'precious');
    for (const journal of ['[{"name":"../victim.txt","before":null,"after":null}]', '{}', '[null]', 'zz']) {
      const staging = join(bundle, '.telescope-report/staging-z');
      await rm(staging, { recursive: true, force: true });
      await mkdir(staging);
      await writeFile(join(staging, 'journal.json'), journal);
      for (const run of [T('check', bundle), T('draft', EXAMPLE_DATASET, '--out', bundle, '--no-svg')]) {
        expect(run.code, journal).toBe(2);
        expect(run.stderr).toContain('expected the journal of an interrupted draft');
        noStackTrace(run.stderr);
      }
    }
    expect(await readFile(join(work, 'victim.txt'), 'utf8')).toBe('precious');
  });

  it('refuses a folder in place of the lock, and takes over a lock that names no real process', async () => {
    const bundle = await fresh('lock-shapes');
    expect(T('draft', EXAMPLE_DATASET, '--out', bundle, '--no-svg').code).toBe(0);
    const lock = join(bundle, '.telescope-report/lock');
    await mkdir(lock);
    const run = T('draft', EXAMPLE_DATASET, '--out', bundle, '--no-svg');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('expected a lock file, found something else (a folder?) in its place');
    noStackTrace(run.stderr);
    await rm(lock, { recursive: true });
    const { hostname } = await import('node:os');
    for (const pid of [0, -1]) {
      await writeFile(lock, JSON.stringify({ pid, host: hostname(), since: 'then' }));
      expect(T('draft', EXAMPLE_DATASET, '--out', bundle, '--no-svg').code).toBe(0);
    }
  });

  it('never removes a lock that another writer holds', async () => {
    const sidecar = await fresh('lock-release');
    const { lockBundle } = await import('../src/output/lock.js');
    const held = await lockBundle(sidecar);
    await writeFile(join(sidecar, 'lock'), 'somebody else’s lock');
    await held.release();
    expect(await readFile(join(sidecar, 'lock'), 'utf8')).toBe('somebody else’s lock');
  });

  it('keeps a slot with mixed line endings byte for byte', async () => {
    const work = await fresh('mixed-eol');
    const bundle = join(work, 'bundle');
    expect(T('draft', EXAMPLE_DATASET, '--out', bundle, '--no-svg').code).toBe(0);
    const en = join(bundle, 'index.en.md');
    const text = '\nline one\r\nline two\nline three\r\n\n';
    await fillSlot(en, 'commentary:closing', text);
    const corrected = await datasetFile(
      work,
      'c.json',
      (d) => ((d.sourceCountryTop as { entries: { packets: number }[] }).entries[6]!.packets = 999_999),
    );
    expect(T('draft', corrected, '--out', bundle, '--no-svg')).toMatchObject({ code: 0, stderr: '' });
    expect(await slotText(en, 'commentary:closing')).toBe(text);
    expect(await readFile(en, 'utf8')).toContain('999,999');
  });

  it('keeps text appended after the post when a slot is orphaned, without a conflict', async () => {
    const work = await fresh('appendix');
    const bundle = join(work, 'bundle');
    expect(T('draft', EXAMPLE_DATASET, '--out', bundle, '--no-svg').code).toBe(0);
    const en = join(bundle, 'index.en.md');
    await fillSlot(en, 'commentary:source-notes', '\nNotes on GRE.\n\n');
    await writeFile(en, `${await readFile(en, 'utf8')}\n## Appendix\n\nMY APPENDIX\n`);
    const withoutSource = await datasetFile(work, 'no-source.json', (d) => delete d.sourceCountryTop);
    expect(T('draft', withoutSource, '--out', bundle, '--no-svg').code).toBe(0);
    const text = await readFile(en, 'utf8');
    expect(text).toContain('MY APPENDIX');
    expect(await slotText(en, 'orphaned:commentary:source-notes')).toBe('\nNotes on GRE.\n\n');
    expect(T('draft', EXAMPLE_DATASET, '--out', bundle, '--no-svg').code).toBe(0);
    expect(await slotText(en, 'commentary:source-notes')).toBe('\nNotes on GRE.\n\n');
    expect(await readFile(en, 'utf8')).toContain('MY APPENDIX');
    expect(await readFile(en, 'utf8')).not.toContain('orphaned:');
  });

  it('keeps a slot the editor added in place, once, not also in the orphaned section', async () => {
    const bundle = await fresh('added-slot');
    expect(T('draft', EXAMPLE_DATASET, '--out', bundle, '--no-svg').code).toBe(0);
    const en = join(bundle, 'index.en.md');
    await writeFile(
      en,
      (await readFile(en, 'utf8')).replace(
        '## Closing notes',
        '<!-- commentary:extra -->\nMy extra words.\n<!-- /commentary:extra -->\n\n## Closing notes',
      ),
    );
    for (let i = 0; i < 2; i++) expect(T('draft', EXAMPLE_DATASET, '--out', bundle, '--no-svg').code).toBe(0);
    const text = await readFile(en, 'utf8');
    expect(text.split('My extra words.').length).toBe(2);
    expect(text).not.toContain('orphaned:');
  });

  it('takes a marker quoted in a code span or an indented block for text', async () => {
    const bundle = await fresh('quoted-marker');
    expect(T('draft', EXAMPLE_DATASET, '--out', bundle, '--no-svg').code).toBe(0);
    const en = join(bundle, 'index.en.md');
    await fillSlot(en, 'commentary:closing', '\nKeep `<!-- commentary:closing -->` intact.\n\n    <!-- commentary:closing -->\n\n');
    expect(T('draft', EXAMPLE_DATASET, '--out', bundle, '--no-svg').code).toBe(0);
    expect(T('check', bundle).stdout).not.toContain('misplaced-marker');
  });

  it('refuses --out inside a bundle’s sidecar folder', async () => {
    const bundle = await fresh('nested');
    expect(T('draft', EXAMPLE_DATASET, '--out', bundle, '--no-svg').code).toBe(0);
    const run = T('draft', EXAMPLE_DATASET, '--out', join(bundle, '.telescope-report'), '--no-svg');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('which telescope-report keeps for itself');
  });
});

describe('the sidecar’s other promises', () => {
  it('removes the files it wrote last time and no longer writes, backing up one changed by hand', async () => {
    const bundle = await fresh('dropped');
    expect(cli('draft', EXAMPLE_DATASET, '--out', bundle, '--lang', 'en').code).toBe(0);
    await writeFile(join(bundle, 'rank-heatmap.en.svg'), '<svg>touched up by hand</svg>');
    const run = cli('draft', EXAMPLE_DATASET, '--out', bundle, '--lang', 'en', '--no-svg');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`removed ${join(bundle, 'source-top-chart.en.svg')} (no longer generated)`);
    expect((await readdir(bundle)).filter((n) => n.endsWith('.svg'))).toEqual([]);
    const [stamp] = await readdir(join(bundle, '.telescope-report/backups'));
    expect(await readFile(join(bundle, '.telescope-report/backups', stamp!, 'rank-heatmap.en.svg'), 'utf8')).toBe(
      '<svg>touched up by hand</svg>',
    );
    // check agrees: the post still shows the charts it no longer has.
    expect(cli('check', bundle).stdout).toContain(
      'expected the image rank-heatmap.en.svg beside the post, found no such file  missing-image',
    );
  });

  it('migrates a bundle of the older format once, and refuses one edited outside its slots', async () => {
    const bundle = await fresh('legacy');
    await cp(join(root, 'test/fixtures/hostile/bundle'), bundle, { recursive: true });
    expect(await readFile(join(bundle, 'index.en.md'), 'utf8')).toMatch(/\ngenerated: v1\./);
    const run = cli('draft', EXAMPLE_DATASET, '--out', bundle, '--no-svg');
    expect(run.code).toBe(0);
    expect(await readFile(join(bundle, 'index.en.md'), 'utf8')).not.toContain('generated:');
    expect(JSON.parse(await readFile(join(bundle, '.telescope-report/manifest.json'), 'utf8')).files['index.en.md']).toMatch(
      /^[0-9a-f]{64}$/,
    );

    const edited = await fresh('legacy-edited');
    await cp(join(root, 'test/fixtures/hostile/bundle'), edited, { recursive: true });
    const en = join(edited, 'index.en.md');
    await writeFile(en, (await readFile(en, 'utf8')).replace('This issue looks at', 'This issue, at last, looks at'));
    const refused = cli('draft', EXAMPLE_DATASET, '--out', edited, '--no-svg');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('a post of the older format cannot be merged');
    expect(cli('check', edited).stdout).toContain('draft would refuse');
  });

  it('checks a folder of bundles as Hugo keeps them', async () => {
    const posts = join(await fresh('content'), 'posts');
    for (const name of ['2021-q4', '2022-q1']) expect(cli('draft', EXAMPLE_DATASET, '--out', join(posts, name), '--no-svg').code).toBe(0);
    const run = cli('check', posts, '--format', 'json');
    expect(run.code).toBe(1);
    const files = new Set((JSON.parse(run.stdout) as { file: string }[]).map((f) => f.file.slice(posts.length + 1)));
    expect([...files].sort()).toEqual(['2021-q4/index.en.md', '2021-q4/index.ja.md', '2022-q1/index.en.md', '2022-q1/index.ja.md']);
  });
});

describe('a third probe: the orphaned section, front matter, journals and locks', () => {
  const filledOrphans = async () => {
    const work = await fresh('orphan-edit');
    const bundle = join(work, 'bundle');
    expect(cli('draft', EXAMPLE_DATASET, '--out', bundle, '--no-svg').code).toBe(0);
    const en = join(bundle, 'index.en.md');
    await fillSlot(en, 'commentary:source-notes', '\nNotes on GRE.\n\n');
    await fillSlot(en, 'commentary:closing', '\nClosing words.\n\n');
    const withoutSource = await datasetFile(work, 'no-source.json', (d) => delete d.sourceCountryTop);
    expect(cli('draft', withoutSource, '--out', bundle, '--no-svg').code).toBe(0);
    return { bundle, en, withoutSource };
  };

  it('keeps everything when the editor moves an orphaned block into the body', async () => {
    const { bundle, en, withoutSource } = await filledOrphans();
    const text = await readFile(en, 'utf8');
    const block = /<!-- orphaned:commentary:source-notes -->\n[^]*?<!-- \/orphaned:commentary:source-notes -->\n/.exec(text)![0];
    const moved = text
      .replace(block, '')
      .replace('## Sensor by sensor', `${block}\n## Sensor by sensor`)
      .replace('This issue looks at', 'This issue, in short, looks at');
    await writeFile(en, moved);
    const lines = moved.split('\n').length;
    expect(cli('draft', withoutSource, '--out', bundle, '--no-svg').code).toBe(0);
    const after = await readFile(en, 'utf8');
    expect(after.split('\n').length).toBeGreaterThanOrEqual(lines - 2);
    for (const kept of ['Notes on GRE.', 'Closing words.', 'This issue, in short, looks at', '## Sensor by sensor'])
      expect(after).toContain(kept);
    expect(after.split('Notes on GRE.').length).toBe(2);
  });

  it('keeps text the editor wrote inside the orphaned section', async () => {
    const { bundle, en, withoutSource } = await filledOrphans();
    await writeFile(
      en,
      (await readFile(en, 'utf8')).replace(
        '<!-- orphaned:commentary:source-notes -->',
        'MY NOTE ABOUT THESE.\n\n<!-- orphaned:commentary:source-notes -->',
      ),
    );
    expect(cli('draft', withoutSource, '--out', bundle, '--no-svg').code).toBe(0);
    expect(await readFile(en, 'utf8')).toContain('MY NOTE ABOUT THESE.');
  });

  it('keeps front-matter comments, even two of the same shape, where the editor put them', async () => {
    const bundle = await fresh('front-comments');
    expect(cli('draft', EXAMPLE_DATASET, '--out', bundle, '--no-svg', '--lang', 'en').code).toBe(0);
    const en = join(bundle, 'index.en.md');
    await writeFile(
      en,
      (await readFile(en, 'utf8')).replace('lang: en\n', 'lang: en\n# todo: ask legal about the GRE section\n# todo: check the date\n'),
    );
    expect(cli('draft', EXAMPLE_DATASET, '--out', bundle, '--no-svg', '--lang', 'en').code).toBe(0);
    expect(await readFile(en, 'utf8')).toContain(
      'lang: en\n# todo: ask legal about the GRE section\n# todo: check the date\ntranslationKey:',
    );
  });
});

describe('a third probe: journals, links and encodings', () => {
  const sha = (text: string | Buffer) => createHash('sha256').update(text).digest('hex');

  it('refuses, before touching anything, a journal whose entries do not hold together or lead outside', async () => {
    const work = await fresh('journal-consistency');
    const bundle = join(work, 'bundle');
    expect(cli('draft', EXAMPLE_DATASET, '--out', bundle, '--no-svg').code).toBe(0);
    const en = join(bundle, 'index.en.md');
    const post = await readFile(en);
    await mkdir(join(work, 'outside'));
    await writeFile(join(work, 'outside', 'victim.txt'), 'precious');
    await symlink('../outside', join(bundle, 'lnk'));
    const staging = join(bundle, '.telescope-report/staging-x');
    const journals = [
      // New content recorded without its staged file: would delete the post.
      [{ name: 'index.en.md', before: sha(post), after: sha('x'), old: 'old-0' }],
      // A staged file that is not there.
      [{ name: 'index.en.md', before: sha(post), after: sha('x'), old: 'old-0', staged: 'new-0' }],
      // A path through a link to outside the bundle.
      [{ name: 'lnk/victim.txt', before: sha('precious'), after: sha('x'), old: 'old-0', staged: 'new-0' }],
    ];
    for (const journal of journals) {
      await rm(staging, { recursive: true, force: true });
      await mkdir(staging);
      await writeFile(join(staging, 'journal.json'), JSON.stringify(journal));
      if (journal[0]!.name.startsWith('lnk')) await writeFile(join(staging, 'new-0'), 'x');
      const run = cli('check', bundle);
      expect(run.code, JSON.stringify(journal)).toBe(2);
      noStackTrace(run.stderr);
      expect(run.stderr).not.toContain('--force');
      expect(await readFile(en)).toEqual(post);
      expect(await readFile(join(work, 'outside', 'victim.txt'), 'utf8')).toBe('precious');
    }
  });

  it('refuses a sidecar folder that is a symbolic link, and --out that leads into a sidecar through one', async () => {
    const work = await fresh('sidecar-link');
    await mkdir(join(work, 'elsewhere'));
    await mkdir(join(work, 'bundle'));
    await symlink('../elsewhere', join(work, 'bundle', '.telescope-report'));
    const run = cli('draft', EXAMPLE_DATASET, '--out', join(work, 'bundle'), '--no-svg');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('found a symbolic link: telescope-report writes only inside the bundle');
    expect(await readdir(join(work, 'elsewhere'))).toEqual([]);

    const real = join(work, 'real');
    expect(cli('draft', EXAMPLE_DATASET, '--out', real, '--no-svg').code).toBe(0);
    await symlink(join(real, '.telescope-report'), join(work, 'sc'));
    const nested = cli('draft', EXAMPLE_DATASET, '--out', join(work, 'sc', 'inner'), '--no-svg');
    expect(nested.code).toBe(2);
    expect(nested.stderr).toContain('which telescope-report keeps for itself');
  });

  it('refuses a post saved as UTF-16 without a byte-order mark', async () => {
    const bundle = await fresh('utf16');
    expect(cli('draft', EXAMPLE_DATASET, '--out', bundle, '--no-svg').code).toBe(0);
    const en = join(bundle, 'index.en.md');
    const text = await readFile(en, 'utf8');
    const utf16be = Buffer.alloc(text.length * 2);
    for (let i = 0; i < text.length; i++) utf16be.writeUInt16BE(text.charCodeAt(i), i * 2);
    await writeFile(en, utf16be);
    for (const run of [cli('draft', EXAMPLE_DATASET, '--out', bundle, '--no-svg'), cli('check', bundle)]) {
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('expected UTF-8 text, found a NUL byte (is the file UTF-16?)  encoding');
    }
    expect(await readFile(en)).toEqual(utf16be);
  });

  it('leaves a takeover guard alone while the writer holding it lives', async () => {
    const sidecar = await fresh('guard');
    const { lockBundle } = await import('../src/output/lock.js');
    const { hostname } = await import('node:os');
    const dead = spawn(process.execPath, ['-e', '0']);
    await new Promise((r) => dead.on('exit', r));
    await writeFile(join(sidecar, 'lock'), JSON.stringify({ pid: dead.pid, host: hostname(), since: 'then' }));
    await writeFile(join(sidecar, 'lock.takeover'), JSON.stringify({ pid: process.pid, host: hostname() }));
    await expect(lockBundle(sidecar, 300)).rejects.toThrow(/found process/);
    await rm(join(sidecar, 'lock.takeover'));
    const held = await lockBundle(sidecar, 300);
    await held.release();
  });
});

describe('a fourth probe: long editing sequences', () => {
  it('keeps both texts when a slot and an orphaned copy of it are orphaned together', async () => {
    const previous = [
      '<!-- commentary:x -->',
      'newer words',
      '<!-- /commentary:x -->',
      '',
      '<!-- orphaned:commentary:x -->',
      'older words',
      '<!-- /orphaned:commentary:x -->',
      '',
    ].join('\n');
    const merged = await mergeSlots(previous, 'nothing of x\n');
    expect(merged.orphans.get('commentary:x')).toBe('newer words\n\nolder words\n');
  });

  it('never drops the text of a slot the editor renamed inside a section the data drops: refused, or kept with --force', async () => {
    const work = await fresh('renamed');
    const bundle = join(work, 'bundle');
    expect(cli('draft', EXAMPLE_DATASET, '--out', bundle, '--no-svg', '--lang', 'en').code).toBe(0);
    const en = join(bundle, 'index.en.md');
    await fillSlot(en, 'commentary:source-notes', '\nRENAMED slot text.\n\n');
    await writeFile(en, (await readFile(en, 'utf8')).replaceAll('commentary:source-notes', 'commentary:my-notes'));
    const withoutSource = await datasetFile(work, 'no-source.json', (d) => delete d.sourceCountryTop);
    const refused = cli('draft', withoutSource, '--out', bundle, '--no-svg', '--lang', 'en');
    expect(refused.code).toBe(2);
    expect(await readFile(en, 'utf8')).toContain('RENAMED slot text.');
    const forced = cli('draft', withoutSource, '--out', bundle, '--no-svg', '--lang', 'en', '--force');
    expect(forced.code).toBe(0);
    expect(await slotText(en, 'orphaned:commentary:my-notes')).toBe('\nRENAMED slot text.\n\n');
  });

  it('puts a slot’s text in every copy of it that conflict markers show', async () => {
    const work = await fresh('moved-section');
    const bundle = join(work, 'bundle');
    expect(cli('draft', EXAMPLE_DATASET, '--out', bundle, '--no-svg', '--lang', 'en').code).toBe(0);
    const en = join(bundle, 'index.en.md');
    await fillSlot(en, 'commentary:source-notes', '\nNOTES that must stay.\n\n');
    const text = await readFile(en, 'utf8');
    const section = text.slice(text.indexOf('## Packets from sources in Japan'), text.indexOf('## Sensors at home and abroad'));
    await writeFile(en, text.replace(section, '').replace('## Closing notes', `${section}## Closing notes`));
    const corrected = await datasetFile(
      work,
      'c.json',
      (d) => ((d.sourceCountryTop as { entries: { packets: number }[] }).entries[6]!.packets = 999_999),
    );
    const run = cli('draft', corrected, '--out', bundle, '--no-svg', '--lang', 'en', '--conflict-markers');
    if (run.code === 0 && (await readFile(en, 'utf8')).includes('<<<<<<< edited')) {
      const marked = await readFile(en, 'utf8');
      const kept = marked.replace(/<<<<<<< edited\n([^]*?)=======\n[^]*?>>>>>>> generated\n/g, '$1');
      expect(kept).toContain('NOTES that must stay.');
    } else expect(await readFile(en, 'utf8')).toContain('NOTES that must stay.');
  });
});
