import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';

import { REGEXP_ABORT_PAIR } from '../support/hostile';

const CLI = path.resolve(__dirname, '../../dist/cli.js');

function workspace(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'kube-ports-cli-'));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), text);
  }
  return root;
}

function run(args: string[], cwd: string, input?: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', ...(input !== undefined ? { input } : {}) });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const BAD = 'apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  selector: {app: web}\n  ports: [{port: 80}]\n';

test('text output reads like a compiler; warnings alone exit 0', () => {
  const root = workspace({ 'svc.yaml': BAD });
  const r = run(['check', '.'], root);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^svc\.yaml:5:13 warning service-selects-nothing Selector app=web matches no Pod/m);
  assert.match(r.stdout, /1 files, 1 objects: 0 errors, 1 warnings/);
});

test('an error-severity finding exits 1', () => {
  const root = workspace({ 'svc.yaml': BAD });
  const r = run(['check', '--rule', 'service-selects-nothing=error'], root);
  assert.equal(r.code, 1);
});

test('usage errors exit 2', () => {
  const root = workspace({});
  assert.equal(run(['check', '--format', 'xml'], root).code, 2);
  assert.equal(run(['frobnicate'], root).code, 2);
  assert.equal(run(['check', '--bogus'], root).code, 2);
  assert.equal(run([], root).code, 2);
  assert.equal(run(['--help'], root).code, 0);
});

test('JSON output follows the contract', () => {
  const root = workspace({ 'a/svc.yaml': BAD, 'a/notes.yaml': 'not: kubernetes\n' });
  const r = run(['check', 'a', '--format', 'json'], root);
  const json = JSON.parse(r.stdout);
  assert.equal(json.version, 1);
  assert.equal(json.files, 2);
  assert.equal(json.objects, 1);
  assert.deepEqual(json.diagnostics, [
    {
      file: 'a/svc.yaml',
      range: { start: { line: 4, character: 12 }, end: { line: 4, character: 22 } },
      severity: 'warning',
      code: 'service-selects-nothing',
      message: json.diagnostics[0].message,
      related: [],
    },
  ]);
});

test('SARIF output is 2.1.0 with rule metadata', () => {
  const root = workspace({ 'svc.yaml': BAD });
  const sarif = JSON.parse(run(['check', '--format', 'sarif'], root).stdout);
  assert.equal(sarif.version, '2.1.0');
  const run0 = sarif.runs[0];
  assert.equal(run0.tool.driver.name, 'kube-ports');
  assert.ok(run0.tool.driver.rules.some((r: { id: string }) => r.id === 'service-selects-nothing'));
  assert.equal(run0.results[0].ruleId, 'service-selects-nothing');
  assert.equal(run0.results[0].level, 'warning');
  assert.deepEqual(run0.results[0].locations[0].physicalLocation.region, { startLine: 5, startColumn: 13, endLine: 5, endColumn: 23 });
  assert.equal(run0.results[0].locations[0].physicalLocation.artifactLocation.uri, 'svc.yaml');
});

test('a folder holding a Helm template and a 20,000-deep flow sequence: JSON output, no V8 abort (issue 16)', () => {
  const root = workspace(REGEXP_ABORT_PAIR);
  const r = run(['check', '.', '--format', 'json'], root);
  assert.equal(r.code, 0, `exit ${String(r.code)}: ${r.stderr.slice(0, 300)}`);
  const rules = (JSON.parse(r.stdout) as { diagnostics: { file: string; code: string }[] }).diagnostics.map((f) => `${f.file} ${f.code}`);
  assert.deepEqual(rules.sort(), ['deepflow.yaml too-complex', 'helm.yaml helm-template']);
});

// ---- CI use (issue 16, items 2-4) ----------------------------------------------------------------

const DEPLOY = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers:\n      - name: c\n        ports: [{name: http, containerPort: 8080}]\n';
const NAMED = 'apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  selector: {app: web}\n  ports: [{port: 80, targetPort: htp}]\n';

test('a path that does not exist, or cannot be read, exits 2 and says so (a typo in a CI script fails the job)', () => {
  const root = workspace({ 'app/svc.yaml': BAD });
  const r = run(['check', 'nonexistent'], root);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /cannot read nonexistent/);
  const both = run(['check', 'app', 'typo'], root);
  assert.equal(both.code, 2, 'one readable path does not hide the unreadable one');
  assert.match(both.stdout, /svc\.yaml:5:13 warning service-selects-nothing/, 'what could be read is still reported');
  assert.equal(run(['explain', 'nonexistent'], root).code, 2);
});

test('no manifest under the paths exits 2 unless --allow-empty; a Helm chart or a kustomization counts as manifests', () => {
  const root = workspace({
    'empty/README.md': '# nothing here\n',
    'ci/workflow.yaml': 'on: push\njobs: {}\n',
    'chart/Chart.yaml': 'apiVersion: v2\nname: web\nversion: 0.1.0\n',
    'templates-only/templates/svc.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Values.name }}\n',
    'kustomize/kustomization.yaml': 'resources: []\n',
  });
  for (const dir of ['empty', 'ci']) {
    const r = run(['check', dir], root);
    assert.equal(r.code, 2, dir);
    assert.match(r.stderr, /no Kubernetes manifest found in /, dir);
    assert.equal(run(['check', dir, '--allow-empty'], root).code, 0, `${dir} with --allow-empty`);
    assert.equal(run(['explain', dir], root).code, 2, `explain ${dir}`);
  }
  // --no-render: this is about what counts as a manifest, not about rendering (which needs helm).
  for (const dir of ['chart', 'templates-only', 'kustomize']) assert.equal(run(['check', dir, '--no-render'], root).code, 0, dir);
});

test('- reads standard input (helm template | kube-ports check -), for check and explain; locations say <stdin>', () => {
  const root = workspace({});
  const r = run(['check', '-'], root, `${BAD}---\n${DEPLOY}`);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^<stdin>:6:18 warning target-port-not-declared /m);
  assert.match(r.stdout, /^  <stdin>:18:9 note: Deployment web/m);
  assert.match(r.stdout, /1 files, 2 objects/);
  const json = JSON.parse(run(['check', '-', '--format', 'json'], root, NAMED + '---\n' + DEPLOY).stdout);
  assert.deepEqual(json.diagnostics.map((d: { file: string; code: string }) => `${d.file} ${d.code}`), ['<stdin> target-port-name-unresolved']);
  const explained = run(['explain', '-'], root, NAMED.replace('htp', 'http') + '---\n' + DEPLOY);
  assert.equal(explained.code, 0, explained.stderr);
  assert.match(explained.stdout, /<stdin>/);
  assert.match(explained.stdout, /web/);
  assert.equal(run(['check', '-'], root, '').code, 2, 'empty standard input is no manifest');
});

test('- reads a kind: List dump from a live cluster (kubectl get svc,deploy -A -o yaml)', () => {
  const indent = (t: string) => t.split('\n').filter(Boolean).map((l, i) => (i === 0 ? '- ' : '  ') + l).join('\n');
  const list = `apiVersion: v1\nkind: List\nmetadata:\n  resourceVersion: ""\nitems:\n${indent(NAMED)}\n${indent(DEPLOY)}\n`;
  const r = run(['check', '-', '--format', 'json'], workspace({}), list);
  assert.equal(r.code, 1, r.stderr);
  const json = JSON.parse(r.stdout);
  assert.equal(json.objects, 2);
  assert.deepEqual(json.diagnostics.map((d: { file: string; code: string }) => `${d.file} ${d.code}`), ['<stdin> target-port-name-unresolved']);
});

test('--fail-on sets the lowest severity that exits 1', () => {
  const root = workspace({ 'svc.yaml': BAD }); // one warning
  assert.equal(run(['check'], root).code, 0);
  assert.equal(run(['check', '--fail-on', 'error'], root).code, 0);
  assert.equal(run(['check', '--fail-on', 'warning'], root).code, 1);
  assert.equal(run(['check', '--fail-on', 'information'], root).code, 1);
  assert.equal(run(['check', '--fail-on', 'warning', '--rule', 'service-selects-nothing=information'], root).code, 0);
  assert.equal(run(['check', '--fail-on', 'information', '--rule', 'service-selects-nothing=information'], root).code, 1);
  const bad = run(['check', '--fail-on', 'hint'], root);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--fail-on must be error, warning or information/);
});

test('--format github prints one workflow command per finding, escaped', () => {
  const root = workspace({ 'app, one/svc.yaml': NAMED, 'app, one/dep.yaml': DEPLOY, 'warn.yaml': BAD.replace('{app: web}', '{app: none}') });
  const r = run(['check', '--format', 'github'], root);
  assert.equal(r.code, 1);
  const lines = r.stdout.trim().split('\n');
  const error = lines.find((l) => l.startsWith('::error '));
  assert.ok(error, r.stdout);
  assert.match(error, /^::error file=app%2C one\/svc\.yaml,line=6,col=\d+,endLine=6,endColumn=\d+,title=target-port-name-unresolved::targetPort "htp" names no container port/);
  assert.ok(!error.slice(2).includes('\n'));
  assert.match(error, /%0Aapp, one\/dep\.yaml:\d+:\d+ /, 'related locations follow on their own lines (escaped)');
  assert.match(lines.find((l) => l.startsWith('::warning ')) ?? '', /^::warning file=warn\.yaml,line=5,col=13,endLine=5,endColumn=24,title=service-selects-nothing::Selector app=none matches no Pod/);
  assert.match(lines.at(-1)!, /^3 files, 3 objects: 1 errors, 1 warnings/);
});
