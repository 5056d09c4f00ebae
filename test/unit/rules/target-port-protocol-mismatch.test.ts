import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkFindings, uriOf, workspaceOf } from '../../support/fixture';

const R = { rules: ['target-port-protocol-mismatch'] };

const deploy = (name: string, ports: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}}
spec:
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
      containers:
        - name: main
          ports: ${ports}
`;

test('a named targetPort declared only with another protocol is an error', () => {
  const [f] = checkFindings(
    `
//- /deploy.yaml
${deploy('dns', '[{name: dns, containerPort: 53}]')}
//- /svc.yaml
apiVersion: v1
kind: Service
metadata: {name: dns}
spec:
  selector: {app: dns}
  ports:
    - port: 53
      protocol: UDP
      targetPort: dns
#                 ^^^ error target-port-protocol-mismatch: declares "dns" only as TCP
`,
    R,
  );
  assert.match(f!.message, /protocol: UDP/);
  assert.equal(f!.related[0]!.uri, uriOf('/deploy.yaml'));
});

test('a numeric targetPort declared only with another protocol is an information (traffic goes to that number and protocol anyway)', () => {
  checkFindings(
    `
//- /a.yaml
${deploy('dns', '[{containerPort: 53, protocol: UDP}]')}
---
apiVersion: v1
kind: Service
metadata: {name: dns}
spec:
  selector: {app: dns}
  ports:
    - port: 53
#           ^^ information target-port-protocol-mismatch: only if the process also listens on 53/TCP
`,
    R,
  );
});

test('no finding when the port is declared with both protocols, or with the matching one', () => {
  checkFindings(
    `
//- /a.yaml
${deploy('dns', '[{name: dns, containerPort: 53, protocol: UDP}, {name: dns-tcp, containerPort: 53, protocol: TCP}]')}
---
apiVersion: v1
kind: Service
metadata: {name: dns}
spec:
  selector: {app: dns}
  ports:
    - {name: a, port: 53, protocol: UDP, targetPort: dns}
    - {name: b, port: 53, protocol: TCP, targetPort: dns-tcp}
    - {name: c, port: 54, protocol: TCP, targetPort: 53}
    - {name: d, port: 55, protocol: UDP, targetPort: 53}
    - {name: e, port: 56, protocol: SCTP, targetPort: 9999}
`,
    R,
  );
});

test('changing the container port\'s protocol in another file updates the Service file', () => {
  const ws = workspaceOf('');
  ws.setFile(uriOf('/svc.yaml'), 'apiVersion: v1\nkind: Service\nmetadata: {name: dns}\nspec:\n  selector: {app: dns}\n  ports: [{port: 53, protocol: UDP, targetPort: dns}]\n');
  ws.setFile(uriOf('/deploy.yaml'), deploy('dns', '[{name: dns, containerPort: 53, protocol: UDP}]'));
  const n = () => ws.findings(uriOf('/svc.yaml')).filter((f) => f.rule === 'target-port-protocol-mismatch').length;
  assert.equal(n(), 0);
  assert.ok(ws.setFile(uriOf('/deploy.yaml'), deploy('dns', '[{name: dns, containerPort: 53}]')).has(uriOf('/svc.yaml')));
  assert.equal(n(), 1);
});
