import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { CodeLens, Location, Range } from 'vscode-languageserver-protocol';
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
const lenses = (c: LspClient, rel: string) => c.request<CodeLens[] | null>('textDocument/codeLens', { textDocument: { uri: c.uri(rel) } });
const at = (line: number) => ({ start: { line, character: 0 }, end: { line, character: 0 } });
const lens = (rel: string, line: number, title: string, locations: Location[]): CodeLens => ({
  range: at(line),
  command: locations.length
    ? { title, command: 'kubePorts.showReferences', arguments: [client.uri(rel), { line, character: 0 }, locations] }
    : { title, command: '' },
});

test('above a Service: what it selects (deduplicated workloads, pods) and its node ports; click shows them', async () => {
  assert.deepEqual(await lenses(client, 'shop/service.yaml'), [
    lens('shop/service.yaml', 0, 'selects 2 workloads · 4 pods · NodePort 30333, auto 30000-32767', [
      loc('shop/deployment.yaml', spanRange('shop/deployment.yaml', 'app: web\n        tier', 'frontend\n')),
      loc('shop/pod.yaml', spanRange('shop/pod.yaml', 'app: web', 'app: web\n')),
    ]),
  ]);
});

test('above a workload: the Services and Ingresses that expose it', async () => {
  assert.deepEqual(await lenses(client, 'shop/deployment.yaml'), [
    lens('shop/deployment.yaml', 0, 'exposed by svc/web:80,9090,81 · ingress/web', [
      loc('shop/ingress.yaml', rangeOf('shop/ingress.yaml', 'web', 1)),
      loc('shop/ingress.yaml', rangeOf('shop/ingress.yaml', 'web', 2)),
      loc('shop/service.yaml', spanRange('shop/service.yaml', 'app: web', 'app: web\n')),
    ]),
  ]);
});

test('several objects in one file: a headless Service and its StatefulSet', async () => {
  const statefulSetLine = pos('shop/db.yaml', 'apiVersion', 1).line;
  assert.deepEqual(await lenses(client, 'shop/db.yaml'), [
    lens('shop/db.yaml', 0, 'selects 1 workload · 2 pods', [loc('shop/db.yaml', rangeOf('shop/db.yaml', '{app: db}', 1))]),
    lens('shop/db.yaml', statefulSetLine, 'exposed by svc/db-headless:5432', [loc('shop/db.yaml', rangeOf('shop/db.yaml', 'app: db\n', 0))].map((l) => ({
      ...l,
      range: { start: l.range.start, end: { line: l.range.start.line + 1, character: 0 } },
    }))),
  ]);
});

test('nothing: a Service that selects nothing (other namespace), one without a selector, an unexposed workload', async () => {
  assert.deepEqual(await lenses(client, 'other/service.yaml'), [lens('other/service.yaml', 0, 'selects nothing', [])]);
  assert.deepEqual(await lenses(client, 'other/lonely.yaml'), [lens('other/lonely.yaml', 0, 'not exposed by any Service', [])]);
  assert.deepEqual(await lenses(client, 'shop/legacy.yaml'), [lens('shop/legacy.yaml', 0, 'no selector', [])]);
});

test('follows edits in other files (a second selected Pod appears)', async () => {
  const pod2 = FILES['shop/pod.yaml']!.replace('web-debug', 'web-debug-2');
  await client.open('shop/pod2.yaml', pod2);
  const [l] = (await lenses(client, 'shop/service.yaml'))!;
  assert.equal(l!.command!.title, 'selects 3 workloads · 5 pods · NodePort 30333, auto 30000-32767');
  await client.close('shop/pod2.yaml');
});

test('kubePorts.codeLens.enabled: false turns lenses off', async () => {
  const off = await LspClient.start({ files: FILES, settings: { codeLens: { enabled: false } } });
  try {
    assert.deepEqual(await lenses(off, 'shop/service.yaml'), []);
  } finally {
    assert.equal(await off.stop(), 0);
  }
});
