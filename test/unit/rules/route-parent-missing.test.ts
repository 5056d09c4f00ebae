import { test } from 'node:test';
import { checkFindings } from '../../support/fixture';

const rules = ['route-parent-missing'];

test('sectionName and port must name a listener of a Gateway in the workspace; a Gateway elsewhere is fine; GAMMA Service parents must exist', () => {
  checkFindings(
    `
//- /gw.yaml
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: web, namespace: infra}
spec:
  gatewayClassName: cloud
  listeners:
    - {name: http, port: 80, protocol: HTTP, allowedRoutes: {namespaces: {from: All}}}
    - {name: https, port: 443, protocol: HTTPS, allowedRoutes: {namespaces: {from: All}}}
---
apiVersion: v1
kind: Service
metadata: {name: api, namespace: shop}
spec:
  selector: {app: api}
  ports: [{port: 80}]
//- /route.yaml
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: r, namespace: shop}
spec:
  parentRefs:
    - {name: web, namespace: infra}
    - {name: web, namespace: infra, sectionName: https}
    - {name: web, namespace: infra, sectionName: https, port: 443}
    - {name: web, namespace: infra, port: 80}
    - {name: web, namespace: infra, sectionName: admin}
#                                                ^^^^^ error route-parent-missing: its listeners: http :80 HTTP, https :443 HTTPS
    - {name: web, namespace: infra, sectionName: http, port: 443}
#                                                ^^^^ error route-parent-missing: sectionName http and port 443
    - {name: web, namespace: infra, port: 8443}
#                                         ^^^^ error route-parent-missing
    - {name: platform-gateway, namespace: infra, sectionName: anything}
    - {name: web, sectionName: anything}
    - {group: "", kind: Service, name: api}
    - {group: "", kind: Service, name: apix}
#                                      ^^^^ error route-parent-missing: mesh (GAMMA) route
`,
    { rules },
  );
});
