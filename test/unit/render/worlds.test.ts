/**
 * Worlds: a unit's objects see their own unit and the plain files, never another unit; plain
 * files see every unit. And findings several units share are reported once, naming them.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Workload } from '../../../server/src/core/model/types';
import { parseFile } from '../../../server/src/core/parse/parse-file';
import { mergeUnitFindings, unitLabel, type UnitFinding } from '../../../server/src/core/workspace/unit-findings';
import { WorkspaceIndex } from '../../../server/src/core/workspace/workspace-index';
import { WorldView } from '../../../server/src/core/workspace/world-view';
import type { RenderUnit } from '../../../server/src/core/render/types';

const deployment = (name: string, port: number, hostPort?: number) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        ports:
        - containerPort: ${port}${hostPort ? `\n          hostPort: ${hostPort}` : ''}
`;
const service = (name: string, nodePort: number) => `apiVersion: v1
kind: Service
metadata:
  name: ${name}
spec:
  type: NodePort
  selector: {app: web}
  ports:
  - port: 80
    nodePort: ${nodePort}
`;

const A = 'kube-ports-rendered:kustomize/a';
const B = 'kube-ports-rendered:kustomize/b';
const PLAIN = 'file:///ws/plain.yaml';
const worldOf = (uri: string) => (uri === A ? 'unit-a' : uri === B ? 'unit-b' : undefined);

function indexOf(files: Record<string, string>): WorkspaceIndex {
  const index = new WorkspaceIndex();
  for (const [uri, text] of Object.entries(files)) index.setObjects(uri, parseFile({ uri, text, defaultNamespace: 'default' }).objects);
  return index;
}

test('a unit sees its own objects and plain ones, never another unit', () => {
  const index = indexOf({ [A]: deployment('a', 8080, 8080) + '---\n' + service('web', 30080), [B]: deployment('b', 8080, 8080) + '---\n' + service('web', 30080), [PLAIN]: deployment('p', 9090) });
  const fromA = new WorldView(index, 'unit-a', worldOf);
  const names = (ws: readonly Workload[]) => ws.map((w) => w.name).sort();
  assert.deepEqual(names(fromA.selectWorkloads('default', { entries: [{ key: 'app', value: 'web', keyStart: 0, keyEnd: 0, valueStart: 0, valueEnd: 0 }], start: 0, end: 0 })), ['a', 'p']);
  assert.deepEqual(fromA.servicesNamed('default', 'web').map((s) => s.uri), [A]);
  assert.deepEqual(fromA.nodePortUses('TCP', 30080).map((u) => u.service.uri), [A], 'the same node port in another overlay is no conflict');
  assert.deepEqual(fromA.hostPortUses('TCP', 8080).map((u) => u.workload.uri), [A]);
  assert.deepEqual([...fromA.usedNodePorts('TCP')], [30080]);
  assert.deepEqual(fromA.objectsIn(B), []);
  assert.equal(fromA.objectsIn(A).length, 2);
  // The plain world (the index itself) sees both units.
  assert.deepEqual(index.servicesNamed('default', 'web').map((s) => s.uri).sort(), [A, B]);
});

const finding = (unit: string, message = 'Service web selects nothing'): UnitFinding => ({
  uri: 'file:///ws/base/svc.yaml',
  span: { start: 10, end: 20 },
  rule: 'service-selects-nothing',
  severity: 'warning',
  message,
  related: [],
  unitLabel: unit,
});

test('a finding several units share is reported once, naming them; a unit that words it differently is named too', () => {
  const merged = mergeUnitFindings([finding('kustomization overlays/staging'), finding('kustomization overlays/prod'), finding('kustomization overlays/qa', 'Service qa-web selects nothing')]);
  assert.deepEqual(merged.map((f) => f.message), [
    'Service web selects nothing (in kustomizations overlays/prod, overlays/staging; the same fault in kustomization overlays/qa)',
  ]);
  assert.equal('unitLabel' in merged[0]!, false);
  const apart = mergeUnitFindings([finding('kustomization a'), { ...finding('kustomization a'), rule: 'other-rule' }, { ...finding('kustomization b'), span: { start: 30, end: 31 } }]);
  assert.equal(apart.length, 3, 'other rules and other lines are other findings');
});

test('units are named by release and chart, or by the kustomization path in the folder', () => {
  const helm: RenderUnit = { id: 'h', tool: 'helm', rootUri: 'file:///ws/charts/web', fileUri: 'file:///ws/charts/web/Chart.yaml', name: 'web', release: 'shop', valuesFiles: ['file:///ws/charts/web/values.yaml', 'file:///ws/charts/web/values-prod.yaml'], inputs: [], inputFolders: [] };
  assert.equal(unitLabel(helm, ['file:///ws']), 'Helm release shop (chart web, values-prod.yaml)');
  assert.equal(unitLabel({ ...helm, release: 'web', valuesFiles: [] }, ['file:///ws']), 'Helm release web');
  const kz: RenderUnit = { id: 'k', tool: 'kustomize', rootUri: 'file:///ws/app/overlays/prod', fileUri: 'file:///ws/app/overlays/prod/kustomization.yaml', name: 'prod', inputs: [], inputFolders: [] };
  assert.equal(unitLabel(kz, ['file:///ws']), 'kustomization app/overlays/prod');
});

test('Gateway API and NetworkPolicy lookups see their own unit and plain files only', () => {
  const route = (name: string) => `apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: ${name}}\nspec:\n  parentRefs: [{name: gw}]\n  rules: [{backendRefs: [{name: web, port: 80}]}]\n`;
  const policy = (name: string) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ${name}}\nspec: {podSelector: {}}\n`;
  const grant = (name: string) => `apiVersion: gateway.networking.k8s.io/v1beta1\nkind: ReferenceGrant\nmetadata: {name: ${name}}\nspec: {from: [], to: []}\n`;
  const gateway = 'apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {name: gw}\nspec: {listeners: []}\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: default}\n';
  const index = indexOf({ [A]: [route('a'), policy('a'), grant('a')].join('---\n'), [B]: [route('b'), policy('b'), grant('b')].join('---\n'), [PLAIN]: gateway });
  const fromA = new WorldView(index, 'unit-a', worldOf);
  assert.deepEqual(fromA.routesForService('default', 'web').map((r) => r.name), ['a']);
  assert.deepEqual(fromA.routesForGateway('default', 'gw').map((r) => r.name), ['a']);
  assert.deepEqual(fromA.networkPoliciesIn('default').map((p) => p.name), ['a']);
  assert.deepEqual(fromA.referenceGrantsIn('default').map((g) => g.name), ['a']);
  assert.deepEqual(fromA.gatewaysNamed('default', 'gw').map((g) => g.uri), [PLAIN]);
  assert.equal(fromA.namespacesNamed('default').length, 1);
  assert.deepEqual(index.routesForService('default', 'web').map((r) => r.name).sort(), ['a', 'b'], 'the plain world sees every unit');
});
