/**
 * The workspace shared by the navigation protocol tests (definition, references, code lens,
 * inlay hints, completion, rename): two namespaces, Services, workloads, Ingress, Endpoints,
 * EndpointSlice and a StatefulSet across files. Not a test file itself.
 */
import type { Position, Range } from 'vscode-languageserver-protocol';

export const FILES: Record<string, string> = {
  'shop/service.yaml': `apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
spec:
  type: NodePort
  selector:
    app: web
  ports:
  - name: http
    port: 80
    targetPort: http
    nodePort: 30333
  - name: metrics
    port: 9090
  - name: admin
    port: 81
    targetPort: nope
`,
  'shop/deployment.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  replicas: 3
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels:
        app: web
        tier: frontend
    spec:
      containers:
      - name: nginx
        ports:
        - name: http
          containerPort: 8080
        - name: metrics
          containerPort: 9090
        readinessProbe:
          httpGet:
            path: /healthz
            port: http
        livenessProbe:
          tcpSocket:
            port: 9090
`,
  'shop/pod.yaml': `apiVersion: v1
kind: Pod
metadata:
  name: web-debug
  namespace: shop
  labels:
    app: web
spec:
  containers:
  - name: debug
    ports:
    - name: http
      containerPort: 8081
`,
  'shop/ingress.yaml': `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  namespace: shop
spec:
  rules:
  - host: shop.example.com
    http:
      paths:
      - path: /
        pathType: Prefix
        backend:
          service:
            name: web
            port:
              number: 80
      - path: /stats
        pathType: Prefix
        backend:
          service:
            name: web
            port:
              name: metrics
      - path: /gone
        pathType: Prefix
        backend:
          service:
            name: ghost
            port:
              number: 80
`,
  'shop/legacy.yaml': `apiVersion: v1
kind: Service
metadata:
  name: legacy
  namespace: shop
spec:
  ports:
  - name: db
    port: 5432
---
apiVersion: v1
kind: Endpoints
metadata:
  name: legacy
  namespace: shop
subsets:
- addresses:
  - ip: 10.0.0.5
  ports:
  - name: db
    port: 5432
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: legacy-abc
  namespace: shop
  labels:
    kubernetes.io/service-name: legacy
addressType: IPv4
endpoints:
- addresses: [10.0.0.5]
ports:
- name: db
  port: 5432
`,
  'shop/db.yaml': `apiVersion: v1
kind: Service
metadata:
  name: db-headless
  namespace: shop
spec:
  clusterIP: None
  selector:
    app: db
  ports:
  - port: 5432
    targetPort: pg
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
  namespace: shop
spec:
  serviceName: db-headless
  replicas: 2
  selector:
    matchLabels: {app: db}
  template:
    metadata:
      labels: {app: db}
    spec:
      containers:
      - name: postgres
        ports:
        - name: pg
          containerPort: 5432
`,
  'other/service.yaml': `apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: other
spec:
  selector:
    app: web
  ports:
  - port: 80
    targetPort: http
`,
  'other/lonely.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: lonely
  namespace: other
spec:
  selector:
    matchLabels: {app: lonely}
  template:
    metadata:
      labels: {app: lonely}
    spec:
      containers:
      - name: c
        ports:
        - name: http
          containerPort: 80
`,
};

/** The position of the `nth` (0-based) occurrence of `needle` in a file, plus `delta` characters. */
export function pos(file: string, needle: string, nth = 0, delta = 0): Position {
  const text = FILES[file]!;
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`${needle} #${nth} not in ${file}`);
  }
  return positionAt(text, at + delta);
}

/** The range of the `nth` occurrence of `needle`. */
export function rangeOf(file: string, needle: string, nth = 0): Range {
  const start = pos(file, needle, nth);
  return { start, end: { line: start.line, character: start.character + needle.length } };
}

/** A range from the start of `from` to the end of `to` (the first `to` after `from`). */
export function spanRange(file: string, from: string, to: string, nth = 0): Range {
  const text = FILES[file]!;
  const start = pos(file, from, nth);
  const fromAt = offsetOf(text, start);
  const toAt = text.indexOf(to, fromAt);
  return { start, end: positionAt(text, toAt + to.length) };
}

function offsetOf(text: string, p: Position): number {
  const lines = text.split('\n');
  let o = 0;
  for (let i = 0; i < p.line; i++) o += lines[i]!.length + 1;
  return o + p.character;
}

function positionAt(text: string, offset: number): Position {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}
