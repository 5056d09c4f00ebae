import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test, type TestContext } from 'node:test';
import { buildOriginMap, type OriginMap } from '../../../server/src/core/render/origin-map';
import type { RenderUnit } from '../../../server/src/core/render/types';
import { discoverUnits } from '../../../server/src/core/render/units';
import { normalizeSettings } from '../../../server/src/core/settings';
import { describeLocation, FIXTURES, readTree, renderHelm, spanAfter, textOf, uriOfPath } from '../../support/render-fixture';
import { requireTool } from '../../support/render-tools';

const tree = readTree(FIXTURES);

function demo(settings: unknown = {}): RenderUnit {
  const units = discoverUnits({ files: tree.files, auxiliary: tree.auxiliary, folders: [uriOfPath(FIXTURES)], settings: normalizeSettings(settings) });
  return units.find((u) => u.rootUri === uriOfPath(path.join(FIXTURES, 'helm/demo')))!;
}

function render(t: TestContext, unit: RenderUnit, args: string[] = []): { text: string; map: OriginMap } | undefined {
  const helm = requireTool(t, 'helm');
  if (!helm) return undefined;
  const text = renderHelm(helm, new URL(unit.rootUri).pathname, unit.release!, args);
  return { text, map: buildOriginMap({ unit, renderedText: text, text: textOf, auxiliary: tree.auxiliary }) };
}

const at = (r: { text: string; map: OriginMap }, after: string, needle: string) => describeLocation(r.map.toSource(spanAfter(r.text, after, needle)));

test('helm: a value from a plain .Values reference lands on the action, with the values-file line as related', (t) => {
  const r = render(t, demo());
  if (!r) return;
  const loc = r.map.toSource(spanAfter(r.text, '- name: http\n      port: ', '80'));
  assert.equal(describeLocation(loc), 'helm/demo/templates/service.yaml:16: {{ .Values.service.port }}');
  assert.equal(loc.exact, true);
  assert.equal(loc.related?.length, 1);
  assert.equal(describeLocation(loc.related![0]!), 'helm/demo/values.yaml:7: port: 80');
  // Keys and literals land on themselves.
  assert.equal(at(r, '- name: http\n      port: 80\n', 'targetPort'), 'helm/demo/templates/service.yaml:17: targetPort');
  assert.equal(at(r, 'kind: Deployment', '/healthz'), 'helm/demo/templates/deployment.yaml:34: /healthz');
});

test('helm: list items match by name, not index (an {{- if }} item before them shifts indexes)', (t) => {
  const r = render(t, demo({ helm: { releases: { 'helm/demo': { valuesFiles: ['values.yaml', 'values-prod.yaml'] } } } }), ['-f', path.join(FIXTURES, 'helm/demo/values-prod.yaml')]);
  if (!r) return;
  // ports[1] is `http` once the conditional `metrics` port renders first.
  const loc = r.map.toSource(spanAfter(r.text, '- name: http\n      port: 8000\n      targetPort: ', 'http'));
  assert.equal(describeLocation(loc), 'helm/demo/templates/service.yaml:17: http');
  assert.equal(at(r, '- name: metrics\n      port: ', '9102'), 'helm/demo/templates/service.yaml:12: 9102');
  // containers[1] is `app`: its probe port is the template's, not the exporter's.
  assert.equal(at(r, 'readinessProbe:\n            httpGet:\n              path: /healthz\n              port: ', 'http'), 'helm/demo/templates/deployment.yaml:35: {{ .Values.probe.port }}');
  assert.equal(at(r, '- name: exporter\n          image: ', '"prom/statsd-exporter:v0.26.0"'), 'helm/demo/templates/deployment.yaml:20: "prom/statsd-exporter:v0.26.0"');
  // The values file that sets the value wins (the last -f file).
  const port = r.map.toSource(spanAfter(r.text, '- name: http\n      port: ', '8000'));
  assert.equal(describeLocation(port.related![0]!), 'helm/demo/values-prod.yaml:3: port: 8000');
});

test('helm: range items land on the range body; include output on the nearest enclosing key (not exact)', (t) => {
  const r = render(t, demo());
  if (!r) return;
  assert.equal(at(r, 'containerPort: 8080\n            - name: admin\n              containerPort: ', '9090'), 'helm/demo/templates/deployment.yaml:30: {{ .containerPort }}');
  assert.equal(at(r, '- name: app', '8080'), 'helm/demo/templates/deployment.yaml:30: {{ .containerPort }}');
  assert.equal(at(r, '- name: app\n          image: "nginx:1.27"\n          ports:\n            - name: ', 'admin'), 'helm/demo/templates/deployment.yaml:29: {{ .name }}');
  const label = r.map.toSource(spanAfter(r.text, 'kind: Deployment\nmetadata:\n  name: demo-app-demo-app\n  labels:\n    ', 'app.kubernetes.io/name'));
  assert.equal(describeLocation(label), 'helm/demo/templates/deployment.yaml:5: labels');
  assert.equal(label.exact, false);
  // Partly templated scalars take in their actions.
  assert.equal(at(r, 'kind: Service\nmetadata:\n  name: ', 'demo-app-demo-app-admin'), 'helm/demo/templates/service.yaml:25: {{ include "demo.fullname" . }}-admin');
  assert.equal(at(r, 'kind: Service\nmetadata:\n  name: ', 'demo-app-sub'), 'helm/demo/charts/sub/templates/service.yaml:4: {{ .Release.Name }}-sub');
});

test('helm: several documents of one template map by kind and order; subcharts in folders map into them', (t) => {
  const r = render(t, demo());
  if (!r) return;
  assert.equal(at(r, 'name: demo-app-demo-app-admin\nspec:\n  ports:\n    - name: admin\n      port: ', '9090'), 'helm/demo/templates/service.yaml:29: 9090');
  const sub = r.map.toSource(spanAfter(r.text, '- name: redis\n      port: ', '6379'));
  assert.equal(describeLocation(sub), 'helm/demo/charts/sub/templates/service.yaml:8: {{ .Values.port }}');
  assert.equal(describeLocation(sub.related![0]!), 'helm/demo/charts/sub/values.yaml:1: port: 6379');
});

test('helm: objects of a .tgz subchart land on its dependency entry in Chart.yaml, naming the template in the archive', (t) => {
  const r = render(t, demo());
  if (!r) return;
  const loc = r.map.toSource(spanAfter(r.text, 'name: demo-app-packed', 'targetPort'));
  assert.equal(describeLocation(loc), 'helm/demo/Chart.yaml:9: name: packed');
  assert.equal(loc.exact, false);
  assert.match(loc.related![0]!.message, /packed\/templates\/service\.yaml inside charts\/packed-0\.1\.0\.tgz/);
});

test('helm: documents say their template and whether they are hooks', (t) => {
  const r = render(t, demo());
  if (!r) return;
  const rel = (u: string | undefined) => (u ? path.relative(FIXTURES, new URL(u).pathname) : u);
  assert.deepEqual(
    r.map.documents.map((d) => `${rel(d.sourceUri)}${d.hook ? ' (hook)' : ''}`),
    [
      'helm/demo/Chart.yaml',
      'helm/demo/charts/sub/templates/service.yaml',
      'helm/demo/templates/service.yaml',
      'helm/demo/templates/service.yaml',
      'helm/demo/templates/deployment.yaml',
      'helm/demo/templates/tests/test-connection.yaml (hook)',
    ],
  );
  assert.ok(r.map.sources.includes(uriOfPath(path.join(FIXTURES, 'helm/demo/templates/deployment.yaml'))));
});

test('helm: toRendered is the reverse (a range line gives every item it rendered)', (t) => {
  const r = render(t, demo());
  if (!r) return;
  const templateUri = uriOfPath(path.join(FIXTURES, 'helm/demo/templates/deployment.yaml'));
  const template = textOf(templateUri)!;
  const offsets = r.map.toRendered(templateUri, template.indexOf('{{ .containerPort }}') + 3);
  assert.deepEqual(
    offsets.map((o) => r.text.slice(o, o + 4)),
    ['8080', '9090'],
  );
  const serviceUri = uriOfPath(path.join(FIXTURES, 'helm/demo/templates/service.yaml'));
  const service = textOf(serviceUri)!;
  const port = r.map.toRendered(serviceUri, service.indexOf('{{ .Values.service.port }}'));
  assert.equal(port.length, 1);
  assert.equal(r.text.slice(port[0]!, port[0]! + 2), '80');
  assert.deepEqual(r.map.toRendered(serviceUri, service.indexOf('{{- if .Values.service.metrics }}')), []);
});

test('helm: a block from `toYaml .Values.x` lands on the values file line, the template key as related', (t) => {
  const r = render(t, demo());
  if (!r) return;
  const loc = r.map.toSource(spanAfter(r.text, ['startupProbe:', 'port: '], 'admin'));
  assert.equal(describeLocation(loc), 'helm/demo/values.yaml:22: admin');
  assert.equal(loc.exact, true);
  assert.equal(describeLocation(loc.related![0]!), 'helm/demo/templates/deployment.yaml:40: startupProbe');
  // `toYaml .` inside `with`: the values path is unknown, the enclosing key stands for it.
  const liveness = r.map.toSource(spanAfter(r.text, ['livenessProbe:', 'port: '], 'http'));
  assert.equal(describeLocation(liveness), 'helm/demo/templates/deployment.yaml:37: livenessProbe');
  assert.equal(liveness.exact, false);
});
