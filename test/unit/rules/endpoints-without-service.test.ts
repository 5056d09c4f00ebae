import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkFindings, uriOf } from '../../support/fixture';
import { Workspace } from '../../../server/src/core/workspace/workspace';

const rules = ['endpoints-without-service'];

test('Endpoints and EndpointSlices whose Service does not exist in their namespace', () => {
  checkFindings(
    `
//- /svc.yaml
apiVersion: v1
kind: Service
metadata: {name: cache, namespace: one}
spec:
  ports: [{port: 6379}]
//- /ep.yaml
apiVersion: v1
kind: Endpoints
metadata:
  name: old-cache
#       ^^^^^^^^^ warning endpoints-without-service: no Service old-cache in namespace one
  namespace: one
subsets:
  - addresses: [{ip: 192.0.2.50}]
    ports: [{port: 6379}]
---
apiVersion: v1
kind: Endpoints
metadata: {name: cache, namespace: two}
#                ^^^^^ warning endpoints-without-service: namespace two
subsets:
  - addresses: [{ip: 192.0.2.50}]
    ports: [{port: 6379}]
---
apiVersion: v1
kind: Endpoints
metadata: {name: cache, namespace: one}
subsets:
  - addresses: [{ip: 192.0.2.50}]
    ports: [{port: 6379}]
---
apiVersion: v1
kind: Endpoints
metadata: {name: leader-lock, namespace: one}
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: cache-abc
  namespace: one
  labels:
    kubernetes.io/service-name: cache
addressType: IPv4
endpoints: [{addresses: [192.0.2.51]}]
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: gone-abc
  namespace: one
  labels:
    kubernetes.io/service-name: gone
#                               ^^^^ warning endpoints-without-service: no Service gone
addressType: IPv4
endpoints: [{addresses: [192.0.2.52]}]
`,
    { rules },
  );
});

test('creating the Service in another file clears the finding', () => {
  const ws = new Workspace();
  ws.setFile(uriOf('/ep.yaml'), 'apiVersion: v1\nkind: Endpoints\nmetadata: {name: db}\nsubsets:\n  - addresses: [{ip: 192.0.2.1}]\n    ports: [{port: 5432}]\n');
  assert.deepEqual(ws.findings(uriOf('/ep.yaml')).map((f) => f.rule), ['endpoints-without-service']);
  const affected = ws.setFile(uriOf('/svc.yaml'), 'apiVersion: v1\nkind: Service\nmetadata: {name: db}\nspec:\n  ports: [{port: 5432}]\n');
  assert.ok(affected.has(uriOf('/ep.yaml')));
  assert.deepEqual(ws.findings(uriOf('/ep.yaml')), []);
});
