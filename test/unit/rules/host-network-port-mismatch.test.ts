import { test } from 'node:test';
import { checkFindings } from '../../support/fixture';

const rules = ['host-network-port-mismatch'];

test('hostNetwork with hostPort different from containerPort is an error', () => {
  checkFindings(
    `
//- /pod.yaml
apiVersion: v1
kind: Pod
metadata: {name: net-agent}
spec:
  hostNetwork: true
  containers:
    - name: agent
      ports:
        - containerPort: 8500
          hostPort: 18500
#                   ^^^^^ error host-network-port-mismatch: Set hostPort to 8500
        - containerPort: 8600
          hostPort: 8600
        - containerPort: 8700
//- /ds.yaml
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: d}
spec:
  selector: {matchLabels: {app: d}}
  template:
    metadata: {labels: {app: d}}
    spec:
      hostNetwork: true
      containers:
        - name: d
          ports:
            - {containerPort: 9100, hostPort: 9101}
#                                             ^^^^ error host-network-port-mismatch
`,
    { rules },
  );
});

test('without hostNetwork (or with hostNetwork: false) hostPort may differ', () => {
  checkFindings(
    `
//- /pod.yaml
apiVersion: v1
kind: Pod
metadata: {name: a}
spec:
  containers:
    - name: agent
      ports: [{containerPort: 8500, hostPort: 18500}]
---
apiVersion: v1
kind: Pod
metadata: {name: b}
spec:
  hostNetwork: false
  containers:
    - name: agent
      ports: [{containerPort: 8500, hostPort: 18500}]
`,
    { rules },
  );
});
