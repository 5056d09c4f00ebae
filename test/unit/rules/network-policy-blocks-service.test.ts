import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkFindings, uriOf } from '../../support/fixture';
import { Workspace } from '../../../server/src/core/workspace/workspace';

const rules = ['network-policy-blocks-service'];

const app = `
//- /app.yaml
apiVersion: apps/v1
kind: Deployment
metadata: {name: api}
spec:
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      containers:
        - name: api
          ports: [{name: http, containerPort: 8080}, {name: metrics, containerPort: 9090}, {name: dns, containerPort: 5353, protocol: UDP}]
---
apiVersion: v1
kind: Service
metadata: {name: api}
spec:
  selector: {app: api}
  ports:
    - {name: http, port: 80, targetPort: http}
    - {name: metrics, port: 9090}
    - {name: dns, port: 53, targetPort: 5353, protocol: UDP}
`;

test('a default-deny policy (empty podSelector, policyTypes defaulted to Ingress) closes every port', () => {
  checkFindings(
    `
//- /app.yaml
apiVersion: apps/v1
kind: Deployment
metadata: {name: api}
spec:
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      containers: [{name: api, ports: [{containerPort: 8080}]}]
---
apiVersion: v1
kind: Service
metadata: {name: api}
spec:
  selector: {app: api}
  ports:
    - {port: 80, targetPort: 8080}
#                            ^^^^ warning network-policy-blocks-service: NetworkPolicy deny isolates the Pods of Deployment api
//- /deny.yaml
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny}
spec:
  podSelector: {}
`,
    { rules },
  );
});

test('rules add up across policies; named policy ports resolve on the selected Pods; endPort ranges; protocols', () => {
  checkFindings(
    `${app.trimEnd()}
#                                       ^^^^ warning network-policy-blocks-service: 5353/UDP
//- /policies.yaml
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web-port}
spec:
  podSelector: {matchLabels: {app: api}}
  ingress:
    - from: [{podSelector: {matchLabels: {app: frontend}}}]
      ports: [{port: http}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: scrape}
spec:
  podSelector: {matchExpressions: [{key: app, operator: In, values: [api, worker]}]}
  policyTypes: [Ingress]
  ingress:
    - from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: monitoring}}}]
      ports: [{port: 9000, endPort: 9100}, {port: 5353}]
`,
    { rules },
  );
});

test('not blocked: a rule without ports, a `{}` rule, an Egress-only policy, a policy that may not select the Pods, another namespace', () => {
  for (const policy of [
    'podSelector: {}\n  ingress: [{from: [{podSelector: {matchLabels: {app: x}}}]}]',
    'podSelector: {}\n  ingress: [{}]',
    'podSelector: {}\n  policyTypes: [Egress]',
    'podSelector: {matchExpressions: [{key: app, operator: Weird}]}',
    'podSelector: {}\n  ingress: [{ports: [{protocol: TCP}, {protocol: UDP}]}]',
  ]) {
    checkFindings(`${app}\n//- /p.yaml\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p}\nspec:\n  ${policy}\n`, { rules });
  }
  checkFindings(`${app}\n//- /p.yaml\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p, namespace: other}\nspec:\n  podSelector: {}\n`, { rules });
});

test('egress rules make the defaulted policyTypes Ingress+Egress: still isolating for ingress', () => {
  checkFindings(
    `
//- /app.yaml
apiVersion: v1
kind: Pod
metadata: {name: p, labels: {app: p}}
spec:
  containers: [{name: c, ports: [{containerPort: 80}]}]
---
apiVersion: v1
kind: Service
metadata: {name: p}
spec:
  selector: {app: p}
  ports:
    - port: 80
#           ^^ warning network-policy-blocks-service
//- /p.yaml
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: egress-only-rules}
spec:
  podSelector: {matchLabels: {app: p}}
  egress: [{}]
`,
    { rules },
  );
});

test('editing the policy re-analyses the Service file', () => {
  const ws = new Workspace();
  ws.setFile(uriOf('/app.yaml'), app.replace('//- /app.yaml\n', ''));
  ws.setFile(uriOf('/p.yaml'), 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p}\nspec:\n  podSelector: {}\n');
  assert.equal(ws.findings(uriOf('/app.yaml')).filter((f) => f.rule === 'network-policy-blocks-service').length, 3);
  const affected = ws.setFile(uriOf('/p.yaml'), 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p}\nspec:\n  podSelector: {}\n  ingress: [{ports: [{port: 8080}]}]\n');
  assert.ok(affected.has(uriOf('/app.yaml')));
  assert.equal(ws.findings(uriOf('/app.yaml')).filter((f) => f.rule === 'network-policy-blocks-service').length, 2);
});

test('the same policy in several files is named once', () => {
  const policy = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny}
spec:
  podSelector: {}
`;
  checkFindings(
    `
//- /app.yaml
apiVersion: apps/v1
kind: Deployment
metadata: {name: api}
spec:
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      containers: [{name: api, ports: [{containerPort: 8080}]}]
---
apiVersion: v1
kind: Service
metadata: {name: api}
spec:
  selector: {app: api}
  ports:
    - {port: 80, targetPort: 8080}
#                            ^^^^ warning network-policy-blocks-service: NetworkPolicy deny isolates the Pods of Deployment api for ingress
//- /a/deny.yaml
${policy}//- /b/deny.yaml
${policy}`,
    { rules },
  );
});
