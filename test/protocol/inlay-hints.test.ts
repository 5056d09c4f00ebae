import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { InlayHint, Position } from 'vscode-languageserver-protocol';
import { LspClient } from '../support/lsp-client';
import { FILES, pos } from './navigation-workspace';

let client: LspClient;
before(async () => {
  client = await LspClient.start({ files: FILES });
});
after(async () => {
  assert.equal(await client.stop(), 0);
});

const WHOLE = { start: { line: 0, character: 0 }, end: { line: 1000, character: 0 } };
const hints = (c: LspClient, rel: string, range = WHOLE) =>
  c.request<InlayHint[] | null>('textDocument/inlayHint', { textDocument: { uri: c.uri(rel) }, range });
const short = (h: InlayHint[] | null) => (h ?? []).map((x) => ({ position: x.position, label: x.label }));
const after_ = (rel: string, needle: string, nth = 0): Position => pos(rel, needle, nth, needle.length);

test('named targetPort → the resolved numbers; omitted targetPort → the default; NodePort without nodePort → auto range', async () => {
  const result = await hints(client, 'shop/service.yaml');
  assert.deepEqual(short(result), [
    { position: after_('shop/service.yaml', 'targetPort: http'), label: '→ 8080 | 8081' },
    { position: after_('shop/service.yaml', 'port: 9090'), label: '→ targetPort 9090' },
    { position: after_('shop/service.yaml', 'port: 9090'), label: 'nodePort auto 30000-32767' },
    { position: after_('shop/service.yaml', 'port: 81'), label: 'nodePort auto 30000-32767' },
  ]);
  assert.ok(result!.every((h) => h.paddingLeft === true && typeof h.tooltip === 'string'));
});

test('only hints inside the requested range', async () => {
  const line = pos('shop/service.yaml', 'port: 81').line;
  assert.deepEqual(short(await hints(client, 'shop/service.yaml', { start: { line, character: 0 }, end: { line: line + 1, character: 0 } })), [
    { position: after_('shop/service.yaml', 'port: 81'), label: 'nodePort auto 30000-32767' },
  ]);
});

test('nothing: a name that resolves nowhere (other namespace), numbered targetPorts, non-Service files', async () => {
  assert.deepEqual(await hints(client, 'other/service.yaml'), []);
  assert.deepEqual(await hints(client, 'shop/deployment.yaml'), []);
  assert.deepEqual(await hints(client, 'shop/legacy.yaml'), [
    { position: after_('shop/legacy.yaml', 'port: 5432'), label: '→ targetPort 5432', kind: 1, tooltip: 'targetPort is omitted: it defaults to port (5432)', paddingLeft: true },
  ]);
});

test('the configured node port range; inlayHints off', async () => {
  const custom = await LspClient.start({ files: FILES, settings: { nodePortRange: '31000-31999' } });
  try {
    assert.deepEqual(short(await hints(custom, 'shop/service.yaml')).map((h) => h.label), [
      '→ 8080 | 8081',
      '→ targetPort 9090',
      'nodePort auto 31000-31999',
      'nodePort auto 31000-31999',
    ]);
  } finally {
    assert.equal(await custom.stop(), 0);
  }
  const off = await LspClient.start({ files: FILES, settings: { inlayHints: { enabled: false } } });
  try {
    assert.deepEqual(await hints(off, 'shop/service.yaml'), []);
  } finally {
    assert.equal(await off.stop(), 0);
  }
});
