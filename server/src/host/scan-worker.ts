/**
 * The initial scan's worker thread (workspace-scan.ts): walks the folders and reads the manifest
 * files, posting batches of texts to the server's main thread, which parses and indexes them
 * meanwhile. Reads only; parses nothing.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { SCAN_AHEAD, scanBatches, type FromScanWorker, type ScanOptions, type ToScanWorker } from './workspace-scan';

const data = workerData as Omit<ScanOptions, 'auxiliary'> & { auxiliary?: { source: string; flags: string } };
const options: ScanOptions = { ...data, auxiliary: data.auxiliary ? new RegExp(data.auxiliary.source, data.auxiliary.flags) : undefined };
const post = (m: FromScanWorker) => parentPort?.postMessage(m);

// At most SCAN_AHEAD batches handed over and not yet taken by the main thread.
let ahead = 0;
let taken: (() => void) | undefined;
parentPort?.on('message', (m: ToScanWorker) => {
  if (m.type !== 'taken') return;
  ahead--;
  taken?.();
});

void (async () => {
  try {
    for await (const batch of scanBatches(options)) {
      while (ahead >= SCAN_AHEAD) await new Promise<void>((resolve) => (taken = resolve));
      taken = undefined;
      ahead++;
      post({ type: 'batch', batch });
    }
    post({ type: 'done' });
  } catch (error) {
    post({ type: 'failed', error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
})();
