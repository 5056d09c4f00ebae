/**
 * A cold start whose scan parses in worker threads (host/workspace-scan.ts with `parse`; the
 * default on 3 cores or more, set here with KUBE_PORTS_PARSE_WORKERS) publishes for every file
 * exactly what a start that parses on the main thread publishes, charts and overlays included.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { LspClient } from '../support/lsp-client';

const EXAMPLES = path.resolve(__dirname, '../../examples');

/** Every published file's diagnostics (a file without any gets none published), and how many files the server holds. */
async function publishedWith(workers: string): Promise<{ files: number | undefined; published: Record<string, unknown> }> {
  const c = await LspClient.start({ folder: EXAMPLES, env: { ...process.env, KUBE_PORTS_PARSE_WORKERS: workers } });
  try {
    const published: Record<string, unknown> = {};
    for (const [uri, d] of [...c.diagnostics].sort(([a], [b]) => (a < b ? -1 : 1))) published[uri] = d;
    return { files: c.indexedFiles, published };
  } finally {
    await c.stop();
  }
}

test('parse workers: the same diagnostics for every file as parsing on the main thread', { timeout: 120_000 }, async () => {
  const here = await publishedWith('0');
  assert.ok((here.files ?? 0) > 20, `the examples' files: ${here.files}`);
  assert.ok(Object.values(here.published).filter((d) => Array.isArray(d) && d.length > 0).length > 3, 'findings in several files to compare');
  assert.deepEqual(await publishedWith('2'), here);
});
