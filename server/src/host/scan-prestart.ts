/**
 * The initial scan's worker (dist/scan-worker.js), started when the server process starts, before
 * the server's own code is loaded: a worker thread takes ~50–90 ms to boot and load its script,
 * which then overlaps the main thread's loading and the `initialize` handshake instead of
 * following them (the main thread sat idle until the worker's first batch). The worker waits for
 * its options (`{ type: 'start' }`, workspace-scan.ts); one that is never taken is terminated.
 *
 * Only node: modules here, so that starting it costs the main thread next to nothing.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';

export const SCAN_WORKER_SCRIPT = (dir: string) => path.join(dir, 'scan-worker.js');

export interface PrestartedScanWorker {
  /** The worker, once (later calls: undefined); undefined when it failed or exited. It is ref'ed again. */
  take(): Worker | undefined;
  /** Terminates the worker unless it was taken. */
  dispose(): void;
}

/** The scan worker booting in the background, or undefined when there is no `script` (or it cannot start). */
export function prestartScanWorker(script: string): PrestartedScanWorker | undefined {
  if (!existsSync(script)) return undefined;
  let worker: Worker | undefined;
  try {
    // No workerData: the worker waits for its options. Its stdout goes to stderr (over --stdio the
    // process's stdout carries only messages).
    worker = new Worker(script, { stdout: true });
  } catch {
    return undefined;
  }
  worker.stdout.pipe(process.stderr, { end: false });
  // Waiting, it keeps nothing alive (the process ends as it would without it).
  worker.unref();
  let alive = true;
  const dead = () => void (alive = false);
  worker.on('error', dead);
  worker.on('exit', dead);
  return {
    take() {
      const w = worker;
      worker = undefined;
      if (!w) return undefined;
      w.off('error', dead);
      w.off('exit', dead);
      if (!alive) return undefined;
      w.ref();
      return w;
    },
    dispose() {
      const w = worker;
      worker = undefined;
      if (w) void w.terminate();
    },
  };
}
