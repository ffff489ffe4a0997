import { readdir, readFile } from 'node:fs/promises';
import { Ajv } from 'ajv';
import { lint } from 'markdownlint/sync';
import { compile } from 'vega-lite';
import { describe, expect, it } from 'vitest';
import { draft } from '../src/draft.js';
import { EXAMPLE_DRAFTS, loadExample } from './helpers.js';

const result = await draft(await loadExample());

describe('Vega-Lite specs', async () => {
  const schema = JSON.parse(await readFile(new URL('../node_modules/vega-lite/build/vega-lite-schema.json', import.meta.url), 'utf8'));
  const ajv = new Ajv({ allErrors: true, strict: false, logger: false });
  const validate = ajv.compile(schema);
  const specs = result.posts.flatMap((post) => post.charts.map((chart) => ({ lang: post.lang, ...chart })));

  it('has one spec per chart and language', () => {
    const ids = ['source-top-chart', 'daily-domestic', 'daily-overseas', 'rank-heatmap'];
    expect(specs.map((s) => s.fileBase)).toEqual([...ids.map((id) => `${id}.en`), ...ids.map((id) => `${id}.ja`)]);
  });

  it('validates every spec against the schema shipped in vega-lite, which does reject a broken one', () => {
    for (const { spec, fileBase } of specs) expect(validate(spec), `${fileBase}: ${JSON.stringify(validate.errors)}`).toBe(true);
    expect(validate({ ...specs[0]!.spec, mark: { type: 'bars' } })).toBe(false);
  });

  it('compiles every spec with zero warnings', () => {
    for (const { spec, fileBase } of specs) {
      const warnings: string[] = [];
      const logger = {
        level: () => logger,
        error: (...m: unknown[]) => {
          throw new Error(m.join(' '));
        },
        warn: (...m: unknown[]) => {
          warnings.push(m.join(' '));
          return logger;
        },
        info: () => logger,
        debug: () => logger,
      };
      compile(spec as never, { logger: logger as never });
      expect(warnings, fileBase).toEqual([]);
    }
  });

  it('localizes titles, axes and month names, with data inline', () => {
    const ja = specs.find((s) => s.fileBase === 'daily-domestic.ja')!.spec as Record<string, any>;
    expect(ja.title).toBe('国内センサー1台の1日平均パケット数（月別）');
    expect(ja.encoding.y.title).toBe('センサー1台・1日あたりのパケット数');
    expect(ja.config.locale.time.months.slice(9)).toEqual(['10月', '11月', '12月']);
    expect(ja.data.values).toContainEqual({ date: '2021-10-01', year: '2021年', packets: 2214.6 });
    expect(ja.config.font).toBe(
      'Arimo, "Liberation Sans", Arial, "Noto Sans CJK JP", "Noto Sans JP", "Hiragino Sans", "Hiragino Kaku Gothic ProN", "Yu Gothic", Meiryo, sans-serif',
    );
    const heatmap = specs.find((s) => s.fileBase === 'rank-heatmap.ja')!.spec as Record<string, any>;
    expect(heatmap.encoding.x.scale.domain).toEqual([
      '国内センサー1',
      '国内センサー2',
      '国内センサー3',
      '海外センサー1',
      '海外センサー2',
      '海外センサー3',
    ]);
    expect(heatmap.encoding.y.scale.domain.slice(0, 3)).toEqual(['6379/TCP', '23/TCP', '22/TCP']);
    expect(heatmap.data.values).toContainEqual({ sensor: '国内センサー1', entry: '123/UDP', rank: 1 });
    const en = specs.find((s) => s.fileBase === 'daily-domestic.en')!.spec as Record<string, any>;
    expect(en.config.locale.time.months[9]).toBe('October');
    expect(en.config.locale.number).toEqual({ decimal: '.', thousands: ',', grouping: [3], currency: ['', ''] });
    expect(en.encoding.color.sort).toEqual(['2020', '2021']);
  });
});

describe('Markdown quality', () => {
  it('passes markdownlint (default rules, line length off) in both languages', () => {
    const strings = Object.fromEntries(result.posts.map((p) => [`index.${p.lang}.md`, p.markdown]));
    const findings = lint({ strings, config: { default: true, MD013: false } });
    expect(
      Object.values(findings)
        .flat()
        .map((f) => `${f.lineNumber}: ${f.ruleNames.join('/')} ${f.ruleDescription} ${f.errorDetail ?? ''}`),
    ).toEqual([]);
    // The same configuration does report a fault.
    expect(lint({ strings: { bad: '# A\n\n# A\n' }, config: { default: true, MD013: false } }).bad!.length).toBeGreaterThan(0);
  });

  it('aligns table columns by display width, so Japanese lines up', () => {
    const lines = result.posts[1]!.markdown.split('\n').filter(
      (line) => line.startsWith('| 国内センサー1') || line.startsWith('| センサー '),
    );
    const widths = lines.map((line) => [...line].reduce((w, c) => w + (/[\u3000-\u9fff\uff00-\uffef]/.test(c) ? 2 : 1), 0));
    expect(new Set(widths).size).toBe(1);
  });
});

describe('the committed example bundle', () => {
  it('is what `npm run examples` writes today', async () => {
    const committed = (await readdir(EXAMPLE_DRAFTS)).filter((name) => name !== '.telescope-report').sort();
    expect(committed).toEqual([...result.files.keys()].sort());
    for (const [name, content] of result.files) {
      expect(await readFile(`${EXAMPLE_DRAFTS}/${name}`, 'utf8'), `${name} is stale: run npm run examples`).toBe(content);
    }
  });
});
