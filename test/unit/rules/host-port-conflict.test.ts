import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkFindings, uriOf } from '../../support/fixture';
import { Workspace } from '../../../server/src/core/workspace/workspace';

const rules = ['host-port-conflict'];

test('the same hostPort/protocol/hostIP twice in one pod is an error', () => {
  checkFindings(
    `
//- /pod.yaml
apiVersion: v1
kind: Pod
metadata: {name: agent}
spec:
  containers:
    - name: a
      ports:
        - containerPort: 8080
          hostPort: 80
    - name: b
      ports:
        - containerPort: 9090
          hostPort: 80
#                   ^^ error host-port-conflict: already requested by container a
        - containerPort: 9091
          hostPort: 81
        - containerPort: 9092
          hostPort: 81
          protocol: UDP
        - containerPort: 9093
          hostPort: 82
          hostIP: 10.0.0.1
        - containerPort: 9094
          hostPort: 82
          hostIP: 10.0.0.2
`,
    { rules },
  );
});

test('two workloads asking the same hostPort/protocol get a warning on both', () => {
  checkFindings(
    `
//- /a.yaml
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: proxy-v1, namespace: edge}
spec:
  selector: {matchLabels: {app: v1}}
  template:
    metadata: {labels: {app: v1}}
    spec:
      containers:
        - name: proxy
          ports:
            - containerPort: 8080
              hostPort: 80
#                       ^^ warning host-port-conflict: DaemonSet proxy-v2 (namespace other)
            - containerPort: 53
              hostPort: 53
              protocol: UDP
//- /b.yaml
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: proxy-v2, namespace: other}
spec:
  selector: {matchLabels: {app: v2}}
  template:
    metadata: {labels: {app: v2}}
    spec:
      containers:
        - name: proxy
          ports:
            - containerPort: 8080
              hostPort: 80
#                       ^^ warning host-port-conflict: DaemonSet proxy-v1 (namespace edge)
            - containerPort: 53
              hostPort: 53
`,
    { rules },
  );
});

test('hostIP: different specific addresses do not conflict; an empty or 0.0.0.0 hostIP conflicts with all', () => {
  checkFindings(
    `
//- /a.yaml
apiVersion: v1
kind: Pod
metadata: {name: a}
spec:
  containers:
    - name: c
      ports: [{containerPort: 1, hostPort: 9000, hostIP: 10.0.0.1}]
//- /b.yaml
apiVersion: v1
kind: Pod
metadata: {name: b}
spec:
  containers:
    - name: c
      ports: [{containerPort: 1, hostPort: 9000, hostIP: 10.0.0.2}]
//- /c.yaml
apiVersion: v1
kind: Pod
metadata: {name: c}
spec:
  containers:
    - name: c
      ports: [{containerPort: 1, hostPort: 9001, hostIP: 10.0.0.1}]
#                                          ^^^^ warning host-port-conflict: Pod d
//- /d.yaml
apiVersion: v1
kind: Pod
metadata: {name: d}
spec:
  containers:
    - name: c
      ports: [{containerPort: 1, hostPort: 9001, hostIP: 0.0.0.0}]
#                                          ^^^^ warning host-port-conflict: Pod c
`,
    { rules },
  );
});

test('the same object defined in two files, or the same app in two namespaces, is not a conflict', () => {
  const ds = (ns: string) => `
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: exporter, namespace: ${ns}}
spec:
  selector: {matchLabels: {app: e}}
  template:
    metadata: {labels: {app: e}}
    spec:
      containers: [{name: e, ports: [{containerPort: 9100, hostPort: 9100}]}]
`;
  checkFindings(`//- /base/ds.yaml${ds('mon')}//- /copy/ds.yaml${ds('mon')}//- /staging/ds.yaml${ds('staging')}`, { rules });
});

test('adding or removing the other workload updates the warning (host-port dependency)', () => {
  const pod = (name: string, port: number) =>
    `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}}\nspec:\n  containers: [{name: c, ports: [{containerPort: 1, hostPort: ${port}}]}]\n`;
  const ws = new Workspace();
  ws.setFile(uriOf('/a.yaml'), pod('a', 7000));
  ws.setFile(uriOf('/b.yaml'), pod('b', 7001));
  assert.deepEqual(ws.findings(uriOf('/a.yaml')), []);
  const affected = ws.setFile(uriOf('/b.yaml'), pod('b', 7000));
  assert.ok(affected.has(uriOf('/a.yaml')));
  assert.deepEqual(ws.findings(uriOf('/a.yaml')).map((f) => `${f.severity} ${f.rule}`), ['warning host-port-conflict']);
  const back = ws.removeFile(uriOf('/b.yaml'));
  assert.ok(back.has(uriOf('/a.yaml')));
  assert.deepEqual(ws.findings(uriOf('/a.yaml')), []);
});

test('an init container and a regular container may use the same hostPort (checked per section)', () => {
  checkFindings(
    `
//- /pod.yaml
apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  initContainers:
    - name: init
      ports: [{containerPort: 1, hostPort: 9500}]
  containers:
    - name: main
      ports: [{containerPort: 1, hostPort: 9500}]
`,
    { rules },
  );
});
