/**
 * Insertions through kustomize units, end to end with `kubectl kustomize`: a quick fix that adds a
 * key or a list item to a rendered object is made in the base (or in the strategic-merge patch that
 * sets the list), in that file's indentation and sequence style (the fixture base uses 4 spaces
 * with indented sequences; kustomize prints 2 spaces, sequences level with their key), and after
 * re-rendering the finding is gone. Where the next render would not keep the inserted text (a
 * JSON 6902 op on the list, an inline patch, a transformer's field, a Helm template), the action
 * is not offered.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { codeActionsAt } from '../../../server/src/core/features/code-actions/through-units';
import type { CodeActionProposal } from '../../../server/src/core/features/code-actions/index';
import { applyEdits } from '../../../server/src/core/edits/text-edit';
import { renderedUri } from '../../../server/src/core/render/types';
import { apply, fixesFor, load, rules, type Fixture } from '../../support/unit-actions';

const WEB = 'Add containerPort 9090 to container web of Deployment app-web';
const LOG = 'Add containerPort 9090 to container log of Deployment app-web';

const titles = (ps: readonly CodeActionProposal[]) => ps.map((p) => p.title).join('\n');

function only(ps: readonly CodeActionProposal[], title: string): CodeActionProposal {
  const hits = ps.filter((p) => p.title === title);
  assert.equal(hits.length, 1, `one "${title}" in:\n${titles(ps)}`);
  return hits[0]!;
}

/** The text of `uri` after the proposal's edits (and the proposal edits only that file). */
function applied(f: Fixture, p: CodeActionProposal, uri: string): string {
  assert.deepEqual(Object.keys(p.edits), [uri]);
  return applyEdits(f.ws.text(uri)!, p.edits[uri]!);
}

function renderedText(f: Fixture): string {
  const units = f.ws.units();
  assert.equal(units.length, 1, units.map((u) => u.id).join(', '));
  return f.ws.text(renderedUri(units[0]!))!;
}

test('kustomize: a missing containerPort is added to the base list under a namePrefix + labels overlay, in the base style; the finding goes away after re-render', (t) => {
  const f = load(t, 'kustomize-insert', {});
  if (!f) return;
  const service = f.uri('base/service.yaml');
  const deployment = f.uri('base/deployment.yaml');
  const { proposals, diagnostic } = fixesFor(f, service, 'target-port-not-declared');
  // The finding is on the base's targetPort line, and so is the action.
  assert.equal(f.ws.text(service)!.slice(diagnostic.span.start, diagnostic.span.end), '9090');
  const fix = only(proposals, WEB);
  assert.deepEqual(fix.diagnostics, [diagnostic]);
  const before = f.ws.text(deployment)!;
  assert.equal(
    applied(f, fix, deployment),
    before.replace('                        containerPort: 8080\n', '                        containerPort: 8080\n                      - containerPort: 9090\n'),
  );
  apply(f, fix);
  assert.ok(!rules(f, service).includes('target-port-not-declared'), rules(f, service).join(', '));
  assert.match(renderedText(f), /name: app-web[\s\S]*- containerPort: 9090\n/);
});

test('kustomize: a container without ports gets a ports key in the base, after its image, indented as the base indents', (t) => {
  const f = load(t, 'kustomize-insert', {});
  if (!f) return;
  const service = f.uri('base/service.yaml');
  const deployment = f.uri('base/deployment.yaml');
  const fix = only(fixesFor(f, service, 'target-port-not-declared').proposals, LOG);
  const before = f.ws.text(deployment)!;
  assert.equal(applied(f, fix, deployment), before.replace('image: busybox:1.36\n', 'image: busybox:1.36\n                  ports:\n                      - containerPort: 9090\n'));
  apply(f, fix);
  assert.ok(!rules(f, service).includes('target-port-not-declared'), rules(f, service).join(', '));
});

test('kustomize: keys inserted into base mappings (nodePort after targetPort, type at the start of spec) reach the next render', (t) => {
  const f = load(t, 'kustomize-insert', {});
  if (!f) return;
  const service = f.uri('base/service.yaml');
  const text = f.ws.text(service)!;
  const at = text.indexOf('port: 9090');
  const proposals = codeActionsAt(f.ws, { uri: service, span: { start: at, end: at }, diagnostics: [] });
  const fix = only(proposals, 'Add nodePort 30000 and set type: NodePort');
  assert.equal(
    applied(f, fix, service),
    text.replace('spec:\n    selector:', 'spec:\n    type: NodePort\n    selector:').replace('          targetPort: 9090\n', '          targetPort: 9090\n          nodePort: 30000\n'),
  );
  apply(f, fix);
  assert.match(renderedText(f), /name: metrics\n\s+nodePort: 30000\n\s+port: 9090[\s\S]*type: NodePort/);
});

const PORTS_PATCH = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: web
          ports:
            - name: admin
              containerPort: 9901
        - name: log
          image: busybox:1.37
`;

const withPatch = (entry: string): Record<string, [string, string]> => ({ 'overlays/app/kustomization.yaml': ['resources:\n', `${entry}resources:\n`] });

test('kustomize: when a strategic-merge patch sets the container ports list (or holds the container), the insertion goes into the patch', (t) => {
  const f = load(t, 'kustomize-insert', withPatch('patches:\n  - path: ports-patch.yaml\n'), { 'overlays/app/ports-patch.yaml': PORTS_PATCH });
  if (!f) return;
  const service = f.uri('base/service.yaml');
  const patch = f.uri('overlays/app/ports-patch.yaml');
  const { proposals } = fixesFor(f, service, 'target-port-not-declared');
  const web = only(proposals, WEB);
  assert.equal(applied(f, web, patch), PORTS_PATCH.replace('containerPort: 9901\n', 'containerPort: 9901\n            - containerPort: 9090\n'));
  assert.equal(applied(f, only(proposals, LOG), patch), PORTS_PATCH + '          ports:\n            - containerPort: 9090\n');
  apply(f, web);
  assert.ok(!rules(f, service).includes('target-port-not-declared'), rules(f, service).join(', '));
  assert.match(renderedText(f), /- containerPort: 9090\n/);
});

const POLICY = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
    name: web
spec:
    podSelector:
        matchLabels:
            app: web
    ingress:
        - from:
              - podSelector:
                    matchLabels:
                        role: client
          ports:
              - port: 8080
`;

const withPolicy: Record<string, [string, string]> = { 'base/kustomization.yaml': ['    - service.yaml\n', '    - service.yaml\n    - policy.yaml\n'] };
const ALLOW = /^Allow port 9090\/TCP in NetworkPolicy app-web \(ingress rule 1/;

test('kustomize: a port appended to a base NetworkPolicy rule; not offered when a patch replaces the rules (an atomic list)', (t) => {
  const f = load(t, 'kustomize-insert', withPolicy, { 'base/policy.yaml': POLICY });
  if (!f) return;
  const service = f.uri('base/service.yaml');
  const policy = f.uri('base/policy.yaml');
  const fix = fixesFor(f, service, 'network-policy-blocks-service').proposals.find((p) => ALLOW.test(p.title));
  assert.ok(fix);
  assert.equal(applied(f, fix, policy), POLICY + '              - port: 9090\n');
  apply(f, fix);
  assert.ok(!rules(f, service).includes('network-policy-blocks-service'), rules(f, service).join(', '));

  const rulesPatch = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: web\nspec:\n  ingress:\n    - from:\n        - podSelector:\n            matchLabels:\n              role: admin\n      ports:\n        - port: 8080\n';
  const g = load(t, 'kustomize-insert', { ...withPolicy, ...withPatch('patches:\n  - path: rules-patch.yaml\n') }, { 'base/policy.yaml': POLICY, 'overlays/app/rules-patch.yaml': rulesPatch });
  if (!g) return;
  // kustomize replaces the list whole: the base's rule is gone, so a port appended there would be too.
  assert.ok(renderedText(g).includes('role: admin') && !renderedText(g).includes('role: client'));
  const proposals = fixesFor(g, g.uri('base/service.yaml'), 'network-policy-blocks-service').proposals;
  assert.ok(!proposals.some((p) => ALLOW.test(p.title)), titles(proposals));
});

test('kustomize: an insertion into a base edited since the last render is not offered (its place is not known yet)', (t) => {
  const f = load(t, 'kustomize-insert', {});
  if (!f) return;
  const deployment = f.uri('base/deployment.yaml');
  f.ws.setFile(deployment, '# edited\n' + f.ws.text(deployment)!);
  const { proposals } = fixesFor(f, f.uri('base/service.yaml'), 'target-port-not-declared');
  assert.ok(proposals.some((p) => p.title.startsWith('Change targetPort')), titles(proposals));
  assert.ok(!proposals.some((p) => p.title === WEB || p.title === LOG), titles(proposals));
});

test('kustomize: no insertion under a JSON 6902 op on the list, nor into an inline patch', (t) => {
  const json = `- op: add\n  path: /spec/template/spec/containers/0/ports/-\n  value:\n    name: admin\n    containerPort: 9901\n`;
  const f = load(t, 'kustomize-insert', withPatch('patches:\n  - path: ports-op.yaml\n    target:\n      kind: Deployment\n      name: web\n'), { 'overlays/app/ports-op.yaml': json });
  if (!f) return;
  const service = f.uri('base/service.yaml');
  const { proposals } = fixesFor(f, service, 'target-port-not-declared');
  assert.ok(!proposals.some((p) => p.title === WEB), titles(proposals));
  // The op does not touch the second container: its insertion is still exact, in the base.
  const base = f.uri('base/deployment.yaml');
  assert.equal(applied(f, only(proposals, LOG), base), f.ws.text(base)!.replace('image: busybox:1.36\n', 'image: busybox:1.36\n                  ports:\n                      - containerPort: 9090\n'));

  const inline = PORTS_PATCH.replace(/^/gm, '      ').trimEnd();
  const g = load(t, 'kustomize-insert', withPatch(`patches:\n  - patch: |-\n${inline}\n`));
  if (!g) return;
  const fromInline = fixesFor(g, g.uri('base/service.yaml'), 'target-port-not-declared').proposals;
  assert.ok(fromInline.some((p) => p.title.startsWith('Change targetPort')), titles(fromInline));
  assert.ok(!fromInline.some((p) => p.title === WEB), titles(fromInline));
});

test('kustomize: no insertion target where a transformer writes the path or the value may be a name reference', (t) => {
  const f = load(t, 'kustomize-insert', {});
  if (!f) return;
  const uri = renderedUri(f.ws.units()[0]!);
  const text = f.ws.text(uri)!;
  const docs = parseAllDocuments(text);
  const deployment = docs.find((d) => d.getIn(['kind']) === 'Deployment')!;
  const span = (path: (string | number)[]) => {
    const r = (deployment.getIn(path, true) as { range: [number, number, number] }).range;
    return { start: r[0], end: r[1] };
  };
  const container = ['spec', 'template', 'spec', 'containers', 1];
  // Exact: a key into a container, an item into its ports list (a port's name is no reference).
  assert.ok(f.ws.insertionTarget(uri, span(container), { key: 'ports', value: [{ name: 'metrics', containerPort: 9090 }] }));
  assert.ok(f.ws.insertionTarget(uri, span([...container.slice(0, -1), 0, 'ports']), { value: { name: 'metrics', containerPort: 9090 } }));
  // labels / selectors (includeSelectors writes them), names (namePrefix may rewrite a reference).
  assert.equal(f.ws.insertionTarget(uri, span(['spec', 'template', 'metadata', 'labels']), { key: 'version', value: 'v1' }), undefined);
  assert.equal(f.ws.insertionTarget(uri, span(['spec', 'selector', 'matchLabels']), { key: 'version', value: 'v1' }), undefined);
  assert.equal(f.ws.insertionTarget(uri, span(container), { key: 'envFrom', value: [{ configMapRef: { name: 'settings' } }] }), undefined);
  assert.equal(f.ws.insertionTarget(uri, span(['spec', 'template', 'spec']), { key: 'serviceAccountName', value: 'web' }), undefined);
  // The wrong kind of collection, or a span that is not exactly one.
  assert.equal(f.ws.insertionTarget(uri, span(container), { value: 'x' }), undefined);
  const c = span(container);
  assert.equal(f.ws.insertionTarget(uri, { start: c.start + 1, end: c.end }, { key: 'ports', value: [] }), undefined);
});

test('helm: an insertion into a template is not offered (the replacement quick fixes still are)', (t) => {
  const f = load(t, 'helm/demo', { 'templates/service.yaml': ['      port: 9090\n      targetPort: admin', '      port: 9090\n      targetPort: 9999'] });
  if (!f) return;
  const template = f.uri('templates/service.yaml');
  const { proposals } = fixesFor(f, template, 'target-port-not-declared');
  assert.ok(proposals.some((p) => p.title.startsWith('Change targetPort 9999')), titles(proposals));
  assert.deepEqual(proposals.filter((p) => p.title.startsWith('Add containerPort')).map((p) => p.title), []);
  // The rendered object has the action: it is the mapping that declines it.
  const rendered = fixesFor(f, renderedUri(f.ws.units().find((u) => u.tool === 'helm')!), 'target-port-not-declared').proposals;
  assert.ok(rendered.some((p) => p.title.startsWith('Add containerPort')), titles(rendered));
});
