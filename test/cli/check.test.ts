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

function run(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
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
