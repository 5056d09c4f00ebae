/**
 * The plain view of kustomize trees (nothing rendered: untrusted workspace, no binary): it must
 * not lie. A `kind: Component` is a kustomization, so the patches it lists are not objects; a
 * kustomization's `namespace:` replaces the namespace a resource declares.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isKustomization } from '../../../server/src/core/model/types';
import { parseFile } from '../../../server/src/core/parse/parse-file';
import { normalizeSettings } from '../../../server/src/core/settings';
import { Workspace } from '../../../server/src/core/workspace/workspace';
import { FIXTURES, readTree, uriOfPath } from '../../support/render-fixture';

const at = (rel: string) => uriOfPath(`${FIXTURES}/${rel}`);

test('a kind: Component is read as a kustomization with its components, patches and resources', () => {
  const text = 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nresources:\n  - extra-svc.yaml\npatches:\n  - path: p.yaml\n  - target: {kind: Deployment, name: web}\n    patch: |-\n      - op: remove\n        path: /spec/replicas\n';
  const k = parseFile({ uri: 'file:///c/kustomization.yaml', text, defaultNamespace: 'default' }).objects.find(isKustomization);
  assert.ok(k);
  assert.equal(k.isComponent, true);
  assert.deepEqual(k.resources, ['extra-svc.yaml']);
  assert.deepEqual(k.patches, ['p.yaml']);
  assert.deepEqual(
    k.patchEntries?.map((p) => ({ path: p.path, inline: p.inline, target: p.target })),
    [
      { path: 'p.yaml', inline: undefined, target: undefined },
      { path: undefined, inline: '- op: remove\n  path: /spec/replicas', target: { kind: 'Deployment', name: 'web' } },
    ],
  );
  // A Component in a file that is not a kustomization file is just another object.
  const other = parseFile({ uri: 'file:///c/component.yaml', text, defaultNamespace: 'default' }).objects;
  assert.equal(other.some(isKustomization), false);
});

test('plain view: a component\'s patch files are not objects; a kustomization namespace replaces a declared one', () => {
  const tree = readTree(FIXTURES);
  const ws = new Workspace({ settings: normalizeSettings({ render: { enabled: false } }) });
  for (const [uri, text] of tree.files) if (uri.includes('/kustomize/')) ws.setFile(uri, text);
  assert.equal(ws.isPatch(at('kustomize/components/extra/delete-debug.yaml')), true);
  assert.equal(ws.isPatch(at('kustomize/components/extra/probe.yaml')), true);
  assert.equal(ws.isPatch(at('kustomize/overlays/prod/deployment-patch.yaml')), true);
  assert.equal(ws.isPatch(at('kustomize/base/service.yaml')), false);
  const ingress = ws.objectsOf(at('kustomize/base/ingress.yaml')).find((o) => o.kind === 'Ingress');
  assert.ok(ingress);
  assert.equal(ingress.namespace, 'prod');
});
