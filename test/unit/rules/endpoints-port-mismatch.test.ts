import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkFindings, uriOf } from '../../support/fixture';
import { Workspace } from '../../../server/src/core/workspace/workspace';

const rules = ['endpoints-port-mismatch'];

test('Endpoints / EndpointSlice port names must match the Service port names', () => {
  checkFindings(
    `
//- /svc.yaml
apiVersion: v1
kind: Service
metadata: {name: billing-db}
spec:
  ports:
    - name: postgres
      port: 5432
---
apiVersion: v1
kind: Service
metadata: {name: single}
spec:
  ports: [{port: 80}]
---
apiVersion: v1
kind: Service
metadata: {name: dns}
spec:
  ports: [{name: dns, port: 53, protocol: UDP}]
//- /ep.yaml
apiVersion: v1
kind: Endpoints
metadata: {name: billing-db}
subsets:
  - addresses: [{ip: 192.0.2.60}]
    ports:
      - name: pg
#             ^^ error endpoints-port-mismatch: Rename it to the Service port's name ("postgres")
        port: 5432
      - name: postgres
        port: 5432
  - addresses: [{ip: 192.0.2.61}]
    ports:
      - port: 5432
#             ^^^^ error endpoints-port-mismatch: Port (unnamed) matches no port
---
apiVersion: v1
kind: Endpoints
metadata: {name: single}
subsets:
  - addresses: [{ip: 192.0.2.62}]
    ports: [{port: 8080}]
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: dns-1
  labels: {kubernetes.io/service-name: dns}
addressType: IPv4
endpoints: [{addresses: [192.0.2.63]}]
ports:
  - name: dns
#         ^^^ error endpoints-port-mismatch: is TCP here but UDP
    port: 53
  - name: dns
    port: 53
    protocol: UDP
`,
    { rules },
  );
});

test('no finding when the Service has a selector, is missing, or the endpoints list no ports', () => {
  checkFindings(
    `
//- /svc.yaml
apiVersion: v1
kind: Service
metadata: {name: api}
spec:
  selector: {app: api}
  ports: [{name: http, port: 80}]
//- /ep.yaml
apiVersion: v1
kind: Endpoints
metadata: {name: api}
subsets:
  - addresses: [{ip: 192.0.2.70}]
    ports: [{name: web, port: 8080}]
---
apiVersion: v1
kind: Endpoints
metadata: {name: nothing}
subsets:
  - addresses: [{ip: 192.0.2.71}]
    ports: [{name: web, port: 8080}]
---
apiVersion: v1
kind: Endpoints
metadata: {name: api2}
subsets:
  - addresses: [{ip: 192.0.2.71}]
`,
    { rules },
  );
});

test("renaming the Service's port in its file updates the Endpoints file's finding", () => {
  const ws = new Workspace();
  const svc = (name: string) => `apiVersion: v1\nkind: Service\nmetadata: {name: db}\nspec:\n  ports: [{name: ${name}, port: 5432}]\n`;
  ws.setFile(uriOf('/svc.yaml'), svc('pg'));
  ws.setFile(uriOf('/ep.yaml'), 'apiVersion: v1\nkind: Endpoints\nmetadata: {name: db}\nsubsets:\n  - addresses: [{ip: 192.0.2.1}]\n    ports: [{name: pg, port: 5432}]\n');
  assert.deepEqual(ws.findings(uriOf('/ep.yaml')), []);
  assert.ok(ws.setFile(uriOf('/svc.yaml'), svc('postgres')).has(uriOf('/ep.yaml')));
  assert.deepEqual(ws.findings(uriOf('/ep.yaml')).map((f) => f.rule), ['endpoints-port-mismatch']);
});
