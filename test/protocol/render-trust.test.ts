/**
 * Rendering over LSP, the safety side: nothing runs in an untrusted workspace (not even a version
 * check) until the client grants trust; units that would need the network are never run and say
 * so; a missing binary is one message; a render over the timeout is stopped with a clear note.
 *
 * The "helm" here is a fake (a shell script outside the workspace) that records every call, so
 * these tests need no real helm and can count process starts exactly.
 */
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test, type TestContext } from 'node:test';
import { LspClient } from '../support/lsp-client';

/** A render test that waits for a signal that never comes fails instead of hanging the suite (renders on a loaded machine take seconds). */
const RENDER_TEST_TIMEOUT = 180_000;

const RENDERED = `---
# Source: web-chart/templates/service.yaml
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector: {app: web}
  ports:
    - port: 80
`;

/** A fake helm that appends its arguments to `calls.log`; `template` prints RENDERED, or sleeps with `slow`. */
function fakeHelm(t: TestContext, slow = false): { bin: string; calls: () => string[] } {
  const dir = mkdtempSync(path.join(tmpdir(), 'kube-ports-fake-helm-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const log = path.join(dir, 'calls.log');
  const bin = path.join(dir, 'helm');
  writeFileSync(path.join(dir, 'rendered.yaml'), RENDERED);
  writeFileSync(
    bin,
    `#!/bin/sh\necho "$*" >> '${log}'\nif [ "$1" = version ]; then echo 'v4.1.4+gfake'; exit 0; fi\n${slow ? 'exec sleep 60\n' : `cat '${path.join(dir, 'rendered.yaml')}'\n`}`,
  );
  chmodSync(bin, 0o755);
  return { bin, calls: () => (existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : []) };
}

const CHART = {
  'web/Chart.yaml': 'apiVersion: v2\nname: web-chart\nversion: 0.1.0\n',
  'web/values.yaml': 'port: 80\n',
  'web/templates/service.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector: {app: web}\n  ports:\n    - port: {{ .Values.port }}\n',
  'other/Chart.yaml': 'apiVersion: v2\nname: other\nversion: 0.1.0\n',
  'other/templates/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\n',
  'plain/svc.yaml': 'apiVersion: v1\nkind: Service\nmetadata: {name: lonely}\nspec:\n  selector: {app: nothing}\n  ports: [{port: 80}]\n',
};

const text = (m: string | { value: string }) => (typeof m === 'string' ? m : m.value);
const webUnit = (c: LspClient) => `helm:${c.uri('web')}`;
const rendersOf = (c: LspClient, unit: string) => c.renders.filter((r) => r.unit === unit);

test('untrusted workspace: no process starts, one note per unit says why, plain YAML works as before; trust starts rendering', { timeout: RENDER_TEST_TIMEOUT }, async (t) => {
  const helm = fakeHelm(t);
  const c = await LspClient.start({ files: CHART, settings: { helm: { path: helm.bin } }, initializationOptions: { workspaceTrusted: false } });
  t.after(() => c.stop());
  await c.until(() => c.renders.length >= 2, 'a decision for both charts');
  assert.deepEqual(
    c.renders.map((r) => [r.status, /untrusted workspace/.test(r.message ?? '')]),
    [
      ['not-rendered', true],
      ['not-rendered', true],
    ],
  );
  const notes = await c.diagnosticsFor('web/Chart.yaml', (d) => d.length > 0);
  assert.deepEqual(notes.map((d) => [d.severity, d.code]), [[3, 'render-skipped']]);
  assert.match(text(notes[0]!.message), /not rendered in an untrusted workspace.*Trust the workspace/);
  // Plain YAML is analysed as always.
  const plain = await c.diagnosticsFor('plain/svc.yaml', (d) => d.length > 0);
  assert.deepEqual(plain.map((d) => d.code), ['service-selects-nothing']);
  // Edits of a unit's input do not start anything either.
  await c.open('web/values.yaml', 'port: 81\n');
  await c.change('web/values.yaml', 'port: 82\n');
  await c.save('web/values.yaml');
  await c.request('textDocument/hover', { textDocument: { uri: c.uri('web/templates/service.yaml') }, position: { line: 7, character: 10 } });
  assert.deepEqual(helm.calls(), [], 'no process was started in the untrusted workspace');

  // The user trusts the workspace: now helm runs (version check, then the render).
  await c.connection.sendNotification('kubePorts/workspaceTrusted');
  await c.until(() => rendersOf(c, webUnit(c)).some((r) => r.status === 'rendered'), 'the chart rendered');
  assert.equal(helm.calls()[0], 'version --short');
  assert.ok(helm.calls().some((l) => /^template web-chart \S+ --namespace default/.test(l)), helm.calls().join('\n'));
});

test('a client that says nothing about trust gets the untrusted behaviour', { timeout: RENDER_TEST_TIMEOUT }, async (t) => {
  const helm = fakeHelm(t);
  const c = await LspClient.start({ files: CHART, settings: { helm: { path: helm.bin } } });
  t.after(() => c.stop());
  await c.until(() => c.renders.length >= 2, 'a decision for both charts');
  assert.ok(c.renders.every((r) => r.status === 'not-rendered' && /untrusted/.test(r.message ?? '')));
  assert.deepEqual(helm.calls(), []);
});

test('an unvendored dependency and a remote kustomize base are never run, and say what to do', { timeout: RENDER_TEST_TIMEOUT }, async (t) => {
  const helm = fakeHelm(t);
  const c = await LspClient.start({
    files: {
      'deps/Chart.yaml': 'apiVersion: v2\nname: deps\nversion: 0.1.0\ndependencies:\n  - name: redis\n    version: 18.0.0\n    repository: https://charts.bitnami.com/bitnami\n',
      'deps/templates/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\n',
      'remote/kustomization.yaml': 'resources:\n  - github.com/example/app//deploy?ref=v1\n',
    },
    settings: { helm: { path: helm.bin }, kustomize: { path: helm.bin } },
    initializationOptions: { workspaceTrusted: true },
  });
  t.after(() => c.stop());
  const chart = await c.diagnosticsFor('deps/Chart.yaml', (d) => d.length > 0);
  assert.deepEqual(chart.map((d) => [d.severity, d.code, d.range.start.line]), [[3, 'render-blocked', 4]]);
  assert.match(text(chart[0]!.message), /dependency `redis` is not vendored under charts\/.*helm dependency build/);
  const remote = await c.diagnosticsFor('remote/kustomization.yaml', (d) => d.length > 0);
  assert.deepEqual(remote.map((d) => [d.severity, d.code, d.range.start.line]), [[3, 'render-blocked', 1]]);
  assert.match(text(remote[0]!.message), /remote resource `github\.com\/example\/app\/\/deploy\?ref=v1`.*never fetches/);
  await c.until(() => c.renders.length >= 2, 'both decided');
  assert.deepEqual(helm.calls(), [], 'nothing ran');
});

test('a missing binary: one information message for the workspace, a note on each chart', { timeout: RENDER_TEST_TIMEOUT }, async (t) => {
  const c = await LspClient.start({ files: CHART, settings: { helm: { path: '/nonexistent/helm' } }, initializationOptions: { workspaceTrusted: true } });
  t.after(() => c.stop());
  await c.until(() => c.renders.length >= 2, 'both charts decided');
  assert.ok(c.renders.every((r) => r.status === 'not-rendered'));
  await c.until(() => c.messages.length >= 1, 'the message');
  assert.equal(c.messages.length, 1);
  assert.equal(c.messages[0]!.type, 3);
  assert.match(c.messages[0]!.message, /`kubePorts\.helm\.path` is "\/nonexistent\/helm", which is not an executable file.*Install Helm 3 or 4/);
  for (const chart of ['web/Chart.yaml', 'other/Chart.yaml']) {
    const d = await c.diagnosticsFor(chart, (x) => x.length > 0);
    assert.deepEqual(d.map((x) => [x.severity, x.code]), [[3, 'render-skipped']]);
  }
  // The next render attempt does not show it again.
  await c.open('web/values.yaml', 'port: 81\n');
  await c.save('web/values.yaml');
  await c.until(() => rendersOf(c, webUnit(c)).length >= 2, 'the second attempt');
  assert.equal(c.messages.length, 1);
});

test('a render over kubePorts.render.timeout is stopped and says so', { timeout: RENDER_TEST_TIMEOUT }, async (t) => {
  const helm = fakeHelm(t, true);
  const c = await LspClient.start({
    files: { 'web/Chart.yaml': CHART['web/Chart.yaml'], 'web/templates/service.yaml': CHART['web/templates/service.yaml'] },
    settings: { helm: { path: helm.bin }, render: { timeout: 1 } },
    initializationOptions: { workspaceTrusted: true },
  });
  t.after(() => c.stop());
  await c.until(() => c.renders.length >= 1, 'the render ended');
  assert.equal(c.renders[0]!.status, 'not-rendered');
  const d = await c.diagnosticsFor('web/Chart.yaml', (x) => x.length > 0);
  assert.deepEqual(d.map((x) => [x.severity, x.code]), [[3, 'render-skipped']]);
  assert.match(text(d[0]!.message), /web-chart is not rendered: `helm` did not finish within 1 s \(kubePorts\.render\.timeout\)/);
});
