/** The types the API promises, checked by the compiler (npm run typecheck covers the tests) and once at run time. */
import type { TopLevelSpec } from 'vega-lite';
import { describe, expect, it } from 'vitest';
import { draft, type DraftResult, type VegaLiteSpec } from '../src/index.js';
import { loadExample } from './helpers.js';

describe('chart specs from the API', () => {
  it('are vega-lite TopLevelSpecs, and DraftResult.files is a Map', async () => {
    const result: DraftResult = await draft(await loadExample(), { svg: false });
    // Fails to compile while DraftChart.spec is a Record<string, unknown>.
    const spec: TopLevelSpec = result.posts[0]!.charts[0]!.spec;
    const same: VegaLiteSpec = spec;
    expect(same.$schema).toBe('https://vega.github.io/schema/vega-lite/v6.json');
    // A Map, iterated as one: Object.entries of a Map is empty.
    const files: Map<string, string> = result.files;
    expect([...files].length).toBeGreaterThan(2);
    expect(Object.entries(files)).toEqual([]);
  });
});
