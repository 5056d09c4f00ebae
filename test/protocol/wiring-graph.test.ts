import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DOMParser } from '@xmldom/xmldom';
import type { CodeLens } from 'vscode-languageserver-protocol';
import type { WiringGraphResult } from '../../server/src/lsp/wiring-graph-protocol';
import { LspClient } from '../support/lsp-client';

const WEB = `apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
spec:
  selector: {app: web}
  ports:
    - {name: http, port: 80, targetPort: http}
    - {name: admin, port: 9000, targetPort: admin}
`;
const DEPLOY = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, ports: [{name: http, containerPort: 8080}]}]
`;
const DB = `apiVersion: v1
kind: Service
metadata: {name: db, namespace: data}
spec:
  selector: {app: db}
  ports: [{port: 5432}]
`;

let client: LspClient;
before(async () => {
  client = await LspClient.start({
    files: { 'shop/web.yaml': WEB, 'shop/deploy.yaml': DEPLOY, 'data/db.yaml': DB },
    capabilities: { experimental: { kubePortsWiringMap: true } },
  });
});
after(async () => {
  assert.equal(await client.stop(), 0);
});

const graph = (params: Record<string, unknown>) => client.request<WiringGraphResult | null>('kubePorts/wiringGraph', params);

function svgTexts(svg: string): string[] {
  const doc = new DOMParser({ onError: (l, m) => { throw new Error(`${l}: ${m}`); } }).parseFromString(svg, 'image/svg+xml');
  return Array.from(doc.getElementsByTagName('tspan')).map((t) => t.textContent ?? '');
}

test('kubePorts/wiringGraph: what a file touches, as SVG with a source location per element', async () => {
  const r = (await graph({ uri: client.uri('shop/deploy.yaml') }))!;
  assert.ok(r);
  assert.equal(r.title, 'what deploy.yaml touches');
  assert.equal(r.indexing, false);
  assert.deepEqual(r.namespaces, ['data', 'shop']);
  const texts = svgTexts(r.svg);
  assert.ok(texts.includes('svc/web') && texts.includes('Deployment web'));
  assert.ok(!texts.includes('svc/db'), 'db is not wired to deploy.yaml');
  assert.doesNotMatch(r.svg, /<style>/, 'the webview brings the stylesheet under its nonce');
  assert.equal(r.elements.length, r.nodes + r.edges);
  const svc = r.elements.find((e) => e.label.startsWith('svc/web'))!;
  assert.deepEqual(svc.location, { uri: client.uri('shop/web.yaml'), range: { start: { line: 3, character: 8 }, end: { line: 3, character: 11 } } });
  assert.match(r.svg, new RegExp(`data-ref="${svc.ref}"`));
  const broken = r.elements.find((e) => e.label.includes('admin (no such port)'))!;
  assert.ok(broken, r.elements.map((e) => e.label).join('\n'));
  assert.match(broken.label, /targetPort "admin" names no container port/, 'the finding is in the edge\'s label');
  assert.equal(broken.location.uri, client.uri('shop/web.yaml'));
  assert.equal(broken.location.range.start.line, 9, 'the link opens at its Service port');
});

test('kubePorts/wiringGraph: whole workspace, namespace filter, one Service, and a cap with a message', async () => {
  const whole = (await graph({ whole: true }))!;
  assert.equal(whole.title, 'the whole workspace');
  assert.ok(svgTexts(whole.svg).includes('svc/db'));
  const data = (await graph({ whole: true, namespace: 'data' }))!;
  assert.deepEqual(svgTexts(data.svg).filter((t) => t.startsWith('svc/')), ['svc/db']);
  const one = (await graph({ service: { namespace: 'shop', name: 'web' } }))!;
  assert.equal(one.title, 'Service shop/web');
  assert.ok(!svgTexts(one.svg).includes('svc/db'));
  const capped = (await graph({ whole: true, maxNodes: 1 }))!;
  assert.match(capped.truncated ?? '', /Showing 1 of 2 Services/);
  const none = (await graph({ service: { namespace: 'shop', name: 'nope' } }))!;
  assert.equal(none.nodes, 0);
  assert.match(none.empty ?? '', /no Service shop\/nope/);
});

test('kubePorts/wiringGraph: a narrow panel gets a drawing laid out top to bottom when that is narrower', async () => {
  const widthOf = (svg: string) => Number(/width="(\d+)"/.exec(svg)![1]);
  const wide = (await graph({ service: { namespace: 'shop', name: 'web' } }))!;
  const narrow = (await graph({ service: { namespace: 'shop', name: 'web' }, width: 200 }))!;
  assert.ok(widthOf(narrow.svg) < widthOf(wide.svg), `${widthOf(narrow.svg)} < ${widthOf(wide.svg)}`);
  assert.deepEqual(svgTexts(narrow.svg).sort(), svgTexts(wide.svg).sort(), 'the same graph');
});

test('kubePorts/wiringGraph: odd parameters answer, never fail', async () => {
  for (const p of [null, {}, { uri: 42 }, { maxNodes: -5 }, { service: { name: 3 } }, { uri: 'file:///nowhere.yaml' }]) {
    const r = await graph(p as Record<string, unknown>);
    assert.ok(r && typeof r.svg === 'string', JSON.stringify(p));
  }
});

test('"Show on map" lenses above Services, for a client that has the map', async () => {
  const lenses = (await client.request<CodeLens[] | null>('textDocument/codeLens', { textDocument: { uri: client.uri('shop/web.yaml') } }))!;
  const map = lenses.find((l) => l.command?.title === 'Show on map');
  assert.ok(map, lenses.map((l) => l.command?.title).join(' | '));
  assert.deepEqual(map.command, { title: 'Show on map', command: 'kubePorts.showWiringMap', arguments: [{ uri: client.uri('shop/web.yaml'), service: { namespace: 'shop', name: 'web' } }] });
  const onWorkload = (await client.request<CodeLens[] | null>('textDocument/codeLens', { textDocument: { uri: client.uri('shop/deploy.yaml') } }))!;
  assert.ok(!onWorkload.some((l) => l.command?.title === 'Show on map'));
});
