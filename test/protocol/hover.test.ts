/**
 * textDocument/hover over the bundled server: every Service type, named and numeric targetPorts,
 * multi-port Services, cross-namespace DNS, container ports, Ingress backends, Endpoints — and
 * nothing on unrelated positions. Sections of the markdown are compared whole.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Hover, MarkupContent } from 'vscode-languageserver-protocol';
import { LspClient } from '../support/lsp-client';

const FILES: Record<string, string> = {
  'shop/web.yaml': `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: shop
  namespace: shop
spec:
  tls:
    - hosts: [shop.example.com]
  rules:
    - host: shop.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: web
                port:
                  name: http
          - path: /api
            pathType: Prefix
            backend:
              service:
                name: catalog
                port:
                  number: 80
          - path: /gone
            pathType: Prefix
            backend:
              service:
                name: nothere
                port:
                  number: 80
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  replicas: 3
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: nginx
          image: nginx
          ports:
            - name: http
              containerPort: 8080
---
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
spec:
  type: NodePort
  selector:
    app: web
  ports:
    - name: http
      port: 80
      targetPort: http
      nodePort: 30080
`,
  'shop/catalog.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: catalog
  namespace: shop
spec:
  replicas: 2
  selector:
    matchLabels: {app: catalog}
  template:
    metadata:
      labels: {app: catalog}
    spec:
      containers:
        - name: api
          ports:
            - name: http
              containerPort: 8080
            - name: metrics
              containerPort: 9090
---
apiVersion: v1
kind: Service
metadata:
  name: catalog
  namespace: shop
spec:
  clusterIP: 10.96.0.20
  selector:
    app: catalog
  ports:
    - name: http
      port: 80
      targetPort: http
    - name: metrics
      port: 9090
      targetPort: 9090
---
apiVersion: v1
kind: Service
metadata:
  name: catalog-lb
  namespace: shop
spec:
  type: LoadBalancer
  selector:
    app: catalog
  ports:
    - port: 443
      targetPort: 8080
      nodePort: 31443
status:
  loadBalancer:
    ingress:
      - ip: 203.0.113.7
---
apiVersion: v1
kind: Service
metadata:
  name: catalog-lb2
  namespace: shop
spec:
  type: LoadBalancer
  selector:
    app: catalog
  ports:
    - port: 80
      targetPort: http
`,
  'db/postgres.yaml': `apiVersion: v1
kind: Service
metadata:
  name: postgres
  namespace: database
spec:
  clusterIP: None
  selector:
    app: postgres
  ports:
    - name: pg
      port: 5432
      targetPort: pg
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: postgres
  namespace: database
spec:
  serviceName: postgres
  replicas: 2
  selector:
    matchLabels: {app: postgres}
  template:
    metadata:
      labels: {app: postgres}
    spec:
      containers:
        - name: db
          ports:
            - name: pg
              containerPort: 5432
`,
  'ext/external.yaml': `apiVersion: v1
kind: Service
metadata:
  name: payments
  namespace: external
spec:
  type: ExternalName
  externalName: api.payments.example.com
---
apiVersion: v1
kind: Service
metadata:
  name: legacy-db
  namespace: external
spec:
  ports:
    - name: mysql
      port: 3306
---
apiVersion: v1
kind: Endpoints
metadata:
  name: legacy-db
  namespace: external
subsets:
  - addresses:
      - ip: 192.0.2.10
      - ip: 192.0.2.11
    ports:
      - name: mysql
        port: 3306
`,
  'host/agent.yaml': `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
  namespace: host
spec:
  selector:
    matchLabels: {app: agent}
  template:
    metadata:
      labels: {app: agent}
    spec:
      containers:
        - name: agent
          ports:
            - name: metrics
              containerPort: 9100
              hostPort: 9100
`,
  'lab/pods.yaml': `apiVersion: v1
kind: Service
metadata:
  name: db
  namespace: lab
spec:
  clusterIP: None
  selector: {app: db}
  ports: [{name: pg, port: 5432, targetPort: pg}]
---
apiVersion: v1
kind: Pod
metadata:
  name: db-a
  namespace: lab
  labels: {app: db}
spec:
  hostname: a
  subdomain: db
  containers:
  - name: db
    ports: [{name: pg, containerPort: 5432}]
`,
  'broken/broken.yaml': `apiVersion: v1
kind: Service
metadata:
  name: api
  namespace: broken
spec:
  type: NodePort
  selector:
    app: api
  ports:
    - port: 80
      targetPort: htp
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: broken
spec:
  selector:
    matchLabels: {app: api}
  template:
    metadata:
      labels: {app: api}
    spec:
      containers:
        - name: api
          image: api
          ports:
            - name: http
              containerPort: 8080
---
apiVersion: v1
kind: Service
metadata:
  name: lonely
  namespace: broken
spec:
  selector:
    app: nobody
  ports:
    - port: 80
`,
};

let client: LspClient;
before(async () => {
  client = await LspClient.start({ files: FILES });
});
after(async () => {
  assert.equal(await client.stop(), 0);
});

/** The position of the `nth` occurrence of `needle` in a file, plus `delta` characters. */
function positionOf(file: string, needle: string, nth = 0, delta = 0): { line: number; character: number } {
  const text = FILES[file]!;
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1);
    assert.ok(at >= 0, `"${needle}" #${nth} not in ${file}`);
  }
  at += delta;
  const before = text.slice(0, at);
  const line = before.split('\n').length - 1;
  return { line, character: at - (before.lastIndexOf('\n') + 1) };
}

async function hover(file: string, needle: string, nth = 0, delta = 0): Promise<Hover | null> {
  return client.request<Hover | null>('textDocument/hover', { textDocument: { uri: client.uri(file) }, position: positionOf(file, needle, nth, delta) });
}

async function markdown(file: string, needle: string, nth = 0, delta = 0): Promise<string> {
  const h = await hover(file, needle, nth, delta);
  assert.ok(h, `no hover at "${needle}" in ${file}`);
  const c = h.contents as MarkupContent;
  assert.equal(c.kind, 'markdown');
  return c.value;
}

/** The lines of the `nth` kube-ports-paths block after the paragraph `heading` (a whole line). */
function block(md: string, heading: string, nth = 0): string[] {
  const paras = md.split('\n\n');
  let seen = 0;
  for (let i = 0; i < paras.length - 1; i++) {
    if (paras[i] !== heading) continue;
    if (seen++ < nth) continue;
    const fence = paras[i + 1]!;
    assert.ok(fence.startsWith('```kube-ports-paths\n') && fence.endsWith('\n```'), `not a kube-ports-paths fence after ${heading}:\n${fence}`);
    return fence.slice('```kube-ports-paths\n'.length, -'\n```'.length).split('\n').map((l) => l.replace(/\s+#/, ' #'));
  }
  assert.fail(`no section "${heading}" #${nth} in:\n${md}`);
}

test('advertises hoverProvider', () => {
  assert.equal(client.initializeResult.capabilities.hoverProvider, true);
});

test('NodePort Service port with a fixed nodePort and a named targetPort', async () => {
  const h = await hover('shop/web.yaml', 'port: 80', 0, 'port: '.length);
  assert.ok(h);
  assert.deepEqual(h.range, { start: positionOf('shop/web.yaml', '80\n      targetPort: http'), end: positionOf('shop/web.yaml', '80\n      targetPort: http', 0, 2) });
  const md = (h.contents as MarkupContent).value;
  assert.equal(md.split('\n\n')[0], '**Service `web`** · NodePort · namespace `shop`');
  assert.match(md, /^\*\*Port `http` 80\/TCP\*\* → targetPort `http` · nodePort 30080$/m);
  assert.deepEqual(block(md, 'Ways in'), [
    '<cluster-ip>:80 # allocated ClusterIP, inside the cluster',
    'web.shop.svc.cluster.local:80 # DNS, from any namespace',
    'web:80 # from namespace shop',
    'web.shop:80 # from other namespaces',
    '_http._tcp.web.shop.svc.cluster.local # SRV record: port 80',
    '<any-node-ip>:30080 # nodePort, on every node',
    'kubectl port-forward -n shop svc/web 8080:80 # then localhost:8080; picks one Pod',
  ]);
  assert.deepEqual(block(md, 'Endpoints'), ['<pod-ip>:8080 × 3 # Deployment web, container nginx, containerPort 8080 (http)']);
  assert.deepEqual(block(md, 'Flow'), ['<any-node-ip>:30080 → <cluster-ip>:80 → <pod-ip>:8080 (web/nginx)']);
  assert.match(md, /^From \[Deployment `web`\]\(file:\/\/\/.*\/shop\/web\.yaml#L45,5\) \(web\.yaml:45\)$/m, 'links to the pod template');
  assert.doesNotMatch(md, /⚠️/);
});

test('the Service name shows every port; a multi-port ClusterIP Service with a real clusterIP and a numeric targetPort', async () => {
  const md = await markdown('shop/catalog.yaml', 'name: catalog\n  namespace: shop\nspec:\n  clusterIP', 0, 'name: '.length);
  assert.equal(md.split('\n\n')[0], '**Service `catalog`** · ClusterIP · namespace `shop`');
  assert.deepEqual(block(md, 'Ways in', 0), [
    '10.96.0.20:80 # spec.clusterIP, inside the cluster',
    'catalog.shop.svc.cluster.local:80 # DNS, from any namespace',
    'catalog:80 # from namespace shop',
    'catalog.shop:80 # from other namespaces',
    '_http._tcp.catalog.shop.svc.cluster.local # SRV record: port 80',
    'kubectl port-forward -n shop svc/catalog 8080:80 # then localhost:8080; picks one Pod',
  ]);
  assert.deepEqual(block(md, 'Flow', 0), ['10.96.0.20:80 → <pod-ip>:8080 (catalog/api)']);
  assert.deepEqual(block(md, 'Endpoints', 1), ['<pod-ip>:9090 × 2 # Deployment catalog, container api, containerPort 9090 (metrics)']);
  assert.deepEqual(block(md, 'Flow', 1), ['10.96.0.20:9090 → <pod-ip>:9090 (catalog/api)']);
  assert.match(md, /^\*\*Port `metrics` 9090\/TCP\*\* → targetPort 9090$/m);
  // Hovering one port shows only that port.
  const one = await markdown('shop/catalog.yaml', 'port: 9090', 0, 'port: '.length);
  assert.doesNotMatch(one, /Port `http`/);
  assert.deepEqual(block(one, 'Flow'), ['10.96.0.20:9090 → <pod-ip>:9090 (catalog/api)']);
});

test('LoadBalancer with status: the load balancer address and the fixed nodePort', async () => {
  const md = await markdown('shop/catalog.yaml', 'port: 443', 0, 'port: '.length);
  assert.equal(md.split('\n\n')[0], '**Service `catalog-lb`** · LoadBalancer · namespace `shop`');
  assert.deepEqual(block(md, 'Ways in').slice(-3), [
    '<any-node-ip>:31443 # nodePort, on every node',
    '203.0.113.7:443 # status.loadBalancer.ingress',
    'kubectl port-forward -n shop svc/catalog-lb 8443:443 # then localhost:8443; picks one Pod',
  ]);
  assert.deepEqual(block(md, 'Flow'), ['203.0.113.7:443 → <any-node-ip>:31443 → <cluster-ip>:443 → <pod-ip>:8080 (catalog/api)']);
});

test('LoadBalancer without status, NodePort without nodePort: assigned by the cloud, auto-allocated from the range', async () => {
  const md = await markdown('shop/catalog.yaml', 'port: 80', 1, 'port: '.length);
  assert.equal(md.split('\n\n')[0], '**Service `catalog-lb2`** · LoadBalancer · namespace `shop`');
  assert.deepEqual(block(md, 'Ways in').slice(-3), [
    '<any-node-ip>:<node-port> # nodePort auto-allocated from 30000-32767, on every node',
    '<load-balancer-ip>:80 # assigned by the cloud provider',
    'kubectl port-forward -n shop svc/catalog-lb2 8080:80 # then localhost:8080; picks one Pod',
  ]);
});

test('headless Service with a StatefulSet: DNS returns Pod IPs, per-pod names', async () => {
  const md = await markdown('db/postgres.yaml', 'port: 5432', 0, 'port: '.length);
  assert.equal(md.split('\n\n')[0], '**Service `postgres`** · ClusterIP, headless · namespace `database`');
  assert.deepEqual(block(md, 'Ways in'), [
    'postgres.database.svc.cluster.local:5432 # headless: DNS returns the Pod IPs; clients connect straight to the Pods (targetPort)',
    'postgres:5432 # from namespace database',
    'postgres.database:5432 # from other namespaces',
    '_pg._tcp.postgres.database.svc.cluster.local # SRV record: port 5432, one record per Pod',
    'postgres-0.postgres.database.svc.cluster.local:5432 # Pod 0 of StatefulSet postgres',
    'postgres-1.postgres.database.svc.cluster.local:5432 # Pod 1 of StatefulSet postgres',
    'kubectl port-forward -n database svc/postgres 5432:5432 # then localhost:5432; picks one Pod',
  ]);
  assert.deepEqual(block(md, 'Endpoints'), ['<pod-ip>:5432 × 2 # StatefulSet postgres, container db, containerPort 5432 (pg)']);
  assert.deepEqual(block(md, 'Flow'), ['postgres.database.svc.cluster.local:5432 → <pod-ip>:5432 (postgres/db)']);
  assert.doesNotMatch(md, /cluster-ip/);
});

test('ExternalName: a CNAME, no endpoints', async () => {
  const md = await markdown('ext/external.yaml', 'name: payments', 0, 'name: '.length);
  const paras = md.split('\n\n');
  assert.equal(paras[0], '**Service `payments`** · ExternalName · namespace `external`');
  assert.deepEqual(block('x\n\n' + paras.slice(1).join('\n\n'), 'x'), [
    'payments.external.svc.cluster.local # CNAME to api.payments.example.com; no proxying, no port remapping',
    'payments # from namespace external',
    'payments.external # from other namespaces',
  ]);
  assert.equal(paras.at(-1), 'No endpoints: DNS answers the CNAME and clients connect to that host directly.');
});

test('selectorless Service: the addresses of its Endpoints; the Endpoints hover names the Service', async () => {
  const md = await markdown('ext/external.yaml', 'port: 3306', 0, 'port: '.length);
  assert.deepEqual(block(md, 'Endpoints (written by hand: the Service has no selector)'), [
    '192.0.2.10:3306 # Endpoints legacy-db',
    '192.0.2.11:3306 # Endpoints legacy-db',
  ]);
  assert.deepEqual(block(md, 'Flow'), ['<cluster-ip>:3306 → 192.0.2.10:3306', '<cluster-ip>:3306 → 192.0.2.11:3306']);
  assert.ok(!block(md, 'Ways in').some((l) => l.startsWith('kubectl')), 'no svc port-forward without a selector');

  const ep = await markdown('ext/external.yaml', 'name: legacy-db', 1, 'name: '.length);
  const paras = ep.split('\n\n');
  assert.equal(paras[0], '**Endpoints `legacy-db`** · namespace `external`');
  assert.match(paras[1]!, /^Backs \[Service `legacy-db`\]\(.*#L13,9\) \(external\.yaml:13\) \(ClusterIP\)$/);
  assert.deepEqual(block(ep, 'Flow'), ['<cluster-ip>:3306 → 192.0.2.10:3306', '<cluster-ip>:3306 → 192.0.2.11:3306']);
});

test('broken: an unresolved named targetPort and a selector that matches nothing are said plainly', async () => {
  const md = await markdown('broken/broken.yaml', 'targetPort: htp', 0, 'targetPort: '.length);
  assert.equal(md.split('\n\n')[2], '⚠️ targetPort "htp" names no TCP container port of Deployment api: its Pods give no endpoint for this port.', 'the fault comes first, under the port heading');
  assert.deepEqual(block(md, 'Endpoints'), ['(no endpoint) # Deployment api: no container port named htp']);
  assert.deepEqual(block(md, 'Flow'), ['<any-node-ip>:<node-port> → <cluster-ip>:80 → (no endpoint in api)']);
  assert.ok(block(md, 'Ways in').includes('<any-node-ip>:<node-port> # nodePort auto-allocated from 30000-32767, on every node'));

  const lonely = await markdown('broken/broken.yaml', 'name: lonely', 0, 'name: '.length);
  const lp = lonely.split('\n\n');
  assert.deepEqual(lp.slice(1, 3), ['**Port 80/TCP** → targetPort 80 (defaults to port)', '⚠️ The selector matches no Pod in namespace broken: the Service has no endpoints.']);
  assert.deepEqual(block(lonely, 'Flow'), ['<cluster-ip>:80 → (no endpoints)']);
});

test('a container port: the Services and Ingress that send traffic here, and port-forward', async () => {
  const md = await markdown('shop/web.yaml', 'containerPort: 8080', 0, 'containerPort: '.length);
  const paras = md.split('\n\n');
  assert.equal(paras[0], '**Container port `http` 8080/TCP** · container `nginx` of Deployment `web` × 3');
  assert.deepEqual(block(md, 'Ways in'), [
    "<pod-ip>:8080 # each Pod's own IP",
    '<any-node-ip>:30080 → web:80 → <pod-ip>:8080 # Service web, port http',
    'https://shop.example.com/ → web:80 → <pod-ip>:8080 # Ingress shop',
    'kubectl port-forward -n shop deployment/web 8080:8080 # then localhost:8080',
  ]);
  assert.match(paras.at(-1)!, /^Traffic from \[Service `web`\]\(.*\) \(web\.yaml:\d+\) port `http` 80\/TCP$/);
});

test('a container port no Service targets says so', async () => {
  const md = await markdown('broken/broken.yaml', 'containerPort: 8080', 0, 'containerPort: '.length);
  assert.equal(md.split('\n\n').at(-1), 'No Service sends traffic to this port.');
});

test('an Ingress backend: URL → Service port → endpoints', async () => {
  const md = await markdown('shop/web.yaml', 'name: http', 0, 'name: '.length);
  const paras = md.split('\n\n');
  assert.equal(paras[0], '**Ingress `shop`** · namespace `shop`');
  assert.match(paras[1]!, /^→ \[Service `web`\]\(.*\) \(web\.yaml:\d+\) port `http` 80\/TCP → targetPort `http`$/);
  assert.deepEqual(block(md, 'Flow'), ['https://shop.example.com/ → web:80 → <pod-ip>:8080 (web/nginx)']);
  assert.deepEqual(block(md, 'Endpoints'), ['<pod-ip>:8080 × 3 # Deployment web, container nginx, containerPort 8080 (http)']);

  const byNumber = await markdown('shop/web.yaml', 'number: 80', 0, 'number: '.length);
  assert.deepEqual(block(byNumber, 'Flow'), ['https://shop.example.com/api → catalog:80 → <pod-ip>:8080 (catalog/api)']);

  const missing = await markdown('shop/web.yaml', 'name: nothere', 0, 'name: '.length);
  assert.equal(missing.split('\n\n')[1], '⚠️ No Service `nothere` in namespace `shop`: requests to `https://shop.example.com/gone` fail.');
});

test('a Service selector: what it matches; pod template labels: who selects them', async () => {
  const sel = await markdown('shop/web.yaml', 'app: web', 2, 'app: '.length);
  const paras = sel.split('\n\n');
  assert.equal(paras[1], 'Selector `app=web` selects Pods in namespace `shop` carrying every one of these labels.');
  assert.equal(paras[2], 'Matches');
  assert.match(paras[3]!, /^- \[Deployment `web`\]\(.*#L45,5\) \(web\.yaml:45\) × 3$/);
  assert.deepEqual(block(sel, 'Flow'), ['<any-node-ip>:30080 → <cluster-ip>:80 → <pod-ip>:8080 (web/nginx)']);

  const labels = await markdown('shop/web.yaml', 'app: web', 1, 'app: '.length);
  const lp = labels.split('\n\n');
  assert.equal(lp[0], '**Deployment `web`** · namespace `shop` × 3');
  assert.equal(lp[1], 'Pod labels `app=web`');
  assert.match(lp[2]!, /^Selected by \[Service `web`\]\(.*\) \(web\.yaml:\d+\)$/);
  assert.deepEqual(block('x\n\n' + lp.slice(3).join('\n\n'), 'x'), ['web:80 → <pod-ip>:8080 # Service web, port http']);
});

test('kubePorts.clusterDomain and kubePorts.nodePortRange are used', async () => {
  const other = await LspClient.start({ files: { 'b.yaml': FILES['broken/broken.yaml']! }, settings: { clusterDomain: 'corp.internal', nodePortRange: '31000-31999' } });
  try {
    const h = await other.request<Hover | null>('textDocument/hover', { textDocument: { uri: other.uri('b.yaml') }, position: positionOf('broken/broken.yaml', 'port: 80', 0, 6) });
    const md = (h!.contents as MarkupContent).value;
    const ways = block(md, 'Ways in');
    assert.ok(ways.includes('api.broken.svc.corp.internal:80 # DNS, from any namespace'), md);
    assert.ok(ways.includes('<any-node-ip>:<node-port> # nodePort auto-allocated from 31000-31999, on every node'), md);
  } finally {
    assert.equal(await other.stop(), 0);
  }
});

test('a wiring field\'s key hovers like its value; a Service\'s ports: and selector: keys like the Service (issue 16)', async () => {
  /** [file, text up to and including the key, the key, where the value starts after the needle's start, nth] */
  const cases: [string, string, string, number, number][] = [
    ['shop/web.yaml', 'port: 80\n      targetPort: http\n      nodePort', 'port', 'port: '.length, 0],
    ['shop/web.yaml', 'targetPort: http\n      nodePort', 'targetPort', 'targetPort: '.length, 0],
    ['shop/web.yaml', 'nodePort: 30080', 'nodePort', 'nodePort: '.length, 0],
    ['shop/web.yaml', 'name: http\n      port: 80', 'name', 'name: '.length, 0],
    ['shop/web.yaml', 'containerPort: 8080', 'containerPort', 'containerPort: '.length, 0],
    ['shop/web.yaml', 'name: http\n              containerPort', 'name', 'name: '.length, 0],
    ['host/agent.yaml', 'hostPort: 9100', 'hostPort', 'hostPort: '.length, 0],
    ['db/postgres.yaml', 'serviceName: postgres', 'serviceName', 'serviceName: '.length, 0],
    ['shop/web.yaml', 'number: 80', 'number', 'number: '.length, 0],
    ['shop/web.yaml', 'name: catalog', 'name', 'name: '.length, 0],
    ['shop/web.yaml', 'name: http\n          - path: /api', 'name', 'name: '.length, 0],
  ];
  for (const [file, needle, key, valueDelta, nth] of cases) {
    const onValue = await markdown(file, needle, nth, valueDelta);
    for (const delta of [0, key.length - 1, key.length]) {
      const h = await hover(file, needle, nth, delta);
      assert.ok(h, `a hover on the key ${key} of "${needle}" (+${delta})`);
      assert.equal((h.contents as MarkupContent).value, onValue, `key ${key} of "${needle}" hovers like its value`);
      assert.deepEqual(h.range, { start: positionOf(file, needle, nth), end: positionOf(file, needle, nth, key.length) });
    }
  }
  // An Ingress backend's `service:` and `port:` keys hover like the backend.
  const backend = await markdown('shop/web.yaml', 'name: catalog', 0, 'name: '.length);
  assert.equal(await markdown('shop/web.yaml', 'service:\n                name: catalog', 0, 2), backend);
  assert.equal(await markdown('shop/web.yaml', 'port:\n                  number: 80', 0, 1), backend);
  // The Service's `ports:` and `selector:` keys: the Service hover (as on its name).
  const serviceMd = await markdown('shop/web.yaml', 'name: web\n  namespace: shop\nspec:\n  type: NodePort', 0, 'name: '.length);
  for (const needle of ['ports:\n    - name: http\n      port: 80', 'selector:\n    app: web\n  ports']) {
    const h = await hover('shop/web.yaml', needle, 0, 3);
    assert.ok(h, needle);
    assert.equal((h.contents as MarkupContent).value, serviceMd, needle);
    assert.deepEqual(h.range, { start: positionOf('shop/web.yaml', needle), end: positionOf('shop/web.yaml', needle, 0, needle.indexOf(':')) });
  }
});

test('a bare Pod with hostname and subdomain behind the headless Service of that name: its DNS name (issue 16)', async () => {
  const md = await markdown('lab/pods.yaml', 'name: db', 0, 'name: '.length);
  assert.deepEqual(block(md, 'Ways in').filter((l) => l.startsWith('a.')), ['a.db.lab.svc.cluster.local:5432 # Pod db-a (hostname a, subdomain db)']);
});

test('nothing on unrelated positions', async () => {
  assert.equal(await hover('shop/web.yaml', 'image: nginx', 0, 2), null);
  assert.equal(await hover('shop/web.yaml', 'apiVersion: apps/v1', 0, 2), null);
  assert.equal(await hover('shop/web.yaml', 'pathType: Prefix', 0, 3), null);
  assert.equal(await hover('db/postgres.yaml', 'storage', 0, 0).catch(() => null), null);
});
