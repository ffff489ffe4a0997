import { describe, expect, it } from 'vitest';
import { draft } from '../src/index.js';
import { cli, exampleWith, loadExample } from './helpers.js';

describe('draft --explain', () => {
  it('gives each fact its sentences in both languages and the numbers they rest on', async () => {
    const result = await draft(await loadExample(), { svg: false });
    const leader = result.explanations.find((e) => e.fact === 'source-top-entry')!;
    expect(leader).toMatchObject({ attributes: { name: 'source-top-entry', table: 'source-top' }, line: 20, column: 1 });
    expect(leader.file).toMatch(/templates\/overflow\.md$/);
    expect(leader.sentences.en).toBe(
      'Table 1 ranks the protocols and ports of packets whose source addresses are in Japan. GRE came first, with 912,345 packets over the quarter.',
    );
    expect(leader.sentences.ja).toContain('最も多かったのはGREで');
    expect(leader.evidence).toEqual([
      { label: 'source country', value: 'JP' },
      { label: 'list complete', value: 'yes' },
      { label: 'rank 1', value: 'GRE: 912,345 packets' },
      { label: 'rank 2', value: '23/TCP: 509,381 packets' },
      { label: 'rank 3', value: '445/TCP: 395,438 packets' },
      { label: 'rank 4', value: '37215/TCP: 225,911 packets' },
      { label: 'rank 5', value: '8545/TCP: 168,590 packets' },
    ]);
    const comparison = result.explanations.find((e) => e.fact === 'region-comparison')!;
    expect(comparison.evidence[0]).toEqual({
      label: '2021-10',
      value: 'domestic 2,214.6, overseas 4,120.8 per sensor per day: overseas higher, ratio 1.8607',
    });
  });

  it('lists a fact the data cannot support, without a sentence, and says why', async () => {
    const dataset = await exampleWith((d) => {
      d.sourceCountryTop!.complete = false;
    });
    const result = await draft(dataset, { svg: false });
    const leader = result.explanations.find((e) => e.fact === 'source-top-entry')!;
    expect(leader.sentences).toEqual({});
    expect(leader.evidence).toContainEqual({ label: 'list complete', value: 'no' });
  });

  it('prints every fact of the post after writing it, with file:line:column', async () => {
    const { mkdtemp } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const out = await mkdtemp(`${tmpdir()}/explain-`);
    const run = cli('draft', 'examples/2021-q4/dataset.json', '--out', `${out}/b`, '--no-svg', '--explain');
    expect(run.code).toBe(0);
    const blocks = run.stdout.split('\n\n').slice(1);
    const facts = blocks.map((block) => /^templates\/overflow\.md:\d+:\d+ fact (\S+)/.exec(block)?.[1]);
    const result = await draft(await loadExample(), { svg: false });
    expect(facts).toEqual(result.explanations.map((e) => e.fact));
    for (const block of blocks) {
      expect(block).toMatch(
        /\n(?: {2}en: .+\n {2}ja: .+| {2}no sentence: the data does not support one)\n {2}rests on:\n( {4}.+: .+\n?)+$/,
      );
    }
    expect(run.stdout).toContain('  en: 6379/TCP, 23/TCP, and 22/TCP are in the top ten of all six sensors.\n');
    expect(run.stdout).toContain('    in every complete list: 6379/TCP, 23/TCP, 22/TCP\n');
  });

  it('lists, in template order, the facts their section or their own needs left out, naming the data they lacked', async () => {
    const { mkdtemp, writeFile } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const dir = await mkdtemp(`${tmpdir()}/explain-`);
    await writeFile(
      `${dir}/y.json`,
      JSON.stringify({
        schemaVersion: 2,
        period: { year: 2024 },
        rankings: [{ id: 'destination-ports', subject: 'port', entries: [{ protocol: 'TCP', port: 23, packets: 500 }] }],
      }),
    );
    const run = cli('draft', `${dir}/y.json`, '--template', 'yearly', '--out', `${dir}/b`, '--no-svg', '--explain', '--lang', 'en');
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n\n').slice(1, 5)).toEqual([
      'templates/yearly.md:12:1 fact period-total\n  no sentence: the data does not support one\n  rests on:\n    needs: total (absent), from the section at 10:1',
      'templates/yearly.md:24:1 fact series-peak\n  no sentence: the data does not support one\n  rests on:\n    needs: series (absent), from the section at 16:1',
      'templates/yearly.md:26:1 fact series-change\n  no sentence: the data does not support one\n  rests on:\n    needs: series (absent), from the section at 16:1',
      'templates/yearly.md:47:1 fact top-share ranking=destination-ports\n  no sentence: the data does not support one\n  rests on:\n    needs: total (absent)',
    ]);
    expect(run.stdout).toContain('templates/yearly.md:49:1 fact rank-changes ranking=destination-ports\n');
    expect(run.stdout).toContain(
      'templates/yearly.md:64:1 fact top-share ranking=source-regions\n  no sentence: the data does not support one\n  rests on:\n    needs: ranking:source-regions (absent), from the section at 56:1\n',
    );
    expect(run.stdout).not.toContain('no computed sentences');
  });
});
