import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';

const CLI = path.resolve(__dirname, '../../dist/cli.js');
const REPO = path.resolve(__dirname, '../..');

function run(args: string[], cwd = REPO) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface Json {
  version: number;
  calls: Record<string, unknown>[];
  services: {
    namespace: string;
    name: string;
    type: string;
    ports: { name: string | null; paths: { kind: string; address: string }[]; endpoints: Record<string, unknown>[] }[];
    paths: { kind: string; address: string }[];
    callers: Record<string, unknown>[];
  }[];
}

function json(args: string[]): Json {
  const r = run([...args, '--format', 'json']);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as Json;
}

test('explain text: the seed example, every way in down to the pods', () => {
  const r = run(['explain', 'examples/nginx-nodeport']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(
    r.stdout.replace(/ +#/g, ' #'),
    `Service default/nginx-svc (NodePort)  examples/nginx-nodeport/nginx.yaml:30
  port 8222/TCP -> targetPort 80, nodePort 30333
    ways in:
      <cluster-ip>:8222 # allocated ClusterIP, inside the cluster
      nginx-svc.default.svc.cluster.local:8222 # DNS, from any namespace
      nginx-svc:8222 # from namespace default
      nginx-svc.default:8222 # from other namespaces
      <any-node-ip>:30333 # nodePort, on every node
      kubectl port-forward -n default svc/nginx-svc 8222:8222 # then localhost:8222; picks one Pod
    endpoints:
      <pod-ip>:80 x 2 # Deployment nginx, container nginx, containerPort 80  examples/nginx-nodeport/nginx.yaml:17
    flow:
      <any-node-ip>:30333 → <cluster-ip>:8222 → <pod-ip>:80 (nginx/nginx)

1 service
`,
  );
});

test('explain text: --service picks one; a headless Service lists the StatefulSet pods by name', () => {
  const r = run(['explain', 'examples', '--service', 'database/postgres']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^Service database\/postgres \(ClusterIP, headless\) {2}examples\/database\/postgres-service\.yaml:11$/m);
  for (const i of [0, 1, 2]) assert.match(r.stdout, new RegExp(`^ {6}postgres-${i}\\.postgres\\.database\\.svc\\.cluster\\.local:5432 +# Pod ${i} of StatefulSet postgres$`, 'm'));
  assert.match(r.stdout, /^ {6}postgres\.database\.svc\.cluster\.local:5432 → <pod-ip>:5432 \(postgres\/postgres\)$/m);
  assert.match(r.stdout, /\n1 service\n$/);
  assert.equal(run(['explain', 'examples', '--service', 'nope/nothing']).code, 1);
  assert.equal(run(['explain', 'examples', '--service', 'no-slash']).code, 2);
  assert.equal(run(['explain', 'examples', '--format', 'sarif']).code, 2);
});

test('explain JSON follows the contract (NodePort with Deployment endpoints)', () => {
  const j = json(['explain', 'examples/nginx-nodeport']);
  assert.deepEqual(j, {
    version: 1,
    calls: [],
    services: [
      {
        namespace: 'default',
        name: 'nginx-svc',
        type: 'NodePort',
        file: 'examples/nginx-nodeport/nginx.yaml',
        line: 29,
        clusterIP: null,
        headless: false,
        externalName: null,
        paths: [],
        ports: [
          {
            name: null,
            port: 8222,
            protocol: 'TCP',
            targetPort: 80,
            nodePort: 30333,
            paths: [
              { kind: 'cluster-ip', address: '<cluster-ip>:8222', note: 'allocated ClusterIP, inside the cluster' },
              { kind: 'dns', address: 'nginx-svc.default.svc.cluster.local:8222', note: 'DNS, from any namespace' },
              { kind: 'dns-short', address: 'nginx-svc:8222', note: 'from namespace default' },
              { kind: 'dns-namespace', address: 'nginx-svc.default:8222', note: 'from other namespaces' },
              { kind: 'node-port', address: '<any-node-ip>:30333', note: 'nodePort, on every node' },
              { kind: 'port-forward', address: 'kubectl port-forward -n default svc/nginx-svc 8222:8222', note: 'then localhost:8222; picks one Pod' },
            ],
            endpoints: [
              {
                kind: 'Deployment',
                name: 'nginx',
                namespace: 'default',
                container: 'nginx',
                containerPort: 80,
                portName: null,
                replicas: 2,
                address: '<pod-ip>:80',
                file: 'examples/nginx-nodeport/nginx.yaml',
                line: 16,
              },
            ],
            routes: [],
            policy: [],
            problems: [],
          },
        ],
        callers: [],
      },
    ],
  });
});

test('explain JSON: the call graph (top-level calls) and each Service\'s callers', () => {
  const j = json(['explain', 'examples']);
  const storefront = j.calls.filter((c) => (c.from as { name: string }).name === 'storefront');
  assert.deepEqual(
    storefront.map((c) => [c.text, c.status, c.to, c.key, c.file, c.line]),
    [
      ['catalog.shop:8080', 'port-mismatch', { namespace: 'shop', name: 'catalog', port: null }, 'CATALOG_URL', 'examples/broken/calls.yaml', 21],
      ['redis:6379', 'wrong-namespace', null, 'REDIS_ADDR', 'examples/broken/calls.yaml', 24],
      ['payments.shop.svc.cluster.local', 'unknown', null, 'PAYMENTS_URL', 'examples/broken/calls.yaml', 27],
    ],
  );
  const redis = j.services.find((s) => s.namespace === 'shop' && s.name === 'redis');
  assert.deepEqual(redis?.callers, [
    {
      from: { kind: 'Deployment', name: 'catalog', namespace: 'shop', container: 'catalog' },
      to: { namespace: 'shop', name: 'redis', port: 6379 },
      text: 'redis:6379',
      port: 6379,
      status: 'ok',
      site: 'env',
      key: 'REDIS_ADDR',
      file: 'examples/shop/catalog.yaml',
      line: 23,
      policy: { verdict: 'allowed', blockedBy: [] },
    },
  ]);
  const text = run(['explain', 'examples', '--service', 'shop/redis']).stdout;
  assert.match(text, /  callers:\n    Deployment shop\/catalog, container catalog -> redis:6379  examples\/shop\/catalog\.yaml:24\n/);
});

test('explain JSON over all examples: every Service type appears; selectorless, ExternalName, multi-port, unresolved', () => {
  const j = json(['explain', 'examples']);
  const svc = (ns: string, name: string) => {
    const s = j.services.find((x) => x.namespace === ns && x.name === name);
    assert.ok(s, `${ns}/${name} missing`);
    return s;
  };
  assert.deepEqual(new Set(j.services.map((s) => s.type)), new Set(['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName']));
  // Sorted by namespace, then name.
  const keys = j.services.map((s) => `${s.namespace}/${s.name}`);
  assert.deepEqual(keys, [...keys].sort());

  const legacy = svc('external', 'legacy-db');
  assert.deepEqual(
    legacy.ports[0]!.endpoints.map((e) => [e.kind, e.address, e.ready, e.line]),
    [
      ['Endpoints', '192.0.2.10:3306', true, 22],
      ['Endpoints', '192.0.2.11:3306', true, 23],
    ],
  );
  assert.deepEqual(svc('external', 'search').ports[0]!.endpoints.map((e) => [e.kind, e.address]), [
    ['EndpointSlice', '192.0.2.20:9200'],
    ['EndpointSlice', '192.0.2.21:9200'],
  ]);
  const payments = svc('external', 'payments');
  assert.deepEqual(payments.ports, []);
  assert.deepEqual(payments.paths[0], { kind: 'external-name', address: 'payments.external.svc.cluster.local', note: 'CNAME to api.payments.example.com; no proxying, no port remapping' });

  const catalog = svc('shop', 'catalog');
  assert.deepEqual(
    catalog.ports.map((p) => [p.name, p.endpoints.map((e) => `${e.address} ${e.container} ${e.containerPort} ${e.portName} x${e.replicas}`)]),
    [
      ['http', ['<pod-ip>:8080 catalog 8080 http x2']],
      ['metrics', ['<pod-ip>:9090 catalog 9090 metrics x2']],
    ],
  );
  const lb = svc('shop', 'catalog-partners');
  assert.deepEqual(
    lb.ports[0]!.paths.filter((p) => p.kind === 'node-port' || p.kind === 'load-balancer'),
    [
      { kind: 'node-port', address: '<any-node-ip>:<node-port>', note: 'nodePort auto-allocated from 30000-32767, on every node' },
      { kind: 'load-balancer', address: '<load-balancer-ip>:80', note: 'assigned by the cloud provider' },
    ],
  );
  const unresolved = svc('broken', 'api-unknown-port-name');
  assert.deepEqual(unresolved.ports[0]!.endpoints, [], 'an unresolved targetPort has no endpoints');
  assert.equal(svc('database', 'postgres').ports[0]!.paths.filter((p) => p.kind === 'pod-dns').length, 3);
});

test('explain runs over the shared corpus without crashing', () => {
  const corpus = path.resolve(REPO, '../shared/corpus');
  const r = spawnSync(process.execPath, [CLI, 'explain', corpus, '--format', 'json'], { cwd: REPO, encoding: 'utf8', maxBuffer: 1 << 30 });
  assert.equal(r.status, 0, r.stderr);
  const j = JSON.parse(r.stdout) as Json;
  assert.equal(j.version, 1);
  assert.ok(j.services.length > 0);
});

test('explain JSON: routes per port (URL, route, Gateway listener) and policy per port (who may connect)', () => {
  const j = json(['explain', 'examples', '--service', 'shop/web']) as unknown as { services: { ports: { routes: Record<string, unknown>[]; policy: Record<string, unknown>[] }[] }[] };
  const port = j.services[0]!.ports[0]!;
  assert.deepEqual(port.routes, [
    {
      url: 'https://shop.example.com/',
      kind: 'HTTPRoute',
      namespace: 'shop',
      name: 'storefront',
      via: 'Gateway gateway-system/public listener https :443',
      gateway: { namespace: 'gateway-system', name: 'public', inWorkspace: true },
      listener: 'https',
      caveat: null,
      file: 'examples/gateway/shop-gateway.yaml',
      line: 45,
    },
  ]);
  assert.deepEqual(port.policy, [
    {
      workload: { kind: 'Deployment', name: 'web' },
      port: 8080,
      protocol: 'TCP',
      isolated: 'yes',
      closed: false,
      policies: ['web-from-gateway'],
      allowed: [{ policy: 'web-from-gateway', peers: 'every Pod in namespaces kubernetes.io/metadata.name=gateway-system; every Pod in namespaces kubernetes.io/metadata.name=ingress-nginx', certain: true }],
      allowedWorkloads: [],
      blockedWorkloads: [
        { kind: 'Deployment', name: 'admin' },
        { kind: 'Deployment', name: 'catalog' },
        { kind: 'Deployment', name: 'redis' },
      ],
      reachableFrom: 'every Pod in namespaces kubernetes.io/metadata.name=gateway-system; every Pod in namespaces kubernetes.io/metadata.name=ingress-nginx (web-from-gateway)',
      blockedFor: 'Deployment admin, Deployment catalog, Deployment redis and every other source (isolated by web-from-gateway)',
    },
  ]);
  const text = run(['explain', 'examples', '--service', 'broken/shopfront']).stdout;
  assert.match(text, /network policy \(Deployment shopfront, 8080\/TCP\):\n {6}reachable from: nobody\n {6}blocked for: every source: NetworkPolicy shopfront isolates the Pods and no rule opens 8080\/TCP/);
});

test('explain: bare Pods with hostname and subdomain behind the headless Service of that name get their DNS names (issue 16)', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'kube-ports-explain-'));
  const pod = (name: string, extra: string) =>
    `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\n  namespace: lab\n  labels: {app: db}\nspec:\n${extra}  containers:\n  - name: db\n    ports: [{name: pg, containerPort: 5432}]\n`;
  writeFileSync(
    path.join(root, 'pods.yaml'),
    [
      `apiVersion: v1\nkind: Service\nmetadata:\n  name: db\n  namespace: lab\nspec:\n  clusterIP: None\n  selector: {app: db}\n  ports: [{name: pg, port: 5432, targetPort: pg}]\n`,
      pod('db-a', '  hostname: a\n  subdomain: db\n'),
      pod('db-b', '  hostname: b\n  subdomain: db\n'),
      pod('no-subdomain', '  hostname: c\n'),
      pod('other-subdomain', '  hostname: d\n  subdomain: elsewhere\n'),
    ].join('---\n'),
  );
  const r = run(['explain', '.', '--format', 'json'], root);
  assert.equal(r.code, 0, r.stderr);
  const paths = (JSON.parse(r.stdout) as Json).services[0]!.ports[0]!.paths.filter((p) => p.kind === 'pod-dns').map((p) => p.address);
  assert.deepEqual(paths, ['a.db.lab.svc.cluster.local:5432', 'b.db.lab.svc.cluster.local:5432']);
  const text = run(['explain', '.'], root).stdout.replace(/ +#/g, ' #');
  assert.match(text, /^ {6}a\.db\.lab\.svc\.cluster\.local:5432 # Pod db-a \(hostname a, subdomain db\)$/m);
});

test('explain JSON: each call carries its NetworkPolicy verdict and the policies that block it', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'kube-ports-explain-'));
  const deployment = (name: string, extra: string) =>
    `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: shop}\nspec:\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec:\n      containers:\n      - name: ${name}\n${extra}`;
  writeFileSync(
    path.join(root, 'app.yaml'),
    [
      deployment('cart', '        ports: [{containerPort: 8080}]\n'),
      `apiVersion: v1\nkind: Service\nmetadata: {name: cart, namespace: shop}\nspec: {selector: {app: cart}, ports: [{port: 80, targetPort: 8080}]}\n`,
      deployment('web', '        env: [{name: CART_ADDR, value: "cart:80"}, {name: LINK, value: "$(CART_SERVICE_HOST):80"}]\n'),
      `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: web-out, namespace: shop}\nspec:\n  podSelector: {matchLabels: {app: web}}\n  egress: [{ports: [{port: 8080}]}]\n`,
    ].join('---\n'),
  );
  const j = json(['explain', root]);
  assert.deepEqual(
    j.calls.map((c) => [c.text, c.policy]),
    [
      ['cart:80', { verdict: 'blocked', blockedBy: [{ namespace: 'shop', name: 'web-out', direction: 'dns' }] }],
      ['$(CART_SERVICE_HOST):80', { verdict: 'allowed', blockedBy: [] }],
    ],
  );
});
