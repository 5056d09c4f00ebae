import { test } from 'node:test';
import { checkFindings } from '../../support/fixture';

const rules = ['service-reference-port-mismatch'];

const SERVICES = `
//- /shop/services.yaml
apiVersion: v1
kind: Service
metadata: {name: cartservice, namespace: shop}
spec:
  selector: {app: cart}
  ports: [{name: grpc, port: 7070, targetPort: 8080}]
---
apiVersion: v1
kind: Service
metadata: {name: redis, namespace: shop}
spec:
  clusterIP: None
  selector: {app: redis}
  ports: [{name: redis, port: 80, targetPort: 6379}]
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  selector: {app: web}
  ports: [{name: http, port: 8000, targetPort: http}]
---
apiVersion: v1
kind: Service
metadata: {name: ext, namespace: shop}
spec:
  type: ExternalName
  externalName: db.example.com
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: backends, namespace: shop}
spec:
  selector: {matchLabels: {app: cart}}
  template:
    metadata: {labels: {app: cart}}
    spec:
      containers:
        - name: cart
          ports: [{containerPort: 8080}]
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: redis, namespace: shop}
spec:
  serviceName: redis
  selector: {matchLabels: {app: redis}}
  template:
    metadata: {labels: {app: redis}}
    spec:
      containers:
        - name: redis
          ports: [{containerPort: 6379}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - name: web
          ports: [{name: http, containerPort: 3000}]
`;

test('fires on the port characters: container port instead of Service port, wrong numbers, default ports, named ports', () => {
  checkFindings(
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
            - name: CART_SERVICE_ADDR
              value: "cartservice:8080"
#                                 ^^^^ error service-reference-port-mismatch: 8080 is the container port; the Service listens on 7070
            - name: WEB_URL
              value: http://web/api
#                           ^^^ error service-reference-port-mismatch: no port 80 (the http default)
            - name: WEB_ADMIN
              value: 'http://web.shop.svc.cluster.local:9999/x'
#                                                       ^^^^ error service-reference-port-mismatch: Did you mean 8000?
            - name: SRV
              value: _admin._tcp.web.shop.svc.cluster.local
#                    ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ error service-reference-port-mismatch: a port named admin
            - name: REDIS
              value: redis-0.redis:80
#                                  ^^ error service-reference-port-mismatch: on a container port (6379)
          args:
            - --cart=cartservice:7071
#                                ^^^^ error service-reference-port-mismatch
`,
    { rules },
  );
});

test('does not fire on the Service port, a headless target port, ExternalName, unchecked schemes, or hosts that are not Services', () => {
  checkFindings(
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
            - {name: CART_SERVICE_ADDR, value: "cartservice:7070"}
            - {name: CART_GRPC, value: "grpc://cartservice"}
            - {name: WEB, value: "http://web:8000/x,web.shop:8000"}
            - {name: SRV, value: _http._tcp.web.shop.svc.cluster.local}
            - {name: REDIS, value: "redis:6379"}
            - {name: REDIS_POD, value: "redis-0.redis.shop.svc.cluster.local:6379"}
            - {name: EXT, value: "ext:5432"}
            - {name: OTHER, value: "localhost:8080,db.example.com:5432,10.0.0.1:80"}
            - {name: LINK, value: "$(CARTSERVICE_SERVICE_HOST):$(CARTSERVICE_SERVICE_PORT)"}
            - {name: LINK_NAMED, value: "$(WEB_SERVICE_HOST):$(WEB_SERVICE_PORT_HTTP)"}
            - {name: ESCAPED, value: "$$(CART_HOST):1"}
`,
    { rules },
  );
});

test('ConfigMap data read by a workload of the namespace is a reference site; one nobody reads is not', () => {
  checkFindings(
    `${SERVICES}
//- /shop/config.yaml
apiVersion: v1
kind: ConfigMap
metadata: {name: frontend-config, namespace: shop}
data:
  CART_ADDR: cartservice:8080
#                        ^^^^ error service-reference-port-mismatch
  nginx.conf: |
    server_name _;
    location / { proxy_pass http://web:3000; }
#                                      ^^^^ error service-reference-port-mismatch: 3000 is the container port; the Service listens on 8000
---
apiVersion: v1
kind: ConfigMap
metadata: {name: unused, namespace: shop}
data:
  CART_ADDR: cartservice:8080
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: frontend, namespace: shop}
spec:
  template:
    spec:
      volumes: [{name: conf, configMap: {name: frontend-config}}]
      containers:
        - name: frontend
          volumeMounts: [{name: conf, mountPath: /etc/nginx}]
`,
    { rules },
  );
});

test('$(VAR) expansion: the port written in the using value, the host from an earlier variable', () => {
  checkFindings(
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
            - {name: CART_HOST, value: cartservice}
            - name: CART_ADDR
              value: $(CART_HOST):8080
#                                 ^^^^ error service-reference-port-mismatch
            - {name: LATER, value: "$(NOT_YET):8080"}
            - {name: NOT_YET, value: cartservice}
`,
    { rules },
  );
});
