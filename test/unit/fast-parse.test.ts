/**
 * The fast indexing path (core/parse/fast-parse.ts) must build exactly the model the `yaml` path
 * builds, spans included, or decline. Checked document by document over the examples, the
 * shared corpus (when present), generated bench workspaces and hand-picked edge cases.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { parseFile } from '../../server/src/core/parse/parse-file';
import { FastMap, FastNode, FastScalar, FastSeq, fastParseDocument } from '../../server/src/core/parse/fast-parse';
import { isAlias, isMap, isScalar, isSeq, type Document } from '../../server/src/core/parse/yaml';

const ROOT = path.resolve(__dirname, '../..');

function walk(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== '.git' && e.name !== 'node_modules') walk(full, out);
    } else if (/\.(ya?ml|json)$/i.test(e.name)) out.push(full);
  }
  return out;
}

interface Tally {
  documents: number;
  fast: number;
}

/**
 * The fast path's tree against `yaml`'s, node by node: the same kinds, keys, scalar values and
 * styles, and the same ranges (`range[0]`, `range[1]`), whether or not the extraction reads them.
 */
function assertSameTree(fast: unknown, slow: unknown, at: string, doc: Document): void {
  // An alias: the fast path's tree holds the anchored node itself, where the readers' `deref` lands.
  if (isAlias(slow)) slow = slow.resolve(doc);
  if (fast === null) {
    // A document without content: `yaml` makes it an empty (null) scalar, the fast path `null`; neither holds an object.
    assert.ok(slow === null || (isScalar(slow) && slow.value === null), at);
    return;
  }
  const node = slow as { range: [number, number, number]; items?: unknown[]; value?: unknown; type?: string };
  assert.ok(fast instanceof FastNode, at);
  assert.deepEqual([fast.start, fast.end], [node.range[0], node.range[1]], `${at}: range`);
  if (fast instanceof FastScalar) {
    assert.ok(isScalar(slow), `${at}: a scalar`);
    assert.deepEqual(fast.value, node.value, `${at}: value`);
    assert.equal(fast.type, node.type, `${at}: style`);
  } else if (fast instanceof FastMap) {
    assert.ok(isMap(slow), `${at}: a map`);
    assert.equal(fast.items.length, node.items!.length, `${at}: size`);
    fast.items.forEach((p, k) => {
      const pair = node.items![k] as { key: unknown; value: unknown };
      assertSameTree(p.key, pair.key, `${at}.<key ${k}>`, doc);
      assertSameTree(p.value, pair.value, `${at}.${String(p.key.value)}`, doc);
    });
  } else {
    assert.ok(fast instanceof FastSeq && isSeq(slow), `${at}: a sequence`);
    assert.equal(fast.items.length, node.items!.length, `${at}: size`);
    fast.items.forEach((item, k) => assertSameTree(item, node.items![k], `${at}[${k}]`, doc));
  }
}

/** Compares both paths on one file; returns how many documents the fast path read. */
function compare(uri: string, text: string, tally: Tally): void {
  const slow = parseFile({ uri, text, defaultNamespace: 'default' });
  const quick = parseFile({ uri, text, defaultNamespace: 'default', fast: 'all' });
  assert.equal(quick.documents.length, slow.documents.length, uri);
  for (let i = 0; i < slow.documents.length; i++) {
    const s = slow.documents[i]!;
    const q = quick.documents[i]!;
    tally.documents++;
    if (q.fastTree === undefined) {
      assert.deepEqual(q.objects, s.objects, `${uri} #${i} (declined)`);
      continue;
    }
    tally.fast++;
    assert.equal(s.broken, false, `${uri} #${i}: the fast path accepted a document yaml rejects`);
    assertSameTree(q.fastTree, s.yaml!.contents, `${uri} #${i}`, s.yaml!);
    assert.deepEqual(q.objects, s.objects, `${uri} #${i}: fast-path model differs`);
  }
  assert.deepEqual(quick.objects, slow.objects, uri);
  assert.deepEqual(quick.notes, slow.notes, uri);
}

function compareTree(root: string, label: string): Tally {
  const tally = { documents: 0, fast: 0 };
  for (const file of walk(root)) compare('file://' + file, readFileSync(file, 'utf8'), tally);
  // Not a timing: the share of documents the fast path takes, for the record.
  process.stdout.write(`# fast path on ${label}: ${tally.fast}/${tally.documents} documents\n`);
  return tally;
}

test('fast path = yaml path on the examples', () => {
  compareTree(path.join(ROOT, 'examples'), 'examples');
});

/** The shared corpus: ../shared/corpus beside the checkout, or KUBE_PORTS_CORPUS (a worktree elsewhere). */
const CORPUS = process.env.KUBE_PORTS_CORPUS || path.join(ROOT, '../shared/corpus');

test('fast path = yaml path on the shared corpus (when the checkout has it beside it)', () => {
  const corpus = CORPUS;
  if (existsSync(corpus)) compareTree(corpus, 'corpus');
  else process.stdout.write('# no ../shared/corpus here: compared the examples and generated input only\n');
});

test('fast path = yaml path on a generated bench workspace, and it reads most of it', async () => {
  const { generateWorkspace } = (await import(path.join(ROOT, 'bench/generate.mjs'))) as {
    generateWorkspace: (dir: string, docs: number) => { dir: string };
  };
  const dir = mkdtempSync(path.join(tmpdir(), 'kube-ports-fast-'));
  try {
    generateWorkspace(dir, 400);
    const tally = compareTree(dir, 'generated');
    assert.ok(tally.fast > tally.documents * 0.9);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

const CASES: string[] = [
  'a: 1\nb:\n  - x: 1 # c\n    y: "q"\n  - z\nc:\n  d: e\n',
  'k: |\n  l1\n  l2\nm: >-\n  f\n  g\nn:\no: {}\np: []\n',
  'apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  selector:\n    app: a\n  ports:\n  - port: 80\n    targetPort: http\n',
  'apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop}\nspec:\n  selector: {app: web}\n  ports: [{port: 80}]\n',
  'apiVersion: v1\nkind: Service\nmetadata:\n  name: "quoted"\n  labels:\n    \'a\': \'it\'\'s\'\n    b:\nspec:\n  ports:\n  - port: 08\n    nodePort: +30001\n    targetPort: "8080"\n',
  'apiVersion: v1\nkind: Service\nmetadata:\n  name: x\nspec:\n  ports:\n  - port: 1.5\n',
  'apiVersion: v1\nkind: Service\nmetadata:\n  name: x\n  # comment\nspec:\n  ports:\n  - port: 80\n',
  'apiVersion: v1\nkind: Service\nmetadata:\n  name: x\nspec:\n  ports:\n  - port: 80\n\n\n',
  'apiVersion: v1\nkind: Service\nmetadata:\n  name: x\n  labels:\n    a: b\n      c\n',
  'apiVersion: v1\nkind: Service\nmetadata:\n  name: &n x\nspec:\n  selector: *n\n',
  'apiVersion: v1\nkind: Service\nmetadata:\n  name: x\nspec: a: b\n',
  'apiVersion: v1\nkind: Service\nmetadata:\n name: x\n  namespace: y\n',
  'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels:\n    x: |\n      multi\n      line\n    y: >\n      folded\n      text\nspec:\n  containers:\n  - name: c\n    command: ["sh", "-c", \'echo\']\n    ports:\n    - {name: http, containerPort: 80}\n',
  '---\napiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Service\n  metadata:\n    name: a\n- apiVersion: v1\n  kind: Service\n  metadata:\n    name: b\n',
  '--- # head\n# lead\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  k: v',
  'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  <<: {a: b}\n',
  'apiVersion: v1\nkind: Service\nmetadata:\n  name: x\nspec:\n  ports:\n  - - 1\n',
  'apiVersion: v1\nkind: Service\nmetadata:\n  name: x\nspec:\n  type: NodePort\n  ports:\n  -\n  - port: 80 # p\n    nodePort: 30000\n',
  '- a\n- b\n',
  'just a scalar\n',
  '',
  '# only a comment\n',
  'a: [1, 2,]\n',
  'a: "x\\ty"\n',
  'a: {b: [1]}\n',
  'a: b\n\tc: d\n',
  'a: b\r\nc: d\r\n',
  '%YAML 1.2\n---\na: b\n',
  'a: # c\n  b: 1\n',
  // An OLM ClusterServiceVersion with embedded Deployments, and peer lists (issue 16): same model both ways.
  'apiVersion: operators.coreos.com/v1alpha1\nkind: ClusterServiceVersion\nmetadata:\n  name: op.v1\n  namespace: ops\nspec:\n  install:\n    strategy: deployment\n    spec:\n      deployments:\n      - name: op-controller\n        label:\n          app: op\n        spec:\n          replicas: 2\n          selector:\n            matchLabels:\n              app: op\n          template:\n            metadata:\n              labels:\n                app: op\n            spec:\n              containers:\n              - name: manager\n                args:\n                - --peers=db-0.db,db-1.db\n                ports:\n                - name: metrics\n                  containerPort: 8443\n',
  'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  NODES: zk-0.zk-hs:2181,zk-1.zk-hs.ns.svc.cluster.local:2181\n  plain: hello\n',
];

/** Cases the fast path must read (not decline), each compared with the `yaml` path. */
function compareReadingEvery(cases: string[], label: string): void {
  const tally = { documents: 0, fast: 0 };
  for (const [i, text] of cases.entries()) {
    assert.notEqual(fastParseDocument(text), undefined, `${label} case ${i} declined`);
    compare(`file:///${label}-case-${i}.yaml`, text, tally);
  }
  assert.equal(tally.fast, cases.length);
}

test('fast path = yaml path on edge cases (accepts or declines)', () => {
  const tally = { documents: 0, fast: 0 };
  for (const [i, text] of CASES.entries()) compare(`file:///case-${i}.yaml`, text, tally);
  assert.ok(tally.fast > 0);
});

// Comment lines inside documents (a third of the corpus documents have them): `yaml` moves a
// range over a comment line in two cases (fast-parse.ts, "Comment lines"), each checked here by
// a document the fast path must read and whose model — the object's span is its root map's range —
// must equal the `yaml` path's.
const COMMENT_CASES: string[] = [
  // Between keys, at any column: a comment before the next key, no range moves.
  'apiVersion: v1\nkind: Service\n# about metadata\nmetadata:\n  name: x\n      # deep\n  namespace: y\n# x\nspec:\n  ports:\n  # first port\n  - port: 80\n\n  - port: 81\n',
  // (1) deeper than the collection, right after a scalar: appended to the scalar (the maps end after it).
  'apiVersion: v1\nkind: Service\nmetadata:\n  name: x\n    # taken by x\n\n      # and this one\n',
  'apiVersion: v1\nkind: Service\nmetadata:\n  name: x\nspec:\n  ports:\n  - port: 80\n    # taken by 80\n',
  'apiVersion: v1\nkind: Service\nmetadata:\n  name: x\nspec:\n  ports: [80]\n     # taken by the flow sequence\n',
  // (2) at the collection's column when it ends: the collection keeps it, up to the next content.
  'apiVersion: v1\nkind: Service\nmetadata:\n  name: x\n  # kept by metadata\n',
  'apiVersion: v1\nkind: Service\nspec:\n  selector:\n    app: a\n    # kept by selector\n\n  # and by spec\n  ports:\n  - port: 80\n',
  'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  template:\n    spec:\n      containers:\n      - name: c\n        image: i\n        # kept by the container map\n      # the sequence\n    # the pod spec\n',
  // Less indented than the collection: handed to the parent (no range moves at column 0).
  'apiVersion: v1\nkind: Service\nmetadata:\n  name: x\n# handed up\nspec:\n  type: ClusterIP\n',
  // After a block scalar: nothing is appended to it.
  'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  a: |\n    x\n  # after\n  b: y\n',
];

test('fast path = yaml path on comment lines inside documents, and it reads them', () => {
  compareReadingEvery(COMMENT_CASES, 'comment');
});

// Blank lines inside and after block scalars (CRD descriptions, dashboards, scripts in
// ConfigMaps): the scalar's range ends after its last non-blank line and the trailing blank lines
// go to the collection with the comment lines; the value is `yaml`'s own.
const BLOCK_CASES: string[] = [
  'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  a: |\n    x\n\n    y\n  b: |-\n    p\n\n\n    q\n\n  c: >\n    f\n\n    g\n\n\n',
  'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  a: |\n    x\n  \n    y\n    \n  # at the map\n  b: z\n',
  'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  annotations:\n    note: |\n      one\n\n      two\n\n  # kept by metadata\ndata:\n  k: v\n',
  'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  annotations:\n    note: >-\n      one\n\n      two\n\n # handed up\ndata:\n  k: |\n    last\n\n    line',
  'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  template:\n    spec:\n      containers:\n      - name: c\n        args:\n        - |\n          echo a\n\n          echo b\n\n        - plain\n        ports:\n        - containerPort: 80\n',
  // A flow collection on the line after its key, as Helm writes empty maps.
  'apiVersion: v1\nkind: Service\nmetadata:\n  name: s\n  annotations:\n    {}\n  labels:\n    {app: web, tier: "front"}\n      # deeper: taken by the flow map\nspec:\n  selector:\n    {app: web}\n  ports:\n  - port: 80\n    targetPort:\n      [http]\n',
  // Double-quoted escapes (CRD descriptions written by generators).
  'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: "c\\x2dd"\n  labels:\n    "a\\/b": "v\\u00e9"\ndata:\n  a: "line\\nnext\\ttab \\"q\\" \\\\ end"\n  b: "\\0\\a\\b\\e\\f\\r\\v\\N\\_\\L\\P\\ \\U0001F600"\n  c: ["x\\"y", "\\\\"]\n  d: "ends with a backslash \\\\"\n',
  // Folding as yaml folds (the fast path computes block values itself): more-indented lines, tabs, blank lines, both chompings.
  'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  a: >\n    one\n    two\n\n    three\n      more\n      indented\n    back\n\n\n      again\n    \tt\n    end\n  b: >-\n    x\n\n\n    y\n  c: |-\n    l1\n      l2\n\n    l3\n  d: >\n      deep\n    \n  e: |\n    last',
  'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  script: |\n    # a comment line is content\n\n    run\n\n    # and so is this one\n  other: x\n',
];

test('fast path = yaml path on block scalars with blank lines and on double-quoted escapes, and it reads them', () => {
  compareReadingEvery(BLOCK_CASES, 'block');
});

// Multi-line plain scalars (CRD descriptions, status messages, shell in `args`), folded by `yaml`
// into one line (each line trimmed, joined by a space), and tabs inside block scalar bodies (JSON
// dashboards in ConfigMaps): read by the fast path, with `yaml`'s value and range.
const FOLD_CASES: string[] = [
  'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  annotations:\n    note: the HPA was able to successfully\n      calculate a replica count   \n      from memory\n    other: x\ndata:\n  k: v\n',
  'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  template:\n    spec:\n      containers:\n      - name: c\n        args:\n        - while true; do\n            RESP=$(wget -q -O- http://web.default.svc.cluster.local);\n            echo "$(date +%H)=$RESP";\n          done\n        - --port=80\n        image: busybox\n',
  'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  a: one\n   two\n    # taken by the scalar\n  b: 12\n    34\n  c: true\n    story\n  d: x [y] {z}, "q\'\n   w\n',
  // Multi-line single-quoted scalars (JSON in annotations written by kubectl).
  'apiVersion: autoscaling/v1\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: h\n  annotations:\n    conditions: \'[{"type":"AbleToScale","message":"recommended\n      size matches"},{"reason":"it\'\'s   \n        fine",\n      "x":  1}]\'\n    b: \'  lead\n      trail  \' # c\n    c: \'it\'\'\n      \'\'s\'\n    d: \'\n      x\'\n      # taken by d\nspec:\n  - \'a\n    b\'\n  - z\n',
  // A comment after `key:` with a block map or sequence on the next lines; keys starting with `-` and a letter.
  'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: j\nspec:\n  template:  # the Pods\n    # more\n\n    spec:\n      containers: # list\n      - name: c\n        args: #a\n          - x\n        env: # e\n        - name: A\n          value: b\n',
  'apiVersion: kafka.strimzi.io/v1beta2\nkind: Kafka\nmetadata:\n  name: k\nspec:\n  kafka:\n    jvmOptions:\n      -Xms: 4096m\n      -Xmx: 4096m\n    other:\n      - -Dx: 1\n',
  'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  dash.json: |\n    {\n    \t"a": 1,\n      "b":\t[2],\t\n    \t\n    }\n  other: >\n    x\n    \ty\n  k: v\n',
];

test('fast path = yaml path on multi-line plain scalars and tabs in block scalars, and it reads them', () => {
  compareReadingEvery(FOLD_CASES, 'fold');
});

test('the fast path declines the multi-line plain scalars and tabs whose reading is subtle', () => {
  for (const text of [
    'a: one\n\n  two\n', // a blank line folds into "\n"
    'a: one\n  # c\n  two\n', // a comment ends the scalar: an error
    'a: one # c\n  two\n', // the same, on the first line
    'a: one   \n  two\n', // trailing spaces on the first line
    'a: one\n  two: three\n', // a key on a continuation line: an error
    'a: one\n  two:\n', // the same at the line end
    'a: one\n  two # c\n', // a comment after a continuation line
    'a: one\n  - two\n', // an indicator starting a continuation line
    'a: one\n  &x two\n',
    'a: one\n\ttwo\n', // a tab as indentation
    'a: one\t\n  two\n', // a tab after a plain scalar
    'a:\tb\n',
    'a: "x\ty"\n',
    'a: |\n  x\n\t\nb: 1\n', // an insufficiently indented tab after a block scalar
    'a: |\n  x\n \ty\nb: 1\n',
    'a: | # \t\n  x\n',
    '# \t\na: 1\n',
    "a: 'x\n\n  y'\n", // a blank line folds into "\n"
    "a: 'x\n  # y'\n", // `#` starting a continuation line
    "a: 'x\ny'\n", // a continuation line not indented
    "a:\n  b: 'x\n  y'\n",
    "a: 'x\n  y' z\n", // text after the closing quote
    "a: 'x\n  y\n", // never closed
    "a: 'x\n  y\tz'\n",
    "'a\n  b': c\n", // a multi-line key
    'a: # c\n  {}\n', // a flow collection after a comment
    'a: # c\nb: 1\n', // an empty value with a comment
    'a: # c\n\n  # d\nb: 1\n',
    '- # c\n  a: 1\n',
    'a:\n  -1: x\n', // `-` before a digit or another dash
    'a:\n  --x: 1\n',
    'a:\n  ...: 1\n',
  ]) {
    assert.equal(fastParseDocument(text), undefined, text);
    compare('file:///declined.yaml', text, { documents: 0, fast: 0 });
  }
});

test('fast path = yaml path with Windows line breaks (examples, generated, every case above), and it reads them', async () => {
  const { generateWorkspace } = (await import(path.join(ROOT, 'bench/generate.mjs'))) as {
    generateWorkspace: (dir: string, docs: number) => { dir: string };
  };
  const dir = mkdtempSync(path.join(tmpdir(), 'kube-ports-crlf-'));
  try {
    generateWorkspace(dir, 100);
    const tally = { documents: 0, fast: 0 };
    const texts = [...[path.join(ROOT, 'examples'), dir].flatMap((root) => walk(root).map((f) => readFileSync(f, 'utf8'))), ...CASES, ...COMMENT_CASES, ...BLOCK_CASES, ...FOLD_CASES, ...FLOW_CASES, ...DOUBLE_QUOTED_CASES, ...ANCHOR_CASES, ...END_MARKER_CASES];
    for (const [i, text] of texts.entries()) compare(`file:///crlf-${i}.yaml`, text.replace(/\r?\n/g, '\r\n'), tally);
    process.stdout.write(`# fast path with CRLF line breaks: ${tally.fast}/${tally.documents} documents\n`);
    assert.ok(tally.fast > tally.documents * 0.8);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// Flow collections spread over lines (the Kubernetes docs' JSON-like examples, JSON files, `command: [` lists),
// trailing commas, plain flow scalars holding `:` or `#`, and floats (`cpu: 0.5`): read with `yaml`'s values and ranges.
const FLOW_CASES: string[] = [
  '---\n{\n  apiVersion: "v1",\n  kind: "Service",\n  metadata: {\n    name: "my-service",\n  },\n  spec: {\n    selector: {\n      app.kubernetes.io/name: "MyApp",\n    },\n    ports: [{\n      protocol: "TCP",\n      port: 80,\n      targetPort: 9376,\n    }],\n  },\n}\n',
  '{"apiVersion": "v1", "kind":"ConfigMap",\n "metadata": {"name": "c", "labels": {"a/b":"x\\u00e9"}},\n "data": {"a":"b", "n": 1.5, "t": true, "z": null, "e": [], "m": {}}\n}\n# after\n\n',
  '{a: b} # c\n',
  // Comments and blank lines inside (the guestbook examples' `# SOURCE:` line).
  '{\n  # SOURCE: https://example.com/x\n  "apiVersion": "v1", # trailing\n\n# at column 0\n  "kind": "Service",\n  "metadata": { # open\n    "name": "s"\n  },\n  "spec": {"ports": [\n      # the port\n      {"port": 80}, # after the comma\n\n    ]}\n}\n',
  'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    command: [ # run\n      "/proxy",\n  # at a lower column\n      "-x", "y" # last\n    ]\n',
  'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  template:\n    spec:\n      containers:\n      - name: c\n        command: [\n          "/proxy", "-instances=x=tcp:3306",\n          \'-x\'\n        ]\n        args: [--a, b,\n            c\n          , d]\n        ports: [{containerPort: 80,\n          name: http}]\n          # deeper: taken by the flow sequence\n      - name: e\n        args:\n        - [\n          x,\n        ]\n        - [[1, 2], {a: [b]}, {}]\n',
  'apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: r\n  annotations:\n    {\n      a: b\n    }\nrules:\n- apiGroups: [""]\n  resources: ["pods", "pods/log",\n    "services"]\n  verbs: ["get","list",]\n- urls: [http://x:80/a#b, a:b, a :b, {k : v, "q":1, \'s\':  2,}]\n',
  'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    resources:\n      limits: {cpu: 0.5, memory: 1e3, x: -1.25, y: .5, z: 3., w: 2.50}\n      requests:\n        cpu: 0.15\n        e: 1E-2\n        f: +12.5e+3\n',
];

// Multi-line double-quoted scalars (shell commands in `args`, long descriptions): folded as `yaml` folds them.
const DOUBLE_QUOTED_CASES: string[] = [
  'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  a: "one\n    two   \n      three"\n  b: "x\n\n    y\n     \n\n    z"\n  c: "\n    lead"\n  d: "trail\n    "\n  e: "x\n    # not a comment" # a comment\n  f: "esc \\"q\\" \\u00e9\n    \\t\\n end"\n    # taken by f\n  g: "  sp  \n    "\n',
  // Read now, declined before.
  'a: "x\n  y"\n',
  'a: "x\\\n  y"\n',
  'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  template:\n    spec:\n      containers:\n      - name: c\n        args:\n        - "pip install x && \\\n          run --port=80"\n        - "a  \\\n           b"\n        - "c\\\n          \\ d"\n        - "e\\\n          "\n        - "f\\\\\n          g"\n        image: i\n',
];

test('fast path = yaml path on multi-line double-quoted scalars, and it reads them', () => {
  compareReadingEvery(DOUBLE_QUOTED_CASES, 'double');
});

test('the fast path declines the multi-line double-quoted scalars whose reading is subtle', () => {
  for (const text of [
    'a: "x\ny"\n', // a continuation line not indented
    'a:\n  b: "x\n  y"\n',
    'a:\n  b: "x\n  "\n', // the closing quote at the key's column
    'a:\n  b: "x\n\n  y"\n', // a blank line, then a line at the key's column
    'a: "x\\\n\n  y"\n', // a blank line after an escaped line break
    'a: "x\\\ny"\n',
    'a: "x\n  y" z\n', // text after the closing quote
    'a: "x\n  y\n', // never closed
    'a: "x\n  \\q"\n', // an unknown escape
    'a: "x\n  \\u12"\n',
    '"a\n  b": c\n', // a multi-line key
    'a: "x\n\ty"\n', // a tab
    'a: "x \t\n  y"\n',
    '- "a\n  b"\n',
  ]) {
    assert.equal(fastParseDocument(text), undefined, text);
    compare('file:///declined.yaml', text, { documents: 0, fast: 0 });
  }
});

// Anchors on map values and aliases as map values (labels shared between a Deployment's metadata,
// selector and template): the alias is the anchored node itself, as the readers follow it.
const ANCHOR_CASES: string[] = [
  'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\n  labels: &labels\n    app: web\n    tier: front\nspec:\n  selector:\n    matchLabels: *labels\n  template:\n    metadata:\n      labels: *labels   # shared\n    spec:\n      affinity: &aff\n        # the node affinity\n        nodeAffinity: {a: b}\n      containers:\n      - name: c\n        image: &img "i:1"\n        env: &env\n        - name: A\n          value: &v x\n        - name: B\n          value: *v\n      - name: e\n        image: *img\n        env: *env\n        ports: &p [{containerPort: 80, name: http}]\n        x: *p\n        y: *aff\n',
  'apiVersion: v1\nkind: Service\nmetadata:\n  name: &n s\n  labels:\n    a: *n\n    b: &n t\n    c: *n\n  annotations: &multi one\n    two\nspec:\n  selector: *multi\n  ports:\n  - port: 80\n    targetPort: &t 8080\n    name: *t\n',
  'apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec: &s\n  type: ClusterIP\ntail: *s\n    # taken by the alias\n',
];

test('fast path = yaml path on anchors and aliases as map values, and it reads them', () => {
  compareReadingEvery(ANCHOR_CASES, 'anchor');
});

test('the fast path declines the anchors and aliases whose reading is subtle', () => {
  for (const text of [
    'a: *x\n', // no such anchor
    'a: *x\nb: &x 1\n', // defined after
    'a: &x\n  b: *x\n', // inside its own node: a cycle
    'a: &x\nb: 1\n', // on an empty value
    'a: &x # c\n  b: 1\n',
    'a: &x\n  [1]\n',
    'a: &x |\n  t\nb: *x\n',
    'a: &x &y 1\n',
    'a: &x !!str 1\n',
    'a: &x 1\nb: *x: 2\n',
    'a: &x 1\nb: *x# c\n',
    'a: &x 1\nb: [*x]\n',
    'a: &x 1\nb:\n- *x\n',
    'a: &x 1\n*x : 2\n',
    'a: &x {b: 1}\nc:\n  <<: *x\n',
    '- &x 1\n',
    'a:\n- &x 1\n',
    'a: &x{ 1\n',
    'a: &x,y 1\n',
  ]) {
    assert.equal(fastParseDocument(text), undefined, text);
    compare('file:///declined.yaml', text, { documents: 0, fast: 0 });
  }
});

test('fast path = yaml path on flow collections over lines, trailing commas and floats, and it reads them', () => {
  compareReadingEvery(FLOW_CASES, 'flow');
});

test('the fast path declines the flow collections whose reading is subtle', () => {
  for (const text of [
    'a: [\nx\n]\n', // a line not indented past the key: an error
    'a:\n  b: [\n    x\n ]\n', // the closing bracket under the key's column
    'a:\n  b: [\n    [x,\n  ]]\n', // an inner bracket at the key's column
    'a:\n- [\n x\n ]\n- [\nx]\n',
    'a: [x\n  y]\n', // a plain scalar over two lines
    'a: [x\n\n  ]\n', // a plain scalar at a line end before a blank line
    'a: [x # c\n  y]\n', // no comma after a comment
    'a: [x,# c\n  y]\n', // a comment not after a space
    'a: {b: 1}# c\n',
    'a: ["x\n  y"]\n', // a quoted one
    'a: {b:\n  c}\n', // the value on the next line
    'a: {b\n  : c}\n', // the colon on the next line
    'a: {b: }\n', // an empty value
    'a: {b:, c: d}\n',
    'a: {b, c: d}\n', // a key without a value
    'a: {b:c}\n', // `b:c` is one plain scalar
    'a: {"b":\n  c}\n',
    'a: [a: b]\n', // a pair in a sequence
    'a: [x,,y]\n',
    'a: [,]\n',
    'a: {[x]: y}\n', // a collection as a key
    'a: [x] y\n',
    'a: [x,\n  y\n', // never closed
    'a: [&x x, *x]\n',
    'a: [!!str 1]\n',
    'a: [x]\n  b: 1\n',
    '{a: b}\nc: d\n', // content after a root flow map
    '{\n  a: [\n...\n  ]\n}\n',
    '  {a: b}\n', // an indented root
    'a: [0x1f, .inf]\n',
    'a: -0.0\n',
  ]) {
    assert.equal(fastParseDocument(text), undefined, text);
    compare('file:///declined.yaml', text, { documents: 0, fast: 0 });
  }
});

// A document end marker (`...` at column 0, as some docs examples end): the content ends before it.
const END_MARKER_CASES: string[] = [
  'apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  ports:\n  - port: 80\n    targetPort: http\n...',
  'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  # kept by metadata\n... # end\n# after\n\n',
  'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  a: |\n    x\n\n...\n',
  '{\n  "kind": "Service"\n}\n...\n',
  '...\n',
];

test('fast path = yaml path on documents ending with `...`, and it reads them', () => {
  compareReadingEvery(END_MARKER_CASES, 'end');
});

test('the fast path declines what follows a document end marker', () => {
  for (const text of ['a: b\n...\nc: d\n', 'a: b\n....\n', 'a: b\n...x\n', 'a: b\n...# c\n', 'a: [\n...\n]\n', 'a: "x\n...\n  y"\n', 'a: b\n... \n%YAML 1.2\n', 'a: |\n  x\n...\n  y\n']) {
    assert.equal(fastParseDocument(text), undefined, text);
    compare('file:///declined.yaml', text, { documents: 0, fast: 0 });
  }
});

/** Deterministic: the same mutations every run. */
function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32);
}

test('fast path = yaml path with comment and blank lines inserted anywhere (examples, generated, corpus)', async () => {
  const { generateWorkspace } = (await import(path.join(ROOT, 'bench/generate.mjs'))) as {
    generateWorkspace: (dir: string, docs: number) => { dir: string };
  };
  const dir = mkdtempSync(path.join(tmpdir(), 'kube-ports-comments-'));
  try {
    generateWorkspace(dir, 100);
    const roots = [path.join(ROOT, 'examples'), dir, ...(existsSync(CORPUS) ? [CORPUS] : [])];
    const rnd = seeded(17);
    const tally = { documents: 0, fast: 0 };
    let files = 0;
    for (const root of roots) {
      for (const file of walk(root)) {
        // A sample of the corpus keeps the test short; every example and generated file is used.
        if (root === CORPUS && files++ % 4 !== 0) continue;
        const lines = readFileSync(file, 'utf8').split('\n');
        for (let k = 0; k < 3; k++) {
          const at = 1 + Math.floor(rnd() * lines.length);
          const r = rnd();
          const indent = ' '.repeat(Math.floor(rnd() * 12));
          lines.splice(at, 0, r < 0.25 ? '' : r < 0.35 ? indent : `${indent}# inserted ${k}`);
        }
        compare('file://' + file + '#mutated', lines.join('\n'), tally);
      }
    }
    process.stdout.write(`# fast path with inserted comment lines: ${tally.fast}/${tally.documents} documents\n`);
    assert.ok(tally.fast > tally.documents * 0.6);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the fast path declines what it does not know and never throws', () => {
  for (const text of ['a:\n  # c\nb: 1\n', 'a:\n- x\n-\n  # c\n', 'a: |\n\n  x\nb: 1\n', 'a: |\n  x\n     \n  y\nb: 1\n', 'a: "\\q"\n', 'a: "\\x4"\n', 'a: "\\uD83"\n', 'a: "\\U00110000"\n', 'a:\n  # c\n  {}\n', 'a:\n\n  [1]\n', 'a:\n  {}\n    b\n', 'a:\n  {} x\n', 'a: b\rc: d\n', 'a: b\r', 'a: &x', 'a: !!str 1', '? a\n: b', 'a:\n  - |+\n    x\n', 'a: |2\n   x\n', '[a, b]\n', 'a: 0x1f', 'a: .inf']) {
    assert.equal(fastParseDocument(text), undefined, text);
  }
  let deep = 'a:\n';
  for (let i = 1; i < 2000; i++) deep += ' '.repeat(i) + 'a:\n';
  assert.doesNotThrow(() => fastParseDocument(deep));
});

test('an edit of one document reuses the others (moved spans) and equals a fresh parse', async () => {
  const { generateWorkspace } = (await import(path.join(ROOT, 'bench/generate.mjs'))) as {
    generateWorkspace: (dir: string, docs: number) => { dir: string };
  };
  const dir = mkdtempSync(path.join(tmpdir(), 'kube-ports-reuse-'));
  try {
    generateWorkspace(dir, 50);
    const text = readFileSync(path.join(dir, 'edit/big.yaml'), 'utf8');
    const uri = 'file:///big.yaml';
    for (const fast of ['unchanged', false] as const) {
      let previous = parseFile({ uri, text, defaultNamespace: 'default', fast });
      // Grow a document in the middle, then shrink one near the start, then add a document.
      const mid = text.indexOf('targetPort: http', text.length / 2);
      const edits = [
        text.slice(0, mid) + 'targetPort: http-longer-name' + text.slice(mid + 'targetPort: http'.length),
        text.replace('replicas: ', 'replicas: 1'),
        'apiVersion: v1\nkind: Service\nmetadata:\n  name: first\n---\n' + text,
      ];
      for (const edited of edits) {
        const next = parseFile({ uri, text: edited, defaultNamespace: 'default', previous, fast });
        const fresh = parseFile({ uri, text: edited, defaultNamespace: 'default' });
        assert.deepEqual(next.objects, fresh.objects);
        assert.deepEqual(
          next.documents.map((d) => [d.index, d.span, d.broken]),
          fresh.documents.map((d) => [d.index, d.span, d.broken]),
        );
        previous = next;
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
