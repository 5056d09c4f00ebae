/**
 * network-policy-blocks-caller over the bundled server: the diagnostic on a call appears when a
 * NetworkPolicy edited in another file (of another namespace) blocks it, and disappears when the
 * policy is fixed; the hover on the call says it is blocked and names the policy.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Diagnostic, Hover, MarkupContent } from 'vscode-languageserver-protocol';
import { LineIndex } from '../../server/src/core/text/line-index';
import { LspClient } from '../support/lsp-client';

const policy = (port: string) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: cart-in
  namespace: shop
spec:
  podSelector:
    matchLabels: {app: cart}
  ingress:
    - from:
        - namespaceSelector:
            matchLabels: {kubernetes.io/metadata.name: web}
      ports:
        - port: ${port}
`;

const FILES: Record<string, string> = {
  'shop/cart.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: cart
  namespace: shop
spec:
  selector:
    matchLabels: {app: cart}
  template:
    metadata:
      labels: {app: cart}
    spec:
      containers:
        - name: cart
          ports:
            - name: http
              containerPort: 8080
---
apiVersion: v1
kind: Service
metadata:
  name: cart
  namespace: shop
spec:
  selector: {app: cart}
  ports:
    - port: 80
      targetPort: http
`,
  'shop/policy.yaml': policy('http'),
  'web/frontend.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: frontend
  namespace: web
spec:
  selector:
    matchLabels: {app: frontend}
  template:
    metadata:
      labels: {app: frontend}
    spec:
      containers:
        - name: server
          env:
            - name: CART_ADDR
              value: "cart.shop:80"
`,
};

let client: LspClient;
before(async () => {
  client = await LspClient.start({ files: FILES, capabilities: { workspace: { configuration: true, workspaceFolders: true } } });
});
after(async () => {
  assert.equal(await client.stop(), 0);
});

const blocked = (d: Diagnostic[]) => d.filter((x) => x.code === 'network-policy-blocks-caller');

async function hover(): Promise<string> {
  const text = FILES['web/frontend.yaml']!;
  const position = new LineIndex(text).positionAt(text.indexOf('cart.shop:80') + 2);
  const h = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: client.uri('web/frontend.yaml') }, position });
  assert.ok(h);
  return (h.contents as MarkupContent).value;
}

test('editing the target namespace\'s policy in another file makes the call\'s diagnostic appear and disappear; the hover follows', async () => {
  await client.diagnosticsFor('web/frontend.yaml', (d) => blocked(d).length === 0);
  assert.doesNotMatch(await hover(), /NetworkPolicies block/);

  await client.open('shop/policy.yaml', FILES['shop/policy.yaml']!);
  // The Service port instead of the Pods' port: the policy now opens 80, the call lands on 8080.
  await client.change('shop/policy.yaml', policy('80'));
  const ds = await client.diagnosticsFor('web/frontend.yaml', (d) => blocked(d).length === 1);
  const d = blocked(ds)[0]!;
  const text = FILES['web/frontend.yaml']!;
  const lines = new LineIndex(text);
  assert.deepEqual(d.range, { start: lines.positionAt(text.indexOf('cart.shop:80')), end: lines.positionAt(text.indexOf('cart.shop:80') + 'cart.shop:80'.length) });
  assert.equal(d.severity, 2);
  assert.match(d.message as string, /NetworkPolicies block Deployment frontend \(container server\) → Service cart\.shop port 80: NetworkPolicy cart-in \(namespace shop\) isolates the Pods of Deployment cart for ingress and no rule admits Deployment frontend on port 8080\/TCP/);
  assert.deepEqual(d.relatedInformation?.map((r) => r.location.uri).sort(), [client.uri('shop/cart.yaml'), client.uri('shop/policy.yaml')]);
  assert.match(await hover(), /⚠️ NetworkPolicies block Deployment frontend \(container server\) → Service cart\.shop port 80: NetworkPolicy cart-in/);

  await client.change('shop/policy.yaml', policy('8080'));
  await client.diagnosticsFor('web/frontend.yaml', (d) => blocked(d).length === 0);
  assert.doesNotMatch(await hover(), /NetworkPolicies block/);
});
