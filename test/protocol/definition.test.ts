import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Location, Position, Range } from 'vscode-languageserver-protocol';
import { LspClient } from '../support/lsp-client';
import { FILES, pos, rangeOf, spanRange } from './navigation-workspace';

let client: LspClient;
before(async () => {
  client = await LspClient.start({ files: FILES });
});
after(async () => {
  assert.equal(await client.stop(), 0);
});

const loc = (rel: string, range: Range): Location => ({ uri: client.uri(rel), range });
const definition = (rel: string, position: Position) =>
  client.request<Location[] | null>('textDocument/definition', { textDocument: { uri: client.uri(rel) }, position });

test('selector → the templates and Pods it selects, across files, in its namespace only', async () => {
  const expected = [
    loc('shop/deployment.yaml', spanRange('shop/deployment.yaml', 'app: web\n        tier', 'frontend\n')),
    loc('shop/pod.yaml', spanRange('shop/pod.yaml', 'app: web', 'app: web\n')),
  ];
  assert.deepEqual(await definition('shop/service.yaml', pos('shop/service.yaml', 'selector', 0, 3)), expected);
});

test('one selector pair → that label in each selected template', async () => {
  assert.deepEqual(await definition('shop/service.yaml', pos('shop/service.yaml', 'app: web', 0, 6)), [
    loc('shop/deployment.yaml', rangeOf('shop/deployment.yaml', 'app: web', 1)),
    loc('shop/pod.yaml', rangeOf('shop/pod.yaml', 'app: web')),
  ]);
});

test('targetPort name → the container ports it resolves to on every selected template', async () => {
  assert.deepEqual(await definition('shop/service.yaml', pos('shop/service.yaml', 'targetPort: http', 0, 13)), [
    loc('shop/deployment.yaml', rangeOf('shop/deployment.yaml', 'http', 0)),
    loc('shop/pod.yaml', rangeOf('shop/pod.yaml', 'http')),
  ]);
});

test('an omitted targetPort: from port, to the container port with that number', async () => {
  assert.deepEqual(await definition('shop/service.yaml', pos('shop/service.yaml', '9090')), [
    loc('shop/deployment.yaml', rangeOf('shop/deployment.yaml', 'metrics')),
  ]);
});

test('Ingress backend name → the Service; backend port number / name → the Service port', async () => {
  const service = [loc('shop/service.yaml', rangeOf('shop/service.yaml', 'web'))];
  assert.deepEqual(await definition('shop/ingress.yaml', pos('shop/ingress.yaml', 'name: web', 1, 7)), service);
  assert.deepEqual(await definition('shop/ingress.yaml', pos('shop/ingress.yaml', 'number: 80', 0, 8)), [
    loc('shop/service.yaml', rangeOf('shop/service.yaml', 'http')),
  ]);
  assert.deepEqual(await definition('shop/ingress.yaml', pos('shop/ingress.yaml', 'name: metrics', 0, 7)), [
    loc('shop/service.yaml', rangeOf('shop/service.yaml', 'metrics')),
  ]);
});

test('Endpoints and EndpointSlice → their Service (and port name → the Service port)', async () => {
  const legacy = [loc('shop/legacy.yaml', rangeOf('shop/legacy.yaml', 'legacy'))];
  assert.deepEqual(await definition('shop/legacy.yaml', pos('shop/legacy.yaml', 'name: legacy', 1, 7)), legacy);
  assert.deepEqual(await definition('shop/legacy.yaml', pos('shop/legacy.yaml', 'service-name: legacy', 0, 15)), legacy);
  assert.deepEqual(await definition('shop/legacy.yaml', pos('shop/legacy.yaml', 'name: db', 1, 7)), [
    loc('shop/legacy.yaml', rangeOf('shop/legacy.yaml', 'db', 0)),
  ]);
  assert.deepEqual(await definition('shop/legacy.yaml', pos('shop/legacy.yaml', 'name: db', 2, 7)), [
    loc('shop/legacy.yaml', rangeOf('shop/legacy.yaml', 'db', 0)),
  ]);
});

test('StatefulSet serviceName → the governing Service', async () => {
  assert.deepEqual(await definition('shop/db.yaml', pos('shop/db.yaml', 'serviceName: db-headless', 0, 14)), [
    loc('shop/db.yaml', rangeOf('shop/db.yaml', 'db-headless')),
  ]);
});

test('named probe port → the container port; numbered probe port → the containerPort', async () => {
  assert.deepEqual(await definition('shop/deployment.yaml', pos('shop/deployment.yaml', 'port: http', 0, 7)), [
    loc('shop/deployment.yaml', rangeOf('shop/deployment.yaml', 'http', 0)),
  ]);
  assert.deepEqual(await definition('shop/deployment.yaml', pos('shop/deployment.yaml', 'port: 9090', 0, 7)), [
    loc('shop/deployment.yaml', rangeOf('shop/deployment.yaml', 'metrics')),
  ]);
});

test('nothing to go to: other namespace, unresolved names, unknown Services, plain fields', async () => {
  // The Service in namespace `other` selects app=web, but the web Pods live in `shop`.
  assert.deepEqual(await definition('other/service.yaml', pos('other/service.yaml', 'app: web', 0, 6)), []);
  assert.deepEqual(await definition('other/service.yaml', pos('other/service.yaml', 'targetPort: http', 0, 13)), []);
  assert.deepEqual(await definition('shop/service.yaml', pos('shop/service.yaml', 'targetPort: nope', 0, 13)), []);
  assert.deepEqual(await definition('shop/ingress.yaml', pos('shop/ingress.yaml', 'name: ghost', 0, 7)), []);
  assert.deepEqual(await definition('shop/service.yaml', pos('shop/service.yaml', 'NodePort', 0, 2)), []);
  assert.deepEqual(await definition('shop/deployment.yaml', pos('shop/deployment.yaml', 'replicas', 0, 2)), []);
});
