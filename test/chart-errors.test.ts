/**
 * What vega fails at while drawing is an error, not a chart with marks missing:
 * a no-break space made fontkit throw inside vega, which logged it and wrote an
 * SVG without its bars (exit 0). Here measuring one label throws on purpose.
 */
import { describe, expect, it, vi } from 'vitest';

vi.mock('../src/output/text-metrics.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../src/output/text-metrics.js')>();
  return {
    ...original,
    measureText: (text: string, style?: Parameters<typeof original.measureText>[1]) => {
      if (text.includes('BOOM')) throw new RangeError('Offset is outside the bounds of the DataView');
      return original.measureText(text, style);
    },
  };
});

describe('a chart vega cannot draw', () => {
  it('fails the draft with a chart-render problem naming the SVG', async () => {
    const { draft } = await import('../src/draft.js');
    const { ProblemsError } = await import('../src/messages.js');
    const { exampleWith } = await import('./helpers.js');
    const error = await draft(
      await exampleWith((d) => {
        d.sensors[0]!.label = { en: 'BOOM' };
      }),
      { languages: ['en'] },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProblemsError);
    const [problem] = (error as InstanceType<typeof ProblemsError>).problems;
    expect([problem!.file, problem!.ruleId]).toEqual(['rank-heatmap.en.svg', 'chart-render']);
    expect(problem!.reason).toMatch(
      /^expected a chart vega can draw, found an error: vega could not draw the chart: .*Offset is outside the bounds of the DataView/,
    );
  });
});

describe('no-break spaces', () => {
  it('are measured as spaces, in labels and in chart words, and the charts keep their bars', async () => {
    const { measureText } = await import('../src/output/text-metrics.js');
    expect(measureText('Sensor\u00a0A')).toBe(measureText('Sensor A'));
    const { draft } = await import('../src/draft.js');
    const { exampleWith } = await import('./helpers.js');
    const { posts } = await draft(
      await exampleWith((d) => {
        d.sensors[0]!.label = { en: 'Sensor\u00a0A' };
      }),
      { languages: ['en'] },
    );
    const heatmap = posts[0]!.charts.find((c) => c.id === 'rank-heatmap')!;
    expect(heatmap.svg).toContain('>Sensor\u00a0A<');
  });
});

describe('lists of any length', () => {
  it('put every item in its place, past the 7,936 that private-use markers could number', async () => {
    const { createFormats } = await import('../src/localize/format.js');
    const parts = createFormats('en').listParts(70_000, 'conjunction');
    const elements = parts.filter((p) => p.type === 'element');
    expect(elements.map((p) => p.index)).toEqual(Array.from({ length: 70_000 }, (_, i) => i));
    expect(parts.at(-2)).toEqual({ type: 'literal', value: ', and ' });
  });

  it('draft a list of 8,000 entries tied for first', async () => {
    const { draft } = await import('../src/draft.js');
    const { exampleWith } = await import('./helpers.js');
    const { posts } = await draft(
      await exampleWith((d) => {
        d.sensorTop['dom-1'] = {
          entries: Array.from({ length: 8000 }, (_, port) => ({ protocol: 'TCP', port, packets: 5 })),
          complete: true,
        };
      }),
      { languages: ['ja'], svg: false },
    );
    expect(posts[0]!.markdown).toContain('0/TCP、1/TCP、2/TCP');
    expect(posts[0]!.markdown).toContain('7998/TCP、7999/TCP');
  });
});

describe('sensors of the same name', () => {
  it('keep a heat map column each, told apart by their ids', async () => {
    const { draft } = await import('../src/draft.js');
    const { exampleWith } = await import('./helpers.js');
    const { posts } = await draft(
      await exampleWith((d) => {
        d.sensors[3]!.label = { en: 'Twin' };
        d.sensors[4]!.label = { en: 'Twin' };
        d.sensors[0]!.label = { en: 'Domestic sensor 2' };
      }),
      { languages: ['en'], svg: false },
    );
    const heatmap = posts[0]!.charts.find((c) => c.id === 'rank-heatmap')!.spec as { encoding: { x: { scale: { domain: string[] } } } };
    expect(heatmap.encoding.x.scale.domain).toEqual([
      'Domestic sensor 2 (dom-1)',
      'Domestic sensor 2 (dom-2)',
      'Domestic sensor 3',
      'Twin (ovs-1)',
      'Twin (ovs-2)',
      'Overseas sensor 3',
    ]);
  });
});

describe('the spread of many sensors', () => {
  it('has an axis that ends at the number of sensors, so a full bar is an entry every sensor ranks', async () => {
    const { draft } = await import('../src/draft.js');
    const { checkDataset } = await import('../src/dataset/index.js');
    const dataset = checkDataset({
      schemaVersion: 1,
      period: { year: 2022, quarter: 1 },
      sensors: Array.from({ length: 37 }, (_, i) => ({ id: `s${i}`, region: 'domestic' })),
      sensorTop: Object.fromEntries(Array.from({ length: 37 }, (_, i) => [`s${i}`, [{ protocol: 'TCP', port: 23, packets: 1 }]])),
      dailyAverages: ['2022-01', '2022-02', '2022-03'].map((month) => ({ month, region: 'domestic', packets: 1 })),
    });
    const { posts } = await draft(dataset, { languages: ['en'] });
    const spread = posts[0]!.charts.find((c) => c.id === 'entry-spread')!;
    const x = (spread.spec as { encoding: { x: { scale: unknown; axis: { values: number[] } } } }).encoding.x;
    expect(x.scale).toEqual({ domain: [0, 37], nice: false });
    expect(x.axis.values).toEqual([0, 10, 20, 30, 37]);
    expect(spread.svg).toMatch(/>37</);
  });
});
