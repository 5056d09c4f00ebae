import { test } from 'node:test';
import { checkFindings } from '../../support/fixture';

const rules = ['network-policy-selects-nothing'];

test('a podSelector that matches no pod template of its namespace; empty selectors select everything', () => {
  checkFindings(
    `
//- /app.yaml
apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: shop}
spec:
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api, tier: backend}}
    spec: {containers: [{name: api}]}
//- /p.yaml
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: ok, namespace: shop}
spec:
  podSelector: {matchLabels: {tier: backend}}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: expr, namespace: shop}
spec:
  podSelector: {matchExpressions: [{key: app, operator: NotIn, values: [web]}]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: typo, namespace: shop}
spec:
  podSelector: {matchLabels: {app: apii}}
#              ^^^^^^^^^^^^^^^^^^^^^^^^^^ information network-policy-selects-nothing: app=apii
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: wrong-namespace, namespace: other}
spec:
  podSelector:
    matchLabels: {app: api}
#   ^^^^^^^^^^^^^^^^^^^^^^^ information network-policy-selects-nothing
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: all, namespace: empty}
spec:
  podSelector: {}
`,
    { rules },
  );
});
