/**
 * The initial scan hands files over in batches, in whatever order the walk and the readers give
 * them: kustomize namespaces and patches (kept incrementally) and the render units (discovered
 * once the scan is in, `Workspace.deferUnits`) must come out the same whatever that order,
 * including a kustomization that arrives after the files it claims.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { normalizeSettings } from '../../server/src/core/settings';
import { Workspace } from '../../server/src/core/workspace/workspace';
import { uriOf } from '../support/fixture';

const svc = (name: string, selector: string, targetPort: string, ns?: string) =>
  `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\n${ns ? `  namespace: ${ns}\n` : ''}spec:\n  selector: {${selector}}\n  ports: [{port: 80, targetPort: ${targetPort}}]\n`;
const deploy = (name: string, labels: string, ns?: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\n${ns ? `  namespace: ${ns}\n` : ''}spec:\n  selector: {matchLabels: {${labels}}}\n  template:\n    metadata: {labels: {${labels}}}\n    spec:\n      containers: [{name: c, ports: [{name: http, containerPort: 8080}]}]\n`;

/** Bases shared by overlays of different namespaces, a component, patches, a remote (blocked) root, a chart and plain files. */
const FILES: Record<string, string> = {
  '/base/kustomization.yaml': 'resources:\n- svc.yaml\n- deploy.yaml\n',
  '/base/svc.yaml': svc('web', 'app: web', 'http'),
  '/base/deploy.yaml': deploy('web', 'app: web', 'declared'),
  '/overlays/prod/kustomization.yaml': 'namespace: prod\nresources:\n- ../../base\n- extra.yaml\ncomponents:\n- ../../comp\npatches:\n- path: patch.yaml\n',
  '/overlays/prod/extra.yaml': svc('extra', 'app: web', 'htp'),
  '/overlays/prod/patch.yaml': 'apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  type: NodePort\n',
  '/overlays/staging/kustomization.yaml': 'namespace: staging\nresources:\n- ../../base\n- only-staging.yaml\n',
  '/overlays/staging/only-staging.yaml': svc('lonely', 'app: nothing', '80'),
  '/comp/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\npatches:\n- path: comp-patch.yaml\n',
  '/comp/comp-patch.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: 2\n',
  '/remote/kustomization.yaml': 'namespace: far\nresources:\n- github.com/example/repo//deploy?ref=v1\n- local.yaml\n',
  '/remote/local.yaml': deploy('local', 'app: local'),
  '/chart/Chart.yaml': 'apiVersion: v2\nname: web\nversion: 1.0.0\n',
  '/chart/values.yaml': 'port: 80\n',
  '/chart/templates/svc.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: chart\nspec:\n  ports:\n  - port: {{ .Values.port }}\n',
  '/plain/svc.yaml': svc('plain', 'app: web', 'http', 'prod'),
};

/** Everything the arrival order must not change: the units (with their inputs) and, per file, patch status, objects' namespaces and findings. */
function fingerprint(ws: Workspace): unknown {
  const files = ws.uris().sort().map((uri) => ({
    uri,
    patch: ws.isPatch(uri),
    objects: ws.objectsOf(uri).map((o) => `${o.kind} ${o.namespace}/${o.name}`),
    findings: ws.findings(uri).map((f) => `${f.rule} ${f.span.start}-${f.span.end} ${f.message}`),
  }));
  return { units: ws.units(), files };
}

const settings = normalizeSettings({});
const FOLDER = uriOf('/');

/** Loads the files in that order, in batches of those sizes, like the scan: unit discovery held until the last batch. */
function load(order: readonly string[], batches: readonly number[], deferred: boolean): Workspace {
  const ws = new Workspace({ settings });
  const resume = deferred ? ws.deferUnits() : undefined;
  let i = 0;
  for (let b = 0; i < order.length; b++) {
    const size = batches[b % batches.length]!;
    for (const rel of order.slice(i, i + size)) ws.setFile(uriOf(rel), FILES[rel]!);
    i += size;
  }
  resume?.();
  ws.setFolders([FOLDER]);
  return ws;
}

/** A seeded shuffle (the same orders every run). */
function shuffled(items: readonly string[], seed: number): string[] {
  const out = [...items];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2147483648;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

const names = Object.keys(FILES).sort();
const isKustomization = (rel: string) => rel.endsWith('/kustomization.yaml');

test('units, their inputs, namespaces, patches and findings are the same whatever order and batches the files arrive in', () => {
  const reference = load(names, [names.length], false);
  const expected = fingerprint(reference);
  const orders: string[][] = [
    names,
    [...names].reverse(),
    // Every kustomization after the files it claims, and before them.
    [...names.filter((n) => !isKustomization(n)), ...names.filter(isKustomization)],
    [...names.filter(isKustomization), ...names.filter((n) => !isKustomization(n))],
    // The innermost kustomization last: the outer ones arrive before what they nest.
    [...names.filter((n) => n !== '/base/kustomization.yaml'), '/base/kustomization.yaml'],
  ];
  const fixed = orders.length;
  for (let seed = 1; seed <= 16; seed++) orders.push(shuffled(names, seed));
  for (const [n, order] of orders.entries()) {
    for (const batches of n < fixed ? [[1], [3, 1, 5], [64]] : [[3, 1, 5]]) {
      for (const deferred of [true, false]) {
        assert.deepEqual(fingerprint(load(order, batches, deferred)), expected, `order ${n}, batches ${batches.join(',')}, ${deferred ? 'units deferred' : 'units at once'}`);
      }
    }
  }
});

test('ownership: a base shared by two overlays takes the first root by URI, an overlay its own files, patches are not objects, a remote root is blocked', () => {
  for (const order of [names, [...names].reverse()]) {
    const ws = load(order, [4], true);
    const at = (rel: string) => ws.objectsOf(uriOf(rel)).map((o) => `${o.kind} ${o.namespace}/${o.name}`);
    assert.deepEqual(at('/base/svc.yaml'), ['Service prod/web']);
    assert.deepEqual(at('/base/deploy.yaml'), ['Deployment prod/web'], 'the namespace transformer replaces a declared namespace');
    assert.deepEqual(at('/overlays/prod/extra.yaml'), ['Service prod/extra']);
    assert.deepEqual(at('/overlays/staging/only-staging.yaml'), ['Service staging/lonely']);
    assert.deepEqual(at('/remote/local.yaml'), ['Deployment far/local']);
    assert.deepEqual(at('/plain/svc.yaml'), ['Service prod/plain']);
    assert.equal(ws.isPatch(uriOf('/overlays/prod/patch.yaml')), true);
    assert.equal(ws.isPatch(uriOf('/comp/comp-patch.yaml')), true);
    assert.equal(ws.isPatch(uriOf('/base/svc.yaml')), false);
    assert.deepEqual(
      ws.units().map((u) => `${u.id}${u.blocked ? ' (blocked)' : ''}`),
      [`helm:${uriOf('/chart')}`, `kustomize:${uriOf('/overlays/prod')}`, `kustomize:${uriOf('/overlays/staging')}`, `kustomize:${uriOf('/remote')} (blocked)`],
    );
    const prod = ws.units().find((u) => u.id === `kustomize:${uriOf('/overlays/prod')}`)!;
    assert.deepEqual(
      prod.inputs,
      ['/base/deploy.yaml', '/base/kustomization.yaml', '/base/svc.yaml', '/comp/comp-patch.yaml', '/comp/kustomization.yaml', '/overlays/prod/extra.yaml', '/overlays/prod/kustomization.yaml', '/overlays/prod/patch.yaml'].map(uriOf),
    );
    assert.deepEqual(ws.findings(uriOf('/overlays/prod/extra.yaml')).map((f) => f.rule), ['target-port-name-unresolved']);
  }
});

test('a kustomization arriving after the files it claims re-reads them in its namespace; going, it gives them back', () => {
  const ws = new Workspace({ settings });
  ws.setFile(uriOf('/base/svc.yaml'), FILES['/base/svc.yaml']!);
  ws.setFile(uriOf('/base/deploy.yaml'), FILES['/base/deploy.yaml']!);
  ws.setFile(uriOf('/base/kustomization.yaml'), FILES['/base/kustomization.yaml']!);
  assert.equal(ws.objectsOf(uriOf('/base/svc.yaml'))[0]!.namespace, 'default');
  const affected = ws.setFile(uriOf('/overlays/prod/kustomization.yaml'), FILES['/overlays/prod/kustomization.yaml']!);
  assert.ok(affected.has(uriOf('/base/svc.yaml')) && affected.has(uriOf('/base/deploy.yaml')), 'the files it claims are re-analysed');
  assert.equal(ws.objectsOf(uriOf('/base/svc.yaml'))[0]!.namespace, 'prod');
  assert.equal(ws.objectsOf(uriOf('/base/deploy.yaml'))[0]!.namespace, 'prod');
  // A file it lists that arrives later is read in its namespace at once; so is its patch.
  ws.setFile(uriOf('/overlays/prod/extra.yaml'), FILES['/overlays/prod/extra.yaml']!);
  ws.setFile(uriOf('/overlays/prod/patch.yaml'), FILES['/overlays/prod/patch.yaml']!);
  assert.equal(ws.objectsOf(uriOf('/overlays/prod/extra.yaml'))[0]!.namespace, 'prod');
  assert.equal(ws.isPatch(uriOf('/overlays/prod/patch.yaml')), true);
  assert.equal(ws.index.servicesNamed('prod', 'web').length, 1, 'the patch is not a second Service');
  ws.removeFile(uriOf('/overlays/prod/kustomization.yaml'));
  assert.equal(ws.objectsOf(uriOf('/base/svc.yaml'))[0]!.namespace, 'default');
  assert.equal(ws.objectsOf(uriOf('/base/deploy.yaml'))[0]!.namespace, 'declared');
  assert.equal(ws.objectsOf(uriOf('/overlays/prod/extra.yaml'))[0]!.namespace, 'default');
  assert.equal(ws.isPatch(uriOf('/overlays/prod/patch.yaml')), false);
});

test('a file that becomes a kustomization, or stops being one, by an edit changes the claims', () => {
  const ws = new Workspace({ settings });
  ws.setFile(uriOf('/app/svc.yaml'), FILES['/base/svc.yaml']!);
  ws.setFile(uriOf('/app/kustomization.yaml'), 'resources: []\n');
  ws.setFile(uriOf('/app/kustomization.yaml'), 'namespace: edited\nresources:\n- svc.yaml\n');
  assert.equal(ws.objectsOf(uriOf('/app/svc.yaml'))[0]!.namespace, 'edited');
  ws.setFile(uriOf('/app/kustomization.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: no-longer}\n');
  assert.equal(ws.objectsOf(uriOf('/app/svc.yaml'))[0]!.namespace, 'default');
});

test('deferUnits: units stay as they were until resumed, are discovered once then, and nested holds resume at the outermost', () => {
  const ws = new Workspace({ settings });
  ws.setFolders([FOLDER]);
  const outer = ws.deferUnits();
  const inner = ws.deferUnits();
  ws.setFile(uriOf('/remote/kustomization.yaml'), FILES['/remote/kustomization.yaml']!);
  ws.setFile(uriOf('/chart/Chart.yaml'), FILES['/chart/Chart.yaml']!);
  assert.deepEqual(ws.units(), [], 'held');
  assert.deepEqual([...inner()], []);
  assert.deepEqual(ws.units(), [], 'still held by the outer');
  const affected = outer();
  assert.deepEqual(ws.units().map((u) => u.id), [`helm:${uriOf('/chart')}`, `kustomize:${uriOf('/remote')}`]);
  assert.ok(affected.has(uriOf('/remote/kustomization.yaml')), 'the blocked unit\'s file is re-analysed');
  assert.deepEqual(
    ws.findings(uriOf('/remote/kustomization.yaml')).map((f) => f.rule),
    load(names, [names.length], false).findings(uriOf('/remote/kustomization.yaml')).map((f) => f.rule),
  );
  assert.deepEqual([...outer()], [], 'a second call does nothing');
  // Nothing asked for discovery while held: resuming changes nothing.
  const idle = ws.deferUnits();
  ws.setFile(uriOf('/plain/svc.yaml'), FILES['/plain/svc.yaml']!);
  assert.deepEqual([...idle()], []);
  assert.equal(ws.units().length, 2);
});
