/**
 * Tests for the TextMate grammars in syntaxes/:
 *  - kube-ports.injection (into VS Code's YAML grammar), tokenized with the real VS Code YAML grammar
 *    shipped by the dev dependency @codingame/monaco-vscode-yaml-default-extension;
 *  - source.kube-ports-paths (the ```kube-ports-paths blocks of hovers).
 *
 * Run: node --import tsx --test test/unit/grammar.test.ts
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { before, describe, test } from 'node:test';
import * as oniguruma from 'vscode-oniguruma';
import * as vsctm from 'vscode-textmate';

const ROOT = path.resolve(__dirname, '..', '..');
const SYNTAXES = path.join(ROOT, 'syntaxes');
const INJECTION_FILE = path.join(SYNTAXES, 'kube-ports.injection.tmLanguage.json');
const PATHS_FILE = path.join(SYNTAXES, 'kube-ports-paths.tmLanguage.json');
const YAML_PACKAGE = '@codingame/monaco-vscode-yaml-default-extension';

interface Token {
  readonly text: string;
  readonly scopes: readonly string[];
}

// ---------------------------------------------------------------------------------------------
// TextMate plumbing
// ---------------------------------------------------------------------------------------------

let onigLoaded: Promise<vsctm.IOnigLib> | undefined;

function onigLib(): Promise<vsctm.IOnigLib> {
  onigLoaded ??= (async () => {
    const wasm = readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
    await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer);
    return {
      createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
      createOnigString: (s: string) => new oniguruma.OnigString(s),
    };
  })();
  return onigLoaded;
}

/** scopeName -> file, for every *.tmLanguage.json of VS Code's YAML extension (source.yaml, source.yaml.1.2, ...). */
function vscodeYamlGrammarFiles(): Map<string, string> {
  let dir: string;
  try {
    dir = path.join(path.dirname(require.resolve(`${YAML_PACKAGE}/package.json`)), 'resources');
  } catch {
    throw new Error(
      `The injection tests need VS Code's YAML grammar from the dev dependency ${YAML_PACKAGE} ` +
        `(see syntaxes/README.md); it is not installed. Run npm install.`,
    );
  }
  const files = new Map<string, string>();
  for (const name of readdirSync(dir)) {
    if (!name.endsWith('.tmLanguage.json')) continue;
    const file = path.join(dir, name);
    const raw = JSON.parse(readFileSync(file, 'utf8')) as { scopeName?: unknown };
    if (typeof raw.scopeName === 'string') files.set(raw.scopeName, file);
  }
  return files;
}

function makeRegistry(files: ReadonlyMap<string, string>, injections: Readonly<Record<string, string[]>>): vsctm.Registry {
  return new vsctm.Registry({
    onigLib: onigLib(),
    loadGrammar: async (scopeName) => {
      const file = files.get(scopeName);
      return file === undefined ? null : vsctm.parseRawGrammar(readFileSync(file, 'utf8'), file);
    },
    getInjections: (scopeName) => injections[scopeName],
  });
}

async function load(registry: vsctm.Registry, scopeName: string): Promise<vsctm.IGrammar> {
  const grammar = await registry.loadGrammar(scopeName);
  assert.ok(grammar, `grammar ${scopeName} did not load`);
  return grammar;
}

function tokenize(grammar: vsctm.IGrammar, text: string): Token[][] {
  let state = vsctm.INITIAL;
  return text.split('\n').map((line) => {
    const result = grammar.tokenizeLine(line, state);
    state = result.ruleStack;
    return result.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes }));
  });
}

/** The n-th token (0-based) whose text is exactly `text` on the line that equals `line`. */
function tokenOn(lines: readonly string[], tokens: readonly Token[][], line: string, text: string, n = 0): Token {
  const index = lines.indexOf(line);
  assert.ok(index >= 0, `sample has no line ${JSON.stringify(line)}`);
  const found = tokens[index]!.filter((t) => t.text === text);
  assert.ok(
    found.length > n,
    `no token ${JSON.stringify(text)} (#${n}) on ${JSON.stringify(line)}; tokens: ${JSON.stringify(tokens[index]!.map((t) => t.text))}`,
  );
  return found[n]!;
}

const isOurs = (scope: string): boolean => scope.endsWith('.kube-ports') || scope.endsWith('.kube-ports-paths');

/** Every scope name used in a grammar file (rule names and capture names). */
function scopeNamesIn(file: string): Set<string> {
  const names = new Set<string>();
  const visit = (node: unknown, key: string): void => {
    if (typeof node === 'string') {
      if (key === 'name' || key === 'contentName') for (const s of node.split(/\s+/)) if (s) names.add(s);
    } else if (Array.isArray(node)) {
      for (const item of node) visit(item, '');
    } else if (node !== null && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) visit(v, k);
    }
  };
  const raw = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  visit(raw.patterns, '');
  visit(raw.repository, '');
  return names;
}

// ---------------------------------------------------------------------------------------------
// kube-ports.injection into VS Code's YAML grammar
// ---------------------------------------------------------------------------------------------

const MANIFEST = [
  'apiVersion: v1',
  'kind: Service',
  'metadata:',
  '  name: web',
  '  labels:',
  '    app: web',
  'spec:',
  '  type: NodePort',
  '  clusterIP: None',
  '  selector:',
  '    app: web',
  '  ports:',
  '    - name: http',
  '      port: 8222',
  '      targetPort: http',
  '      nodePort: 30333 # exposed',
  '      protocol: TCP',
  '    - {port: 443, targetPort: web-https, nodePort: 30443}',
  '---',
  'apiVersion: apps/v1',
  'kind: StatefulSet',
  'spec:',
  '  serviceName: web-headless',
  '  selector:',
  '    matchLabels:',
  '      app: web',
  '  template:',
  '    spec:',
  '      containers:',
  '        - name: nginx',
  '          image: nginx:1.25',
  '          ports:',
  '            - containerPort: 80',
  '              hostPort: 8080',
  '          readinessProbe: {httpGet: {path: /healthz, port: http}}',
  '---',
  'type: LoadBalancer',
  'clusterIP: 10.96.0.12',
  'port: 8222',
  '',
].join('\n');

/** Lines that must carry none of our scopes. */
const NOT_WIRING = [
  'image: nginx:1.25',
  'name: http',
  'protocol: TCP',
  'type: Opaque',
  'type: RollingUpdate',
  'portx: 80',
  'ports: 80',
  'myport: 80',
  'my port: 80',
  '"port": 80',
  "'targetPort': 8080",
  '# port: 80',
  'note: port 80',
  'nodeSelector:',
  'clusterIPs:',
  'serviceAccountName: web',
  '',
].join('\n');

/** Wiring keys whose values are not plain port numbers or names: the key is scoped, the value is not. */
const NOT_PORT_VALUES: ReadonlyArray<readonly [string, string]> = [
  ['targetPort: Http', 'keyword.other.port.target.kube-ports'],
  ['targetPort: "http"', 'keyword.other.port.target.kube-ports'],
  ['nodePort: 80x', 'keyword.other.port.node.kube-ports'],
  ['containerPort: &p 80', 'keyword.other.port.container.kube-ports'],
  ['hostPort: 8080:80', 'keyword.other.port.host.kube-ports'],
  ['port: 80, 81', 'keyword.other.port.kube-ports'],
  ['serviceName: Web_Svc', 'keyword.other.service-name.kube-ports'],
  ['clusterIP: none', 'keyword.other.cluster-ip.kube-ports'],
];

describe('kube-ports.injection (VS Code YAML grammar)', () => {
  let files: Map<string, string>;
  let injected: vsctm.IGrammar;
  let plain: vsctm.IGrammar;

  before(async () => {
    files = vscodeYamlGrammarFiles();
    assert.ok(files.has('source.yaml') && files.has('source.yaml.1.2'), 'VS Code YAML grammar files not found');
    files.set('kube-ports.injection', INJECTION_FILE);
    injected = await load(makeRegistry(files, { 'source.yaml': ['kube-ports.injection'] }), 'source.yaml');
    plain = await load(makeRegistry(files, {}), 'source.yaml');
  });

  test('grammar header: scope name and selector on the YAML scopes it relies on', () => {
    const raw = JSON.parse(readFileSync(INJECTION_FILE, 'utf8')) as Record<string, unknown>;
    assert.equal(raw.scopeName, 'kube-ports.injection');
    assert.equal(
      raw.injectionSelector,
      'L:meta.map.key.yaml -string.quoted, L:meta.flow.map.key.yaml -string.quoted, ' +
        'L:string.unquoted.plain.out.yaml, L:string.unquoted.plain.in.yaml',
    );
    // The base grammar really produces the scopes the selector names (guards against a YAML grammar change).
    const base = tokenize(plain, 'a: {b: c}\nd: e\n').flat().flatMap((t) => t.scopes);
    for (const scope of ['meta.map.key.yaml', 'meta.flow.map.key.yaml', 'string.unquoted.plain.out.yaml', 'string.unquoted.plain.in.yaml']) {
      assert.ok(base.includes(scope), `VS Code's YAML grammar no longer produces ${scope}`);
    }
  });

  test('block keys keep the YAML key scopes and gain exactly one kube-ports scope (full stack)', () => {
    const lines = MANIFEST.split('\n');
    const tokens = tokenize(injected, MANIFEST);
    assert.deepEqual(tokenOn(lines, tokens, 'port: 8222', 'port').scopes, [
      'source.yaml',
      'meta.stream.yaml',
      'meta.document.yaml',
      'meta.mapping.yaml',
      'meta.map.key.yaml',
      'string.unquoted.plain.yaml',
      'entity.name.tag.yaml',
      'keyword.other.port.kube-ports',
    ]);
    assert.deepEqual(tokenOn(lines, tokens, 'port: 8222', '8222').scopes, [
      'source.yaml',
      'meta.stream.yaml',
      'meta.document.yaml',
      'meta.mapping.yaml',
      'meta.map.value.yaml',
      'string.unquoted.plain.out.yaml',
      'constant.numeric.port.kube-ports',
    ]);
  });

  const KEY = ['meta.map.key.yaml', 'string.unquoted.plain.yaml', 'entity.name.tag.yaml'];
  const FLOW_KEY = ['meta.flow.map.key.yaml', 'string.unquoted.plain.in.yaml', 'entity.name.tag.yaml'];
  const VALUE = ['meta.map.value.yaml', 'string.unquoted.plain.out.yaml'];
  const FLOW_VALUE = ['meta.flow.pair.value.yaml', 'string.unquoted.plain.in.yaml'];

  // [line, token text, occurrence, expected innermost scopes]
  const cases: ReadonlyArray<readonly [string, string, number, readonly string[]]> = [
    ['      port: 8222', 'port', 0, [...KEY, 'keyword.other.port.kube-ports']],
    ['      port: 8222', '8222', 0, [...VALUE, 'constant.numeric.port.kube-ports']],
    ['      targetPort: http', 'targetPort', 0, [...KEY, 'keyword.other.port.target.kube-ports']],
    ['      targetPort: http', 'http', 0, [...VALUE, 'variable.other.port-name.kube-ports']],
    ['      nodePort: 30333 # exposed', 'nodePort', 0, [...KEY, 'keyword.other.port.node.kube-ports']],
    ['      nodePort: 30333 # exposed', '30333', 0, [...VALUE, 'constant.numeric.port.node.kube-ports']],
    ['            - containerPort: 80', 'containerPort', 0, [...KEY, 'keyword.other.port.container.kube-ports']],
    ['            - containerPort: 80', '80', 0, [...VALUE, 'constant.numeric.port.container.kube-ports']],
    ['              hostPort: 8080', 'hostPort', 0, [...KEY, 'keyword.other.port.host.kube-ports']],
    ['              hostPort: 8080', '8080', 0, [...VALUE, 'constant.numeric.port.host.kube-ports']],
    ['    - {port: 443, targetPort: web-https, nodePort: 30443}', 'port', 0, [...FLOW_KEY, 'keyword.other.port.kube-ports']],
    ['    - {port: 443, targetPort: web-https, nodePort: 30443}', '443', 0, [...FLOW_VALUE, 'constant.numeric.port.kube-ports']],
    ['    - {port: 443, targetPort: web-https, nodePort: 30443}', 'targetPort', 0, [...FLOW_KEY, 'keyword.other.port.target.kube-ports']],
    ['    - {port: 443, targetPort: web-https, nodePort: 30443}', 'web-https', 0, [...FLOW_VALUE, 'variable.other.port-name.kube-ports']],
    ['    - {port: 443, targetPort: web-https, nodePort: 30443}', 'nodePort', 0, [...FLOW_KEY, 'keyword.other.port.node.kube-ports']],
    ['    - {port: 443, targetPort: web-https, nodePort: 30443}', '30443', 0, [...FLOW_VALUE, 'constant.numeric.port.node.kube-ports']],
    ['          readinessProbe: {httpGet: {path: /healthz, port: http}}', 'port', 0, [...FLOW_KEY, 'keyword.other.port.kube-ports']],
    ['          readinessProbe: {httpGet: {path: /healthz, port: http}}', 'http', 0, [...FLOW_VALUE, 'variable.other.port-name.kube-ports']],
    ['  labels:', 'labels', 0, [...KEY, 'keyword.other.labels.kube-ports']],
    ['  selector:', 'selector', 0, [...KEY, 'keyword.other.selector.kube-ports']],
    ['    matchLabels:', 'matchLabels', 0, [...KEY, 'keyword.other.selector.match-labels.kube-ports']],
    ['  type: NodePort', 'type', 0, [...KEY, 'keyword.other.service-type.kube-ports']],
    ['  type: NodePort', 'NodePort', 0, [...VALUE, 'constant.language.service-type.kube-ports']],
    ['type: LoadBalancer', 'LoadBalancer', 0, [...VALUE, 'constant.language.service-type.kube-ports']],
    ['  clusterIP: None', 'clusterIP', 0, [...KEY, 'keyword.other.cluster-ip.kube-ports']],
    ['  clusterIP: None', 'None', 0, [...VALUE, 'constant.language.headless.kube-ports']],
    ['clusterIP: 10.96.0.12', '10.96.0.12', 0, [...VALUE, 'constant.numeric.ip-address.kube-ports']],
    ['  serviceName: web-headless', 'serviceName', 0, [...KEY, 'keyword.other.service-name.kube-ports']],
    ['  serviceName: web-headless', 'web-headless', 0, [...VALUE, 'variable.other.service-name.kube-ports']],
  ];

  for (const [line, text, n, expected] of cases) {
    test(`${JSON.stringify(text)} in ${JSON.stringify(line.trim())} → ${expected[expected.length - 1]}`, () => {
      const lines = MANIFEST.split('\n');
      const token = tokenOn(lines, tokenize(injected, MANIFEST), line, text, n);
      assert.deepEqual(token.scopes.slice(-expected.length), expected);
      assert.deepEqual(token.scopes.filter(isOurs), [expected[expected.length - 1]], 'exactly one kube-ports scope');
    });
  }

  test('non-wiring keys and values get none of our scopes', () => {
    const tokens = tokenize(injected, NOT_WIRING);
    const lines = NOT_WIRING.split('\n');
    lines.forEach((line, i) => {
      const ours = tokens[i]!.filter((t) => t.scopes.some(isOurs));
      assert.deepEqual(ours, [], `unexpected kube-ports scope on ${JSON.stringify(line)}`);
    });
    // ...and the manifest's own non-wiring lines neither.
    const manifestLines = MANIFEST.split('\n');
    const manifestTokens = tokenize(injected, MANIFEST);
    for (const line of ['    - name: http', '          image: nginx:1.25', '      protocol: TCP', 'kind: Service', '    app: web']) {
      const i = manifestLines.indexOf(line);
      assert.ok(i >= 0, line);
      assert.deepEqual(manifestTokens[i]!.filter((t) => t.scopes.some(isOurs)), [], line);
    }
    // The comment after a port stays a YAML comment.
    const comment = tokenOn(manifestLines, manifestTokens, '      nodePort: 30333 # exposed', ' exposed');
    assert.equal(comment.scopes[comment.scopes.length - 1], 'comment.line.number-sign.yaml');
  });

  test('wiring keys with other values: the key is scoped, the value is not', () => {
    const text = NOT_PORT_VALUES.map(([line]) => line).join('\n');
    const tokens = tokenize(injected, text);
    NOT_PORT_VALUES.forEach(([line, keyScope], i) => {
      const [first, ...rest] = tokens[i]!;
      assert.equal(first!.text, line.slice(0, line.indexOf(':')), line);
      assert.deepEqual(first!.scopes.filter(isOurs), [keyScope], line);
      assert.deepEqual(rest.filter((t) => t.scopes.some(isOurs)), [], `value of ${JSON.stringify(line)} got a kube-ports scope`);
    });
  });

  test('the injection only adds scopes: YAML structure and token boundaries are unchanged', () => {
    const text = [MANIFEST, NOT_WIRING, ...NOT_PORT_VALUES.map(([line]) => line)].join('\n');
    const withInjection = tokenize(injected, text);
    const without = tokenize(plain, text);
    let ours = 0;
    text.split('\n').forEach((line, i) => {
      const a = withInjection[i]!;
      const b = without[i]!;
      assert.deepEqual(a.map((t) => t.text), b.map((t) => t.text), `token boundaries changed on ${JSON.stringify(line)}`);
      a.forEach((token, j) => {
        const mine = token.scopes.filter(isOurs);
        ours += mine.length;
        // Our value scopes replace the YAML grammar's own number scope (constant.numeric.integer.decimal.yaml);
        // everything else of the YAML grammar is kept.
        const base = mine.length > 0 ? b[j]!.scopes.filter((s) => !/^constant\.numeric\..*\.yaml$/.test(s)) : b[j]!.scopes;
        assert.deepEqual(token.scopes.filter((s) => !isOurs(s)), base, `YAML scopes changed for ${JSON.stringify(token.text)} on ${JSON.stringify(line)}`);
      });
    });
    assert.ok(ours >= cases.length, `expected at least ${cases.length} kube-ports scopes, got ${ours}`);
  });
});

// ---------------------------------------------------------------------------------------------
// source.kube-ports-paths
// ---------------------------------------------------------------------------------------------

describe('source.kube-ports-paths', () => {
  let grammar: vsctm.IGrammar;
  const R = 'source.kube-ports-paths';
  const S = 'kube-ports-paths';

  before(async () => {
    grammar = await load(makeRegistry(new Map([[R, PATHS_FILE]]), {}), R);
  });

  /** Tokenize one line; return [text, scopes-without-root] for every non-blank token. */
  function line(text: string): Array<[string, string[]]> {
    const [tokens] = tokenize(grammar, text);
    return tokens!.filter((t) => t.text.trim() !== '').map((t) => {
      assert.equal(t.scopes[0], R);
      return [t.text, t.scopes.slice(1)];
    });
  }

  test('grammar header', () => {
    const raw = JSON.parse(readFileSync(PATHS_FILE, 'utf8')) as Record<string, unknown>;
    assert.equal(raw.scopeName, R);
    assert.equal(raw.injectionSelector, undefined);
  });

  test('NodePort path: placeholders, ports, arrows, (workload/container)', () => {
    const ph = (name: string): Array<[string, string[]]> => [
      ['<', [`variable.other.placeholder.${S}`, `punctuation.definition.placeholder.begin.${S}`]],
      [name, [`variable.other.placeholder.${S}`]],
      ['>', [`variable.other.placeholder.${S}`, `punctuation.definition.placeholder.end.${S}`]],
    ];
    const port = (p: string): Array<[string, string[]]> => [
      [':', [`punctuation.separator.port.${S}`]],
      [p, [`constant.numeric.port.${S}`]],
    ];
    const arrow: [string, string[]] = ['→', [`keyword.operator.arrow.${S}`]];
    assert.deepEqual(line('<node-ip>:30333 → <cluster-ip>:8222 → <pod-ip>:80 (web/nginx)'), [
      ...ph('node-ip'),
      ...port('30333'),
      arrow,
      ...ph('cluster-ip'),
      ...port('8222'),
      arrow,
      ...ph('pod-ip'),
      ...port('80'),
      ['(', [`meta.annotation.${S}`, `punctuation.definition.annotation.begin.${S}`]],
      ['web', [`meta.annotation.${S}`, `entity.name.type.workload.${S}`]],
      ['/', [`meta.annotation.${S}`, `punctuation.separator.workload.${S}`]],
      ['nginx', [`meta.annotation.${S}`, `entity.name.tag.container.${S}`]],
      [')', [`meta.annotation.${S}`, `punctuation.definition.annotation.end.${S}`]],
    ]);
  });

  test('DNS names and IP addresses with ports', () => {
    assert.deepEqual(line('nginx-svc.default.svc.cluster.local:8222'), [
      ['nginx-svc.default.svc.cluster.local', [`string.unquoted.hostname.${S}`]],
      [':', [`punctuation.separator.port.${S}`]],
      ['8222', [`constant.numeric.port.${S}`]],
    ]);
    assert.deepEqual(line('_http._tcp.web.shop.svc.cluster.local'), [
      ['_http._tcp.web.shop.svc.cluster.local', [`string.unquoted.hostname.${S}`]],
    ]);
    assert.deepEqual(line('10.96.0.12:8222'), [
      ['10.96.0.12', [`constant.numeric.ip-address.${S}`]],
      [':', [`punctuation.separator.port.${S}`]],
      ['8222', [`constant.numeric.port.${S}`]],
    ]);
    assert.deepEqual(line('[fd00::12]:8222/TCP'), [
      ['[', [`punctuation.definition.ip-address.begin.${S}`]],
      ['fd00::12', [`constant.numeric.ip-address.${S}`]],
      [']', [`punctuation.definition.ip-address.end.${S}`]],
      [':', [`punctuation.separator.port.${S}`]],
      ['8222', [`constant.numeric.port.${S}`]],
      ['/', [`punctuation.separator.protocol.${S}`]],
      ['TCP', [`constant.language.protocol.${S}`]],
    ]);
    assert.deepEqual(line('localhost:8080 -> svc/web:80 (no ready endpoints)'), [
      ['localhost', [`string.unquoted.hostname.${S}`]],
      [':', [`punctuation.separator.port.${S}`]],
      ['8080', [`constant.numeric.port.${S}`]],
      ['->', [`keyword.operator.arrow.${S}`]],
      ['svc', [`entity.name.type.kind.${S}`]],
      ['/', [`punctuation.separator.resource.${S}`]],
      ['web', [`variable.other.resource-name.${S}`]],
      [':', [`punctuation.separator.port.${S}`]],
      ['80', [`constant.numeric.port.${S}`]],
      ['(', [`comment.block.annotation.${S}`, `punctuation.definition.annotation.begin.${S}`]],
      ['no ready endpoints', [`comment.block.annotation.${S}`]],
      [')', [`comment.block.annotation.${S}`, `punctuation.definition.annotation.end.${S}`]],
    ]);
  });

  test('URLs', () => {
    assert.deepEqual(line('curl http://web.shop:8222/healthz'), [
      ['curl ', []],
      ['http://web.shop:8222/healthz', [`markup.underline.link.${S}`]],
    ]);
  });

  test('kubectl commands', () => {
    const M = `meta.command.kubectl.${S}`;
    assert.deepEqual(line('kubectl port-forward -n shop svc/web 8080:80'), [
      ['kubectl', [M, `support.function.kubectl.${S}`]],
      ['port-forward', [M, `entity.name.function.subcommand.${S}`]],
      ['-n', [M, `variable.parameter.option.${S}`]],
      [' shop ', [M]],
      ['svc', [M, `entity.name.type.kind.${S}`]],
      ['/', [M, `punctuation.separator.resource.${S}`]],
      ['web', [M, `variable.other.resource-name.${S}`]],
      ['8080', [M, `constant.numeric.port.${S}`]],
      [':', [M, `punctuation.separator.port.${S}`]],
      ['80', [M, `constant.numeric.port.${S}`]],
    ]);
    assert.deepEqual(line('$ kubectl port-forward --namespace=shop pod/web-0 :80 # then curl localhost:80'), [
      ['$', [M, `punctuation.definition.prompt.${S}`]],
      ['kubectl', [M, `support.function.kubectl.${S}`]],
      ['port-forward', [M, `entity.name.function.subcommand.${S}`]],
      ['--namespace', [M, `variable.parameter.option.${S}`]],
      ['=', [M, `keyword.operator.assignment.${S}`]],
      ['shop ', [M]],
      ['pod', [M, `entity.name.type.kind.${S}`]],
      ['/', [M, `punctuation.separator.resource.${S}`]],
      ['web-0', [M, `variable.other.resource-name.${S}`]],
      [':', [M, `punctuation.separator.port.${S}`]],
      ['80', [M, `constant.numeric.port.${S}`]],
      ['#', [M, `comment.line.number-sign.${S}`, `punctuation.definition.comment.${S}`]],
      [' then curl localhost:80', [M, `comment.line.number-sign.${S}`]],
    ]);
  });

  test('comment lines', () => {
    assert.deepEqual(line('# From inside the cluster: web.shop:8222'), [
      ['#', [`comment.line.number-sign.${S}`, `punctuation.definition.comment.${S}`]],
      [' From inside the cluster: web.shop:8222', [`comment.line.number-sign.${S}`]],
    ]);
  });

  test('plain words, versions and slashes outside known kinds stay unscoped', () => {
    assert.deepEqual(line('via the node'), [['via the node', []]]);
    assert.deepEqual(line('nginx:1.25'), [['nginx:1.25', []]]);
    assert.deepEqual(line('1.2.3.4.5'), [['1.2.3.4.5', []]]);
    assert.deepEqual(line('web/nginx'), [['web/nginx', []]]);
    assert.deepEqual(line('a # b'), [
      ['a ', []],
      ['#', [`comment.line.number-sign.${S}`, `punctuation.definition.comment.${S}`]],
      [' b', [`comment.line.number-sign.${S}`]],
    ]);
  });
});

// ---------------------------------------------------------------------------------------------
// syntaxes/README.md documents exactly the scopes the grammars use
// ---------------------------------------------------------------------------------------------

test('syntaxes/README.md lists every kube-ports scope the grammars use, and no others', () => {
  const readme = readFileSync(path.join(SYNTAXES, 'README.md'), 'utf8');
  const documented = new Set([...readme.matchAll(/`([a-z][a-z0-9.-]*\.kube-ports(?:-paths)?)`/g)].map((m) => m[1]!));
  // The root scope source.kube-ports-paths counts as used too.
  const used = new Set([...scopeNamesIn(INJECTION_FILE), ...scopeNamesIn(PATHS_FILE), 'source.kube-ports-paths'].filter(isOurs));
  assert.deepEqual([...used].filter((s) => !documented.has(s)).sort(), [], 'used but not documented');
  assert.deepEqual([...documented].filter((s) => !used.has(s)).sort(), [], 'documented but not used');
  // Every scope the grammars produce is ours or one of the base grammar's.
  for (const s of scopeNamesIn(INJECTION_FILE)) assert.ok(isOurs(s), s);
  for (const s of scopeNamesIn(PATHS_FILE)) assert.ok(isOurs(s), s);
});
