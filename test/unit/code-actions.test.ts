import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyEdits } from '../../server/src/core/edits/text-edit';
import { codeActions, workspaceEnv, type CodeActionProposal } from '../../server/src/core/features/code-actions/index';
import { Workspace } from '../../server/src/core/workspace/workspace';

const U = (p: string) => `file:///ws/${p}`;

function setup(files: Record<string, string>) {
  const ws = new Workspace();
  for (const [p, t] of Object.entries(files)) ws.setFile(U(p), t);
  return ws;
}

/** Actions at the first occurrence of `marker` in `file`, given the file's current findings as diagnostics. */
function actionsAt(ws: Workspace, file: string, marker: string): CodeActionProposal[] {
  const text = ws.text(U(file))!;
  const at = text.indexOf(marker);
  assert.ok(at >= 0, `marker ${marker}`);
  const diagnostics = ws.findings(U(file)).map((f) => ({ code: f.rule, span: f.span }));
  return codeActions(workspaceEnv(ws), { uri: U(file), span: { start: at, end: at }, diagnostics }, (id, e) => assert.fail(`${id}: ${String(e)}`));
}

/** Applies the action titled `title`; returns the new texts and asserts re-analysis adds no finding. */
function applyAction(ws: Workspace, actions: CodeActionProposal[], title: string, gone: string[] = []): Record<string, string> {
  const a = actions.find((x) => x.title === title);
  assert.ok(a, `action "${title}" in: ${actions.map((x) => x.title).join(' | ')}`);
  const before = new Map(ws.uris().map((u) => [u, ws.findings(u).map((f) => f.rule)]));
  const out: Record<string, string> = {};
  const after = new Workspace();
  for (const u of ws.uris()) {
    const text = a.edits[u] ? applyEdits(ws.text(u)!, a.edits[u]!) : ws.text(u)!;
    out[u.slice(U('').length)] = text;
    after.setFile(u, text);
  }
  for (const u of after.uris()) {
    const rules = after.findings(u).map((f) => f.rule);
    for (const r of rules) assert.ok(before.get(u)!.includes(r), `new finding ${r} in ${u}`);
    for (const g of gone) assert.ok(!rules.includes(g), `${g} still reported in ${u}`);
    assert.equal(after.parsed(u)!.notes.length, 0, 'result parses');
  }
  return out;
}

const DEPLOY = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
        tier: frontend
    spec:
      containers:
      - name: nginx
        image: nginx # pinned later
        ports:
        - name: http
          containerPort: 8080
`;

test('Add nodePort: lowest free port, type set to NodePort, other Services\' ports skipped', () => {
  const svc = `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
  - port: 80   # public
    targetPort: http
`;
  const other = `apiVersion: v1\nkind: Service\nmetadata: {name: o}\nspec:\n  type: NodePort\n  selector: {app: web}\n  ports: [{port: 1, nodePort: 30000}, {port: 2, nodePort: 30001, protocol: UDP}]\n`;
  const ws = setup({ 'svc.yaml': svc, 'dep.yaml': DEPLOY, 'other.yaml': other });
  const out = applyAction(ws, actionsAt(ws, 'svc.yaml', 'port: 80'), 'Add nodePort 30001 and set type: NodePort');
  assert.equal(out['svc.yaml'], svc.replace('spec:\n', 'spec:\n  type: NodePort\n').replace('targetPort: http\n', 'targetPort: http\n    nodePort: 30001\n'));
  assert.equal(out['other.yaml'], other);
});

test('Add nodePort to all ports keeps LoadBalancer and flow style', () => {
  const svc = `apiVersion: v1\nkind: Service\nmetadata: {name: lb}\nspec:\n  type: LoadBalancer\n  selector: {app: web}\n  ports: [{name: a, port: 80}, {name: b, port: 81}]\n`;
  const ws = setup({ 'svc.yaml': svc, 'dep.yaml': DEPLOY });
  const out = applyAction(ws, actionsAt(ws, 'svc.yaml', 'kind'), 'Add nodePorts 30000, 30001 to all ports');
  assert.equal(out['svc.yaml'], svc.replace('port: 80}', 'port: 80, nodePort: 30000}').replace('port: 81}', 'port: 81, nodePort: 30001}'));
});

test('Add nodePort in a JSON manifest keeps it JSON', () => {
  const json = '{\n  "apiVersion": "v1",\n  "kind": "Service",\n  "metadata": {"name": "j"},\n  "spec": {\n    "type": "ClusterIP",\n    "selector": {"app": "web"},\n    "ports": [{"port": 80}]\n  }\n}\n';
  const ws = setup({ 'svc.json': json, 'dep.yaml': DEPLOY });
  const out = applyAction(ws, actionsAt(ws, 'svc.json', '"port"'), 'Add nodePort 30000 and set type: NodePort');
  assert.equal(out['svc.json'], json.replace('"ClusterIP"', '"NodePort"').replace('{"port": 80}', '{"port": 80, "nodePort": 30000}'));
  assert.deepEqual(JSON.parse(out['svc.json']!).spec.ports, [{ port: 80, nodePort: 30000 }]);
});

test('targetPort "8080" becomes 8080', () => {
  const svc = `apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: web\n  ports:\n  - port: 80\n    targetPort: "8080"\n`;
  const ws = setup({ 'svc.yaml': svc, 'dep.yaml': DEPLOY });
  const acts = actionsAt(ws, 'svc.yaml', 'targetPort');
  const out = applyAction(ws, acts, 'Change targetPort "8080" to the number 8080', ['invalid-port-name']);
  assert.equal(out['svc.yaml'], svc.replace('"8080"', '8080'));
  assert.equal(acts.find((a) => a.title.startsWith('Change targetPort "8080"'))!.isPreferred, true);
});

test('fix targetPort and add containerPort from the diagnostic of an unresolved name', () => {
  const svc = `apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: web\n  ports:\n  - port: 80\n    targetPort: htp\n`;
  const ws = setup({ 'svc.yaml': svc, 'dep.yaml': DEPLOY });
  const text = ws.text(U('svc.yaml'))!;
  const at = text.indexOf('htp');
  const diagnostics = [{ code: 'target-port-name-unresolved', span: { start: at, end: at + 3 } }];
  const acts = codeActions(workspaceEnv(ws), { uri: U('svc.yaml'), span: { start: at, end: at }, diagnostics, only: ['quickfix'] });
  assert.deepEqual(
    acts.map((a) => a.title),
    ['Change targetPort htp to "http"', 'Change targetPort htp to 8080', 'Add containerPort 80 named htp to Deployment web'],
  );
  assert.equal(applyEdits(svc, acts[0]!.edits[U('svc.yaml')]!), svc.replace('htp', 'http'));
  assert.equal(applyEdits(DEPLOY, acts[2]!.edits[U('dep.yaml')]!), DEPLOY + '        - name: htp\n          containerPort: 80\n');
  assert.deepEqual(acts[2]!.diagnostics, diagnostics);
});

test('fix the selector from a near-miss template; a note for another namespace', () => {
  const svc = `apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: web\n    tier: backend # wrong\n  ports:\n  - port: 80\n    targetPort: http\n`;
  const otherNs = DEPLOY.replace('name: web\n', 'name: web2\n  namespace: shop\n').replace('tier: frontend', 'tier: backend');
  const ws = setup({ 'svc.yaml': svc, 'dep.yaml': DEPLOY, 'shop.yaml': otherNs });
  const acts = actionsAt(ws, 'svc.yaml', 'tier');
  const out = applyAction(ws, acts, 'Change selector tier: backend to tier: frontend (matches Deployment web)', ['service-selects-nothing']);
  assert.equal(out['svc.yaml'], svc.replace('tier: backend', 'tier: frontend'));
  const note = acts.find((a) => a.disabled);
  assert.ok(note && note.title.includes('Deployment web2 in namespace shop'), acts.map((a) => a.title).join(' | '));
});

test('node-port-on-cluster-ip: remove the nodePort, or set type: NodePort', () => {
  const svc = `apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  type: ClusterIP\n  selector:\n    app: web\n  ports:\n  - port: 80\n    nodePort: 30080\n    targetPort: 8080\n`;
  const ws = setup({ 'svc.yaml': svc, 'dep.yaml': DEPLOY });
  const at = svc.indexOf('30080');
  const diagnostics = [{ code: 'node-port-on-cluster-ip', span: { start: at, end: at + 5 } }];
  const acts = codeActions(workspaceEnv(ws), { uri: U('svc.yaml'), span: { start: at, end: at }, diagnostics, only: ['quickfix'] });
  assert.deepEqual(acts.map((a) => a.title), ['Remove nodePort 30080', 'Set type: NodePort on Service web']);
  assert.equal(applyEdits(svc, acts[0]!.edits[U('svc.yaml')]!), svc.replace('    nodePort: 30080\n', ''));
  assert.equal(applyEdits(svc, acts[1]!.edits[U('svc.yaml')]!), svc.replace('type: ClusterIP', 'type: NodePort'));
});

test('name the ports of a multi-port Service', () => {
  const svc = `apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: web\n  ports:\n  - port: 80\n    targetPort: 8080\n  - port: 443\n  - port: 9000\n    protocol: UDP\n`;
  const ws = setup({ 'svc.yaml': svc, 'dep.yaml': DEPLOY });
  const out = applyAction(ws, actionsAt(ws, 'svc.yaml', 'ports'), 'Name the ports: http (80), https (443), udp-9000 (9000)');
  assert.equal(out['svc.yaml'], svc.replace('- port: 80', '- name: http\n    port: 80').replace('- port: 443', '- name: https\n    port: 443').replace('- port: 9000', '- name: udp-9000\n    port: 9000'));
});

test('Add Endpoints / EndpointSlice after a selectorless Service in a multi-document file', () => {
  const text = `apiVersion: v1\nkind: Service\nmetadata:\n  name: db\n  namespace: data\nspec:\n  ports:\n  - name: pg\n    port: 5432\n    targetPort: 15432\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n`;
  const ws = setup({ 'db.yaml': text });
  const acts = actionsAt(ws, 'db.yaml', 'kind: Service');
  const ep = applyAction(ws, acts, 'Add Endpoints db after the Service (address 192.0.2.10 is a placeholder)');
  const svcPart = text.slice(0, text.indexOf('---'));
  assert.equal(
    ep['db.yaml'],
    svcPart + '---\napiVersion: v1\nkind: Endpoints\nmetadata:\n  name: db\n  namespace: data\nsubsets:\n- addresses:\n  - ip: 192.0.2.10\n  ports:\n  - name: pg\n    port: 15432\n    protocol: TCP\n' + text.slice(svcPart.length),
  );
  const edit = acts[0]!.edits[U('db.yaml')]![0]!;
  assert.ok(edit.snippet!.includes('- ip: ${1:192.0.2.10}'));
  const slice = applyAction(ws, acts, 'Add EndpointSlice db-1 for Service db after the Service (address 192.0.2.10 is a placeholder)');
  assert.ok(slice['db.yaml']!.includes('kind: EndpointSlice\nmetadata:\n  name: db-1\n  namespace: data\n  labels:\n    kubernetes.io/service-name: db\naddressType: IPv4\nports:\n- name: pg\n  port: 15432\n  protocol: TCP\nendpoints:\n- addresses:\n  - 192.0.2.10\n---\napiVersion: v1\nkind: ConfigMap'));
  const after = setup({ 'db.yaml': slice['db.yaml']! });
  assert.equal(after.index.endpointSlicesFor('data', 'db').length, 1);
});

test('Create Service for an unexposed Deployment; headless Service for a StatefulSet', () => {
  const ws = setup({ 'dep.yaml': DEPLOY });
  const out = applyAction(ws, actionsAt(ws, 'dep.yaml', 'kind'), 'Create Service for Deployment web');
  assert.equal(out['dep.yaml'], DEPLOY + '---\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: web\n  ports:\n  - name: http\n    port: 8080\n    targetPort: http\n');
  const after = setup(out);
  assert.equal(after.index.servicesSelecting([...after.index.allWorkloads()][0]!).length, 1);
  const sts = DEPLOY.replace('kind: Deployment', 'kind: StatefulSet').replace('spec:\n  selector', 'spec:\n  serviceName: web-headless\n  selector');
  const ws2 = setup({ 'sts.yaml': sts });
  const out2 = applyAction(ws2, actionsAt(ws2, 'sts.yaml', 'serviceName'), 'Create headless Service web-headless for StatefulSet web');
  assert.equal(out2['sts.yaml'], sts + '---\napiVersion: v1\nkind: Service\nmetadata:\n  name: web-headless\nspec:\n  clusterIP: None\n  selector:\n    app: web\n  ports:\n  - name: http\n    port: 8080\n    targetPort: http\n');
});

test('bad input yields no actions, never a throw', () => {
  const ws = setup({ 'x.yaml': 'kind: Service\napiVersion: v1\nspec: [1, 2\n', 'y.yaml': 'apiVersion: v1\nkind: Service\nspec:\n  ports: 7\n' });
  assert.deepEqual(actionsAt(ws, 'x.yaml', 'kind'), []);
  assert.deepEqual(actionsAt(ws, 'y.yaml', 'kind'), []);
});

// Regressions found by `npm run fuzz -- --runs 40000 --seed 4242` (case 39,054) and
// `npm run fuzz -- --runs 60000 --seed 777` (case 33,122).
test('fuzz seed 4242: type: NodePort goes before a tagged first key of spec, not between tag and key', () => {
  const svc = `apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  !!str selector:\n    app: web\n  ports:\n  - port: 80\n  - port: 81\n    name: b\n`;
  const ws = setup({ 'svc.yaml': svc, 'dep.yaml': DEPLOY });
  const actions = actionsAt(ws, 'svc.yaml', 'name: web');
  const out = applyAction(ws, actions, 'Add nodePorts 30000, 30001 to all ports and set type: NodePort');
  assert.match(out['svc.yaml']!, /\nspec:\n  type: NodePort\n  !!str selector:\n    app: web\n/);
});

test('fuzz seed 4242: an anchored first key of spec keeps its anchor with it', () => {
  const svc = `apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  &sel selector:\n    app: web\n  ports:\n  - port: 80\n`;
  const ws = setup({ 'svc.yaml': svc, 'dep.yaml': DEPLOY });
  const out = applyAction(ws, actionsAt(ws, 'svc.yaml', 'port: 80'), 'Add nodePort 30000 and set type: NodePort');
  assert.match(out['svc.yaml']!, /\nspec:\n  type: NodePort\n  &sel selector:\n/);
});

test('fuzz seed 777: an empty nodePort at the end of the file becomes `nodePort: 30000`', () => {
  for (const tail of ['', '\n']) {
    const svc = `apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  type: NodePort\n  selector:\n    app: web\n  ports:\n  - port: 80\n    nodePort:${tail}`;
    const ws = setup({ 'svc.yaml': svc, 'dep.yaml': DEPLOY });
    const out = applyAction(ws, actionsAt(ws, 'svc.yaml', 'port: 80'), 'Add nodePort 30000');
    assert.equal(out['svc.yaml'], svc.replace('nodePort:', 'nodePort: 30000'));
  }
});
