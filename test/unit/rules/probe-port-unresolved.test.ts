import { test } from 'node:test';
import { checkFindings } from '../../support/fixture';

const rules = ['probe-port-unresolved'];

test('a named probe port must be declared by the same container', () => {
  checkFindings(
    `
//- /deploy.yaml
apiVersion: apps/v1
kind: Deployment
metadata: {name: checkout}
spec:
  selector: {matchLabels: {app: checkout}}
  template:
    metadata: {labels: {app: checkout}}
    spec:
      containers:
        - name: checkout
          ports:
            - name: http
              containerPort: 8080
          readinessProbe:
            httpGet:
              path: /ready
              port: health
#                   ^^^^^^ error probe-port-unresolved: its named ports: http (8080)
          livenessProbe:
            tcpSocket: {port: http}
          startupProbe:
            httpGet: {path: /, port: 8080}
        - name: sidecar
          ports: [{name: admin, containerPort: 9000}]
          livenessProbe:
            httpGet: {path: /, port: http}
#                                    ^^^^ error probe-port-unresolved: Container checkout declares it
          readinessProbe:
            httpGet: {path: /, port: 9999}
          startupProbe:
            grpc: {port: 9000}
`,
    { rules },
  );
});

test('a probe on a UDP port fails; numbers, numeric strings and placeholders are not checked', () => {
  checkFindings(
    `
//- /pod.yaml
apiVersion: v1
kind: Pod
metadata: {name: dns}
spec:
  containers:
    - name: dns
      ports:
        - {name: dns, containerPort: 53, protocol: UDP}
        - {name: dns-tcp, containerPort: 53, protocol: TCP}
      livenessProbe:
        tcpSocket: {port: dns}
#                         ^^^ error probe-port-unresolved: is a UDP port
      readinessProbe:
        tcpSocket: {port: dns-tcp}
      startupProbe:
        httpGet: {path: /, port: "8080"}
    - name: templated
      livenessProbe:
        httpGet: {path: /, port: "\${HEALTH_PORT}"}
      readinessProbe:
        grpc: {port: 9003}
`,
    { rules },
  );
});
