import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkFindings, uriOf } from '../../support/fixture';
import { Workspace } from '../../../server/src/core/workspace/workspace';

const rules = ['route-backend-not-permitted'];

const services = `
//- /svc.yaml
apiVersion: v1
kind: Service
metadata: {name: api, namespace: backend}
spec:
  selector: {app: api}
  ports: [{port: 80}]
---
apiVersion: v1
kind: Service
metadata: {name: admin, namespace: backend}
spec:
  selector: {app: admin}
  ports: [{port: 80}]
`;

test('a cross-namespace backendRef needs a ReferenceGrant in the target namespace that names the route kind, its namespace and the Service', () => {
  checkFindings(
    `${services}
//- /grant.yaml
apiVersion: gateway.networking.k8s.io/v1beta1
kind: ReferenceGrant
metadata: {name: from-web, namespace: backend}
spec:
  from:
    - {group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: web}
  to:
    - {group: "", kind: Service, name: api}
//- /routes.yaml
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: r, namespace: web}
spec:
  rules:
    - backendRefs:
        - {name: api, namespace: backend, port: 80}
        - {name: admin, namespace: backend, port: 80}
#                                  ^^^^^^^ error route-backend-not-permitted: its ReferenceGrants: from-web
---
apiVersion: gateway.networking.k8s.io/v1
kind: GRPCRoute
metadata: {name: g, namespace: web}
spec:
  rules:
    - backendRefs:
        - {name: api, namespace: backend, port: 80}
#                                ^^^^^^^ error route-backend-not-permitted: GRPCRoutes from namespace web
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: same, namespace: backend}
spec:
  rules:
    - backendRefs: [{name: admin, namespace: backend, port: 80}]
`,
    { rules },
  );
});

test('a grant without a name covers every Service of its namespace; adding it clears the route', () => {
  const ws = new Workspace();
  ws.setFile(uriOf('/r.yaml'), 'apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: r, namespace: web}\nspec:\n  rules:\n    - backendRefs: [{name: api, namespace: backend, port: 80}]\n');
  assert.deepEqual(ws.findings(uriOf('/r.yaml')).map((f) => f.rule).filter((r) => r === 'route-backend-not-permitted'), ['route-backend-not-permitted']);
  const affected = ws.setFile(
    uriOf('/g.yaml'),
    'apiVersion: gateway.networking.k8s.io/v1beta1\nkind: ReferenceGrant\nmetadata: {name: all, namespace: backend}\nspec:\n  from: [{group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: web}]\n  to: [{group: "", kind: Service}]\n',
  );
  assert.ok(affected.has(uriOf('/r.yaml')));
  assert.deepEqual(ws.findings(uriOf('/r.yaml')).filter((f) => f.rule === 'route-backend-not-permitted'), []);
});
