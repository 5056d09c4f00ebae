import { test } from 'node:test';
import { checkFindings } from '../../support/fixture';

const rules = ['route-backend-service-missing'];

test('Service backendRefs are looked up in the ref namespace, else the route namespace (v1 and v1beta1, every route kind)', () => {
  checkFindings(
    `
//- /svc.yaml
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  selector: {app: web}
  ports: [{port: 80}]
---
apiVersion: v1
kind: Service
metadata: {name: db, namespace: data}
spec:
  selector: {app: db}
  ports: [{port: 5432}]
//- /routes.yaml
apiVersion: gateway.networking.k8s.io/v1beta1
kind: HTTPRoute
metadata: {name: web, namespace: shop}
spec:
  parentRefs: [{name: gw, namespace: infra}]
  rules:
    - backendRefs:
        - {name: web, port: 80}
        - {name: webb, port: 80}
#                ^^^^ error route-backend-service-missing: no Service webb in namespace shop
        - {name: db, port: 5432}
#                ^^ error route-backend-service-missing: exists in namespace data
        - {name: db, namespace: data, port: 5432}
        - {group: example.com, kind: Bucket, name: nothing}
---
apiVersion: gateway.networking.k8s.io/v1alpha2
kind: TCPRoute
metadata: {name: db, namespace: data}
spec:
  rules:
    - backendRefs:
        - name: dbx
#               ^^^ error route-backend-service-missing
          port: 5432
---
apiVersion: networking.istio.io/v1alpha3
kind: HTTPRoute
metadata: {name: not-gateway-api, namespace: shop}
spec:
  rules:
    - backendRefs: [{name: whatever}]
`,
    { rules },
  );
});

test("a Service an operator's custom resource probably creates is a warning", () => {
  checkFindings(
    `
apiVersion: ray.io/v1
kind: RayService
metadata: {name: rayllm}
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: r}
spec:
  rules:
    - backendRefs:
        - {name: rayllm-head-svc, port: 8000}
#                ^^^^^^^^^^^^^^^ warning route-backend-service-missing: operator of RayService rayllm
`,
    { rules },
  );
});
