import { test } from 'node:test';
import { checkFindings } from '../../support/fixture';

const R = { rules: ['headless-with-node-port'] };

test('NodePort or LoadBalancer with clusterIP: None, on the None', () => {
  checkFindings(
    `
apiVersion: v1
kind: Service
metadata: {name: np}
spec:
  type: NodePort
  clusterIP: None
#            ^^^^ error headless-with-node-port: Remove clusterIP: None to keep type NodePort
  ports: [{port: 80}]
---
apiVersion: v1
kind: Service
metadata: {name: lb}
spec:
  type: LoadBalancer
  clusterIP: None
#            ^^^^ error headless-with-node-port: type LoadBalancer
  ports: [{port: 80}]
`,
    R,
  );
});

test('headless ClusterIP Services and NodePorts with a cluster IP are fine', () => {
  checkFindings(
    `
apiVersion: v1
kind: Service
metadata: {name: headless}
spec:
  clusterIP: None
  ports: [{port: 80}]
---
apiVersion: v1
kind: Service
metadata: {name: np}
spec:
  type: NodePort
  clusterIP: 10.0.0.10
  ports: [{port: 80}]
`,
    R,
  );
});
