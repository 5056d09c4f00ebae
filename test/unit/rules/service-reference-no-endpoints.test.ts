import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkFindings } from '../../support/fixture';

const rules = ['service-reference-no-endpoints'];

const SERVICES = `
//- /shop/services.yaml
apiVersion: v1
kind: Service
metadata: {name: redis-cart, namespace: shop}
spec:
  selector: {app: redis}
  ports: [{port: 6379}]
---
apiVersion: v1
kind: Service
metadata: {name: cartservice, namespace: shop}
spec:
  selector: {app: cart}
  ports: [{port: 7070, targetPort: grpc}]
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  selector: {app: web}
  ports: [{port: 80, targetPort: 8080}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: cart, namespace: shop}
spec:
  template:
    metadata: {labels: {app: cart}}
    spec:
      containers: [{name: cart, ports: [{name: http, containerPort: 7070}]}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, ports: [{containerPort: 8080}]}]
`;

test('fires at the caller when the Service selects nothing or resolves no targetPort, related to the Service', () => {
  const findings = checkFindings(
    `${SERVICES}
//- /shop/frontend.yaml
apiVersion: apps/v1
kind: Deployment
metadata: {name: frontend, namespace: shop}
spec:
  template:
    spec:
      containers:
        - name: frontend
          env:
            - name: REDIS_ADDR
              value: "redis-cart:6379"
#                     ^^^^^^^^^^^^^^^ warning service-reference-no-endpoints: selects no Pods
            - name: CART_ADDR
              value: "cartservice:7070"
#                     ^^^^^^^^^^^^^^^^ warning service-reference-no-endpoints: resolves its targetPort on none
            - {name: WEB_ADDR, value: "web:80"}
`,
    { rules },
  );
  const redis = findings.find((f) => f.message.includes('redis-cart'))!;
  assert.equal(redis.related[0]?.uri, 'file:///ws/shop/services.yaml');
});
