/**
 * Gateway API routes and NetworkPolicies over the bundled server: hovers (Service ways in and
 * per-port policy, backendRef flow, listener, policy), and the quick fixes (backendRef port,
 * Add ReferenceGrant into the Service's file).
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { CodeAction, Diagnostic, Hover, MarkupContent, TextEdit, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { LineIndex } from '../../server/src/core/text/line-index';
import { LspClient } from '../support/lsp-client';

const FILES: Record<string, string> = {
  'infra/gateway.yaml': `apiVersion: gateway.networking.k8s.io/v1beta1
kind: Gateway
metadata:
  name: web
  namespace: infra
spec:
  gatewayClassName: cloud
  listeners:
    - name: https
      port: 443
      protocol: HTTPS
      hostname: "*.example.com"
      allowedRoutes:
        namespaces:
          from: All
`,
  'shop/app.yaml': `apiVersion: apps/v1
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
    - name: http
      port: 80
      targetPort: http
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: cart
  namespace: shop
spec:
  podSelector:
    matchLabels: {app: cart}
  ingress:
    - from:
        - namespaceSelector:
            matchLabels: {kubernetes.io/metadata.name: infra}
      ports:
        - port: http
`,
  'shop/route.yaml': `apiVersion: gateway.networking.k8s.io/v1beta1
kind: HTTPRoute
metadata:
  name: cart
  namespace: shop
spec:
  parentRefs:
    - name: web
      namespace: infra
  hostnames: [shop.example.com]
  rules:
    - matches:
        - path: {type: PathPrefix, value: /cart}
      backendRefs:
        - name: cart
          port: 80
`,
  'web/route.yaml': `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: storefront
  namespace: web
spec:
  parentRefs:
    - name: web
      namespace: infra
  rules:
    - backendRefs:
        - name: cart
          namespace: shop
          port: 8080
`,
};

let client: LspClient;
before(async () => {
  client = await LspClient.start({ files: FILES, capabilities: { workspace: { configuration: true, workspaceFolders: true, workspaceEdit: { documentChanges: true } } } });
});
after(async () => {
  assert.equal(await client.stop(), 0);
});

function positionOf(file: string, needle: string, delta = 0): { line: number; character: number } {
  const text = FILES[file]!;
  const at = text.indexOf(needle);
  assert.ok(at >= 0, needle);
  return new LineIndex(text).positionAt(at + delta);
}

async function markdown(file: string, needle: string, delta = 0): Promise<string> {
  const h = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: client.uri(file) }, position: positionOf(file, needle, delta) });
  assert.ok(h, `no hover at ${needle}`);
  return (h.contents as MarkupContent).value;
}

test('Service hover: the route is a way in, and each port says who may connect', async () => {
  const md = await markdown('shop/app.yaml', 'name: cart\n  namespace: shop\nspec:\n  selector: {app', 6);
  assert.match(md, /https:\/\/shop\.example\.com\/cart → Gateway infra\/web listener https :443 → cart:80 → <pod-ip>:8080 \(cart\/cart\)/);
  assert.match(md, /https:\/\/shop\.example\.com\/cart +# HTTPRoute cart via Gateway infra\/web listener https :443/);
  assert.match(md, /reachable from: every Pod in namespaces kubernetes\.io\/metadata\.name=infra \(cart\); blocked for: every other source \(isolated by cart\)/);
});

test('backendRef hover: the whole flow; listener hover: the attached routes and their URLs; policy hover', async () => {
  const b = await markdown('shop/route.yaml', 'name: cart\n          port', 6);
  assert.match(b, /^\*\*HTTPRoute `cart`\*\* · namespace `shop`/);
  assert.match(b, /```kube-ports-paths\nhttps:\/\/shop\.example\.com\/cart → Gateway infra\/web listener https :443 → cart:80 → <pod-ip>:8080 \(cart\/cart\)\n```/);
  const l = await markdown('infra/gateway.yaml', 'name: https', 6);
  assert.match(l, /https:\/\/shop\.example\.com\/cart → cart:80 +# HTTPRoute shop\/cart/);
  const p = await markdown('shop/app.yaml', 'name: cart\n  namespace: shop\nspec:\n  podSelector', 6);
  assert.match(p, /Selects \[Deployment `cart`\]\(/);
  assert.match(p, /cart:80 → cart:8080\/TCP +# opened by this policy/);
});

function editsOf(edit: WorkspaceEdit | undefined, uri: string): TextEdit[] {
  if (edit?.changes) return edit.changes[uri] ?? [];
  const dc = (edit?.documentChanges ?? []) as { textDocument: { uri: string }; edits: TextEdit[] }[];
  return dc.filter((d) => d.textDocument.uri === uri).flatMap((d) => d.edits);
}

function apply(text: string, edits: readonly TextEdit[]): string {
  const lines = new LineIndex(text);
  const abs = edits.map((e) => ({ start: lines.offsetAt(e.range.start), end: lines.offsetAt(e.range.end), text: e.newText })).sort((a, b) => b.start - a.start);
  let out = text;
  for (const e of abs) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

async function quickFixes(rel: string, code: string): Promise<{ actions: CodeAction[]; diagnostic: Diagnostic }> {
  await client.open(rel, FILES[rel]!);
  const ds = await client.diagnosticsFor(rel, (d) => d.some((x) => x.code === code));
  const diagnostic = ds.find((x) => x.code === code)!;
  const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
    textDocument: { uri: client.uri(rel) },
    range: diagnostic.range,
    context: { diagnostics: [diagnostic], only: ['quickfix'] },
  });
  return { actions, diagnostic };
}

test('quick fixes: the backendRef port from the Service ports; Add ReferenceGrant into the Service file; both clear their diagnostics', async () => {
  const port = await quickFixes('web/route.yaml', 'route-backend-port-missing');
  const change = port.actions.find((a) => a.title === 'Change port 8080 to 80 (http) of Service cart');
  assert.ok(change, port.actions.map((a) => a.title).join(' | '));
  assert.equal(change.isPreferred, true);
  const fixed = apply(FILES['web/route.yaml']!, editsOf(change.edit, client.uri('web/route.yaml')));
  assert.equal(fixed, FILES['web/route.yaml']!.replace('port: 8080', 'port: 80'));
  await client.change('web/route.yaml', fixed);
  await client.diagnosticsFor('web/route.yaml', (d) => !d.some((x) => x.code === 'route-backend-port-missing'));

  const grant = await (async () => {
    const ds = await client.diagnosticsFor('web/route.yaml', (d) => d.some((x) => x.code === 'route-backend-not-permitted'));
    const diagnostic = ds.find((x) => x.code === 'route-backend-not-permitted')!;
    return client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: client.uri('web/route.yaml') },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic], only: ['quickfix'] },
    });
  })();
  const add = grant.find((a) => a.title.startsWith('Add ReferenceGrant'));
  assert.ok(add, grant.map((a) => a.title).join(' | '));
  assert.deepEqual(editsOf(add.edit, client.uri('web/route.yaml')), [], 'the grant goes into the Service file, not the route file');
  const appText = apply(FILES['shop/app.yaml']!, editsOf(add.edit, client.uri('shop/app.yaml')));
  assert.ok(appText.startsWith(FILES['shop/app.yaml']!.split('---\napiVersion: networking.k8s.io/v1')[0]!));
  assert.match(appText, /---\napiVersion: gateway\.networking\.k8s\.io\/v1beta1\nkind: ReferenceGrant\nmetadata:\n {2}name: allow-httproutes-from-web\n {2}namespace: shop\n/);
  await client.open('shop/app.yaml', FILES['shop/app.yaml']!);
  await client.change('shop/app.yaml', appText);
  await client.diagnosticsFor('web/route.yaml', (d) => !d.some((x) => x.code === 'route-backend-not-permitted'));
});
