import { test } from 'node:test';
import { checkFindings } from '../../support/fixture';

const rules = ['workload-selector-mismatch'];

test('matchLabels and matchExpressions must match the template labels', () => {
  checkFindings(
    `
//- /w.yaml
apiVersion: apps/v1
kind: Deployment
metadata: {name: worker}
spec:
  selector:
    matchLabels:
      app: worker
#          ^^^^^^ error workload-selector-mismatch: the template has app=workers
  template:
    metadata:
      labels: {app: workers}
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  serviceName: db
  selector:
    matchLabels: {app: db, tier: data}
#                                ^^^^ error workload-selector-mismatch: no label tier
  template:
    metadata: {labels: {app: db}}
---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent}
spec:
  selector:
    matchExpressions:
      - {key: app, operator: In, values: [agent, agent2]}
      - {key: track, operator: NotIn, values: [canary]}
#       ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ error workload-selector-mismatch: track NotIn (canary)
      - {key: legacy, operator: DoesNotExist}
      - {key: zone, operator: Exists}
  template:
    metadata: {labels: {app: agent, track: canary, zone: a}}
---
apiVersion: v1
kind: ReplicationController
metadata: {name: rc}
spec:
  selector: {app: rc}
#                 ^^ error workload-selector-mismatch
  template:
    metadata: {labels: {app: other}}
`,
    { rules },
  );
});

test('matching selectors, defaulted RC selectors, Jobs and unknown operators are not reported', () => {
  checkFindings(
    `
//- /w.yaml
apiVersion: apps/v1
kind: ReplicaSet
metadata: {name: ok}
spec:
  selector:
    matchLabels: {app: ok}
    matchExpressions: [{key: tier, operator: In, values: [web]}]
  template:
    metadata: {labels: {app: ok, tier: web, extra: x}}
---
apiVersion: v1
kind: ReplicationController
metadata: {name: rc}
spec:
  template:
    metadata: {labels: {app: rc}}
---
apiVersion: batch/v1
kind: Job
metadata: {name: job}
spec:
  selector: {matchLabels: {controller-uid: abc}}
  template:
    metadata: {labels: {app: job}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: odd}
spec:
  selector:
    matchLabels: {app: odd}
    matchExpressions: [{key: app, operator: Weird}]
  template:
    metadata: {labels: {app: odd}}
`,
    { rules },
  );
});
