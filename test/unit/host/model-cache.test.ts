/**
 * The warm-start cache on disk (host/model-cache.ts): written atomically and read back whole;
 * files keyed by size and mtime, the content hash deciding when those changed; a truncated,
 * garbage, wrong-shaped or foreign (other version, settings, folders) cache is ignored; a folder
 * that cannot be written costs nothing but the warm start.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test, type TestContext } from 'node:test';
import { DEFAULT_SETTINGS, normalizeSettings } from '../../../server/src/core/settings';
import { Workspace } from '../../../server/src/core/workspace/workspace';
import { filePath, fileUri, readManifestText } from '../../../server/src/host/manifest-files';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { bodyChunks, FORMAT, ModelCache, settingsHash } from '../../../server/src/host/model-cache';
import type { ValueEncoder } from '../../../server/src/core/workspace/model-codec';
import { encodeFile } from '../../../server/src/core/workspace/snapshot';
import { OldValueEncoder } from '../../support/old-value-encoder';

const svc = (name: string, app: string) => `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\nspec:\n  selector: {app: ${app}}\n  ports: [{port: 80, targetPort: http}]\n`;
const deploy = (app: string, port = 'http') =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${app}\nspec:\n  selector: {matchLabels: {app: ${app}}}\n  template:\n    metadata: {labels: {app: ${app}}}\n    spec:\n      containers: [{name: c, ports: [{name: ${port}, containerPort: 80}]}]\n`;

const SETTINGS = settingsHash(DEFAULT_SETTINGS, []);
const IDENTITY = { version: '1.2.3', folders: ['file:///ws'] };

function setup(t: TestContext, extra: Record<string, string> = {}) {
  const root = mkdtempSync(path.join(tmpdir(), 'kube-ports-model-cache-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const ws = path.join(root, 'ws');
  const dir = path.join(root, 'storage', 'model');
  const files: Record<string, string> = { 'svc.yaml': svc('web', 'web'), 'deploy.yaml': deploy('web'), 'other.yaml': svc('other', 'nothing'), ...extra };
  for (const [rel, text] of Object.entries(files)) {
    const full = path.join(ws, rel);
    rmSync(full, { force: true });
    mkdirSync(path.dirname(full), { recursive: true });
    writeFileSync(full, text);
  }
  const identity = { ...IDENTITY, folders: [fileUri(ws)] };
  /** Reads the folder as the server does (recording every read), computes every finding, writes the cache. */
  const coldSave = async () => {
    const cache = new ModelCache(dir, identity);
    const workspace = new Workspace();
    for (const rel of Object.keys(files)) {
      const read = readManifestText(path.join(ws, rel), 4e6);
      cache.record(fileUri(path.join(ws, rel)), read);
      if ('text' in read) workspace.setFile(fileUri(path.join(ws, rel)), read.text);
    }
    for (const u of workspace.uris()) workspace.findings(u);
    await cache.save(workspace, SETTINGS);
    return workspace;
  };
  return { root, ws, dir, identity, coldSave, uri: (rel: string) => fileUri(path.join(ws, rel)) };
}

test('saved, then loaded whole: the same files and findings, keyed by size and mtime', async (t) => {
  const s = setup(t);
  const before = await s.coldSave();
  assert.deepEqual(readdirSync(s.dir).filter((f) => f.endsWith('.partial')), [], 'no temp file left');
  const cache = new ModelCache(s.dir, s.identity);
  const loaded = cache.load(SETTINGS)!;
  assert.ok(loaded.whole);
  assert.deepEqual([...loaded.entries.keys()].sort(), before.uris().sort());
  const ws = new Workspace();
  const warm = cache.restore(ws, SETTINGS, new Map())!;
  for (const rel of ['svc.yaml', 'deploy.yaml', 'other.yaml']) {
    assert.deepEqual(warm.check(s.uri(rel), path.join(s.ws, rel), () => assert.fail('an unchanged file is not read')), { unchanged: true });
    assert.deepEqual(ws.findings(s.uri(rel)), before.findings(s.uri(rel)));
  }
  assert.equal(warm.restored, 3);
});

test('the texts are written in chunks, not copied: every byte in order across chunk boundaries, multi-byte characters, a text bigger than a chunk', () => {
  const texts = ['', 'ascii\n', ...Array.from({ length: 3000 }, (_, i) => `# ü €  ${'x'.repeat(i % 900)}\n`), 'b'.repeat(1_500_000), '🙂'.repeat(300_000), 'tail'];
  const start = Buffer.from('head\n');
  const end = [Buffer.alloc(3), Buffer.from('tokens')];
  const chunks = [...bodyChunks(start, texts, end)];
  assert.ok(chunks.length > 5, 'more than one chunk of texts');
  assert.deepEqual(Buffer.concat(chunks), Buffer.concat([start, ...texts.map((t) => Buffer.from(t, 'utf8')), ...end]));
  for (const c of chunks.slice(1, -2)) assert.ok(c.length <= 1 << 20 || texts.some((t) => Buffer.byteLength(t) === c.length), 'a chunk is at most 1 MB, or one big text');
});

test('texts over several write chunks, with multi-byte characters, come back as they were', async (t) => {
  const big = `${svc('big', 'web')}${Array.from({ length: 60_000 }, (_, i) => `# line ${i}: grüße 🙂\n`).join('')}`;
  const s = setup(t, { 'z-big.yaml': big, 'umlaut.yaml': svc('grüße', 'web').replace('port: 80', 'port: 80} # ü €\n  # 🙂 {a: 1') });
  const before = await s.coldSave();
  const cache = new ModelCache(s.dir, s.identity);
  const loaded = cache.load(SETTINGS)!;
  assert.ok(loaded.whole, 'the body hash and the lengths hold');
  const ws = new Workspace();
  const warm = cache.restore(ws, SETTINGS, new Map())!;
  for (const uri of before.uris()) {
    assert.deepEqual(warm.check(uri, filePath(uri), () => assert.fail('an unchanged file is not read')), { unchanged: true });
    assert.equal(ws.text(uri), before.text(uri));
    assert.deepEqual(ws.findings(uri), before.findings(uri));
  }
  assert.equal(warm.restored, 5);
});

test('a model over several of the encoder\'s token chunks is written as the old encoder wrote it, and comes back whole', async (t) => {
  // A service with a fractional and a negative number (float64 tokens), then many int32-only files.
  const many: Record<string, string> = {};
  for (let i = 0; i < 1300; i++) many[`many/m${i}.yaml`] = Array.from({ length: 5 }, (_, d) => deploy(`app${i}-${d}`)).join('---\n');
  const odd = { 'a-odd.yaml': svc('odd', 'web').replace('port: 80', 'port: 80.5, nodePort: -3') };
  for (const [files, numbers] of [[{ ...odd, ...many }, 'float64'], [many, 'int32']] as const) {
    const s = setup(t, files);
    const before = await s.coldSave();
    const [file] = readdirSync(s.dir).filter((f) => f.endsWith('.model'));
    const { index, body } = parts(path.join(s.dir, file!));
    const old = new OldValueEncoder();
    const snapshot = before.snapshot().sort((a, b) => (a.parsed.uri < b.parsed.uri ? -1 : 1));
    for (const e of snapshot) encodeFile(old as unknown as ValueEncoder, e.parsed, e.context, e.findings);
    const { data, ...model } = old.finish();
    assert.ok(data.length > 2 * (1 << 18), `${data.length} tokens: several chunks`);
    assert.equal(index.numbers, data instanceof Int32Array ? 'int32' : 'float64');
    assert.equal(index.numbers, numbers);
    assert.deepEqual(index.model, JSON.parse(JSON.stringify(model)));
    const textBytes = snapshot.reduce((n, e) => n + Buffer.byteLength(e.parsed.text), 0);
    assert.ok(body.subarray(Math.ceil(textBytes / 8) * 8).equals(Buffer.from(data.buffer, data.byteOffset, data.byteLength)), 'the tokens are the old encoder\'s bytes');
    const loaded = new ModelCache(s.dir, s.identity).load(SETTINGS)!;
    assert.ok(loaded.whole, 'the body hash holds');
  }
});

test('a touched file is read and its hash decides; a changed one is handed back to be applied', async (t) => {
  const s = setup(t);
  await s.coldSave();
  const later = new Date(Date.now() + 60_000);
  utimesSync(path.join(s.ws, 'svc.yaml'), later, later);
  // Same size, other content, other mtime.
  assert.equal(deploy('web', 'hxxp').length, deploy('web').length);
  writeFileSync(path.join(s.ws, 'deploy.yaml'), deploy('web', 'hxxp'));
  utimesSync(path.join(s.ws, 'deploy.yaml'), later, later);
  const cache = new ModelCache(s.dir, s.identity);
  const ws = new Workspace();
  const warm = cache.restore(ws, SETTINGS, new Map())!;
  const read = (rel: string) => () => readManifestText(path.join(s.ws, rel), 1e6);
  assert.deepEqual(warm.check(s.uri('svc.yaml'), path.join(s.ws, 'svc.yaml'), read('svc.yaml')), { unchanged: true });
  const changed = warm.check(s.uri('deploy.yaml'), path.join(s.ws, 'deploy.yaml'), read('deploy.yaml'));
  assert.equal(changed.unchanged, false);
  assert.ok(!changed.unchanged && changed.read && 'text' in changed.read && changed.read.text.includes('hxxp'));
  assert.deepEqual([warm.restored, warm.rehashed, warm.reread], [0, 1, 1]);
});

/** The cache file's header and index lines (JSON) and its body (the texts and the model's tokens). */
function parts(file: string): { header: string; index: Record<string, unknown>; body: Buffer } {
  const bytes = readFileSync(file);
  const a = bytes.indexOf(10);
  const b = bytes.indexOf(10, a + 1);
  return { header: bytes.toString('utf8', 0, a), index: JSON.parse(bytes.toString('utf8', a + 1, b)) as Record<string, unknown>, body: bytes.subarray(b + 1) };
}
const join = (header: string, index: unknown, body: Buffer) => Buffer.concat([Buffer.from(`${header}\n${JSON.stringify(index)}\n`), body]);

test('a corrupt cache file is ignored: truncated, garbage, flipped bytes, wrong shapes', async (t) => {
  const s = setup(t);
  await s.coldSave();
  const file = new ModelCache(s.dir, s.identity).file;
  const good = readFileSync(file);
  const { header, index, body } = parts(file);
  const flipped = (at: number) => {
    const copy = Buffer.from(body);
    copy[at] = copy[at]! ^ 0x20;
    return join(header, index, copy);
  };
  const files = index.files as [string, number, number, string, number][];
  const model = index.model as { starts: number[] };
  const variants: [string, Buffer | string, 'none' | 'partial'][] = [
    ['empty', '', 'none'],
    ['garbage', '\u0000\u00ff not json at all', 'none'],
    ['JSON lines of another shape', '[1,2,3]\n[4]\n', 'none'],
    ['the header only', `${header}\n`, 'none'],
    ['truncated', good.subarray(0, Math.floor(good.length / 2)), 'none'],
    ['truncated in the tokens', good.subarray(0, good.length - 4), 'none'],
    ['a byte of a text flipped', flipped(3), 'none'],
    ['a byte of the tokens flipped', flipped(body.length - 10), 'none'],
    ['the index of another shape', join(header, { ...index, files: {} }, body), 'none'],
    ['a text length that runs past the end', join(header, { ...index, files: [[...files[0]!.slice(0, 4), body.length + 1], ...files.slice(1)] }, body), 'none'],
    // The body still hashes right; one file's model now starts at another file's: that file is a miss.
    ['one file decoded from another file', join(header, { ...index, model: { ...model, starts: [model.starts[2]!, ...model.starts.slice(1)] } }, body), 'partial'],
    ['a tampered key', join(header, { ...index, files: [[files[0]![0], files[0]![1] + 1, ...files[0]!.slice(2)], ...files.slice(1)] }, body), 'partial'],
  ];
  for (const [what, bytes, expect] of variants) {
    writeFileSync(file, bytes);
    const loaded = new ModelCache(s.dir, s.identity).load(SETTINGS);
    if (expect === 'none') assert.ok(!loaded || loaded.entries.size === 0, what);
    else assert.ok(loaded && !loaded.whole && loaded.entries.size > 0, `${what}: the findings are not trusted`);
  }
  writeFileSync(file, good);
  assert.ok(new ModelCache(s.dir, s.identity).load(SETTINGS)?.whole, 'the good file loads whole');
});

test('a foreign cache is ignored: another version, other settings, other folders', async (t) => {
  const s = setup(t);
  await s.coldSave();
  assert.ok(new ModelCache(s.dir, s.identity).load(SETTINGS));
  assert.equal(new ModelCache(s.dir, { ...s.identity, version: '9.9.9' }).load(SETTINGS), undefined);
  assert.equal(new ModelCache(s.dir, s.identity).load(settingsHash(normalizeSettings({ defaultNamespace: 'other' }), [])), undefined);
  assert.equal(new ModelCache(s.dir, s.identity).load(settingsHash(DEFAULT_SETTINGS, ['**/x/**'])), undefined);
  assert.equal(new ModelCache(s.dir, { ...s.identity, folders: ['file:///elsewhere'] }).load(SETTINGS), undefined);
  // The file of other folders copied over this one's name: its header says whose it is.
  const other = new ModelCache(s.dir, { ...s.identity, folders: ['file:///elsewhere'] });
  writeFileSync(other.file, readFileSync(new ModelCache(s.dir, s.identity).file));
  assert.equal(other.load(SETTINGS), undefined);
});

test("a cache of the format before this one is ignored: its objects held kind and name spans as objects of their own, this model holds them inline", async (t) => {
  const s = setup(t);
  await s.coldSave();
  const file = new ModelCache(s.dir, s.identity).file;
  const { header, index, body } = parts(file);
  assert.equal((JSON.parse(header) as { format: string }).format, FORMAT);
  const previous = `kube-ports-model-cache/${Number(FORMAT.split('/')[1]) - 1}`;
  assert.equal(previous, 'kube-ports-model-cache/4');
  writeFileSync(file, join(JSON.stringify({ ...(JSON.parse(header) as object), format: previous }), index, body));
  assert.equal(new ModelCache(s.dir, s.identity).load(SETTINGS), undefined);
});

test('a cache folder that cannot be written is no error', async (t) => {
  const s = setup(t);
  const blocker = path.join(s.root, 'not-a-folder');
  writeFileSync(blocker, 'x');
  const logs: string[] = [];
  const cache = new ModelCache(path.join(blocker, 'model'), s.identity, (m) => logs.push(m));
  const ws = new Workspace();
  ws.setFile(s.uri('svc.yaml'), svc('web', 'web'));
  await cache.save(ws, SETTINGS);
  assert.match(logs.join('\n'), /model cache not written/);
  assert.equal(cache.load(SETTINGS), undefined);
  assert.equal(cache.restore(new Workspace(), SETTINGS, new Map()), undefined);
});

test('a file URI\'s path, converted without a URL parser for the plain ones, is fileURLToPath\'s', () => {
  const paths = ['/ws/a.yaml', '/ws/with space/é ☃.yaml', '/ws/100%/x.yaml', '/ws/q?x#y.yaml', '/ws/back\\slash.yaml', '/ws/tab\there.yaml'];
  for (const p of paths) {
    const uri = pathToFileURL(p).href;
    assert.equal(filePath(uri), fileURLToPath(uri), uri);
  }
  assert.equal(filePath('file:///ws/a.yaml'), '/ws/a.yaml');
});

test('a path\'s file URI, built without a URL for the plain ones, is pathToFileURL\'s for every character', () => {
  const chars = [...Array(128).keys()].map((c) => String.fromCharCode(c)).concat(['é', '☃', '\u00a0', '😀']);
  for (const c of chars.filter((c) => c !== '\u0000')) {
    for (const p of [`/ws/a${c}b.yaml`, `/ws/${c}/x.yaml`, `/ws/x${c}`]) assert.equal(fileUri(p), pathToFileURL(path.resolve(p)).href, JSON.stringify(p));
  }
  // Relative paths and dot segments resolve first, as before.
  for (const p of ['a.yaml', './b/../c.yaml', '/ws//d.yaml', '/ws/e/.', '/ws/e/..', '/ws/./f.yaml', '/ws/g/', '/', '/ws/.h.yaml', '/ws/..i.yaml', '/ws/j..yaml']) assert.equal(fileUri(p), pathToFileURL(path.resolve(p)).href, p);
  assert.equal(fileUri('/ws/a.yaml'), 'file:///ws/a.yaml');
});
