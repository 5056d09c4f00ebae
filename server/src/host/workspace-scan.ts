/**
 * The initial scan of the workspace folders: walk, then read every manifest file, handed to the
 * caller in batches. By default in a worker thread (scan-worker.ts, bundled as
 * dist/scan-worker.js): the directory walk and the file reads (open, fstat, read, decode, close
 * per file) then overlap with the parsing and indexing on the main thread, and only strings cross
 * the thread boundary (structured clone of the texts is a copy; cloning the parsed model instead
 * measured as slow as building it). In process when the worker script is not there (tests run
 * from sources) or cannot start. Same files, same order either way: the walk is
 * `walkManifestFiles` in both.
 *
 * The same walk also collects the auxiliary files render-unit discovery needs (`.tgz`, `.tpl`,
 * `Kustomization`), so the folders are walked once.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { MANIFEST_EXTENSIONS, readManifestText, walkManifestFiles, type ReadResult } from './manifest-files';

export interface ScanOptions {
  readonly roots: readonly string[];
  readonly exclude: readonly string[];
  readonly maxFileSize: number;
  /** File names (besides manifests) to list, unread: `auxiliary` of the batches. */
  readonly auxiliary?: RegExp;
  /**
   * Reads a manifest file instead of `readManifestText`, or says it is `unchanged` (a warm start:
   * the cached parse stands, the file is not read). Only in process: a scan with it never uses
   * the worker.
   */
  readonly read?: (file: string) => ReadResult | 'unchanged';
}

export interface ScannedFile {
  readonly path: string;
  /** Undefined when `ScanOptions.read` said the file is unchanged (it was not read). */
  readonly result: ReadResult | undefined;
}

export interface ScanBatch {
  readonly files: readonly ScannedFile[];
  readonly auxiliary: readonly string[];
  /** Directories or files that could not be read (walk errors), with the error's text. */
  readonly errors: readonly { path: string; error: string }[];
}

/** Files per batch: between two batches the server serves the messages that arrived. */
export const SCAN_BATCH = 64;

export interface WorkspaceScan extends AsyncIterable<ScanBatch> {
  /** Stops the scan (a new indexing run started, or shutdown). */
  cancel(): void;
}

/** Messages from the worker. */
export type FromScanWorker = { type: 'batch'; batch: ScanBatch } | { type: 'done' } | { type: 'failed'; error: string };
/** To the worker: a batch was taken, it may read one more. */
export type ToScanWorker = { type: 'taken' };

/**
 * Batches the worker reads ahead of the main thread. The reads are faster than the parsing: unbounded,
 * every text of a big workspace would wait in the message queue (and its serialised copy) at once.
 */
export const SCAN_AHEAD = 4;

export const SCAN_WORKER_SCRIPT = (dir: string) => path.join(dir, 'scan-worker.js');

/** The scan in a worker thread when `script` exists, else in process. */
export function scanWorkspace(options: ScanOptions, script: string | undefined): WorkspaceScan {
  if (script && !options.read && existsSync(script)) {
    try {
      return workerScan(options, script);
    } catch {
      // A worker that cannot start: scan here.
    }
  }
  return inProcessScan(options);
}

/** The walk and the reads, as batches (used in the worker and in process). */
export async function* scanBatches(options: ScanOptions, stopped: () => boolean = () => false): AsyncGenerator<ScanBatch> {
  const aux = options.auxiliary;
  const match = aux ? { test: (name: string) => MANIFEST_EXTENSIONS.test(name) || aux.test(name) } : MANIFEST_EXTENSIONS;
  let files: ScannedFile[] = [];
  let auxiliary: string[] = [];
  let errors: { path: string; error: string }[] = [];
  const flush = (): ScanBatch => {
    const batch = { files, auxiliary, errors };
    files = [];
    auxiliary = [];
    errors = [];
    return batch;
  };
  for (const root of options.roots) {
    const onError = (p: string, e: unknown) => errors.push({ path: p, error: errorString(e) });
    for await (const file of walkManifestFiles(root, { exclude: options.exclude, onError, match })) {
      if (stopped()) return;
      const name = path.basename(file);
      if (options.auxiliary?.test(name) && !MANIFEST_EXTENSIONS.test(name)) {
        auxiliary.push(file);
        continue;
      }
      const result = options.read ? options.read(file) : readManifestText(file, options.maxFileSize);
      if (result === 'unchanged') files.push({ path: file, result: undefined });
      else files.push({ path: file, result: 'error' in result && result.error !== undefined ? { ...result, error: errorString(result.error) } : result });
      if (files.length >= SCAN_BATCH) yield flush();
    }
  }
  if (files.length || auxiliary.length || errors.length) yield flush();
}

function inProcessScan(options: ScanOptions): WorkspaceScan {
  let cancelled = false;
  return {
    cancel: () => void (cancelled = true),
    [Symbol.asyncIterator]: () => scanBatches(options, () => cancelled)[Symbol.asyncIterator](),
  };
}

function workerScan(options: ScanOptions, script: string): WorkspaceScan {
  const aux = options.auxiliary;
  const worker = new Worker(script, { workerData: { ...options, auxiliary: aux ? { source: aux.source, flags: aux.flags } : undefined } });
  const queue: FromScanWorker[] = [];
  let wake: (() => void) | undefined;
  let cancelled = false;
  let done = false;
  const push = (m: FromScanWorker) => {
    queue.push(m);
    wake?.();
  };
  worker.on('message', (m: FromScanWorker) => push(m));
  worker.on('error', (e) => push({ type: 'failed', error: errorString(e) }));
  worker.on('exit', () => push({ type: 'failed', error: 'the worker exited before it was done' }));
  const stop = () => {
    cancelled = true;
    void worker.terminate();
  };
  return {
    cancel: stop,
    async *[Symbol.asyncIterator]() {
      const seen = new Set<string>();
      try {
        while (!cancelled && !done) {
          if (queue.length === 0) await new Promise<void>((resolve) => (wake = resolve));
          wake = undefined;
          const m = queue.shift();
          if (!m || cancelled) continue;
          if (m.type === 'done') done = true;
          else if (m.type === 'batch') {
            for (const f of m.batch.files) seen.add(f.path);
            for (const f of m.batch.auxiliary) seen.add(f);
            yield m.batch;
            if (!cancelled) worker.postMessage({ type: 'taken' } satisfies ToScanWorker);
          } else {
            // The worker failed: the rest of the scan runs here (the files already handed over are not read again).
            yield { files: [], auxiliary: [], errors: [{ path: 'scan worker', error: m.error }] };
            for await (const batch of scanBatches(options, () => cancelled)) {
              const files = batch.files.filter((f) => !seen.has(f.path));
              const auxiliary = batch.auxiliary.filter((f) => !seen.has(f));
              yield { files, auxiliary, errors: batch.errors };
            }
            done = true;
          }
        }
      } finally {
        stop();
      }
    },
  };
}

function errorString(error: unknown): string {
  if (error instanceof Error) return error.stack ?? error.message;
  return String(error);
}
