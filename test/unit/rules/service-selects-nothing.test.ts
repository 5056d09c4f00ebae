import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkFindings } from '../../support/fixture';

const R = { rules: ['service-selects-nothing'] };

const deploy = (name: string, labels: string, ns?: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}${ns ? `, namespace: ${ns}` : ''}, labels: {tier: backend}}
spec:
  selector: {matchLabels: {${labels}}}
  template:
    metadata: {labels: {${labels}}}
    spec:
      containers: [{name: c}]
`;

test('a selector no pod template matches is a warning on the selector, with near misses', () => {
  const [f] = checkFindings(
    `
//- /deploy.yaml
${deploy('api', 'app: api')}
//- /svc.yaml
apiVersion: v1
kind: Service
metadata: {name: api}
spec:
  selector: {app: api, tier: backend}
#           ^^^^^^^^^^^^^^^^^^^^^^^^^ warning service-selects-nothing: matches no Pod or pod template in namespace default
  ports: [{port: 80}]
`,
    R,
  );
  assert.match(f!.related[0]!.message, /almost matches/);
});

test('a match in another namespace does not count, and is pointed at', () => {
  const [f] = checkFindings(
    `
//- /deploy.yaml
${deploy('api', 'app: api', 'other')}
//- /svc.yaml
apiVersion: v1
kind: Service
metadata: {name: api}
spec:
  selector: {app: api}
#           ^^^^^^^^^^ warning service-selects-nothing
  ports: [{port: 80}]
`,
    R,
  );
  assert.match(f!.related[0]!.message, /namespace other/);
});

test('no finding without a selector, with an empty selector, on ExternalName, or when a template matches', () => {
  checkFindings(
    `
${deploy('api', 'app: api')}
---
apiVersion: v1
kind: Service
metadata: {name: no-selector}
spec:
  ports: [{port: 80}]
---
apiVersion: v1
kind: Service
metadata: {name: empty-selector}
spec:
  selector: {}
  ports: [{port: 80}]
---
apiVersion: v1
kind: Service
metadata: {name: ext}
spec:
  type: ExternalName
  externalName: db.example.com
  selector: {app: nobody}
---
apiVersion: v1
kind: Service
metadata: {name: api}
spec:
  selector: {app: api}
  ports: [{port: 80}]
`,
    R,
  );
});
