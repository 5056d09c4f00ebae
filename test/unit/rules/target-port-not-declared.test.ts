import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkFindings, uriOf, workspaceOf } from '../../support/fixture';

const R = { rules: ['target-port-not-declared'] };

const deploy = (name: string, ports: string | undefined) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}}
spec:
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
      containers:
        - name: main
${ports ? `          ports: ${ports}\n` : ''}`;

test('a numeric targetPort the containers do not declare is a warning on the targetPort', () => {
  const [f] = checkFindings(
    `
//- /deploy.yaml
${deploy('api', '[{name: http, containerPort: 8080}]')}
//- /svc.yaml
apiVersion: v1
kind: Service
metadata: {name: api}
spec:
  selector: {app: api}
  ports:
    - port: 80
      targetPort: 8081
#                 ^^^^ warning target-port-not-declared: targetPort 8081, but Deployment api declares no 8081/TCP
`,
    R,
  );
  assert.match(f!.message, /http 8080\/TCP/);
  assert.equal(f!.related[0]!.uri, uriOf('/deploy.yaml'));
});

test('an absent or zero targetPort defaults to port', () => {
  checkFindings(
    `
//- /a.yaml
${deploy('api', '[{containerPort: 8080}]')}
---
apiVersion: v1
kind: Service
metadata: {name: api}
spec:
  selector: {app: api}
  ports:
    - name: a
      port: 9000
#           ^^^^ warning target-port-not-declared: defaults to port 9000
    - name: b
      port: 9001
      targetPort: 0
#                 ^ warning target-port-not-declared: defaults to port 9001
    - name: c
      port: 8080
`,
    R,
  );
});

test('no finding when the template declares no ports at all, or declares the number', () => {
  checkFindings(
    `
//- /a.yaml
${deploy('bare', undefined)}
---
${deploy('api', '[{containerPort: 8080}, {containerPort: 9090, protocol: UDP}]')}
---
apiVersion: v1
kind: Service
metadata: {name: bare}
spec:
  selector: {app: bare}
  ports: [{port: 80, targetPort: 8081}]
---
apiVersion: v1
kind: Service
metadata: {name: api}
spec:
  selector: {app: api}
  ports:
    - {name: a, port: 80, targetPort: 8080, protocol: TCP}
    - {name: b, port: 9090, protocol: UDP}
    - {name: c, port: 90, targetPort: 9090}
    - {name: d, port: 91, targetPort: metrics}
    - {name: e, port: 92, targetPort: 70000}
`,
    R,
  );
});

test('a new containerPort in the Deployment file clears the warning in the Service file', () => {
  const ws = workspaceOf('');
  ws.setFile(uriOf('/svc.yaml'), 'apiVersion: v1\nkind: Service\nmetadata: {name: api}\nspec:\n  selector: {app: api}\n  ports: [{port: 80, targetPort: 8081}]\n');
  ws.setFile(uriOf('/deploy.yaml'), deploy('api', '[{containerPort: 8080}]'));
  const rules = () => ws.findings(uriOf('/svc.yaml')).filter((f) => f.rule === 'target-port-not-declared').length;
  assert.equal(rules(), 1);
  assert.ok(ws.setFile(uriOf('/deploy.yaml'), deploy('api', '[{containerPort: 8080}, {containerPort: 8081}]')).has(uriOf('/svc.yaml')));
  assert.equal(rules(), 0);
});
