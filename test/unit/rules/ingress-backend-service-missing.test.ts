import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkFindings, uriOf } from '../../support/fixture';
import { Workspace } from '../../../server/src/core/workspace/workspace';

const rules = ['ingress-backend-service-missing'];

test('v1 and v1beta1 backends, and default backends, naming a missing Service', () => {
  checkFindings(
    `
//- /svc.yaml
apiVersion: v1
kind: Service
metadata: {name: storefront, namespace: shop}
spec:
  selector: {app: web}
  ports: [{name: http, port: 80}]
//- /ing.yaml
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: v1, namespace: shop}
spec:
  defaultBackend:
    service:
      name: fallback
#           ^^^^^^^^ error ingress-backend-service-missing: requests for the default backend fail
      port: {number: 80}
  rules:
    - host: shop.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: storefront-v2
#                     ^^^^^^^^^^^^^ error ingress-backend-service-missing: no Service storefront-v2 in namespace shop
                port: {number: 80}
          - path: /ok
            pathType: Prefix
            backend:
              service:
                name: storefront
                port: {name: http}
          - path: /bucket
            pathType: Prefix
            backend:
              resource: {apiGroup: k8s.example.com, kind: StorageBucket, name: assets}
---
apiVersion: extensions/v1beta1
kind: Ingress
metadata: {name: old, namespace: shop}
spec:
  backend:
    serviceName: storefront
    servicePort: 80
  rules:
    - http:
        paths:
          - path: /
            backend:
              serviceName: legacy
#                          ^^^^^^ error ingress-backend-service-missing
              servicePort: http
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: elsewhere, namespace: other}
spec:
  defaultBackend:
    service:
      name: storefront
#           ^^^^^^^^^^ error ingress-backend-service-missing: exists in namespace shop
      port: {number: 80}
`,
    { rules },
  );
});

test('creating the Service in another file clears the finding on the Ingress file', () => {
  const ws = new Workspace();
  ws.setFile(
    uriOf('/ing.yaml'),
    'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: i}\nspec:\n  defaultBackend:\n    service: {name: web, port: {number: 80}}\n',
  );
  assert.deepEqual(ws.findings(uriOf('/ing.yaml')).map((f) => f.rule), ['ingress-backend-service-missing']);
  const affected = ws.setFile(uriOf('/svc.yaml'), 'apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  selector: {app: web}\n  ports: [{port: 80}]\n');
  assert.ok(affected.has(uriOf('/ing.yaml')));
  assert.deepEqual(ws.findings(uriOf('/ing.yaml')).filter((f) => f.rule.startsWith('ingress')), []);
  assert.ok(ws.removeFile(uriOf('/svc.yaml')).has(uriOf('/ing.yaml')));
  assert.deepEqual(ws.findings(uriOf('/ing.yaml')).map((f) => f.rule), ['ingress-backend-service-missing']);
});

test('a Service of that name created in another namespace is named in the message (and the finding stays)', () => {
  const ws = new Workspace();
  ws.setFile(
    uriOf('/ing.yaml'),
    'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: i, namespace: web}\nspec:\n  defaultBackend:\n    service: {name: api, port: {number: 80}}\n',
  );
  assert.doesNotMatch(ws.findings(uriOf('/ing.yaml'))[0]!.message, /exists in namespace/);
  const affected = ws.setFile(uriOf('/svc.yaml'), 'apiVersion: v1\nkind: Service\nmetadata: {name: api, namespace: backend}\nspec:\n  selector: {app: api}\n  ports: [{port: 80}]\n');
  assert.ok(affected.has(uriOf('/ing.yaml')));
  const found = ws.findings(uriOf('/ing.yaml'));
  assert.deepEqual(found.map((f) => f.rule), ['ingress-backend-service-missing']);
  assert.match(found[0]!.message, /exists in namespace backend/);
});

test('a backend Service an operator creates for a custom resource is a warning, not an error', () => {
  checkFindings(
    `
    //- /elastic/kibana.yaml
    apiVersion: kibana.k8s.elastic.co/v1
    kind: Kibana
    metadata: {name: kibana, namespace: elastic-system}
    spec: {version: 8.9.0, count: 1}
    //- /elastic/ingress.yaml
    apiVersion: networking.k8s.io/v1
    kind: Ingress
    metadata: {name: kibana, namespace: elastic-system}
    spec:
      defaultBackend:
        service:
          name: kibana-kb-http
    #           ^^^^^^^^^^^^^^ warning ingress-backend-service-missing: probably created by the operator of Kibana kibana
          port: {number: 5601}
      rules:
      - http:
          paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: kibana-other
    #                 ^^^^^^^^^^^^ warning ingress-backend-service-missing
                port: {number: 80}
          - path: /x
            pathType: Prefix
            backend:
              service:
                name: kibanaweb
    #                 ^^^^^^^^^ error ingress-backend-service-missing
                port: {number: 80}
    `,
    { rules: ['ingress-backend-service-missing'] },
  );
});

test('the operator exception needs a custom resource in the same namespace, not a built-in kind', () => {
  checkFindings(
    `
    //- /a.yaml
    apiVersion: kibana.k8s.elastic.co/v1
    kind: Kibana
    metadata: {name: kibana, namespace: other}
    ---
    apiVersion: apps/v1
    kind: Deployment
    metadata: {name: kibana, namespace: elastic-system}
    ---
    apiVersion: networking.k8s.io/v1
    kind: Ingress
    metadata: {name: kibana, namespace: elastic-system}
    spec:
      defaultBackend:
        service:
          name: kibana-kb-http
    #           ^^^^^^^^^^^^^^ error ingress-backend-service-missing
          port: {number: 5601}
    `,
    { rules: ['ingress-backend-service-missing'] },
  );
});

test('adding or removing the custom resource in another file updates the Ingress file', () => {
  const ws = new Workspace();
  ws.setFile(
    uriOf('/ing.yaml'),
    'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: i}\nspec:\n  defaultBackend:\n    service: {name: es-es-http, port: {number: 9200}}\n',
  );
  assert.equal(ws.findings(uriOf('/ing.yaml'))[0]!.severity, 'error');
  const affected = ws.setFile(uriOf('/es.yaml'), 'apiVersion: elasticsearch.k8s.elastic.co/v1\nkind: Elasticsearch\nmetadata: {name: es}\n');
  assert.ok(affected.has(uriOf('/ing.yaml')));
  assert.equal(ws.findings(uriOf('/ing.yaml'))[0]!.severity, 'warning');
  assert.ok(ws.removeFile(uriOf('/es.yaml')).has(uriOf('/ing.yaml')));
  assert.equal(ws.findings(uriOf('/ing.yaml'))[0]!.severity, 'error');
});
