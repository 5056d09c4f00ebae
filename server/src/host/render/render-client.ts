/**
 * How the language server asks for a render: in a worker thread (render-worker.ts, the default:
 * the main thread never waits for a process start or the temp copy's file operations), or in
 * process (an injected Runner, tests; or when the worker cannot start).
 *
 * Both keep each unit's temp copy between renders (`keepCopiesIn`), in one temp folder of this
 * client's that `dispose` removes (and process exit, should the server end without a shutdown).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { overlayCandidate, type Overlay } from './work-copy';
import { UnitRenderer, type RenderRequest, type RenderResult } from './renderer';
import type { Runner } from './run';
import type { ToWorker, WorkerOptions } from './render-worker';

export interface RenderClient {
  render(request: RenderRequest): Promise<RenderResult>;
  resetTools(): void;
  dispose(): void;
}

/** The temp folder the client's kept copies live in, removed by `remove` or at process exit. */
function keptCopiesFolder(): { dir: string; remove(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'kube-ports-copies-'));
  const remove = () => {
    process.removeListener('exit', remove);
    try {
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // left to the OS
    }
  };
  process.once('exit', remove);
  return { dir, remove };
}

export function inProcessClient(options: WorkerOptions & { runner?: Runner }): RenderClient {
  const copies = keptCopiesFolder();
  const renderer = new UnitRenderer({ ...options, keepCopiesIn: copies.dir });
  return {
    render: (r) => renderer.render(r),
    resetTools: () => renderer.resetTools(),
    dispose: () => {
      renderer.dispose();
      copies.remove();
    },
  };
}

/** The worker client; undefined when the worker script is not there (then render in process). */
export function workerClient(script: string, options: WorkerOptions, onError: (message: string) => void): RenderClient | undefined {
  if (!existsSync(script)) return undefined;
  let copies: ReturnType<typeof keptCopiesFolder> | undefined;
  let worker: Worker | undefined;
  let next = 1;
  const pending = new Map<number, (r: RenderResult) => void>();
  const start = (): Worker => {
    copies ??= keptCopiesFolder();
    // The worker's stdout goes to stderr: over --stdio the process's stdout carries only messages.
    const w = new Worker(script, { workerData: { ...options, keepCopiesIn: copies.dir } satisfies WorkerOptions, stdout: true });
    w.stdout.pipe(process.stderr, { end: false });
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
      const ending = worker?.terminate();
      worker = undefined;
      const folder = copies;
      copies = undefined;
      // After the worker has stopped writing (and at once, should the process end first).
      if (folder) void (ending ?? Promise.resolve()).finally(() => folder.remove());
    },
  };
}

/** Only the open files the unit can read travel to the worker. */
function overlayFor(request: RenderRequest, overlay: Overlay | undefined): [string, string][] {
  if (!overlay) return [];
  const wanted = overlayCandidate(request.unit);
  const out: [string, string][] = [];
  for (const p of overlay.paths()) {
    const text = wanted(p) ? overlay.get(p) : undefined;
    if (text !== undefined) out.push([p, text]);
  }
  return out;
}

export const WORKER_SCRIPT = (dir: string) => path.join(dir, 'render-worker.js');
