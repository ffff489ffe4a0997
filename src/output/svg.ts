/**
 * Vega-Lite spec → SVG, in Node: vega's View with no renderer (no browser,
 * no native canvas). vega and vega-lite are loaded on first use only, so
 * commands that render nothing never pay for them.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { VegaLiteSpec } from './charts.js';
import { measureText, type TextStyle } from './text-metrics.js';

type Vega = typeof import('vega');
type VegaLite = typeof import('vega-lite');

interface TextItem extends TextStyle {
  limit?: number;
}

let loading: Promise<{ vega: Vega; vegaLite: VegaLite }> | undefined;

function load(): Promise<{ vega: Vega; vegaLite: VegaLite }> {
  loading ??= Promise.all([import('vega'), import('vega-lite')]).then(([vega, vegaLite]) => {
    // Without a canvas vega guesses every character at 0.8 em, wider or narrower than any real
    // font: labels collided or were clipped once a browser drew them. Measure with the font the
    // chart names first instead (text-metrics.ts). vega cuts a text longer than its `limit` by
    // calling this same function on shorter and shorter prefixes, and sizes its box by it too:
    // capping at the limit keeps the first search going and bounds the box of the cut text.
    const { textMetrics } = vega as unknown as { textMetrics: { width: (item: TextItem, text: unknown) => number } };
    textMetrics.width = (item, text) => {
      const width = measureText(text == null ? '' : String(text).trim(), item);
      const limit = Number(item.limit);
      return limit > 0 ? Math.min(width, limit) : width;
    };
    return { vega, vegaLite };
  });
  return loading;
}

interface CollectingLogger {
  level(): CollectingLogger;
  warn(...message: unknown[]): CollectingLogger;
  info(...message: unknown[]): CollectingLogger;
  debug(...message: unknown[]): CollectingLogger;
  error(...message: unknown[]): CollectingLogger;
}

export class ChartWarningsError extends Error {
  constructor(readonly warnings: string[]) {
    super(`vega-lite reported: ${warnings.join('; ')}`);
  }
}

/** vega failed while drawing a chart (a mark, an axis): the SVG would have been incomplete. */
export class ChartRenderError extends Error {
  constructor(readonly errors: string[]) {
    super(`vega could not draw the chart: ${errors.join('; ')}`);
  }
}

/** vega-lite's logger for a compile: warnings collected into `warnings`, an error thrown. */
function compileLogger(warnings: string[]): CollectingLogger {
  const logger: CollectingLogger = {
    level: () => logger,
    warn: (...message) => {
      warnings.push(message.join(' '));
      return logger;
    },
    info: () => logger,
    debug: () => logger,
    error: (...message) => {
      throw new Error(message.join(' '));
    },
  };
  return logger;
}

/** Renders a spec to SVG text; deterministic for the same spec. */
export async function renderSvg(spec: VegaLiteSpec | TopLevelSpec): Promise<string> {
  const { vega, vegaLite } = await load();
  const warnings: string[] = [];
  const logger = compileLogger(warnings);
  // vega tags inline data objects in place: compile a copy so the caller's spec stays as it was.
  const compiled = vegaLite.compile(structuredClone(spec) as never, { logger: logger as never });
  if (warnings.length > 0) throw new ChartWarningsError(warnings);
  // Same spec, same bytes: ids restart, and any random layout (jitter, force) draws from one seed.
  vega.resetSVGDefIds();
  const statistics = vega as unknown as { setRandom(random: () => number): void; randomLCG(seed: number): () => number };
  statistics.setRandom(statistics.randomLCG(20211231));
  // vega logs what fails while it draws and goes on: a mark that failed is missing from the SVG.
  // Collected here, any such error fails the chart instead of leaving it silently incomplete.
  const errors: string[] = [];
  const viewLogger: CollectingLogger = {
    level: () => viewLogger,
    warn: () => viewLogger,
    info: () => viewLogger,
    debug: () => viewLogger,
    error: (...message) => {
      errors.push(message.map((m) => (m instanceof Error ? m.message : String(m))).join(' '));
      return viewLogger;
    },
  };
  const view = new vega.View(vega.parse(compiled.spec), { renderer: 'none', logger: viewLogger as never, logLevel: vega.Warn });
  try {
    const svg = await view.toSVG().catch((error: unknown) => {
      throw new ChartRenderError([...errors, error instanceof Error ? error.message : String(error)]);
    });
    if (errors.length > 0) throw new ChartRenderError(errors);
    // vega cuts a long label by UTF-16 code units, which can split a surrogate pair: drop the half left over.
    return svg.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '');
  } finally {
    view.finalize();
  }
}

/**
 * What keeps vega-lite from compiling a spec, as reasons: its errors and its warnings. A custom block's view is
 * the build script's own, checked so even when no SVG is drawn (`--no-svg` writes the spec alone).
 */
export async function compileProblems(spec: VegaLiteSpec | TopLevelSpec): Promise<string[]> {
  const vegaLite = await import('vega-lite');
  const warnings: string[] = [];
  const logger = compileLogger(warnings);
  try {
    vegaLite.compile(structuredClone(spec) as never, { logger: logger as never });
  } catch (error) {
    return [error instanceof Error ? error.message.split('\n')[0]! : String(error)];
  }
  return warnings;
}
