/**
 * What the server process does before its own code is loaded (main.ts imports this module
 * first, so it runs before the other modules' bodies): set the V8 flags (v8-flags.ts) and start
 * booting the initial scan's worker (scan-prestart.ts). Only node: modules below.
 */
import { applyV8Flags } from './v8-flags';
import { prestartScanWorker, SCAN_WORKER_SCRIPT } from './scan-prestart';

applyV8Flags();

/** The scan worker booting beside the main thread's loading (dist/ only: none when run from sources). */
export const prestartedScan = prestartScanWorker(SCAN_WORKER_SCRIPT(__dirname));
