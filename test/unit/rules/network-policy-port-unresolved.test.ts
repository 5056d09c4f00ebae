import { test } from 'node:test';
import { checkFindings } from '../../support/fixture';

const rules = ['network-policy-port-unresolved'];

test('named ports resolve on the selected Pods (ingress) and on the destination Pods (egress)', () => {
  checkFindings(
    `
//- /app.yaml
apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: shop}
spec:
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec: {containers: [{name: api, ports: [{name: http, containerPort: 8080}]}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: db, namespace: data}
spec:
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec: {containers: [{name: pg, ports: [{name: postgres, containerPort: 5432}]}]}
//- /p.yaml
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: api, namespace: shop}
spec:
  podSelector: {matchLabels: {app: api}}
  ingress:
    - ports:
        - port: http
        - port: htp
#               ^^^ warning network-policy-port-unresolved: Deployment api
        - port: http
#               ^^^^ warning network-policy-port-unresolved: UDP port named "http"
          protocol: UDP
        - port: 8080
  egress:
    - to:
        - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: data}}
          podSelector: {matchLabels: {app: db}}
      ports:
        - port: postgres
        - port: postgress
#               ^^^^^^^^^ warning network-policy-port-unresolved: destination Pods (Deployment db)
    - to: [{namespaceSelector: {matchLabels: {team: data}}}]
      ports: [{port: anything}]
    - ports: [{port: dns}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: selects-nothing, namespace: shop}
spec:
  podSelector: {matchLabels: {app: none}}
  ingress: [{ports: [{port: whatever}]}]
`,
    { rules },
  );
});
