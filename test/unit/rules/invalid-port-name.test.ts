import { test } from 'node:test';
import { checkFindings } from '../../support/fixture';

const R = { rules: ['invalid-port-name'] };

test('a quoted number as targetPort is an invalid name; the message says to write the number', () => {
  checkFindings(
    `
apiVersion: v1
kind: Service
metadata: {name: api}
spec:
  selector: {app: api}
  ports:
    - port: 80
      targetPort: "8080"
#                 ^^^^^^ error invalid-port-name: Write it as a number without quotes: targetPort: 8080
`,
    R,
  );
});

test('Service port names are DNS-1123 labels; container port names and string targetPorts IANA service names', () => {
  checkFindings(
    `
apiVersion: v1
kind: Service
metadata: {name: api}
spec:
  selector: {app: api}
  ports:
    - name: Http
#           ^^^^ error invalid-port-name: uppercase
      port: 80
      targetPort: my_port
#                 ^^^^^^^ error invalid-port-name: only a-z, 0-9 and "-" are allowed
    - name: a-valid-service-port-name-longer-than-fifteen
      port: 81
      targetPort: http-2
    - name: "8443"
      port: 8443
      targetPort: PORT
#                 ^^^^ error invalid-port-name: placeholder
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: api}
spec:
  template:
    spec:
      containers:
        - name: api
          ports:
            - name: prometheus-metrics
#                   ^^^^^^^^^^^^^^^^^^ error invalid-port-name: it has 18 characters, at most 15
              containerPort: 9187
            - name: "9090"
#                   ^^^^^^ error invalid-port-name: at least one letter
              containerPort: 9090
            - name: web--ui
#                   ^^^^^^^ error invalid-port-name: "--"
              containerPort: 3000
            - name: 8081
#                   ^^^^ error invalid-port-name: must be a name
              containerPort: 8081
            - name: grpc-web
              containerPort: 8082
            - containerPort: 8083
      initContainers:
        - name: init
          ports:
            - name: -init
#                   ^^^^^ error invalid-port-name: start or end
              containerPort: 7000
`,
    R,
  );
});

test('empty and absent targetPorts and names are not names', () => {
  checkFindings(
    `
apiVersion: v1
kind: Service
metadata: {name: api}
spec:
  ports:
    - {name: "", port: 80, targetPort: ""}
    - {port: 81, targetPort: 0}
    - {port: 82}
`,
    R,
  );
});
