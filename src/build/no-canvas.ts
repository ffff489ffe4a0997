/**
 * Stands in for vega-canvas in the bundle. vega-canvas looks for the native
 * `canvas` package with a top-level await, which a CommonJS bundle cannot
 * hold; and we never want a canvas anyway: text is measured by our own
 * estimate (output/svg.ts), so a chart renders the same bytes whether or not
 * `canvas` happens to be installed.
 */
export const canvas = (): null => null;
export const domCanvas = (): null => null;
export const nodeCanvas = (): null => null;
export const image = (): null => null;
