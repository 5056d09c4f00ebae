/**
 * Where the garbage that reached the old generation was allocated: the difference, per allocation
 * site (function and its caller, in dist/server-main.js, the bundle dist/server.js runs), of two sampling heap profiles the memory probe
 * wrote (bench/memory-probe.cjs, $KUBE_PORTS_MEMORY_ALLOCATIONS), one with the objects full GCs
 * collected ($KUBE_PORTS_MEMORY_ALLOCATIONS_MAJOR=1), one with the live objects only. Inlined
 * functions count in the function they were inlined into. Prints only.
 *
 *   KUBE_PORTS_MEMORY_ALLOCATIONS=/tmp/major.json KUBE_PORTS_MEMORY_ALLOCATIONS_MAJOR=1 node --import tsx bench/memory.ts
 *   KUBE_PORTS_MEMORY_ALLOCATIONS=/tmp/live.json node --import tsx bench/memory.ts
 *   node bench/promoted-garbage.mjs /tmp/major.json /tmp/live.json
 */
import { readFileSync } from 'node:fs';
const load = (f) => { const p = JSON.parse(readFileSync(f, 'utf8')); const m = new Map(); const walk = (n, stack) => { const k = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').slice(-1)[0]}:${n.callFrame.lineNumber + 1}:${n.callFrame.columnNumber}`; const s = [...stack, k]; const key = s.slice(-3).join(' < '); if (n.selfSize) m.set(key, (m.get(key) ?? 0) + n.selfSize); for (const c of n.children) walk(c, [k]); }; walk(p.head, []); return m; };
const a = load(process.argv[2]), b = load(process.argv[3]);
const tot = (m) => [...m.values()].reduce((x, y) => x + y, 0) / 1048576;
console.log(`sampled: ${tot(a).toFixed(1)} MB with what full GCs collected, ${tot(b).toFixed(1)} MB live only; by site (MB, caller < function):`);
const d = [...a].map(([k, v]) => [k, v - (b.get(k) ?? 0)]).sort((x, y) => y[1] - x[1]).slice(0, 25);
for (const [k, v] of d) console.log((v / 1048576).toFixed(1).padStart(7), k);
