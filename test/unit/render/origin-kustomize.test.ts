import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test, type TestContext } from 'node:test';
import { buildOriginMap, type OriginMap } from '../../../server/src/core/render/origin-map';
import { inlineMapper } from '../../../server/src/core/render/origin-kustomize';
import type { RenderUnit } from '../../../server/src/core/render/types';
import { discoverUnits } from '../../../server/src/core/render/units';
import { DEFAULT_SETTINGS } from '../../../server/src/core/settings';
import { describeLocation, FIXTURES, readTree, renderKustomize, spanAfter, textOf, uriOfPath } from '../../support/render-fixture';
import { requireTool } from '../../support/render-tools';

const tree = readTree(FIXTURES);
const units = discoverUnits({ files: tree.files, auxiliary: tree.auxiliary, folders: [uriOfPath(FIXTURES)], settings: DEFAULT_SETTINGS });
const unitAt = (rel: string): RenderUnit => units.find((u) => u.rootUri === uriOfPath(path.join(FIXTURES, rel)))!;

function render(t: TestContext, unit: RenderUnit, withBase = true): { text: string; map: OriginMap } | undefined {
  const kubectl = requireTool(t, 'kubectl');
  if (!kubectl) return undefined;
  const { text, originBase } = renderKustomize(kubectl, FIXTURES, new URL(unit.rootUri).pathname);
  return { text, map: buildOriginMap({ unit, renderedText: text, ...(withBase ? { originBase } : {}), text: textOf, auxiliary: tree.auxiliary }) };
}

const at = (r: { text: string; map: OriginMap }, after: string | string[], needle: string) => describeLocation(r.map.toSource(spanAfter(r.text, after, needle)));

test('kustomize: fields land on the base file by key path; objects a component deletes are gone', (t) => {
  const r = render(t, unitAt('kustomize/overlays/prod'));
  if (!r) return;
  assert.deepEqual(
    r.map.documents.map((d) => path.relative(FIXTURES, new URL(d.sourceUri!).pathname)),
    ['kustomize/base/service.yaml', 'kustomize/base/deployment.yaml', 'kustomize/base/ingress.yaml'],
  );
  assert.equal(at(r, 'kind: Service', 'targetPort'), 'kustomize/base/service.yaml:11: targetPort');
  assert.equal(at(r, '- containerPort: 8080\n          name: ', 'http'), 'kustomize/base/deployment.yaml:19: http');
  // namePrefix renamed the Ingress backend: the name still lands on the base's `name: web`.
  const backend = r.map.toSource(spanAfter(r.text, 'service:\n            name: ', 'prod-web'));
  assert.equal(describeLocation(backend), 'kustomize/base/ingress.yaml:15: web');
  assert.equal(backend.exact, true);
});

test('kustomize: a field a patch sets lands on the patch (strategic merge by merge key, JSON 6902 op, inline, component)', (t) => {
  const r = render(t, unitAt('kustomize/overlays/prod'));
  if (!r) return;
  // JSON 6902 patch file on the Service port.
  assert.equal(at(r, '- name: http\n    port: ', '8080'), 'kustomize/overlays/prod/service-port.json:2: 8080');
  // Inline JSON 6902 patch in the kustomization (block scalar mapped line by line).
  assert.equal(at(r, 'replicas: ', '3'), 'kustomize/overlays/prod/kustomization.yaml:25: 3');
  // Strategic-merge patch adding a container port (list merged by containerPort).
  assert.equal(at(r, '- containerPort: ', '9100'), 'kustomize/overlays/prod/deployment-patch.yaml:12: 9100');
  // The port the base declares stays on the base.
  assert.equal(at(r, '- containerPort: 9100\n          name: metrics\n        - containerPort: ', '8080'), 'kustomize/base/deployment.yaml:20: 8080');
  // A component's patch.
  assert.equal(at(r, 'tcpSocket:\n            port: ', 'http'), 'kustomize/components/extra/probe.yaml:12: http');
  // Fields the patch names only to find its target stay on the base.
  assert.equal(at(r, ['kind: Deployment', 'tier: frontend\n'], 'name'), 'kustomize/base/deployment.yaml:4: name');
});

test('kustomize: fields a kustomization sets (namespace, labels with includeSelectors) land on the kustomization', (t) => {
  const r = render(t, unitAt('kustomize/overlays/prod'));
  if (!r) return;
  assert.equal(at(r, ['kind: Ingress', 'namespace: '], 'prod'), 'kustomize/overlays/prod/kustomization.yaml:3: prod');
  assert.equal(at(r, 'selector:\n    app: web\n    ', 'tier'), 'kustomize/overlays/prod/kustomization.yaml:7: tier');
  assert.equal(at(r, 'selector:\n    app: web\n    tier: ', 'frontend'), 'kustomize/overlays/prod/kustomization.yaml:7: frontend');
  assert.equal(at(r, 'selector:\n    ', 'app'), 'kustomize/base/service.yaml:7: app');
});

test('kustomize: without originBase, origin paths resolve by suffix against the unit inputs', (t) => {
  const r = render(t, unitAt('kustomize/overlays/staging'), false);
  if (!r) return;
  assert.equal(at(r, 'name: debug-stg', 'targetPort'), 'kustomize/base/service.yaml:23: targetPort');
  assert.equal(at(r, 'name: web-stg', 'targetPort'), 'kustomize/base/service.yaml:11: targetPort');
});

test('kustomize: toRendered maps a base line into the overlay output', (t) => {
  const r = render(t, unitAt('kustomize/overlays/prod'));
  if (!r) return;
  const uri = uriOfPath(path.join(FIXTURES, 'kustomize/base/deployment.yaml'));
  const base = textOf(uri)!;
  const offsets = r.map.toRendered(uri, base.indexOf('containerPort: 8080') + 'containerPort: '.length);
  assert.equal(offsets.length, 1);
  assert.equal(r.text.slice(offsets[0]!, offsets[0]! + 4), '8080');
  assert.equal(r.text.slice(0, offsets[0]!).split('\n').length, r.text.split('\n').findIndex((l) => l.includes('- containerPort: 8080')) + 1);
});

test('inline patches: offsets in the block scalar value map into the kustomization file', () => {
  const file = 'patches:\n  - patch: |-\n      - op: replace\n        path: /spec/replicas\n        value: 3\n';
  const start = file.indexOf('|-');
  const value = '- op: replace\n  path: /spec/replicas\n  value: 3';
  const map = inlineMapper(file, { start, end: file.length }, value);
  assert.equal(file.slice(map(value.indexOf('3')), map(value.indexOf('3')) + 1), '3');
  assert.equal(file.slice(map(value.indexOf('/spec')), map(value.indexOf('/spec')) + 14), '/spec/replicas');
});

test('kustomize: replicas and images transformers land on the kustomization entry', (t) => {
  const kubectl = requireTool(t, 'kubectl');
  if (!kubectl) return;
  const dir = mkdtempSync(path.join(tmpdir(), 'kp-kz-transformers-'));
  try {
    mkdirSync(path.join(dir, 'base'));
    mkdirSync(path.join(dir, 'prod'));
    writeFileSync(path.join(dir, 'base/kustomization.yaml'), 'resources:\n  - web.yaml\n');
    writeFileSync(path.join(dir, 'base/web.yaml'), 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 1\n  template:\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.25\n');
    writeFileSync(path.join(dir, 'prod/kustomization.yaml'), 'resources:\n  - ../base\nnamePrefix: prod-\nreplicas:\n  - name: web\n    count: 4\nimages:\n  - name: nginx\n    newTag: "1.27"\n');
    const local = readTree(dir);
    const unit = discoverUnits({ files: local.files, auxiliary: local.auxiliary, folders: [uriOfPath(dir)], settings: DEFAULT_SETTINGS }).find((u) => u.rootUri.endsWith('/prod'))!;
    const { text, originBase } = renderKustomize(kubectl, dir, path.join(dir, 'prod'));
    const map = buildOriginMap({ unit, renderedText: text, originBase, text: textOf, auxiliary: local.auxiliary });
    const where = (needle: string, after: string) => {
      const loc = map.toSource(spanAfter(text, after, needle));
      const src = textOf(loc.uri)!;
      return `${path.relative(dir, new URL(loc.uri).pathname)}:${src.slice(0, loc.span.start).split('\n').length}: ${src.slice(loc.span.start, loc.span.end)}`;
    };
    assert.equal(where('4', 'replicas: '), 'prod/kustomization.yaml:6: 4');
    assert.equal(where('nginx:1.27', 'image: '), 'prod/kustomization.yaml:9: "1.27"');
    assert.equal(where('web', '- image: nginx:1.27\n        name: '), 'base/web.yaml:10: web');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
