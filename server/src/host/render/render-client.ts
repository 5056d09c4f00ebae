/**
 * How the language server asks for a render: in a worker thread (render-worker.ts, the default:
 * the main thread never waits for a process start or the temp copy's file operations), or in
 * process (an injected Runner, tests; or when the worker cannot start).
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Overlay } from './work-copy';
import { UnitRenderer, type RenderRequest, type RenderResult } from './renderer';
import type { Runner } from './run';
import type { ToWorker, WorkerOptions } from './render-worker';

export interface RenderClient {
  render(request: RenderRequest): Promise<RenderResult>;
  resetTools(): void;
  dispose(): void;
}

export function inProcessClient(options: WorkerOptions & { runner?: Runner }): RenderClient {
  const renderer = new UnitRenderer(options);
  return { render: (r) => renderer.render(r), resetTools: () => renderer.resetTools(), dispose: () => renderer.dispose() };
}

/** The worker client; undefined when the worker script is not there (then render in process). */
export function workerClient(script: string, options: WorkerOptions, onError: (message: string) => void): RenderClient | undefined {
  if (!existsSync(script)) return undefined;
  let worker: Worker | undefined;
  let next = 1;
  const pending = new Map<number, (r: RenderResult) => void>();
  const start = (): Worker => {
    const w = new Worker(script, { workerData: options });
    w.unref();
    w.on('message', (m: { type: 'result'; id: number; result: RenderResult }) => {
      const resolve = pending.get(m.id);
      pending.delete(m.id);
      resolve?.(m.result);
    });
    w.on('error', (e) => onError(`render worker failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`));
    w.on('exit', () => {
      if (worker === w) worker = undefined;
      // Renders in flight when it ended are dropped (their units render again on the next change).
      for (const resolve of pending.values()) resolve({});
      pending.clear();
    });
    return w;
  };
  const post = (m: ToWorker) => (worker ??= start()).postMessage(m);
  return {
    render(request) {
      const id = next++;
      const { signal, overlay, ...rest } = request;
      if (signal?.aborted) return Promise.resolve({});
      return new Promise<RenderResult>((resolve) => {
        pending.set(id, resolve);
        signal?.addEventListener('abort', () => worker?.postMessage({ type: 'abort', id } satisfies ToWorker), { once: true });
        post({ type: 'render', id, request: rest, overlay: overlayFor(request, overlay) });
      });
    },
    resetTools: () => worker?.postMessage({ type: 'reset-tools' } satisfies ToWorker),
    dispose: () => {
      void worker?.terminate();
      worker = undefined;
    },
  };
}

/** Only the open files the unit can read travel to the worker. */
function overlayFor(request: RenderRequest, overlay: Overlay | undefined): [string, string][] {
  if (!overlay) return [];
  const out: [string, string][] = [];
  for (const p of overlay.paths()) {
    const text = overlay.get(p);
    if (text !== undefined) out.push([p, text]);
  }
  void request;
  return out;
}

export const WORKER_SCRIPT = (dir: string) => path.join(dir, 'render-worker.js');
