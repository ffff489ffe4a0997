import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { cli, snapshotTree, root } from './helpers.js';
import { assertSvgFilesWellFormed } from './xml.js';
import { describe, expect, it } from 'vitest';

describe('telescope-report validate', () => {
  it('prints a one-line summary and exits 0 for a valid dataset', () => {
    const run = cli('validate', 'examples/2021-q4/dataset.json');
    expect(run).toEqual({
      code: 0,
      stdout:
        'examples/2021-q4/dataset.json: valid — 2021 Q4, 6 sensors (3 domestic, 3 overseas), 84 sensor entries, source country JP, 6 year-earlier averages\n',
      stderr: '',
    });
  });

  it('prints every problem with file:line:column, path, expected and found, and exits 2', () => {
    const run = cli('validate', 'test/fixtures/datasets/invalid/unknown-field-typo.json');
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      'test/fixtures/datasets/invalid/unknown-field-typo.json:46:7  error  sensorTop.d1[0].packets: expected packets (a number), found no such field  missing-field\n' +
        'test/fixtures/datasets/invalid/unknown-field-typo.json:49:9  error  sensorTop.d1[0].packet: expected only the fields protocol, port, packets (did you mean packets?), found "packet"  unknown-field\n' +
        '✖ 2 dataset problems\n',
    );
  });

  it('reports a JSON syntax error with its position and no stack trace', () => {
    const run = cli('validate', 'test/fixtures/datasets/invalid/trailing-comma.json');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      'trailing-comma.json:3:43  error  expected another property after `,`, found `}` (JSON allows no trailing comma)  json-syntax',
    );
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('rejects usage errors with exit 2', () => {
    expect(cli('validate').code).toBe(2);
    expect(cli('frobnicate').stderr).toContain('unknown command "frobnicate"');
  });
});

describe('telescope-report draft', async () => {
  const { mkdtemp, readdir, readFile } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');

  it('writes the bundle and says so', async () => {
    const out = join(await mkdtemp(join(tmpdir(), 'draft-')), 'bundle');
    const run = cli('draft', 'examples/2021-q4/dataset.json', '--out', out);
    expect(run).toMatchObject({ code: 0, stdout: `wrote 18 files to ${out} (en, ja)\n`, stderr: '' });
    // The committed example is the golden bundle: every post, spec and SVG byte for byte.
    expect(await snapshotTree(out)).toEqual(await snapshotTree(`${root}examples/2021-q4/drafts`));
  });

  it('writes only the languages asked for', async () => {
    const out = await mkdtemp(join(tmpdir(), 'draft-'));
    expect(cli('draft', 'examples/2021-q4/dataset.json', '--out', out, '--lang', 'ja', '--no-svg').code).toBe(0);
    expect((await readdir(out)).filter((name) => !name.startsWith('.')).sort()).toEqual([
      'daily-domestic.ja.vl.json',
      'daily-overseas.ja.vl.json',
      'index.ja.md',
      'rank-heatmap.ja.vl.json',
      'source-top-chart.ja.vl.json',
    ]);
  });

  it('previews a bundle: both languages, unfinished slots counted, nothing fetched from outside', async () => {
    const out = await mkdtemp(join(tmpdir(), 'draft-'));
    expect(cli('draft', 'examples/2021-q4/dataset.json', '--out', out).code).toBe(0);
    expect(cli('preview', out)).toMatchObject({ code: 0, stdout: `wrote ${join(out, '.telescope-report/preview.html')}\n` });
    const html = await readFile(join(out, '.telescope-report/preview.html'), 'utf8');
    expect(html.match(/<section lang="en"/g)?.length).toBe(html.match(/<section lang="ja"/g)?.length);
    expect(html).toContain('en · 5 unfinished slots');
    expect(html).toContain('ja · 5 unfinished slots');
    expect(html.match(/<figure class="chart"/g)?.length).toBe(8);
    expect(html).not.toMatch(/(src|href)="https?:/);
    expect(html).toMatch(/^<meta http-equiv="Content-Security-Policy" content="default-src 'none'; /m);
    expect(cli('preview', join(out, 'nowhere')).code).toBe(2);
  });

  it('writes nothing and exits 2 for an invalid dataset, an unknown language or a broken template', async () => {
    const parent = await mkdtemp(join(tmpdir(), 'draft-'));
    const out = join(parent, 'bundle');
    const bad = cli('draft', 'test/fixtures/datasets/invalid/port-on-gre.json', '--out', out);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(
      'port-on-gre.json:32:17  error  sourceCountryTop.entries[1].port: expected no port: GRE has none (only TCP, UDP and SCTP do), found port 47  port-forbidden',
    );
    const lang = cli('draft', 'examples/2021-q4/dataset.json', '--out', out, '--lang', 'en,xx');
    expect(lang.code).toBe(2);
    expect(lang.stderr).toContain(
      'expected languages with a locale folder (en, ja), found xx (a language of your own, as `locales add` writes it, is read with --locales <dir> or "locales" in telescope-report.config.json)  unknown-language',
    );
    const template = cli('draft', 'examples/2021-q4/dataset.json', '--out', out, '--templates', 'test/fixtures/templates/broken');
    expect(template.code).toBe(2);
    expect(template.stderr).toContain(
      'test/fixtures/templates/broken/overflow.md:7:1  error  expected one of the directives t, ref, table, chart, figure, fact, section, commentary, found `::chrat`  unknown-directive',
    );
    expect(await readdir(parent)).toEqual([]);
  });

  it('needs --out', () => {
    expect(cli('draft', 'examples/2021-q4/dataset.json').stderr).toContain('draft needs --out <dir>');
  });
});

describe('the package', () => {
  it('exports draft and friends from its entry point', () => {
    const run = spawnSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `
      const m = await import('telescope-report');
      const result = await m.draft(await m.loadDataset('examples/2021-q4/dataset.json'), { svg: false, languages: ['ja'] });
      console.log(Object.keys(m).filter((k) => ['draft', 'loadDataset', 'analyse', 'buildPreview', 'DatasetError'].includes(k)).sort().join(' '), result.posts[0].lang);
    `,
      ],
      { cwd: root, encoding: 'utf8' },
    );
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('DatasetError analyse buildPreview draft loadDataset ja\n');
  });

  it('loads vega and vega-lite only when a chart is rendered', () => {
    const out = mkdtempSync(`${tmpdir()}/lazy-`);
    // The bundle's own loader lists every chunk it ran (src/cli/launcher.ts).
    const chunksRun = (...extra: string[]) => {
      const run = spawnSync(
        process.execPath,
        [
          '--input-type=module',
          '-e',
          `
        import { BundleLoader, loadCli } from './dist/cli/launcher.js';
        const loader = new BundleLoader(undefined);
        const code = await loadCli(loader, 'dist/bin')(${JSON.stringify(['draft', 'examples/2021-q4/dataset.json', '--out', `${out}/${extra.length}`, ...extra])});
        console.error(JSON.stringify({ code, files: loader.files.map((file) => file.split('/').pop()) }));
      `,
        ],
        { cwd: root, encoding: 'utf8' },
      );
      const report = JSON.parse(run.stderr.trim().split('\n').at(-1)!) as { code: number; files: string[] };
      expect(report.code).toBe(0);
      return report.files;
    };
    const withoutSvg = chunksRun('--no-svg');
    expect(withoutSvg.some((file) => file.startsWith('draft-'))).toBe(true);
    expect(withoutSvg.filter((file) => /vega|string-width/.test(file))).toEqual([]);
    expect(chunksRun().filter((file) => /^vega-/.test(file))).toHaveLength(1);
  });
});

describe('SVG determinism', () => {
  it('renders the same bytes whatever the time zone', async () => {
    const { mkdtemp, readFile } = await import('node:fs/promises');
    const outputs: string[] = [];
    for (const tz of ['Pacific/Kiritimati', 'America/Adak']) {
      const out = await mkdtemp(`${tmpdir()}/tz-`);
      const run = spawnSync(
        process.execPath,
        ['dist/bin/telescope-report.mjs', 'draft', 'examples/2021-q4/dataset.json', '--out', out, '--lang', 'ja'],
        { cwd: root, encoding: 'utf8', env: { ...process.env, TZ: tz } },
      );
      expect(run.status).toBe(0);
      expect(assertSvgFilesWellFormed(out)).toBe(4);
      outputs.push(await readFile(`${out}/daily-domestic.ja.svg`, 'utf8'));
    }
    expect(outputs[0]).toBe(outputs[1]);
    expect(outputs[0]).toContain('>10月<');
  });
});

describe('draft --lang', () => {
  it('writes each language once, and refuses an empty list', () => {
    const out = mkdtempSync(`${tmpdir()}/lang-`);
    const twice = cli('draft', 'examples/2021-q4/dataset.json', '--out', `${out}/a`, '--no-svg', '--lang', 'en,en');
    expect(twice.code).toBe(0);
    expect(twice.stdout).toMatch(/ \(en\)\n$/);
    const none = cli('draft', 'examples/2021-q4/dataset.json', '--out', `${out}/b`, '--no-svg', '--lang', '');
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('--lang takes languages separated by commas, such as en,ja, found ""');
  });
});
