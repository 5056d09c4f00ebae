import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildWiringGraph, type GraphInput } from '../../../server/src/core/graph/build';
import { edgeState, nodeState, type GraphEdge, type WiringGraph } from '../../../server/src/core/graph/model';
import { parseFile } from '../../../server/src/core/parse/parse-file';
import { DEFAULT_SETTINGS } from '../../../server/src/core/settings';
import { WorkspaceIndex } from '../../../server/src/core/workspace/workspace-index';
import { WorldView } from '../../../server/src/core/workspace/world-view';
import { uriOf, workspaceOf } from '../../support/fixture';

const SHOP = `
//- /shop/web.yaml
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: web, namespace: shop }
spec:
  rules:
    - host: shop.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend: { service: { name: web, port: { name: http } } }
          - path: /old
            pathType: Prefix
            backend: { service: { name: web-v1, port: { number: 80 } } }
---
apiVersion: v1
kind: Service
metadata: { name: web, namespace: shop }
spec:
  type: NodePort
  selector: { app: web }
  ports:
    - name: http
      port: 80
      targetPort: http
      nodePort: 30080
    - name: admin
      port: 9000
      targetPort: admin
//- /shop/deploy.yaml
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  replicas: 3
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers:
        - name: web
          ports:
            - { name: http, containerPort: 8080 }
//- /shop/lonely.yaml
apiVersion: v1
kind: Service
metadata: { name: lonely, namespace: shop }
spec:
  selector: { app: nobody }
  ports: [{ port: 80 }]
//- /db/db.yaml
apiVersion: v1
kind: Service
metadata: { name: db, namespace: data }
spec:
  ports: [{ name: pg, port: 5432 }]
---
apiVersion: v1
kind: Endpoints
metadata: { name: db, namespace: data }
subsets:
  - addresses: [{ ip: 10.0.0.7 }]
    ports: [{ name: pg, port: 5432 }]
---
apiVersion: v1
kind: Service
metadata: { name: mail, namespace: data }
spec:
  type: ExternalName
  externalName: smtp.example.com
  ports: [{ port: 25 }]
`;

function graphOf(fixture: string, scope?: GraphInput['scope']): WiringGraph {
  const ws = workspaceOf(fixture);
  return buildWiringGraph({ index: ws.index, settings: ws.settings, ...(scope ? { scope } : {}), findingsOf: (uri) => ws.findings(uri) });
}

function titles(g: WiringGraph): string[] {
  return g.nodes.map((n) => `${n.kind} ${n.title}`);
}

function edge(g: WiringGraph, from: string, to: string): GraphEdge[] {
  const id = (t: string) => g.nodes.find((n) => n.title === t)?.id;
  return g.edges.filter((e) => e.from === id(from) && e.to === id(to));
}

test('nodes: entry points, Services with ports, workloads with replicas and container ports, Endpoints, external names, grouped by namespace', () => {
  const g = graphOf(SHOP);
  assert.deepEqual(titles(g).sort(), [
    'endpoints Endpoints db',
    'entry <node>:30080',
    'entry <node>:<node-port>',
    'entry shop.example.com/',
    'entry shop.example.com/old',
    'external smtp.example.com',
    'missing no Pods match app=nobody',
    'missing svc/web-v1 (not found)',
    'service svc/db',
    'service svc/lonely',
    'service svc/mail',
    'service svc/web',
    'workload Deployment web',
  ]);
  const web = g.nodes.find((n) => n.title === 'svc/web')!;
  assert.deepEqual(web.lines, ['NodePort', 'http 80', 'admin 9000']);
  assert.equal(web.namespace, 'shop');
  assert.deepEqual(g.nodes.find((n) => n.title === 'Deployment web')!.lines, ['×3 replicas', 'web: http 8080']);
  assert.deepEqual(g.nodes.find((n) => n.title === 'Endpoints db')!.lines, ['10.0.0.7']);
  assert.equal(g.nodes.find((n) => n.kind === 'external')!.namespace, undefined);
  assert.deepEqual(g.namespaces, ['data', 'shop']);
});

test('edges carry the port mappings: entry → Service port → container port', () => {
  const g = graphOf(SHOP);
  assert.deepEqual(edge(g, '<node>:30080', 'svc/web').map((e) => e.lines), [['30080 → 80']]);
  assert.deepEqual(edge(g, '<node>:<node-port>', 'svc/web').map((e) => e.lines), [['auto → 9000']], 'the admin port gets an allocated nodePort');
  assert.deepEqual(edge(g, 'shop.example.com/', 'svc/web').map((e) => e.lines), [['http → 80']]);
  const backends = edge(g, 'svc/web', 'Deployment web');
  assert.deepEqual(backends.find((e) => !e.broken)!.lines, ['80 → http(8080)']);
  assert.deepEqual(edge(g, 'svc/db', 'Endpoints db').map((e) => e.lines), [['5432 → 5432']]);
  assert.deepEqual(edge(g, 'svc/mail', 'smtp.example.com').map((e) => e.lines), [['CNAME, port 25 as is']]);
});

test('broken links: a targetPort naming no container port, a selector matching nothing, an Ingress to a missing Service — each with the finding', () => {
  const g = graphOf(SHOP);
  const admin = edge(g, 'svc/web', 'Deployment web').find((e) => e.broken)!;
  assert.deepEqual(admin.lines, ['9000 → admin (no such port)']);
  assert.equal(edgeState(admin), 'error');
  assert.deepEqual(admin.problems.map((p) => p.rule), ['target-port-name-unresolved']);
  assert.match(admin.problems[0]!.message, /targetPort "admin" names no container port/);
  // the healthy port's edge stays healthy
  assert.equal(edgeState(edge(g, 'svc/web', 'Deployment web').find((e) => !e.broken)!), 'ok');

  const nothing = edge(g, 'svc/lonely', 'no Pods match app=nobody');
  assert.equal(nothing.length, 1);
  assert.deepEqual(nothing[0]!.problems.map((p) => p.rule), ['service-selects-nothing']);
  assert.equal(edgeState(nothing[0]!), 'warning', 'service-selects-nothing is a warning');

  const missing = edge(g, 'shop.example.com/old', 'svc/web-v1 (not found)');
  assert.deepEqual(missing[0]!.problems.map((p) => p.rule), ['ingress-backend-service-missing']);
  assert.equal(edgeState(missing[0]!), 'error');
});

test('findings of rules that are not about a link mark the node, not an edge', () => {
  const g = graphOf(`
    apiVersion: v1
    kind: Service
    metadata: { name: api, namespace: x }
    spec:
      selector: { app: api }
      ports:
        - { name: http, port: 80, targetPort: 8080, nodePort: 30001 }
    ---
    apiVersion: apps/v1
    kind: Deployment
    metadata: { name: api, namespace: x }
    spec:
      selector: { matchLabels: { app: api } }
      template:
        metadata: { labels: { app: api } }
        spec:
          containers: [{ name: api, ports: [{ name: http, containerPort: 8080 }] }]
  `);
  const svc = g.nodes.find((n) => n.title === 'svc/api')!;
  assert.deepEqual(svc.problems.map((p) => p.rule), ['node-port-on-cluster-ip']);
  assert.equal(nodeState(svc), 'error');
  assert.ok(g.edges.every((e) => e.problems.length === 0 && edgeState(e) === 'ok'));
});

test('every node and edge has a source location inside its file', () => {
  const ws = workspaceOf(SHOP);
  const g = buildWiringGraph({ index: ws.index, settings: ws.settings });
  for (const el of [...g.nodes, ...g.edges]) {
    const text = ws.text(el.source.uri);
    assert.ok(text !== undefined, `${el.id}: ${el.source.uri} is a workspace file`);
    assert.ok(el.source.span.start >= 0 && el.source.span.end <= text.length && el.source.span.start <= el.source.span.end, el.id);
  }
  const web = g.nodes.find((n) => n.title === 'svc/web')!;
  assert.equal(ws.text(web.source.uri)!.slice(web.source.span.start, web.source.span.end), 'web');
  assert.equal(web.source.uri, uriOf('/shop/web.yaml'));
});

test('scopes: one Service, one namespace, what a file touches', () => {
  const svc = graphOf(SHOP, { service: { namespace: 'shop', name: 'web' } });
  assert.deepEqual(titles(svc).sort(), ['entry <node>:30080', 'entry <node>:<node-port>', 'entry shop.example.com/', 'service svc/web', 'workload Deployment web']);
  const ns = graphOf(SHOP, { namespace: 'data' });
  assert.deepEqual(titles(ns).sort(), ['endpoints Endpoints db', 'external smtp.example.com', 'service svc/db', 'service svc/mail']);
  const ws = workspaceOf(SHOP);
  const file = buildWiringGraph({ index: ws.index, settings: ws.settings, scope: { objects: ws.index.objectsIn(uriOf('/shop/deploy.yaml')) } });
  assert.ok(titles(file).includes('service svc/web'), 'the Deployment is exposed by svc/web');
  assert.ok(!titles(file).includes('service svc/db'));
});

test('maxNodes caps the graph and says how to see the rest', () => {
  const g = graphOf(SHOP, { maxNodes: 2 });
  assert.ok(g.truncated);
  assert.ok(g.truncated.shownServices < g.truncated.totalServices);
  assert.match(g.truncated.message, /Pick a namespace/);
  assert.ok(g.nodes.length < graphOf(SHOP).nodes.length);
});

test('a workload no Service selects and Endpoints without a Service are drawn alone', () => {
  const g = graphOf(`
    apiVersion: apps/v1
    kind: Deployment
    metadata: { name: batch }
    spec:
      selector: { matchLabels: { app: batch } }
      template:
        metadata: { labels: { app: batch } }
        spec: { containers: [{ name: batch }] }
    ---
    apiVersion: v1
    kind: Endpoints
    metadata: { name: orphan }
    subsets: [{ addresses: [{ ip: 192.0.2.1 }], ports: [{ port: 80 }] }]
  `);
  assert.deepEqual(titles(g), ['workload Deployment batch', 'endpoints Endpoints orphan']);
  assert.deepEqual(g.nodes[1]!.problems.map((p) => p.rule), ['endpoints-without-service']);
  assert.equal(g.edges.length, 0);
});

test('the same object in two files is one node', () => {
  const svc = `
    apiVersion: v1
    kind: Service
    metadata: { name: web }
    spec: { selector: { app: web }, ports: [{ port: 80 }] }
  `;
  const g = graphOf(`//- /a.yaml\n${svc}\n//- /b.yaml\n${svc}`);
  assert.equal(g.nodes.filter((n) => n.kind === 'service').length, 1);
});

test('bad input: no crash, no node without a title', () => {
  const g = graphOf(`
    apiVersion: v1
    kind: Service
    metadata: { name: "" }
    spec:
      type: [1, 2]
      selector: { "": "" }
      ports: [{ port: "x", targetPort: { a: 1 } }, null, 7]
    ---
    apiVersion: networking.k8s.io/v1
    kind: Ingress
    metadata: { name: i }
    spec: { rules: [{ http: { paths: [{ backend: { service: { name: 7 } } }] } }] }
  `);
  assert.ok(g.nodes.every((n) => n.title.length > 0));
});

test('render worlds: each unit\'s Service links only to its own unit\'s and plain Pods; one node per world', () => {
  const A = 'kube-ports-rendered:kustomize/a';
  const B = 'kube-ports-rendered:kustomize/b';
  const deployment = (name: string) => `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: web, ports: [{containerPort: 80}]}]}\n`;
  const service = 'apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  selector: {app: web}\n  ports: [{port: 80}]\n';
  const index = new WorkspaceIndex();
  for (const [uri, text] of Object.entries({ [A]: `${deployment('a')}---\n${service}`, [B]: `${deployment('b')}---\n${service}` })) {
    index.setObjects(uri, parseFile({ uri, text, defaultNamespace: 'default' }).objects);
  }
  const worldOf = (uri: string) => (uri === A ? 'unit-a' : uri === B ? 'unit-b' : undefined);
  const views = new Map([A, B].map((u) => [u, new WorldView(index, worldOf(u)!, worldOf)]));
  const g = buildWiringGraph({
    index,
    settings: DEFAULT_SETTINGS,
    indexFor: (uri) => views.get(uri) ?? index,
    worldOf: (uri) => (uri === A ? 'Kustomize a' : uri === B ? 'Kustomize b' : undefined),
  });
  const services = g.nodes.filter((n) => n.kind === 'service');
  assert.equal(services.length, 2, 'svc/web of each overlay');
  assert.deepEqual(services.map((n) => n.lines.at(-1)).sort(), ['Kustomize a', 'Kustomize b']);
  for (const svc of services) {
    const targets = g.edges.filter((e) => e.from === svc.id).map((e) => g.nodes.find((n) => n.id === e.to)!.title);
    assert.deepEqual(targets, [svc.source.uri === A ? 'Deployment a' : 'Deployment b'], 'no link across units');
  }
});

const CALLS = `
//- /shop/cart.yaml
apiVersion: v1
kind: Service
metadata: { name: cart, namespace: shop }
spec:
  selector: { app: cart }
  ports: [{ name: grpc, port: 7070, targetPort: 7070 }]
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: cart, namespace: shop }
spec:
  selector: { matchLabels: { app: cart } }
  template:
    metadata: { labels: { app: cart } }
    spec:
      containers:
        - name: cart
          ports: [{ containerPort: 7070 }]
//- /shop/front.yaml
apiVersion: apps/v1
kind: Deployment
metadata: { name: front, namespace: shop }
spec:
  selector: { matchLabels: { app: front } }
  template:
    metadata: { labels: { app: front } }
    spec:
      containers:
        - name: front
          env:
            - { name: CART_SERVICE_ADDR, value: "cart:7070" }
            - { name: CART_ADMIN, value: "http://cart.shop.svc.cluster.local:8080/admin" }
`;

test('calls: an edge from each calling workload to the Service it dials, labelled with what it dials, red when the port is wrong', () => {
  const ws = workspaceOf(CALLS);
  const g = buildWiringGraph({ index: ws.index, settings: ws.settings, findingsOf: (uri) => ws.findings(uri) });
  const calls = edge(g, 'Deployment front', 'svc/cart').filter((e) => e.kind === 'call');
  assert.equal(calls.length, 2, 'the good call and the broken one are separate edges');
  const ok = calls.find((e) => !e.broken)!;
  const bad = calls.find((e) => e.broken)!;
  assert.deepEqual(ok.lines, ['CART_SERVICE_ADDR :7070']);
  assert.equal(edgeState(ok), 'ok');
  // the edge's source is the reference's characters in the caller's file
  const front = ws.text(uriOf('/shop/front.yaml'))!;
  assert.equal(ok.source.uri, uriOf('/shop/front.yaml'));
  assert.equal(front.slice(ok.source.span.start, ok.source.span.end), 'cart:7070');
  assert.deepEqual(bad.lines, ['CART_ADMIN :8080']);
  assert.equal(edgeState(bad), 'error');
  assert.deepEqual(bad.problems.map((p) => p.rule), ['service-reference-port-mismatch']);
  // no call edge where nobody calls
  assert.equal(g.edges.filter((e) => e.kind === 'call' && e.from !== ok.from).length, 0);
});

test('calls: scoped to one Service, its callers are added; with no room left, they are not', () => {
  const ws = workspaceOf(CALLS);
  const scoped = buildWiringGraph({ index: ws.index, settings: ws.settings, scope: { service: { namespace: 'shop', name: 'cart' } } });
  assert.ok(scoped.nodes.some((n) => n.title === 'Deployment front'), 'the caller is drawn beside the Service it calls');
  assert.equal(scoped.edges.filter((e) => e.kind === 'call').length, 2);
  const full = buildWiringGraph({ index: ws.index, settings: ws.settings, scope: { service: { namespace: 'shop', name: 'cart' }, maxNodes: 2 } });
  assert.ok(!full.nodes.some((n) => n.title === 'Deployment front'));
  assert.equal(full.edges.filter((e) => e.kind === 'call').length, 0);
});
