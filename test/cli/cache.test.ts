/**
 * `kube-ports check --cache DIR`: the second run restores the parsed files and their findings from
 * DIR/model/ and reports exactly what a run without a cache reports — after files changed, were
 * added or deleted, with a corrupt or foreign cache, and with a cache folder it cannot write.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test, type TestContext } from 'node:test';

const CLI = path.resolve(__dirname, '../../dist/cli.js');
const EXAMPLES = path.resolve(__dirname, '../../examples');

function workspace(t: TestContext): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'kube-ports-cli-cache-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  cpSync(EXAMPLES, path.join(dir, 'examples'), { recursive: true });
  return dir;
}

function check(root: string, extra: string[] = []) {
  const r = spawnSync(process.execPath, [CLI, 'check', '--no-render', '--format', 'json', ...extra, 'examples'], { cwd: root, encoding: 'utf8' });
  assert.ok(r.status === 0 || r.status === 1, r.stderr);
  return { code: r.status, json: JSON.parse(r.stdout) as unknown, stderr: r.stderr };
}

const modelFile = (cache: string) => {
  const dir = path.join(cache, 'model');
  const files = readdirSync(dir).filter((f) => f.endsWith('.model'));
  assert.equal(files.length, 1);
  return path.join(dir, files[0]!);
};

test('a warm run reports what a cold run reports, and takes the findings from the cache', (t) => {
  const root = workspace(t);
  const cache = path.join(root, '.cache');
  const cold = check(root);
  const first = check(root, ['--cache', cache]);
  assert.deepEqual(first.json, cold.json);
  const second = check(root, ['--cache', cache]);
  assert.deepEqual(second, first);
  // Proof that the findings came from the cache: a marked message shows through.
  const file = modelFile(cache);
  // The messages are strings of the index line's string table (the body after it is hashed, the index is not).
  const bytes = readFileSync(file);
  const indexEnd = bytes.indexOf(10, bytes.indexOf(10) + 1);
  const index = bytes.toString('utf8', 0, indexEnd).replace(/"targetPort /g, '"(cached) targetPort ');
  writeFileSync(file, Buffer.concat([Buffer.from(index), bytes.subarray(indexEnd)]));
  assert.match(JSON.stringify(check(root, ['--cache', cache]).json), /\(cached\) targetPort /);
});

test('changed, added and deleted files are re-read and what depends on them re-analysed', (t) => {
  const root = workspace(t);
  const cache = path.join(root, '.cache');
  check(root, ['--cache', cache]);
  const web = path.join(root, 'examples/shop/web.yaml');
  // The Deployment's labels change: the Services selecting it (other files) now select nothing.
  writeFileSync(web, readFileSync(web, 'utf8').replace(/app: web/g, 'app: web-renamed'));
  rmSync(path.join(root, 'examples/database/postgres-statefulset.yaml'));
  writeFileSync(path.join(root, 'examples/shop/extra.yaml'), 'apiVersion: v1\nkind: Service\nmetadata:\n  name: extra\n  namespace: shop\nspec:\n  selector: {app: nothing}\n  ports: [{port: 80}]\n');
  const warm = check(root, ['--cache', cache]);
  const cold = check(root);
  assert.deepEqual(warm.json, cold.json);
  assert.notDeepEqual(cold.json, check(workspaceCopyOfExamples(t)).json, 'the edits changed the findings');
});

function workspaceCopyOfExamples(t: TestContext): string {
  return workspace(t);
}

test('a corrupt cache is ignored and replaced', (t) => {
  const root = workspace(t);
  const cache = path.join(root, '.cache');
  const cold = check(root);
  check(root, ['--cache', cache]);
  const file = modelFile(cache);
  const good = readFileSync(file);
  const flipped = Buffer.from(good);
  flipped[good.length - 5] = flipped[good.length - 5]! ^ 0x40;
  for (const bad of [good.subarray(0, good.length / 3), 'garbage\n{"not":"ours"}\n', '[]\n[]\n[]\n', flipped, Buffer.from(good.toString('latin1').replace(/"shapes":\[\[\[/, '"shapes":[[[9999,'), 'latin1')]) {
    writeFileSync(file, bad);
    assert.deepEqual(check(root, ['--cache', cache]).json, cold.json);
    assert.ok(readFileSync(file).equals(good), 'rewritten whole');
  }
});

test('a cache of other settings is not used', (t) => {
  const root = workspace(t);
  const cache = path.join(root, '.cache');
  check(root, ['--cache', cache]);
  const other = ['--default-namespace', 'shop', '--rule', 'service-selects-nothing=off'];
  assert.deepEqual(check(root, ['--cache', cache, ...other]).json, check(root, other).json);
  assert.notDeepEqual(check(root, other).json, check(root).json);
});

test('a cache folder that cannot be written changes nothing but the speed', (t) => {
  const root = workspace(t);
  const blocker = path.join(root, 'a-file');
  writeFileSync(blocker, 'x');
  const cold = check(root);
  const r = check(root, ['--cache', blocker]);
  assert.deepEqual(r.json, cold.json);
  assert.equal(r.code, cold.code);
});
