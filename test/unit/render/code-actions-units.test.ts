/**
 * Code actions on template and base lines, end to end with the real tools: the quick fix of a
 * rendered object lands on the base, patch, template literal or values-file line that made the
 * value, applying it clears the finding after a re-render, and a value made by `range` gets no
 * action at all.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { apply, fixesFor, load, rules } from '../../support/unit-actions';

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
