import { describe, expect, it } from 'vitest';
import { draft } from '../src/draft.js';
import { renderSvg } from '../src/output/svg.js';
import { EXAMPLE_DRAFTS, exampleWith } from './helpers.js';
import { assertSvgFilesWellFormed, assertWellFormedSvg } from './xml.js';

describe('the XML check every test SVG goes through', () => {
  it('accepts an SVG and refuses a control character, a stray ampersand and another root', () => {
    expect(() => assertWellFormedSvg('<svg xmlns="http://www.w3.org/2000/svg"><text>a &amp; b</text></svg>')).not.toThrow();
    expect(() => assertWellFormedSvg('<svg><text>a\u0001b</text></svg>', 'x.svg')).toThrow(
      /^x\.svg is not well-formed XML: 1:13: disallowed character\.$/,
    );
    expect(() => assertWellFormedSvg('<svg><text>a & b</text></svg>', 'x.svg')).toThrow(
      /^x\.svg is not well-formed XML: 1:29: unclosed tag: text$/,
    );
    expect(() => assertWellFormedSvg('<html></html>', 'x.svg')).toThrow('x.svg: expected an <svg> root element, found <html>');
  });

  it('is in force for every chart rendered in a test', async () => {
    // A spec made by hand, past the dataset's validation: vega writes the control character as it is.
    const spec = {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      title: 'bell\u0007',
      data: { values: [{ a: 1 }] },
      mark: 'point',
      encoding: { x: { field: 'a', type: 'quantitative' } },
    };
    await expect(renderSvg(spec)).rejects.toThrow(/^a rendered chart is not well-formed XML: /);
  });

  it('passes every committed example SVG', () => {
    expect(assertSvgFilesWellFormed(EXAMPLE_DRAFTS)).toBe(8);
  });

  it('passes charts whose labels hold line and paragraph separators and direction controls', async () => {
    const labels = ['one\u2028two', 'three\u2029four', '\u202Eevil\u2069 שלום', '<&>"\''];
    const { posts } = await draft(
      await exampleWith((d) => {
        d.sensors.forEach((s, i) => {
          s.label = { en: labels[i % labels.length]!, ja: labels[i % labels.length]! };
        });
      }),
    );
    const heatmap = posts[0]!.charts.find((c) => c.fileBase === 'rank-heatmap.en')!;
    expect(heatmap.svg).toContain('one\u2028two');
    expect(heatmap.svg).toContain('&lt;&amp;&gt;"\'');
  });
});
