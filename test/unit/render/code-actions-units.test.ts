/**
 * Code actions on template and base lines, end to end with the real tools: the quick fix of a
 * rendered object lands on the base, patch, template literal or values-file line that made the
 * value, applying it clears the finding after a re-render, and a value made by `range` gets no
 * action at all.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test, type TestContext } from 'node:test';
import { codeActionsAt } from '../../../server/src/core/features/code-actions/through-units';
import type { CodeActionProposal } from '../../../server/src/core/features/code-actions/index';
import { applyEdits } from '../../../server/src/core/edits/text-edit';
import { normalizeSettings } from '../../../server/src/core/settings';
import { Workspace } from '../../../server/src/core/workspace/workspace';
import { FIXTURES, readTree, renderHelm, renderKustomize, uriOfPath } from '../../support/render-fixture';
import { requireTool } from '../../support/render-tools';

interface Fixture {
  ws: Workspace;
  dir: string;
  uri: (rel: string) => string;
  render: () => void;
}

/** A copy of a fixture folder with some replacements and extra files, loaded and rendered. */
function load(t: TestContext, fixture: string, changes: Record<string, [string, string]>, extra: Record<string, string> = {}): Fixture | undefined {
  const tool = fixture.startsWith('helm') ? requireTool(t, 'helm') : requireTool(t, 'kubectl');
  if (!tool) return undefined;
  const dir = path.join(mkdtempSync(path.join(tmpdir(), 'kp-actions-')), 'ws');
  cpSync(path.join(FIXTURES, fixture), dir, { recursive: true });
  for (const [rel, [from, to]] of Object.entries(changes)) {
    const file = path.join(dir, rel);
    const text = readFileSync(file, 'utf8');
    assert.ok(text.includes(from), `${rel} contains ${from}`);
    writeFileSync(file, text.replace(from, to));
  }
  for (const [rel, text] of Object.entries(extra)) writeFileSync(path.join(dir, rel), text);
  const tree = readTree(dir);
  const ws = new Workspace({ settings: normalizeSettings({}) });
  for (const [uri, text] of tree.files) ws.setFile(uri, text);
  ws.setFolders([uriOfPath(dir)]);
  ws.setAuxiliaryFiles(tree.auxiliary);
  const render = () => {
    for (const unit of ws.units()) {
      if (unit.blocked) continue;
      if (unit.tool === 'helm') ws.setRenderOutcome(unit.id, { status: 'rendered', text: renderHelm(tool, dir, unit.release!) });
      else {
        const { text, originBase } = renderKustomize(tool, dir, new URL(unit.rootUri).pathname);
        ws.setRenderOutcome(unit.id, { status: 'rendered', text, originBase });
      }
    }
  };
  render();
  return { ws, dir, uri: (rel) => uriOfPath(path.join(dir, rel)), render };
}

/** The quick fixes for the diagnostics of `rule` in `uri`, as the editor asks: cursor on the diagnostic, the diagnostic sent back. */
function fixesFor(f: Fixture, uri: string, rule: string): { proposals: CodeActionProposal[]; diagnostic: { code: string; span: { start: number; end: number } } } {
  const found = f.ws.findings(uri).filter((x) => x.rule === rule);
  assert.equal(found.length, 1, `one ${rule} in ${uri}: ${f.ws.findings(uri).map((x) => x.rule).join(', ')}`);
  const diagnostic = { code: rule, span: found[0]!.span };
  return { proposals: codeActionsAt(f.ws, { uri, span: { start: diagnostic.span.start, end: diagnostic.span.start }, diagnostics: [diagnostic] }), diagnostic };
}

/** Applies a proposal to the files on disk and in the workspace, then re-renders. */
function apply(f: Fixture, p: CodeActionProposal): void {
  for (const [uri, edits] of Object.entries(p.edits)) {
    const next = applyEdits(f.ws.text(uri)!, edits);
    writeFileSync(new URL(uri), next);
    f.ws.setFile(uri, next);
  }
  f.render();
}

const rules = (f: Fixture, uri: string) => f.ws.findings(uri).map((x) => x.rule);

test('kustomize: a targetPort typo in a base is fixed in the base file, and the finding goes away after re-render', (t) => {
  const f = load(t, 'kustomize', { 'base/service.yaml': ['targetPort: http', 'targetPort: htp'] });
  if (!f) return;
  const service = f.uri('base/service.yaml');
  const { proposals, diagnostic } = fixesFor(f, service, 'target-port-name-unresolved');
  const fix = proposals.find((p) => p.title === 'Change targetPort htp to "http"');
  assert.ok(fix, proposals.map((p) => p.title).join('\n'));
  assert.deepEqual(Object.keys(fix.edits), [service]);
  assert.deepEqual(fix.diagnostics, [diagnostic]);
  const edit = fix.edits[service]![0]!;
  assert.equal(f.ws.text(service)!.slice(edit.span.start, edit.span.end), 'htp');
  // Offered once although two overlays render the base.
  assert.equal(proposals.filter((p) => p.title === fix.title).length, 1);
  apply(f, fix);
  assert.ok(f.ws.text(service)!.includes('targetPort: http\n'));
  assert.ok(!rules(f, service).includes('target-port-name-unresolved'), rules(f, service).join(', '));
});

test('kustomize: a targetPort set by a strategic-merge patch is fixed in the patch, not in the base', (t) => {
  const patch = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports:\n    - name: http\n      port: 80\n      targetPort: htp\n';
  const f = load(t, 'kustomize', { 'overlays/prod/kustomization.yaml': ['  - path: deployment-patch.yaml\n', '  - path: deployment-patch.yaml\n  - path: service-patch.yaml\n'] }, { 'overlays/prod/service-patch.yaml': patch });
  if (!f) return;
  const patchUri = f.uri('overlays/prod/service-patch.yaml');
  const { proposals } = fixesFor(f, patchUri, 'target-port-name-unresolved');
  const fix = proposals.find((p) => p.title === 'Change targetPort htp to "http"');
  assert.ok(fix, proposals.map((p) => p.title).join('\n'));
  assert.deepEqual(Object.keys(fix.edits), [patchUri]);
  apply(f, fix);
  assert.equal(f.ws.text(patchUri), patch.replace('targetPort: htp', 'targetPort: http'));
  assert.ok(!rules(f, patchUri).includes('target-port-name-unresolved'), rules(f, patchUri).join(', '));
});

test('helm: a literal targetPort typo in a template is fixed in the template', (t) => {
  const f = load(t, 'helm/demo', { 'templates/service.yaml': ['      targetPort: http\n      protocol', '      targetPort: htp\n      protocol'] });
  if (!f) return;
  const template = f.uri('templates/service.yaml');
  const before = f.ws.text(template)!;
  const { proposals } = fixesFor(f, template, 'target-port-name-unresolved');
  const fix = proposals.find((p) => p.title === 'Change targetPort htp to "http"');
  assert.ok(fix, proposals.map((p) => p.title).join('\n'));
  assert.deepEqual(Object.keys(fix.edits), [template]);
  apply(f, fix);
  assert.equal(f.ws.text(template), before.replace('targetPort: htp', 'targetPort: http'));
  assert.ok(!rules(f, template).includes('target-port-name-unresolved'), rules(f, template).join(', '));
});

test('helm: a targetPort from a plain .Values reference is fixed on the values-file line; the template keeps its reference', (t) => {
  const f = load(t, 'helm/demo', {
    'templates/service.yaml': ['      targetPort: http\n      protocol', '      targetPort: {{ .Values.service.targetPort }}\n      protocol'],
    'values.yaml': ['  port: 80\n', '  port: 80\n  targetPort: htp\n'],
  });
  if (!f) return;
  const template = f.uri('templates/service.yaml');
  const values = f.uri('values.yaml');
  const before = { template: f.ws.text(template)!, values: f.ws.text(values)! };
  const { proposals } = fixesFor(f, template, 'target-port-name-unresolved');
  const fix = proposals.find((p) => p.title === 'Change targetPort htp to "http"');
  assert.ok(fix, proposals.map((p) => p.title).join('\n'));
  assert.deepEqual(Object.keys(fix.edits), [values]);
  apply(f, fix);
  assert.equal(f.ws.text(values), before.values.replace('targetPort: htp', 'targetPort: http'));
  assert.equal(f.ws.text(template), before.template);
  assert.ok(!rules(f, template).includes('target-port-name-unresolved'), rules(f, template).join(', '));
});

test('helm: a targetPort produced by range gets no action (the edit would land on no literal)', (t) => {
  const f = load(t, 'helm/demo', {
    'templates/service.yaml': [
      '    - name: http\n      port: {{ .Values.service.port }}\n      targetPort: http\n      protocol: TCP\n',
      '    {{- range .Values.service.ports }}\n    - name: {{ .name }}\n      port: {{ .port }}\n      targetPort: {{ .target }}\n    {{- end }}\n',
    ],
    'values.yaml': ['  port: 80\n', '  port: 80\n  ports:\n    - name: http\n      port: 80\n      target: htp\n'],
  });
  if (!f) return;
  const template = f.uri('templates/service.yaml');
  const { proposals } = fixesFor(f, template, 'target-port-name-unresolved');
  assert.deepEqual(proposals.filter((p) => p.kind === 'quickfix' && p.title.startsWith('Change targetPort')).map((p) => p.title), []);
});
