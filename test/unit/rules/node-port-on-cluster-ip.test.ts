import { test } from 'node:test';
import { checkFindings } from '../../support/fixture';

const R = { rules: ['node-port-on-cluster-ip'] };

test('a nodePort on a ClusterIP Service, explicit or by default', () => {
  checkFindings(
    `
apiVersion: v1
kind: Service
metadata: {name: implicit}
spec:
  ports:
    - port: 80
      nodePort: 30001
#               ^^^^^ error node-port-on-cluster-ip: the default when type is not set
---
apiVersion: v1
kind: Service
metadata: {name: explicit}
spec:
  type: ClusterIP
  clusterIP: None
  ports:
    - port: 80
      nodePort: 30002
#               ^^^^^ error node-port-on-cluster-ip: set type: NodePort
`,
    R,
  );
});

test('nodePort 0 means unset; NodePort and LoadBalancer Services may set one', () => {
  checkFindings(
    `
apiVersion: v1
kind: Service
metadata: {name: zero}
spec:
  ports: [{port: 80, nodePort: 0}]
---
apiVersion: v1
kind: Service
metadata: {name: np}
spec:
  type: NodePort
  ports: [{port: 80, nodePort: 30001}]
---
apiVersion: v1
kind: Service
metadata: {name: lb}
spec:
  type: LoadBalancer
  ports: [{port: 80, nodePort: 30002}]
`,
    R,
  );
});
