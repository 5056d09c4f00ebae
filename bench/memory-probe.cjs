/**
 * Preloaded into the language server by bench/memory.ts (`node --expose-gc -r bench/memory-probe.cjs
 * dist/server.js --stdio`), so that the bench measures the shipped bundle itself. On SIGUSR2 it
 * runs a full garbage collection and writes process.memoryUsage() and the V8 heap spaces as JSON
 * to $KUBE_PORTS_MEMORY_PROBE (and, when $KUBE_PORTS_MEMORY_SNAPSHOT names a file, a heap snapshot
 * there first). It never writes to stdout, which is the LSP channel.
 */
'use strict';
const { writeFileSync, renameSync } = require('node:fs');
const v8 = require('node:v8');

const out = process.env.KUBE_PORTS_MEMORY_PROBE;
if (out) {
  process.on('SIGUSR2', () => {
    if (globalThis.gc) {
      globalThis.gc();
      globalThis.gc();
    }
    const snapshot = process.env.KUBE_PORTS_MEMORY_SNAPSHOT;
    if (snapshot) v8.writeHeapSnapshot(snapshot);
    const spaces = v8.getHeapSpaceStatistics().map((s) => ({ name: s.space_name, used: s.space_used_size, size: s.space_size }));
    writeFileSync(`${out}.tmp`, JSON.stringify({ ...process.memoryUsage(), gc: globalThis.gc !== undefined, spaces }));
    renameSync(`${out}.tmp`, out);
  });
}
