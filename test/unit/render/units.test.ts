import assert from 'node:assert/strict';
import { test } from 'node:test';
import { discoverUnits, kustomizations, kustomizePatchFiles, type UnitDiscoveryInput } from '../../../server/src/core/render/units';
import { DEFAULT_SETTINGS, normalizeSettings } from '../../../server/src/core/settings';
import { FIXTURES, readTree, uriOfPath } from '../../support/render-fixture';

const root = uriOfPath(FIXTURES);
const at = (p: string) => `${root}/${p}`;

function input(over: Partial<UnitDiscoveryInput> = {}): UnitDiscoveryInput {
  const tree = readTree(FIXTURES);
  return { files: tree.files, auxiliary: tree.auxiliary, folders: [root], settings: DEFAULT_SETTINGS, ...over };
}

test('discovery: charts (not library, not subcharts) and top-level kustomizations (not bases, not components), by root', () => {
  const units = discoverUnits(input());
  assert.deepEqual(
    units.map((u) => u.id),
    [
      `helm:${at('helm/demo')}`,
      `helm:${at('helm/unvendored')}`,
      `kustomize:${at('kustomize-insert/overlays/app')}`,
      `kustomize:${at('kustomize/overlays/prod')}`,
      `kustomize:${at('kustomize/overlays/staging')}`,
      `kustomize:${at('kustomize/remote')}`,
    ],
  );
});

test('a chart unit: name from Chart.yaml, release = chart name, default namespace, values.yaml, inputs = the chart folder', () => {
  const demo = discoverUnits(input()).find((u) => u.rootUri === at('helm/demo'))!;
  assert.equal(demo.name, 'demo-app');
  assert.equal(demo.fileUri, at('helm/demo/Chart.yaml'));
  assert.equal(demo.release, 'demo-app');
  assert.equal(demo.namespace, 'default');
  assert.deepEqual(demo.valuesFiles, [at('helm/demo/values.yaml')]);
  assert.deepEqual(demo.inputFolders, [at('helm/demo')]);
  assert.ok(demo.inputs.includes(at('helm/demo/templates/_helpers.tpl')));
  assert.ok(demo.inputs.includes(at('helm/demo/charts/packed-0.1.0.tgz')));
  assert.ok(demo.inputs.includes(at('helm/demo/charts/sub/templates/service.yaml')));
  assert.equal(demo.blocked, undefined, 'both dependencies are vendored (a folder and a .tgz)');
});

test('kubePorts.helm.releases overrides release name, namespace and values files (by path relative to the folder)', () => {
  const settings = normalizeSettings({ helm: { releases: { 'helm/demo': { releaseName: 'shop', namespace: 'prod', valuesFiles: ['values.yaml', 'values-prod.yaml'] } } }, defaultNamespace: 'dev' });
  const units = discoverUnits(input({ settings }));
  const demo = units.find((u) => u.rootUri === at('helm/demo'))!;
  assert.equal(demo.release, 'shop');
  assert.equal(demo.namespace, 'prod');
  assert.deepEqual(demo.valuesFiles, [at('helm/demo/values.yaml'), at('helm/demo/values-prod.yaml')]);
  assert.equal(units.find((u) => u.rootUri === at('helm/unvendored'))!.namespace, 'dev');
});

test('an unvendored dependency blocks the chart, naming it and saying to run helm dependency build', () => {
  const u = discoverUnits(input()).find((x) => x.rootUri === at('helm/unvendored'))!;
  assert.ok(u.blocked);
  assert.match(u.blocked.message, /`redis`/);
  assert.match(u.blocked.message, /helm dependency build/);
  const text = input().files.get(u.fileUri)!;
  assert.equal(text.slice(u.blocked.span.start, u.blocked.span.start + 12), 'name: redis\n');
});

test('a kustomize unit: the closure of bases, components, patches; blocked on a remote resource', () => {
  const units = discoverUnits(input());
  const prod = units.find((u) => u.rootUri === at('kustomize/overlays/prod'))!;
  assert.equal(prod.name, 'prod');
  assert.deepEqual(prod.inputs, [
    at('kustomize/base/deployment.yaml'),
    at('kustomize/base/ingress.yaml'),
    at('kustomize/base/kustomization.yaml'),
    at('kustomize/base/service.yaml'),
    at('kustomize/components/extra/delete-debug.yaml'),
    at('kustomize/components/extra/kustomization.yaml'),
    at('kustomize/components/extra/probe.yaml'),
    at('kustomize/overlays/prod/deployment-patch.yaml'),
    at('kustomize/overlays/prod/kustomization.yaml'),
    at('kustomize/overlays/prod/service-port.json'),
  ]);
  assert.equal(prod.blocked, undefined);
  const remote = units.find((u) => u.rootUri === at('kustomize/remote'))!;
  assert.ok(remote.blocked);
  assert.match(remote.blocked.message, /github\.com\/example\/app\/\/deploy\/base\?ref=v1\.2\.0/);
  const text = input().files.get(remote.fileUri)!;
  assert.equal(text.slice(remote.blocked.span.start, remote.blocked.span.end), 'github.com/example/app//deploy/base?ref=v1.2.0');
});

test('an input outside every workspace folder blocks the unit, naming the path', () => {
  const units = discoverUnits(input({ folders: [at('kustomize/overlays')] }));
  const prod = units.find((u) => u.rootUri === at('kustomize/overlays/prod'))!;
  assert.ok(prod.blocked);
  assert.match(prod.blocked.message, /\.\.\/\.\.\/base/);
  assert.match(prod.blocked.message, /outside the workspace folders/);
});

test('helmCharts: blocked without the setting; with it, only when the chart is in helmGlobals.chartHome', () => {
  const files = new Map([[at('k/kustomization.yaml'), 'helmCharts:\n  - name: podinfo\n    repo: https://stefanprodan.github.io/podinfo\n']]);
  const base = { files, auxiliary: new Set<string>(), folders: [root], settings: DEFAULT_SETTINGS };
  assert.match(discoverUnits(base)[0]!.blocked!.message, /kubePorts\.kustomize\.enableHelm/);
  const enabled = normalizeSettings({ kustomize: { enableHelm: true } });
  assert.match(discoverUnits({ ...base, settings: enabled })[0]!.blocked!.message, /not under charts\/podinfo/);
  const vendored = new Map([...files, [at('k/charts/podinfo/Chart.yaml'), 'apiVersion: v2\nname: podinfo\nversion: 1.0.0\n']]);
  const units = discoverUnits({ ...base, files: vendored, settings: enabled });
  const u = units.find((x) => x.tool === 'kustomize')!;
  assert.equal(u.blocked, undefined);
  assert.ok(u.inputs.includes(at('k/charts/podinfo/Chart.yaml')));
});

test('kustomizePatchFiles: patch files of kustomizations and components (not resources)', () => {
  assert.deepEqual([...kustomizePatchFiles(input())].sort(), [
    at('kustomize/components/extra/delete-debug.yaml'),
    at('kustomize/components/extra/probe.yaml'),
    at('kustomize/overlays/prod/deployment-patch.yaml'),
    at('kustomize/overlays/prod/service-port.json'),
  ]);
});

test('discovery never throws on garbage', () => {
  const files = new Map([
    [at('x/Chart.yaml'), ': : :\n\t- ['],
    [at('y/kustomization.yaml'), 'resources: 12\ncomponents: {a: 1}\npatches: [1, {path: 3}, null]\n'],
    [at('z/kustomization.yml'), 'resources: [../z, ../y]\n'],
  ]);
  const units = discoverUnits({ files, auxiliary: new Set(), folders: [], settings: DEFAULT_SETTINGS });
  assert.deepEqual(units.map((u) => u.id), [`helm:${at('x')}`, `kustomize:${at('z')}`]);
});

test('kustomizations: the same text gives the same kustomization back; a changed text is read again', () => {
  const uri = 'file:///memo/overlay/kustomization.yaml';
  const read = (text: string) => kustomizations({ files: new Map([[uri, text]]) }).get(uri);
  const prod = 'namespace: prod\nresources:\n- ../base\n';
  const first = read(prod)!;
  assert.equal(first.kustomizeNamespace, 'prod');
  assert.equal(read(prod), first);
  const staging = read('namespace: staging\nresources:\n- ../base\n- extra.yaml\n')!;
  assert.equal(staging.kustomizeNamespace, 'staging');
  assert.deepEqual(staging.resources, ['../base', 'extra.yaml']);
  assert.equal(read(prod)!.kustomizeNamespace, 'prod');
  assert.equal(read('kind: Kustomization\nresources: [\n'), undefined);
});
