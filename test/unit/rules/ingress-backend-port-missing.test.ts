import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkFindings, uriOf } from '../../support/fixture';
import { Workspace } from '../../../server/src/core/workspace/workspace';

const rules = ['ingress-backend-port-missing'];

test('backend ports by number or name, in both Ingress forms', () => {
  checkFindings(
    `
//- /svc.yaml
apiVersion: v1
kind: Service
metadata: {name: storefront, namespace: shop}
spec:
  selector: {app: web}
  ports:
    - {name: http, port: 80, targetPort: 8080}
    - {name: admin, port: 9000}
---
apiVersion: v1
kind: Service
metadata: {name: ext, namespace: shop}
spec:
  type: ExternalName
  externalName: example.com
//- /ing.yaml
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: v1, namespace: shop}
spec:
  defaultBackend:
    service:
      name: storefront
      port: {name: https}
#                  ^^^^^ error ingress-backend-port-missing: no a port named "https"
  rules:
    - http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: storefront
                port:
                  number: 8080
#                         ^^^^ error ingress-backend-port-missing: 8080 is the targetPort
          - path: /ok
            pathType: Prefix
            backend:
              service: {name: storefront, port: {number: 80}}
          - path: /ok2
            pathType: Prefix
            backend:
              service: {name: storefront, port: {name: admin}}
          - path: /ext
            pathType: Prefix
            backend:
              service: {name: ext, port: {number: 443}}
          - path: /missing
            pathType: Prefix
            backend:
              service: {name: missing, port: {number: 1}}
---
apiVersion: networking.k8s.io/v1beta1
kind: Ingress
metadata: {name: old, namespace: shop}
spec:
  backend:
    serviceName: storefront
    servicePort: 81
#                ^^ error ingress-backend-port-missing: its ports: 80 (http), 9000 (admin)
  rules:
    - http:
        paths:
          - path: /a
            backend: {serviceName: storefront, servicePort: http}
          - path: /b
            backend: {serviceName: storefront, servicePort: "80"}
          - path: /c
            backend: {serviceName: storefront, servicePort: metrics}
#                                                           ^^^^^^^ error ingress-backend-port-missing
`,
    { rules },
  );
});

test("adding the port to the Service in its file clears the Ingress file's finding", () => {
  const ws = new Workspace();
  const svc = (ports: string) => `apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  selector: {app: web}\n  ports: ${ports}\n`;
  ws.setFile(uriOf('/svc.yaml'), svc('[{name: http, port: 80}]'));
  ws.setFile(uriOf('/ing.yaml'), 'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: i}\nspec:\n  defaultBackend:\n    service: {name: web, port: {number: 443}}\n');
  assert.deepEqual(ws.findings(uriOf('/ing.yaml')).map((f) => f.rule), ['ingress-backend-port-missing']);
  assert.ok(ws.setFile(uriOf('/svc.yaml'), svc('[{name: http, port: 80}, {name: https, port: 443}]')).has(uriOf('/ing.yaml')));
  assert.deepEqual(ws.findings(uriOf('/ing.yaml')), []);
});
