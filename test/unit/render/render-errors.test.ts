import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { locateRenderError, templateOffsetOfRenderedLine } from '../../../server/src/core/render/render-errors';
import type { RenderUnit } from '../../../server/src/core/render/types';
import { renderHelmFailure, uriOfPath } from '../../support/render-fixture';
import { requireTool } from '../../support/render-tools';

const ROOT = 'file:///ws/chart';
const files = new Map<string, string>([
  [`${ROOT}/Chart.yaml`, 'apiVersion: v2\nname: shop\nversion: 0.1.0\n'],
  [`${ROOT}/values.yaml`, 'a: 1\n'],
  [`${ROOT}/templates/_helpers.tpl`, '{{- define "x.port" -}}\n{{ .Values.missing.port }}\n{{- end }}\n'],
  [`${ROOT}/templates/svc.yaml`, 'apiVersion: v1\nkind: Service\nmetadata:\n  name: x\nspec:\n  ports:\n    - port: {{ include "x.port" . }}\n'],
  [`${ROOT}/templates/cm.yaml`, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n{{- if .Values.a }}\ndata:\n  a: "1"\n{{- end }}\n   bad: {{ "x" }}\n'],
]);
const unit: RenderUnit = {
  id: `helm:${ROOT}`,
  tool: 'helm',
  rootUri: ROOT,
  fileUri: `${ROOT}/Chart.yaml`,
  name: 'shop',
  release: 'shop',
  namespace: 'default',
  valuesFiles: [`${ROOT}/values.yaml`],
  inputs: [...files.keys()],
  inputFolders: [ROOT],
};
const text = (u: string) => files.get(u);
const where = (loc: { uri: string; span: { start: number; end: number } }) => {
  const t = files.get(loc.uri) ?? '';
  return `${loc.uri.slice(ROOT.length + 1)}:${t.slice(0, loc.span.start).split('\n').length}: ${t.slice(loc.span.start, loc.span.end)}`;
};

test('helm 4 multi-line form: the first frame\'s file and column, the cause and the innermost frame in the message', () => {
  const stderr =
    'Error: shop/templates/svc.yaml:7:15\n  executing "shop/templates/svc.yaml" at <include "x.port" .>:\n    error calling include:\nshop/templates/_helpers.tpl:2:10\n  executing "x.port" at <.Values.missing.port>:\n    nil pointer evaluating interface {}.port\n\nUse --debug flag to render out invalid YAML\n';
  const loc = locateRenderError(unit, stderr, text);
  assert.equal(where(loc), 'templates/svc.yaml:7: {{ include "x.port" . }}');
  assert.equal(loc.message, 'helm template failed: nil pointer evaluating interface {}.port (from templates/_helpers.tpl:2)');
});

test('every message says what ran once, at its start; the unit is named by the workspace, not here', () => {
  const helmForms = [
    'Error: shop/templates/svc.yaml:7:15\n  executing "shop/templates/svc.yaml" at <include "x.port" .>:\n    error calling include:\nshop/templates/_helpers.tpl:2:10\n  executing "x.port" at <.Values.missing.port>:\n    nil pointer evaluating interface {}.port\n',
    'Error: parse error at (shop/templates/svc.yaml:7): missing value for if\n',
    'Error: execution error at (shop/templates/svc.yaml:7:15): port is required\n',
    'Error: YAML parse error on shop/templates/cm.yaml: error converting YAML to JSON: yaml: line 6: did not find expected key\n',
    'Error: validation: chart.metadata.name is required\n',
    '',
  ];
  for (const stderr of helmForms) {
    const { message } = locateRenderError(unit, stderr, text);
    assert.match(message, /^helm template failed: \S/, message);
    assert.equal(message.match(/helm/gi)?.length, 1, message);
  }
  const k = 'file:///ws/app';
  const kunit: RenderUnit = { id: `kustomize:${k}`, tool: 'kustomize', rootUri: k, fileUri: `${k}/kustomization.yaml`, name: 'app', inputs: [`${k}/kustomization.yaml`], inputFolders: [] };
  const { message } = locateRenderError(kunit, 'Error: invalid Kustomization: yaml: line 2: did not find expected key\n', (u) => (u === kunit.fileUri ? 'resources:\n - a\n  b: c\n' : undefined));
  assert.equal(message, 'kustomize build failed: invalid Kustomization: yaml: line 2: did not find expected key');
});

test('helm one-line form of a recursive include: 100 KB become the first frame and the cause', () => {
  const frame = 'template: shop/templates/_helpers.tpl:2:3: executing "x.port" at <include "x.port" .>: error calling include: ';
  const stderr = `Error: template: shop/templates/svc.yaml:7:15: executing "shop/templates/svc.yaml" at <include "x.port" .>: error calling include: ${frame.repeat(1000)}rendering template has a nested reference name: x.port: unable to execute template\n\nUse --debug flag to render out invalid YAML\n`;
  assert.ok(stderr.length > 100_000);
  const loc = locateRenderError(unit, stderr, text);
  assert.equal(where(loc), 'templates/svc.yaml:7: {{ include "x.port" . }}');
  assert.ok(loc.message.length < 600, `message of ${loc.message.length} characters`);
  assert.match(loc.message, /rendering template has a nested reference name: x\.port: unable to execute template/);
});

test('helm parse error at (file:line) and execution error at (file:line:col)', () => {
  const parse = locateRenderError(unit, 'Error: parse error at (shop/templates/svc.yaml:7): missing value for if\n\nUse --debug flag to render out invalid YAML\n', text);
  assert.equal(where(parse), 'templates/svc.yaml:7: - port: {{ include "x.port" . }}');
  assert.match(parse.message, /missing value for if/);
  const exec = locateRenderError(unit, 'Error: execution error at (shop/templates/svc.yaml:7:15): port is required\n', text);
  assert.equal(where(exec), 'templates/svc.yaml:7: {{ include "x.port" . }}');
  assert.match(exec.message, /port is required/);
});

test('helm YAML parse error: the rendered line is mapped back to the template line (trimmed control lines vanish)', () => {
  // What Helm 4.1 prints for cm.yaml (its YAML parser names line 6 of the rendered output).
  const stderr = 'Error: YAML parse error on shop/templates/cm.yaml: error converting YAML to JSON: yaml: line 6: did not find expected key\n\nUse --debug flag to render out invalid YAML\n';
  const loc = locateRenderError(unit, stderr, text);
  // Rendered: 1 apiVersion, 2 kind, 3 metadata, 4 name, 5 data, 6 a, 7 bad: the `{{- if }}` and `{{- end }}` lines vanish.
  assert.equal(where(loc), 'templates/cm.yaml:7: a: "1"');
  assert.match(loc.message, /did not find expected key/);
  assert.match(loc.message, /rendered line 6/);
  assert.equal(templateOffsetOfRenderedLine('a: 1\n{{- if x }}\nb: 2\n{{ end }}\n', 2), 'a: 1\n{{- if x }}\n'.length);
});

test('an error that names no template lands on Chart.yaml with the message, never throws', () => {
  const loc = locateRenderError(unit, 'Error: validation: chart.metadata.name is required\n', text);
  assert.equal(loc.uri, `${ROOT}/Chart.yaml`);
  assert.match(loc.message, /chart\.metadata\.name is required/);
  const empty = locateRenderError(unit, '', text);
  assert.equal(empty.uri, `${ROOT}/Chart.yaml`);
  const junk = locateRenderError(unit, 'Error: shop/templates/nope.yaml:99999:3\n  boom\n', text);
  assert.equal(junk.uri, `${ROOT}/Chart.yaml`);
});

test('kustomize: a missing resource lands on its entry in the kustomization that lists it; temp paths become relative', () => {
  const k = 'file:///ws/app';
  const kfiles = new Map([
    [`${k}/overlays/prod/kustomization.yaml`, 'resources:\n- ../../base\n'],
    [`${k}/base/kustomization.yaml`, 'resources:\n- svc.yaml\n- missing.yaml\n'],
    [`${k}/base/svc.yaml`, 'kind: Service\n'],
  ]);
  const kunit: RenderUnit = { id: `kustomize:${k}/overlays/prod`, tool: 'kustomize', rootUri: `${k}/overlays/prod`, fileUri: `${k}/overlays/prod/kustomization.yaml`, name: 'prod', inputs: [...kfiles.keys()], inputFolders: [] };
  const stderr =
    `E1201 20:39:47.567338   31800 run.go:72] "command failed" err="accumulating resources: accumulation err='accumulating resources from '../prod': '/tmp/kp-1/ws/app/overlays/prod' must resolve to a file': recursed accumulation of path '/tmp/kp-1/ws/app/overlays/prod': accumulating resources: accumulation err='accumulating resources from '../../base': '/tmp/kp-1/ws/app/base' must resolve to a file': recursed accumulation of path '/tmp/kp-1/ws/app/base': accumulating resources: accumulation err='accumulating resources from 'missing.yaml': evalsymlink failure on '/tmp/kp-1/ws/app/base/missing.yaml' : lstat /tmp/kp-1/ws/app/base/missing.yaml: no such file or directory': must build at directory: not a valid directory: evalsymlink failure on '/tmp/kp-1/ws/app/base/missing.yaml' : lstat /tmp/kp-1/ws/app/base/missing.yaml: no such file or directory"\n`;
  const loc = locateRenderError(kunit, stderr, (u) => kfiles.get(u));
  assert.equal(loc.uri, `${k}/base/kustomization.yaml`);
  const t = kfiles.get(loc.uri)!;
  assert.equal(t.slice(loc.span.start, loc.span.end), 'missing.yaml');
  assert.doesNotMatch(loc.message, /\/tmp\/kp-1/);
  assert.match(loc.message, /missing\.yaml/);
});

test('real helm: each error form is located on the template line helm names', (t) => {
  const helm = requireTool(t, 'helm');
  if (!helm) return;
  const dir = mkdtempSync(path.join(tmpdir(), 'kp-helm-err-'));
  try {
    const chart = path.join(dir, 'chart');
    mkdirSync(path.join(chart, 'templates'), { recursive: true });
    for (const [u, body] of files) writeFileSync(path.join(chart, u.slice(ROOT.length + 1)), body);
    const root = uriOfPath(chart);
    const real: RenderUnit = { ...unit, id: `helm:${root}`, rootUri: root, fileUri: `${root}/Chart.yaml`, inputs: [...files.keys()].map((u) => root + u.slice(ROOT.length)), valuesFiles: [`${root}/values.yaml`] };
    const realText = (u: string) => files.get(ROOT + u.slice(root.length));
    // 1: the include of a nil value (the multi-line form). cm.yaml is fine for now.
    writeFileSync(path.join(chart, 'templates/cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n');
    const include = locateRenderError(real, renderHelmFailure(helm, chart, 'shop'), realText);
    assert.equal(where({ ...include, uri: ROOT + include.uri.slice(root.length) }), 'templates/svc.yaml:7: {{ include "x.port" . }}');
    assert.match(include.message, /nil pointer/);
    // 2: the YAML error of cm.yaml's rendered output.
    writeFileSync(path.join(chart, 'templates/svc.yaml'), 'apiVersion: v1\nkind: Service\nmetadata:\n  name: x\n');
    writeFileSync(path.join(chart, 'templates/cm.yaml'), files.get(`${ROOT}/templates/cm.yaml`)!);
    const yaml = locateRenderError(real, renderHelmFailure(helm, chart, 'shop'), realText);
    assert.equal(where({ ...yaml, uri: ROOT + yaml.uri.slice(root.length) }), 'templates/cm.yaml:7: a: "1"');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
