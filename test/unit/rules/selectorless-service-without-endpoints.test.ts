import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkFindings, uriOf } from '../../support/fixture';
import { Workspace } from '../../../server/src/core/workspace/workspace';

const rules = ['selectorless-service-without-endpoints'];

test('a Service without a selector and without Endpoints/EndpointSlice has no backends', () => {
  checkFindings(
    `
//- /svc.yaml
apiVersion: v1
kind: Service
metadata:
  name: warehouse-db
#       ^^^^^^^^^^^^ warning selectorless-service-without-endpoints: no Endpoints object named warehouse-db
  namespace: shop
spec:
  ports: [{port: 5432}]
---
apiVersion: v1
kind: Service
metadata: {name: empty-selector}
spec:
  selector: {}
#           ^^ warning selectorless-service-without-endpoints: an empty selector
  ports: [{port: 80}]
`,
    { rules },
  );
});

test('no finding with a selector, for ExternalName, or with Endpoints / EndpointSlice of the same name and namespace', () => {
  checkFindings(
    `
//- /svc.yaml
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{port: 80}]
---
apiVersion: v1
kind: Service
metadata: {name: payments}
spec:
  type: ExternalName
  externalName: payments.example.com
---
apiVersion: v1
kind: Service
metadata: {name: legacy-db, namespace: ext}
spec:
  ports: [{name: pg, port: 5432}]
---
apiVersion: v1
kind: Service
metadata: {name: search, namespace: ext}
spec:
  ports: [{name: http, port: 80}]
---
apiVersion: v1
kind: Service
metadata: {name: search, namespace: other}
#                ^^^^^^ warning selectorless-service-without-endpoints: namespace other
spec:
  ports: [{name: http, port: 80}]
//- /endpoints.yaml
apiVersion: v1
kind: Endpoints
metadata: {name: legacy-db, namespace: ext}
subsets:
  - addresses: [{ip: 192.0.2.10}]
    ports: [{name: pg, port: 5432}]
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: search-1
  namespace: ext
  labels: {kubernetes.io/service-name: search}
addressType: IPv4
endpoints: [{addresses: [192.0.2.20]}]
ports: [{name: http, port: 80}]
`,
    { rules },
  );
});

test('the same Service defined elsewhere with a selector is not selectorless; a kustomize patch is not a Service', () => {
  checkFindings(
    `
//- /base/svc.yaml
apiVersion: v1
kind: Service
metadata: {name: whereami}
spec:
  selector: {app: whereami}
  ports: [{port: 80}]
//- /base/kustomization.yaml
resources: [svc.yaml]
//- /overlay/kustomization.yaml
resources: [../base]
patches:
  - path: service-type.yaml
//- /overlay/service-type.yaml
apiVersion: v1
kind: Service
metadata: {name: whereami-backend}
spec:
  type: LoadBalancer
//- /copy/svc.yaml
apiVersion: v1
kind: Service
metadata: {name: whereami}
spec:
  ports: [{port: 80}]
`,
    { rules },
  );
});

test('creating the Endpoints in another file clears the finding, deleting it brings it back', () => {
  const ws = new Workspace();
  ws.setFile(uriOf('/svc.yaml'), 'apiVersion: v1\nkind: Service\nmetadata: {name: db}\nspec:\n  ports: [{port: 5432}]\n');
  assert.deepEqual(ws.findings(uriOf('/svc.yaml')).map((f) => f.rule), ['selectorless-service-without-endpoints']);
  const ep = 'apiVersion: v1\nkind: Endpoints\nmetadata: {name: db}\nsubsets:\n  - addresses: [{ip: 192.0.2.1}]\n    ports: [{port: 5432}]\n';
  assert.ok(ws.setFile(uriOf('/ep.yaml'), ep).has(uriOf('/svc.yaml')));
  assert.deepEqual(ws.findings(uriOf('/svc.yaml')), []);
  assert.ok(ws.removeFile(uriOf('/ep.yaml')).has(uriOf('/svc.yaml')));
  assert.deepEqual(ws.findings(uriOf('/svc.yaml')).map((f) => f.rule), ['selectorless-service-without-endpoints']);
});
