/**
 * Applying a render outcome costs the main thread little (the keystroke path waits for it): the
 * objects of rendered documents whose text did not change are kept, not parsed again, and the
 * origin map parses a template only when a finding or a feature needs it. Real helm on
 * test/fixtures/render-inputs/api.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { renderedDocuments } from '../../../server/src/core/render/rendered-docs';
import { renderedUri } from '../../../server/src/core/render/types';
import { normalizeSettings } from '../../../server/src/core/settings';
import { Workspace } from '../../../server/src/core/workspace/workspace';
import { readTree, renderHelm, uriOfPath } from '../../support/render-fixture';
import { requireTool } from '../../support/render-tools';

const CHART = path.resolve(__dirname, '../../fixtures/render-inputs/api');

test('a new outcome keeps the objects of the rendered documents that did not change', (t) => {
  const helm = requireTool(t, 'helm');
  if (!helm) return;
  const tree = readTree(CHART);
  const ws = new Workspace({ settings: normalizeSettings({}) });
  for (const [uri, text] of tree.files) ws.setFile(uri, text);
  ws.setFolders([uriOfPath(path.dirname(CHART))]);
  ws.setAuxiliaryFiles(tree.auxiliary);
  const unit = ws.units()[0]!;
  const rendered = renderedUri(unit);
  ws.setRenderOutcome(unit.id, { status: 'rendered', text: renderHelm(helm, CHART, unit.release!) });
  const before = new Map(ws.objectsOf(rendered).map((o) => [`${o.kind}/${o.name}`, o]));
  ws.setRenderOutcome(unit.id, { status: 'rendered', text: renderHelm(helm, CHART, unit.release!, ['--set', 'service.port=81']) });
  const after = new Map(ws.objectsOf(rendered).map((o) => [`${o.kind}/${o.name}`, o]));
  assert.deepEqual([...after.keys()].sort(), [...before.keys()].sort());
  // Only the api Service's text changed (its port).
  for (const [key, o] of after) assert.equal(o === before.get(key), key !== 'Service/api-chart-api', key);
  assert.match(JSON.stringify(after.get('Service/api-chart-api')), /\b81\b/);
});

test('rendered documents: the kind from the top-level kind line, or from the YAML when there is none', () => {
  const text = '---\n# Source: c/templates/a.yaml\napiVersion: v1\nkind: Service\nmetadata:\n  name: a\n---\n{kind: ConfigMap, metadata: {name: b}}\n';
  const docs = renderedDocuments(text);
  assert.deepEqual(docs.map((d) => d.kind), ['Service', 'ConfigMap']);
  assert.deepEqual(docs.map((d) => d.name), ['a', 'b']);
  assert.equal(text.slice(docs[1]!.start, docs[1]!.end).trim(), docs[1]!.text.trim());
});

test('an outcome parsed ahead and analysed in steps gives the same model and findings as one applied at once (stale steps are ignored)', (t) => {
  const helm = requireTool(t, 'helm');
  if (!helm) return;
  const root = mkdtempSync(path.join(tmpdir(), 'kp-prepare-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const chart = path.join(root, 'chart');
  const files: Record<string, string> = { 'Chart.yaml': 'apiVersion: v2\nname: steps\nversion: 0.1.0\n', 'values.yaml': 'port: 80\nreplicas: 1\n' };
  for (let i = 0; i < 20; i++) {
    files[`templates/app-${i}.yaml`] =
      `apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Release.Name }}-${i}\nspec:\n  selector: {app: ${i === 5 ? 'elsewhere' : `a${i}`}}\n  ports:\n    - port: {{ .Values.port }}\n      targetPort: ${i === 3 ? 'htp' : 'http'}\n---\n` +
      `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}-${i}\nspec:\n  replicas: {{ .Values.replicas }}\n  selector: {matchLabels: {app: a${i}}}\n  template:\n    metadata: {labels: {app: a${i}}}\n    spec:\n      containers:\n        - name: app\n          image: nginx\n          ports: [{name: http, containerPort: 8080}]\n`;
  }
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(chart, rel)), { recursive: true });
    writeFileSync(path.join(chart, rel), text);
  }
  const workspace = () => {
    const ws = new Workspace({ settings: normalizeSettings({}) });
    for (const [rel, text] of Object.entries(files)) ws.setFile(uriOfPath(path.join(chart, rel)), text);
    ws.setFolders([uriOfPath(root)]);
    return ws;
  };
  const at = workspace();
  const stepped = workspace();
  const unit = at.units()[0]!;
  const render = (...set: string[]) => renderHelm(helm, chart, unit.release!, set.flatMap((s) => ['--set', s]));
  const model = (ws: Workspace) =>
    JSON.stringify([ws.objectsOf(renderedUri(unit)), ws.uris().filter((u) => !u.startsWith('kube-ports-rendered:')).map((u) => [u, ws.findings(u)])]);

  const first = render();
  const changed = render('port=81', 'replicas=2');
  assert.ok(changed.length > 8 * 1024, 'an output of several steps');
  at.setRenderOutcome(unit.id, { status: 'rendered', text: first });
  stepped.setRenderOutcome(unit.id, { status: 'rendered', text: first });
  assert.equal(model(stepped), model(at));
  assert.match(model(at), /target-port-name-unresolved/, 'the unit has a finding to compare');

  at.setRenderOutcome(unit.id, { status: 'rendered', text: changed });
  const step = stepped.prepareRenderOutcome(unit.id, changed);
  let steps = 1;
  while (step()) steps++;
  assert.ok(steps >= 2, `parsed in ${steps} steps`);
  assert.equal(step(), false);
  stepped.setRenderOutcome(unit.id, { status: 'rendered', text: changed });
  const analyse = stepped.analyseUnit(unit.id);
  let analysed = 1;
  while (analyse()) analysed++;
  assert.equal(analysed, 3, '40 rendered objects, 16 per step');
  assert.equal(model(stepped), model(at), 'the same objects (spans, document indexes) and findings');

  // A change that reaches the rendered objects between two analysis steps: the steps done are dropped.
  const plain = uriOfPath(path.join(root, 'plain.yaml'));
  const deployment = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: other\nspec:\n  selector: {matchLabels: {app: elsewhere}}\n  template:\n    metadata: {labels: {app: elsewhere}}\n    spec:\n      containers:\n        - name: app\n          image: nginx\n          ports: [{name: http, containerPort: 9090}]\n';
  at.setRenderOutcome(unit.id, { status: 'rendered', text: first });
  stepped.setRenderOutcome(unit.id, { status: 'rendered', text: first });
  const service5 = uriOfPath(path.join(chart, 'templates', 'app-5.yaml'));
  assert.deepEqual(at.findings(service5).map((f) => f.rule), ['service-selects-nothing']);
  const interrupted = stepped.analyseUnit(unit.id);
  assert.equal(interrupted(), true);
  at.setFile(plain, deployment);
  stepped.setFile(plain, deployment);
  while (interrupted()) {
    // the rest
  }
  assert.deepEqual(at.findings(service5), [], 'the plain Deployment is what rendered Service 5 (checked in the first step) selects');
  assert.equal(model(stepped), model(at), 'the plain Deployment counts in every step');

  // Steps of an output that is not the one applied change nothing.
  const other = render('port=82');
  at.setRenderOutcome(unit.id, { status: 'rendered', text: other });
  const stale = stepped.prepareRenderOutcome(unit.id, render('port=99'));
  while (stale()) {
    // all of it
  }
  stepped.setRenderOutcome(unit.id, { status: 'rendered', text: other });
  assert.equal(model(stepped), model(at));
});
