/**
 * Per-thread CPU of one cold start of the server: spawns `node [FLAGS] SERVER --stdio`, answers
 * the handshake as a bare LSP client (no storage folder, so a cold start), and when
 * `kubePorts/indexed` arrives prints one JSON line: wall (spawn → indexed), the initialize reply,
 * the first and last publishDiagnostics, how many were published (and for how many files; files
 * published twice), the bytes on stdout, and the CPU of the server's main thread and of each other
 * thread still alive, from /proc (10 ms ticks; Linux only). Asserts nothing. Run builds
 * alternately to compare them (ARCHITECTURE.md, Speed).
 *
 * A cold start as VS Code makes it: no model cache of the workspace (no storage folder), while the
 * extension's V8 code cache exists after its first run (as for every user after the extension's
 * first start): `KUBE_PORTS_CODE_CACHE` is a folder under bench/.work/code-cache, one per server
 * path, kept across runs (the first run writes it). Set `KUBE_PORTS_CODE_CACHE=` (empty) to start
 * without one, or to a folder of your own.
 *
 * With `LOGS=1` the server's log messages go to stderr with the milliseconds since the spawn (when
 * the early scan read its first files, when indexing ended).
 *
 *   node bench/threads.mjs dist/server.js WORKSPACE [node flags, e.g. --cpu-prof]
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
const require = createRequire(import.meta.url);
const { createMessageConnection, StreamMessageReader, StreamMessageWriter } = require('vscode-jsonrpc/node');
const [server, ws, ...flags] = process.argv.slice(2);
const t0 = performance.now();
const codeCache = process.env.KUBE_PORTS_CODE_CACHE ?? path.join(path.dirname(fileURLToPath(import.meta.url)), '.work/code-cache', createHash('sha256').update(path.resolve(server)).digest('hex').slice(0, 12));
const p = spawn(process.execPath, [...flags, server, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'], env: { ...process.env, KUBE_PORTS_CODE_CACHE: codeCache } });
const c = createMessageConnection(new StreamMessageReader(p.stdout), new StreamMessageWriter(p.stdin));
let published = 0, lastPub = 0, firstPub = 0, bytes = 0;
p.stdout.on('data', (b) => (bytes += b.length));
const uris = new Map(); c.onNotification('textDocument/publishDiagnostics', (pp) => { uris.set(pp.uri, (uris.get(pp.uri) ?? 0) + 1); published++; lastPub = performance.now() - t0; if (!firstPub) firstPub = lastPub; });
c.onRequest('workspace/configuration', (q) => q.items.map(() => ({})));
c.onRequest('window/workDoneProgress/create', () => null);
c.onRequest('client/registerCapability', () => null);
c.onNotification((method, params) => {
  if (process.env.LOGS && method === 'window/logMessage') console.error(`${(performance.now() - t0).toFixed(0)} ms: ${params.message.slice(0, 200)}`);
});
const done = new Promise((r) => c.onNotification('kubePorts/indexed', r));
c.listen();
const uri = pathToFileURL(ws).href;
await c.sendRequest('initialize', { processId: process.pid, rootUri: uri, workspaceFolders: [{ uri, name: 'ws' }], capabilities: { window: { workDoneProgress: true } } });
const init = performance.now() - t0;
c.sendNotification('initialized', {});
await done;
const wall = performance.now() - t0;
const tick = 10;
const threads = {};
for (const t of readdirSync(`/proc/${p.pid}/task`)) {
  const s = readFileSync(`/proc/${p.pid}/task/${t}/stat`, 'utf8');
  const comm = s.slice(s.indexOf('(') + 1, s.lastIndexOf(')'));
  const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
  const ms = (Number(f[11]) + Number(f[12])) * tick;
  const k = String(t) === String(p.pid) ? "main" : comm + ":" + t;
  threads[k] = (threads[k] ?? 0) + ms;
}
const main = threads.main; delete threads.main;
const others = Object.values(threads).reduce((a, b) => a + b, 0);
await c.sendRequest('shutdown'); c.sendNotification('exit');
await new Promise((r) => p.on('exit', r));
console.log(JSON.stringify({ wall: Math.round(wall), init: Math.round(init), firstPub: Math.round(firstPub), lastPub: Math.round(lastPub), published, unique: uris.size, twice: [...uris].filter(([, n]) => n > 1).length, MB: +(bytes / 1e6).toFixed(2), main, others, threads }));
