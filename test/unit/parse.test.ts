import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { nameSpanOf, isConfigMap, isService, isWorkload, textRuns, type LabelMap, type TextValue } from '../../server/src/core/model/types';
import { parseFile } from '../../server/src/core/parse/parse-file';
import { splitDocuments } from '../../server/src/core/parse/split-documents';

const parse = (text: string, uri = 'file:///ws/a.yaml', previous?: ReturnType<typeof parseFile>) =>
  parseFile({ uri, text, defaultNamespace: 'default', previous });

test('splits documents at --- markers only at column 0', () => {
  const text = 'a: 1\n---\nb: "---"\nc: |\n  ---x\n--- # c\nd: 4\n';
  const chunks = splitDocuments(text);
  assert.deepEqual(
    chunks.map((c) => c.text),
    ['a: 1\n', '---\nb: "---"\nc: |\n  ---x\n', '--- # c\nd: 4\n'],
  );
  assert.equal(chunks.map((c) => c.text).join(''), text);
});

test('reads Services and workloads with exact spans', () => {
  const text = [
    'apiVersion: v1',
    'kind: Service',
    'metadata: {name: web, namespace: shop}',
    'spec:',
    '  selector: {app: web}',
    '  ports:',
    '  - name: http',
    '    port: 80',
    '    targetPort: http',
    '---',
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: web',
    '  labels: {team: a}',
    'spec:',
    '  replicas: 3',
    '  selector: {matchLabels: {app: web}}',
    '  template:',
    '    metadata: {labels: {app: web}}',
    '    spec:',
    '      containers:',
    '      - name: nginx',
    '        ports: [{name: http, containerPort: 8080}]',
    '',
  ].join('\n');
  const parsed = parse(text);
  assert.equal(parsed.objects.length, 2);
  const [svc, deploy] = parsed.objects;
  assert.ok(svc && isService(svc) && deploy && isWorkload(deploy));
  assert.equal(svc.namespace, 'shop');
  assert.equal(svc.type, 'ClusterIP');
  const tp = svc.ports[0]!.targetPort!;
  assert.equal(text.slice(tp.start, tp.end), 'http');
  assert.equal(deploy.namespace, 'default');
  assert.equal(deploy.documentIndex, 1);
  assert.deepEqual(deploy.template?.labels?.entries.map((e) => `${e.key}=${e.value}`), ['app=web']);
  assert.deepEqual(deploy.labels?.entries.map((e) => e.key), ['team']);
  const cp = deploy.template!.containers[0]!.ports[0]!;
  assert.equal(cp.containerPort?.value, 8080);
  assert.equal(text.slice(cp.containerPort!.start, cp.containerPort!.end), '8080');
  assert.equal(deploy.replicas?.value, 3);
});

test('quoted numbers stay strings; protocol defaults to TCP', () => {
  const parsed = parse('apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  ports:\n  - port: 80\n    targetPort: "8080"\n');
  const svc = parsed.objects[0]!;
  assert.ok(isService(svc));
  assert.equal(svc.ports[0]!.targetPort!.value, '8080');
  assert.equal(svc.ports[0]!.targetPort!.quoted, true);
  assert.equal(svc.ports[0]!.protocol, 'TCP');
});

test('List items become objects; non-Kubernetes YAML is ignored silently', () => {
  const list = parse('apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Service\n  metadata: {name: a}\n- apiVersion: v1\n  kind: Pod\n  metadata: {name: b}\n');
  assert.deepEqual(list.objects.map((o) => `${o.kind}/${o.name}`), ['Service/a', 'Pod/b']);
  const compose = parse('services:\n  web:\n    image: nginx\n    ports: ["80:80"]\n');
  assert.equal(compose.objects.length, 0);
  assert.equal(compose.notes.length, 0);
});

test('JSON manifests are read', () => {
  const parsed = parse('{"apiVersion": "v1", "kind": "Service", "metadata": {"name": "j"}, "spec": {"ports": [{"port": 80}]}}', 'file:///ws/s.json');
  assert.equal(parsed.objects[0]?.name, 'j');
});

test('a broken document is skipped with one note, the others are still read', () => {
  const parsed = parse('apiVersion: v1\nkind: Service\nmetadata: {name: ok}\n---\napiVersion: v1\nkind: Pod\nmetadata: [oops\n---\nfoo: [\n');
  assert.deepEqual(parsed.objects.map((o) => o.name), ['ok']);
  assert.equal(parsed.notes.length, 1);
  assert.equal(parsed.notes[0]!.code, 'yaml-syntax');
});

test('a Helm template is reported as such', () => {
  const parsed = parse('apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Release.Name }}\n{{- if .Values.x }}\nspec: {}\n{{- end }}\n');
  assert.equal(parsed.notes[0]?.code, 'helm-template');
  assert.equal(parsed.objects.length, 0);
});

test('BOM and CRLF keep spans right', () => {
  const text = '\ufeffapiVersion: v1\r\nkind: Service\r\nmetadata:\r\n  name: crlf\r\n';
  const svc = parse(text).objects[0]!;
  assert.equal(text.slice(nameSpanOf(svc)!.start, nameSpanOf(svc)!.end), 'crlf');
});

test('unchanged documents are reused from the previous parse', () => {
  const a = 'apiVersion: v1\nkind: Service\nmetadata: {name: a}\n';
  const b = '---\napiVersion: v1\nkind: Service\nmetadata: {name: b}\n';
  const first = parse(a + b);
  const second = parse('# edited\n' + a + b, undefined, first);
  assert.equal(second.documents[1]!.yaml, first.documents[1]!.yaml, 'second document reused');
  assert.notEqual(second.documents[0]!.yaml, first.documents[0]!.yaml, 'edited document re-parsed');
  const svcB = second.objects[1]!;
  assert.equal(('# edited\n' + a + b).slice(nameSpanOf(svcB)!.start, nameSpanOf(svcB)!.end), 'b', 'spans shifted');
});

test('a scalar holds its span inline (no span object of its own), and a document moved by an edit moves it', () => {
  const doc = 'apiVersion: v1\nkind: Service\nmetadata: {name: b}\nspec:\n  selector: {app: web}\n  ports: [{port: 80, targetPort: "http"}]\n';
  const text = `apiVersion: v1\nkind: Service\nmetadata: {name: a}\n---\n${doc}`;
  const first = parse(text);
  const tp = (o: unknown) => (isService(o as never) ? (o as { ports: { targetPort: unknown }[] }).ports[0]!.targetPort : undefined) as { start: number; end: number } | undefined;
  const before = tp(first.objects[1])!;
  assert.deepEqual(Object.keys(before), ['value', 'start', 'end', 'quoted']);
  assert.equal(text.slice(before.start, before.end), '"http"');
  const edited = `# an edit before it\n${text}`;
  const second = parse(edited, undefined, first);
  assert.equal(second.documents[1]!.yaml ?? second.documents[1]!.fastTree, first.documents[1]!.yaml ?? first.documents[1]!.fastTree, 'the second document is reused');
  const moved = tp(second.objects[1])!;
  assert.deepEqual(Object.keys(moved), ['value', 'start', 'end', 'quoted']);
  assert.equal(edited.slice(moved.start, moved.end), '"http"');
  assert.deepEqual(moved, tp(parse(edited).objects[1]), 'as a fresh parse reads it');
  // A label map and its entries hold their spans inline too: the map's, each entry's key and value.
  const selector = (o: unknown) => (o as { selector: LabelMap }).selector;
  const entry = selector(second.objects[1]).entries[0]!;
  assert.deepEqual(Object.keys(entry), ['key', 'value', 'keyStart', 'keyEnd', 'valueStart', 'valueEnd']);
  assert.deepEqual([edited.slice(entry.keyStart, entry.keyEnd), edited.slice(entry.valueStart, entry.valueEnd)], ['app', 'web']);
  assert.equal(edited.slice(selector(second.objects[1]).start, selector(second.objects[1]).end), '{app: web}');
  assert.deepEqual(selector(second.objects[1]), selector(parse(edited).objects[1]));
  // So do a Service's ports.
  const port = (second.objects[1] as unknown as { ports: { start: number; end: number }[] }).ports[0]!;
  assert.ok(!('span' in port));
  assert.equal(edited.slice(port.start, port.end), '{port: 80, targetPort: "http"}');
});

test("a workload's containers and container ports hold their spans inline, moved with their document", () => {
  const doc = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: c\n    ports: [{name: http, containerPort: 8080}]\n';
  const first = parse(doc);
  const edited = `# an edit before it\n${doc}`;
  for (const [text, parsed] of [[doc, first], [edited, parse(edited, undefined, first)]] as const) {
    const w = parsed.objects[0]!;
    assert.ok(isWorkload(w));
    const c = w.template!.containers[0]!;
    const cp = c.ports[0]!;
    assert.ok(!('span' in c) && !('span' in cp));
    assert.equal(text.slice(c.start, c.end), 'name: c\n    ports: [{name: http, containerPort: 8080}]\n', 'the mapping, its last line break included (as yaml ranges it)');
    assert.equal(text.slice(cp.start, cp.end), '{name: http, containerPort: 8080}');
  }
});

test('a text value holds its span inline and its one verbatim run as a number; its runs map every character it can to the file, also after an edit moves it', () => {
  const doc = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n  plain: http://web:80\n  quoted: "web:80"\n  single: \'it\'\'s\'\n  escaped: "a\\tb"\n  block: |\n    one\n      two\n';
  const text = `apiVersion: v1\nkind: Service\nmetadata: {name: a}\n---\n${doc}`;
  const check = (source: string, cm: unknown) => {
    assert.ok(isConfigMap(cm as never));
    const data = new Map((cm as { data: { key: string; value: TextValue }[] }).data.map((e) => [e.key, e.value]));
    for (const v of data.values()) assert.deepEqual(Object.keys(v), ['value', 'start', 'end', 'runs']);
    assert.deepEqual([data.get('plain')!.runs, data.get('quoted')!.runs], [0, 1], 'one run, as a number');
    assert.equal(source.slice(data.get('quoted')!.start, data.get('quoted')!.end), '"web:80"');
    assert.equal(data.get('single')!.runs, undefined, "'' is not verbatim");
    assert.equal(textRuns(data.get('escaped')!), undefined);
    assert.ok(Array.isArray(data.get('block')!.runs));
    for (const key of ['plain', 'quoted', 'block']) {
      const v = data.get(key)!;
      const runs = textRuns(v)!;
      for (const r of runs) assert.equal(source.slice(r.start, r.end), v.value.slice(r.from, r.from + (r.end - r.start)), key);
      assert.equal(runs.reduce((n, r) => n + (r.end - r.start), 0), v.value.replace(/\n/g, '').length, `${key}: every character but the line breaks`);
    }
    return data;
  };
  const first = parse(text);
  const original = check(text, first.objects[1]);
  const edited = `# an edit before it\n${text}`;
  const moved = check(edited, parse(edited, undefined, first).objects[1]);
  assert.deepEqual([...moved.values()], [...check(edited, parse(edited).objects[1]).values()], 'as a fresh parse reads it');
  assert.notEqual(moved.get('block')!.start, original.get('block')!.start);
  assert.equal(moved.get('block')!.runs, original.get('block')!.runs, "the runs count from the value's start: a move shares them");
});

test("a text value's runs that do not fit it are not read (the list may come from the cache)", () => {
  const v = (runs: number[]): TextValue => ({ value: 'one\ntwo', start: 10, end: 24, runs });
  assert.deepEqual(textRuns(v([4, 7, 0, 10, 13, 4])), [
    { start: 14, end: 17, from: 0 },
    { start: 20, end: 23, from: 4 },
  ]);
  for (const bad of [[4, 7], [4, 15, 0], [-1, 2, 0], [4, 7, 6], [5, 4, 0], [4.5, 7, 0], [4, 7, -1]]) assert.equal(textRuns(v(bad)), undefined, JSON.stringify(bad));
});

test('reuse keeps the objects of documents that stay in place, counted from either end; a NUL typed into one document skips the file', () => {
  const doc = (name: string) => `apiVersion: v1\nkind: Service\nmetadata: {name: ${name}}\n`;
  const text = (middle: string) => [doc('a'), middle, doc('c'), doc('d')].join('---\n');
  const first = parse(text(doc('b')));
  // Same length (b → x): every other document keeps its objects, the same ones.
  const typed = parse(text(doc('x')), undefined, first);
  assert.deepEqual(typed.objects.map((o, i) => o === first.objects[i]), [true, false, true, true]);
  // A document inserted before the last two: they keep their objects too (moved: copies with shifted spans).
  const inserted = parse(text(`${doc('b')}---\n${doc('b2')}`), undefined, first);
  assert.equal(inserted.objects[0], first.objects[0]);
  assert.deepEqual(inserted.objects.map((o) => o.name), ['a', 'b', 'b2', 'c', 'd']);
  const withNul = parse(text(doc('b\u0000')), undefined, first);
  assert.deepEqual([withNul.objects.length, withNul.notes.map((n) => n.code)], [0, ['not-text']]);
  assert.deepEqual(parse(text(doc('b')), undefined, withNul).objects.map((o) => o.name), ['a', 'b', 'c', 'd']);
});

test('a moved document\'s objects are what a fresh parse reads there, and the previous parse is left as it was', () => {
  const root = path.resolve(__dirname, '../../examples');
  const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => /\.ya?ml$/.test(f)).map((f) => readFileSync(path.join(root, f), 'utf8'));
  const texts = files.filter((t) => splitDocuments(t).length > 1);
  assert.ok(texts.length >= 5);
  for (const text of texts) {
    const first = parse(text);
    const before = structuredClone(first.objects);
    const at = text.indexOf('\n') + 1;
    // Typing (a longer first document), deleting (a shorter one), a document inserted in front (new indexes).
    for (const edited of [`${text.slice(0, at)}# typed\n${text.slice(at)}`, text.slice(0, at - 1) + text.slice(at), `kind: Pod\n---\n${text}`]) {
      const moved = parse(edited, undefined, first);
      assert.deepEqual(moved.objects, parse(edited).objects);
    }
    assert.deepEqual(first.objects, before);
  }
});

test('aliases resolve one level and alias bombs cost nothing', () => {
  const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
  for (let i = 1; i < 12; i++) bomb.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill('*' + String.fromCharCode(96 + i)).join(',')}]`);
  const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: lol}\ndata:\n' + bomb.map((l) => '  ' + l).join('\n') + '\n';
  const parsed = parse(text);
  assert.equal(parsed.objects[0]?.name, 'lol');
  const withAlias = parse('x: &sel {app: web}\napiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  selector: *sel\n');
  const svc = withAlias.objects[0]!;
  assert.ok(isService(svc));
  assert.deepEqual(svc.selector?.entries.map((e) => e.value), ['web']);
});

test('a directive stays with the document that follows it', () => {
  const text = '%YAML 1.2\n---\napiVersion: v1\nkind: Service\nmetadata: {name: a}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: b}\n';
  assert.deepEqual(
    splitDocuments(text).map((c) => c.text),
    ['%YAML 1.2\n---\napiVersion: v1\nkind: Service\nmetadata: {name: a}\n', '---\napiVersion: v1\nkind: Service\nmetadata: {name: b}\n'],
  );
  assert.deepEqual(parse(text).objects.map((o) => o.name), ['a', 'b']);
});

test("a container's duplicate keys: the last wins, on both paths, and the Pod DNS names come from what is read", () => {
  const text = [
    'apiVersion: apps/v1',
    'kind: StatefulSet',
    'metadata: {name: s}',
    'spec:',
    '  template:',
    '    spec:',
    '      containers:',
    '      - name: a',
    '        ports: [{containerPort: 1}]',
    '        env: [{name: X, value: redis-0.one}]',
    '        command: [sh, -c, "zk-0.zk-hs"]',
    '        ports: [{containerPort: 2}]',
    '        name: b',
    '        env: [{name: Y, value: redis-0.two}, {value: web-1.web}, {name: N, value: 5}]',
    '        args: ["--peer=db-2.db-hs:5432"]',
    '      initContainers:',
    '      - {name: i, restartPolicy: Never, restartPolicy: Always, args: [ETCD-3.Etcd]}',
    '',
  ].join('\n');
  for (const fast of ['all', false] as const) {
    const file = parseFile({ uri: 'file:///ws/a.yaml', text, defaultNamespace: 'default', fast });
    const w = file.objects[0]!;
    assert.ok(isWorkload(w));
    const containers = w.template!.containers;
    assert.deepEqual(
      containers.map((c) => [c.name?.value, c.section, c.restartable, c.ports.map((p) => p.containerPort?.value), c.env.map((e) => e.name), c.command.map((t) => t.value), c.args.map((t) => t.value)]),
      [
        ['b', 'containers', false, [2], ['Y', 'N'], ['sh', '-c', 'zk-0.zk-hs'], ['--peer=db-2.db-hs:5432']],
        ['i', 'initContainers', true, [], [], [], ['ETCD-3.Etcd']],
      ],
      String(fast),
    );
    assert.deepEqual(w.podDnsNames, ['redis.two', 'web.web', 'zk.zk-hs', 'db.db-hs', 'etcd.etcd'], String(fast));
  }
});
