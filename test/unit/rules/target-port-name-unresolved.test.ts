import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkFindings, uriOf, workspaceOf } from '../../support/fixture';

const R = { rules: ['target-port-name-unresolved'] };

/** A Deployment whose pods carry app=<app>, with one container declaring `ports` (flow YAML). */
const deploy = (name: string, ports: string, opts: { app?: string; ns?: string } = {}) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}${opts.ns ? `, namespace: ${opts.ns}` : ''}}
spec:
  selector: {matchLabels: {app: ${opts.app ?? name}}}
  template:
    metadata: {labels: {app: ${opts.app ?? name}}}
    spec:
      containers:
        - name: main
          ports: ${ports}
`;

test('a targetPort name that no container declares is an error on the targetPort, across files', () => {
  const [f] = checkFindings(
    `
//- /app/deploy.yaml
${deploy('api', '[{name: http, containerPort: 8080}]')}
//- /app/svc.yaml
apiVersion: v1
kind: Service
metadata: {name: api}
spec:
  selector: {app: api}
  ports:
    - port: 80
      targetPort: web
#                 ^^^ error target-port-name-unresolved: names no container port of Deployment api
`,
    R,
  );
  assert.match(f!.message, /declares http 8080\/TCP/);
  assert.equal(f!.related.length, 1);
  assert.equal(f!.related[0]!.uri, uriOf('/app/deploy.yaml'));
});

test('no finding when the name resolves with the default protocol on both sides', () => {
  checkFindings(
    `
//- /app/deploy.yaml
${deploy('api', '[{name: http, containerPort: 8080, protocol: TCP}]')}
//- /app/svc.yaml
apiVersion: v1
kind: Service
metadata: {name: api}
spec:
  selector: {app: api}
  ports:
    - {name: a, port: 80, targetPort: http}
    - {name: b, port: 81, targetPort: 8080}
    - {name: c, port: 82, targetPort: 9999}
`,
    R,
  );
});

test('a name declared only with another protocol is left to target-port-protocol-mismatch', () => {
  checkFindings(
    `
//- /dns.yaml
${deploy('dns', '[{name: dns, containerPort: 53}]')}
---
apiVersion: v1
kind: Service
metadata: {name: dns}
spec:
  selector: {app: dns}
  ports:
    - {port: 53, protocol: UDP, targetPort: dns}
`,
    R,
  );
});

test('selection is namespace-aware: a workload in another namespace does not resolve it', () => {
  checkFindings(
    `
//- /a.yaml
${deploy('api', '[{name: metrics, containerPort: 9090}]', { ns: 'shop' })}
---
${deploy('api', '[{name: http, containerPort: 8080}]', { ns: 'other' })}
---
apiVersion: v1
kind: Service
metadata: {name: api, namespace: shop}
spec:
  selector: {app: api}
  ports:
    - port: 80
      targetPort: http
#                 ^^^^ error target-port-name-unresolved: namespace shop
`,
    R,
  );
});

test('no finding for invalid names, selectorless, ExternalName or selecting-nothing Services', () => {
  checkFindings(
    `
//- /a.yaml
${deploy('api', '[{name: http, containerPort: 8080}]')}
---
apiVersion: v1
kind: Service
metadata: {name: quoted}
spec:
  selector: {app: api}
  ports: [{port: 80, targetPort: "8080"}]
---
apiVersion: v1
kind: Service
metadata: {name: manual}
spec:
  ports: [{port: 80, targetPort: web}]
---
apiVersion: v1
kind: Service
metadata: {name: ext}
spec:
  type: ExternalName
  externalName: db.example.com
  selector: {app: api}
  ports: [{port: 80, targetPort: web}]
---
apiVersion: v1
kind: Service
metadata: {name: nothing}
spec:
  selector: {app: nobody}
  ports: [{port: 80, targetPort: web}]
`,
    R,
  );
});

test('one finding per Service port naming only the workloads that lack the name; an app packaged twice counts once', () => {
  const [f] = checkFindings(
    `
//- /app/deploy.yaml
${deploy('api', '[{name: http, containerPort: 8080}]', { app: 'api' })}
//- /app/canary.yaml
${deploy('api-canary', '[{name: web, containerPort: 8080}]', { app: 'api' })}
//- /app/copy-of-canary.yaml
${deploy('api-canary', '[{name: web, containerPort: 8080}]', { app: 'api' })}
//- /app/svc.yaml
apiVersion: v1
kind: Service
metadata: {name: api}
spec:
  selector: {app: api}
  ports:
    - port: 80
      targetPort: http
#                 ^^^^ error target-port-name-unresolved: Deployment api-canary
`,
    R,
  );
  assert.doesNotMatch(f!.message, /Deployment api[ ,(]/);
  assert.equal(f!.related.length, 1, 'the canary packaged in two files is one workload');
  assert.match(f!.message, /only 1 of 2 selected workloads/);
});

test('an alternative app with the same labels in another folder is not blamed when the Service\'s own app resolves', () => {
  checkFindings(
    `
//- /variant-a/app.yaml
${deploy('api', '[{name: http, containerPort: 8080}]')}
---
apiVersion: v1
kind: Service
metadata: {name: api}
spec:
  selector: {app: api}
  ports: [{port: 80, targetPort: http}]
//- /variant-b/app.yaml
${deploy('api-daemon', '[{name: web, containerPort: 8080}]', { app: 'api' })}
`,
    R,
  );
});

test('restartable init containers (sidecars) serve traffic; regular init containers do not', () => {
  checkFindings(
    `
//- /a.yaml
apiVersion: v1
kind: Pod
metadata: {name: p, labels: {app: p}}
spec:
  initContainers:
    - {name: setup, ports: [{name: setup, containerPort: 7000}]}
    - {name: proxy, restartPolicy: Always, ports: [{name: proxy, containerPort: 15001}]}
  containers:
    - {name: main, ports: [{name: http, containerPort: 8080}]}
---
apiVersion: v1
kind: Service
metadata: {name: p}
spec:
  selector: {app: p}
  ports:
    - {name: a, port: 80, targetPort: proxy}
    - {name: b, port: 81, targetPort: setup}
#                                     ^^^^^ error target-port-name-unresolved
`,
    R,
  );
});

test('editing the Deployment in another file updates the Service file\'s findings', () => {
  const svc = 'apiVersion: v1\nkind: Service\nmetadata: {name: api}\nspec:\n  selector: {app: api}\n  ports: [{port: 80, targetPort: http}]\n';
  const ws = workspaceOf('');
  ws.setFile(uriOf('/svc.yaml'), svc);
  ws.setFile(uriOf('/deploy.yaml'), deploy('api', '[{name: http, containerPort: 8080}]'));
  const rules = (uri: string) => ws.findings(uriOf(uri)).map((f) => f.rule).filter((r) => r === 'target-port-name-unresolved');
  assert.deepEqual(rules('/svc.yaml'), []);
  const affected = ws.setFile(uriOf('/deploy.yaml'), deploy('api', '[{name: web, containerPort: 8080}]'));
  assert.ok(affected.has(uriOf('/svc.yaml')));
  assert.deepEqual(rules('/svc.yaml'), ['target-port-name-unresolved']);
  ws.setFile(uriOf('/deploy.yaml'), deploy('api', '[{name: http, containerPort: 8080}]'));
  assert.deepEqual(rules('/svc.yaml'), []);
});
