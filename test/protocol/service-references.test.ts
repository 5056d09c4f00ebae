import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { CodeAction, CodeLens, CompletionItem, CompletionList, Diagnostic, Hover, InlayHint, Location, MarkupContent, Position, Range, TextEdit, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { LspClient } from '../support/lsp-client';

const FILES: Record<string, string> = {
  'shop/cart.yaml': `apiVersion: v1
kind: Service
metadata:
  name: cartservice
  namespace: shop
spec:
  selector:
    app: cart
  ports:
  - name: grpc
    port: 7070
    targetPort: 8080
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: cart
  namespace: shop
spec:
  replicas: 2
  template:
    metadata:
      labels:
        app: cart
    spec:
      containers:
      - name: server
        ports:
        - containerPort: 8080
`,
  'shop/frontend.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: frontend
  namespace: shop
spec:
  template:
    spec:
      containers:
      - name: web
        env:
        - name: CART_SERVICE_ADDR
          value: "cartservice:7070"
        - name: CART_DEBUG_ADDR
          value: "cartservice:8080"
`,
  'web/checkout.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: checkout
  namespace: web
spec:
  template:
    spec:
      containers:
      - name: checkout
        env:
        - name: CART_SERVICE_ADDR
          value: "cartservice:7070"
`,
};

let client: LspClient;
before(async () => {
  client = await LspClient.start({ files: FILES });
});
after(async () => {
  assert.equal(await client.stop(), 0);
});

function pos(rel: string, needle: string, nth = 0, delta = 0): Position {
  const text = FILES[rel]!;
  let at = -1;
  for (let i = 0; i <= nth; i++) at = text.indexOf(needle, at + 1);
  assert.ok(at >= 0, `${needle} in ${rel}`);
  const offset = at + delta;
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}
function rangeOf(rel: string, needle: string, nth = 0): Range {
  const start = pos(rel, needle, nth);
  return { start, end: { line: start.line, character: start.character + needle.length } };
}
const doc = (rel: string) => ({ uri: client.uri(rel) });

test('hover on a reference: the Service, its port mapping and endpoints, or what is wrong', async () => {
  const ok = await client.request<Hover | null>('textDocument/hover', { textDocument: doc('shop/frontend.yaml'), position: pos('shop/frontend.yaml', 'cartservice:7070', 0, 3) });
  const text = (ok?.contents as MarkupContent).value;
  assert.match(text, /\*\*Call\*\* `cartservice:7070` from Deployment `frontend`/);
  assert.match(text, /reaches Service `cartservice` on port `grpc` 7070\/TCP/);
  assert.match(text, /containerPort 8080/);
  assert.deepEqual(ok?.range, rangeOf('shop/frontend.yaml', 'cartservice', 0));
  const bad = await client.request<Hover | null>('textDocument/hover', { textDocument: doc('shop/frontend.yaml'), position: pos('shop/frontend.yaml', '8080"', 0, 1) });
  assert.match((bad?.contents as MarkupContent).value, /8080 is the container port; the Service listens on 7070/);
  assert.deepEqual(bad?.range, rangeOf('shop/frontend.yaml', '8080'));
});

test('definition: from a reference to the Service port', async () => {
  const locs = await client.request<Location[]>('textDocument/definition', { textDocument: doc('shop/frontend.yaml'), position: pos('shop/frontend.yaml', 'cartservice:7070', 0, 2) });
  assert.deepEqual(locs, [{ uri: client.uri('shop/cart.yaml'), range: rangeOf('shop/cart.yaml', 'grpc') }]);
});

test('references on the Service name and port include every caller', async () => {
  const onName = await client.request<Location[]>('textDocument/references', {
    textDocument: doc('shop/cart.yaml'),
    position: pos('shop/cart.yaml', 'cartservice', 0, 2),
    context: { includeDeclaration: false },
  });
  assert.deepEqual(onName, [
    { uri: client.uri('shop/frontend.yaml'), range: rangeOf('shop/frontend.yaml', 'cartservice', 0) },
    { uri: client.uri('shop/frontend.yaml'), range: rangeOf('shop/frontend.yaml', 'cartservice', 1) },
  ]);
  const onPort = await client.request<Location[]>('textDocument/references', {
    textDocument: doc('shop/cart.yaml'),
    position: pos('shop/cart.yaml', '7070', 0, 1),
    context: { includeDeclaration: false },
  });
  assert.deepEqual(onPort, [{ uri: client.uri('shop/frontend.yaml'), range: rangeOf('shop/frontend.yaml', '7070') }]);
});

test('CodeLens counts the callers; an inlay hint follows each call', async () => {
  const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: doc('shop/cart.yaml') });
  assert.ok(lenses.some((l) => /· 1 caller$/.test(l.command?.title ?? '')), lenses.map((l) => l.command?.title).join(' | '));
  const hints = await client.request<InlayHint[]>('textDocument/inlayHint', {
    textDocument: doc('shop/frontend.yaml'),
    range: { start: { line: 0, character: 0 }, end: { line: 20, character: 0 } },
  });
  assert.deepEqual(
    hints.map((h) => [h.position, h.label]),
    [[pos('shop/frontend.yaml', '7070"', 0, 4), '→ cartservice:7070 → :8080 (2 pods)']],
  );
});

test('completion in an address-like env value: Services and name:port of the namespace, replacing only the host after the scheme', async () => {
  const rel = 'web/new.yaml';
  const text = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: checkout2
  namespace: shop
spec:
  template:
    spec:
      containers:
      - name: checkout
        env:
        - name: CART_ADDR
          value: "http://ca`;
  await client.open(rel, text);
  const lines = text.split('\n');
  const result = await client.request<CompletionItem[] | CompletionList | null>('textDocument/completion', {
    textDocument: doc(rel),
    position: { line: lines.length - 1, character: lines.at(-1)!.length },
  });
  await client.close(rel);
  const items = Array.isArray(result) ? result : (result?.items ?? []);
  assert.deepEqual(items.map((i) => i.label), ['cartservice', 'cartservice:7070']);
  const edit = items[1]!.textEdit as TextEdit;
  assert.deepEqual(edit.range, { start: { line: lines.length - 1, character: lines.at(-1)!.length - 2 }, end: { line: lines.length - 1, character: lines.at(-1)!.length } });
});

function applyLsp(text: string, edits: readonly TextEdit[]): string {
  const lines = text.split('\n');
  const offset = (p: Position) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  const abs = edits.map((e) => ({ start: offset(e.range.start), end: offset(e.range.end), text: e.newText })).sort((a, b) => b.start - a.start);
  let out = text;
  for (const e of abs) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

async function quickFix(rel: string, code: string): Promise<{ action: CodeAction; diagnostic: Diagnostic }> {
  const ds = await client.diagnosticsFor(rel, (d) => d.some((x) => x.code === code));
  const diagnostic = ds.find((x) => x.code === code)!;
  const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
    textDocument: doc(rel),
    range: diagnostic.range,
    context: { diagnostics: [diagnostic], only: ['quickfix'] },
  });
  assert.equal(actions.length, 1, actions.map((a) => a.title).join(' | '));
  return { action: actions[0]!, diagnostic };
}

test('code actions change only the port or host characters, keeping the quotes', async () => {
  const port = await quickFix('shop/frontend.yaml', 'service-reference-port-mismatch');
  assert.equal(port.action.title, 'Change 8080 to 7070 (the Service port)');
  const portEdits = (port.action.edit as WorkspaceEdit).changes![client.uri('shop/frontend.yaml')]!;
  assert.match(applyLsp(FILES['shop/frontend.yaml']!, portEdits), /value: "cartservice:7070"\n$/);
  assert.deepEqual(portEdits.map((e) => e.range), [rangeOf('shop/frontend.yaml', '8080')]);

  const ns = await quickFix('web/checkout.yaml', 'service-reference-wrong-namespace');
  assert.equal(ns.action.title, 'Use cartservice.shop');
  const next = applyLsp(FILES['web/checkout.yaml']!, (ns.action.edit as WorkspaceEdit).changes![client.uri('web/checkout.yaml')]!);
  assert.match(next, /value: "cartservice\.shop:7070"\n$/);
  await client.open('web/checkout.yaml', next);
  await client.diagnosticsFor('web/checkout.yaml', (d) => d.length === 0);
  await client.close('web/checkout.yaml');
});
