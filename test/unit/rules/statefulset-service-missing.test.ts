import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkFindings, uriOf } from '../../support/fixture';
import { Workspace } from '../../../server/src/core/workspace/workspace';

const rules = ['statefulset-service-missing'];

test('serviceName naming no Service in the StatefulSet namespace', () => {
  checkFindings(
    `
//- /svc.yaml
apiVersion: v1
kind: Service
metadata: {name: queue-headless, namespace: other}
spec:
  clusterIP: None
  selector: {app: queue}
---
apiVersion: v1
kind: Service
metadata: {name: db, namespace: data}
spec:
  clusterIP: None
  selector: {app: db}
//- /sts.yaml
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: queue, namespace: data}
spec:
  serviceName: queue-headless
#              ^^^^^^^^^^^^^^ warning statefulset-service-missing: queue-0.queue-headless.data.svc.cluster.local
  selector: {matchLabels: {app: queue}}
  template:
    metadata: {labels: {app: queue}}
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db, namespace: data}
spec:
  serviceName: db
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: no-service-name, namespace: data}
spec:
  selector: {matchLabels: {app: x}}
  template:
    metadata: {labels: {app: x}}
`,
    { rules },
  );
});

test('creating the Service in another file clears the finding', () => {
  const ws = new Workspace();
  ws.setFile(uriOf('/sts.yaml'), 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: q}\nspec:\n  serviceName: q\n  selector: {matchLabels: {app: q}}\n  template:\n    metadata: {labels: {app: q}}\n');
  assert.deepEqual(ws.findings(uriOf('/sts.yaml')).map((f) => f.rule), ['statefulset-service-missing']);
  const affected = ws.setFile(uriOf('/svc.yaml'), 'apiVersion: v1\nkind: Service\nmetadata: {name: q}\nspec:\n  clusterIP: None\n  selector: {app: q}\n');
  assert.ok(affected.has(uriOf('/sts.yaml')));
  assert.deepEqual(ws.findings(uriOf('/sts.yaml')), []);
});
