/**
 * Render units in the workspace model, end to end with the real tools: rendered objects stand for
 * their inputs, findings land on template / base lines naming their unit (once for several
 * overlays), units never see each other, plain files see every unit, and features reach the
 * rendered objects from source positions.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test, type TestContext } from 'node:test';
import { hoverAt } from '../../../server/src/core/features/hover';
import { normalizeSettings } from '../../../server/src/core/settings';
import { LineIndex } from '../../../server/src/core/text/line-index';
import { Workspace } from '../../../server/src/core/workspace/workspace';
import { FIXTURES, readTree, renderHelm, renderHelmFailure, renderKustomize, uriOfPath } from '../../support/render-fixture';
import { requireTool } from '../../support/render-tools';

/** A copy of a fixture folder, with some files changed, loaded into a Workspace. */
function workspaceOf(fixture: string, changes: Record<string, [string, string]> = {}): { ws: Workspace; dir: string; uri: (rel: string) => string } {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), 'kp-units-')), 'ws');
  cpSync(path.join(FIXTURES, fixture), dir, { recursive: true });
  for (const [rel, [from, to]] of Object.entries(changes)) {
    const file = path.join(dir, rel);
    const text = readFileSync(file, 'utf8');
    assert.ok(text.includes(from), `${rel} contains ${from}`);
    writeFileSync(file, text.replace(from, to));
  }
  const tree = readTree(dir);
  const ws = new Workspace({ settings: normalizeSettings({}) });
  for (const [uri, text] of tree.files) ws.setFile(uri, text);
  ws.setFolders([uriOfPath(dir)]);
  ws.setAuxiliaryFiles(tree.auxiliary);
  return { ws, dir, uri: (rel) => uriOfPath(path.join(dir, rel)) };
}

function lineOf(ws: Workspace, uri: string, offset: number): string {
  const text = ws.text(uri) ?? '';
  const line = new LineIndex(text).positionAt(offset).line;
  return `${line + 1}: ${text.split('\n')[line]!.trim()}`;
}

const brief = (ws: Workspace, uri: string) => ws.findings(uri).map((f) => `${f.severity} ${f.rule} @${lineOf(ws, uri, f.span.start)} | ${f.message}`);

function renderKustomizeUnits(t: TestContext, ws: Workspace, dir: string): boolean {
  const kubectl = requireTool(t, 'kubectl');
  if (!kubectl) return false;
  for (const unit of ws.units()) {
    if (unit.tool !== 'kustomize' || unit.blocked) continue;
    const { text, originBase } = renderKustomize(kubectl, dir, new URL(unit.rootUri).pathname);
    ws.setRenderOutcome(unit.id, { status: 'rendered', text, originBase });
  }
  return true;
}

test('kustomize: a base fault found in two overlays is one finding on the base line naming both; an object a component deletes is not checked', (t) => {
  const { ws, dir, uri } = workspaceOf('kustomize', { 'base/service.yaml': ['targetPort: http', 'targetPort: htp'] });
  const ids = ws.units().map((u) => `${u.tool} ${path.relative(dir, new URL(u.rootUri).pathname)}${u.blocked ? ' (blocked)' : ''}`);
  assert.deepEqual(ids, ['kustomize overlays/prod', 'kustomize overlays/staging', 'kustomize remote (blocked)']);
  if (!renderKustomizeUnits(t, ws, dir)) return;
  const service = brief(ws, uri('base/service.yaml'));
  assert.equal(service.filter((f) => f.includes('target-port-name-unresolved')).length, 1, service.join('\n'));
  assert.match(
    service.find((f) => f.includes('target-port-name-unresolved'))!,
    /@11: targetPort: htp \| .*Deployment prod-web .*\(in kustomization overlays\/prod; the same fault in kustomization overlays\/staging\)$/,
  );
  // The debug Service is deleted by prod's component: only staging checks it.
  const debug = service.filter((f) => f.includes('debug'));
  assert.ok(debug.every((f) => f.endsWith('(in kustomization overlays/staging)')), debug.join('\n'));
  // The base is never checked as written: no finding without a unit.
  assert.ok(service.every((f) => / \(in kustomizations? /.test(f)), service.join('\n'));
  assert.equal(ws.isRenderedInput(uri('base/service.yaml')), true);
  // The remote kustomization says why it is not rendered.
  assert.deepEqual(
    ws.findings(uri('remote/kustomization.yaml')).map((f) => `${f.severity} ${f.rule}`),
    ['information render-blocked'],
  );
});

test('kustomize: a correct overlay gives no false findings (namePrefix-ed Ingress backend, labels in selectors, namespace replaced)', (t) => {
  const { ws, dir, uri } = workspaceOf('kustomize');
  if (!renderKustomizeUnits(t, ws, dir)) return;
  for (const rel of ['base/service.yaml', 'base/deployment.yaml', 'overlays/prod/deployment-patch.yaml', 'components/extra/probe.yaml']) {
    const errors = brief(ws, uri(rel)).filter((f) => f.startsWith('error'));
    assert.deepEqual(errors, [], rel);
  }
  // staging sets no namespace, so its Ingress stays in the namespace its file declares, away from
  // its Service: a real fault of that overlay only (prod's namespace: replaces the file's).
  assert.deepEqual(
    brief(ws, uri('base/ingress.yaml')).map((f) => f.replace(/ \|.*\(in /, ' | (in ')),
    ['error ingress-backend-service-missing @15: name: web | (in kustomization overlays/staging)'],
  );
});

test('kustomize: overlays never see each other; a plain file sees every unit', (t) => {
  const { ws, dir, uri } = workspaceOf('kustomize');
  if (!renderKustomizeUnits(t, ws, dir)) return;
  // Both overlays render a Deployment labelled app: web; each Service selects only its own.
  const plainIngress = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: edge
  namespace: prod
spec:
  defaultBackend:
    service:
      name: prod-web
      port:
        number: 8080
`;
  ws.setFile(uri('plain/ingress.yaml'), plainIngress);
  assert.deepEqual(brief(ws, uri('plain/ingress.yaml')).filter((f) => f.startsWith('error')), []);
  ws.setFile(uri('plain/ingress.yaml'), plainIngress.replace('prod-web', 'web'));
  assert.equal(brief(ws, uri('plain/ingress.yaml')).filter((f) => f.includes('ingress-backend-service-missing')).length, 1);
});

test('helm: a template fault lands on the template line, naming the release; hover on a template line shows the rendered Service', (t) => {
  const helm = requireTool(t, 'helm');
  if (!helm) return;
  const { ws, dir, uri } = workspaceOf('helm/demo', { 'templates/service.yaml': ['      targetPort: http\n      protocol', '      targetPort: htp\n      protocol'] });
  const unit = ws.units().find((u) => u.tool === 'helm')!;
  assert.equal(unit.name, 'demo-app');
  ws.setRenderOutcome(unit.id, { status: 'rendered', text: renderHelm(helm, dir, unit.release!) });
  const findings = brief(ws, uri('templates/service.yaml'));
  assert.deepEqual(
    findings.filter((f) => f.startsWith('error')).map((f) => f.replace(/ \|.*\(in /, ' | (in ')),
    ['error target-port-name-unresolved @17: targetPort: htp | (in Helm release demo-app)'],
  );
  // The test hook Pod is rendered but is no backend: the Services do not count it.
  const service = uri('templates/service.yaml');
  const offset = (ws.text(service) ?? '').indexOf('{{ .Values.service.port }}') + 3;
  const views = ws.viewsAt(service, offset);
  assert.equal(views.length, 1);
  const hover = hoverAt({ index: views[0]!.index, settings: ws.settings, objects: views[0]!.objects, text: views[0]!.text }, views[0]!.offset);
  assert.ok(hover, 'a hover on the template line');
  assert.match(hover.markdown, /demo-app-demo-app\.default\.svc\.cluster\.local:80/);
  assert.doesNotMatch(hover.markdown, /test-connection/);
});

test('helm: a failed render is an error on the line Helm names; a unit that is not rendered leaves the plain view', (t) => {
  const helm = requireTool(t, 'helm');
  if (!helm) return;
  const { ws, dir, uri } = workspaceOf('helm/demo', { 'templates/service.yaml': ['{{ .Values.service.type }}', '{{ .Values.service.type | nosuchfunction }}'] });
  const unit = ws.units().find((u) => u.tool === 'helm')!;
  ws.setRenderOutcome(unit.id, { status: 'failed', stderr: renderHelmFailure(helm, dir, unit.release!) });
  const failed = brief(ws, uri('templates/service.yaml')).filter((f) => f.includes('render-failed'));
  assert.equal(failed.length, 1, brief(ws, uri('templates/service.yaml')).join('\n'));
  assert.match(failed[0]!, /^error render-failed @8: type:/);
  ws.setRenderOutcome(unit.id, { status: 'not-rendered', message: 'kube-ports renders charts only in a trusted workspace.' });
  assert.deepEqual(brief(ws, uri('Chart.yaml')).map((f) => f.split(' @')[0]), ['information render-skipped']);
  assert.equal(ws.isRenderedInput(uri('templates/service.yaml')), false);
});
