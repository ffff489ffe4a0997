/**
 * Set up before every test file: each SVG rendered in the test process goes
 * through the strict XML parser before the test sees it.
 */
import { vi } from 'vitest';
import { assertWellFormedSvg } from './xml.js';

vi.mock('../src/output/svg.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../src/output/svg.js')>();
  return {
    ...original,
    renderSvg: async (...args: Parameters<typeof original.renderSvg>) => {
      const svg = await original.renderSvg(...args);
      assertWellFormedSvg(svg, 'a rendered chart');
      return svg;
    },
  };
});
