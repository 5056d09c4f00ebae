/**
 * The remembered resolutions (service-references.ts `resolveCached`: per index and settings, by
 * host, caller namespace, then port, scheme and flags; a candidate's form and dial per cluster
 * domain) answer what a workspace that never resolved anything answers: hosts that differ only in
 * port, scheme, standing alone, the key or the caller's namespace are resolved each on its own,
 * and a resolution follows the edits of the index (a Service's port, a new Service, a removed
 * one) and a change of the cluster domain.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { portNumber } from '../../../server/src/core/model/ports';
import { isWorkload, type K8sObject } from '../../../server/src/core/model/types';
import { referencesOf, type ReferenceSettings, type ServiceReference } from '../../../server/src/core/references/service-references';
import { Workspace } from '../../../server/src/core/workspace/workspace';

const SERVICE = (ns: string, port: number) => `apiVersion: v1
kind: Service
metadata: {name: cartservice, namespace: ${ns}}
spec:
  selector: {app: cart}
  ports: [{name: grpc, port: ${port}, targetPort: 8080}]
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
const CALLER = (name: string, ns: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: ${ns}}
spec:
  template:
    spec:
      containers:
        - name: c
          env:
            - {name: A, value: "cartservice:7070"}
            - {name: B, value: "cartservice:7071"}
            - {name: C, value: "http://cartservice"}
            - {name: D, value: "https://cartservice"}
            - {name: NOTE, value: "cartservice"}
            - {name: CART_ADDR, value: "cartservice"}
            - {name: E, value: "cartservice.shop.svc.example.org:7070"}
            - {name: F, value: "http://web"}
            - {name: G, value: "https://web"}
            - {name: H, value: "api:80"}
          args: ["--upstream=cartservice:7070", "cartservice.shop:7070"]
`;

function describe(r: ServiceReference): string {
  const t = r.target ? `${r.target.namespace}/${r.target.name}` : '-';
  const sp = r.servicePort ? String(portNumber(r.servicePort.port)) : '-';
  return `${r.site.object.name} ${r.site.where} ${r.site.key ?? '-'} ${r.text} ${r.status} ${t} ${sp} ${r.direct} ${r.services.length} ${r.elsewhere.length} ${r.endpointsProblem ?? '-'} ${r.hostSpan?.start ?? '-'}`;
}

function all(ws: Workspace, settings: ReferenceSettings): string[] {
  const out: string[] = [];
  for (const uri of ['file:///a.yaml', 'file:///b.yaml']) for (const o of ws.index.objectsIn(uri) as K8sObject[]) if (isWorkload(o)) out.push(...referencesOf(ws.index, o, settings).map(describe));
  return out;
}

/** The same files in a workspace whose index resolved nothing yet. */
function fresh(files: Map<string, string>): Workspace {
  const ws = new Workspace();
  for (const [uri, text] of files) ws.setFile(uri, text);
  return ws;
}

test('remembered resolutions answer as a fresh index does, through edits and settings', () => {
  const local: ReferenceSettings = { clusterDomain: 'cluster.local' };
  const other: ReferenceSettings = { clusterDomain: 'example.org' };
  const pinned: ReferenceSettings = { clusterDomain: 'cluster.local', defaultNamespace: 'pinned' };
  const files = new Map<string, string>([
    ['file:///s.yaml', SERVICE('shop', 7070)],
    ['file:///cart.yaml', CART],
    ['file:///web.yaml', 'apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop}\nspec: {ports: [{port: 80}]}\n'],
    // No namespace written: it floats (may be applied to any namespace) unless the settings name another default.
    ['file:///api.yaml', 'apiVersion: v1\nkind: Service\nmetadata: {name: api}\nspec: {ports: [{port: 80}]}\n'],
    ['file:///a.yaml', CALLER('a', 'shop')],
    ['file:///b.yaml', CALLER('b', 'elsewhere')],
  ]);
  const ws = fresh(files);
  const check = (settings: ReferenceSettings, note: string) => assert.deepEqual(all(ws, settings), all(fresh(files), settings), note);
  const edit = (uri: string, text: string | undefined) => {
    if (text === undefined) {
      files.delete(uri);
      ws.removeFile(uri);
    } else {
      files.set(uri, text);
      ws.setFile(uri, text);
    }
  };

  const first = all(ws, local);
  // Same host, different port, scheme, key and caller namespace: each its own answer.
  assert.ok(first.some((r) => r.startsWith('a env A cartservice:7070 ok ')), first.join('\n'));
  assert.ok(first.some((r) => r.startsWith('a env B cartservice:7071 port-mismatch ')), first.join('\n'));
  assert.ok(first.some((r) => r.startsWith('a env C cartservice port-mismatch ')), first.join('\n'));
  assert.ok(first.some((r) => r.startsWith('a env CART_ADDR cartservice ')), first.join('\n'));
  assert.ok(first.some((r) => r.startsWith('b env A cartservice:7070 wrong-namespace ')), first.join('\n'));
  assert.ok(!first.some((r) => r.startsWith('b env NOTE ')), first.join('\n'));
  assert.ok(first.some((r) => r.startsWith('a env F web no-endpoints ')), first.join('\n'));
  assert.ok(first.some((r) => r.startsWith('a env G web port-mismatch ')), first.join('\n'));
  assert.ok(first.some((r) => r.startsWith('a env H api:80 no-endpoints default/api ')), first.join('\n'));
  check(local, 'cold');
  check(local, 'asked again');

  // Another cluster domain on the same index: the domain-qualified name now means the Service.
  check(other, 'example.org');
  assert.ok(all(ws, other).some((r) => r.startsWith('a env E cartservice.shop.svc.example.org:7070 ok ')));
  check(local, 'back to cluster.local');
  // Another default namespace: the Service without a namespace no longer floats.
  check(pinned, 'defaultNamespace pinned');
  assert.ok(all(ws, pinned).some((r) => r.startsWith('a env H api:80 wrong-namespace ')));
  check(local, 'no defaultNamespace again');

  edit('file:///s.yaml', SERVICE('shop', 7071));
  check(local, 'the port changed');
  assert.ok(all(ws, local).some((r) => r.startsWith('a env B cartservice:7071 ok ')));

  edit('file:///s2.yaml', SERVICE('elsewhere', 7070));
  check(local, 'a Service in the second caller namespace');
  assert.ok(all(ws, local).some((r) => r.startsWith('b env A cartservice:7070 no-endpoints ')));

  edit('file:///s.yaml', undefined);
  check(local, 'the first Service removed');
  check(other, 'the first Service removed, example.org');
});
