import { test } from 'node:test';
import { checkFindings } from '../../support/fixture';

const R = { rules: ['port-name-required'] };

test('a multi-port Service with unnamed ports: one finding on the first unnamed port, listing them all', () => {
  checkFindings(
    `
apiVersion: v1
kind: Service
metadata: {name: api}
spec:
  selector: {app: api}
  ports:
    - name: http
      port: 80
    - port: 9090
#           ^^^^ error port-name-required: ports 9090/TCP, 53/UDP have none
    - port: 53
      protocol: UDP
      name: ""
`,
    R,
  );
});

test('a single unnamed port, or all ports named, is fine; a non-string name is invalid-port-name\'s', () => {
  checkFindings(
    `
apiVersion: v1
kind: Service
metadata: {name: one}
spec:
  ports: [{port: 80}]
---
apiVersion: v1
kind: Service
metadata: {name: two}
spec:
  ports: [{name: http, port: 80}, {name: metrics, port: 9090}]
---
apiVersion: v1
kind: Service
metadata: {name: numeric-name}
spec:
  ports: [{name: 80, port: 80}, {name: metrics, port: 9090}]
`,
    R,
  );
});

test('suggested names are unique', () => {
  checkFindings(
    `
apiVersion: v1
kind: Service
metadata: {name: api}
spec:
  ports:
    - port: 80
#           ^^ error port-name-required: name: http on port 80/TCP, name: port-8080 on port 8080/TCP
    - port: 8080
`,
    R,
  );
});
