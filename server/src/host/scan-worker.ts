/**
 * A worker thread of the initial scan (workspace-scan.ts): walks the folders and reads its part of
 * the manifest files, posting batches to the server's main thread. With `parse` it also parses
 * them (pure core code: the fast path and extraction, core/workspace/snapshot.ts
 * `parseClosedFile`) and posts their model in the compact encoding (model-codec.ts), the tokens
 * transferred; the main thread decodes and indexes. A file's parse context as seen here: no
 * kustomization's namespace (the main thread parses again the few files a kustomization claims),
 * a chart template when a Chart.yaml above its `templates/` was walked before it.
 */
import * as path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { ValueEncoder } from '../core/workspace/model-codec';
import { encodeFile, isChartTemplate, parseClosedFile } from '../core/workspace/snapshot';
import { fileUri } from './manifest-files';
import { SCAN_AHEAD, scanBatches, type FromScanWorker, type PostedBatch, type PostedFile, type ScanBatch, type ScanOptions, type ScanWorkerData, type ToScanWorker } from './workspace-scan';

const post = (m: FromScanWorker, transfer: ArrayBuffer[] = []) => parentPort?.postMessage(m, transfer);

// At most SCAN_AHEAD batches handed over and not yet taken by the main thread.
let ahead = 0;
let taken: (() => void) | undefined;
let started = false;
parentPort?.on('message', (m: ToScanWorker) => {
  if (m.type === 'start') {
    // A worker started ahead of its scan (scan-prestart.ts) gets its options now, once.
    if (!started) run(m.data);
    return;
  }
  ahead--;
  taken?.();
});

/** Every Chart.yaml walked so far (by URI), read by this worker or not. */
const charts = new Set<string>();
const walked = (file: string) => {
  if (path.basename(file) === 'Chart.yaml') charts.add(fileUri(file));
};

function parsed(batch: ScanBatch, settings: ScanOptions['parse']): { batch: PostedBatch; transfer: ArrayBuffer[] } {
  if (!settings) return { batch, transfer: [] };
  const encoder = new ValueEncoder();
  let next = 0;
  const files = batch.files.map((f): PostedFile => {
    if (!f.result || !('text' in f.result)) return f;
    const uri = fileUri(f.path);
    const context = { namespaceOverride: undefined, template: isChartTemplate(uri, (u) => charts.has(u)) };
    try {
      encodeFile(encoder, parseClosedFile(uri, f.result.text, settings, context), context, undefined);
    } catch {
      // Never expected (the core does not throw): the main thread parses this one.
      return f;
    }
    return { ...f, model: next++ };
  });
  const model = encoder.finish();
  return { batch: { ...batch, files, model }, transfer: [model.data.buffer as ArrayBuffer] };
}

function run(data: ScanWorkerData): void {
  started = true;
  const options: ScanOptions = { ...data, auxiliary: data.auxiliary ? new RegExp(data.auxiliary.source, data.auxiliary.flags) : undefined };
  void scan(options, data.part);
}

async function scan(options: ScanOptions, part: ScanWorkerData['part']): Promise<void> {
  try {
    for await (const batch of scanBatches(options, () => false, part, walked)) {
      const m = parsed(batch, options.parse);
      while (ahead >= SCAN_AHEAD) await new Promise<void>((resolve) => (taken = resolve));
      taken = undefined;
      ahead++;
      post({ type: 'batch', batch: m.batch }, m.transfer);
    }
    post({ type: 'done' });
  } catch (error) {
    post({ type: 'failed', error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
}

// Started with its options, or (no workerData) waiting for them.
if (workerData) run(workerData as ScanWorkerData);
