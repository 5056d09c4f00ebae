import assert from 'node:assert/strict';
import { test } from 'node:test';
import { detectStyle, emitDocument } from '../../server/src/core/edits/emit';
import { applyEdits, type TextEdit } from '../../server/src/core/edits/text-edit';
import { appendDocumentAfter, insertionOf, YamlEditor } from '../../server/src/core/edits/yaml-edit';
import { parseFile } from '../../server/src/core/parse/parse-file';
import { isMap, isSeq } from '../../server/src/core/parse/yaml';

/** An editor on document `n` of `text`, and a helper to reach a map by key path. */
function editor(text: string, n = 0, uri = 'file:///ws/a.yaml') {
  const parsed = parseFile({ uri, text, defaultNamespace: 'default' });
  const doc = parsed.documents[n]!;
  const ed = new YamlEditor(text, doc);
  const at = (...path: (string | number)[]) => {
    let node: unknown = doc.yaml!.contents;
    for (const k of path) {
      if (typeof k === 'number') node = isSeq(node) ? node.items[k] : undefined;
      else node = isMap(node) ? ed.pair(node, k)?.value : undefined;
    }
    return node;
  };
  return { ed, at, doc };
}
const apply = (text: string, e: TextEdit | undefined) => {
  assert.ok(e, 'an edit');
  return applyEdits(text, [e]);
};

test('insert a key into a block map keeps comments and uses the map indentation (2 and 4)', () => {
  const two = 'spec:\n  ports:\n  - port: 80 # web\n    targetPort: 8080\n  # trailing\n';
  const { ed, at } = editor(two);
  assert.equal(
    apply(two, ed.insertPair(at('spec', 'ports', 0) as never, 'nodePort', 30000, { after: ['targetPort'] })),
    'spec:\n  ports:\n  - port: 80 # web\n    targetPort: 8080\n    nodePort: 30000\n  # trailing\n',
  );
  const four = 'spec:\n    ports:\n        -   port: 80\n    selector:\n        app: web\n';
  const e4 = editor(four);
  assert.equal(
    apply(four, e4.ed.insertPair(e4.at('spec', 'ports', 0) as never, 'nodePort', 30000)),
    'spec:\n    ports:\n        -   port: 80\n            nodePort: 30000\n    selector:\n        app: web\n',
  );
  assert.equal(apply(four, e4.ed.insertPair(e4.at('spec') as never, 'type', 'NodePort', { start: true })), 'spec:\n    type: NodePort\n    ports:\n        -   port: 80\n    selector:\n        app: web\n');
});

test('insert into flow maps: inline YAML, and one entry per line with quoted keys in JSON', () => {
  const flow = 'ports: [{port: 80, targetPort: 8080}, {}]\n';
  const { ed, at } = editor(flow);
  assert.equal(apply(flow, ed.insertPair(at('ports', 0) as never, 'nodePort', 30000)), 'ports: [{port: 80, targetPort: 8080, nodePort: 30000}, {}]\n');
  assert.equal(apply(flow, ed.insertPair(at('ports', 1) as never, 'port', 81)), 'ports: [{port: 80, targetPort: 8080}, {port: 81}]\n');
  const json = '{\n  "spec": {\n    "ports": [\n      {\n        "port": 80\n      }\n    ]\n  }\n}\n';
  const j = editor(json, 0, 'file:///ws/a.json');
  assert.ok(j.ed.json);
  assert.equal(
    apply(json, j.ed.insertPair(j.at('spec', 'ports', 0) as never, 'nodePort', 30000)),
    '{\n  "spec": {\n    "ports": [\n      {\n        "port": 80,\n        "nodePort": 30000\n      }\n    ]\n  }\n}\n',
  );
  assert.equal(apply(json, j.ed.insertPair(j.at('spec') as never, 'type', 'NodePort', { start: true })), json.replace('"spec": {\n    ', '"spec": {\n    "type": "NodePort", '));
});

test('replace a scalar keeps its quoting; a quoted number becomes a plain number', () => {
  const text = "a: \"ClusterIP\"\nb: 'x'\nc: plain\nd: \"8080\"\n";
  const { ed, at } = editor(text);
  assert.equal(apply(text, ed.replaceScalar(at('a'), 'NodePort')), text.replace('"ClusterIP"', '"NodePort"'));
  assert.equal(apply(text, ed.replaceScalar(at('b'), "it's")), text.replace("'x'", "'it''s'"));
  assert.equal(apply(text, ed.replaceScalar(at('c'), 'NodePort')), text.replace('plain', 'NodePort'));
  assert.equal(apply(text, ed.replaceScalar(at('d'), 8080)), text.replace('"8080"', '8080'));
});

test('remove a key: its line in block maps, the entry in flow maps, the first key of a `- ` item', () => {
  const text = 'ports:\n- port: 80\n  nodePort: 30080 # old\n  protocol: TCP\n- nodePort: 30081\n  port: 81\n- {port: 82, nodePort: 30082}\n';
  const { ed, at } = editor(text);
  assert.equal(apply(text, ed.removePair(at('ports', 0) as never, 'nodePort')), text.replace('  nodePort: 30080 # old\n', ''));
  assert.equal(apply(text, ed.removePair(at('ports', 1) as never, 'nodePort')), text.replace('- nodePort: 30081\n  port: 81', '- port: 81'));
  assert.equal(apply(text, ed.removePair(at('ports', 2) as never, 'nodePort')), text.replace(', nodePort: 30082', ''));
});

test('append an item to block sequences in both `- ` styles and to flow sequences', () => {
  const level = 'c:\n  ports:\n  - containerPort: 80\n    name: http\n';
  const l = editor(level);
  assert.equal(apply(level, l.ed.appendItem(l.at('c', 'ports') as never, { name: 'grpc', containerPort: 9000 })), level + '  - name: grpc\n    containerPort: 9000\n');
  const indented = 'c:\n    ports:\n        - containerPort: 80\n';
  const i = editor(indented);
  assert.equal(apply(indented, i.ed.appendItem(i.at('c', 'ports') as never, { containerPort: 81 })), indented + '        - containerPort: 81\n');
  const flow = 'c: {ports: [{containerPort: 80}]}\n';
  const f = editor(flow);
  assert.equal(apply(flow, f.ed.appendItem(f.at('c', 'ports') as never, { containerPort: 81 })), 'c: {ports: [{containerPort: 80}, {containerPort: 81}]}\n');
});

test('an insertion records what it means (collection, key or item, value); other edits record nothing', () => {
  const text = 'c:\n  ports:\n    - containerPort: 80\n  name: web\n';
  const { ed, at } = editor(text);
  const seq = at('c', 'ports') as never;
  const map = at('c') as never;
  const span = (n: unknown) => ed.span(n)!;
  assert.deepEqual(insertionOf(ed.appendItem(seq, { containerPort: 81 })!), { kind: 'item', into: span(seq), value: { containerPort: 81 } });
  assert.deepEqual(insertionOf(ed.insertPair(map, 'image', 'nginx', { after: ['name'] })!), { kind: 'pair', into: span(map), key: 'image', value: 'nginx', where: { after: ['name'] } });
  assert.equal(insertionOf(ed.replaceScalar(at('c', 'name'), 'api')!), undefined);
  assert.equal(insertionOf(ed.removePair(map, 'name')!), undefined);
});

test('insert a nested value emits the file style (indent 4, indented sequences)', () => {
  const text = 'containers:\n    -   name: app\n        image: nginx\n';
  const { ed, at } = editor(text);
  assert.deepEqual(detectStyle(text).indent, 4);
  assert.equal(
    apply(text, ed.insertPair(at('containers', 0) as never, 'ports', [{ containerPort: 80 }], { after: ['image'] })),
    text + '        ports:\n            -   containerPort: 80\n'.replace('-   ', '- '),
  );
});

test('append a document after document N: `---` separators and trailing newline right, CRLF kept', () => {
  const text = 'a: 1\n---\nb: 2 # c\n---\nc: 3';
  const parsed = parseFile({ uri: 'file:///ws/m.yaml', text, defaultNamespace: 'default' });
  const style = detectStyle(text);
  const body = emitDocument({ kind: 'X', spec: { ports: [{ port: 1 }] } }, style);
  assert.equal(applyEdits(text, [appendDocumentAfter(text, parsed.documents[1]!, body, style)]), 'a: 1\n---\nb: 2 # c\n---\nkind: X\nspec:\n  ports:\n  - port: 1\n---\nc: 3');
  assert.equal(applyEdits(text, [appendDocumentAfter(text, parsed.documents[2]!, body, style)]), text + '\n---\nkind: X\nspec:\n  ports:\n  - port: 1\n');
  const crlf = 'spec:\r\n  ports:\r\n  - port: 80\r\n';
  const e = editor(crlf);
  assert.equal(e.ed.style.eol, '\r\n');
  assert.equal(apply(crlf, e.ed.insertPair(e.at('spec', 'ports', 0) as never, 'nodePort', 30000)), 'spec:\r\n  ports:\r\n  - port: 80\r\n    nodePort: 30000\r\n');
  const crlfDoc = appendDocumentAfter(crlf, e.doc, emitDocument({ a: { b: 1 } }, e.ed.style), e.ed.style);
  assert.equal(applyEdits(crlf, [crlfDoc]), crlf + '---\r\na:\r\n  b: 1\r\n');
});

test('style detection: indentation and sequence style', () => {
  assert.deepEqual(detectStyle('a:\n  b:\n  - x\n'), { indent: 2, indentSequences: false, eol: '\n' });
  assert.deepEqual(detectStyle('a:\n    b:\n        - x\n'), { indent: 4, indentSequences: true, eol: '\n' });
});
