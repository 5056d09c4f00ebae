import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkFindings } from '../../support/fixture';

const R = { rules: ['duplicate-port'] };

test('the same (protocol, port), name or nodePort twice in one Service', () => {
  const findings = checkFindings(
    `
apiVersion: v1
kind: Service
metadata: {name: api}
spec:
  type: NodePort
  ports:
    - name: http
      port: 80
      nodePort: 30080
    - name: metrics
      port: 80
#           ^^ error duplicate-port: Port 80/TCP is listed twice
      nodePort: 30080
#               ^^^^^ error duplicate-port: nodePort 30080/TCP is used twice
    - name: http
#           ^^^^ error duplicate-port: Port name "http" is used twice
      port: 81
`,
    R,
  );
  assert.ok(findings.every((f) => f.related.length === 1));
});

test('the same number with another protocol, or in another Service or file, is fine', () => {
  checkFindings(
    `
//- /a.yaml
apiVersion: v1
kind: Service
metadata: {name: dns}
spec:
  type: NodePort
  ports:
    - {name: dns, port: 53, protocol: UDP, nodePort: 30053}
    - {name: dns-tcp, port: 53, protocol: TCP, nodePort: 30053}
    - {name: zero-a, port: 54, nodePort: 0}
    - {name: zero-b, port: 55, nodePort: 0}
//- /b.yaml
apiVersion: v1
kind: Service
metadata: {name: dns}
spec:
  ports: [{name: dns, port: 53, protocol: UDP}]
`,
    R,
  );
});

test('the same port name twice in one container; different containers may reuse a name', () => {
  checkFindings(
    `
apiVersion: apps/v1
kind: Deployment
metadata: {name: api}
spec:
  template:
    spec:
      containers:
        - name: api
          ports:
            - {name: http, containerPort: 80}
            - name: http
#                   ^^^^ error duplicate-port: Port name "http" is used twice in container api
              containerPort: 8080
        - name: sidecar
          ports:
            - {name: http, containerPort: 9000}
`,
    R,
  );
});
