/**
 * `npm run bench:memory`: what the language server keeps in memory for a big workspace. Generates
 * the bench's workspace (bench/generate.mjs, 100,000 documents by default, kept in bench/.work),
 * starts `dist/server.js` itself through LSP, with --expose-gc and bench/memory-probe.cjs
 * preloaded (on SIGUSR2: a full GC, then the memory figures written to a file; nothing on stdout),
 * waits until every file's diagnostics are published, and prints the time, the peak RSS (VmHWM),
 * the heap after a full GC, per document, and per V8 heap space. With `--snapshot` it also writes
 * a heap snapshot and prints who holds the heap (what cutting a field of the model frees) and
 * what it is made of (strings by size, plain objects by their property names, arrays, Maps…). A
 * snapshot of a 100k workspace is too big to read back: take it at `--docs 10000` (the figures
 * per document are close). Prints only; asserts nothing.
 *
 * With `--trace` every thread of the server samples its memory every 25 ms (memory-probe.cjs) and
 * the bench prints a timeline: RSS, each isolate's heap (used / reserved, young generation), off-heap
 * memory and the LSP bytes written (publishing), and what the process held at its peak.
 *
 * With `--storage` the server gets an empty storage folder, as in the editor, so it writes the
 * warm-start cache after publishing: the bench waits for that write and prints the peak again.
 *
 *   node --import tsx bench/memory.ts [--docs 100000] [--trace] [--storage] [--snapshot] [--top 25] [--corpus DIR]
 *     [--server dist/server.js (another build, to compare)] [--node-args="--v8-flag …"]
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { LspClient } from '../test/support/lsp-client';
// @ts-expect-error plain ES module without types
import { generateWorkspace } from './generate.mjs';

const { values } = parseArgs({
  options: { docs: { type: 'string' }, trace: { type: 'boolean' }, storage: { type: 'boolean' }, snapshot: { type: 'boolean' }, top: { type: 'string' }, corpus: { type: 'string' }, 'node-args': { type: 'string' }, server: { type: 'string' } },
});
const DOCS = Number(values.docs ?? 100_000);
const TOP = Number(values.top ?? 25);
const ROOT = path.resolve(__dirname, '..');
const WORK = path.join(__dirname, '.work');
const CORPUS = path.resolve(ROOT, values.corpus ?? '../shared/corpus');
const SERVER = path.resolve(values.server ?? path.join(ROOT, 'dist/server.js'));
const OTEL = path.join(CORPUS, 'open-telemetry__opentelemetry-demo/kubernetes/opentelemetry-demo.yaml');

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(2)} KB`;

/** The process's resident memory by mapping (/proc/PID/smaps): the node binary, shared libraries, anonymous memory. */
function rssByMapping(pid: number): string {
  const groups = new Map<string, number>();
  let name = '';
  for (const line of readFileSync(`/proc/${pid}/smaps`, 'utf8').split('\n')) {
    const head = /^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (head) {
      const file = head[1];
      name = file === '' || file.startsWith('[') ? 'anonymous' : file.endsWith('.so') || /\.so[.\d]*$/.test(file) ? 'libraries' : path.basename(file);
      continue;
    }
    const rss = /^Rss:\s+(\d+) kB/.exec(line);
    if (rss) groups.set(name, (groups.get(name) ?? 0) + Number(rss[1]) * 1024);
  }
  return [...groups].sort((a, b) => b[1] - a[1]).slice(0, 5).map(([n, b]) => `${n} ${mb(b)}`).join(', ');
}

function procStatus(pid: number, field: string): number {
  const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : NaN;
}

interface Info {
  docs: number;
  files: number;
  bytes: number;
  bigOrigin: string;
}

function workspace(): { dir: string; info: Info } {
  const dir = path.join(WORK, `memory-${DOCS}`);
  const marker = path.join(dir, '.generated.json');
  if (existsSync(marker)) return { dir, info: JSON.parse(readFileSync(marker, 'utf8')) as Info };
  rmSync(dir, { recursive: true, force: true });
  const info = generateWorkspace(dir, DOCS, { bigSource: OTEL }) as Info;
  writeFileSync(marker, JSON.stringify(info));
  return { dir, info };
}

interface Memory {
  heapUsed: number;
  rss: number;
  external: number;
  arrayBuffers: number;
  gc: boolean;
  spaces: { name: string; used: number; size: number }[];
}

async function main(): Promise<void> {
  const { dir, info } = workspace();
  console.log(`memory: workspace ${info.docs} documents, ${info.files} files, ${mb(info.bytes)} (big file: ${info.bigOrigin}); load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  const probe = path.join(WORK, `memory-${process.pid}.json`);
  const snapshot = values.snapshot ? path.join(WORK, `memory-${DOCS}.heapsnapshot`) : undefined;
  rmSync(probe, { force: true });
  const tracing = values.trace ? path.join(WORK, `memory-trace-${process.pid}.jsonl`) : undefined;
  if (tracing) rmSync(tracing, { force: true });
  const storage = values.storage ? path.join(WORK, `memory-storage-${process.pid}`) : undefined;
  if (storage) rmSync(storage, { recursive: true, force: true });
  const started = performance.now();
  const client = await LspClient.start({
    folder: dir,
    ...(storage ? { initializationOptions: { storageUri: pathToFileURL(storage).href } } : {}),
    serverArgs: [...(values['node-args'] ?? '').split(' ').filter(Boolean), '--expose-gc', '-r', path.join(__dirname, 'memory-probe.cjs'), SERVER, '--stdio'],
    env: { ...process.env, KUBE_PORTS_MEMORY_PROBE: probe, ...(tracing ? { KUBE_PORTS_MEMORY_TRACE: tracing } : {}), ...(snapshot ? { KUBE_PORTS_MEMORY_SNAPSHOT: snapshot } : {}) },
  });
  const indexedMs = performance.now() - started;
  const pid = client.process.pid!;
  const peak = procStatus(pid, 'VmHWM');
  const mappings = rssByMapping(pid);
  if (storage) {
    const written = (await client.logged(/model cache (not )?written/)).message;
    console.log(`memory: ${written} (${((performance.now() - started) / 1000).toFixed(1)} s from spawn); peak RSS until then ${mb(procStatus(pid, 'VmHWM'))}`);
    rmSync(storage, { recursive: true, force: true });
  }
  const samples = tracing ? readTrace(tracing) : undefined;
  const m = await measure(pid, probe);
  const rss = procStatus(pid, 'VmRSS');
  await client.stop();
  // The probe appends until the server ends: the file it wrote after it was read goes too.
  if (tracing) rmSync(tracing, { force: true });
  console.log(`memory: spawn → every file's diagnostics ${(indexedMs / 1000).toFixed(1)} s`);
  console.log(`memory: peak RSS (VmHWM) ${mb(peak)}; after GC: VmRSS ${mb(rss)}, heap used ${mb(m.heapUsed)}, external ${mb(m.external)}`);
  console.log(`memory: RSS by mapping when every file's diagnostics were in: ${mappings}`);
  console.log(`memory: heap per document ${kb(m.heapUsed / info.docs)}; peak RSS per document ${kb(peak / info.docs)}; heap / workspace bytes ${(m.heapUsed / info.bytes).toFixed(2)}×`);
  console.log(`memory: heap spaces: ${m.spaces.filter((s) => s.used > 1 << 20).map((s) => `${s.name} ${mb(s.used)}`).join(', ')}`);
  if (samples) printTrace(samples, indexedMs);
  if (snapshot) summarise(snapshot, info.docs);
}

interface Sample {
  t: number;
  thread: number;
  used: number;
  total: number;
  physical: number;
  young: number;
  malloced: number;
  rss: number;
  external: number;
  arrayBuffers: number;
  written: number;
  /** A garbage collection other than a scavenge (memory-probe.cjs): its kind and pause. */
  gc?: number;
  ms?: number;
  /** A forced GC when a message matched $KUBE_PORTS_MEMORY_GC_AT: the heap used before it (`used`: after). */
  marker?: string;
  before?: number;
}

function readTrace(file: string): Sample[] {
  const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
  rmSync(file, { force: true });
  return lines.map((l) => JSON.parse(l) as Sample);
}

/** The timeline of the samples (one line per ~second and the peak's), then the peak's make-up. */
function printTrace(samples: Sample[], indexedMs: number): void {
  const gcs = samples.filter((s) => s.gc !== undefined);
  for (const m of samples.filter((s) => s.marker !== undefined)) console.log(`memory: at ${(m.t / 1000).toFixed(2)} s (/${m.marker}/) heap used ${mb(m.before!)}, after a full GC ${mb(m.used)}`);
  const main = samples.filter((s) => s.thread === 0 && s.gc === undefined && s.marker === undefined);
  const workers = samples.filter((s) => s.thread !== 0 && s.gc === undefined && s.marker === undefined);
  const workerAt = (t: number) => {
    const w = workers.filter((s) => Math.abs(s.t - t) <= 60);
    return w.length ? w.reduce((a, b) => (Math.abs(a.t - t) <= Math.abs(b.t - t) ? a : b)) : undefined;
  };
  const peak = main.reduce((a, b) => (b.rss > a.rss ? b : a));
  const firstWrite = main.find((s) => s.written > 64 * 1024);
  const line = (s: Sample, mark = '') => {
    const w = workerAt(s.t);
    return `  ${(s.t / 1000).toFixed(2).padStart(6)} s  rss ${mb(s.rss).padStart(9)}  main heap ${mb(s.used).padStart(9)} / ${mb(s.total).padStart(9)} (young ${mb(s.young)})  worker heap ${w ? `${mb(w.used)} / ${mb(w.total)}` : '-'}  malloced ${mb(s.malloced)}  external ${mb(s.external)}  written ${mb(s.written)}${mark}`;
  };
  console.log(`memory: timeline (${main.length} samples of the main thread, ${workers.length} of workers; publishing starts ${firstWrite ? `${(firstWrite.t / 1000).toFixed(2)} s` : '-'}, diagnostics of every file ${(indexedMs / 1000).toFixed(2)} s from spawn)`);
  let next = 0;
  for (const s of main) {
    if (s === peak) console.log(line(s, '  ← peak'));
    else if (s.t >= next) console.log(line(s));
    else continue;
    next = s.t + 1000;
  }
  const majors = gcs.filter((g) => g.thread === 0);
  console.log(`memory: the main thread's full GCs (kind 4 mark-compact; time, pause, heap used after): ${majors.map((g) => `${(g.t / 1000).toFixed(2)} s ${g.ms!.toFixed(0)} ms → ${mb(g.used)}`).join('; ') || 'none'}`);
  const w = workerAt(peak.t);
  console.log(
    `memory: at the peak sample (${(peak.t / 1000).toFixed(2)} s): RSS ${mb(peak.rss)} = main heap reserved ${mb(peak.total)} (used ${mb(peak.used)}, young ${mb(peak.young)}) + worker heap reserved ${w ? mb(w.total) : '0'} + the rest (code, binary, malloc, buffers) ${mb(peak.rss - peak.total - (w?.total ?? 0))}`,
  );
}

/** Asks the probe (memory-probe.cjs) for a GC and the memory figures; waits for its file. */
async function measure(pid: number, probe: string): Promise<Memory> {
  process.kill(pid, 'SIGUSR2');
  for (;;) {
    if (existsSync(probe)) {
      const m = JSON.parse(readFileSync(probe, 'utf8')) as Memory;
      rmSync(probe, { force: true });
      return m;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

// ---- the heap snapshot, grouped -------------------------------------------------------------

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[]]; edge_fields: string[]; edge_types: [string[]] } };
  nodes: number[];
  edges: number[];
  strings: string[];
}

/**
 * Who holds the heap: for each holder (a field of the model's objects, picked by property name
 * and the properties of the object that has it), what would be freed without it — everything
 * reachable from the GC roots minus what stays reachable when those edges are cut. Holders
 * overlap only where they share memory (then neither alone frees it). Then what the heap is made
 * of: self sizes by group (strings by size and representation — a sliced string keeps its
 * parent alive —, plain objects by their property names; a Span's `{start, end}` are small
 * integers, which a snapshot does not list as edges, so Spans show as `{__proto__}`).
 */
function summarise(file: string, docs: number): void {
  const snap = JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
  if (!process.env.KUBE_PORTS_KEEP_SNAPSHOT) rmSync(file, { force: true });
  const meta = snap.snapshot.meta;
  const nf = meta.node_fields.length;
  const ef = meta.edge_fields.length;
  const nType = meta.node_fields.indexOf('type');
  const nName = meta.node_fields.indexOf('name');
  const nSize = meta.node_fields.indexOf('self_size');
  const nEdges = meta.node_fields.indexOf('edge_count');
  const eType = meta.edge_fields.indexOf('type');
  const eName = meta.edge_fields.indexOf('name_or_index');
  const eTo = meta.edge_fields.indexOf('to_node');
  const types = meta.node_types[0];
  const edgeTypes = meta.edge_types[0];
  const PROPERTY = edgeTypes.indexOf('property');
  const CONTEXT = edgeTypes.indexOf('context');
  const INTERNAL = edgeTypes.indexOf('internal');
  const WEAK = edgeTypes.indexOf('weak');
  const { nodes, edges, strings } = snap;
  const count = nodes.length / nf;
  const firstEdge = new Uint32Array(count + 1);
  for (let n = 0, e = 0; n < count; n++) {
    firstEdge[n] = e;
    e += nodes[n * nf + nEdges]! * ef;
    firstEdge[n + 1] = e;
  }
  const named = (e: number) => edges[e + eType] === PROPERTY || edges[e + eType] === CONTEXT || edges[e + eType] === INTERNAL;
  const edgeName = (e: number) => (named(e) ? strings[edges[e + eName]!]! : '');
  const props = (n: number) => {
    const out = new Set<string>();
    for (let e = firstEdge[n]!; e < firstEdge[n + 1]!; e += ef) if (edges[e + eType] === PROPERTY) out.add(strings[edges[e + eName]!]!);
    return out;
  };
  const nodeName = (n: number) => strings[nodes[n * nf + nName]!]!;

  /** Bytes reachable from the roots without crossing a cut edge. */
  const reachable = (cut: Uint8Array | undefined) => {
    const seen = new Uint8Array(count);
    const stack = [0];
    seen[0] = 1;
    let size = 0;
    while (stack.length) {
      const n = stack.pop()!;
      size += nodes[n * nf + nSize]!;
      for (let e = firstEdge[n]!; e < firstEdge[n + 1]!; e += ef) {
        if (edges[e + eType] === WEAK || (cut && cut[e / ef])) continue;
        const to = edges[e + eTo]! / nf;
        if (!seen[to]) {
          seen[to] = 1;
          stack.push(to);
        }
      }
    }
    return size;
  };

  // A holder: the edges named `edge` (a regular expression) of the nodes that `from` accepts.
  type Holder = { label: string; edges: { edge: RegExp; from: (n: number, p: Set<string>) => boolean }[] };
  const isFileState = (_: number, p: Set<string>) => p.has('parsed') && p.has('findings');
  const isParsedFile = (_: number, p: Set<string>) => p.has('documents') && p.has('notes');
  const isParsedDocument = (_: number, p: Set<string>) => p.has('broken') && p.has('span');
  const ofClass = (name: string) => (n: number) => nodeName(n) === name;
  const anyNode = () => true;
  const holders: Holder[] = [
    { label: 'whole-file texts (ParsedFile.text)', edges: [{ edge: /^text$/, from: isParsedFile }] },
    { label: 'document texts (ParsedDocument.text)', edges: [{ edge: /^text$/, from: isParsedDocument }] },
    { label: 'all texts (file + document)', edges: [{ edge: /^text$/, from: isParsedFile }, { edge: /^text$/, from: isParsedDocument }] },
    { label: 'syntax trees (ParsedDocument.yaml / fastTree)', edges: [{ edge: /^(yaml|fastTree)$/, from: isParsedDocument }] },
    { label: 'findings cache (FileState.findings)', edges: [{ edge: /^findings$/, from: isFileState }] },
    { label: 'index (WorkspaceIndex)', edges: [{ edge: /^indexImpl$/, from: ofClass('Workspace') }] },
    { label: 'dependency graph (Workspace.dependents, FileState.depends)', edges: [{ edge: /^dependents$/, from: ofClass('Workspace') }, { edge: /^depends$/, from: isFileState }] },
    {
      label: 'model + index (objects, WorkspaceIndex)',
      edges: [{ edge: /^objects$/, from: (n, p) => isParsedFile(n, p) || isParsedDocument(n, p) }, { edge: /^indexImpl$/, from: ofClass('Workspace') }],
    },
    { label: 'line tables (Positions.cache)', edges: [{ edge: /^cache$/, from: ofClass('Positions') }] },
    { label: 'published diagnostics (server.ts `published`)', edges: [{ edge: /^published\d*$/, from: anyNode }] },
    { label: 'reference caches (scan cache, memos, mentions)', edges: [{ edge: /^(cache|memos|mentionCache)\d*$/, from: (n) => types[nodes[n * nf + nType]!] === 'object' && nodeName(n) === 'system / Context' }] },
    { label: 'the workspace (Workspace.files)', edges: [{ edge: /^files$/, from: ofClass('Workspace') }] },
  ];
  /**
   * Self sizes grouped by what a node is and the field that reaches it first, breadth-first from
   * the roots (an array and its backing store count for the field that holds the array; a Map's
   * or Set's table for the Map or Set). Unlike the cuts above, shared memory is counted once,
   * where it is first reached: the model's spans show as `{} <- {…}.span`.
   */
  const byHoldingField = () => {
    const parent = new Int32Array(count).fill(-1);
    const via = new Int32Array(count).fill(-1);
    const queue = new Int32Array(count);
    let head = 0;
    let tail = 0;
    queue[tail++] = 0;
    parent[0] = 0;
    while (head < tail) {
      const n = queue[head++]!;
      for (let e = firstEdge[n]!; e < firstEdge[n + 1]!; e += ef) {
        if (edges[e + eType] === WEAK) continue;
        const to = edges[e + eTo]! / nf;
        if (parent[to] < 0) {
          parent[to] = n;
          via[to] = e;
          queue[tail++] = to;
        }
      }
    }
    const shape = (n: number) => {
      const type = types[nodes[n * nf + nType]!]!;
      if (type === 'object' && nodeName(n) === 'Object') return `{${[...props(n)].filter((p) => p !== '__proto__').sort().slice(0, 6).join(',')}}`;
      if (type.endsWith('string')) return type;
      return `${type} ${nodeName(n).slice(0, 30)}`.trim();
    };
    const container = (n: number) => {
      const type = types[nodes[n * nf + nType]!]!;
      return type === 'array' || type === 'hidden' || (type === 'object' && nodeName(n) === 'Array');
    };
    const holder = (n: number): string => {
      let field = '';
      let at = n;
      for (let depth = 0; depth < 4; depth++) {
        const p = parent[at]!;
        const e = via[at]!;
        const name = named(e) ? edgeName(e) : edges[e + eType] === edgeTypes.indexOf('element') ? '[]' : '';
        field = field ? `${name}/${field}` : name;
        if (!container(p) || p === 0) return `${shape(p)}.${field}`;
        at = p;
      }
      return `${shape(at)}.${field}`;
    };
    const held = new Map<string, { size: number; count: number }>();
    let spans = 0;
    let spanBytes = 0;
    for (let n = 1; n < count; n++) {
      if (parent[n]! < 0) continue;
      const key = `${shape(n)}  <-  ${holder(n)}`;
      if (key.startsWith('{}  <-')) {
        spans++;
        spanBytes += nodes[n * nf + nSize]!;
      }
      const g = held.get(key);
      const size = nodes[n * nf + nSize]!;
      if (g) {
        g.size += size;
        g.count++;
      } else held.set(key, { size, count: 1 });
    }
    console.log(`memory: what holds it, top ${TOP} (node  <-  the field that reaches it first), by self size:`);
    for (const [key, g] of [...held.entries()].sort((a, b) => b[1].size - a[1].size).slice(0, TOP)) {
      console.log(`  ${mb(g.size).padStart(9)}  ${((100 * g.size) / total).toFixed(1).padStart(5)}%  ${String(g.count).padStart(8)} ×  ${(g.size / docs).toFixed(0).padStart(5)} B/doc  ${key}`);
    }
    console.log(`memory: spans and text runs (\`{}\`: objects of small integers only): ${mb(spanBytes)} (${((100 * spanBytes) / total).toFixed(1)}%), ${(spans / docs).toFixed(1)} per document, ${(spanBytes / Math.max(1, spans)).toFixed(0)} B each`);
  };

  const total = reachable(undefined);
  console.log(`memory: heap snapshot, reachable ${mb(total)} (${kb(total / docs)} per document); retained by holder (freed without it):`);
  for (const h of holders) {
    const cut = new Uint8Array(edges.length / ef);
    let cuts = 0;
    for (let n = 0; n < count; n++) {
      let p: Set<string> | undefined;
      for (let e = firstEdge[n]!; e < firstEdge[n + 1]!; e += ef) {
        const name = edgeName(e);
        if (!name) continue;
        for (const x of h.edges) {
          if (!x.edge.test(name)) continue;
          p ??= props(n);
          if (x.from(n, p)) {
            cut[e / ef] = 1;
            cuts++;
          }
        }
      }
    }
    const freed = total - reachable(cut);
    console.log(`  ${mb(freed).padStart(9)}  ${((100 * freed) / total).toFixed(1).padStart(5)}%  ${(freed / docs).toFixed(0).padStart(5)} B/doc  ${h.label}${cuts ? '' : ' (not found)'}`);
  }

  const groups = new Map<string, { size: number; count: number }>();
  const add = (key: string, size: number) => {
    const g = groups.get(key);
    if (g) {
      g.size += size;
      g.count++;
    } else groups.set(key, { size, count: 1 });
  };
  for (let n = 0; n < count; n++) {
    const type = types[nodes[n * nf + nType]!]!;
    const size = nodes[n * nf + nSize]!;
    const name = nodeName(n);
    if (type === 'string') add(size >= 4096 ? 'string ≥ 4 KB' : size >= 256 ? 'string 256 B–4 KB' : 'string < 256 B', size);
    else if (type === 'sliced string' || type === 'concatenated string') add(type, size);
    else if (type === 'object' && name === 'Object') add(`{${[...props(n)].sort().slice(0, 9).join(',')}}`, size);
    else add(`${type} ${name.length > 60 ? name.slice(0, 60) + '…' : name}`, size);
  }
  console.log(`memory: what the heap is made of, top ${TOP} groups by self size:`);
  for (const [key, g] of [...groups.entries()].sort((a, b) => b[1].size - a[1].size).slice(0, TOP)) {
    console.log(`  ${mb(g.size).padStart(9)}  ${((100 * g.size) / total).toFixed(1).padStart(5)}%  ${String(g.count).padStart(8)} ×  ${(g.size / docs).toFixed(0).padStart(5)} B/doc  ${key}`);
  }
  byHoldingField();
  const big: [number, string][] = [];
  for (let n = 0; n < count; n++) if (types[nodes[n * nf + nType]!] === 'string' && nodes[n * nf + nSize]! >= 65536) big.push([nodes[n * nf + nSize]!, nodeName(n).slice(0, 50)]);
  big.sort((a, b) => b[0] - a[0]);
  console.log(`memory: strings ≥ 64 KB: ${big.slice(0, 8).map(([s, t]) => `${mb(s)} ${JSON.stringify(t)}`).join('; ')}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
