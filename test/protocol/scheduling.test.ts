/**
 * Edits of a big document do not hold up requests on other documents (issue 16, item 6): queued
 * edits of a document are coalesced (only the latest text is analysed), requests already received
 * are answered before that analysis, and only the latest version's diagnostics are published.
 * Asserts the order of the server's messages on the wire, never time. The edits and the hover go
 * in one write, so the server has received all of them before it handles the first.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LspClient } from '../support/lsp-client';

const HANG_GUARD = { timeout: 120_000 };

const SMALL = `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
  - port: 80
    targetPort: http
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: c
        ports:
        - name: http
          containerPort: 8080
`;

/**
 * A Service whose targetPort name is edited (each name unresolved, so each version has its own
 * error and is published: the first too; the first name is longer than the edits', so the
 * latest text's size differs from the first's), then `services` more.
 */
function bigFile(services: number): string {
  const head = `apiVersion: v1\nkind: Service\nmetadata:\n  name: edited\nspec:\n  selector:\n    app: web\n  ports:\n  - port: 81\n    targetPort: first\n`;
  const more = Array.from({ length: services }, (_, i) => `---\napiVersion: v1\nkind: Service\nmetadata:\n  name: s${i}\nspec:\n  selector:\n    app: web\n  ports:\n  - port: ${1000 + i}\n    targetPort: http\n`);
  return head + more.join('');
}

const TARGET_LINE = 9; // `    targetPort: http`
const TARGET_CHAR = '    targetPort: '.length;

for (const variant of [
  { name: 'under kubePorts.maxFileSize (analysed)', services: 4000, settings: {} },
  // Over the limit but under 1 KB, so the note gives the exact size (distinct for each version).
  { name: 'over kubePorts.maxFileSize (skipped, its note names the size)', services: 4, settings: { maxFileSize: SMALL.length + 10 } },
]) {
  test(`five quick edits of a big document ${variant.name}: a hover on another file is answered first, only the last version is published`, HANG_GUARD, async () => {
    const big = bigFile(variant.services);
    if (variant.settings.maxFileSize !== undefined) assert.ok(big.length > variant.settings.maxFileSize && big.length < 1024);
    const client = await LspClient.start({ files: { 'small.yaml': SMALL }, settings: variant.settings });
    try {
      await client.open('small.yaml', SMALL);
      await client.open('big.yaml', big);
      const bigUri = client.uri('big.yaml');
      await client.until(() => client.wire.some((m) => m.method === 'textDocument/publishDiagnostics' && m.params?.uri === bigUri && m.params.version === 1), 'big.yaml v1 published');
      const from = client.wire.length;
      // Versions 2..6 rename the targetPort `first` → `v2` … `v6` (each unresolved: distinct diagnostics, and a size other than the first's).
      const edits = [2, 3, 4, 5, 6].map((version) => {
        const previous = version === 2 ? 'first' : `v${version - 1}`;
        return {
          method: 'textDocument/didChange',
          params: {
            textDocument: { uri: bigUri, version },
            contentChanges: [{ range: { start: { line: TARGET_LINE, character: TARGET_CHAR }, end: { line: TARGET_LINE, character: TARGET_CHAR + previous.length } }, text: `v${version}` }],
          },
        };
      });
      const hover = { id: 'kp-hover-behind-edits', method: 'textDocument/hover', params: { textDocument: { uri: client.uri('small.yaml') }, position: { line: 9, character: 18 } } };
      client.burst([...edits, hover]);

      const isBigPublish = (m: (typeof client.wire)[number]) => m.method === 'textDocument/publishDiagnostics' && m.params?.uri === bigUri;
      await client.until(
        () => client.wire.slice(from).some((m) => isBigPublish(m) && m.params?.version === 6) && client.wire.slice(from).some((m) => m.id === 'kp-hover-behind-edits'),
        'big.yaml v6 published and the hover answered',
      );
      const after = client.wire.slice(from);
      const hoverAt = after.findIndex((m) => m.id === 'kp-hover-behind-edits');
      const firstBig = after.findIndex(isBigPublish);
      assert.ok(hoverAt >= 0, 'the hover was answered');
      assert.ok(hoverAt < firstBig, `the hover (message ${hoverAt}) is answered before big.yaml is analysed and published (message ${firstBig})`);
      assert.match(JSON.stringify(after[hoverAt]!.result), /web/, 'a real hover, not an empty answer');
      assert.deepEqual(
        after.filter(isBigPublish).map((m) => m.params!.version),
        [6],
        'only the latest version of big.yaml is published',
      );
      const published = JSON.stringify(after.find(isBigPublish)!.params!.diagnostics);
      if (variant.settings.maxFileSize === undefined) assert.match(published, /targetPort \\"v6\\" names no container port/);
      else assert.match(published, new RegExp(`it is ${big.length - 'first'.length + 'v6'.length} bytes`), 'the note of the latest text (its size)');
    } finally {
      assert.equal(await client.stop(), 0);
    }
  });
}

test('a request cancelled before it runs answers empty at once (handlers get the cancellation token)', HANG_GUARD, async () => {
  const client = await LspClient.start({ files: { 'small.yaml': SMALL } });
  try {
    const small = client.uri('small.yaml');
    const hover = (id: string) => ({ id, method: 'textDocument/hover', params: { textDocument: { uri: small }, position: { line: 9, character: 18 } } });
    // The cancellation arrives with the request, before it is dispatched; the same hover uncancelled answers in full.
    client.burst([hover('kp-cancelled'), { method: '$/cancelRequest', params: { id: 'kp-cancelled' } }, hover('kp-kept')]);
    await client.until(() => client.wire.some((m) => m.id === 'kp-kept'), 'both hovers answered');
    const answer = (id: string) => client.wire.find((m) => m.id === id) as { result?: unknown; error?: unknown } | undefined;
    assert.ok(answer('kp-cancelled'), 'the cancelled request is answered');
    assert.equal(answer('kp-cancelled')!.result ?? null, null);
    assert.match(JSON.stringify(answer('kp-kept')!.result), /web/);
  } finally {
    assert.equal(await client.stop(), 0);
  }
});
