import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { DOMParser } from '@xmldom/xmldom';

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const GOLDEN = path.join(__dirname, 'golden');

function run(...args: string[]) {
  return spawnSync(process.execPath, [CLI, 'graph', ...args], { cwd: ROOT, encoding: 'utf8' });
}

/** Compares with the golden file; `UPDATE_GOLDEN=1` rewrites it (then review the diff). */
function golden(name: string, actual: string): void {
  const file = path.join(GOLDEN, name);
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(file)) {
    writeFileSync(file, actual);
    if (process.env.UPDATE_GOLDEN !== '1') assert.fail(`${name} did not exist; written — review it and run again`);
    return;
  }
  assert.equal(actual, readFileSync(file, 'utf8'), `${name} differs (UPDATE_GOLDEN=1 to accept)`);
}

test('graph examples: Mermaid (the default) is the golden file', () => {
  const r = run('examples');
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr, '');
  golden('graph-examples.mmd', r.stdout);
});

test('graph examples --format dot is the golden file', () => {
  const r = run('examples', '--format', 'dot');
  assert.equal(r.status, 0, r.stderr);
  golden('graph-examples.dot', r.stdout);
});

test('graph examples/shop: the README\'s Mermaid', () => {
  const r = run('examples/shop');
  assert.equal(r.status, 0, r.stderr);
  golden('graph-shop.mmd', r.stdout);
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  assert.ok(readme.includes('```mermaid\n' + r.stdout + '```'), 'README shows the current output of kube-ports graph examples/shop');
});

test('--format svg: one XML document with the nodes', () => {
  const r = run('examples/shop', '--format', 'svg');
  assert.equal(r.status, 0, r.stderr);
  const doc = new DOMParser({ onError: (level, m) => { throw new Error(`${level}: ${m}`); } }).parseFromString(r.stdout, 'image/svg+xml');
  const text = Array.from(doc.getElementsByTagName('tspan')).map((t) => t.textContent);
  for (const label of ['svc/web', 'Deployment catalog', 'shop.example.com/api', '<node>:30080']) assert.ok(text.includes(label), label);
});

test('--service, --namespace and --focus narrow the graph', () => {
  const svc = run('examples', '--service', 'shop/admin');
  assert.equal(svc.status, 0, svc.stderr);
  assert.match(svc.stdout, /svc\/admin/);
  assert.doesNotMatch(svc.stdout, /svc\/catalog/);
  const ns = run('examples', '--namespace', 'shop');
  assert.doesNotMatch(ns.stdout, /namespace broken/);
  assert.match(ns.stdout, /svc\/redis/);
  const focus = run('examples', '--focus', 'examples/shop/redis.yaml');
  assert.equal(focus.status, 0, focus.stderr);
  assert.match(focus.stdout, /svc\/redis/);
  assert.doesNotMatch(focus.stdout, /svc\/web/);
});

test('usage errors exit 2; an unknown Service exits 1 and says so', () => {
  assert.equal(run('examples', '--format', 'png').status, 2);
  assert.equal(run('examples', '--service', 'nope').status, 2);
  const missing = run('examples', '--service', 'shop/nope');
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, /no Service shop\/nope/);
  assert.match(spawnSync(process.execPath, [CLI, '--help'], { encoding: 'utf8' }).stdout, /graph \[paths\.\.\.\]/);
});
