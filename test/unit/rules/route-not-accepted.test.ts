import { test } from 'node:test';
import { checkFindings } from '../../support/fixture';

const rules = ['route-not-accepted'];

const gateway = `
//- /gw.yaml
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: web, namespace: infra}
spec:
  gatewayClassName: cloud
  listeners:
    - name: same
      port: 80
      protocol: HTTP
    - name: all-shop
      port: 443
      protocol: HTTPS
      hostname: "*.shop.example.com"
      allowedRoutes: {namespaces: {from: All}}
    - name: selected
      port: 8443
      protocol: HTTPS
      allowedRoutes:
        namespaces:
          from: Selector
          selector: {matchLabels: {gateway-access: "true"}}
    - name: by-name
      port: 9443
      protocol: HTTPS
      allowedRoutes:
        namespaces:
          from: Selector
          selector: {matchLabels: {kubernetes.io/metadata.name: shop}}
    - name: tcp
      port: 5432
      protocol: TCP
      allowedRoutes: {namespaces: {from: All}}
    - name: grpc-only
      port: 50051
      protocol: HTTP
      allowedRoutes:
        namespaces: {from: All}
        kinds: [{kind: GRPCRoute}]
//- /ns.yaml
apiVersion: v1
kind: Namespace
metadata:
  name: tenant
  labels: {gateway-access: "true"}
---
apiVersion: v1
kind: Namespace
metadata: {name: closed}
`;

test('listeners accept routes by protocol, allowedRoutes (From Same/All/Selector, kinds) and hostnames', () => {
  checkFindings(
    `${gateway}
//- /routes.yaml
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: in-infra, namespace: infra}
spec:
  parentRefs: [{name: web, sectionName: same}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: shop, namespace: shop}
spec:
  hostnames: [cart.shop.example.com, "*.example.com"]
  parentRefs:
    - {name: web, namespace: infra, sectionName: same}
#            ^^^ error route-not-accepted: from: Same, the default
    - {name: web, namespace: infra, sectionName: all-shop}
    - {name: web, namespace: infra, sectionName: by-name}
    - {name: web, namespace: infra, sectionName: selected}
    - {name: web, namespace: infra, sectionName: tcp}
#            ^^^ error route-not-accepted: TCP, which carries TCPRoute, not HTTPRoute
    - {name: web, namespace: infra, sectionName: grpc-only}
#            ^^^ error route-not-accepted: allows only GRPCRoute
    - {name: web, namespace: infra}
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: blog, namespace: shop}
spec:
  hostnames: [blog.example.org]
  parentRefs:
    - {name: web, namespace: infra, sectionName: all-shop}
#            ^^^ error route-not-accepted: hostname *.shop.example.com
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: t, namespace: tenant}
spec:
  parentRefs: [{name: web, namespace: infra, sectionName: selected}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: c, namespace: closed}
spec:
  parentRefs:
    - {name: web, namespace: infra, sectionName: selected}
#            ^^^ error route-not-accepted: do not match
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: unknown-labels, namespace: elsewhere}
spec:
  parentRefs: [{name: web, namespace: infra, sectionName: selected}]
---
apiVersion: gateway.networking.k8s.io/v1alpha2
kind: TCPRoute
metadata: {name: db, namespace: data}
spec:
  parentRefs: [{name: web, namespace: infra, sectionName: tcp}]
---
apiVersion: gateway.networking.k8s.io/v1alpha2
kind: UDPRoute
metadata: {name: dns, namespace: data}
spec:
  parentRefs:
    - {name: web, namespace: infra, port: 5432}
#            ^^^ error route-not-accepted: carries TCPRoute, not UDPRoute
`,
    { rules },
  );
});
