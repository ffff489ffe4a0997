/**
 * A thread of the SVG pool (svg-pool.ts): draws each spec it is sent, one at a
 * time (vega's SVG ids and random seed are per process), and answers with
 * the SVG or with what kept vega from drawing it.
 */
import { parentPort } from 'node:worker_threads';
import { ChartRenderError, ChartWarningsError, renderSvg } from './svg.js';

/** What a worker answers: the SVG, or the failure as svg-pool.ts rebuilds it. */
export type SvgReply =
  | { svg: string }
  | { failure: 'render'; reasons: string[] }
  | { failure: 'warnings'; reasons: string[] }
  | { failure: 'error'; message: string };

parentPort?.on('message', (specText: string) => {
  void renderSvg(JSON.parse(specText) as never)
    .then(
      (svg): SvgReply => ({ svg }),
      (error: unknown): SvgReply =>
        error instanceof ChartRenderError
          ? { failure: 'render', reasons: error.errors }
          : error instanceof ChartWarningsError
            ? { failure: 'warnings', reasons: error.warnings }
            : { failure: 'error', message: error instanceof Error ? error.message : String(error) },
    )
    .then((reply) => parentPort!.postMessage(reply));
});
