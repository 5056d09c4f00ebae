import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isService } from '../../server/src/core/model/types';
import { normalizeSettings } from '../../server/src/core/settings';
import { Workspace } from '../../server/src/core/workspace/workspace';
import { uriOf } from '../support/fixture';

const svc = (name: string, selector: string, ns?: string) =>
  `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\n${ns ? `  namespace: ${ns}\n` : ''}spec:\n  selector: {${selector}}\n  ports: [{port: 80}]\n`;
const deploy = (name: string, labels: string, ns?: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\n${ns ? `  namespace: ${ns}\n` : ''}spec:\n  selector: {matchLabels: {${labels}}}\n  template:\n    metadata: {labels: {${labels}}}\n    spec:\n      containers: [{name: c, ports: [{containerPort: 80}]}]\n`;

test('an edit reports only the files whose findings it can change', () => {
  const ws = new Workspace();
  ws.setFile(uriOf('/a/svc.yaml'), svc('a', 'app: a'));
  ws.setFile(uriOf('/a/deploy.yaml'), deploy('a', 'app: a'));
  ws.setFile(uriOf('/b/svc.yaml'), svc('b', 'app: b'));
  ws.setFile(uriOf('/b/deploy.yaml'), deploy('b', 'app: b'));
  const affected = ws.setFile(uriOf('/a/deploy.yaml'), deploy('a', 'app: a2'));
  assert.deepEqual([...affected].sort(), [uriOf('/a/deploy.yaml'), uriOf('/a/svc.yaml')]);
  assert.deepEqual(ws.findings(uriOf('/a/svc.yaml')).map((f) => f.rule), ['service-selects-nothing']);
  assert.deepEqual(ws.findings(uriOf('/b/svc.yaml')), []);
  const back = ws.setFile(uriOf('/a/deploy.yaml'), deploy('a', 'app: a'));
  assert.ok(back.has(uriOf('/a/svc.yaml')));
  assert.deepEqual(ws.findings(uriOf('/a/svc.yaml')), []);
});

test('removing a file clears its objects and re-analyses its dependents', () => {
  const ws = new Workspace();
  ws.setFile(uriOf('/svc.yaml'), svc('a', 'app: a'));
  ws.setFile(uriOf('/deploy.yaml'), deploy('a', 'app: a'));
  assert.deepEqual(ws.findings(uriOf('/svc.yaml')), []);
  const affected = ws.removeFile(uriOf('/deploy.yaml'));
  assert.ok(affected.has(uriOf('/svc.yaml')));
  assert.equal(ws.has(uriOf('/deploy.yaml')), false);
  assert.deepEqual(ws.findings(uriOf('/svc.yaml')).map((f) => f.rule), ['service-selects-nothing']);
});

test('selection is namespace-aware and uses template labels only', () => {
  const ws = new Workspace();
  ws.setFile(uriOf('/svc.yaml'), svc('a', 'app: a', 'one'));
  ws.setFile(uriOf('/deploy.yaml'), deploy('a', 'app: a', 'two'));
  const found = ws.findings(uriOf('/svc.yaml'));
  assert.equal(found.length, 1);
  assert.match(found[0]!.related[0]!.message, /namespace two/);
});

test('a kustomization namespace applies to the files it lists, also through bases, and replaces a declared namespace', () => {
  const ws = new Workspace();
  ws.setFile(uriOf('/base/svc.yaml'), svc('a', 'app: a'));
  ws.setFile(uriOf('/base/deploy.yaml'), deploy('a', 'app: a', 'explicit'));
  ws.setFile(uriOf('/base/kustomization.yaml'), 'resources:\n- svc.yaml\n- deploy.yaml\n');
  ws.setFile(uriOf('/overlay/kustomization.yaml'), 'namespace: prod\nresources:\n- ../base\npatches:\n- path: patch.yaml\n');
  ws.setFile(uriOf('/overlay/patch.yaml'), 'apiVersion: v1\nkind: Service\nmetadata: {name: a}\nspec:\n  type: NodePort\n');
  const service = ws.objectsOf(uriOf('/base/svc.yaml'))[0]!;
  assert.equal(service.namespace, 'prod');
  // kustomize's namespace transformer replaces what the resource declares.
  assert.equal(ws.objectsOf(uriOf('/base/deploy.yaml'))[0]!.namespace, 'prod');
  assert.equal(ws.isPatch(uriOf('/overlay/patch.yaml')), true);
  assert.deepEqual(ws.index.servicesNamed('prod', 'a').length, 1, 'the patch is not a second Service');
  ws.removeFile(uriOf('/overlay/kustomization.yaml'));
  assert.equal(ws.objectsOf(uriOf('/base/svc.yaml'))[0]!.namespace, 'default');
  assert.equal(ws.objectsOf(uriOf('/base/deploy.yaml'))[0]!.namespace, 'explicit');
});

test('a document under a chart\'s templates/ that contains {{ is a template, even when it parses as YAML', () => {
  const ws = new Workspace();
  const template = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports:\n  - port: {{ .Values.service.port }}\n';
  ws.setFile(uriOf('/chart/templates/service.yaml'), template);
  assert.equal(ws.objectsOf(uriOf('/chart/templates/service.yaml')).length, 1, 'without a Chart.yaml it is a plain file');
  ws.setFile(uriOf('/chart/Chart.yaml'), 'apiVersion: v2\nname: web\nversion: 1.0.0\n');
  assert.equal(ws.objectsOf(uriOf('/chart/templates/service.yaml')).length, 0);
  assert.deepEqual(
    ws.findings(uriOf('/chart/templates/service.yaml')).map((f) => f.rule),
    ['helm-template'],
  );
  ws.removeFile(uriOf('/chart/Chart.yaml'));
  assert.equal(ws.objectsOf(uriOf('/chart/templates/service.yaml')).length, 1);
});

test('the default namespace setting applies to objects without one', () => {
  const ws = new Workspace({ settings: normalizeSettings({ defaultNamespace: 'team' }) });
  ws.setFile(uriOf('/svc.yaml'), svc('a', 'app: a'));
  assert.equal(ws.objectsOf(uriOf('/svc.yaml'))[0]!.namespace, 'team');
  ws.setSettings(normalizeSettings({ defaultNamespace: 'other' }));
  const o = ws.objectsOf(uriOf('/svc.yaml'))[0]!;
  assert.ok(isService(o));
  assert.equal(o.namespace, 'other');
  assert.equal(ws.index.servicesNamed('other', 'a').length, 1);
});

test('rule severities can be overridden or switched off', () => {
  const ws = new Workspace({ settings: normalizeSettings({ rules: { 'service-selects-nothing': 'error' } }) });
  ws.setFile(uriOf('/svc.yaml'), svc('a', 'app: a'));
  assert.equal(ws.findings(uriOf('/svc.yaml'))[0]!.severity, 'error');
  ws.setSettings(normalizeSettings({ rules: { 'service-selects-nothing': 'off' } }));
  assert.deepEqual(ws.findings(uriOf('/svc.yaml')), []);
});

test('suppression comments silence a rule on the next line or the whole file', () => {
  const ws = new Workspace();
  ws.setFile(uriOf('/a.yaml'), svc('a', 'app: a').replace('  selector:', '  # kube-ports-ignore service-selects-nothing\n  selector:'));
  ws.setFile(uriOf('/b.yaml'), svc('b', 'app: b').replace('  selector:', '  # kube-ports-ignore other-rule\n  selector:'));
  ws.setFile(uriOf('/c.yaml'), '# kube-ports-ignore-file\n' + svc('c', 'app: c'));
  assert.deepEqual(ws.findings(uriOf('/a.yaml')), []);
  assert.equal(ws.findings(uriOf('/b.yaml')).length, 1);
  assert.deepEqual(ws.findings(uriOf('/c.yaml')), []);
});
