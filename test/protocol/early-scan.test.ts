/**
 * A cold start's early scan (lsp/server.ts `startEarlyScan`): the scan worker, started with the
 * process, walks and reads the folders from `initialize` on, with the settings sent in
 * initializationOptions, before the client has answered workspace/configuration. What the
 * server publishes follows the settings fetched: when they differ in what the scan reads
 * (excludes, the size limit), the early scan is dropped and the folders are scanned again.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LspClient } from '../support/lsp-client';

/** A signal that never comes fails the test instead of hanging the suite. */
const TIMEOUT = { timeout: 60_000 };
const FIRST_READ = /early scan: the first files were read/;

const SERVICE = (name: string) => `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\nspec:\n  selector:\n    app: nobody\n  ports:\n  - port: 80\n`;
const FILES = { 'app/service.yaml': SERVICE('web'), 'skip/service.yaml': SERVICE('skipped') };

/** Answers workspace/configuration with these sections, once the server said its scan has read files. */
function configurationAfterFirstRead(kubePorts: Record<string, unknown>, filesExclude: Record<string, unknown>, answered: string[]) {
  return async (params: unknown, client: LspClient) => {
    await client.logged(FIRST_READ);
    answered.push('after the first read');
    return (params as { items: { section?: string }[] }).items.map((i) => (i.section === 'kubePorts' ? kubePorts : i.section === 'files.exclude' ? filesExclude : null));
  };
}

const codes = (c: LspClient, rel: string) => (c.diagnostics.get(c.uri(rel)) ?? []).map((d) => d.code);

test('a cold start reads its files before the client answers workspace/configuration', TIMEOUT, async () => {
  const answered: string[] = [];
  // The client answers only once the server logged that the scan has read files: a scan that
  // waited for the answer never reads, and the start never ends (the test times out).
  const client = await LspClient.start({ files: FILES, requests: { 'workspace/configuration': configurationAfterFirstRead({}, {}, answered) } });
  try {
    assert.deepEqual(answered, ['after the first read']);
    assert.deepEqual(codes(client, 'app/service.yaml'), ['service-selects-nothing']);
    assert.deepEqual(codes(client, 'skip/service.yaml'), ['service-selects-nothing']);
    assert.ok(!client.logs.some((l) => /early scan is dropped/.test(l.message)), 'the same settings: the early scan is used');
  } finally {
    assert.equal(await client.stop(), 0);
  }
});

const CASES: { name: string; init: Record<string, unknown>; kubePorts: Record<string, unknown>; filesExclude: Record<string, unknown>; skipped: boolean }[] = [
  { name: 'an exclude only in the fetched kubePorts settings', init: { settings: {} }, kubePorts: { exclude: ['skip/**'] }, filesExclude: {}, skipped: true },
  { name: 'an exclude only in the fetched files.exclude', init: { settings: {}, filesExclude: {} }, kubePorts: {}, filesExclude: { '**/skip': true }, skipped: true },
  { name: 'an exclude only in initializationOptions', init: { settings: { exclude: ['skip/**'] }, filesExclude: {} }, kubePorts: {}, filesExclude: {}, skipped: false },
  { name: 'a size limit only in the fetched settings', init: { settings: {} }, kubePorts: { maxFileSize: 10 }, filesExclude: {}, skipped: true },
];

for (const c of CASES) {
  test(`the settings fetched win over initializationOptions for the scan: ${c.name}`, TIMEOUT, async () => {
    const answered: string[] = [];
    const client = await LspClient.start({
      files: FILES,
      initializationOptions: c.init,
      requests: { 'workspace/configuration': configurationAfterFirstRead(c.kubePorts, c.filesExclude, answered) },
    });
    try {
      // The early scan had read with the initializationOptions' settings before the answer.
      assert.deepEqual(answered, ['after the first read']);
      if (c.kubePorts.maxFileSize) {
        // Every file is over the limit: none is analysed, each says so.
        assert.deepEqual(codes(client, 'app/service.yaml'), ['file-too-large']);
        assert.deepEqual(codes(client, 'skip/service.yaml'), ['file-too-large']);
      } else {
        assert.deepEqual(codes(client, 'app/service.yaml'), ['service-selects-nothing']);
        assert.deepEqual(codes(client, 'skip/service.yaml'), c.skipped ? [] : ['service-selects-nothing'], c.skipped ? 'not analysed' : 'analysed');
      }
      assert.ok(client.logs.some((l) => /early scan is dropped/.test(l.message)), 'the early scan is dropped');
      if (c.skipped && !c.kubePorts.maxFileSize) {
        const symbols = await client.request<{ name: string }[]>('workspace/symbol', { query: 'skipped' });
        assert.deepEqual(symbols, [], 'the excluded file is not in the index');
      }
    } finally {
      assert.equal(await client.stop(), 0);
    }
  });
}
