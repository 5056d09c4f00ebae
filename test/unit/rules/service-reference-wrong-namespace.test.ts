import { test } from 'node:test';
import { checkFindings } from '../../support/fixture';

const rules = ['service-reference-wrong-namespace'];

const SERVICES = `
//- /shop/services.yaml
apiVersion: v1
kind: Service
metadata: {name: cartservice, namespace: shop}
spec:
  ports: [{port: 7070}]
---
apiVersion: v1
kind: Service
metadata: {name: frontend, namespace: shop}
spec:
  ports: [{port: 80}]
`;

test('fires on a short name whose Service is only in another namespace', () => {
  checkFindings(
    `${SERVICES}
//- /web/frontend.yaml
apiVersion: apps/v1
kind: Deployment
metadata: {name: frontend, namespace: web}
spec:
  template:
    spec:
      containers:
        - name: frontend
          env:
            - name: CART_SERVICE_ADDR
              value: "cartservice:7070"
#                     ^^^^^^^^^^^ error service-reference-wrong-namespace: use cartservice.shop
            - name: CART_HOST
              value: cartservice
#                    ^^^^^^^^^^^ error service-reference-wrong-namespace
          args: ["--cart=http://cartservice/x"]
#                               ^^^^^^^^^^^ error service-reference-wrong-namespace
`,
    { rules },
  );
});

test('does not fire on qualified names, on bare words without an address key, or in the Service namespace', () => {
  checkFindings(
    `${SERVICES}
//- /web/frontend.yaml
apiVersion: apps/v1
kind: Deployment
metadata: {name: frontend, namespace: web}
spec:
  template:
    spec:
      containers:
        - name: frontend
          env:
            - {name: CART_SERVICE_ADDR, value: "cartservice.shop:7070"}
            - {name: MODE, value: frontend}
            - {name: FULL, value: "cartservice.shop.svc.cluster.local:7070"}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: checkout, namespace: shop}
spec:
  template:
    spec:
      containers:
        - name: checkout
          env: [{name: CART_SERVICE_ADDR, value: "cartservice:7070"}]
`,
    { rules },
  );
});

test('a caller or Service whose namespace is written nowhere may be applied with the other: no wrong namespace', () => {
  checkFindings(
    `
//- /app/services.yaml
apiVersion: v1
kind: Service
metadata: {name: otel-collector, namespace: otel-demo}
spec:
  ports: [{port: 4317}]
---
apiVersion: v1
kind: Service
metadata: {name: cart}
spec:
  ports: [{port: 8080}]
//- /app/callers.yaml
apiVersion: apps/v1
kind: Deployment
metadata: {name: frontend}
spec:
  template:
    spec:
      containers:
        - name: frontend
          env: [{name: OTEL_EXPORTER_OTLP_ENDPOINT, value: "http://otel-collector:4317"}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: checkout, namespace: otel-demo}
spec:
  template:
    spec:
      containers:
        - name: checkout
          env: [{name: CART_ADDR, value: "cart:8080"}]
`,
    { rules: [...rules, 'service-reference-port-mismatch'] },
  );
});
