import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkFindings, uriOf } from '../../support/fixture';
import { Workspace } from '../../../server/src/core/workspace/workspace';

const rules = ['route-backend-port-missing'];

test('a Service backendRef needs a port the Service exposes', () => {
  checkFindings(
    `
//- /svc.yaml
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports:
    - {name: http, port: 80, targetPort: 8080}
    - {name: grpc, port: 9090}
---
apiVersion: v1
kind: Service
metadata: {name: ext}
spec: {type: ExternalName, externalName: example.com}
//- /route.yaml
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: r}
spec:
  rules:
    - backendRefs:
        - {name: web, port: 80}
        - {name: web, port: 9090}
        - {name: web, port: 8080}
#                           ^^^^ error route-backend-port-missing: 8080 is the targetPort
        - {name: web, port: 81}
#                           ^^ error route-backend-port-missing: its ports: 80 (http), 9090 (grpc)
        - {name: web}
#                ^^^ error route-backend-port-missing: has no port
        - {name: web, port: http}
#                           ^^^^ error route-backend-port-missing: not a name
        - {name: ext, port: 443}
        - {name: missing, port: 1}
        - {group: example.com, kind: Bucket, name: b}
`,
    { rules },
  );
});

test("adding the port to the Service clears the route file's finding", () => {
  const ws = new Workspace();
  const svc = (ports: string) => `apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  selector: {app: web}\n  ports: ${ports}\n`;
  ws.setFile(uriOf('/svc.yaml'), svc('[{port: 80}]'));
  ws.setFile(uriOf('/r.yaml'), 'apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: r}\nspec:\n  rules:\n    - backendRefs: [{name: web, port: 443}]\n');
  assert.deepEqual(ws.findings(uriOf('/r.yaml')).map((f) => f.rule), ['route-backend-port-missing']);
  assert.ok(ws.setFile(uriOf('/svc.yaml'), svc('[{port: 80}, {port: 443}]')).has(uriOf('/r.yaml')));
  assert.deepEqual(ws.findings(uriOf('/r.yaml')), []);
});
