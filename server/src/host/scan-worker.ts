/**
 * The initial scan's worker thread (workspace-scan.ts): walks the folders and reads the manifest
 * files, posting batches of texts to the server's main thread, which parses and indexes them
 * meanwhile. Reads only; parses nothing.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { scanBatches, type FromScanWorker, type ScanOptions } from './workspace-scan';

const data = workerData as Omit<ScanOptions, 'auxiliary'> & { auxiliary?: { source: string; flags: string } };
const options: ScanOptions = { ...data, auxiliary: data.auxiliary ? new RegExp(data.auxiliary.source, data.auxiliary.flags) : undefined };
const post = (m: FromScanWorker) => parentPort?.postMessage(m);

void (async () => {
  try {
    for await (const batch of scanBatches(options)) post({ type: 'batch', batch });
    post({ type: 'done' });
  } catch (error) {
    post({ type: 'failed', error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
})();
