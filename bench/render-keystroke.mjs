#!/usr/bin/env node
/**
 * Keystroke latency in a plain file while a render unit renders (issue 12: rendering must never be
 * on the keystroke path of plain files). Through LSP against dist/server.js, with the real helm
 * (PATH or the tools cache): a workspace with a plain Service + Deployment file and a chart; an
 * edit of the plain file → its diagnostics, p50/p95, (a) with no render running, (b) each edit
 * sent right after an unsaved values edit + save started a render of the chart (a new value each
 * time, so never a cache hit), (d) typing through renders: plain-file edits every 20 ms from a
 * save until that render's outcome is applied and published (so edits also arrive while the server
 * receives the result, parses it, maps it and publishes). Prints; asserts nothing.
 *
 * Usage: node bench/render-keystroke.mjs [iterations=40] [--server path/to/server.js]
 * (`--server`: measure another build, e.g. a copy of dist/ made before a change, without building).
 */
import { spawn, spawnSync } from 'node:child_process';
import { accessSync, constants, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { createMessageConnection, StreamMessageReader, StreamMessageWriter } = require('vscode-jsonrpc/node');
const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..');
const SERVER = path.join(ROOT, 'dist/server.js');
const args = process.argv.slice(2);
const serverAt = args.indexOf('--server');
const SERVER_GIVEN = serverAt >= 0 ? path.resolve(args[serverAt + 1]) : undefined;
if (serverAt >= 0) args.splice(serverAt, 2);
const N = Number(args[0] ?? 40);

function findHelm() {
  const dirs = [path.join(process.env.KUBE_PORTS_TOOLS_CACHE || path.join(homedir(), '.cache', 'kube-ports', 'tools'), 'bin'), ...(process.env.PATH ?? '').split(path.delimiter)];
  for (const d of dirs) {
    try {
      accessSync(path.join(d, 'helm'), constants.X_OK);
      return path.join(d, 'helm');
    } catch {
      // next
    }
  }
  return undefined;
}
const helm = findHelm();
if (!helm) {
  console.error('bench/render-keystroke: helm not found (npm run tools:install)');
  process.exit(2);
}
if (!SERVER_GIVEN) {
  const build = spawnSync(process.execPath, [path.join(ROOT, 'scripts/build.mjs')], { stdio: 'inherit', cwd: ROOT });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const ws = mkdtempSync(path.join(tmpdir(), 'kube-ports-bench-render-'));
const files = {
  'plain/app.yaml':
    'apiVersion: v1\nkind: Service\nmetadata: {name: app}\nspec:\n  selector: {app: app}\n  ports:\n    - port: 80\n      targetPort: http\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: app}\nspec:\n  selector: {matchLabels: {app: app}}\n  template:\n    metadata: {labels: {app: app}}\n    spec:\n      containers:\n        - name: app\n          image: nginx\n          ports:\n            - name: http\n              containerPort: 8080\n',
  'chart/Chart.yaml': 'apiVersion: v2\nname: bench\nversion: 0.1.0\n',
  'chart/values.yaml': 'port: 80\nreplicas: 1\n',
  ...Object.fromEntries(
    Array.from({ length: 20 }, (_, i) => [
      `chart/templates/svc-${i}.yaml`,
      `apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Release.Name }}-${i}\nspec:\n  selector: {app: {{ .Release.Name }}-${i}}\n  ports:\n    - port: {{ .Values.port }}\n      targetPort: http\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}-${i}\nspec:\n  replicas: {{ .Values.replicas }}\n  selector: {matchLabels: {app: {{ .Release.Name }}-${i}}}\n  template:\n    metadata: {labels: {app: {{ .Release.Name }}-${i}}}\n    spec:\n      containers:\n        - name: app\n          image: nginx\n          ports: [{name: http, containerPort: 8080}]\n`,
    ]),
  ),
};
for (const [rel, text] of Object.entries(files)) {
  mkdirSync(path.dirname(path.join(ws, rel)), { recursive: true });
  writeFileSync(path.join(ws, rel), text);
}
const uri = (rel) => pathToFileURL(path.join(ws, rel)).href;

const proc = spawn(process.execPath, [SERVER_GIVEN ?? SERVER, '--stdio'], { stdio: 'pipe' });
proc.stderr.on('data', () => undefined);
const c = createMessageConnection(new StreamMessageReader(proc.stdout), new StreamMessageWriter(proc.stdin));
const published = new Map();
let rendered = 0;
let indexed = false;
let waiters = [];
const signal = () => {
  const pending = waiters;
  waiters = [];
  for (const w of pending) (w.test() ? w.resolve : () => waiters.push(w))();
};
const until = (test) => (test() ? Promise.resolve() : new Promise((resolve) => waiters.push({ test, resolve })));
c.onNotification('textDocument/publishDiagnostics', (p) => {
  published.set(p.uri, p);
  signal();
});
c.onNotification('kubePorts/indexed', () => ((indexed = true), signal()));
c.onNotification('kubePorts/rendered', (r) => {
  if (r.status === 'rendered') rendered++;
  signal();
});
c.onNotification('window/logMessage', () => undefined);
c.onNotification('$/progress', () => undefined);
c.onRequest('workspace/configuration', (p) => p.items.map((i) => (i.section === 'kubePorts' ? { helm: { path: helm } } : i.section === 'files.exclude' ? {} : null)));
c.onRequest('window/workDoneProgress/create', () => null);
c.onRequest('client/registerCapability', () => null);
c.listen();
await c.sendRequest('initialize', {
  processId: process.pid,
  rootUri: pathToFileURL(ws).href,
  workspaceFolders: [{ uri: pathToFileURL(ws).href, name: 'ws' }],
  initializationOptions: { workspaceTrusted: true },
  capabilities: { workspace: { configuration: true }, window: { workDoneProgress: true }, textDocument: { publishDiagnostics: { versionSupport: true } } },
});
await c.sendNotification('initialized', {});
await until(() => indexed && rendered >= 1);

const versions = new Map();
const texts = new Map();
async function open(rel) {
  texts.set(rel, files[rel]);
  versions.set(rel, 1);
  await c.sendNotification('textDocument/didOpen', { textDocument: { uri: uri(rel), languageId: 'yaml', version: 1, text: files[rel] } });
}
async function setText(rel, text) {
  const version = versions.get(rel) + 1;
  versions.set(rel, version);
  texts.set(rel, text);
  await c.sendNotification('textDocument/didChange', { textDocument: { uri: uri(rel), version }, contentChanges: [{ text }] });
  return version;
}
await open('plain/app.yaml');
await open('chart/values.yaml');

let flip = false;
/** One plain-file edit (the targetPort flips between a resolving and an unresolved name) → its diagnostics. */
async function plainEdit() {
  flip = !flip;
  const text = files['plain/app.yaml'].replace('targetPort: http', flip ? 'targetPort: htp' : 'targetPort: http');
  const t = performance.now();
  const version = await setText('plain/app.yaml', text);
  await until(() => published.get(uri('plain/app.yaml'))?.version === version);
  return performance.now() - t;
}
const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] : NaN;
};

const idle = [];
for (let i = 0; i < N + 3; i++) {
  const ms = await plainEdit();
  if (i >= 3) idle.push(ms);
}
// (c) the same unsaved values edit without the save (debounced: no render starts within the edit).
const typed = [];
for (let i = 0; i < N + 3; i++) {
  await setText('chart/values.yaml', `port: ${5000 + i}\nreplicas: 1\n`);
  const ms = await plainEdit();
  if (i >= 3) typed.push(ms);
}
await until(() => true);
const busy = [];
let overlapped = 0;
for (let i = 0; i < N + 3; i++) {
  const before = rendered;
  await setText('chart/values.yaml', `port: ${1000 + i}\nreplicas: 1\n`);
  await c.sendNotification('textDocument/didSave', { textDocument: { uri: uri('chart/values.yaml') } });
  const ms = await plainEdit();
  const stillRendering = rendered === before;
  await until(() => rendered > before);
  if (i >= 3) {
    busy.push(ms);
    if (stillRendering) overlapped++;
  }
}
// (d) typing through renders: an edit every 20 ms (not waiting for answers) from the save until the
// outcome is published; each edit's latency is until the diagnostics of its version.
const through = [];
const sent = new Map();
c.onNotification('textDocument/publishDiagnostics', (p) => {
  published.set(p.uri, p);
  const t0 = p.uri === uri('plain/app.yaml') ? sent.get(p.version) : undefined;
  if (t0 !== undefined) {
    through.push(performance.now() - t0);
    sent.delete(p.version);
  }
  signal();
});
const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
for (let i = 0; i < Math.ceil(N / 4) + 1; i++) {
  const before = rendered;
  await setText('chart/values.yaml', `port: ${3000 + i}\nreplicas: 1\n`);
  await c.sendNotification('textDocument/didSave', { textDocument: { uri: uri('chart/values.yaml') } });
  let after = 0;
  while (after < 3) {
    const version = versions.get('plain/app.yaml') + 1;
    sent.set(version, performance.now());
    // A new unresolved name each time: every version analysed publishes (coalesced ones are skipped).
    await setText('plain/app.yaml', files['plain/app.yaml'].replace('targetPort: http', `targetPort: p${version}`));
    await pause(20);
    if (rendered > before) after++;
  }
  const last = versions.get('plain/app.yaml');
  await until(() => published.get(uri('plain/app.yaml'))?.version === last);
  // Edits superseded by a newer one before they were analysed are coalesced (never answered): not counted.
  sent.clear();
}
const fmt = (x) => x.toFixed(1);
console.log(`plain-file edit → diagnostics, right after an unsaved edit of a chart input (no render yet): p50 ${fmt(pct(typed, 50))} ms, p95 ${fmt(pct(typed, 95))} ms (n=${typed.length})`);
console.log(`plain-file edit → diagnostics, no render running:      p50 ${fmt(pct(idle, 50))} ms, p95 ${fmt(pct(idle, 95))} ms (n=${idle.length})`);
console.log(`plain-file edit → diagnostics, while the chart renders: p50 ${fmt(pct(busy, 50))} ms, p95 ${fmt(pct(busy, 95))} ms (n=${busy.length}; ${overlapped} of them answered before that render had finished)`);
console.log(`typing through renders (an edit every 20 ms, save → outcome published): p50 ${fmt(pct(through, 50))} ms, p95 ${fmt(pct(through, 95))} ms, max ${fmt(Math.max(...through))} ms (n=${through.length})`);
await c.sendRequest('shutdown');
await c.sendNotification('exit');
await new Promise((resolve) => proc.once('exit', resolve));
c.dispose();
rmSync(ws, { recursive: true, force: true });
