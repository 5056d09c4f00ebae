/**
 * The server bundle's V8 code cache (host/code-cache.ts): `dist/server.js` compiles
 * `dist/server-main.js` with the cache in the folder `KUBE_PORTS_CODE_CACHE` names, writes it
 * once after the initial indexing, and ignores and replaces a file that is not whole or was made
 * for another node, V8 flags or bundle. The server logs what happened (`code cache: …`).
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { CODE_CACHE_FILE, codeCacheKey, decodeCodeCache, encodeCodeCache } from '../../server/src/host/code-cache';
import { DEFAULT_V8_FLAGS } from '../../server/src/host/v8-flags';
import { LspClient, SERVER } from '../support/lsp-client';

const TIMEOUT = { timeout: 60_000 };
const BUNDLE = path.join(path.dirname(SERVER), 'server-main.js');
const FILES = { 'app/service.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: nobody\n  ports:\n  - port: 80\n' };
const STATUS = /^code cache: (off|none|ignored|rejected|accepted)\b/;
const WRITTEN = /^code cache: written/;

/** The key the test's servers use (spawned as `node dist/server.js --stdio`: no execArgv, the default flags). */
const key = () => codeCacheKey(readFileSync(BUNDLE), DEFAULT_V8_FLAGS, []);

interface Start {
  readonly status: string;
  readonly written: boolean;
  readonly diagnostics: (string | number | undefined)[];
}

/** One server start with the cache folder (or none); waits for the cache to be written when the server wants to. */
async function start(folder: string | undefined, env: NodeJS.ProcessEnv = {}): Promise<Start> {
  const base: NodeJS.ProcessEnv = { ...process.env, ...env };
  delete base.KUBE_PORTS_CODE_CACHE;
  delete base.KUBE_PORTS_V8_FLAGS;
  const client = await LspClient.start({ files: FILES, env: { ...base, ...env, ...(folder ? { KUBE_PORTS_CODE_CACHE: folder } : {}) } });
  try {
    const status = (await client.logged(STATUS)).message;
    // Written in the background after the indexing: a start that wants to write says so before it stops.
    if (/^code cache: (none|ignored|rejected)/.test(status)) await client.logged(WRITTEN);
    return {
      status,
      written: client.logs.some((l) => WRITTEN.test(l.message)),
      diagnostics: (client.diagnostics.get(client.uri('app/service.yaml')) ?? []).map((d) => d.code),
    };
  } finally {
    assert.equal(await client.stop(), 0);
  }
}

const statusOf = (s: Start) => STATUS.exec(s.status)![1];
const cacheFile = (folder: string) => path.join(folder, CODE_CACHE_FILE);
/** The cache file is whole and made for this bundle, node and the default flags. */
const valid = (folder: string) => 'payload' in decodeCodeCache(readFileSync(cacheFile(folder)), key());

test('the cache is written after the first indexing and accepted by the next start, which does not write it again', TIMEOUT, async () => {
  const folder = path.join(mkdtempSync(path.join(tmpdir(), 'kube-ports-cc-')), 'code-cache');
  try {
    const first = await start(folder);
    assert.equal(statusOf(first), 'none');
    assert.ok(first.written);
    assert.deepEqual(first.diagnostics, ['service-selects-nothing']);
    assert.ok(valid(folder), 'the file is whole and made for this bundle');
    assert.deepEqual(readdirSync(folder), [CODE_CACHE_FILE], 'no temporary file is left');
    const before = statSync(cacheFile(folder));
    const bytes = readFileSync(cacheFile(folder));

    const second = await start(folder);
    assert.equal(statusOf(second), 'accepted', second.status);
    assert.equal(second.written, false);
    assert.deepEqual(second.diagnostics, ['service-selects-nothing']);
    assert.equal(statSync(cacheFile(folder)).mtimeMs, before.mtimeMs, 'an accepted cache is not rewritten');
    assert.deepEqual(readFileSync(cacheFile(folder)), bytes);
  } finally {
    rmSync(path.dirname(folder), { recursive: true, force: true });
  }
});

/** Ways a cache file can be wrong, each made from a valid one; what the server must say of it. */
const BROKEN: { name: string; status: 'ignored' | 'rejected'; reason?: RegExp; make: (valid: Buffer) => Buffer }[] = [
  { name: 'truncated', status: 'ignored', reason: /bytes, the header says/, make: (b) => b.subarray(0, b.length - 1000) },
  { name: 'cut in its header', status: 'ignored', reason: /truncated header/, make: (b) => b.subarray(0, 40) },
  { name: 'one payload byte changed', status: 'ignored', reason: /checksum/, make: (b) => flip(b, b.length - 500) },
  { name: 'not a cache file', status: 'ignored', reason: /not a code cache file/, make: () => Buffer.from('hello') },
  { name: 'empty', status: 'ignored', reason: /not a code cache file/, make: () => Buffer.alloc(0) },
  {
    name: 'made by another node version',
    status: 'ignored',
    reason: /another bundle, node version or flags/,
    make: (b) => encodeCodeCache(JSON.stringify({ ...JSON.parse(key()), node: 'v0.0.1' }), payloadOf(b)),
  },
  {
    name: 'made for another bundle',
    status: 'ignored',
    reason: /another bundle, node version or flags/,
    make: (b) => encodeCodeCache(JSON.stringify({ ...JSON.parse(key()), bundle: createHash('sha256').update('other').digest('hex') }), payloadOf(b)),
  },
  // Whole and ours by our checks, but not V8's bytes: V8's own check turns it down.
  { name: 'a payload V8 rejects', status: 'rejected', make: (b) => encodeCodeCache(key(), Buffer.alloc(payloadOf(b).length, 7)) },
];

function flip(b: Buffer, at: number): Buffer {
  const c = Buffer.from(b);
  c[at] ^= 0xff;
  return c;
}
function payloadOf(b: Buffer): Buffer {
  const d = decodeCodeCache(b, key());
  assert.ok('payload' in d);
  return d.payload;
}

test('a broken or foreign cache file is ignored, the server works, and the file is replaced by a valid one', TIMEOUT, async () => {
  const folder = mkdtempSync(path.join(tmpdir(), 'kube-ports-cc-'));
  try {
    await start(folder);
    const good = readFileSync(cacheFile(folder));
    assert.ok(valid(folder));
    for (const c of BROKEN) {
      writeFileSync(cacheFile(folder), c.make(good));
      const s = await start(folder);
      assert.equal(statusOf(s), c.status, `${c.name}: ${s.status}`);
      if (c.reason) assert.match(s.status, c.reason, c.name);
      assert.ok(s.written, `${c.name}: replaced`);
      assert.deepEqual(s.diagnostics, ['service-selects-nothing'], c.name);
      assert.ok(valid(folder), `${c.name}: the new file is valid`);
    }
    // And the replaced file is accepted.
    assert.equal(statusOf(await start(folder)), 'accepted');
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

test('a cache made under other V8 flags is ignored and replaced', TIMEOUT, async () => {
  const folder = mkdtempSync(path.join(tmpdir(), 'kube-ports-cc-'));
  try {
    const other = await start(folder, { KUBE_PORTS_V8_FLAGS: '' });
    assert.equal(statusOf(other), 'none');
    assert.ok(!valid(folder), 'made for no flags, not the defaults');
    const s = await start(folder);
    assert.equal(statusOf(s), 'ignored', s.status);
    assert.match(s.status, /another bundle, node version or flags/);
    assert.ok(s.written && valid(folder));
    assert.equal(statusOf(await start(folder)), 'accepted');
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

test('without KUBE_PORTS_CODE_CACHE no cache is read or written', TIMEOUT, async () => {
  const home = mkdtempSync(path.join(tmpdir(), 'kube-ports-cc-home-'));
  try {
    // Every place a cache could go by default: home, temp and the working folder's dist/ (checked by name below).
    const distBefore = readdirSync(path.dirname(SERVER));
    const s = await start(undefined, { HOME: home, TMPDIR: home, XDG_CACHE_HOME: home });
    assert.equal(statusOf(s), 'off');
    assert.equal(s.written, false);
    assert.deepEqual(s.diagnostics, ['service-selects-nothing']);
    assert.deepEqual(readdirSync(home, { recursive: true }), []);
    assert.deepEqual(readdirSync(path.dirname(SERVER)), distBefore);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});
