/**
 * The warm start's pure part (core/workspace/snapshot.ts, Workspace.snapshot / restoreFiles): a
 * snapshot read back restores the same model and findings without parsing or analysing; a file
 * changed, added or deleted after the restore is re-analysed with what depends on it, exactly as
 * a cold load would have it; anything malformed is a miss, never an exception.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { restoreFile, restoreFindings, snapshotOfFile, type RestoredFile } from '../../server/src/core/workspace/snapshot';
import { Workspace } from '../../server/src/core/workspace/workspace';
import type { Finding } from '../../server/src/core/findings';
import { uriOf } from '../support/fixture';

const EXAMPLES = path.resolve(__dirname, '../../examples');

function exampleFiles(): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (/\.ya?ml$/.test(name)) out.set(uriOf(`/examples/${path.relative(EXAMPLES, full)}`), readFileSync(full, 'utf8'));
    }
  };
  walk(EXAMPLES);
  return out;
}

function cold(files: Map<string, string>): Workspace {
  const ws = new Workspace();
  for (const [uri, text] of files) ws.setFile(uri, text);
  return ws;
}

const allFindings = (ws: Workspace) => Object.fromEntries(ws.uris().sort().map((u) => [u, ws.findings(u)]));
const allObjects = (ws: Workspace) => JSON.stringify(ws.uris().sort().map((u) => ws.objectsOf(u)));

/** Snapshot → JSON text → back, as the cache does. */
function throughJson(ws: Workspace): { file: RestoredFile; findings: Finding[] | undefined }[] {
  for (const u of ws.uris()) ws.findings(u);
  return ws.snapshot().map((e) => {
    const json = JSON.parse(JSON.stringify([snapshotOfFile(e.parsed, e.context), e.findings ?? null])) as [unknown, unknown];
    const file = restoreFile(json[0], e.parsed.uri);
    assert.ok(file, `snapshot of ${e.parsed.uri} reads back`);
    const findings = json[1] === null ? undefined : restoreFindings(json[1], e.parsed.uri, file.parsed.text.length);
    return { file, findings };
  });
}

test('a restored workspace has the same objects and findings as the cold one', () => {
  const files = exampleFiles();
  const before = cold(files);
  const restored = new Workspace();
  restored.restoreFiles(throughJson(before));
  assert.deepEqual(restored.uris().sort(), before.uris().sort());
  assert.equal(allObjects(restored), allObjects(before));
  assert.deepEqual(allFindings(restored), allFindings(before));
  // Documents and their text come back too (features and edits read them).
  for (const u of before.uris()) {
    assert.deepEqual(
      restored.parsed(u)!.documents.map((d) => [d.span, d.text, d.broken]),
      before.parsed(u)!.documents.map((d) => [d.span, d.text, d.broken]),
    );
  }
});

test('restored findings are used as they are: nothing is analysed again for an unchanged world', () => {
  const files = exampleFiles();
  const entries = throughJson(cold(files));
  const marked = entries.map((e) => ({ file: e.file, findings: e.findings?.map((f) => ({ ...f, message: `cached: ${f.message}` })) }));
  const ws = new Workspace();
  ws.restoreFiles(marked);
  const messages = ws.uris().flatMap((u) => ws.findings(u).map((f) => f.message));
  assert.ok(messages.length > 10);
  assert.ok(messages.every((m) => m.startsWith('cached: ')));
});

test('a file changed after the restore is re-analysed with what depends on it, as cold', () => {
  const files = exampleFiles();
  const entries = throughJson(cold(files));
  const target = [...files.keys()].find((u) => u.endsWith('shop/web.yaml'))!;
  const changed = files.get(target)!.replace(/app: web/g, 'app: web2');
  assert.notEqual(changed, files.get(target));
  const ws = new Workspace();
  ws.restoreFiles(entries);
  const affected = ws.setFile(target, changed);
  assert.ok(affected.size > 1, 'dependents are affected');
  const expected = cold(new Map([...files, [target, changed]]));
  assert.deepEqual(allFindings(ws), allFindings(expected));
});

test('a file deleted or added after the restore re-analyses its dependents, as cold', () => {
  const files = exampleFiles();
  const entries = throughJson(cold(files));
  const gone = [...files.keys()].find((u) => u.endsWith('database/postgres-statefulset.yaml'))!;
  const ws = new Workspace();
  ws.restoreFiles(entries);
  ws.removeFile(gone);
  const added = uriOf('/examples/extra/web-policy.yaml');
  const extra = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: extra\n  namespace: shop\nspec:\n  selector: {app: nothing-here}\n  ports: [{port: 80}]\n';
  ws.setFile(added, extra);
  const expected = new Map(files);
  expected.delete(gone);
  expected.set(added, extra);
  assert.deepEqual(allFindings(ws), allFindings(cold(expected)));
});

test('open editors replaced by the restore are re-applied on top of it, like an edit', () => {
  const files = exampleFiles();
  const entries = throughJson(cold(files));
  const target = [...files.keys()].find((u) => u.endsWith('shop/web.yaml'))!;
  const edited = files.get(target)!.replace(/app: web/g, 'app: web3');
  const ws = new Workspace();
  ws.setFile(target, edited, { open: true });
  ws.restoreFiles(entries);
  ws.setFile(target, edited, { open: true });
  assert.deepEqual(allFindings(ws), allFindings(cold(new Map([...files, [target, edited]]))));
});

test('kustomize namespaces are restored without re-parsing; a parse context that no longer holds is parsed again and drops the findings', () => {
  const files = new Map([
    [uriOf('/k/kustomization.yaml'), 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: team\nresources: [svc.yaml]\n'],
    [uriOf('/k/svc.yaml'), 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector: {app: web}\n  ports: [{port: 80}]\n'],
  ]);
  const before = cold(files);
  const entries = throughJson(before);
  const ws = new Workspace();
  ws.restoreFiles(entries);
  assert.equal(ws.objectsOf(uriOf('/k/svc.yaml'))[0]!.namespace, 'team');
  assert.deepEqual(allFindings(ws), allFindings(before));

  // The same svc.yaml snapshot without its kustomization: its context (namespace team) is stale.
  const alone = new Workspace();
  const svc = entries.find((e) => e.file.parsed.uri === uriOf('/k/svc.yaml'))!;
  alone.restoreFiles([{ file: svc.file, findings: [{ uri: svc.file.parsed.uri, span: { start: 0, end: 1 }, rule: 'bogus', severity: 'error', message: 'stale', related: [] }] }]);
  assert.equal(alone.objectsOf(uriOf('/k/svc.yaml'))[0]!.namespace, 'default');
  assert.deepEqual(alone.findings(uriOf('/k/svc.yaml')).map((f) => f.rule), ['service-selects-nothing']);
});

test('findings that depend on a rendered file are not in the snapshot', () => {
  const ws = new Workspace();
  ws.setFolders([uriOf('/')]);
  const chart = uriOf('/chart/Chart.yaml');
  ws.setFile(chart, 'apiVersion: v2\nname: web\nversion: 0.1.0\n');
  ws.setFile(uriOf('/chart/templates/deploy.yaml'), 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\n');
  const plainSvc = uriOf('/plain/svc.yaml');
  ws.setFile(plainSvc, 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector: {app: web}\n  ports: [{port: 80, targetPort: http}]\n');
  const lonely = uriOf('/plain/other.yaml');
  ws.setFile(lonely, 'apiVersion: v1\nkind: Service\nmetadata:\n  name: other\n  namespace: elsewhere\nspec:\n  selector: {app: other}\n  ports: [{port: 80}]\n');
  const unit = ws.units()[0]!;
  ws.setRenderOutcome(unit.id, {
    status: 'rendered',
    text: '---\n# Source: web/templates/deploy.yaml\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers: [{name: c, ports: [{name: http, containerPort: 8080}]}]\n',
  });
  for (const u of ws.uris()) ws.findings(u);
  const byUri = new Map(ws.snapshot().map((e) => [e.parsed.uri, e]));
  assert.equal(byUri.get(plainSvc)!.findings, undefined, 'the Service selects the rendered Deployment');
  assert.ok(byUri.get(lonely)!.findings, 'a file that depends on no rendered object keeps its findings');
  assert.equal(byUri.get(uriOf('/chart/templates/deploy.yaml'))!.findings, undefined, 'a hidden input');
  assert.ok(![...byUri.keys()].some((u) => !u.startsWith('file:')), 'no rendered file');
});

test('a malformed snapshot entry is a miss, never an exception', () => {
  const files = exampleFiles();
  const ws = cold(files);
  const e = ws.snapshot()[0]!;
  const good = JSON.parse(JSON.stringify(snapshotOfFile(e.parsed, e.context))) as Record<string, unknown>;
  const uri = e.parsed.uri;
  assert.ok(restoreFile(good, uri));
  const bad: [string, unknown][] = [
    ['another file', { ...good, uri: uriOf('/elsewhere.yaml') }],
    ['no text', { ...good, text: undefined }],
    ['documents not a list', { ...good, documents: 'x' }],
    ['document beyond the text', { ...good, documents: [[0, 1e9, 0]] }],
    ['object of another file', { ...good, objects: (good.objects as Record<string, unknown>[]).map((o) => ({ ...o, uri: 'file:///x' })) }],
    ['object in no document', { ...good, objects: (good.objects as Record<string, unknown>[]).map((o) => ({ ...o, documentIndex: 99 })) }],
    ['span beyond the text', { ...good, objects: (good.objects as Record<string, unknown>[]).map((o) => ({ ...o, span: { start: 0, end: 1e9 } })) }],
    ['nested span beyond the text', { ...good, objects: (good.objects as Record<string, unknown>[]).map((o) => ({ ...o, labels: { x: { start: -1, end: 2 } } })) }],
    ['object without a kind', { ...good, objects: [{ ...(good.objects as Record<string, unknown>[])[0], kind: 3 }] }],
    ['a note of an unknown code', { ...good, notes: [{ span: { start: 0, end: 0 }, message: 'x', code: 'nope' }] }],
    ['null', null],
    ['a string', 'garbage'],
  ];
  for (const [what, value] of bad) assert.equal(restoreFile(value, uri), undefined, what);
  assert.equal(restoreFindings([{ uri, span: { start: 0, end: 1 }, rule: 'r', severity: 'fatal', message: 'm', related: [] }], uri, 10), undefined);
  assert.equal(restoreFindings([{ uri, span: { start: 0, end: 11 }, rule: 'r', severity: 'error', message: 'm', related: [] }], uri, 10), undefined);
  assert.equal(restoreFindings({}, uri, 10), undefined);
  fc.assert(
    fc.property(fc.anything(), (value) => {
      restoreFile(value, uri);
      restoreFindings(value, uri, 100);
      restoreFile({ ...good, objects: [value] }, uri);
      return true;
    }),
    { numRuns: 500 },
  );
});
