/**
 * Preloaded into the language server by bench/memory.ts (`node --expose-gc -r bench/memory-probe.cjs
 * dist/server.js --stdio`), so that the bench measures the shipped bundle itself. On SIGUSR2 it
 * runs a full garbage collection and writes process.memoryUsage() and the V8 heap spaces as JSON
 * to $KUBE_PORTS_MEMORY_PROBE (and, when $KUBE_PORTS_MEMORY_SNAPSHOT names a file, a heap snapshot
 * there first). It never writes to stdout, which is the LSP channel.
 */
'use strict';
const { writeFileSync, renameSync, appendFileSync } = require('node:fs');
const v8 = require('node:v8');
const { isMainThread, threadId } = require('node:worker_threads');

// With $KUBE_PORTS_MEMORY_TRACE (a file) every thread of the server (a preload runs in worker
// threads too) appends one JSON line per sample every $KUBE_PORTS_MEMORY_TRACE_MS (default 25):
// its isolate's heap (used, total, young generation), the process's RSS and off-heap memory, and
// on the main thread the bytes written to stdout so far (the LSP messages: publishing shows as
// their growth), so bench/memory.ts can tell when the peak happens and what it is made of.
const trace = process.env.KUBE_PORTS_MEMORY_TRACE;
if (trace) {
  const t0 = Date.now();
  let written = 0;
  if (isMainThread) {
    const write = process.stdout.write;
    // $KUBE_PORTS_MEMORY_GC_AT (a regular expression): when a message written matches it, the
    // heap used before and after a full GC (what of the heap is garbage at that moment).
    const at = process.env.KUBE_PORTS_MEMORY_GC_AT ? new RegExp(process.env.KUBE_PORTS_MEMORY_GC_AT) : undefined;
    process.stdout.write = function (chunk, ...rest) {
      written += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
      if (at && globalThis.gc && at.test(String(chunk))) {
        const before = v8.getHeapStatistics().used_heap_size;
        globalThis.gc();
        appendFileSync(trace, JSON.stringify({ t: Date.now() - t0, thread: 0, marker: at.source, before, used: v8.getHeapStatistics().used_heap_size }) + '\n');
      }
      return write.call(this, chunk, ...rest);
    };
  }
  const sample = () => {
    const h = v8.getHeapStatistics();
    const m = process.memoryUsage();
    const young = v8.getHeapSpaceStatistics().filter((s) => s.space_name === 'new_space').reduce((a, s) => a + s.space_size, 0);
    appendFileSync(trace, JSON.stringify({ t: Date.now() - t0, thread: isMainThread ? 0 : threadId, used: h.used_heap_size, total: h.total_heap_size, physical: h.total_physical_size, young, malloced: h.malloced_memory, rss: m.rss, external: m.external, arrayBuffers: m.arrayBuffers, written }) + '\n');
  };
  // Each garbage collection of this thread: its kind (1 scavenge, 4 mark-compact, 8 incremental
  // marking, 16 weak callbacks) and pause, with the heap right after it.
  const { PerformanceObserver, constants } = require('node:perf_hooks');
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      const kind = e.detail?.kind ?? e.kind;
      if (kind === constants.NODE_PERFORMANCE_GC_MINOR) continue;
      appendFileSync(trace, JSON.stringify({ t: Date.now() - t0, thread: isMainThread ? 0 : threadId, gc: kind, ms: e.duration, used: v8.getHeapStatistics().used_heap_size }) + '\n');
    }
  }).observe({ entryTypes: ['gc'] });
  setInterval(sample, Number(process.env.KUBE_PORTS_MEMORY_TRACE_MS ?? 25)).unref();
}

// $KUBE_PORTS_MEMORY_ALLOCATIONS (a file): the main thread's sampling heap profile from the start
// to the probe's signal, written there after its full GC. With $KUBE_PORTS_MEMORY_ALLOCATIONS_MAJOR
// set it keeps the objects a full GC collected (garbage that had been promoted to the old
// generation) beside the live ones: the difference of two such runs says where that garbage was
// allocated.
const allocations = isMainThread ? process.env.KUBE_PORTS_MEMORY_ALLOCATIONS : undefined;
let session;
if (allocations) {
  const { Session } = require('node:inspector');
  session = new Session();
  session.connect();
  const major = process.env.KUBE_PORTS_MEMORY_ALLOCATIONS_MAJOR !== undefined;
  session.post('HeapProfiler.startSampling', { samplingInterval: 16384, includeObjectsCollectedByMajorGC: major, includeObjectsCollectedByMinorGC: false });
}

const out = process.env.KUBE_PORTS_MEMORY_PROBE;
if (out && isMainThread) {
  process.on('SIGUSR2', () => {
    if (globalThis.gc) {
      globalThis.gc();
      globalThis.gc();
    }
    if (session) session.post('HeapProfiler.stopSampling', (error, result) => error || writeFileSync(allocations, JSON.stringify(result.profile)));
    const snapshot = process.env.KUBE_PORTS_MEMORY_SNAPSHOT;
    if (snapshot) v8.writeHeapSnapshot(snapshot);
    const spaces = v8.getHeapSpaceStatistics().map((s) => ({ name: s.space_name, used: s.space_used_size, size: s.space_size }));
    writeFileSync(`${out}.tmp`, JSON.stringify({ ...process.memoryUsage(), gc: globalThis.gc !== undefined, spaces }));
    renameSync(`${out}.tmp`, out);
  });
}
