/**
 * The initial scan of the workspace folders: walk, then read every manifest file, handed to the
 * caller in batches. By default in worker threads (scan-worker.ts, bundled as
 * dist/scan-worker.js). With `parse`, a pool of `workers` threads, each walking the folders and
 * reading and parsing the blocks of files it claims first (ScanPart): a batch carries the parsed model in the compact
 * encoding of core/workspace/model-codec.ts (its tokens transferred, not copied), decoded here on
 * the caller's thread at a fraction of what parsing there costs (`npm run bench:codec`;
 * structured clone of the model's object graph measured as slow as building it). Without
 * `parse`, one worker that walks and reads, and only strings cross. In process when the worker
 * script is not there (tests run from sources) or cannot start. Same files either way (the walk
 * is `walkManifestFiles` in all); with several workers their batches interleave.
 *
 * The same walk also collects the auxiliary files render-unit discovery needs (`.tgz`, `.tpl`,
 * `Kustomization`), so the folders are walked once (once per worker, each reading its part).
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { ValueDecoder, type EncodedValues } from '../core/workspace/model-codec';
import { decodeFile, type ParseSettings, type RestoredFile } from '../core/workspace/snapshot';
import { fileUri, MANIFEST_EXTENSIONS, readManifestText, walkManifestFiles, type ReadResult } from './manifest-files';
import { SCAN_WORKER_SCRIPT } from './scan-prestart';

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
  /**
   * Parse the files read, in the workers (core/workspace/snapshot.ts `parseClosedFile`), with these
   * settings: each file read and parsed there comes with `parsed`. In process nothing is parsed.
   */
  readonly parse?: ParseSettings;
  /** Worker threads with `parse` (each walks, and reads and parses the blocks of files it claims); default 1. */
  readonly workers?: number;
}

export interface ScannedFile {
  readonly path: string;
  /** Undefined when `ScanOptions.read` said the file is unchanged (it was not read). */
  readonly result: ReadResult | undefined;
  /** Its parse, made by a worker (`ScanOptions.parse`) in the context that worker saw. */
  readonly parsed?: RestoredFile;
}

export interface ScanBatch {
  readonly files: readonly ScannedFile[];
  readonly auxiliary: readonly string[];
  /** Directories or files that could not be read (walk errors), with the error's text. */
  readonly errors: readonly { path: string; error: string }[];
}

/** A file as a parsing worker posts it: `model` is the index of its parse in the batch's `model`. */
export interface PostedFile extends Omit<ScannedFile, 'parsed'> {
  readonly model?: number;
}

export interface PostedBatch extends Omit<ScanBatch, 'files'> {
  readonly files: readonly PostedFile[];
  /** The parses of the batch's files (snapshot.ts `encodeFile`), when the worker parses. */
  readonly model?: EncodedValues;
}

/** Files per batch: between two batches the server serves the messages that arrived. */
export const SCAN_BATCH = 64;

export interface WorkspaceScan extends AsyncIterable<ScanBatch> {
  /** Stops the scan (a new indexing run started, or shutdown). */
  cancel(): void;
  /**
   * Resolves when the first batch is read: in a worker, as soon as it arrives here (taken or
   * not), so a scan started early is seen reading before anything iterates it; in process, when
   * it is first handed over. Never resolves for a scan cancelled before.
   */
  readonly firstBatch: Promise<void>;
}

/** Messages from a worker. */
export type FromScanWorker = { type: 'batch'; batch: PostedBatch } | { type: 'done' } | { type: 'failed'; error: string };
/** To a worker: a batch was taken, it may read one more; or its options, to one started without (scan-prestart.ts). */
export type ToScanWorker = { type: 'taken' } | { type: 'start'; data: ScanWorkerData };

/**
 * Which manifest files a walker reads, when several walk the same folders: blocks of
 * `SCAN_BLOCK` files in walk order, each read by the walker that claims it first (`claims` is
 * shared: its first element counts the blocks claimed), so a walker that meets big files reads
 * fewer. Walker 0 also lists the auxiliary files and the walk errors.
 */
export interface ScanPart {
  readonly index: number;
  readonly claims: Int32Array;
}

/** Files per claimed block. */
export const SCAN_BLOCK = 16;

/** What a worker starts with: the options (`auxiliary` as source and flags) and its part. */
export interface ScanWorkerData extends Omit<ScanOptions, 'auxiliary' | 'read'> {
  readonly auxiliary?: { source: string; flags: string } | undefined;
  readonly part: ScanPart;
}

/**
 * Batches a worker reads ahead of the main thread. The reads are faster than the parsing: unbounded,
 * every text of a big workspace would wait in the message queue (and its serialised copy) at once.
 */
export const SCAN_AHEAD = 4;

export { SCAN_WORKER_SCRIPT };

/**
 * The scan in worker threads when `script` exists, else in process. `prestarted`: a worker of
 * `script` already booted and waiting for its options (scan-prestart.ts), used as the first worker.
 */
export function scanWorkspace(options: ScanOptions, script: string | undefined, prestarted?: Worker): WorkspaceScan {
  if (script && !options.read && existsSync(script)) {
    try {
      return workerScan(options, script, prestarted);
    } catch {
      // A worker that cannot start: scan here.
    }
  }
  if (prestarted) void prestarted.terminate();
  return inProcessScan(options);
}

/**
 * The walk and the reads, as batches (used in the workers and in process). With `part`, only the
 * blocks of files this walker claims are read (ScanPart); `walked` sees every manifest file walked,
 * read or not.
 */
export async function* scanBatches(
  options: ScanOptions,
  stopped: () => boolean = () => false,
  part?: ScanPart,
  walked: (file: string) => void = () => undefined,
): AsyncGenerator<ScanBatch> {
  const aux = options.auxiliary;
  const match = aux ? { test: (name: string) => MANIFEST_EXTENSIONS.test(name) || aux.test(name) } : MANIFEST_EXTENSIONS;
  const first = (part?.index ?? 0) === 0;
  /** The block this walker claimed last (blocks are claimed in increasing order by all walkers together). */
  let mine = -1;
  const ours = (n: number): boolean => {
    if (!part) return true;
    const block = Math.floor(n / SCAN_BLOCK);
    while (mine < block) mine = Atomics.add(part.claims, 0, 1);
    return mine === block;
  };
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
  let n = 0;
  for (const root of options.roots) {
    const onError = (p: string, e: unknown) => void (first && errors.push({ path: p, error: errorString(e) }));
    for await (const file of walkManifestFiles(root, { exclude: options.exclude, onError, match })) {
      if (stopped()) return;
      const name = path.basename(file);
      if (options.auxiliary?.test(name) && !MANIFEST_EXTENSIONS.test(name)) {
        if (first) auxiliary.push(file);
        continue;
      }
      walked(file);
      if (!ours(n++)) continue;
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
  let first: () => void = () => undefined;
  const firstBatch = new Promise<void>((resolve) => (first = resolve));
  return {
    cancel: () => void (cancelled = true),
    firstBatch,
    async *[Symbol.asyncIterator]() {
      for await (const batch of scanBatches(options, () => cancelled)) {
        first();
        yield batch;
      }
    },
  };
}

function workerScan(options: ScanOptions, script: string, prestarted: Worker | undefined): WorkspaceScan {
  const { read: _read, auxiliary: aux, ...rest } = options;
  const count = options.parse ? Math.max(1, Math.floor(options.workers ?? 1)) : 1;
  const claims = new Int32Array(new SharedArrayBuffer(4));
  const queue: { from: Worker; m: FromScanWorker }[] = [];
  let wake: (() => void) | undefined;
  let cancelled = false;
  let first: () => void = () => undefined;
  const firstBatch = new Promise<void>((resolve) => (first = resolve));
  const workers: Worker[] = [];
  const stop = () => {
    cancelled = true;
    for (const w of workers) void w.terminate();
  };
  try {
    for (let index = 0; index < count; index++) {
      const workerData: ScanWorkerData = { ...rest, auxiliary: aux ? { source: aux.source, flags: aux.flags } : undefined, part: { index, claims } };
      const early = index === 0 ? prestarted : undefined;
      let worker: Worker;
      if (early) {
        worker = early;
        worker.postMessage({ type: 'start', data: workerData } satisfies ToScanWorker);
      } else {
        // The worker's stdout goes to stderr: over --stdio the process's stdout carries only messages.
        worker = new Worker(script, { workerData, stdout: true });
        worker.stdout.pipe(process.stderr, { end: false });
      }
      const push = (m: FromScanWorker) => {
        if (m.type === 'batch') first();
        queue.push({ from: worker, m });
        wake?.();
      };
      worker.on('message', (m: FromScanWorker) => push(m));
      worker.on('error', (e) => push({ type: 'failed', error: errorString(e) }));
      worker.on('exit', () => push({ type: 'failed', error: 'the worker exited before it was done' }));
      workers.push(worker);
    }
  } catch (error) {
    stop();
    throw error;
  }
  return {
    cancel: stop,
    firstBatch,
    async *[Symbol.asyncIterator]() {
      const seen = new Set<string>();
      const done = new Set<Worker>();
      try {
        while (!cancelled && done.size < workers.length) {
          if (queue.length === 0) await new Promise<void>((resolve) => (wake = resolve));
          wake = undefined;
          const next = queue.shift();
          if (!next || cancelled || done.has(next.from)) continue;
          const { from, m } = next;
          if (m.type === 'done') done.add(from);
          else if (m.type === 'batch') {
            for (const f of m.batch.files) seen.add(f.path);
            for (const f of m.batch.auxiliary) seen.add(f);
            yield decodeBatch(m.batch);
            if (!cancelled) from.postMessage({ type: 'taken' } satisfies ToScanWorker);
          } else {
            // A worker failed: every worker stops and the rest of the scan runs here (the files
            // already handed over are not read again).
            stop();
            cancelled = false;
            yield { files: [], auxiliary: [], errors: [{ path: 'scan worker', error: m.error }] };
            for await (const batch of scanBatches(options, () => cancelled)) {
              const files = batch.files.filter((f) => !seen.has(f.path));
              const auxiliary = batch.auxiliary.filter((f) => !seen.has(f));
              yield { files, auxiliary, errors: batch.errors };
            }
            return;
          }
        }
      } finally {
        stop();
      }
    },
  };
}

/** A worker's batch with each file's parse decoded; a parse that does not decode is left to the caller. */
function decodeBatch(batch: PostedBatch): ScanBatch {
  const decoder = batch.model ? new ValueDecoder(batch.model) : undefined;
  const files = batch.files.map((f): ScannedFile => {
    const { model: at, ...file } = f;
    if (!decoder || at === undefined || !file.result || !('text' in file.result)) return file;
    const decoded = decodeFile(decoder, at, fileUri(f.path), file.result.text);
    return decoded ? { ...file, parsed: decoded.file } : file;
  });
  return { files, auxiliary: batch.auxiliary, errors: batch.errors };
}

function errorString(error: unknown): string {
  if (error instanceof Error) return error.stack ?? error.message;
  return String(error);
}
