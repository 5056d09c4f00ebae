/**
 * What the server process does before its own code is loaded: set the V8 flags (v8-flags.ts) and
 * start booting the initial scan's worker (scan-prestart.ts). The entry `dist/server.js`
 * (main.ts) does it first, before it compiles the server's bundle (`dist/server-main.js`,
 * code-cache.ts: the code cache is only accepted under the flags it was made with); the bundle
 * (server-main.ts) imports this module first and gets the same state, so run on its own it does
 * the same before the rest of its modules' bodies. Once per process (the state is kept on
 * `globalThis` under a registered symbol: the entry and the bundle each hold a copy of this
 * module). Only node: modules below.
 */
import type { CodeCacheHandle } from './code-cache';
import { applyV8Flags } from './v8-flags';
import { prestartScanWorker, SCAN_WORKER_SCRIPT, type PrestartedScanWorker } from './scan-prestart';

export interface EarlyStart {
  /** The V8 flags set for the process. */
  readonly flags: readonly string[];
  /** The scan worker booting beside the main thread's loading (dist/ only: none when run from sources). */
  readonly prestartedScan: PrestartedScanWorker | undefined;
  /** The bundle's code cache, when the entry loaded the bundle through it (code-cache.ts). */
  codeCache?: CodeCacheHandle;
}

const STATE = Symbol.for('kube-ports.early-start');

/** Sets the flags and starts the scan worker of `dir`'s scan-worker.js, once per process; later calls return the same state. */
export function earlyStart(dir: string): EarlyStart {
  const global = globalThis as { [STATE]?: EarlyStart };
  const existing = global[STATE];
  if (existing) return existing;
  const flags = applyV8Flags();
  const state: EarlyStart = { flags, prestartedScan: prestartScanWorker(SCAN_WORKER_SCRIPT(dir)) };
  global[STATE] = state;
  return state;
}
