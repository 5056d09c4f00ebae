import assert from 'node:assert/strict';
import { test } from 'node:test';
import { callsFrom, callsTo, referenceComputations, referencesOf, type ServiceReference } from '../../../server/src/core/references/service-references';
import { scanCandidates } from '../../../server/src/core/references/scan';
import { parseHost } from '../../../server/src/core/references/host-names';
import { isService, isWorkload, type K8sObject } from '../../../server/src/core/model/types';
import { Workspace } from '../../../server/src/core/workspace/workspace';

const settings = { clusterDomain: 'cluster.local' };
const SERVICE = `apiVersion: v1
kind: Service
metadata: {name: cartservice, namespace: shop}
spec:
  selector: {app: cart}
  ports: [{name: grpc, port: 7070, targetPort: 8080}]
`;
const CART = `apiVersion: apps/v1
kind: Deployment
metadata: {name: cart, namespace: shop}
spec:
  template:
    metadata: {labels: {app: cart}}
    spec:
      containers: [{name: cart, ports: [{containerPort: 8080}]}]
`;

function caller(env: string): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata: {name: frontend, namespace: shop}
spec:
  template:
    spec:
      containers:
        - name: frontend
          env:
${env}`;
}

function refs(ws: Workspace, uri: string): ServiceReference[] {
  return ws.index.objectsIn(uri).flatMap((o: K8sObject) => referencesOf(ws.index, o, settings));
}

function spans(ws: Workspace, uri: string): [string | undefined, string | undefined][] {
  const text = ws.text(uri)!;
  const at = (s: { start: number; end: number } | undefined) => (s ? text.slice(s.start, s.end) : undefined);
  return refs(ws, uri).map((r) => [at(r.hostSpan), at(r.portSpan)]);
}

test('the scanner finds hosts inside longer strings and skips user info', () => {
  const hosts = (t: string) => scanCandidates(t).filter((c) => !c.standalone).map((c) => `${c.scheme ? c.scheme + '://' : ''}${c.host}${c.port ? ':' + c.port : ''}`);
  assert.deepEqual(hosts('jdbc:postgresql://postgres:5432/db'), ['postgresql://postgres:5432']);
  assert.deepEqual(hosts('amqp://guest:guest@rabbitmq:5672/'), ['amqp://rabbitmq:5672']);
  assert.deepEqual(hosts('mongodb://u:p@mongo-0.mongo:27017,mongo-1.mongo:27017/db'), ['mongodb://mongo-0.mongo:27017', 'mongodb://mongo-1.mongo:27017']);
  assert.deepEqual(hosts('--upstream=api.backend:80'), ['api.backend:80']);
  assert.deepEqual(hosts('$(REDIS_SERVICE_HOST):$(REDIS_SERVICE_PORT)'), ['$(REDIS_SERVICE_HOST):$(REDIS_SERVICE_PORT)']);
  assert.deepEqual(hosts('see http://a:1/x for details'), ['http://a:1']);
  // Bare words are candidates only standing alone in a one-line string (a list item, a value).
  assert.deepEqual(scanCandidates('a,b c').map((c) => c.host), ['a', 'b', 'c']);
  assert.deepEqual(scanCandidates('line one\nline two').map((c) => c.host), []);
});

test('host forms follow cluster DNS', () => {
  assert.deepEqual(parseHost('cartservice', 'cluster.local'), { kind: 'short', service: 'cartservice' });
  assert.equal(parseHost('cartservice.shop.svc.cluster.local', 'cluster.local')?.kind, 'qualified');
  assert.equal(parseHost('cartservice.shop.svc.corp.example', 'corp.example')?.kind, 'qualified');
  assert.deepEqual(parseHost('web-0.web.shop.svc', 'cluster.local'), { kind: 'qualified', service: 'web', namespace: 'shop', pod: 'web-0', portName: undefined, fqdn: false });
  assert.equal(parseHost('Cart', 'cluster.local'), undefined);
  assert.equal(parseHost('10.0.0.1', 'cluster.local'), undefined);
});

test('spans point at the host and port characters in plain, quoted and block scalars', () => {
  const ws = new Workspace();
  ws.setFile('file:///s.yaml', SERVICE);
  ws.setFile(
    'file:///c.yaml',
    caller(`            - {name: A, value: cartservice:7070}
            - {name: B, value: "x=cartservice:7070"}
            - {name: C, value: 'http://cartservice:7070/'}
            - name: D
              value: |
                first line
                  upstream cartservice:7070;
`),
  );
  assert.deepEqual(spans(ws, 'file:///c.yaml'), [
    ['cartservice', '7070'],
    ['cartservice', '7070'],
    ['cartservice', '7070'],
    ['cartservice', '7070'],
  ]);
});

test('escapes and doubled quotes: the reference is kept, no span is guessed', () => {
  const ws = new Workspace();
  ws.setFile('file:///s.yaml', SERVICE + '---\n' + CART);
  ws.setFile(
    'file:///c.yaml',
    caller(`            - {name: A, value: "\\tcartservice:7070"}
            - {name: B, value: 'it''s cartservice:7070'}
`),
  );
  const rs = refs(ws, 'file:///c.yaml');
  assert.equal(rs.length, 2);
  for (const r of rs) {
    assert.equal(r.status, 'ok');
    assert.equal(r.hostSpan, undefined);
    assert.equal(r.portSpan, undefined);
  }
});

test('callsTo and callsFrom: callers with their container, through env, args and ConfigMaps', () => {
  const ws = new Workspace();
  ws.setFile('file:///s.yaml', SERVICE + '---\n' + CART);
  ws.setFile(
    'file:///c.yaml',
    `apiVersion: v1
kind: ConfigMap
metadata: {name: cfg, namespace: shop}
data: {CART_ADDR: "cartservice:7070"}
---
${caller(`            - {name: A, value: cartservice:7070}
          envFrom: [{configMapRef: {name: cfg}}]
          args: [--cart, cartservice.shop:7070]`)}
`,
  );
  const service = [...ws.index.allServices()][0]!;
  const to = callsTo(ws.index, service, settings);
  assert.deepEqual(
    to.map((c) => [c.caller.name, c.container?.name?.value, c.reference.site.where, c.reference.text]),
    [
      ['frontend', 'frontend', 'env', 'cartservice:7070'],
      ['frontend', 'frontend', 'args', 'cartservice.shop:7070'],
      ['frontend', 'frontend', 'configMap', 'cartservice:7070'],
    ],
  );
  const frontend = ws.index.objectsIn('file:///c.yaml').find((o) => isWorkload(o))!;
  assert.equal(callsFrom(ws.index, frontend as never, settings).length, 3);
  assert.ok(isService(service));
});

test('an edit of the Service, of a workload it selects, or of a ConfigMap re-analyses the callers', () => {
  const ws = new Workspace();
  ws.setFile('file:///s.yaml', SERVICE);
  ws.setFile('file:///cart.yaml', CART);
  ws.setFile('file:///cfg.yaml', `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cfg, namespace: shop}\ndata: {HOST: cartservice}\n`);
  ws.setFile('file:///c.yaml', caller(`            - {name: A, value: cartservice:7070}\n          envFrom: [{configMapRef: {name: cfg}}]\n`));
  ws.setFile('file:///other.yaml', `apiVersion: v1\nkind: Service\nmetadata: {name: unrelated, namespace: shop}\nspec: {ports: [{port: 1}]}\n`);
  assert.ok(ws.setFile('file:///s.yaml', SERVICE.replace('7070', '7071')).has('file:///c.yaml'));
  assert.ok(ws.setFile('file:///cart.yaml', CART.replace('8080', '8081')).has('file:///c.yaml'));
  const cfgAffected = ws.setFile('file:///cfg.yaml', `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cfg, namespace: shop}\ndata: {HOST: cartservice2}\n`);
  assert.ok(cfgAffected.has('file:///c.yaml'));
  // The ConfigMap is a reference site only while someone reads it: the reader's edit re-analyses it.
  assert.ok(ws.setFile('file:///c.yaml', caller(`            - {name: A, value: cartservice:7070}\n`)).has('file:///cfg.yaml'));
  // An unrelated Service is not a caller.
  assert.ok(!ws.setFile('file:///other.yaml', `apiVersion: v1\nkind: Service\nmetadata: {name: unrelated, namespace: shop}\nspec: {ports: [{port: 2}]}\n`).has('file:///c.yaml'));
});

test('kept references: an unrelated edit recomputes nothing; a Service port, a ConfigMap a caller reads or a selected workload changes the callers', () => {
  const ws = new Workspace();
  const CFG = (v: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cfg, namespace: shop}\ndata: {CART_ADDR: "${v}"}\n`;
  const OTHER = (port: number) => `apiVersion: v1\nkind: Service\nmetadata: {name: unrelated, namespace: shop}\nspec: {ports: [{port: ${port}}]}\n`;
  const WORKER = (n: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: worker, namespace: shop}
spec:
  template:
    spec:
      containers: [{name: w, env: [{name: NOTE, value: "${n}"}]}]
`;
  ws.setFile('file:///s.yaml', SERVICE);
  ws.setFile('file:///cart.yaml', CART);
  ws.setFile('file:///cfg.yaml', CFG('cartservice:7070'));
  // The caller's file is open in an editor: an edit re-reads only the documents it changed.
  ws.setFile('file:///c.yaml', `${caller(`            - {name: CART_SERVICE_ADDR, value: cartservice:7070}\n          envFrom: [{configMapRef: {name: cfg}}]\n`)}---\n${WORKER('a')}`, { open: true });
  ws.setFile('file:///other.yaml', OTHER(1));
  const frontend = () => ws.index.objectsIn('file:///c.yaml').find((o) => isWorkload(o) && o.name === 'frontend') as never;
  const statuses = () => callsFrom(ws.index, frontend(), settings).map((c) => `${c.reference.site.where} ${c.reference.text} ${c.reference.status}`);
  const rules = (uri: string) => ws.findings(uri).filter((f) => f.rule.startsWith('service-reference-')).map((f) => f.rule);

  assert.deepEqual(statuses(), ['env cartservice:7070 ok', 'configMap cartservice:7070 ok']);
  const first = callsFrom(ws.index, frontend(), settings).map((c) => c.reference);
  let before = referenceComputations();

  // Another file, and another document of the caller's own file: the caller's references are kept (the same objects).
  ws.setFile('file:///other.yaml', OTHER(2));
  ws.setFile('file:///c.yaml', ws.text('file:///c.yaml')!.replace('value: "a"', 'value: "b"'), { open: true });
  assert.deepEqual(callsFrom(ws.index, frontend(), settings).map((c) => c.reference), first);
  assert.ok(callsFrom(ws.index, frontend(), settings).every((c, i) => c.reference === first[i]));
  assert.equal(referenceComputations(), before);

  // The Service's port: both sites are recomputed and report it, in the caller's file and in the ConfigMap's.
  ws.setFile('file:///s.yaml', SERVICE.replace('port: 7070', 'port: 7071'));
  assert.deepEqual(statuses(), ['env cartservice:7070 port-mismatch', 'configMap cartservice:7070 port-mismatch']);
  assert.ok(referenceComputations() > before);
  assert.deepEqual(rules('file:///c.yaml'), ['service-reference-port-mismatch']);
  assert.deepEqual(rules('file:///cfg.yaml'), ['service-reference-port-mismatch']);

  // The ConfigMap the caller reads: its data is fixed, the env value still is not.
  before = referenceComputations();
  ws.setFile('file:///cfg.yaml', CFG('cartservice:7071'));
  assert.deepEqual(statuses(), ['env cartservice:7070 port-mismatch', 'configMap cartservice:7071 ok']);
  assert.deepEqual(rules('file:///cfg.yaml'), []);
  assert.deepEqual(rules('file:///c.yaml'), ['service-reference-port-mismatch']);
  assert.ok(referenceComputations() > before);

  // A workload the Service selects: its labels change, the Service selects nothing.
  ws.setFile('file:///s.yaml', SERVICE);
  ws.setFile('file:///cart.yaml', CART.replace('{app: cart}', '{app: kart}'));
  assert.deepEqual(statuses(), ['env cartservice:7070 no-endpoints', 'configMap cartservice:7071 port-mismatch']);
  assert.deepEqual(rules('file:///c.yaml'), ['service-reference-no-endpoints']);
  ws.setFile('file:///cart.yaml', CART);
  assert.deepEqual(statuses(), ['env cartservice:7070 ok', 'configMap cartservice:7071 port-mismatch']);
  assert.deepEqual(rules('file:///c.yaml'), []);
});
