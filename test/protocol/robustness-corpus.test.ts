/**
 * The language server over a corpus of real-world manifests (../shared/corpus: Helm charts,
 * Kustomize trees, CRD bundles, CI files, …; the examples/ folder where the corpus is absent):
 * it indexes every manifest file (and publishes diagnostics only for those), logs no internal error,
 * and still answers requests afterwards.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { fileUri, readManifestText, walkManifestFiles } from '../../server/src/host/manifest-files';
import { LspClient } from '../support/lsp-client';

const CORPUS = path.resolve(__dirname, '../../../shared/corpus');
const FOLDER = existsSync(CORPUS) ? CORPUS : path.resolve(__dirname, '../../examples');

test(`the server indexes every file of ${path.basename(FOLDER)} without an internal error`, { timeout: 300_000 }, async (t) => {
  const expected: string[] = [];
  for await (const file of walkManifestFiles(FOLDER)) {
    const read = readManifestText(file, Number.MAX_SAFE_INTEGER);
    if (!('skipped' in read && read.skipped === 'not-manifest')) expected.push(fileUri(file));
  }
  assert.ok(expected.length > 0);
  const client = await LspClient.start({ folder: FOLDER });
  try {
    // A file without diagnostics gets none published: the server's count of the files it holds says every one is in.
    assert.equal(client.indexedFiles, expected.length, 'every manifest file is indexed');
    const unknown = [...client.diagnostics.keys()].filter((uri) => !expected.includes(uri));
    assert.deepEqual(unknown, [], 'diagnostics only for the manifest files');
    const errors = client.logs.filter((l) => l.type === 1).map((l) => l.message.split('\n')[0]);
    assert.deepEqual(errors, [], 'no internal error was logged');
    const all = [...client.diagnostics.values()].flat();
    const byCode = new Map<string, number>();
    for (const d of all) byCode.set(String(d.code), (byCode.get(String(d.code)) ?? 0) + 1);
    t.diagnostic(`${expected.length} files, ${all.length} diagnostics: ${[...byCode].map(([c, n]) => `${c} ${n}`).join(', ')}`);
    // Still serving: requests over the whole workspace and on the largest file answer.
    const symbols = await client.request<unknown[]>('workspace/symbol', { query: 'a' });
    assert.ok(Array.isArray(symbols));
    const first = expected[0]!;
    assert.ok(Array.isArray(await client.request('textDocument/documentSymbol', { textDocument: { uri: first } })));
  } finally {
    assert.equal(await client.stop(), 0, 'exits cleanly');
  }
});
