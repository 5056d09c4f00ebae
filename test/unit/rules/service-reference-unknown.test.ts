import { test } from 'node:test';
import { checkFindings } from '../../support/fixture';

const rules = ['service-reference-unknown'];

const SERVICES = `
//- /shop/services.yaml
apiVersion: v1
kind: Service
metadata: {name: cartservice, namespace: shop}
spec:
  ports: [{port: 7070}]
`;

test('fires on *.svc names, name.ns of a known namespace and service-link variables that name no Service', () => {
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
            - name: PAYMENTS_URL
              value: http://payments.shop.svc.cluster.local:8080/charge
#                           ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ warning service-reference-unknown: no Service payments in namespace shop
            - name: CARTS
              value: carts.shop:7070
#                    ^^^^^^^^^^ warning service-reference-unknown
            - name: ANY
              value: "orders.billing.svc:80"
#                     ^^^^^^^^^^^^^^^^^^ warning service-reference-unknown
            - name: LINK
              value: $(REDIS_SERVICE_HOST):6379
#                    ^^^^^^^^^^^^^^^^^^^^^ warning service-reference-unknown: only for Services of the Pod's namespace
`,
    { rules },
  );
});

test('does not fire on external hosts, unknown namespaces, built-in Services, or defined variables', () => {
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
            - {name: DB_URL, value: "postgres://db.example.com:5432/x"}
            - {name: OTHER, value: "redis.cache:6379"}
            - {name: API, value: "https://kubernetes.default.svc:443"}
            - {name: DNS, value: "kube-dns.kube-system.svc.cluster.local:53"}
            - {name: REDIS_SERVICE_HOST, value: redis.example.com}
            - {name: REDIS, value: "$(REDIS_SERVICE_HOST):6379"}
            - {name: OK, value: "cartservice.shop.svc:7070"}
`,
    { rules },
  );
});

test('a qualified name reaches a Service whose namespace is written nowhere (kubectl apply -n puts it there)', () => {
  checkFindings(
    `
//- /dns/backend.yaml
apiVersion: v1
kind: Service
metadata: {name: dns-backend}
spec:
  ports: [{port: 8000}]
---
apiVersion: v1
kind: Namespace
metadata: {name: development}
//- /dns/frontend.yaml
apiVersion: v1
kind: Pod
metadata: {name: dns-frontend, namespace: development}
spec:
  containers:
    - name: c
      command: [python, client.py, "http://dns-backend.development.svc.cluster.local:8000"]
`,
    { rules },
  );
});
