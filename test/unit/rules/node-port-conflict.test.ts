import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkFindings, uriOf, workspaceOf } from '../../support/fixture';

const R = { rules: ['node-port-conflict'] };

const svc = (name: string, nodePort: number, opts: { ns?: string; type?: string; protocol?: string; headless?: boolean } = {}) => `apiVersion: v1
kind: Service
metadata: {name: ${name}${opts.ns ? `, namespace: ${opts.ns}` : ''}}
spec:
  type: ${opts.type ?? 'NodePort'}
${opts.headless ? '  clusterIP: None\n' : ''}  selector: {app: ${name}}
  ports: [{port: 80, protocol: ${opts.protocol ?? 'TCP'}, nodePort: ${nodePort}}]
`;

test('the same nodePort on two Services in different files: an error on both, pointing at the other', () => {
  const findings = checkFindings(
    `
//- /a.yaml
apiVersion: v1
kind: Service
metadata: {name: a}
spec:
  type: NodePort
  ports:
    - port: 80
      nodePort: 30500
#               ^^^^^ error node-port-conflict: also used by Service b (namespace default)
//- /b/b.yaml
apiVersion: v1
kind: Service
metadata: {name: b}
spec:
  type: LoadBalancer
  ports:
    - port: 9090
      nodePort: 30500
#               ^^^^^ error node-port-conflict: also used by Service a (namespace default)
`,
    R,
  );
  const a = findings.find((f) => f.uri === uriOf('/a.yaml'))!;
  assert.equal(a.related[0]!.uri, uriOf('/b/b.yaml'));
});

test('namespaces do not matter: node ports are cluster-wide', () => {
  checkFindings(
    `
//- /a.yaml
apiVersion: v1
kind: Service
metadata: {name: web, namespace: one}
spec:
  type: NodePort
  ports:
    - port: 80
      nodePort: 30600
#               ^^^^^ error node-port-conflict: namespace two
//- /b.yaml
apiVersion: v1
kind: Service
metadata: {name: web, namespace: two}
spec:
  type: NodePort
  ports:
    - port: 80
      nodePort: 30600
#               ^^^^^ error node-port-conflict: namespace one
`,
    R,
  );
});

test('no conflict: same Service in several files, same name without a namespace, other protocol, or Services that allocate no node port', () => {
  checkFindings(
    `
//- /complete-demo.yaml
${svc('front-end', 30001, { ns: 'sock-shop' })}
//- /manifests/front-end-svc.yaml
${svc('front-end', 30001, { ns: 'sock-shop' })}
//- /chart/templates/front-end-svc.yaml
${svc('front-end', 30001)}
//- /dns.yaml
${svc('dns-udp', 30053, { protocol: 'UDP' })}
---
${svc('dns-tcp', 30053)}
//- /others.yaml
${svc('cluster-ip', 30001, { type: 'ClusterIP' })}
---
${svc('headless', 30001, { headless: true })}
`,
    R,
  );
});

test('changing the other Service\'s nodePort clears the conflict in this file', () => {
  const ws = workspaceOf('');
  ws.setFile(uriOf('/a.yaml'), svc('a', 30500));
  ws.setFile(uriOf('/b.yaml'), svc('b', 30500));
  const n = () => ws.findings(uriOf('/a.yaml')).filter((f) => f.rule === 'node-port-conflict').length;
  assert.equal(n(), 1);
  assert.ok(ws.setFile(uriOf('/b.yaml'), svc('b', 30501)).has(uriOf('/a.yaml')));
  assert.equal(n(), 0);
  ws.setFile(uriOf('/b.yaml'), svc('b', 30500));
  assert.equal(n(), 1);
  assert.ok(ws.removeFile(uriOf('/b.yaml')).has(uriOf('/a.yaml')));
  assert.equal(n(), 0);
});
