import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Location, Position, Range } from 'vscode-languageserver-protocol';
import { LspClient } from '../support/lsp-client';
import { FILES, pos, rangeOf } from './navigation-workspace';

let client: LspClient;
before(async () => {
  client = await LspClient.start({ files: FILES });
});
after(async () => {
  assert.equal(await client.stop(), 0);
});

const loc = (rel: string, range: Range): Location => ({ uri: client.uri(rel), range });
const references = (rel: string, position: Position, includeDeclaration = false) =>
  client.request<Location[] | null>('textDocument/references', { textDocument: { uri: client.uri(rel) }, position, context: { includeDeclaration } });

test('template label: the selector pairs of the Services that select the template (not other namespaces)', async () => {
  assert.deepEqual(await references('shop/deployment.yaml', pos('shop/deployment.yaml', 'app: web', 1, 1)), [
    loc('shop/service.yaml', rangeOf('shop/service.yaml', 'app: web')),
  ]);
  assert.deepEqual(await references('shop/deployment.yaml', pos('shop/deployment.yaml', 'app: web', 1, 1), true), [
    loc('shop/deployment.yaml', rangeOf('shop/deployment.yaml', 'app: web', 1)),
    loc('shop/service.yaml', rangeOf('shop/service.yaml', 'app: web')),
  ]);
});

test('container port name or number: the targetPorts that resolve to it and the probes that use it', async () => {
  const http = [
    loc('shop/deployment.yaml', rangeOf('shop/deployment.yaml', 'port: http', 0)).range,
  ];
  const probe = { start: { ...http[0]!.start, character: http[0]!.start.character + 6 }, end: http[0]!.end };
  const expected = [loc('shop/deployment.yaml', probe), loc('shop/service.yaml', rangeOf('shop/service.yaml', 'http', 1))];
  assert.deepEqual(await references('shop/deployment.yaml', pos('shop/deployment.yaml', 'http', 0, 1)), expected);
  assert.deepEqual(await references('shop/deployment.yaml', pos('shop/deployment.yaml', '8080', 0, 1)), expected);
  // Port 9090 (metrics): the Service port whose targetPort is omitted, and the liveness probe.
  assert.deepEqual(await references('shop/deployment.yaml', pos('shop/deployment.yaml', 'containerPort: 9090', 0, 16)), [
    loc('shop/deployment.yaml', rangeOf('shop/deployment.yaml', '9090', 1)),
    loc('shop/service.yaml', rangeOf('shop/service.yaml', '9090')),
  ]);
});

test('on a targetPort: the references of the container ports it resolves to, across files', async () => {
  assert.deepEqual(await references('shop/service.yaml', pos('shop/service.yaml', 'targetPort: http', 0, 13), true), [
    loc('shop/deployment.yaml', rangeOf('shop/deployment.yaml', 'http', 0)),
    loc('shop/deployment.yaml', { start: pos('shop/deployment.yaml', 'port: http', 0, 6), end: pos('shop/deployment.yaml', 'port: http', 0, 10) }),
    loc('shop/pod.yaml', rangeOf('shop/pod.yaml', 'http')),
    loc('shop/service.yaml', rangeOf('shop/service.yaml', 'http', 1)),
  ]);
});

test('Service name: Ingress backends, Endpoints, EndpointSlices and StatefulSets that name it', async () => {
  assert.deepEqual(await references('shop/service.yaml', pos('shop/service.yaml', 'web', 0, 1)), [
    loc('shop/ingress.yaml', rangeOf('shop/ingress.yaml', 'web', 1)),
    loc('shop/ingress.yaml', rangeOf('shop/ingress.yaml', 'web', 2)),
  ]);
  assert.deepEqual(await references('shop/legacy.yaml', pos('shop/legacy.yaml', 'legacy', 0, 1), true), [
    loc('shop/legacy.yaml', rangeOf('shop/legacy.yaml', 'legacy', 0)),
    loc('shop/legacy.yaml', rangeOf('shop/legacy.yaml', 'legacy', 1)),
    loc('shop/legacy.yaml', rangeOf('shop/legacy.yaml', 'legacy', 3)),
  ]);
  assert.deepEqual(await references('shop/db.yaml', pos('shop/db.yaml', 'db-headless', 0, 1)), [
    loc('shop/db.yaml', rangeOf('shop/db.yaml', 'db-headless', 1)),
  ]);
});

test('Service port: Ingress backends by number and by name, Endpoints and EndpointSlice ports by name', async () => {
  assert.deepEqual(await references('shop/service.yaml', pos('shop/service.yaml', 'port: 80', 0, 6)), [
    loc('shop/ingress.yaml', rangeOf('shop/ingress.yaml', '80', 0)),
  ]);
  assert.deepEqual(await references('shop/service.yaml', pos('shop/service.yaml', 'name: metrics', 0, 7)), [
    loc('shop/ingress.yaml', rangeOf('shop/ingress.yaml', 'metrics')),
  ]);
  assert.deepEqual(await references('shop/legacy.yaml', pos('shop/legacy.yaml', 'name: db', 0, 7)), [
    loc('shop/legacy.yaml', rangeOf('shop/legacy.yaml', 'db', 1)),
    loc('shop/legacy.yaml', rangeOf('shop/legacy.yaml', 'db', 2)),
  ]);
});

test('nothing points here: an unexposed workload, a Service nobody names, another namespace', async () => {
  assert.deepEqual(await references('other/lonely.yaml', pos('other/lonely.yaml', 'http', 0, 1)), []);
  assert.deepEqual(await references('other/lonely.yaml', pos('other/lonely.yaml', 'app: lonely', 1, 1)), []);
  assert.deepEqual(await references('other/service.yaml', pos('other/service.yaml', 'web', 0, 1)), []);
  assert.deepEqual(await references('shop/pod.yaml', pos('shop/pod.yaml', 'debug', 1, 1)), []);
});
