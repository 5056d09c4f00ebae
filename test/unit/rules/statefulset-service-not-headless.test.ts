import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkFindings, uriOf } from '../../support/fixture';
import { Workspace } from '../../../server/src/core/workspace/workspace';

const rules = ['statefulset-service-not-headless'];

test('serviceName naming a Service with a cluster IP', () => {
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
#              ^^^^^ warning statefulset-service-not-headless: it has a cluster IP
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
