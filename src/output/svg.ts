/**
 * Vega-Lite spec → SVG, in Node: vega's View with no renderer (no browser,
 * no native canvas). vega and vega-lite are loaded on first use only, so
 * commands that render nothing never pay for them.
 */
import { eastAsianWidth } from 'get-east-asian-width';
import type { VegaLiteSpec } from './charts.js';

type Vega = typeof import('vega');
type VegaLite = typeof import('vega-lite');

let loading: Promise<{ vega: Vega; vegaLite: VegaLite }> | undefined;

function load(): Promise<{ vega: Vega; vegaLite: VegaLite }> {
  loading ??= Promise.all([import('vega'), import('vega-lite')]).then(([vega, vegaLite]) => {
    // Without a canvas vega guesses every character at 0.8 em: too narrow for
    // Japanese (a full em), so labels overlapped or were clipped. Estimate per
    // character instead, counting East Asian wide characters as one em.
    const { textMetrics } = vega as unknown as { textMetrics: { width: (item: { fontSize?: number }, text: unknown) => number } };
    textMetrics.width = (item, text) => estimateTextWidth(text == null ? '' : String(text).trim(), item.fontSize ?? 11);
    return { vega, vegaLite };
  });
  return loading;
}

/** Width in pixels of `text` at `fontSize`, from per-character estimates of a sans-serif font. */
export function estimateTextWidth(text: string, fontSize: number): number {
  let ems = 0;
  for (const char of text) {
    // East Asian Wide and Fullwidth characters, emoji among them (string-width would cost a grapheme segmenter here).
    if (eastAsianWidth(char.codePointAt(0)!) === 2) ems += 1;
    else if (/[A-Z]/.test(char)) ems += 0.68;
    else if (/[mwMW@]/.test(char)) ems += 0.85;
    else if (/[a-z]/.test(char)) ems += 0.56;
    else if (/[0-9]/.test(char)) ems += 0.58;
    else if (char === ' ') ems += 0.3;
    else if (/[.,:;'|!il]/.test(char)) ems += 0.3;
    else ems += 0.6;
  }
  return Math.ceil(ems * fontSize);
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

/** Renders a spec to SVG text; deterministic for the same spec. */
export async function renderSvg(spec: VegaLiteSpec): Promise<string> {
  const { vega, vegaLite } = await load();
  const warnings: string[] = [];
  const logger: CollectingLogger = {
    level: () => logger,
    warn: (...message) => { warnings.push(message.join(' ')); return logger; },
    info: () => logger,
    debug: () => logger,
    error: (...message) => { throw new Error(message.join(' ')); },
  };
  // vega tags inline data objects in place: compile a copy so the caller's spec stays as it was.
  const compiled = vegaLite.compile(structuredClone(spec) as never, { logger: logger as never });
  if (warnings.length > 0) throw new ChartWarningsError(warnings);
  // Same spec, same bytes: ids restart, and any random layout (jitter, force) draws from one seed.
  vega.resetSVGDefIds();
  const statistics = vega as unknown as { setRandom(random: () => number): void; randomLCG(seed: number): () => number };
  statistics.setRandom(statistics.randomLCG(20211231));
  const view = new vega.View(vega.parse(compiled.spec), { renderer: 'none', logLevel: vega.Warn });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
