import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkFindings, uriOf } from '../../support/fixture';
import { Workspace } from '../../../server/src/core/workspace/workspace';

const rules = ['statefulset-service-not-headless'];

test('serviceName naming a Service with a cluster IP, with nothing naming its Pods: an information', () => {
  checkFindings(
    `
//- /svc.yaml
apiVersion: v1
kind: Service
metadata: {name: cache}
spec:
  selector: {app: cache}
  ports: [{name: redis, port: 6379}]
---
apiVersion: v1
kind: Service
metadata: {name: cache-headless}
spec:
  clusterIP: None
  selector: {app: cache}
---
apiVersion: v1
kind: Service
metadata: {name: cache, namespace: other}
spec:
  clusterIP: None
  selector: {app: cache}
//- /sts.yaml
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: cache}
spec:
  serviceName: cache
#              ^^^^^ information statefulset-service-not-headless: Nothing in namespace default names its Pods that way and it runs one replica
  selector: {matchLabels: {app: cache}}
  template:
    metadata: {labels: {app: cache}}
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: cache2}
spec:
  serviceName: cache-headless
  selector: {matchLabels: {app: cache}}
  template:
    metadata: {labels: {app: cache}}
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: cache3}
spec:
  serviceName: missing
  selector: {matchLabels: {app: cache}}
  template:
    metadata: {labels: {app: cache}}
`,
    { rules },
  );
});

test('making the Service headless in its file clears the finding', () => {
  const ws = new Workspace();
  const svc = (extra: string) => `apiVersion: v1\nkind: Service\nmetadata: {name: q}\nspec:\n${extra}  selector: {app: q}\n  ports: [{port: 1}]\n`;
  ws.setFile(uriOf('/svc.yaml'), svc(''));
  ws.setFile(uriOf('/sts.yaml'), 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: q}\nspec:\n  serviceName: q\n  selector: {matchLabels: {app: q}}\n  template:\n    metadata: {labels: {app: q}}\n');
  assert.deepEqual(ws.findings(uriOf('/sts.yaml')).map((f) => f.rule), ['statefulset-service-not-headless']);
  assert.ok(ws.setFile(uriOf('/svc.yaml'), svc('  clusterIP: None\n')).has(uriOf('/sts.yaml')));
  assert.deepEqual(ws.findings(uriOf('/sts.yaml')), []);
});

const STS = (replicas: number, extra = '') => `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: cache}
spec:
  serviceName: cache
  replicas: ${replicas}
  selector: {matchLabels: {app: cache}}
  template:
    metadata: {labels: {app: cache}}
    spec:
      containers:
      - name: redis
${extra}`;
const SVC = 'apiVersion: v1\nkind: Service\nmetadata: {name: cache}\nspec:\n  selector: {app: cache}\n  ports: [{port: 6379}]\n';
const CONFIG = (ns: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: clients, namespace: ${ns}}\ndata:\n  REDIS_NODES: "cache-0.cache:6379,cache-1.cache.default.svc.cluster.local:6379"\n`;

function severities(files: Record<string, string>): string[] {
  const ws = new Workspace();
  for (const [p, t] of Object.entries(files)) ws.setFile(uriOf(p), t);
  return ws.findings(uriOf('/sts.yaml')).filter((f) => f.rule === rules[0]).map((f) => f.severity);
}

test('a warning when replicas > 1 and a peer list (its own args, another workload\'s env, a ConfigMap) names <sts>-<n>.<service>', () => {
  assert.deepEqual(severities({ '/svc.yaml': SVC, '/sts.yaml': STS(3, '        args: ["--cluster-peers=cache-0.cache:16379", "cache-1.cache:16379"]\n') }), ['warning']);
  assert.deepEqual(severities({ '/svc.yaml': SVC, '/sts.yaml': STS(3), '/cm.yaml': CONFIG('default') }), ['warning']);
  const client = `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: app}\nspec:\n  selector: {matchLabels: {app: app}}\n  template:\n    metadata: {labels: {app: app}}\n    spec:\n      containers:\n      - name: app\n        env:\n        - {name: REDIS, value: "redis://cache-2.cache.default.svc.cluster.local:6379"}\n`;
  assert.deepEqual(severities({ '/svc.yaml': SVC, '/sts.yaml': STS(3), '/app.yaml': client }), ['warning']);
});

test('an information with one replica, with names of another namespace, or with names of another StatefulSet', () => {
  assert.deepEqual(severities({ '/svc.yaml': SVC, '/sts.yaml': STS(1), '/cm.yaml': CONFIG('default') }), ['information']);
  assert.deepEqual(severities({ '/svc.yaml': SVC, '/sts.yaml': STS(3), '/cm.yaml': CONFIG('other') }), ['information']);
  assert.deepEqual(severities({ '/svc.yaml': SVC, '/sts.yaml': STS(3), '/cm.yaml': CONFIG('default').replace(/cache-(\d)\.cache/g, 'cachex-$1.cache') }), ['information']);
});

test('adding the ConfigMap that names the Pods re-analyses the StatefulSet (the keystroke path follows the names)', () => {
  const ws = new Workspace();
  ws.setFile(uriOf('/svc.yaml'), SVC);
  ws.setFile(uriOf('/sts.yaml'), STS(2));
  assert.deepEqual(ws.findings(uriOf('/sts.yaml')).map((f) => f.severity), ['information']);
  assert.ok(ws.setFile(uriOf('/cm.yaml'), CONFIG('default')).has(uriOf('/sts.yaml')));
  assert.deepEqual(ws.findings(uriOf('/sts.yaml')).map((f) => f.severity), ['warning']);
  const f = ws.findings(uriOf('/sts.yaml'))[0]!;
  assert.match(f.message, /ConfigMap clients .*names its Pods that way/);
  assert.ok(f.related.some((r) => r.uri === uriOf('/cm.yaml')));
});
