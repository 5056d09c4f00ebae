import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkFindings, uriOf } from '../../support/fixture';
import { Workspace } from '../../../server/src/core/workspace/workspace';

const rules = ['endpoints-overridden'];

test('hand-written Endpoints for a Service with a selector are overwritten', () => {
  checkFindings(
    `
//- /svc.yaml
apiVersion: v1
kind: Service
metadata: {name: api-manual, namespace: b}
spec:
  selector: {app: api}
  ports: [{name: http, port: 80}]
---
apiVersion: v1
kind: Service
metadata: {name: legacy, namespace: b}
spec:
  ports: [{name: http, port: 80}]
//- /ep.yaml
apiVersion: v1
kind: Endpoints
metadata:
  name: api-manual
#       ^^^^^^^^^^ warning endpoints-overridden: has a selector (app=api)
  namespace: b
subsets:
  - addresses: [{ip: 192.0.2.70}]
    ports: [{name: http, port: 8080}]
---
apiVersion: v1
kind: Endpoints
metadata: {name: legacy, namespace: b}
subsets:
  - addresses: [{ip: 192.0.2.71}]
    ports: [{name: http, port: 8080}]
---
apiVersion: v1
kind: Endpoints
metadata: {name: api-manual, namespace: c}
subsets:
  - addresses: [{ip: 192.0.2.72}]
    ports: [{name: http, port: 8080}]
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: api-manual-extra
  namespace: b
  labels: {kubernetes.io/service-name: api-manual}
addressType: IPv4
endpoints: [{addresses: [192.0.2.73]}]
`,
    { rules },
  );
});

test('adding a selector to the Service in its file makes the Endpoints file report', () => {
  const ws = new Workspace();
  const svc = (selector: string) => `apiVersion: v1\nkind: Service\nmetadata: {name: db}\nspec:\n${selector}  ports: [{port: 5432}]\n`;
  ws.setFile(uriOf('/svc.yaml'), svc(''));
  ws.setFile(uriOf('/ep.yaml'), 'apiVersion: v1\nkind: Endpoints\nmetadata: {name: db}\nsubsets:\n  - addresses: [{ip: 192.0.2.1}]\n    ports: [{port: 5432}]\n');
  assert.deepEqual(ws.findings(uriOf('/ep.yaml')), []);
  assert.ok(ws.setFile(uriOf('/svc.yaml'), svc('  selector: {app: db}\n')).has(uriOf('/ep.yaml')));
  assert.deepEqual(ws.findings(uriOf('/ep.yaml')).map((f) => f.rule), ['endpoints-overridden']);
});
