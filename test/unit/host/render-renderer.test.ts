/**
 * host/render/renderer.ts with the real binaries (`requireTool`: loud skip locally, failure under
 * CI): `helm template` and `kubectl kustomize` on a temp copy, open editors overlaid, results
 * cached by the inputs' hash, blocked units never run.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test, type TestContext } from 'node:test';
import type { RenderUnit } from '../../../server/src/core/render/types';
import { DEFAULT_SETTINGS } from '../../../server/src/core/settings';
import { fileUri } from '../../../server/src/host/manifest-files';
import { inProcessClient } from '../../../server/src/host/render/render-client';
import { UnitRenderer } from '../../../server/src/host/render/renderer';
import { spawnRunner, type RunRequest, type Runner } from '../../../server/src/host/render/run';
import { requireTool } from '../../support/render-tools';

function tree(t: TestContext, files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'kp-render-test-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

function counting(calls: RunRequest[]): Runner {
  return (r) => {
    calls.push(r);
    return spawnRunner(r);
  };
}

const CHART = {
  'chart/Chart.yaml': 'apiVersion: v2\nname: web-chart\nversion: 0.1.0\n',
  'chart/values.yaml': 'port: 8080\n',
  'chart/templates/_helpers.tpl': '{{- define "web.name" -}}{{ .Release.Name }}-web{{- end }}\n',
  'chart/templates/service.yaml':
    'apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ include "web.name" . }}\n  namespace: {{ .Release.Namespace }}\nspec:\n  selector: {app: web}\n  ports:\n    - port: {{ .Values.port }}\n',
};

function helmUnit(root: string, extra: Partial<RenderUnit> = {}): RenderUnit {
  const chart = path.join(root, 'chart');
  return {
    id: `helm:${fileUri(chart)}`,
    tool: 'helm',
    rootUri: fileUri(chart),
    fileUri: fileUri(path.join(chart, 'Chart.yaml')),
    name: 'web-chart',
    release: 'shop',
    namespace: 'store',
    inputs: [],
    inputFolders: [fileUri(chart)],
    ...extra,
  };
}

const hostSettings = (helm?: string, kustomize?: string) => ({ timeoutMs: 20_000, ...(helm ? { helmPath: helm } : {}), ...(kustomize ? { kustomizePath: kustomize } : {}) });

test('helm: renders the chart with its release and namespace; unsaved text counts; unchanged inputs come from the cache', async (t) => {
  const helm = requireTool(t, 'helm');
  if (!helm) return;
  const ws = tree(t, CHART);
  const calls: RunRequest[] = [];
  const cacheDir = path.join(ws, '..', `${path.basename(ws)}-cache`);
  t.after(() => rmSync(cacheDir, { recursive: true, force: true }));
  const renderer = new UnitRenderer({ runner: counting(calls), cacheDir });
  t.after(() => renderer.dispose());
  const request = { unit: helmUnit(ws), folders: [fileUri(ws)], hostSettings: hostSettings(helm), settings: DEFAULT_SETTINGS };
  const first = await renderer.render(request);
  assert.equal(first.outcome?.status, 'rendered', JSON.stringify(first));
  if (first.outcome?.status !== 'rendered') return;
  assert.match(first.outcome.text, /# Source: web-chart\/templates\/service\.yaml/);
  assert.match(first.outcome.text, /name: shop-web\n {2}namespace: store\n/);
  assert.match(first.outcome.text, /- port: 8080/);
  const renders = () => calls.filter((c) => c.args[0] === 'template');
  assert.equal(renders().length, 1);
  const template = renders()[0]!;
  assert.deepEqual([template.args[0], template.args[1], ...template.args.slice(3)], ['template', 'shop', '--namespace', 'store']);
  assert.ok(!template.args[2]!.startsWith(ws), 'helm runs on the temp copy, not the workspace');
  assert.deepEqual(readdirSync(path.dirname(template.cwd)).filter((f) => f === path.basename(template.cwd)), [], 'the temp copy is removed');

  const again = await renderer.render(request);
  assert.equal(again.fromCache, true);
  assert.equal(renders().length, 1, 'an unchanged unit is not rendered again');
  const afterRestart = new UnitRenderer({ runner: counting(calls), cacheDir });
  t.after(() => afterRestart.dispose());
  const restarted = await afterRestart.render(request);
  assert.equal(restarted.fromCache, true, 'nor after a restart (disk cache)');
  assert.equal(renders().length, 1);

  const values = path.join(ws, 'chart', 'values.yaml');
  const overlay = { get: (p: string) => (p === values ? 'port: 9090\n' : undefined), paths: () => [values] };
  const edited = await renderer.render({ ...request, overlay });
  assert.equal(renders().length, 2);
  assert.ok(edited.outcome?.status === 'rendered' && /- port: 9090/.test(edited.outcome.text), 'the unsaved values file is what renders');
});

test('helm: a template error is a failed outcome whose stderr names the chart template, not the temp copy', async (t) => {
  const helm = requireTool(t, 'helm');
  if (!helm) return;
  const ws = tree(t, { ...CHART, 'chart/templates/broken.yaml': 'kind: ConfigMap\nmetadata:\n  name: {{ .Values.nope.deeper }}\n' });
  const renderer = new UnitRenderer();
  t.after(() => renderer.dispose());
  const r = await renderer.render({ unit: helmUnit(ws), folders: [fileUri(ws)], hostSettings: hostSettings(helm), settings: DEFAULT_SETTINGS });
  assert.equal(r.outcome?.status, 'failed', JSON.stringify(r));
  if (r.outcome?.status !== 'failed') return;
  assert.match(r.outcome.stderr, /web-chart\/templates\/broken\.yaml:3/);
  assert.doesNotMatch(r.outcome.stderr, /kube-ports-render-/);
});

test('helm: values files from the unit are passed with -f; an invalid release name is refused before anything runs', async (t) => {
  const helm = requireTool(t, 'helm');
  if (!helm) return;
  const ws = tree(t, { ...CHART, 'env/prod.yaml': 'port: 443\n' });
  const calls: RunRequest[] = [];
  const renderer = new UnitRenderer({ runner: counting(calls) });
  t.after(() => renderer.dispose());
  const base = { folders: [fileUri(ws)], hostSettings: hostSettings(helm), settings: DEFAULT_SETTINGS };
  const prod = await renderer.render({ ...base, unit: helmUnit(ws, { valuesFiles: [fileUri(path.join(ws, 'env', 'prod.yaml'))] }) });
  assert.ok(prod.outcome?.status === 'rendered' && /- port: 443/.test(prod.outcome.text), JSON.stringify(prod));
  const before = calls.length;
  const evil = await renderer.render({ ...base, unit: helmUnit(ws, { release: '--post-renderer=/bin/sh' }) });
  assert.equal(evil.outcome?.status, 'not-rendered');
  assert.equal(calls.length, before, 'nothing ran');
});

test('a blocked unit (remote content) is never run', async (t) => {
  const ws = tree(t, CHART);
  const calls: RunRequest[] = [];
  const renderer = new UnitRenderer({ runner: counting(calls) });
  t.after(() => renderer.dispose());
  const blocked = helmUnit(ws, { blocked: { message: 'dependency redis is not vendored under charts/: run `helm dependency build`', span: { start: 0, end: 4 } } });
  const r = await renderer.render({ unit: blocked, folders: [fileUri(ws)], hostSettings: hostSettings('/usr/bin/helm'), settings: DEFAULT_SETTINGS });
  assert.deepEqual(r.outcome, { status: 'not-rendered', message: blocked.blocked!.message });
  assert.deepEqual(calls, []);
});

test('a render over the timeout is stopped and says which setting', async (t) => {
  const ws = tree(t, CHART);
  const slow: Runner = async (r) =>
    r.args[0] === 'version'
      ? { kind: 'exited', code: 0, signal: null, stdout: 'v4.1.4\n', stderr: '', milliseconds: 1 }
      : spawnRunner({ ...r, command: process.execPath, args: ['-e', 'setInterval(() => {}, 1000)'] });
  const renderer = new UnitRenderer({ runner: slow });
  t.after(() => renderer.dispose());
  const r = await renderer.render({ unit: helmUnit(ws), folders: [fileUri(ws)], hostSettings: { helmPath: process.execPath, timeoutMs: 200 }, settings: DEFAULT_SETTINGS });
  assert.equal(r.outcome?.status, 'not-rendered');
  if (r.outcome?.status === 'not-rendered') assert.match(r.outcome.message, /did not finish within 0\.2 s \(kubePorts\.render\.timeout\)/);
});

test('kustomize: builds through the wrapper with origin annotations relative to originBase', async (t) => {
  const kubectl = requireTool(t, 'kubectl');
  if (!kubectl) return;
  const ws = tree(t, {
    'base/kustomization.yaml': 'resources: [svc.yaml]\n',
    'base/svc.yaml': 'apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec: {selector: {app: web}, ports: [{port: 80}]}\n',
    'overlays/prod/kustomization.yaml': 'resources: [../../base]\nnamePrefix: prod-\n',
  });
  const root = path.join(ws, 'overlays', 'prod');
  const unit: RenderUnit = {
    id: `kustomize:${fileUri(root)}`,
    tool: 'kustomize',
    rootUri: fileUri(root),
    fileUri: fileUri(path.join(root, 'kustomization.yaml')),
    name: 'prod',
    inputs: [fileUri(path.join(root, 'kustomization.yaml')), fileUri(path.join(ws, 'base', 'kustomization.yaml')), fileUri(path.join(ws, 'base', 'svc.yaml'))],
    inputFolders: [],
  };
  const renderer = new UnitRenderer();
  t.after(() => renderer.dispose());
  const r = await renderer.render({ unit, folders: [fileUri(ws)], hostSettings: hostSettings(undefined, kubectl), settings: DEFAULT_SETTINGS });
  assert.equal(r.outcome?.status, 'rendered', JSON.stringify(r));
  if (r.outcome?.status !== 'rendered') return;
  assert.match(r.outcome.text, /name: prod-web/);
  const origin = /config\.kubernetes\.io\/origin: \|\n\s+path: (\S+)/.exec(r.outcome.text)?.[1];
  assert.equal(origin, '../../base/svc.yaml');
  assert.equal(new URL(origin!, `${r.outcome.originBase}/`).href, fileUri(path.join(ws, 'base', 'svc.yaml')));
});

test('kept copies: each render answers as a fresh copy would (unsaved text, edits, removed templates); one copy per unit, removed by dispose', async (t) => {
  const helm = requireTool(t, 'helm');
  if (!helm) return;
  const ws = tree(t, { ...CHART, 'chart/templates/extra.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: extra\ndata: {port: "{{ .Values.port }}"}\n' });
  const keepIn = mkdtempSync(path.join(tmpdir(), 'kp-kept-'));
  t.after(() => rmSync(keepIn, { recursive: true, force: true }));
  const calls: RunRequest[] = [];
  const kept = new UnitRenderer({ runner: counting(calls), keepCopiesIn: keepIn });
  const fresh = new UnitRenderer();
  t.after(() => kept.dispose());
  t.after(() => fresh.dispose());
  const values = path.join(ws, 'chart', 'values.yaml');
  const base = { unit: helmUnit(ws), folders: [fileUri(ws)], hostSettings: hostSettings(helm), settings: DEFAULT_SETTINGS };
  const both = async (open: ReadonlyMap<string, string>, what: string) => {
    const overlay = { get: (p: string) => open.get(p), paths: () => open.keys() };
    const a = await kept.render({ ...base, overlay });
    const b = await fresh.render({ ...base, overlay });
    assert.equal(a.outcome?.status, 'rendered', JSON.stringify(a));
    assert.equal(a.fromCache, undefined, `${what}: rendered, not cached`);
    const text = (r: typeof a) => (r.outcome?.status === 'rendered' ? r.outcome.text : '');
    assert.equal(text(a), text(b), `${what}: the same output as from a fresh copy`);
    return text(a);
  };
  assert.match(await both(new Map(), 'first render'), /name: extra/);
  assert.match(await both(new Map([[values, 'port: 9090\n']]), 'an unsaved values edit'), /- port: 9090/);
  rmSync(path.join(ws, 'chart', 'templates', 'extra.yaml'));
  assert.doesNotMatch(await both(new Map([[values, 'port: 9191\n']]), 'a removed template'), /name: extra/);
  assert.match(await both(new Map(), 'the editor closed'), /- port: 8080/);

  const cwds = new Set(calls.filter((c) => c.args[0] === 'template').map((c) => c.cwd));
  assert.equal(cwds.size, 1, 'every render of the unit ran in its one kept copy');
  assert.deepEqual(readdirSync(keepIn).map((d) => path.join(keepIn, d)), [...cwds], 'the copy stays between renders');
  kept.dispose();
  assert.deepEqual(readdirSync(keepIn), [], 'dispose removes it');
});

test('the language server\'s render client keeps the copies in a folder of its own and removes it on dispose', async (t) => {
  const ws = tree(t, CHART);
  const calls: RunRequest[] = [];
  const fake: Runner = async (r) => {
    calls.push(r);
    return r.args[0] === 'version'
      ? { kind: 'exited', code: 0, signal: null, stdout: 'v4.1.4\n', stderr: '', milliseconds: 1 }
      : { kind: 'exited', code: 0, signal: null, stdout: 'kind: ConfigMap\nmetadata: {name: x}\n', stderr: '', milliseconds: 1 };
  };
  const client = inProcessClient({ runner: fake });
  let disposed = false;
  t.after(() => disposed || client.dispose());
  const values = path.join(ws, 'chart', 'values.yaml');
  for (const port of ['1', '2']) {
    const r = await client.render({
      unit: helmUnit(ws),
      folders: [fileUri(ws)],
      overlay: { get: (p) => (p === values ? `port: ${port}\n` : undefined), paths: () => [values] },
      hostSettings: { helmPath: process.execPath, timeoutMs: 20_000 },
      settings: DEFAULT_SETTINGS,
    });
    assert.equal(r.outcome?.status, 'rendered', JSON.stringify(r));
  }
  const cwds = [...new Set(calls.filter((c) => c.args[0] === 'template').map((c) => c.cwd))];
  assert.equal(cwds.length, 1, 'both renders ran in the unit\'s kept copy');
  const folder = path.dirname(cwds[0]!);
  assert.match(path.basename(folder), /^kube-ports-copies-/);
  assert.ok(existsSync(cwds[0]!), 'kept between renders');
  client.dispose();
  disposed = true;
  assert.ok(!existsSync(folder), 'dispose removes the folder with every copy in it');
});
