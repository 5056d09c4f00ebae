/**
 * The server under hostile workspaces: huge, binary and unreadable files, symbolic link loops and
 * links out of the folder, files deleted while being indexed, and a request that throws. Each
 * test waits on the server's notifications only; the `timeout` options are hang guards (a hang
 * is the failure they catch), not timed assertions.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import type { Diagnostic, DocumentSymbol, SymbolInformation } from 'vscode-languageserver-protocol';
import { bundleEntry } from '../support/bundle';
import { REGEXP_ABORT_PAIR } from '../support/hostile';
import { LspClient } from '../support/lsp-client';

const HANG_GUARD = { timeout: 120_000 };
const INFORMATION = 3;

const SERVICE = (name: string, selector: string) =>
  `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\nspec:\n  selector:\n    app: ${selector}\n  ports:\n  - name: http\n    port: 80\n`;
const DEPLOYMENT = (app: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${app}\nspec:\n  selector:\n    matchLabels: {app: ${app}}\n  template:\n    metadata:\n      labels: {app: ${app}}\n    spec:\n      containers:\n      - name: c\n        ports:\n        - name: http\n          containerPort: 80\n`;

const codes = (d: Diagnostic[]) => d.map((x) => x.code);
const uriHas = (client: LspClient, needle: string) => [...client.diagnostics.keys()].filter((u) => u.includes(needle));

/** Sends one watched-files notification; the server handles its changes in order, so the last one's diagnostics mean all were handled. */
async function watchedChanges(client: LspClient, changes: { rel: string; type: 1 | 2 | 3 }[]): Promise<void> {
  await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: changes.map((c) => ({ uri: client.uri(c.rel), type: c.type })) });
}

test('a 50 MB file is skipped unread with one information note, on disk and in an editor', HANG_GUARD, async () => {
  const client = await LspClient.start({
    files: { 'app/service.yaml': SERVICE('web', 'web'), 'app/deployment.yaml': DEPLOYMENT('web') },
    prepare: (root) => {
      const line = Buffer.from('key: value-value-value-value\n');
      writeFileSync(path.join(root, 'huge.yaml'), Buffer.concat([Buffer.from('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\ndata:\n'), Buffer.alloc(50 * 1024 * 1024, line)]));
    },
  });
  try {
    const huge = await client.diagnosticsFor('huge.yaml');
    assert.deepEqual(codes(huge), ['file-too-large']);
    assert.equal(huge[0]!.severity, INFORMATION);
    assert.match(String(huge[0]!.message), /50\.0 MB, over the kubePorts\.maxFileSize limit of 4\.0 MB/);
    assert.ok(client.logs.some((l) => /skipped .*huge\.yaml: \d+ bytes is over kubePorts\.maxFileSize/.test(l.message)), 'one log line says why');
    assert.deepEqual(await client.diagnosticsFor('app/service.yaml'), [], 'the other files are analysed');

    // The same text arriving from an editor: skipped as well, and requests on it answer empty at once.
    const text = 'apiVersion: v1\nkind: Service\nmetadata: {name: big}\n' + '# padding padding padding padding\n'.repeat(1_600_000);
    assert.ok(text.length > 50_000_000);
    await client.open('huge.yaml', text);
    assert.deepEqual(await client.request('textDocument/documentSymbol', { textDocument: { uri: client.uri('huge.yaml') } }), []);
    assert.deepEqual(codes(client.diagnostics.get(client.uri('huge.yaml'))!), ['file-too-large']);
    await client.open('app/service.yaml', SERVICE('web', 'nothing'));
    await client.diagnosticsFor('app/service.yaml', (d) => codes(d).includes('service-selects-nothing'));
  } finally {
    assert.equal(await client.stop(), 0);
  }
});

test('symbolic link loops end, and links out of the workspace folder are never followed', HANG_GUARD, async () => {
  const outside = mkdtempSync(path.join(tmpdir(), 'kube-ports-outside-'));
  writeFileSync(path.join(outside, 'secret.yaml'), SERVICE('secret', 'nothing-selects-this'));
  const client = await LspClient.start({
    files: { 'app/service.yaml': SERVICE('web', 'web'), 'app/deployment.yaml': DEPLOYMENT('web') },
    prepare: (root) => {
      mkdirSync(path.join(root, 'loops'));
      symlinkSync(root, path.join(root, 'loops', 'to-root')); // a loop through the root
      symlinkSync(path.join(root, 'loops'), path.join(root, 'loops', 'to-self')); // a loop on itself
      symlinkSync(path.join(root, 'loops', 'a'), path.join(root, 'loops', 'b')); // two links pointing at each other
      symlinkSync(path.join(root, 'loops', 'b'), path.join(root, 'loops', 'a'));
      symlinkSync(path.join(root, 'loops', 'c.yaml'), path.join(root, 'loops', 'c.yaml')); // a link to itself, named like a manifest
      symlinkSync(outside, path.join(root, 'outside-dir'));
      symlinkSync(path.join(outside, 'secret.yaml'), path.join(root, 'outside.yaml'));
      symlinkSync(path.join(root, 'app', 'service.yaml'), path.join(root, 'inside-link.yaml')); // stays inside: followed
    },
  });
  try {
    assert.deepEqual(await client.diagnosticsFor('app/service.yaml'), []);
    assert.deepEqual(await client.diagnosticsFor('inside-link.yaml'), [], 'a link that stays inside the folder is read');
    // The server holds exactly the three real manifests: nothing read through a loop (those copies
    // would be clean, so they show no diagnostics; the count says they are not there).
    assert.equal(client.indexedFiles, 3, 'exactly the three real manifests');
    assert.deepEqual(uriHas(client, 'outside'), [], 'nothing is read through a link out of the folder (its Service would select nothing)');

    // A file event for the link out of the folder (batched before a sentinel): still not read.
    await watchedChanges(client, [
      { rel: 'outside.yaml', type: 2 },
      { rel: 'outside-dir/secret.yaml', type: 2 },
      { rel: 'app/deployment.yaml', type: 2 },
    ]);
    writeFileSync(path.join(client.root, 'app/deployment.yaml'), DEPLOYMENT('other'));
    await watchedChanges(client, [
      { rel: 'outside.yaml', type: 2 },
      { rel: 'app/deployment.yaml', type: 2 },
    ]);
    await client.diagnosticsFor('app/service.yaml', (d) => codes(d).includes('service-selects-nothing'));
    assert.deepEqual(uriHas(client, 'outside'), []);
    await client.logged(/skipped .*outside\.yaml: it resolves to a path outside the workspace folder/);

    // Closing an editor on the link goes back to disk, which for this file means: nothing.
    await client.open('outside.yaml', SERVICE('typed', 'typed'));
    await client.diagnosticsFor('outside.yaml', (d) => codes(d).includes('service-selects-nothing'));
    await client.close('outside.yaml');
    assert.deepEqual(await client.diagnosticsFor('outside.yaml', (d) => d.length === 0), []);
  } finally {
    assert.equal(await client.stop(), 0);
    rmSync(outside, { recursive: true, force: true });
  }
});

// Tests run as root, where `chmod 000` does not stop a read; these entries cannot be read by
// anyone: a FIFO and a UNIX socket named *.yaml, a dangling link, a directory named *.yaml, and
// a file replaced by a directory after it was indexed.
test('unreadable entries are skipped with a log line, and a FIFO never blocks the server', HANG_GUARD, async () => {
  const client = await LspClient.start({
    files: { 'app/service.yaml': SERVICE('web', 'web'), 'app/deployment.yaml': DEPLOYMENT('web'), 'replaced.yaml': SERVICE('replaced', 'web'), 'dir.yaml/inner.yaml': SERVICE('inner', 'web') },
    prepare: (root) => {
      for (let i = 0; i < 6; i++) {
        const r = spawnSync('mkfifo', [path.join(root, `pipe${i}.yaml`)]);
        assert.equal(r.status, 0, `mkfifo: ${r.stderr}`);
      }
      symlinkSync(path.join(root, 'missing.yaml'), path.join(root, 'dangling.yaml'));
    },
  });
  try {
    assert.deepEqual(await client.diagnosticsFor('app/service.yaml'), []);
    assert.deepEqual(await client.diagnosticsFor('dir.yaml/inner.yaml'), [], 'a directory named *.yaml is walked');
    assert.deepEqual(await client.diagnosticsFor('replaced.yaml'), []);
    assert.deepEqual([...uriHas(client, 'pipe'), ...uriHas(client, 'dangling')], []);

    // File events for FIFOs (more than libuv's 4 threads), a dangling link and a file that became a directory.
    rmSync(path.join(client.root, 'replaced.yaml'));
    mkdirSync(path.join(client.root, 'replaced.yaml'));
    writeFileSync(path.join(client.root, 'app/deployment.yaml'), DEPLOYMENT('other'));
    await watchedChanges(client, [
      ...Array.from({ length: 6 }, (_, i) => ({ rel: `pipe${i}.yaml`, type: 2 as const })),
      { rel: 'dangling.yaml', type: 2 },
      { rel: 'replaced.yaml', type: 2 },
      { rel: 'app/deployment.yaml', type: 2 },
    ]);
    await client.diagnosticsFor('app/service.yaml', (d) => codes(d).includes('service-selects-nothing'));
    assert.deepEqual(await client.diagnosticsFor('replaced.yaml', (d) => d.length === 0), [], 'the replaced file left the model');
    await client.logged(/cannot read .*pipe0\.yaml: .*not a regular file/);
    await client.logged(/cannot read .*dangling\.yaml/);
    await client.logged(/cannot read .*replaced\.yaml/);
    assert.deepEqual([...uriHas(client, 'pipe'), ...uriHas(client, 'dangling')], []);
    // …and file I/O still works afterwards (no thread of the pool is stuck on a FIFO).
    writeFileSync(path.join(client.root, 'app/deployment.yaml'), DEPLOYMENT('web'));
    await watchedChanges(client, [{ rel: 'app/deployment.yaml', type: 2 }]);
    await client.diagnosticsFor('app/service.yaml', (d) => d.length === 0);
  } finally {
    assert.equal(await client.stop(), 0);
  }
});

test('files deleted while the workspace is being indexed', HANG_GUARD, async (t) => {
  const files: Record<string, string> = {};
  for (let d = 0; d < 20; d++) for (let f = 0; f < 20; f++) files[`d${String(d).padStart(2, '0')}/f${f}.yaml`] = f % 2 ? SERVICE(`s${d}-${f}`, `a${d}-${f - 1}`) : DEPLOYMENT(`a${d}-${f}`);
  const deleted = Object.keys(files).filter((rel) => rel >= 'd10');
  let root = '';
  let deletedAt: string | undefined;
  const client = await LspClient.start({
    files,
    prepare: (r) => (root = r),
    // At the first progress report the server is part way through the walk: delete half the folders.
    onProgress: (value) => {
      if (deletedAt !== undefined || value.kind !== 'report') return;
      deletedAt = value.message;
      for (let d = 10; d < 20; d++) rmSync(path.join(root, `d${d}`), { recursive: true, force: true });
    },
  });
  try {
    assert.ok(deletedAt, 'the deletion happened after indexing had started');
    const raced = client.logs.filter((l) => /cannot read .*\/d1\d/.test(l.message)).length;
    t.diagnostic(`deleted at progress "${deletedAt}"; ${raced} reads or folder listings hit a deleted path`);
    // What the server holds: every object's file (each file holds one named object; fewer than the 1,000 symbols answered).
    const held = async () => new Set((await client.request<SymbolInformation[]>('workspace/symbol', { query: '' })).map((s) => s.location.uri));
    const before = await held();
    for (const rel of Object.keys(files).filter((r) => r < 'd10')) assert.ok(before.has(client.uri(rel)), `${rel} was indexed`);
    // The client's watcher reports the deletions: every deleted file ends with no diagnostics.
    await watchedChanges(client, deleted.map((rel) => ({ rel, type: 3 as const })));
    writeFileSync(path.join(root, 'd00/f1.yaml'), SERVICE('s0-1', 'nobody'));
    await watchedChanges(client, [{ rel: 'd00/f1.yaml', type: 2 }]);
    await client.diagnosticsFor('d00/f1.yaml', (d) => codes(d).includes('service-selects-nothing'));
    for (const rel of deleted) assert.deepEqual(client.diagnostics.get(client.uri(rel)) ?? [], [], `${rel} has no diagnostics left`);
    const after = await held();
    for (const rel of deleted) assert.ok(!after.has(client.uri(rel)), `${rel} is no longer held`);
    const symbols = await client.request<unknown[]>('workspace/symbol', { query: 's0-' });
    assert.ok(symbols.length > 0, 'the server still answers');
  } finally {
    assert.equal(await client.stop(), 0);
  }
});

test('binary files, invalid UTF-8 and UTF-16 named .yaml', HANG_GUARD, async () => {
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, ...Array.from({ length: 4096 }, (_, i) => (i * 131) % 256)]);
  const [head, tail] = SERVICE('bytes', 'nothing').split('spec:\n');
  const invalidUtf8 = Buffer.concat([Buffer.from(head + '  annotations: {note: "'), Buffer.from([0xc3, 0x28, 0xff, 0xfe, 0x80]), Buffer.from('"}\nspec:\n' + tail)]);
  const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(SERVICE('wide', 'nothing'), 'utf16le')]);
  const client = await LspClient.start({
    files: { 'app/service.yaml': SERVICE('web', 'web'), 'app/deployment.yaml': DEPLOYMENT('web') },
    prepare: (root) => {
      writeFileSync(path.join(root, 'image.yaml'), png);
      writeFileSync(path.join(root, 'invalid-utf8.yaml'), invalidUtf8);
      writeFileSync(path.join(root, 'utf16.yaml'), utf16);
    },
  });
  try {
    const image = await client.diagnosticsFor('image.yaml');
    assert.deepEqual(codes(image), ['not-text']);
    assert.equal(image[0]!.severity, INFORMATION);
    // Invalid bytes become U+FFFD: the rest of the file is analysed as usual.
    assert.deepEqual(codes(await client.diagnosticsFor('invalid-utf8.yaml')), ['service-selects-nothing']);
    assert.deepEqual(codes(await client.diagnosticsFor('utf16.yaml')), ['service-selects-nothing']);
    assert.deepEqual(await client.diagnosticsFor('app/service.yaml'), []);
  } finally {
    assert.equal(await client.stop(), 0);
  }
});

test('hostile text typed into an editor: every edit is answered and the server stays up', HANG_GUARD, async () => {
  const client = await LspClient.start({ files: { 'app/service.yaml': SERVICE('web', 'web'), 'app/deployment.yaml': DEPLOYMENT('web') } });
  const deep = (n: number) => 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep}\ndata: ' + '['.repeat(n) + ']'.repeat(n) + '\n';
  const bomb = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i < 12; i++) bomb.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill('*' + String.fromCharCode(96 + i)).join(',')}]`);
  const inputs: [string, string, (d: Diagnostic[]) => boolean][] = [
    ['deep nesting', deep(20_000), (d) => codes(d).includes('too-complex')],
    ['alias bomb', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: lol}\ndata:\n' + bomb.map((l) => '  ' + l).join('\n') + '\n' + SERVICE('x', 'nothing').replace(/^/, '---\n'), (d) => codes(d).includes('service-selects-nothing')],
    ['binary', 'apiVersion: v1\n\u0000\u0001\u0002kind: Service\n', (d) => codes(d).join() === 'not-text'],
    ['helm', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Release.Name }}\n{{- if .Values.x }}\nspec: {}\n{{- end }}\n', (d) => codes(d).join() === 'helm-template'],
    ['broken yaml', 'apiVersion: v1\nkind: Service\nmetadata: [oops\n', (d) => codes(d).join() === 'yaml-syntax'],
    ['fine again', SERVICE('web2', 'web'), (d) => d.length === 0],
  ];
  try {
    await client.open('typed.yaml', SERVICE('web2', 'nothing'));
    await client.diagnosticsFor('typed.yaml', (d) => codes(d).includes('service-selects-nothing'));
    for (const [what, text, expected] of inputs) {
      await client.change('typed.yaml', text);
      const d = await client.diagnosticsFor('typed.yaml', expected);
      assert.ok(d.filter((x) => x.severity !== INFORMATION).length <= 1, what);
      const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: client.uri('typed.yaml') } });
      assert.ok(Array.isArray(symbols), `${what}: documentSymbol answers`);
      await client.request('textDocument/hover', { textDocument: { uri: client.uri('typed.yaml') }, position: { line: 3, character: 4 } });
    }
  } finally {
    assert.equal(await client.stop(), 0);
  }
});

test('a request that throws internally answers empty, is logged, and every other file keeps working', HANG_GUARD, async () => {
  const server = bundleEntry(path.resolve(__dirname, '../support/throwing-server.ts'));
  const client = await LspClient.start({
    serverArgs: [server, '--stdio'],
    files: { 'poison.yaml': SERVICE('poison', 'web'), 'app/service.yaml': SERVICE('web', 'web'), 'app/deployment.yaml': DEPLOYMENT('web') },
  });
  try {
    const poison = { textDocument: { uri: client.uri('poison.yaml') } };
    const healthy = { textDocument: { uri: client.uri('app/service.yaml') } };
    // The failing file's requests answer empty…
    assert.deepEqual(await client.request('textDocument/documentSymbol', poison), []);
    assert.equal(await client.request('textDocument/hover', { ...poison, position: { line: 9, character: 11 } }), null);
    await client.logged(/documentSymbol failed: .*injected failure/);
    await client.logged(/hover failed: .*injected failure/);
    assert.equal(client.logs.find((l) => /documentSymbol failed/.test(l.message))!.type, 1, 'logged as an error');
    // …while the same requests on other files answer, edits are analysed, and the server lives on.
    const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', healthy);
    assert.deepEqual(symbols.map((s) => s.name).filter((n) => /web/.test(n)).length > 0, true, JSON.stringify(symbols));
    assert.ok(await client.request('textDocument/hover', { ...healthy, position: { line: 9, character: 11 } }), 'hover on the port answers');
    await client.open('app/service.yaml', SERVICE('web', 'nothing'));
    await client.diagnosticsFor('app/service.yaml', (d) => codes(d).includes('service-selects-nothing'));
    assert.deepEqual(await client.request('textDocument/documentSymbol', poison), [], 'still empty, still answering');
  } finally {
    assert.equal(await client.stop(), 0, 'exits cleanly');
    rmSync(path.dirname(server), { recursive: true, force: true });
  }
});

test('a folder holding a Helm template and a 20,000-deep flow sequence: the server indexes it and stays up (issue 16)', HANG_GUARD, async () => {
  const client = await LspClient.start({ files: { ...REGEXP_ABORT_PAIR, 'app/service.yaml': SERVICE('web', 'web'), 'app/deployment.yaml': DEPLOYMENT('web') } });
  try {
    assert.deepEqual(codes(await client.diagnosticsFor('helm.yaml')), ['helm-template']);
    assert.deepEqual(codes(await client.diagnosticsFor('deepflow.yaml')), ['too-complex']);
    // The same text typed into editors, template first.
    await client.open('helm.yaml', REGEXP_ABORT_PAIR['helm.yaml']!);
    await client.open('deepflow.yaml', REGEXP_ABORT_PAIR['deepflow.yaml']! + '\n');
    await client.open('app/service.yaml', SERVICE('web', 'nothing'));
    await client.diagnosticsFor('app/service.yaml', (d) => codes(d).includes('service-selects-nothing'));
  } finally {
    assert.equal(await client.stop(), 0);
  }
});
