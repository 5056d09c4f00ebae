import { test } from 'node:test';
import { checkFindings } from '../../support/fixture';

const R = { rules: ['external-name-invalid'] };

test('a URL, uppercase letters or a missing externalName are errors', () => {
  checkFindings(
    `
apiVersion: v1
kind: Service
metadata: {name: payments}
spec:
  type: ExternalName
  externalName: https://payments.example.com/v1
#               ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ error external-name-invalid: Write externalName: payments.example.com.
---
apiVersion: v1
kind: Service
metadata: {name: upper}
spec:
  type: ExternalName
  externalName: DB.Example.com
#               ^^^^^^^^^^^^^^ error external-name-invalid: uppercase
---
apiVersion: v1
kind: Service
metadata: {name: missing}
spec:
  type: ExternalName
#       ^^^^^^^^^^^^ error external-name-invalid: has no externalName
`,
    R,
  );
});

test('a clusterIP is an error; an IP, a selector and a remapping targetPort are warnings', () => {
  checkFindings(
    `
apiVersion: v1
kind: Service
metadata: {name: db}
spec:
  type: ExternalName
  externalName: 192.0.2.10
#               ^^^^^^^^^^ warning external-name-invalid: is an IP address
  clusterIP: None
#            ^^^^ error external-name-invalid: may not be set on an ExternalName Service
  selector: {app: db}
#           ^^^^^^^^^ warning external-name-invalid: selector
  ports:
    - port: 5432
      targetPort: 15432
#                 ^^^^^ warning external-name-invalid: Clients connecting to db:5432 reach 192.0.2.10:5432
`,
    R,
  );
});

test('valid ExternalName Services, with ports that only document, and other types are fine', () => {
  checkFindings(
    `
apiVersion: v1
kind: Service
metadata: {name: db}
spec:
  type: ExternalName
  externalName: db.prod.example.com.
  clusterIP: ""
  ports:
    - {name: a, port: 5432}
    - {name: b, port: 5433, targetPort: 5433}
    - {name: c, port: 5434, targetPort: 0}
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  externalName: https://ignored.example.com
  selector: {app: web}
  ports: [{port: 80, targetPort: 8080}]
`,
    R,
  );
});
