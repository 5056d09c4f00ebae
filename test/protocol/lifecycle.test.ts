import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { DocumentSymbol, SymbolInformation } from 'vscode-languageserver-protocol';
import { LspClient } from '../support/lsp-client';

const SERVICE = (selector: string) =>
  `apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: ${selector}\n  ports:\n  - name: http\n    port: 80\n`;
const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: nginx
        ports:
        - name: http
          containerPort: 80
`;

let client: LspClient;
before(async () => {
  client = await LspClient.start({
    files: {
      'app/service.yaml': SERVICE('wrong'),
      'app/deployment.yaml': DEPLOYMENT,
      'other/notes.yaml': 'just: some yaml\n',
      'node_modules/pkg/svc.yaml': SERVICE('ignored'),
    },
  });
});
after(async () => {
  assert.equal(await client.stop(), 0, 'server exits cleanly after shutdown/exit');
});

test('advertises only what it implements', () => {
  const caps = client.initializeResult.capabilities;
  assert.equal(client.initializeResult.serverInfo?.name, 'kube-ports');
  assert.ok(caps.documentSymbolProvider);
  assert.ok(caps.workspaceSymbolProvider);
  for (const key of Object.keys(caps)) {
    assert.ok(
      ['textDocumentSync', 'workspace', 'documentSymbolProvider', 'workspaceSymbolProvider', 'hoverProvider', 'codeActionProvider', 'definitionProvider', 'referencesProvider', 'codeLensProvider', 'inlayHintProvider', 'completionProvider', 'renameProvider', 'executeCommandProvider', 'experimental'].includes(key),
      `unexpected capability ${key}`,
    );
  }
  assert.deepEqual(caps.experimental, { wiringGraph: true }, 'the kubePorts/wiringGraph request');
});

test('publishes diagnostics for every manifest file after indexing, not only open ones; a file without any gets no message', async () => {
  const svc = await client.diagnosticsFor('app/service.yaml');
  const publishedTo = (rel: string) => client.wire.filter((m) => m.method === 'textDocument/publishDiagnostics' && m.params?.uri === client.uri(rel));
  assert.equal(publishedTo('app/service.yaml').length, 1);
  // Nothing to clear: an empty list is sent only to a file that showed diagnostics.
  assert.deepEqual(publishedTo('app/deployment.yaml'), []);
  assert.deepEqual(publishedTo('other/notes.yaml'), []);
  assert.equal(client.indexedFiles, 3, 'the two manifests and the YAML file are indexed, node_modules is not');
  assert.deepEqual(svc.map((d) => d.code), ['service-selects-nothing']);
  assert.equal(svc[0]!.source, 'kube-ports');
  assert.equal(svc[0]!.range.start.line, 6 - 1 + 1, 'range is the selector');
  assert.match(svc[0]!.codeDescription!.href, /#service-selects-nothing$/);
  assert.deepEqual(await client.diagnosticsFor('app/deployment.yaml'), []);
  assert.deepEqual(await client.diagnosticsFor('other/notes.yaml'), []);
  assert.equal(client.diagnostics.has(client.uri('node_modules/pkg/svc.yaml')), false, 'node_modules is not indexed');
});

test('the test client: a signal that never comes fails the wait with what it waited for (the server keeps running)', async () => {
  await assert.rejects(client.until(() => false, 'a signal that never comes', 50), /timed out after 50 ms waiting for a signal that never comes/);
  assert.ok((await client.request<unknown[]>('workspace/symbol', { query: 'web' })).length > 0, 'still served');
});

test('editor text overrides disk; closing goes back to disk', async () => {
  await client.open('app/service.yaml', SERVICE('web'));
  await client.diagnosticsFor('app/service.yaml', (d) => d.length === 0);
  await client.change('app/service.yaml', SERVICE('nope'));
  await client.diagnosticsFor('app/service.yaml', (d) => d.length === 1);
  await client.change('app/service.yaml', SERVICE('web'));
  await client.diagnosticsFor('app/service.yaml', (d) => d.length === 0);
  await client.close('app/service.yaml');
  await client.diagnosticsFor('app/service.yaml', (d) => d.length === 1);
});

test('a file changed on disk is re-read; a cross-file edit updates the other file', async () => {
  await client.writeOnDisk('app/deployment.yaml', DEPLOYMENT.replace(/app: web/g, 'app: wrong'), false);
  await client.diagnosticsFor('app/service.yaml', (d) => d.length === 0);
  await client.writeOnDisk('app/deployment.yaml', DEPLOYMENT, false);
  await client.diagnosticsFor('app/service.yaml', (d) => d.length === 1);
});

test('a created file is indexed and a deleted file has its diagnostics cleared', async () => {
  await client.writeOnDisk('new/svc.yaml', SERVICE('missing').replace('name: web', 'name: other'), true);
  await client.diagnosticsFor('new/svc.yaml', (d) => d.length === 1);
  await client.deleteOnDisk('new/svc.yaml');
  await client.diagnosticsFor('new/svc.yaml', (d) => d.length === 0);
});

test('document symbols: Kind name per object, ports as children', async () => {
  const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: client.uri('app/deployment.yaml') } });
  assert.deepEqual(symbols.map((s) => s.name), ['Deployment web']);
  assert.deepEqual(symbols[0]!.children?.map((c) => c.name), ['nginx']);
  assert.deepEqual(symbols[0]!.children?.[0]!.children?.map((c) => c.name), ['http 80/TCP']);
});

test('workspace symbols find objects across files', async () => {
  const symbols = await client.request<SymbolInformation[]>('workspace/symbol', { query: 'web' });
  assert.deepEqual(symbols.map((s) => s.name).sort(), ['Deployment web', 'Service web']);
  assert.deepEqual(await client.request<SymbolInformation[]>('workspace/symbol', { query: 'zzzz' }), []);
});

test('settings changes re-analyse the workspace', async () => {
  await client.changeSettings({ rules: { 'service-selects-nothing': 'off' } });
  await client.diagnosticsFor('app/service.yaml', (d) => d.length === 0);
  await client.changeSettings({});
  await client.diagnosticsFor('app/service.yaml', (d) => d.length === 1);
});
