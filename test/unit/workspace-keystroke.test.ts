/**
 * The keystroke path per object: an edit of one document of an open file re-indexes and
 * re-analyses only the objects it changed and those depending on a key they provide, and what it
 * keeps equals what a workspace built from scratch computes.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { objectAnalyses } from '../../server/src/core/analysis';
import type { Finding } from '../../server/src/core/findings';
import { indexedObjectMoves, indexedObjectVisits } from '../../server/src/core/workspace/workspace-index';
import { Workspace } from '../../server/src/core/workspace/workspace';

const service = (name: string, targetPort: string, selector = `{app: ${name}}`, port = 80) =>
  `apiVersion: v1\nkind: Service\nmetadata: {name: ${name}, namespace: shop}\nspec:\n  selector: ${selector}\n  ports: [{name: http, port: ${port}, targetPort: ${targetPort}}]\n`;
const deployment = (name: string, labels = `{app: ${name}}`, env = '') =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: shop}\nspec:\n  selector: {matchLabels: ${labels}}\n  template:\n    metadata: {labels: ${labels}}\n    spec:\n      containers:\n      - name: c\n        ports: [{name: http, containerPort: 8080}]\n${env}`;
/** A big open file: 20 apps, each a Deployment and its Service (a broken targetPort on every third). */
const apps = (targetPortOf: (i: number) => string) =>
  Array.from({ length: 20 }, (_, i) => `${deployment(`app-${i}`)}---\n${service(`app-${i}`, targetPortOf(i))}`).join('---\n');
const BIG = 'file:///big.yaml';
const initial = (i: number) => (i % 3 === 0 ? 'htp' : 'http');

function line(f: Finding): string {
  return `${f.uri} ${f.span.start}-${f.span.end} ${f.severity} ${f.rule} ${f.message} | ${f.related.map((r) => `${r.uri}:${r.span.start}-${r.span.end} ${r.message}`).join(',')}`;
}

/** Every file's findings in a workspace built from scratch from the same texts. */
function fresh(ws: Workspace): string[] {
  const scratch = new Workspace();
  for (const uri of ws.uris()) scratch.setFile(uri, ws.text(uri)!, { open: true });
  return ws.uris().sort().flatMap((u) => scratch.findings(u).map(line));
}
const all = (ws: Workspace) => ws.uris().sort().flatMap((u) => ws.findings(u).map(line));

test('typing in one document of a big open file re-indexes and re-analyses only that document\'s objects', () => {
  const ws = new Workspace();
  ws.setFile(BIG, apps(initial), { open: true });
  ws.setFile('file:///other.yaml', `${deployment('other')}---\n${service('other', 'http')}`);
  assert.equal(ws.findings(BIG).filter((f) => f.rule === 'target-port-name-unresolved').length, 7);
  // The value typed over keeps its length (http → httx): the documents after it do not move.
  for (const [i, port] of [[4, 'httx'], [4, 'http'], [10, 'httx']] as const) {
    const visits = indexedObjectVisits();
    const analyses = objectAnalyses();
    const affected = ws.setFile(BIG, apps((j) => (j === i ? port : initial(j))), { open: true });
    const findings = ws.findings(BIG);
    // One Service out, its new version in; the other 39 objects stay filed where they were.
    assert.equal(indexedObjectVisits() - visits, 2);
    // The new Service only: nothing else depends on a key it provides (its Deployment is selected, not selecting).
    assert.equal(objectAnalyses() - analyses, 1);
    assert.deepEqual([...affected], [BIG]);
    assert.equal(findings.some((f) => f.rule === 'target-port-name-unresolved' && ws.text(BIG)!.slice(f.span.start, f.span.end) === 'httx'), port === 'httx');
    assert.deepEqual(all(ws), fresh(ws));
  }
});

test('typing that changes the length moves the later documents: their copies take the objects\' place and keep their findings, moved, in this file and in others', () => {
  const ws = new Workspace();
  ws.setFile(BIG, apps(initial), { open: true });
  // A Service of another file (closed) selects app-15's Deployment: its finding points into the big file.
  const OTHER = 'file:///other.yaml';
  ws.setFile(OTHER, service('ext', '9090', '{app: app-15}', 9090));
  const related = () => ws.findings(OTHER).flatMap((f) => f.related.filter((r) => r.uri === BIG).map((r) => ws.text(BIG)!.slice(r.span.start, r.span.end)));
  assert.equal(related().length, 1);
  const pointedAt = related()[0]!;
  assert.ok(pointedAt.length > 0);
  ws.findings(BIG);
  // app-0's Service (the second document) is typed into, a character at a time, then back; then a document is added in front (every index changes).
  const steps: [string, string, number][] = [
    ['typing a character', apps((j) => (j === 0 ? 'htpx' : initial(j))), 38],
    ['typing another', apps((j) => (j === 0 ? 'htpxy' : initial(j))), 38],
    ['deleting them', apps(initial), 38],
    // (The first document now starts with `---`: its text changed, so app-0's Deployment is new, and its Service is analysed again.)
    ['a document in front', `${service('first', 'http')}---\n${apps(initial)}`, 39],
  ];
  for (const [step, text, moved] of steps) {
    const visits = indexedObjectVisits();
    const moves = indexedObjectMoves();
    const analyses = objectAnalyses();
    const affected = ws.setFile(BIG, text, { open: true });
    for (const u of ws.uris()) ws.findings(u);
    assert.deepEqual([indexedObjectVisits() - visits, indexedObjectMoves() - moves, objectAnalyses() - analyses], step === 'a document in front' ? [3, moved, 3] : [2, moved, 1], step);
    // The other file's finding moved with the Deployment it points at (republished, not analysed again).
    assert.deepEqual([...affected].sort(), [BIG, OTHER], step);
    assert.deepEqual(related(), [pointedAt], step);
    assert.deepEqual(all(ws), fresh(ws), step);
  }
});

test('documents that change places in one edit are new objects, not moves (lookups answer in source order)', () => {
  const doc = (name: string) => `---\n${deployment(name, '{tier: x}')}`;
  const head = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm, namespace: shop}\n';
  const ws = new Workspace();
  ws.setFile(BIG, head + doc('aaa') + doc('bbb'), { open: true });
  ws.setFile('file:///other.yaml', service('ext', '9090', '{tier: x}', 9090));
  ws.findings('file:///other.yaml');
  const moves = indexedObjectMoves();
  const affected = ws.setFile(BIG, head + doc('bbb') + doc('aaa'), { open: true });
  assert.equal(indexedObjectMoves() - moves, 0);
  assert.ok(affected.has('file:///other.yaml'));
  assert.deepEqual(all(ws), fresh(ws));
});

test('a kept object is analysed again when an edit touches a key it depends on, in the same file or another', () => {
  const ws = new Workspace();
  ws.setFile(BIG, apps(initial), { open: true });
  ws.findings(BIG);
  // The Deployment of app-1 loses its port name: its Service (kept, same object) must see it.
  const analyses = objectAnalyses();
  const edited = apps(initial).replace(`{app: app-1}}\n    spec:\n      containers:\n      - name: c\n        ports: [{name: http,`, `{app: app-1}}\n    spec:\n      containers:\n      - name: c\n        ports: [{name: htpx,`);
  assert.notEqual(edited, apps(initial));
  ws.setFile(BIG, edited, { open: true });
  const findings = ws.findings(BIG);
  assert.equal(objectAnalyses() - analyses, 2, 'the new Deployment and the Service that selects it');
  assert.ok(findings.some((f) => f.rule === 'target-port-name-unresolved' && f.message.includes('app-1')));
  assert.deepEqual(all(ws), fresh(ws));

  // A Deployment in another file gets app-2's labels: app-2's Service (kept in the open file) selects it too.
  ws.setFile('file:///extra.yaml', deployment('extra', '{app: app-2}').replace('name: http', 'name: web'));
  ws.findings(BIG);
  assert.deepEqual(all(ws), fresh(ws));
});

test('a caller in an open file hears of a workload edit that takes the endpoints of a Service it calls, whose open file keeps its objects', () => {
  const ws = new Workspace();
  const CALLER = (note: string) => `${deployment('frontend', '{app: frontend}', `        env: [{name: CART_SERVICE_ADDR, value: "cart:80"}, {name: NOTE, value: "${note}"}]\n`)}`;
  ws.setFile('file:///services.yaml', `${service('cart', 'http')}---\n${service('unrelated', 'http')}`, { open: true });
  ws.setFile('file:///cart.yaml', deployment('cart'), { open: true });
  ws.setFile('file:///caller.yaml', `${CALLER('a')}---\n${deployment('worker')}`, { open: true });
  const rules = () => ws.findings('file:///caller.yaml').map((f) => f.rule);
  assert.deepEqual(rules(), []);
  ws.findings('file:///services.yaml');
  // The Service's file is not edited (its objects and their findings are kept); only the workload it selects.
  const affected = ws.setFile('file:///cart.yaml', deployment('cart', '{app: kart}'), { open: true });
  assert.ok(affected.has('file:///caller.yaml'));
  assert.deepEqual(rules(), ['service-reference-no-endpoints']);
  assert.deepEqual(all(ws), fresh(ws));
  ws.setFile('file:///cart.yaml', deployment('cart'), { open: true });
  assert.deepEqual(rules(), []);
  // An edit of another document of the caller's file keeps the caller's findings.
  const analyses = objectAnalyses();
  ws.setFile('file:///caller.yaml', `${CALLER('a')}---\n${deployment('worker2')}`, { open: true });
  assert.deepEqual(rules(), []);
  assert.equal(objectAnalyses() - analyses, 1);
  assert.deepEqual(all(ws), fresh(ws));
});

test('settings and closing the editor drop what is kept per object', () => {
  const ws = new Workspace();
  ws.setFile(BIG, apps(initial), { open: true });
  assert.equal(ws.findings(BIG).filter((f) => f.rule === 'target-port-name-unresolved').length, 7);
  ws.setSettings({ ...ws.settings, rules: { ...ws.settings.rules, 'target-port-name-unresolved': 'off' } });
  assert.equal(ws.findings(BIG).filter((f) => f.rule === 'target-port-name-unresolved').length, 0);
  ws.close(BIG);
  const analyses = objectAnalyses();
  ws.setFile(BIG, apps((i) => (i === 4 ? 'httx' : initial(i))));
  ws.findings(BIG);
  // A closed file is analysed whole (no memo is kept for it).
  assert.equal(objectAnalyses() - analyses, 40);
  assert.deepEqual(all(ws), fresh(ws).filter((l) => !l.includes('target-port-name-unresolved')));
});
