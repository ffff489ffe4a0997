/** The editors' loop, as an editor would run it: draft, fill, check, correct the data, draft again. */
import { cp, mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findSlots, slotKey } from '../src/output/slots.js';
import { cli, EXAMPLE_DATASET, readPost, root, snapshotTree } from './helpers.js';

const LANGS = ['en', 'ja'];

/** Fills every slot the way an editor would, and returns the text put in each. */
async function fillSlots(dir: string): Promise<Record<string, string>> {
  const filled: Record<string, string> = {};
  for (const lang of LANGS) {
    const file = join(dir, `index.${lang}.md`);
    let markdown = await readFile(file, 'utf8');
    for (const slot of findSlots(markdown).slots.reverse()) {
      const text =
        slot.kind === 'figure'
          ? '\n![GRE capture, sensor details masked](packet-sample.png)\n\n'
          : `\n${lang} notes for ${slot.id}: the *rise* was real | not noise <b>.\n\nSecond paragraph.\n\n`;
      filled[`${lang} ${slotKey(slot)}`] = text;
      markdown = markdown.slice(0, slot.open.end) + text + markdown.slice(slot.close.start);
    }
    await writeFile(file, markdown);
  }
  await writeFile(join(dir, 'packet-sample.png'), 'not really a PNG, but it exists');
  return filled;
}

async function slotTexts(dir: string): Promise<Record<string, string>> {
  const texts: Record<string, string> = {};
  for (const lang of LANGS) {
    for (const slot of findSlots(await readFile(join(dir, `index.${lang}.md`), 'utf8')).slots)
      texts[`${lang} ${slotKey(slot)}`] = slot.content;
  }
  return texts;
}

async function correctedDataset(dir: string): Promise<string> {
  const dataset = JSON.parse(await readFile(EXAMPLE_DATASET, 'utf8'));
  const swap = (list: { protocol: string; port?: number; packets: number }[], a: string, b: string) => {
    const find = (key: string) => list.find((e) => (e.port === undefined ? e.protocol : `${e.port}/${e.protocol}`) === key)!;
    const [x, y] = [find(a), find(b)];
    [x.packets, y.packets] = [y.packets, x.packets];
  };
  swap(dataset.sourceCountryTop.entries, 'GRE', '23/TCP');
  swap(dataset.sensorTop['dom-1'], '123/UDP', '6379/TCP');
  // A sensor dropped from the data: the table loses a row, so every line after it moves.
  dataset.sensors = dataset.sensors.filter((s: { id: string }) => s.id !== 'ovs-3');
  delete dataset.sensorTop['ovs-3'];
  const file = join(dir, 'corrected.json');
  await writeFile(file, JSON.stringify(dataset));
  return file;
}

describe('an editing session', () => {
  it('keeps every slot, and an edited sentence, across a regeneration that moves other lines; refuses a conflicting edit with both versions', async () => {
    const work = await mkdtemp(join(tmpdir(), 'editing-'));
    const bundle = join(work, 'bundle');
    expect(cli('draft', EXAMPLE_DATASET, '--out', bundle).code).toBe(0);
    expect(cli('check', bundle).code).toBe(1);

    const filled = await fillSlots(bundle);
    expect(Object.keys(filled)).toHaveLength(10);
    expect(cli('check', bundle)).toEqual({ code: 0, stdout: `✔ ${bundle}/index.en.md, ${bundle}/index.ja.md: ready\n`, stderr: '' });

    // The editor rewrites a generated sentence that the corrected data will not change.
    const en = join(bundle, 'index.en.md');
    await writeFile(
      en,
      (await readFile(en, 'utf8')).replace('This issue looks at October–December 2021.', 'This issue looks back at the autumn of 2021.'),
    );
    const corrected = await correctedDataset(work);
    expect(cli('draft', corrected, '--out', bundle)).toMatchObject({ code: 0, stderr: '' });
    expect(await slotTexts(bundle)).toEqual(filled);
    expect(await readFile(en, 'utf8')).toContain('This issue looks back at the autumn of 2021.');
    expect(await readFile(en, 'utf8')).toContain('of all five sensors');
    for (const lang of LANGS) {
      const post = readPost(await readFile(join(bundle, `index.${lang}.md`), 'utf8'));
      expect(post.tables[0]!.slice(1, 3)).toEqual([
        ['1', '23/TCP'],
        ['2', 'GRE'],
      ]);
      expect(post.tables[1]![1]!.slice(1, 3)).toEqual(['6379/TCP', '123/UDP']);
    }
    expect(cli('check', bundle).stdout).toContain('edited-outside-slots');

    // An edit of a sentence that the data then changes: refused, both versions shown, nothing touched.
    await writeFile(en, (await readFile(en, 'utf8')).replace('23/TCP came first, with', '23/TCP was well ahead, with'));
    const before = await snapshotTree(bundle);
    const refused = cli('draft', EXAMPLE_DATASET, '--out', bundle);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(
      `${en}:20:1  error  expected an edit that the new data leaves alone, found lines changed by both the editor and the new data: line 20: edited "…esses are in Japan. 23/TCP was well ahead, with 912,345 packe…", generated "…esses are in Japan. GRE came first, with 912,345 packe…"  merge-conflict\n` +
        '✖ 1 bundle problem: nothing was written (--conflict-markers writes both sides of a conflict; --force lets the new draft win, after a backup)\n',
    );
    expect(await snapshotTree(bundle)).toEqual(before);

    // --force: the new draft's lines win where they conflict, after a backup in the sidecar folder of the
    // post it overrode; slots and the edit that did not conflict are still kept.
    const forced = cli('draft', EXAMPLE_DATASET, '--out', bundle, '--force');
    expect(forced.code).toBe(0);
    const backups = join(bundle, '.telescope-report/backups');
    const [stamp] = await readdir(backups);
    expect((await readdir(join(backups, stamp!))).sort()).toEqual(['index.en.md']);
    expect(await readFile(en, 'utf8')).toContain('This issue looks back at the autumn of 2021.');
    expect(await readFile(join(backups, stamp!, 'index.en.md'), 'latin1')).toBe(before['index.en.md']);
    expect((await readdir(bundle)).filter((name) => name.includes('.bak'))).toEqual([]);
    expect(await slotTexts(bundle)).toEqual(filled);
    expect(await readFile(en, 'utf8')).toContain('GRE came first, with 912,345 packets');
    expect(forced.stderr).toContain('merge-conflict');
  });

  it('moves the text of a slot the template dropped to an orphaned section, and keeps it there', async () => {
    const work = await mkdtemp(join(tmpdir(), 'orphans-'));
    const bundle = join(work, 'bundle');
    expect(cli('draft', EXAMPLE_DATASET, '--out', bundle).code).toBe(0);
    const filled = await fillSlots(bundle);
    const templates = join(work, 'templates');
    await mkdir(templates);
    const shipped = await readFile(join(root, 'templates/overflow.md'), 'utf8');
    await writeFile(join(templates, 'overflow.md'), shipped.replace(':::commentary{#closing prompt=closing.prompt}\n:::\n', ''));

    const run = cli('draft', EXAMPLE_DATASET, '--out', bundle, '--no-svg', '--templates', templates);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(
      'index.en.md  warning  expected slot commentary:closing in the template, found it no longer there: its text is kept in the orphaned section  orphaned-slot',
    );
    const en = await readFile(join(bundle, 'index.en.md'), 'utf8');
    expect(
      en.endsWith(
        `## Orphaned commentary\n\nThe template no longer has these slots. Move their text where it belongs, or delete it.\n\n<!-- orphaned:commentary:closing -->\n${filled['en commentary:closing']}<!-- /orphaned:commentary:closing -->\n`,
      ),
    ).toBe(true);
    expect(await readFile(join(bundle, 'index.ja.md'), 'utf8')).toContain(`## 行き場のなくなったコメント`);

    const again = cli('draft', EXAMPLE_DATASET, '--out', bundle, '--no-svg', '--templates', templates);
    expect(again.code).toBe(0);
    expect(await readFile(join(bundle, 'index.en.md'), 'utf8')).toBe(en);
    expect(cli('check', bundle, '--templates', templates).stdout).toContain('orphaned-slot');
  });
});

describe('front matter', () => {
  it('keeps the editor’s draft flag and title, until the data changes the title too', async () => {
    const work = await mkdtemp(join(tmpdir(), 'front-'));
    const bundle = join(work, 'bundle');
    expect(cli('draft', EXAMPLE_DATASET, '--out', bundle, '--no-svg', '--lang', 'en').code).toBe(0);
    const en = join(bundle, 'index.en.md');
    await writeFile(
      en,
      (await readFile(en, 'utf8'))
        .replace('draft: true', 'draft: false')
        .replace('title: Telescope Report Overflow', 'title: Our own title'),
    );
    expect(cli('draft', EXAMPLE_DATASET, '--out', bundle, '--no-svg', '--lang', 'en').code).toBe(0);
    expect(await readFile(en, 'utf8')).toContain('\ndraft: false\n');
    expect(await readFile(en, 'utf8')).toContain('\ntitle: Our own title (October–December 2021)\n');
    const nextYear = JSON.parse(await readFile(EXAMPLE_DATASET, 'utf8'));
    nextYear.publishedOn = '2022-03-01';
    await writeFile(join(work, 'republished.json'), JSON.stringify(nextYear));
    expect(cli('draft', join(work, 'republished.json'), '--out', bundle, '--no-svg', '--lang', 'en').code).toBe(0);
    expect(await readFile(en, 'utf8')).toContain('\ndate: 2022-03-01\n');
    expect(await readFile(en, 'utf8')).toContain('\ndraft: false\n');
  });
});

describe('telescope-report check', () => {
  async function filledBundle(): Promise<string> {
    const bundle = await mkdtemp(join(tmpdir(), 'check-'));
    await cp(join(root, 'examples/2021-q4/drafts'), bundle, { recursive: true });
    await fillSlots(bundle);
    return bundle;
  }
  const edit = async (file: string, change: (text: string) => string) => writeFile(file, change(await readFile(file, 'utf8')));

  it('finds damaged markers, references to nothing, numbering gaps and drift between languages', async () => {
    const bundle = await filledBundle();
    const en = join(bundle, 'index.en.md');
    const ja = join(bundle, 'index.ja.md');
    await edit(en, (t) =>
      t
        .replace('<!-- /commentary:closing -->', '')
        .replace('Table 2 ranks, for every sensor', 'Table 7 ranks, for every sensor')
        .replace('Figure 5: Ranks', 'Figure 6: Ranks'),
    );
    await edit(ja, (t) =>
      t
        .replace(/<!-- commentary:region-notes -->[^]*?<!-- \/commentary:region-notes -->\n\n/, '')
        .replace('|    1 | GRE ', '|    1 | ESP ')
        .replace(
          '<!-- /figure:packet-sample -->',
          '<!-- /figure:packet-sample -->\n\n<!-- commentary:extra -->\n\nmore\n\n<!-- /commentary:extra -->',
        ),
    );
    const run = cli('check', bundle, '--format', 'json');
    expect(run.code).toBe(1);
    const findings = (JSON.parse(run.stdout) as { file: string; line: number | null; ruleId: string; message: string }[]).map(
      (f) => `${f.file.replace(`${bundle}/`, '')}:${f.line ?? '-'} ${f.ruleId}: ${f.message.replaceAll(`${bundle}/`, '')}`,
    );
    expect(findings).toEqual([
      'index.en.md:- language-drift: expected slot commentary:extra as in index.ja.md, found none',
      'index.en.md:- language-drift: expected slot commentary:closing as in index.ja.md, found none',
      'index.en.md:- language-drift: expected figure 5 as in index.ja.md, found none',
      'index.en.md:80 unresolved-reference: expected table 7 to exist, found no caption for it',
      'index.en.md:97 unresolved-reference: expected figure 5 to exist, found no caption for it',
      'index.en.md:99 skipped-number: expected figure 5 next, found 6',
      'index.en.md:113 unclosed-slot: expected a closing <!-- /commentary:closing --> marker, found none',
      'index.ja.md:- language-drift: expected slot commentary:region-notes as in index.en.md, found none',
      'index.ja.md:- language-drift: expected figure 6 as in index.en.md, found none',
      'index.ja.md:26 table-drift: expected "GRE" in row 1, column 2 of table 1 as in index.en.md, found "ESP"',
      'index.ja.md:26 edited-outside-slots: expected generated text, found an edit outside the slots: "|    1 | ESP                    |" (a regeneration keeps it unless the new data changes this line too)',
      'index.ja.md:44 unknown-slot: expected a slot of the template, found commentary:extra',
    ]);
  });

  it('flags a figure slot without its image, and an image that is not there', async () => {
    const bundle = await filledBundle();
    await edit(join(bundle, 'index.en.md'), (t) =>
      t.replace('![GRE capture, sensor details masked](packet-sample.png)', 'A capture will follow.'),
    );
    await edit(join(bundle, 'index.ja.md'), (t) => t.replace('](packet-sample.png)', '](capture.png)'));
    const run = cli('check', bundle);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe(
      `${bundle}/index.en.md:38:1  warning  expected an image in figure:packet-sample, found none  figure-without-image\n` +
        `${bundle}/index.ja.md:40:1  warning  expected the image capture.png beside the post, found no such file  missing-image\n` +
        '⚠ 2 findings\n',
    );
  });

  it('exits 2 when there is nothing to read', async () => {
    const run = cli('check', join(tmpdir(), 'no-such-bundle'));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('expected a bundle directory or a post file, found no such path  unreadable');
  });
});
