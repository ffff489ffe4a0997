/**
 * SVGs drawn in worker threads, for an archive's hundreds of charts: vega
 * draws one chart at a time on one processor, so charts are handed to a
 * thread for each processor the drafting leaves free, each with vega loaded
 * once. A thread is sent its next chart only when it has answered the last.
 * Idle threads do not keep the process alive.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ChartRenderError, ChartWarningsError } from './svg.js';
import type { SvgReply } from './svg-worker.js';

const WORKER = new URL('./svg-worker.js', import.meta.url);

interface Task {
  specText: string;
  resolve: (svg: string) => void;
  reject: (error: Error) => void;
}

export class SvgPool {
  private readonly idle: Worker[] = [];
  private readonly busy = new Map<Worker, Task>();
  private readonly queue: Task[] = [];

  /**
   * A pool of `size` threads: by default one for each processor but the drafting one, and none on two
   * processors or fewer, where threads drawing beside the main one finished no sooner than the main one
   * alone (each loads vega and warms up anew: a third more processor time). `undefined` for none, or
   * without a compiled worker module beside this one (the sources the tests run draw in the main thread).
   */
  static create(size = availableParallelism() > 2 ? availableParallelism() - 1 : 0): SvgPool | undefined {
    return size >= 1 && existsSync(fileURLToPath(WORKER)) ? new SvgPool(size) : undefined;
  }

  private constructor(readonly size: number) {}

  /** The SVG of a spec given as its `.vl.json` text; fails as `renderSvg` does. */
  render(specText: string): Promise<string> {
    return new Promise((resolve, reject) => {
      this.queue.push({ specText, resolve, reject });
      this.dispatch();
    });
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      const worker = this.idle.pop() ?? (this.busy.size < this.size ? this.spawn() : undefined);
      if (!worker) return;
      const task = this.queue.shift()!;
      this.busy.set(worker, task);
      worker.ref();
      worker.postMessage(task.specText);
    }
  }

  private spawn(): Worker {
    const worker = new Worker(WORKER);
    worker.on('message', (reply: SvgReply) => {
      const task = this.busy.get(worker)!;
      this.busy.delete(worker);
      worker.unref();
      this.idle.push(worker);
      if ('svg' in reply) task.resolve(reply.svg);
      else if (reply.failure === 'render') task.reject(new ChartRenderError(reply.reasons));
      else if (reply.failure === 'warnings') task.reject(new ChartWarningsError(reply.reasons));
      else task.reject(new Error(reply.message));
      this.dispatch();
    });
    // A thread that dies takes its chart with it: that chart fails, the others go to the threads left or to new ones.
    const lost = (error: Error) => {
      const task = this.busy.get(worker);
      this.busy.delete(worker);
      const at = this.idle.indexOf(worker);
      if (at !== -1) this.idle.splice(at, 1);
      task?.reject(error);
      this.dispatch();
    };
    worker.on('error', lost);
    worker.on('exit', (code) => lost(new Error(`the SVG thread stopped (exit code ${code})`)));
    return worker;
  }
}
