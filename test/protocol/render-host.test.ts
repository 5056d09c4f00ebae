/**
 * Rendering over LSP with the real binaries (requireTool: loud skip locally, failure under CI),
 * on a copy of test/fixtures/render-host/: diagnostics and hovers on template and base lines,
 * re-rendering from unsaved buffers (a template, a values file), a template error on its line,
 * back to the saved state when the editor closes, and a quick fix on a base line that adds a
 * container port to the base.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test, type TestContext } from 'node:test';
import type { CodeAction, Diagnostic, Hover, MarkupContent } from 'vscode-languageserver-protocol';
import { applyEdits } from '../../server/src/core/edits/text-edit';
import { LineIndex } from '../../server/src/core/text/line-index';
import { LspClient } from '../support/lsp-client';

/** A render test that waits for a signal that never comes fails instead of hanging the suite (renders on a loaded machine take seconds). */
const RENDER_TEST_TIMEOUT = 180_000;
import { requireTool } from '../support/render-tools';

const FIXTURES = path.resolve(__dirname, '../fixtures/render-host');

async function start(t: TestContext): Promise<LspClient | undefined> {
  const helm = requireTool(t, 'helm');
  const kubectl = requireTool(t, 'kubectl');
  if (!helm || !kubectl) return undefined;
  const folder = mkdtempSync(path.join(tmpdir(), 'kube-ports-render-ws-'));
  cpSync(FIXTURES, folder, { recursive: true });
  const storage = mkdtempSync(path.join(tmpdir(), 'kube-ports-storage-'));
  t.after(() => rmSync(folder, { recursive: true, force: true }));
  t.after(() => rmSync(storage, { recursive: true, force: true }));
  const c = await LspClient.start({
    folder,
    settings: { helm: { path: helm }, kustomize: { path: kubectl } },
    initializationOptions: { workspaceTrusted: true, storageUri: `file://${storage}` },
  });
  t.after(() => c.stop());
  return c;
}

const codes = (d: Diagnostic[]) => d.map((x) => [x.range.start.line, x.range.start.character, x.code]);
const text = (m: string | { value: string }) => (typeof m === 'string' ? m : m.value);
const has = (rule: string, line: number) => (d: Diagnostic[]) => d.some((x) => x.code === rule && x.range.start.line === line);

async function hover(c: LspClient, rel: string, line: number, character: number): Promise<string> {
  const h = await c.request<Hover | null>('textDocument/hover', { textDocument: { uri: c.uri(rel) }, position: { line, character } });
  return h ? (h.contents as MarkupContent).value : '';
}

test('diagnostics land on the template line and the base line, naming the unit', { timeout: RENDER_TEST_TIMEOUT }, async (t) => {
  const c = await start(t);
  if (!c) return;
  const svc = await c.diagnosticsFor('web/templates/service.yaml', (d) => d.some((x) => /in Helm release/.test(text(x.message))));
  assert.deepEqual(codes(svc), [[13, 18, 'target-port-name-unresolved']]);
  assert.match(text(svc[0]!.message), /targetPort "htp" names no container port of Deployment web-chart-web .*\(in Helm release web-chart\)$/);
  assert.equal(svc[0]!.severity, 1);
  assert.deepEqual(svc[0]!.relatedInformation?.map((r) => [r.location.uri, r.location.range.start.line]), [[c.uri('web/templates/deployment.yaml'), 16]]);

  // Before the overlay has rendered, the base is seen as plain files; wait for the rendered view.
  const base = await c.diagnosticsFor('kz/base/service.yaml', (d) => d.some((x) => /in kustomization/.test(text(x.message))));
  assert.deepEqual(codes(base), [[12, 18, 'target-port-name-unresolved']]);
  assert.match(text(base[0]!.message), /Deployment prod-api .*\(in kustomization kz\/overlays\/prod\)$/);
  // namePrefix renamed the Ingress backend with the Service: no false "missing" on the base Ingress.
  assert.deepEqual(await c.diagnosticsFor('kz/base/ingress.yaml'), []);
});

test('hover on a template line and on a base line shows the rendered Service: real names, namespace, endpoints', { timeout: RENDER_TEST_TIMEOUT }, async (t) => {
  const c = await start(t);
  if (!c) return;
  await c.until(() => c.renders.filter((r) => r.status === 'rendered').length >= 2, 'both units rendered');
  const rel = 'web/templates/service.yaml';
  await c.open(rel, readFileSync(path.join(c.root, rel), 'utf8'));
  // `      port: {{ .Values.service.port }}` (line 10), on the value.
  const chart = await hover(c, rel, 9, 14);
  assert.match(chart, /^\*In Helm release `web-chart` \(chart web-chart\)\*/);
  assert.match(chart, /web-chart-web\.default\.svc\.cluster\.local:8080/);
  assert.match(chart, /<cluster-ip>:8080 → <pod-ip>:3000 \(web-chart-web\/app\)/);

  const base = 'kz/base/service.yaml';
  await c.open(base, readFileSync(path.join(c.root, base), 'utf8'));
  // `      port: 80` (line 9).
  const overlay = await hover(c, base, 8, 12);
  assert.match(overlay, /^\*In kustomization `prod`\*/);
  assert.match(overlay, /prod-api\.prod\.svc\.cluster\.local:80/);
});

test('unsaved edits re-render: a template fix, then a values file that breaks the wiring; closing reverts', { timeout: RENDER_TEST_TIMEOUT }, async (t) => {
  const c = await start(t);
  if (!c) return;
  const rel = 'web/templates/service.yaml';
  await c.diagnosticsFor(rel, has('target-port-name-unresolved', 13));
  const saved = readFileSync(path.join(c.root, rel), 'utf8');
  await c.open(rel, saved);
  await c.change(rel, saved.replace('targetPort: htp', 'targetPort: http'));
  await c.diagnosticsFor(rel, (d) => d.length === 0);

  const values = 'web/values.yaml';
  const savedValues = readFileSync(path.join(c.root, values), 'utf8');
  await c.open(values, savedValues);
  await c.change(values, savedValues.replace('name: http', 'name: web'));
  // Now neither Service port's `targetPort: http` resolves (lines 11 and 14 of the unsaved template).
  const broken = await c.diagnosticsFor(rel, (d) => d.length === 2);
  assert.deepEqual(codes(broken), [
    [10, 18, 'target-port-name-unresolved'],
    [13, 18, 'target-port-name-unresolved'],
  ]);
  assert.equal(readFileSync(path.join(c.root, values), 'utf8'), savedValues, 'nothing was written to the workspace');

  await c.close(values);
  await c.close(rel);
  assert.deepEqual(codes(await c.diagnosticsFor(rel, (d) => d.length === 1)), [[13, 18, 'target-port-name-unresolved']]);
});

test('a quick fix on a base line adds the container port to the base Deployment; the re-render of the unsaved buffer clears the finding', { timeout: RENDER_TEST_TIMEOUT }, async (t) => {
  const c = await start(t);
  if (!c) return;
  const service = 'kz/base/service.yaml';
  const deployment = 'kz/base/deployment.yaml';
  const [diagnostic] = await c.diagnosticsFor(service, (d) => d.some((x) => /in kustomization/.test(text(x.message))));
  assert.deepEqual(codes([diagnostic!]), [[12, 18, 'target-port-name-unresolved']]);
  const actions = await c.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: c.uri(service) }, range: diagnostic!.range, context: { diagnostics: [diagnostic] } });
  const fix = actions.find((a) => a.title === 'Add containerPort 9090 named metrics to Deployment prod-api');
  assert.ok(fix, actions.map((a) => a.title).join('\n'));
  assert.deepEqual(fix.diagnostics, [diagnostic]);
  const edits = fix.edit?.changes?.[c.uri(deployment)];
  assert.deepEqual(Object.keys(fix.edit?.changes ?? {}), [c.uri(deployment)]);
  assert.deepEqual(edits, [{ range: { start: { line: 16, character: 33 }, end: { line: 16, character: 33 } }, newText: '\n            - name: metrics\n              containerPort: 9090' }]);
  const saved = readFileSync(path.join(c.root, deployment), 'utf8');
  const lines = new LineIndex(saved);
  const next = applyEdits(saved, edits!.map((e) => ({ span: { start: lines.offsetAt(e.range.start), end: lines.offsetAt(e.range.end) }, newText: e.newText })));
  await c.open(deployment, saved);
  await c.change(deployment, next);
  assert.deepEqual(await c.diagnosticsFor(service, (d) => d.length === 0), []);
});

test('a template error while typing is an error on the line helm names', { timeout: RENDER_TEST_TIMEOUT }, async (t) => {
  const c = await start(t);
  if (!c) return;
  const rel = 'web/templates/deployment.yaml';
  await c.diagnosticsFor('web/templates/service.yaml', has('target-port-name-unresolved', 13));
  const saved = readFileSync(path.join(c.root, rel), 'utf8');
  await c.open(rel, saved);
  await c.change(rel, saved.replace('image: nginx:1.27', 'image: {{ required "imageTag is required" .Values.imageTag }}'));
  const d = await c.diagnosticsFor(rel, (x) => x.some((y) => y.code === 'render-failed'));
  const failed = d.find((x) => x.code === 'render-failed')!;
  assert.equal(failed.severity, 1);
  assert.equal(failed.range.start.line, 15);
  // The tool once, the cause, the unit once.
  assert.match(text(failed.message), /^helm template failed: [^\n]*imageTag is required[^\n]* \(in Helm release web-chart\)$/);
  assert.equal(text(failed.message).match(/helm/gi)?.length, 2, 'the tool and the release, nothing else');
  assert.ok(text(failed.message).length < 400, 'short enough to read');
});
