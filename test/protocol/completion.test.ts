import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { CompletionItem, CompletionList, Range } from 'vscode-languageserver-protocol';
import { LspClient } from '../support/lsp-client';
import { FILES } from './navigation-workspace';

let client: LspClient;
before(async () => {
  client = await LspClient.start({ files: FILES });
});
after(async () => {
  assert.equal(await client.stop(), 0);
});

interface Shown {
  label: string;
  detail: string | undefined;
  newText: string;
  range: Range;
}

/** Opens `text` (with `$0` as the cursor) as `rel` and asks for completion there. */
async function complete(rel: string, textWithCursor: string): Promise<Shown[]> {
  const at = textWithCursor.indexOf('$0');
  const text = textWithCursor.replace('$0', '');
  await client.open(rel, text);
  const before = text.slice(0, at);
  const position = { line: before.split('\n').length - 1, character: at - (before.lastIndexOf('\n') + 1) };
  const result = await client.request<CompletionItem[] | CompletionList | null>('textDocument/completion', { textDocument: { uri: client.uri(rel) }, position });
  await client.close(rel);
  const items = Array.isArray(result) ? result : (result?.items ?? []);
  const sorted = [...items].sort((a, b) => (a.sortText ?? '').localeCompare(b.sortText ?? '') || a.label.localeCompare(b.label));
  assert.deepEqual(sorted.map((i) => i.label), items.map((i) => i.label), 'answered in sortText order');
  return items.map((i) => {
    const edit = i.textEdit as { range: Range; newText: string };
    return { label: i.label, detail: i.detail, newText: edit.newText, range: edit.range };
  });
}

/** The range of what was typed on the cursor's line: `from` characters before the cursor, to it. */
function typed(textWithCursor: string, length: number): Range {
  const before = textWithCursor.slice(0, textWithCursor.indexOf('$0'));
  const line = before.split('\n').length - 1;
  const character = before.length - (before.lastIndexOf('\n') + 1);
  return { start: { line, character: character - length }, end: { line, character } };
}

const SERVICE = (body: string, ns = 'shop') => `apiVersion: v1
kind: Service
metadata:
  name: new
  namespace: ${ns}
spec:
${body}`;

test('targetPort with nothing typed yet: names, then numbers, of the selected containers\' ports', async () => {
  const text = SERVICE('  selector:\n    app: web\n  ports:\n  - port: 80\n    targetPort: $0\n');
  const r = typed(text, 0);
  assert.deepEqual(await complete('shop/new.yaml', text), [
    { label: 'http', detail: 'containerPort 8080/TCP', newText: 'http', range: r },
    { label: 'metrics', detail: 'containerPort 9090/TCP', newText: 'metrics', range: r },
    { label: '8080', detail: 'containerPort "http"/TCP', newText: '8080', range: r },
    { label: '8081', detail: 'containerPort "http"/TCP', newText: '8081', range: r },
    { label: '9090', detail: 'containerPort "metrics"/TCP', newText: '9090', range: r },
  ]);
});

test('targetPort being typed replaces the word; a Service that selects nothing gets nothing', async () => {
  const text = SERVICE('  selector:\n    app: web\n  ports:\n  - port: 80\n    targetPort: me$0\n');
  const shown = await complete('shop/new.yaml', text);
  assert.deepEqual(shown.map((s) => s.label), ['http', 'metrics', '8080', '8081', '9090']);
  assert.deepEqual(shown[0]!.range, typed(text, 2));
  assert.deepEqual(await complete('other/new.yaml', SERVICE('  selector:\n    app: web\n  ports:\n  - port: 80\n    targetPort: $0\n', 'other')), []);
});

test('empty selector: whole label sets of the namespace\'s templates first, then keys', async () => {
  const text = SERVICE('  selector:\n    $0\n');
  const r = typed(text, 0);
  assert.deepEqual(await complete('shop/new.yaml', text), [
    { label: 'app=web, tier=frontend', detail: 'labels of Deployment web', newText: 'app: web\n    tier: frontend', range: r },
    { label: 'app=db', detail: 'labels of StatefulSet db', newText: 'app: db', range: r },
    { label: 'app=web', detail: 'labels of Pod web-debug', newText: 'app: web', range: r },
    { label: 'app', detail: 'on 3 workloads', newText: 'app: ', range: r },
    { label: 'tier', detail: 'on 1 workload', newText: 'tier: ', range: r },
  ]);
});

test('selector value: values of that key in the namespace, those consistent with the other pairs first', async () => {
  const text = SERVICE('  selector:\n    tier: frontend\n    app: $0\n');
  const r = typed(text, 0);
  assert.deepEqual(await complete('shop/new.yaml', text), [
    { label: 'web', detail: 'Deployment web, Pod web-debug', newText: 'web', range: r },
    { label: 'db', detail: 'StatefulSet db', newText: 'db', range: r },
  ]);
});

test('selector key typed in a document that is not valid YAML yet (context from the raw lines)', async () => {
  const text = SERVICE('  selector:\n    app: web\n    ti$0\n  ports:\n  - port: 80\n');
  const r = typed(text, 2);
  const shown = await complete('shop/new.yaml', text);
  assert.deepEqual(
    shown.filter((s) => !s.label.includes('=')),
    [
      { label: 'app', detail: 'on 3 workloads', newText: 'app: ', range: r },
      { label: 'tier', detail: 'on 1 workload', newText: 'tier: ', range: r },
    ],
  );
});

test('Service type values', async () => {
  const text = SERVICE('  type: $0\n');
  const r = typed(text, 0);
  assert.deepEqual(
    await complete('shop/new.yaml', text),
    ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'].map((t) => ({ label: t, detail: undefined, newText: t, range: r })),
  );
});

const INGRESS = (backend: string) => `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: new
  namespace: shop
spec:
  defaultBackend:
    service:
${backend}`;

test('Ingress backend: Service names of the namespace, then the named Service\'s port numbers and names', async () => {
  const names = INGRESS('      name: $0\n');
  assert.deepEqual(
    (await complete('shop/new-ingress.yaml', names)).map((s) => [s.label, s.detail, s.range]),
    [
      ['db-headless', 'Service ClusterIP, headless · 5432', typed(names, 0)],
      ['legacy', 'Service ClusterIP · 5432 (db)', typed(names, 0)],
      ['web', 'Service NodePort · 80 (http), 9090 (metrics), 81 (admin)', typed(names, 0)],
    ],
  );
  const numbers = INGRESS('      name: web\n      port:\n        number: $0\n');
  assert.deepEqual(
    (await complete('shop/new-ingress.yaml', numbers)).map((s) => [s.label, s.detail, s.range]),
    [
      ['80', 'port "http"/TCP of Service web', typed(numbers, 0)],
      ['81', 'port "admin"/TCP of Service web', typed(numbers, 0)],
      ['9090', 'port "metrics"/TCP of Service web', typed(numbers, 0)],
    ],
  );
  const portNames = INGRESS('      name: web\n      port:\n        name: $0\n');
  assert.deepEqual(
    (await complete('shop/new-ingress.yaml', portNames)).map((s) => s.label),
    ['admin', 'http', 'metrics'],
  );
  assert.deepEqual(await complete('shop/new-ingress.yaml', INGRESS('      name: ghost\n      port:\n        number: $0\n')), []);
});

test('Endpoints port names come from the Service of the same name', async () => {
  const text = `apiVersion: v1
kind: Endpoints
metadata:
  name: legacy
  namespace: shop
subsets:
- addresses:
  - ip: 10.0.0.9
  ports:
  - name: $0
`;
  assert.deepEqual(await complete('shop/new-ep.yaml', text), [{ label: 'db', detail: 'port 5432/TCP of Service legacy', newText: 'db', range: typed(text, 0) }]);
});

test('StatefulSet serviceName: headless Services first', async () => {
  const text = `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: new
  namespace: shop
spec:
  serviceName: $0
`;
  assert.deepEqual((await complete('shop/new-sts.yaml', text)).map((s) => s.label), ['db-headless', 'legacy', 'web']);
});

test('nothing where the workspace has nothing to say', async () => {
  const deployment = FILES['shop/deployment.yaml']!.replace('replicas: 3', 'replicas: $0');
  assert.deepEqual(await complete('shop/deployment.yaml', deployment), []);
  assert.deepEqual(await complete('shop/new.yaml', SERVICE('  selector:\n    app: web\n  ports:\n  - port: $0\n')), []);
  assert.deepEqual(await complete('shop/new-ingress.yaml', INGRESS('      name: web\n').replace('  name: new', '  name: $0')), []);
  assert.deepEqual(await complete('shop/new.yaml', '# just a comment $0\n'), []);
  assert.deepEqual(await complete('shop/new.yaml', '$0'), []);
});
