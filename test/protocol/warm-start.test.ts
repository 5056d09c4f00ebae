/**
 * The language server's warm start: a second launch with the same storage folder restores the
 * parsed files and their findings (host/model-cache.ts) and publishes for every file exactly what
 * a cold launch publishes — also after files changed, were added or deleted on disk while it was
 * not running; a storage folder that cannot be written costs only the warm start.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test, type TestContext } from 'node:test';
import { isDeepStrictEqual } from 'node:util';
import { LspClient } from '../support/lsp-client';
import { requireTool } from '../support/render-tools';

const EXAMPLES = path.resolve(__dirname, '../../examples');
/** A signal that never comes fails the test instead of hanging the suite. */
const TIMEOUT = 120_000;

function folders(t: TestContext): { folder: string; storage: string } {
  const folder = mkdtempSync(path.join(tmpdir(), 'kube-ports-warm-ws-'));
  const storage = mkdtempSync(path.join(tmpdir(), 'kube-ports-warm-storage-'));
  t.after(() => rmSync(folder, { recursive: true, force: true }));
  t.after(() => rmSync(storage, { recursive: true, force: true }));
  cpSync(EXAMPLES, folder, { recursive: true });
  return { folder, storage };
}

async function launch(folder: string, storage?: string): Promise<LspClient> {
  return LspClient.start({ folder, ...(storage ? { initializationOptions: { storageUri: `file://${storage}` } } : {}) });
}

/**
 * What the client shows: the diagnostics of every file that has any, by path relative to the
 * folder (a file cleared with an empty list shows none, as one never published).
 */
function published(c: LspClient): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [uri, d] of [...c.diagnostics].sort(([a], [b]) => (a < b ? -1 : 1))) if (d.length > 0) out[path.relative(c.root, new URL(uri).pathname)] = d;
  return out;
}

async function coldRun(folder: string): Promise<Record<string, unknown>> {
  const c = await launch(folder);
  const out = published(c);
  await c.stop();
  return out;
}

test('a second launch restores every file and its findings, and publishes what a cold launch does', { timeout: TIMEOUT }, async (t) => {
  const { folder, storage } = folders(t);
  const first = await launch(folder, storage);
  await first.logged(/model cache written: \d+ files/);
  const cold = published(first);
  const files = first.indexedFiles;
  await first.stop();
  assert.ok(Object.keys(cold).length > 5 && (files ?? 0) > 10, `${files} files, ${Object.keys(cold).length} with diagnostics`);

  const warm = await launch(folder, storage);
  t.after(() => warm.stop());
  const line = (await warm.logged(/indexed \d+ manifest files/)).message;
  const m = /warm start: (\d+) restored, (\d+) unchanged by content, (\d+) re-read; findings (\w+)/.exec(line);
  assert.ok(m, line);
  assert.deepEqual([Number(m[1]), Number(m[2]), Number(m[3]), m[4]], [files, 0, 0, 'restored']);
  assert.deepEqual(published(warm), cold);
});

test('files changed, added and deleted while the server was not running: the warm launch publishes what a cold one does', { timeout: TIMEOUT }, async (t) => {
  const { folder, storage } = folders(t);
  const first = await launch(folder, storage);
  await first.logged(/model cache written/);
  await first.stop();

  const web = path.join(folder, 'shop/web.yaml');
  writeFileSync(web, readFileSync(web, 'utf8').replace(/app: web/g, 'app: web-renamed'));
  rmSync(path.join(folder, 'database/postgres-statefulset.yaml'));
  writeFileSync(path.join(folder, 'shop/extra.yaml'), 'apiVersion: v1\nkind: Service\nmetadata:\n  name: extra\n  namespace: shop\nspec:\n  selector: {app: nothing}\n  ports: [{port: 80}]\n');

  const warm = await launch(folder, storage);
  const line = (await warm.logged(/indexed \d+ manifest files/)).message;
  assert.match(line, /warm start: \d+ restored, 0 unchanged by content, 1 re-read/);
  const after = published(warm);
  await warm.stop();
  assert.deepEqual(after, await coldRun(folder));
  assert.ok(!('database/postgres-statefulset.yaml' in after));
});

test('a file added while the server was not running: what was shown from the cache is corrected by the scan', { timeout: TIMEOUT }, async (t) => {
  const { folder, storage } = folders(t);
  writeFileSync(path.join(folder, 'late/svc.yaml'.replace('/', '-')), 'apiVersion: v1\nkind: Service\nmetadata:\n  name: late\nspec:\n  selector: {app: late}\n  ports: [{port: 80}]\n');
  const first = await launch(folder, storage);
  await first.logged(/model cache written/);
  assert.ok((await first.diagnosticsFor('late-svc.yaml')).some((d) => d.code === 'service-selects-nothing'));
  await first.stop();
  writeFileSync(
    path.join(folder, 'late-deploy.yaml'),
    'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: late\nspec:\n  selector: {matchLabels: {app: late}}\n  template:\n    metadata: {labels: {app: late}}\n    spec:\n      containers: [{name: c, image: x, ports: [{containerPort: 80}]}]\n',
  );
  const warm = await launch(folder, storage);
  const after = published(warm);
  const sent = warm.wire.filter((m) => m.method === 'textDocument/publishDiagnostics' && m.params?.uri === warm.uri('late-svc.yaml'));
  await warm.stop();
  assert.ok(sent.length >= 2, 'shown from the cache, then corrected');
  assert.deepEqual(sent.at(-1)!.params!.diagnostics, [], 'cleared by the scan');
  assert.ok(!('late-svc.yaml' in after));
  assert.deepEqual(after, await coldRun(folder));
});

test('an editor opened on a restored file: its text wins, and its findings follow it', { timeout: TIMEOUT }, async (t) => {
  const { folder, storage } = folders(t);
  const first = await launch(folder, storage);
  await first.logged(/model cache written/);
  await first.stop();
  const warm = await launch(folder, storage);
  t.after(() => warm.stop());
  const web = readFileSync(path.join(folder, 'shop/web.yaml'), 'utf8').replace(/^(\s+)targetPort: http/m, '$1targetPort: nope');
  await warm.open('shop/web.yaml', web);
  const d = await warm.diagnosticsFor('shop/web.yaml', (ds) => ds.some((x) => x.code === 'target-port-name-unresolved' && /"nope"/.test(String(x.message))));
  assert.ok(d.length > 0);
});

test('a storage folder that cannot be written: the server works without the cache', { timeout: TIMEOUT }, async (t) => {
  const { folder, storage } = folders(t);
  const blocker = path.join(storage, 'file');
  writeFileSync(blocker, 'x');
  const c = await launch(folder, blocker);
  await c.logged(/model cache not written/);
  const out = published(c);
  await c.stop();
  assert.deepEqual(out, await coldRun(folder));
});

test('with charts and overlays: the warm launch renders no unchanged unit again and publishes what the first launch did', { timeout: 180_000 }, async (t) => {
  const helm = requireTool(t, 'helm');
  const kubectl = requireTool(t, 'kubectl');
  if (!helm || !kubectl) return;
  const folder = mkdtempSync(path.join(tmpdir(), 'kube-ports-warm-render-'));
  const storage = mkdtempSync(path.join(tmpdir(), 'kube-ports-warm-storage-'));
  t.after(() => rmSync(folder, { recursive: true, force: true }));
  t.after(() => rmSync(storage, { recursive: true, force: true }));
  cpSync(path.resolve(__dirname, '../fixtures/render-host'), folder, { recursive: true });
  const options = { folder, settings: { helm: { path: helm }, kustomize: { path: kubectl } }, initializationOptions: { workspaceTrusted: true, storageUri: `file://${storage}` } };
  const rendered = (c: LspClient) => c.renders.filter((r) => r.status === 'rendered');

  const first = await LspClient.start(options);
  await first.until(() => rendered(first).length >= 2, 'both units rendered');
  const seen = first.logs.length;
  // The cache written after the renders (debounced after the last publish).
  await first.until(() => first.logs.slice(seen).some((l) => /model cache written/.test(l.message)), 'the cache written after rendering');
  const before = published(first);
  await first.stop();

  const warm = await LspClient.start(options);
  t.after(() => warm.stop());
  await warm.until(() => rendered(warm).length >= 2, 'both units rendered');
  assert.ok(rendered(warm).every((r) => r.fromCache === true), JSON.stringify(warm.renders));
  assert.match((await warm.logged(/indexed \d+ manifest files/)).message, /warm start: \d+ restored/);
  // What the renders changed is published in steps after them (lsp/scheduler.ts): wait for it to settle.
  await warm.until(() => isDeepStrictEqual(published(warm), before), "the first launch's diagnostics");
  assert.deepEqual(published(warm), before);
});
