import { test } from 'node:test';
import { checkFindings } from '../../support/fixture';

const R = { rules: ['node-port-out-of-range'] };

const fixture = `
apiVersion: v1
kind: Service
metadata: {name: api}
spec:
  type: NodePort
  ports:
    - name: a
      port: 80
      nodePort: 8080
#               ^^^^ error node-port-out-of-range: outside the node-port range 30000-32767
    - {name: b, port: 81, nodePort: 30000}
    - {name: c, port: 82, nodePort: 32767}
    - {name: d, port: 83, nodePort: 0}
    - {name: e, port: 84, nodePort: 70000}
---
apiVersion: v1
kind: Service
metadata: {name: lb}
spec:
  type: LoadBalancer
  ports:
    - port: 80
      nodePort: 32768
#               ^^^^^ error node-port-out-of-range: 32768
---
apiVersion: v1
kind: Service
metadata: {name: cluster-ip}
spec:
  ports: [{port: 80, nodePort: 8080}]
`;

test('nodePorts outside the default range on NodePort and LoadBalancer Services', () => {
  checkFindings(fixture, R);
});

test('the range comes from kubePorts.nodePortRange', () => {
  checkFindings(
    `
apiVersion: v1
kind: Service
metadata: {name: api}
spec:
  type: NodePort
  ports:
    - {name: a, port: 80, nodePort: 20000}
    - name: b
      port: 81
      nodePort: 30080
#               ^^^^^ error node-port-out-of-range: 20000-22767
`,
    { ...R, settings: { nodePortRange: '20000-22767' } },
  );
});
