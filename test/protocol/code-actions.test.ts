import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import type { CodeAction, Diagnostic, TextEdit, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { LineIndex } from '../../server/src/core/text/line-index';
import { LspClient } from '../support/lsp-client';

const DEPLOY = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web, tier: frontend}
    spec:
      containers:
      - name: nginx
        ports:
        - name: http
          containerPort: 8080
`;
const svc = (spec: string) => `apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n${spec}`;

const FILES: Record<string, string> = {
  'app/deploy.yaml': DEPLOY,
  'app/selector.yaml': svc('  selector:\n    app: web\n    tier: backend # typo\n  ports:\n  - port: 80\n    targetPort: http\n').replace('name: web', 'name: sel'),
  'app/quoted.yaml': svc('  selector:\n    app: web\n  ports:\n  - port: 80\n    targetPort: "8080"\n').replace('name: web', 'name: quoted'),
  'app/cip.yaml': svc('  selector: {app: web}\n  ports:\n  - port: 80\n    targetPort: http\n    nodePort: 30080 # keep me?\n').replace('name: web', 'name: cip'),
  'ext/db.yaml': `# external database\napiVersion: v1\nkind: Service\nmetadata:\n  name: db\nspec:\n  ports:\n  - port: 5432\n`,
  'ext/db2.yaml': `apiVersion: v1\nkind: Service\nmetadata:\n  name: db2\nspec:\n  ports:\n  - port: 5432\n`,
};

let client: LspClient | undefined;
async function start(): Promise<LspClient> {
  client ??= await LspClient.start({
    files: FILES,
    capabilities: { workspace: { configuration: true, workspaceFolders: true, workspaceEdit: { documentChanges: true, snippetEditSupport: true } } },
  });
  return client;
}
after(async () => {
  if (client) assert.equal(await client.stop(), 0);
});

function applyLsp(text: string, edits: readonly (TextEdit | { range: TextEdit['range']; snippet: { value: string } })[]): string {
  const lines = new LineIndex(text);
  const abs = edits.map((e) => ({
    start: lines.offsetAt(e.range.start),
    end: lines.offsetAt(e.range.end),
    text: 'newText' in e ? e.newText : e.snippet.value.replace(/\$\{\d+:([^}]*)\}/g, '$1'),
  }));
  abs.sort((a, b) => b.start - a.start);
  let out = text;
  for (const e of abs) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

function editsOf(edit: WorkspaceEdit | undefined, uri: string) {
  if (edit?.changes) return edit.changes[uri] ?? [];
  const dc = (edit?.documentChanges ?? []) as { textDocument: { uri: string }; edits: TextEdit[] }[];
  return dc.filter((d) => d.textDocument.uri === uri).flatMap((d) => d.edits);
}

/** Asks for quick fixes on the diagnostic `code` of `rel`, applies `title`, re-analyses: the diagnostic is gone and nothing new appears. */
async function fix(rel: string, code: string, title: string, expected: string): Promise<CodeAction> {
  const c = await start();
  const text = FILES[rel]!;
  await c.open(rel, text);
  const before = await c.diagnosticsFor(rel, (ds) => ds.some((d) => d.code === code));
  const d = before.find((x) => x.code === code)!;
  const actions = await c.request<CodeAction[]>('textDocument/codeAction', {
    textDocument: { uri: c.uri(rel) },
    range: d.range,
    context: { diagnostics: [d], only: ['quickfix'] },
  });
  const action = actions.find((a) => a.title === title);
  assert.ok(action, `"${title}" among: ${actions.map((a) => a.title).join(' | ')}`);
  assert.deepEqual(action.diagnostics?.map((x: Diagnostic) => x.code), [code]);
  const next = applyLsp(text, editsOf(action.edit, c.uri(rel)) as TextEdit[]);
  assert.equal(next, expected);
  await c.change(rel, next);
  const codes = (ds: Diagnostic[]) => ds.map((x) => String(x.code)).sort();
  const after = await c.diagnosticsFor(rel, (ds) => !ds.some((x) => x.code === code));
  for (const k of codes(after)) assert.ok(codes(before).includes(k), `new diagnostic ${k}`);
  await c.close(rel);
  return action;
}

test('advertises code actions with their kinds', async () => {
  const c = await start();
  assert.deepEqual(c.initializeResult.capabilities.codeActionProvider, { codeActionKinds: ['quickfix', 'refactor.rewrite', 'refactor.extract'], resolveProvider: false });
});

test('service-selects-nothing: use the near-miss template labels', async () => {
  const t = FILES['app/selector.yaml']!;
  await fix('app/selector.yaml', 'service-selects-nothing', 'Change selector tier: backend to tier: frontend (matches Deployment web)', t.replace('tier: backend', 'tier: frontend'));
});

test('invalid-port-name: targetPort "8080" becomes 8080 (preferred)', async () => {
  const t = FILES['app/quoted.yaml']!;
  const a = await fix('app/quoted.yaml', 'invalid-port-name', 'Change targetPort "8080" to the number 8080', t.replace('"8080"', '8080'));
  assert.equal(a.isPreferred, true);
});

test('node-port-on-cluster-ip: remove the nodePort, or switch the type', async () => {
  const t = FILES['app/cip.yaml']!;
  await fix('app/cip.yaml', 'node-port-on-cluster-ip', 'Remove nodePort 30080', t.replace('    nodePort: 30080 # keep me?\n', ''));
  await fix('app/cip.yaml', 'node-port-on-cluster-ip', 'Set type: NodePort on Service cip', t.replace('spec:\n', 'spec:\n  type: NodePort\n'));
});

test('selectorless Service: Add Endpoints as a snippet edit, placeholder address from the documentation range', async () => {
  const t = FILES['ext/db.yaml']!;
  const a = await fix(
    'ext/db.yaml',
    'selectorless-service-without-endpoints',
    'Add Endpoints db after the Service (address 192.0.2.10 is a placeholder)',
    t + '---\napiVersion: v1\nkind: Endpoints\nmetadata:\n  name: db\nsubsets:\n- addresses:\n  - ip: 192.0.2.10\n  ports:\n  - port: 5432\n    protocol: TCP\n',
  );
  const [edit] = editsOf(a.edit, (await start()).uri('ext/db.yaml')) as unknown as { snippet: { kind: string; value: string } }[];
  assert.equal(edit!.snippet.kind, 'snippet');
  assert.ok(edit!.snippet.value.includes('- ip: ${1:192.0.2.10}'));
  await fix(
    'ext/db2.yaml',
    'selectorless-service-without-endpoints',
    'Add EndpointSlice db2-1 for Service db2 after the Service (address 192.0.2.10 is a placeholder)',
    FILES['ext/db2.yaml']! +
      '---\napiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata:\n  name: db2-1\n  labels:\n    kubernetes.io/service-name: db2\naddressType: IPv4\nports:\n- port: 5432\n  protocol: TCP\nendpoints:\n- addresses:\n  - 192.0.2.10\n',
  );
});

test('refactorings at the cursor: no Create Service for a selected workload; Add nodePort as plain text edits', async () => {
  const c = await start();
  const rel = 'app/deploy.yaml';
  const actions = await c.request<CodeAction[]>('textDocument/codeAction', {
    textDocument: { uri: c.uri(rel) },
    range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } },
    context: { diagnostics: [], only: ['refactor'] },
  });
  assert.deepEqual(actions.map((a) => a.title), []);
  const q = 'app/quoted.yaml';
  const nodePort = await c.request<CodeAction[]>('textDocument/codeAction', {
    textDocument: { uri: c.uri(q) },
    range: { start: { line: 8, character: 4 }, end: { line: 8, character: 4 } },
    context: { diagnostics: [] },
  });
  const add = nodePort.find((a) => a.title.startsWith('Add nodePort'));
  assert.ok(add, nodePort.map((a) => a.title).join(' | '));
  assert.equal(add.title, 'Add nodePort 30000 and set type: NodePort');
  assert.ok(add.edit?.changes, 'no snippet: plain changes');
  assert.equal(applyLsp(FILES[q]!, add.edit!.changes![c.uri(q)]!), FILES[q]!.replace('spec:\n', 'spec:\n  type: NodePort\n').replace('"8080"\n', '"8080"\n    nodePort: 30000\n'));
});
