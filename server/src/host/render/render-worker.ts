/**
 * The render worker (bundled as dist/render-worker.js): runs UnitRenderer off the language
 * server's main thread. Starting a process blocks the calling thread until the child has exec'd
 * (libuv's spawn; tens of milliseconds on a busy machine), and writing and removing the temp copy
 * are synchronous file operations: here none of that delays a keystroke in a plain file.
 * On Linux the thread also lowers its own priority to the children's (nice 10): on a 2-core
 * machine its file operations and process starts otherwise take CPU from the main thread
 * while the user types (the children it starts inherit the same priority).
 *
 * Messages: `render` (id, request without signal) → `result` (id, RenderResult); `abort` (id);
 * `reset-tools`.
 */
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { UnitRenderer, type RenderRequest } from './renderer';

export interface WorkerOptions {
  readonly cacheDir?: string;
  readonly stateDir?: string;
  /** Where the units' temp copies are kept between renders (render-client.ts owns the folder). */
  readonly keepCopiesIn?: string;
}

export type ToWorker =
  | { readonly type: 'render'; readonly id: number; readonly request: Omit<RenderRequest, 'signal' | 'overlay'>; readonly overlay: readonly (readonly [string, string])[] }
  | { readonly type: 'abort'; readonly id: number }
  | { readonly type: 'reset-tools' };

/** Background priority for this thread only: Linux keeps a nice value per thread (`/proc/thread-self` names it); elsewhere nothing changes. */
function lowerThreadPriority(): void {
  if (process.platform !== 'linux') return;
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(tid) && tid > 0 && tid !== process.pid) setPriority(tid, 10);
  } catch {
    // no /proc, or not permitted: the thread runs at normal priority
  }
}

if (parentPort) {
  const port = parentPort;
  const options = (workerData ?? {}) as WorkerOptions;
  lowerThreadPriority();
  const renderer = new UnitRenderer({
    ...(options.cacheDir ? { cacheDir: options.cacheDir } : {}),
    ...(options.stateDir ? { stateDir: options.stateDir } : {}),
    ...(options.keepCopiesIn ? { keepCopiesIn: options.keepCopiesIn } : {}),
  });
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
