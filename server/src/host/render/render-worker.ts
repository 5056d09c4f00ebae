/**
 * The render worker (bundled as dist/render-worker.js): runs UnitRenderer off the language
 * server's main thread. Starting a process blocks the calling thread until the child has exec'd
 * (libuv's spawn; tens of milliseconds on a busy machine), and writing and removing the temp copy
 * are synchronous file operations: here none of that delays a keystroke in a plain file.
 *
 * Messages: `render` (id, request without signal) → `result` (id, RenderResult); `abort` (id);
 * `reset-tools`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { UnitRenderer, type RenderRequest } from './renderer';

export interface WorkerOptions {
  readonly cacheDir?: string;
  readonly stateDir?: string;
}

export type ToWorker =
  | { readonly type: 'render'; readonly id: number; readonly request: Omit<RenderRequest, 'signal' | 'overlay'>; readonly overlay: readonly (readonly [string, string])[] }
  | { readonly type: 'abort'; readonly id: number }
  | { readonly type: 'reset-tools' };

if (parentPort) {
  const port = parentPort;
  const options = (workerData ?? {}) as WorkerOptions;
  const renderer = new UnitRenderer({ ...(options.cacheDir ? { cacheDir: options.cacheDir } : {}), ...(options.stateDir ? { stateDir: options.stateDir } : {}) });
  const running = new Map<number, AbortController>();
  port.on('message', (message: ToWorker) => {
    if (message.type === 'abort') return running.get(message.id)?.abort();
    if (message.type === 'reset-tools') return renderer.resetTools();
    const controller = new AbortController();
    running.set(message.id, controller);
    const overlay = new Map(message.overlay);
    renderer
      .render({ ...message.request, overlay: { get: (p) => overlay.get(p), paths: () => overlay.keys() }, signal: controller.signal })
      .then(
        (result) => port.postMessage({ type: 'result', id: message.id, result }),
        (error) => port.postMessage({ type: 'result', id: message.id, result: { outcome: { status: 'not-rendered', message: `rendering failed: ${String(error)}` } } }),
      )
      .finally(() => running.delete(message.id));
  });
  port.on('close', () => renderer.dispose());
}
