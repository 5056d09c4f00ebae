import { test } from 'node:test';
import { checkFindings } from '../../support/fixture';

const R = { rules: ['port-out-of-range'] };

test('Service port, targetPort and nodePort outside 1-65535, or not numbers', () => {
  checkFindings(
    `
apiVersion: v1
kind: Service
metadata: {name: api}
spec:
  type: NodePort
  ports:
    - name: a
      port: 80800
#           ^^^^^ error port-out-of-range: 80800 is outside 1–65535
      targetPort: 70000
#                 ^^^^^ error port-out-of-range: targetPort 70000
      nodePort: 65536
#               ^^^^^ error port-out-of-range: nodePort 65536
    - name: b
      port: PORT
#           ^^^^ error port-out-of-range: must be a number 1–65535 (is it a placeholder
      targetPort: 8080
    - name: c
      port: "8080"
#           ^^^^^^ error port-out-of-range: write it without quotes (port: 8080)
      nodePort: "30001"
#               ^^^^^^^ error port-out-of-range: nodePort: 30001
    - name: d
#     ^^^^^^^ error port-out-of-range: port is missing
      targetPort: 8080
    - name: e
      port: 0
#           ^ error port-out-of-range: 0 is outside
      targetPort: 80.5
#                 ^^^^ error port-out-of-range: not a whole number
`,
    R,
  );
});

test('defaults are fine: targetPort 0 or a name, nodePort 0, absent nodePort and hostPort', () => {
  checkFindings(
    `
apiVersion: v1
kind: Service
metadata: {name: api}
spec:
  ports:
    - {name: a, port: 1, targetPort: 0, nodePort: 0}
    - {name: b, port: 65535, targetPort: http}
    - {name: c, port: 443, targetPort: ""}
---
apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
    - name: c
      ports:
        - {containerPort: 8080, hostPort: 0}
        - {containerPort: 9090}
`,
    R,
  );
});

test('containerPort and hostPort', () => {
  checkFindings(
    `
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent}
spec:
  template:
    spec:
      containers:
        - name: c
          ports:
            - containerPort: 0
#                            ^ error port-out-of-range: containerPort 0 is outside
              hostPort: 70000
#                       ^^^^^ error port-out-of-range: hostPort 70000
            - name: smtp
#             ^^^^^^^^^^ error port-out-of-range: containerPort is missing
              containerPort:
            - containerPort: "\${PORT}"
#                            ^^^^^^^^^ error port-out-of-range: placeholder
`,
    R,
  );
});
