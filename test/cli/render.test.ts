/**
 * `kube-ports check` / `explain` render Helm charts and Kustomize roots with the real binaries
 * (requireTool: loud skip locally, failure under CI), over test/fixtures/render-host/.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test, type TestContext } from 'node:test';
import { requireTool } from '../support/render-tools';

const CLI = path.resolve(__dirname, '../../dist/cli.js');
const FIXTURES = path.resolve(__dirname, '../fixtures/render-host');

/** A copy of the fixtures (the cache folder and edits must not touch the repository). */
function fixtures(t: TestContext): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'kube-ports-cli-render-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  cpSync(FIXTURES, dir, { recursive: true });
  return dir;
}

function run(args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function tools(t: TestContext): string[] | undefined {
  const helm = requireTool(t, 'helm');
  const kubectl = requireTool(t, 'kubectl');
  return helm && kubectl ? ['--helm', helm, '--kustomize', kubectl] : undefined;
}

test('check renders charts and overlays; findings point at template and base lines (text)', (t) => {
  const bin = tools(t);
  if (!bin) return;
  const r = run(['check', ...bin, '.'], fixtures(t));
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stdout, /^web\/templates\/service\.yaml:14:19 error target-port-name-unresolved targetPort "htp" names no container port of Deployment web-chart-web .*\(in Helm release web-chart\)$/m);
  assert.match(r.stdout, /^ {2}web\/templates\/deployment\.yaml:17:11 note: /m);
  assert.match(r.stdout, /^kz\/base\/service\.yaml:13:19 error target-port-name-unresolved targetPort "metrics" names no container port of Deployment prod-api .*\(in kustomization kz\/overlays\/prod\)$/m);
  // The overlay's Ingress names the base Service `api`, which namePrefix renamed with it: no false error.
  assert.doesNotMatch(r.stdout, /ingress-backend-service-missing/);
  // Units that cannot render are said so, as notes, and do not make the run fail by themselves.
  assert.match(r.stdout, /^needs-deps\/Chart\.yaml:\d+:\d+ information render-blocked Chart needs-deps is not rendered: its dependency `redis` is not vendored under charts\/ .*helm dependency build/m);
  assert.match(r.stdout, /^remote\/kustomization\.yaml:2:\d+ information render-blocked .*remote resource `https:\/\/github\.com\/example\/app\/\/deploy\/base\?ref=v1\.0\.0`/m);
  assert.match(r.stdout, /^4 render units \(Helm charts, Kustomize roots\): 2 rendered, 2 not rendered$/m);
});

test('JSON and SARIF locations are template lines too; JSON lists the units', (t) => {
  const bin = tools(t);
  if (!bin) return;
  const root = fixtures(t);
  const json = JSON.parse(run(['check', ...bin, '--format', 'json', 'web'], root).stdout);
  assert.deepEqual(json.units.map((u: { unit: string; status: string; root: string; objects: number }) => [u.unit, u.status, u.root, u.objects]), [['web-chart', 'rendered', 'web', 2]]);
  const d = json.diagnostics.find((x: { code: string }) => x.code === 'target-port-name-unresolved');
  assert.equal(d.file, 'web/templates/service.yaml');
  assert.deepEqual(d.range.start, { line: 13, character: 18 });
  const sarif = JSON.parse(run(['check', ...bin, '--format', 'sarif', 'web'], root).stdout);
  const result = sarif.runs[0].results.find((x: { ruleId: string }) => x.ruleId === 'target-port-name-unresolved');
  assert.equal(result.locations[0].physicalLocation.artifactLocation.uri, 'web/templates/service.yaml');
  assert.equal(result.locations[0].physicalLocation.region.startLine, 14);
});

test('--release-name, --namespace and --helm-values for one chart; refused for several', (t) => {
  const bin = tools(t);
  if (!bin) return;
  const root = fixtures(t);
  const r = run(['check', ...bin, '--release-name', 'shop', '--namespace', 'store', '--helm-values', 'web/values.yaml', 'web'], root);
  assert.match(r.stdout, /Deployment shop-web \(namespace store;.*\(in Helm release shop\b/);
  const several = run(['check', ...bin, '--release-name', 'shop', '.'], root);
  assert.equal(several.code, 2);
  assert.match(several.stderr, /apply to one chart; 2 charts were found/);
});

test('a missing binary exits 2 with what to install, unless --no-render', (t) => {
  const root = fixtures(t);
  const env = { ...process.env, PATH: '/nonexistent' };
  const r = run(['check', 'web'], root, env);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /Helm charts are not rendered: `helm` was not found\. Install Helm 3 or 4 .*--helm <path>.*--no-render/);
  const plain = run(['check', '--no-render', 'web'], root, env);
  assert.equal(plain.code, 0, plain.stderr);
  assert.match(plain.stdout, /1 render units \(Helm charts, Kustomize roots\): 0 rendered, 1 not rendered \(--no-render\)/);
  // Without any unit, no binary is needed.
  const noUnits = run(['check', 'kz/base/deployment.yaml'], root, env);
  assert.equal(noUnits.code, 0, noUnits.stderr);
});

test('a template error is an error on the template line the tool names', (t) => {
  const bin = tools(t);
  if (!bin) return;
  const root = fixtures(t);
  const broken = path.join(root, 'web', 'templates', 'broken.yaml');
  require('node:fs').writeFileSync(broken, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Values.nope.deeper }}\n');
  const r = run(['check', ...bin, 'web'], root);
  assert.equal(r.code, 1);
  // The tool once, the cause, the unit once.
  assert.match(r.stdout, /^web\/templates\/broken\.yaml:4:\d+ error render-failed helm template failed: nil pointer evaluating interface \{\}\.deeper \(in Helm release web-chart\)$/m);
});

test('--cache: an unchanged unit is not rendered again by the next run', (t) => {
  const bin = tools(t);
  if (!bin) return;
  const root = fixtures(t);
  const cache = path.join(root, '.cache');
  const checked = () => JSON.parse(run(['check', ...bin, '--cache', cache, '--format', 'json', 'web', 'kz'], root).stdout) as { units: { unit: string; cached?: boolean }[]; diagnostics: unknown };
  const sorted = (us: { unit: string; cached?: boolean }[]) => us.map((u) => [u.unit, u.cached ?? false]).sort();
  const first = checked();
  assert.deepEqual(sorted(first.units), [['prod', false], ['web-chart', false]]);
  // The second run also restores the plain model (DIR/model/): the same findings, on template and base lines.
  const second = checked();
  assert.deepEqual(sorted(second.units), [['prod', true], ['web-chart', true]]);
  assert.deepEqual(second.diagnostics, first.diagnostics);
  assert.ok(JSON.stringify(first.diagnostics).includes('in Helm release web-chart'));
});

test('explain shows a chart Service at its template line, with the rendered names', (t) => {
  const bin = tools(t);
  if (!bin) return;
  const r = run(['explain', ...bin, '--release-name', 'shop', 'web'], fixtures(t));
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^Service default\/shop-web \(ClusterIP\) {2}web\/templates\/service\.yaml:4$/m);
  assert.match(r.stdout, /shop-web\.default\.svc\.cluster\.local:8080/);
  assert.match(r.stdout, /Deployment shop-web, container app, containerPort 3000 \(http\) {2}web\/templates\/deployment\.yaml:\d+/);
});

test('explain: a call in a kustomize resource file is located in that file, not in the unit\'s first one', (t) => {
  const bin = tools(t);
  if (!bin) return;
  const root = mkdtempSync(path.join(tmpdir(), 'kube-ports-cli-calls-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const write = (name: string, text: string) => writeFileSync(path.join(root, name), text);
  write('kustomization.yaml', 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - cart.yaml\n  - web.yaml\n');
  const pod = (app: string, extra = '') =>
    `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${app}\nspec:\n  selector:\n    matchLabels:\n      app: ${app}\n  template:\n    metadata:\n      labels:\n        app: ${app}\n    spec:\n      containers:\n        - name: main\n          image: example/${app}:1\n          ports:\n            - containerPort: 8080\n${extra}`;
  write('cart.yaml', `apiVersion: v1\nkind: Service\nmetadata:\n  name: cart\nspec:\n  selector:\n    app: cart\n  ports:\n    - port: 80\n      targetPort: 8080\n---\n${pod('cart')}`);
  write('web.yaml', pod('web', '          env:\n            - name: CART_ADDR\n              value: "cart:80"\n'));
  const r = run(['explain', ...bin, '--format', 'json', '.'], root);
  assert.equal(r.code, 0, r.stderr);
  const call = JSON.parse(r.stdout).calls.find((c: { key: string }) => c.key === 'CART_ADDR');
  assert.deepEqual([call.file, call.line + 1, call.status], ['web.yaml', 21, 'ok']);
  const text = run(['explain', ...bin, '.'], root);
  assert.match(text.stdout, /Deployment default\/web, container main -> cart:80 {2}web\.yaml:21$/m);
});
