import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Workspace } from '../../../server/src/core/workspace/workspace';
import { checkFindings } from '../../support/fixture';

const rules = ['network-policy-port-unresolved'];

test('named ports resolve on the selected Pods (ingress) and on the destination Pods (egress)', () => {
  checkFindings(
    `
//- /app.yaml
apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: shop}
spec:
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec: {containers: [{name: api, ports: [{name: http, containerPort: 8080}]}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: db, namespace: data}
spec:
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec: {containers: [{name: pg, ports: [{name: postgres, containerPort: 5432}]}]}
//- /p.yaml
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: api, namespace: shop}
spec:
  podSelector: {matchLabels: {app: api}}
  ingress:
    - ports:
        - port: http
        - port: htp
#               ^^^ warning network-policy-port-unresolved: Deployment api
        - port: http
#               ^^^^ warning network-policy-port-unresolved: UDP port named "http"
          protocol: UDP
        - port: 8080
  egress:
    - to:
        - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: data}}
          podSelector: {matchLabels: {app: db}}
      ports:
        - port: postgres
        - port: postgress
#               ^^^^^^^^^ warning network-policy-port-unresolved: destination Pods (Deployment db)
    - to: [{namespaceSelector: {matchLabels: {team: data}}}]
      ports: [{port: anything}]
    - ports: [{port: dns}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: selects-nothing, namespace: shop}
spec:
  podSelector: {matchLabels: {app: none}}
  ingress: [{ports: [{port: whatever}]}]
`,
    { rules },
  );
});

test('the Pods are named in source order, however the files were loaded or edited', () => {
  const pod = (kind: string) =>
    `apiVersion: apps/v1\nkind: ${kind}\nmetadata: {name: web}\nspec:\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: c, ports: [{name: web, containerPort: 80}]}]}\n`;
  const policy = `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p}\nspec:\n  podSelector: {matchLabels: {app: web}}\n  ingress: [{ports: [{port: http}]}]\n`;
  const messages = (order: readonly string[], edit?: string) => {
    const ws = new Workspace();
    const texts: Record<string, string> = { 'file:///a.yaml': pod('StatefulSet'), 'file:///b.yaml': pod('Deployment'), 'file:///p.yaml': policy };
    for (const u of order) ws.setFile(u, texts[u]!, { open: true });
    if (edit) ws.setFile(edit, `${texts[edit]}---\n`, { open: true });
    return ws.findings('file:///p.yaml').map((f) => f.message);
  };
  const expected = messages(['file:///a.yaml', 'file:///b.yaml', 'file:///p.yaml']);
  assert.match(expected[0]!, /\(StatefulSet web, Deployment web\)/);
  assert.deepEqual(messages(['file:///b.yaml', 'file:///a.yaml', 'file:///p.yaml']), expected);
  assert.deepEqual(messages(['file:///a.yaml', 'file:///b.yaml', 'file:///p.yaml'], 'file:///a.yaml'), expected);
});
