/**
 * One test per class of hostile or awkward input, at the core: each is either analysed, or
 * skipped with exactly one information note saying why; never an exception, never a range
 * outside the text. (Server-level cases — files on disk, links, FIFOs, a throwing request — are
 * in test/protocol/robustness.test.ts.)
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Finding } from '../../../server/src/core/findings';
import { documentSymbols } from '../../../server/src/core/features/document-symbols';
import { normalizeSettings } from '../../../server/src/core/settings';
import { Workspace } from '../../../server/src/core/workspace/workspace';
import { decodeText } from '../../../server/src/host/manifest-files';
import { MAX_NESTING, nestsTooDeep } from '../../../server/src/core/parse/nesting';
import { REGEXP_ABORT_PAIR } from '../../support/hostile';
import { nameSpanOf } from '../../../server/src/core/model/types';

const SKIP_CODES = ['yaml-syntax', 'helm-template', 'file-too-large', 'not-text', 'too-complex'];

const SERVICE = (name: string, selector: string) =>
  `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\nspec:\n  selector:\n    app: ${selector}\n  ports:\n  - name: http\n    port: 80\n    targetPort: http\n`;
const DEPLOYMENT = (app: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${app}\nspec:\n  selector:\n    matchLabels: {app: ${app}}\n  template:\n    metadata:\n      labels: {app: ${app}}\n    spec:\n      containers:\n      - name: c\n        ports:\n        - name: http\n          containerPort: 8080\n`;

interface Result {
  readonly ws: Workspace;
  readonly findings: Map<string, Finding[]>;
  /** `Kind/name` of every object read, per file. */
  readonly objects: Map<string, string[]>;
  /** The rule ids of a file's findings. */
  codes(path: string): string[];
}

/** Loads files into a workspace and checks the invariants every input must keep. */
function analyse(files: Record<string, string>, settings: Record<string, unknown> = {}): Result {
  const ws = new Workspace({ settings: normalizeSettings(settings), onRuleError: (rule, uri, e) => assert.fail(`rule ${rule} threw on ${uri}: ${String(e)}`) });
  for (const [path, text] of Object.entries(files)) ws.setFile(`file:///ws/${path}`, text);
  const findings = new Map<string, Finding[]>();
  const objects = new Map<string, string[]>();
  for (const uri of ws.uris()) {
    const text = ws.text(uri)!;
    const f = ws.findings(uri);
    for (const x of f) assert.ok(x.span.start >= 0 && x.span.start <= x.span.end && x.span.end <= text.length, `${x.rule} span inside ${uri}`);
    assert.ok(f.filter((x) => SKIP_CODES.includes(x.rule)).length <= 1, `at most one skip note in ${uri}: ${f.map((x) => x.rule).join()}`);
    for (const x of f.filter((y) => SKIP_CODES.includes(y.rule))) assert.equal(x.severity, 'information', 'skip notes are information');
    documentSymbols(ws.objectsOf(uri)); // the outline never throws either
    const path = uri.slice('file:///ws/'.length);
    findings.set(path, f);
    objects.set(
      path,
      ws.objectsOf(uri).map((o) => `${o.kind}/${o.name}`),
    );
  }
  return { ws, findings, objects, codes: (path) => (findings.get(path) ?? []).map((f) => f.rule) };
}

test('YAML alias bombs ("billion laughs") cost nothing and do not hide the objects around them', () => {
  const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i < 16; i++) levels.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill('*' + String.fromCharCode(96 + i)).join(',')}]`);
  const bomb = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: lol}\ndata:\n' + levels.map((l) => '  ' + l).join('\n') + '\n';
  // The bomb aimed at wiring fields: a selector and ports that are aliases of the exploding node.
  const aimed = `apiVersion: v1\nkind: Service\nmetadata: {name: aimed}\nspec:\n  selector: *p\n  ports: *p\n`;
  const r = analyse({ 'bomb.yaml': bomb + '---\n' + levels.map((l) => 'x' + l).join('\n') + '\n---\n' + SERVICE('web', 'web'), 'aimed.yaml': levels.join('\n') + '\n---\n' + aimed, 'app.yaml': DEPLOYMENT('web') });
  assert.deepEqual(r.objects.get('bomb.yaml'), ['ConfigMap/lol', 'Service/web']);
  assert.deepEqual(r.codes('bomb.yaml'), []);
  // An alias of another document's anchor resolves to nothing: the Service is read without a selector.
  assert.deepEqual(r.objects.get('aimed.yaml'), ['Service/aimed']);
  const inDoc = analyse({ 'aimed.yaml': 'apiVersion: v1\nkind: Service\nmetadata: {name: aimed}\nx:\n' + levels.map((l) => '  ' + l).join('\n') + `\nspec:\n  selector: *p\n  ports: *p\n` });
  assert.deepEqual(inDoc.objects.get('aimed.yaml'), ['Service/aimed']);
});

test('very large files: over kubePorts.maxFileSize they are skipped with one note, the limit is a setting', () => {
  const big = 'apiVersion: v1\nkind: Service\nmetadata: {name: big}\n' + '#'.repeat(50 * 1024 * 1024) + '\n';
  const r = analyse({ 'big.yaml': big });
  assert.deepEqual(r.codes('big.yaml'), ['file-too-large']);
  assert.match(r.findings.get('big.yaml')![0]!.message, /50\.0 MB, over the kubePorts\.maxFileSize limit of 4\.0 MB/);
  assert.deepEqual(r.objects.get('big.yaml'), []);
  // Not read at all (the host passes only the size).
  const ws = new Workspace();
  ws.setFile('file:///ws/unread.yaml', '', { unreadSize: 50 * 1024 * 1024 });
  assert.deepEqual(ws.findings('file:///ws/unread.yaml').map((f) => f.rule), ['file-too-large']);
  // The default covers the largest real manifests (opentelemetry-demo.yaml is 637 KB, CRD bundles ~1 MB).
  assert.ok(normalizeSettings({}).maxFileSize >= 4 * 1024 * 1024);
  const small = analyse({ 'svc.yaml': SERVICE('web', 'nothing') }, { maxFileSize: 20 });
  assert.deepEqual(small.codes('svc.yaml'), ['file-too-large']);
  assert.equal(normalizeSettings({ maxFileSize: -1 }).maxFileSize, normalizeSettings({}).maxFileSize, 'a nonsense limit falls back to the default');
});

test('100k-line files are analysed', () => {
  const lines = Array.from({ length: 100_000 }, (_, i) => `  key-${i}: "value ${i}"`);
  const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: huge}\ndata:\n' + lines.join('\n') + '\n---\n' + SERVICE('web', 'nothing');
  assert.ok(text.split('\n').length > 100_000);
  const r = analyse({ 'huge.yaml': text });
  assert.deepEqual(r.objects.get('huge.yaml'), ['ConfigMap/huge', 'Service/web']);
  assert.deepEqual(r.codes('huge.yaml'), ['service-selects-nothing']);
});

test('nesting thousands of levels deep is skipped with one note (block, flow and mixed)', () => {
  const n = 20_000;
  const flow = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep}\ndata: ' + '['.repeat(n) + ']'.repeat(n) + '\n';
  const flowMap = 'x: ' + '{a: '.repeat(n) + '1' + '}'.repeat(n) + '\n';
  const block = Array.from({ length: 3000 }, (_, i) => ' '.repeat(i) + 'k:').join('\n') + ' v\n';
  const r = analyse({ 'flow.yaml': flow + '---\n' + SERVICE('web', 'nothing'), 'map.yaml': flowMap, 'block.yaml': block });
  assert.deepEqual(r.codes('flow.yaml'), ['too-complex', 'service-selects-nothing'], 'the other document is still read');
  assert.deepEqual(r.objects.get('flow.yaml'), ['Service/web']);
  assert.ok(['too-complex', 'yaml-syntax'].includes(r.codes('map.yaml')[0]!) || r.codes('map.yaml').length === 0);
  assert.ok(r.codes('block.yaml').length <= 1);
});

test('a Helm template then a 20,000-deep flow sequence: no V8 abort (the pair of issue 16), each skipped with its note', () => {
  // On main this killed the process (a fatal error, not an exception): the test file itself died.
  const r = analyse(REGEXP_ABORT_PAIR);
  assert.deepEqual(r.codes('helm.yaml'), ['helm-template']);
  assert.deepEqual(r.codes('deepflow.yaml'), ['too-complex']);
});

test('the nesting measure: deep block, flow, sequence-indicator and mixed nesting; brackets in quotes and comments do not count', () => {
  const deep = MAX_NESTING + 1;
  assert.ok(nestsTooDeep('x: ' + '['.repeat(deep) + ']'.repeat(deep)));
  assert.ok(nestsTooDeep('x: ' + '{a: '.repeat(deep) + '1' + '}'.repeat(deep)));
  assert.ok(nestsTooDeep(Array.from({ length: deep }, (_, i) => ' '.repeat(i) + 'k:').join('\n')));
  assert.ok(nestsTooDeep('- '.repeat(deep) + 'x\n'));
  assert.ok(nestsTooDeep(Array.from({ length: 200 }, (_, i) => ' '.repeat(i) + 'k:').join('\n') + ' ' + '['.repeat(100)));
  assert.ok(!nestsTooDeep('x: ' + '['.repeat(100) + ']'.repeat(100)));
  assert.ok(!nestsTooDeep(`x: ["${'['.repeat(deep)}", '${'{'.repeat(deep)}''']\n# ${'['.repeat(deep)}\ny: a${'['.repeat(deep)}\n`));
  // Balanced brackets over many lines (JSON in a ConfigMap) stay shallow.
  assert.ok(!nestsTooDeep('data:\n  a.json: |\n' + '    {"a": [1, {"b": 2}]}\n'.repeat(10_000)));
});

test('binary files named .yaml are skipped with one note', () => {
  const bytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, ...Array.from({ length: 2048 }, (_, i) => (i * 131) % 256)]);
  const r = analyse({ 'image.yaml': decodeText(bytes), 'nul.yaml': SERVICE('web', 'x') + '\u0000' });
  assert.deepEqual(r.codes('image.yaml'), ['not-text']);
  assert.deepEqual(r.codes('nul.yaml'), ['not-text']);
  assert.equal(r.findings.get('image.yaml')![0]!.span.start, 0);
});

test('invalid UTF-8 becomes U+FFFD and the file is analysed; UTF-16 with a BOM is decoded', () => {
  const [head, tail] = SERVICE('bytes', 'nothing').split('spec:\n');
  const buffer = Buffer.concat([Buffer.from(head + '  annotations: {note: "'), Buffer.from([0xc3, 0x28, 0xff, 0xfe, 0x80, 0xed, 0xa0, 0x80]), Buffer.from('"}\nspec:\n' + tail)]);
  const text = decodeText(buffer);
  assert.ok(text.includes('\ufffd'));
  const truncated = decodeText(Buffer.from([...Buffer.from(SERVICE('cut', 'nothing') + '# cut: '), 0xe2, 0x82])); // a cut multi-byte character at the end
  const utf16le = decodeText(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(SERVICE('le', 'nothing'), 'utf16le')]));
  const be = Buffer.from(SERVICE('be', 'nothing'), 'utf16le').swap16();
  const utf16be = decodeText(Buffer.concat([Buffer.from([0xfe, 0xff]), be]));
  const oddUtf16 = decodeText(Buffer.from([0xff, 0xfe, 0x61, 0x00, 0x3a])); // an odd byte count
  const r = analyse({ 'bad.yaml': text, 'cut.yaml': truncated, 'le.yaml': utf16le, 'be.yaml': utf16be, 'odd.yaml': oddUtf16 });
  for (const f of ['bad.yaml', 'cut.yaml', 'le.yaml', 'be.yaml']) assert.deepEqual(r.codes(f), ['service-selects-nothing'], f);
  assert.deepEqual(r.objects.get('le.yaml'), ['Service/le']);
  assert.ok(r.codes('odd.yaml').length <= 1);
});

test('a BOM and CRLF line ends keep every span right', () => {
  const text = '\ufeff' + SERVICE('crlf', 'nothing').replace(/\n/g, '\r\n') + '---\r\n' + DEPLOYMENT('x').replace(/\n/g, '\r\n');
  const r = analyse({ 'crlf.yaml': text, 'bom-only.yaml': '\ufeff', 'bom-json.json': '\ufeff{"apiVersion": "v1", "kind": "Service", "metadata": {"name": "j"}, "spec": {"selector": {"app": "n"}, "ports": [{"port": 80}]}}' });
  const svc = r.ws.objectsOf('file:///ws/crlf.yaml')[0]!;
  assert.equal(text.slice(nameSpanOf(svc)!.start, nameSpanOf(svc)!.end), 'crlf');
  const f = r.findings.get('crlf.yaml')!;
  assert.deepEqual(f.map((x) => x.rule), ['service-selects-nothing']);
  const lf = analyse({ 'lf.yaml': SERVICE('crlf', 'nothing') });
  const g = lf.findings.get('lf.yaml')![0]!;
  assert.equal(text.slice(f[0]!.span.start, f[0]!.span.end).replace(/\r/g, ''), lf.ws.text('file:///ws/lf.yaml')!.slice(g.span.start, g.span.end), 'the same span as with LF');
  assert.deepEqual(r.codes('bom-only.yaml'), []);
  assert.deepEqual(r.objects.get('bom-json.json'), ['Service/j']);
});

test('tabs: in values they are text; as indentation the document is skipped with one note', () => {
  const inValue = SERVICE('tabs', 'nothing').replace('metadata:\n', 'metadata:\n  annotations: {note: "a\tb"}\n') + '# \ttrailing\t\n';
  const indented = 'apiVersion: v1\nkind: Service\nmetadata:\n\tname: tabbed\n';
  const r = analyse({ 'value.yaml': inValue, 'indent.yaml': indented + '---\n' + SERVICE('after', 'nothing') });
  assert.deepEqual(r.codes('value.yaml'), ['service-selects-nothing']);
  assert.deepEqual(r.codes('indent.yaml'), ['yaml-syntax', 'service-selects-nothing']);
  assert.deepEqual(r.objects.get('indent.yaml'), ['Service/after']);
});

test('duplicate keys: the last one wins, as in the API server', () => {
  const text = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: first\n  name: second\nspec:\n  selector: {app: a}\n  selector: {app: nothing}\n  ports:\n  - port: 80\n    port: 81\n';
  const r = analyse({ 'dup.yaml': text });
  assert.deepEqual(r.objects.get('dup.yaml'), ['Service/second']);
  assert.deepEqual(r.codes('dup.yaml'), ['service-selects-nothing']);
});

test('Helm templates are skipped with one note; values files are plain YAML', () => {
  const template = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ include "app.fullname" . }}\n{{- if .Values.x }}\nspec:\n  ports:\n  {{- range .Values.ports }}\n  - port: {{ .port }}\n  {{- end }}\n{{- end }}\n';
  const r = analyse({ 'templates/svc.yaml': template + '---\n' + template, 'values.yaml': 'service:\n  port: 80\n  type: ClusterIP\n', 'templates/NOTES.yaml': '{{ .Release.Name }}\n' });
  assert.deepEqual(r.codes('templates/svc.yaml'), ['helm-template'], 'one note for the file, not one per document');
  assert.deepEqual(r.objects.get('templates/svc.yaml'), []);
  assert.deepEqual(r.codes('values.yaml'), []);
  assert.ok(r.codes('templates/NOTES.yaml').length <= 1);
});

test('Kustomize: patches are not objects of their own, the namespace is applied', () => {
  const r = analyse({
    'overlay/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: prod\nresources:\n- ../base\npatches:\n- path: svc-patch.yaml\npatchesStrategicMerge:\n- dep-patch.yaml\npatchesJson6902:\n- target: {kind: Service, name: web}\n  path: json-patch.yaml\n',
    'overlay/svc-patch.yaml': 'apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  selector: {app: nothing-at-all}\n',
    'overlay/dep-patch.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: 3\n',
    'overlay/json-patch.yaml': '- op: replace\n  path: /spec/ports/0/port\n  value: 8080\n',
    'base/kustomization.yaml': 'resources:\n- svc.yaml\n- dep.yaml\n',
    'base/svc.yaml': SERVICE('web', 'web'),
    'base/dep.yaml': DEPLOYMENT('web'),
  });
  assert.deepEqual(r.codes('overlay/svc-patch.yaml'), [], 'a partial patch gets no findings');
  assert.deepEqual(r.codes('overlay/dep-patch.yaml'), []);
  assert.deepEqual(r.codes('overlay/json-patch.yaml'), []);
  assert.deepEqual(r.codes('base/svc.yaml'), []);
  assert.equal(r.ws.objectsOf('file:///ws/base/svc.yaml')[0]!.namespace, 'prod');
  // In any order: the indexer reads a folder's kustomization.yaml before its service.yaml.
  const files: [string, string][] = [
    ['file:///ws/k/kustomization.yaml', 'kind: Kustomization\nnamespace: prod\nresources:\n- service.yaml\n'],
    ['file:///ws/k/service.yaml', SERVICE('web', 'web')],
  ];
  for (const order of [files, [...files].reverse()]) {
    for (const open of [false, true]) {
      const ws = new Workspace();
      for (const [uri, text] of order) ws.setFile(uri, text, { open });
      assert.equal(ws.objectsOf('file:///ws/k/service.yaml')[0]!.namespace, 'prod', `order ${order[0]![0]}, open ${open}`);
    }
  }
});

test('a new default namespace applies to open files too (their parse is not reused with the old namespace)', () => {
  const ws = new Workspace();
  ws.setFile('file:///ws/svc.yaml', SERVICE('web', 'web'), { open: true });
  ws.setFile('file:///ws/dep.yaml', DEPLOYMENT('web'));
  ws.setSettings(normalizeSettings({ defaultNamespace: 'team' }));
  assert.equal(ws.objectsOf('file:///ws/svc.yaml')[0]!.namespace, 'team');
  assert.equal(ws.objectsOf('file:///ws/dep.yaml')[0]!.namespace, 'team');
});

test('non-Kubernetes YAML (CI workflows, compose files, OpenAPI) is ignored silently', () => {
  const r = analyse({
    '.github/workflows/ci.yml': 'name: CI\non:\n  push:\n    branches: [main]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    services:\n      redis:\n        image: redis\n        ports: ["6379:6379"]\n    steps:\n    - uses: actions/checkout@v4\n    - run: npm test\n',
    'compose.yaml': 'services:\n  web:\n    image: nginx\n    ports:\n    - "80:80"\n    - target: 80\n      published: 8080\n  db:\n    image: postgres\n',
    'openapi.yaml': 'openapi: 3.0.0\ninfo: {title: API, version: "1"}\npaths:\n  /pods/{name}:\n    get:\n      parameters:\n      - {name: name, in: path}\ncomponents:\n  schemas:\n    Service:\n      properties:\n        kind: {type: string}\n        apiVersion: {type: string}\n        spec: {type: object}\n',
    '.gitlab-ci.yml': 'stages: [build]\nbuild:\n  script: ["make"]\n  services: ["docker:dind"]\n',
    'scalar.yaml': '42\n',
    'string.yaml': 'just a string\n',
    'list.yaml': '- a\n- b: c\n',
    'kind-number.yaml': 'apiVersion: 1\nkind: 2\nmetadata: 3\nspec: [4]\n',
  });
  for (const [file, f] of r.findings) assert.deepEqual(f, [], file);
  for (const [file, o] of r.objects) assert.ok(o.length === 0 || file === 'kind-number.yaml', `${file}: ${o.join()}`);
});

test('empty files, empty documents and comment-only documents', () => {
  const r = analyse({
    'empty.yaml': '',
    'newlines.yaml': '\n\n\n',
    'markers.yaml': '---\n---\n---\n...\n---\n',
    'comments.yaml': '# only a comment\n---\n# another\n',
    'null.yaml': '~\n---\nnull\n',
    'between.yaml': '---\n' + SERVICE('web', 'nothing') + '---\n---\n# c\n---\n',
  });
  for (const f of ['empty.yaml', 'newlines.yaml', 'markers.yaml', 'comments.yaml', 'null.yaml']) assert.deepEqual(r.codes(f), [], f);
  assert.deepEqual(r.codes('between.yaml'), ['service-selects-nothing']);
});

test('List objects: items are objects, nested and malformed lists are harmless', () => {
  const r = analyse({
    'list.yaml': 'apiVersion: v1\nkind: List\nitems:\n- ' + SERVICE('in-list', 'nothing').trimEnd().replace(/\n/g, '\n  ') + '\n- ' + DEPLOYMENT('web').trimEnd().replace(/\n/g, '\n  ') + '\n',
    'svc-list.yaml': 'apiVersion: v1\nkind: ServiceList\nitems:\n- kind: Service\n  apiVersion: v1\n  metadata: {name: s}\n  spec: {ports: [{port: 80}]}\n',
    'nested.yaml': 'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: List\n  items:\n  - apiVersion: v1\n    kind: Service\n    metadata: {name: inner}\n',
    'bad-items.yaml': 'apiVersion: v1\nkind: List\nitems: 42\n---\napiVersion: v1\nkind: List\nitems: [1, "two", null, [3], {kind: Service}]\n---\napiVersion: v1\nkind: List\n',
  });
  assert.deepEqual(r.objects.get('list.yaml'), ['Service/in-list', 'Deployment/web']);
  assert.deepEqual(r.codes('list.yaml'), ['service-selects-nothing']);
  assert.deepEqual(r.objects.get('svc-list.yaml'), ['Service/s']);
  assert.deepEqual(r.codes('bad-items.yaml'), []);
});

test('JSON manifests: objects, Lists, broken JSON and JSON that is not a manifest', () => {
  const svc = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'j' }, spec: { selector: { app: 'nothing' }, ports: [{ port: 80 }] } };
  const r = analyse({
    'svc.json': JSON.stringify(svc, null, 2),
    'list.json': JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [svc] }),
    'one-line.json': JSON.stringify(svc),
    'broken.json': '{"apiVersion": "v1", "kind": "Service", "metadata": {"name": "x"',
    'package.json': '{"name": "x", "scripts": {"test": "node"}}',
    'array.json': '[1, 2, 3]',
    'dashes.json': '{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "d"}, "data": {"x": "---\\n---"}}',
  });
  assert.deepEqual(r.codes('svc.json'), ['service-selects-nothing']);
  assert.deepEqual(r.objects.get('list.json'), ['Service/j']);
  assert.deepEqual(r.codes('one-line.json'), ['service-selects-nothing']);
  assert.deepEqual(r.codes('broken.json'), ['yaml-syntax']);
  assert.deepEqual(r.codes('package.json'), []);
  assert.deepEqual(r.codes('array.json'), []);
  assert.deepEqual(r.objects.get('dashes.json'), ['ConfigMap/d']);
});
