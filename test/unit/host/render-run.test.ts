/**
 * host/render/run.ts: the one place that starts processes. Exercised with Node itself as the
 * child (always there), so these tests need no helm.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderEnvironment, spawnRunner } from '../../../server/src/host/render/run';

const node = process.execPath;
const env = renderEnvironment('/tmp/kp-state', '/tmp/kp-state/empty-kubeconfig', { PATH: process.env.PATH, SECRET_TOKEN: 'x', HTTPS_PROXY: 'http://corp:3128' });

test('a process that exits: code, stdout and stderr', async () => {
  const r = await spawnRunner({ command: node, args: ['-e', 'process.stdout.write("out"); process.stderr.write("err"); process.exit(3)'], cwd: '/', env, timeoutMs: 10_000 });
  assert.equal(r.kind, 'exited');
  if (r.kind !== 'exited') return;
  assert.equal(r.code, 3);
  assert.equal(r.stdout, 'out');
  assert.equal(r.stderr, 'err');
});

test('arguments are passed as they are, never through a shell', async () => {
  const tricky = ['$(echo pwned)', '; rm -rf /', '`id`', "a'b\"c", '--flag=x y'];
  const r = await spawnRunner({ command: node, args: ['-e', 'process.stdout.write(JSON.stringify(process.argv.slice(1)))', ...tricky], cwd: '/', env, timeoutMs: 10_000 });
  assert.equal(r.kind, 'exited');
  if (r.kind === 'exited') assert.deepEqual(JSON.parse(r.stdout), tricky);
});

test('a process that does not finish is killed at the timeout', async () => {
  const r = await spawnRunner({ command: node, args: ['-e', 'setInterval(() => {}, 1000)'], cwd: '/', env, timeoutMs: 300 });
  assert.equal(r.kind, 'timeout');
});

test('an abort stops the process; an already aborted signal starts nothing', async () => {
  const controller = new AbortController();
  const running = spawnRunner({ command: node, args: ['-e', 'console.log("started"); setInterval(() => {}, 1000)'], cwd: '/', env, timeoutMs: 60_000, signal: controller.signal });
  setImmediate(() => controller.abort());
  assert.equal((await running).kind, 'aborted');
  assert.equal((await spawnRunner({ command: '/nonexistent/binary', args: [], cwd: '/', env, timeoutMs: 1000, signal: AbortSignal.abort() })).kind, 'aborted');
});

test('output beyond the cap stops the process; stderr is truncated, not fatal', async () => {
  const big = await spawnRunner({ command: node, args: ['-e', 'process.stdout.write("x".repeat(100000))'], cwd: '/', env, timeoutMs: 10_000, maxStdout: 1000 });
  assert.equal(big.kind, 'output-too-large');
  const noisy = await spawnRunner({ command: node, args: ['-e', 'process.stderr.write("e".repeat(100000)); process.exit(1)'], cwd: '/', env, timeoutMs: 10_000, maxStderr: 500 });
  assert.equal(noisy.kind, 'exited');
  if (noisy.kind === 'exited') assert.equal(noisy.stderr.length, 500);
});

test('a missing binary is a spawn failure, not an exception', async () => {
  const r = await spawnRunner({ command: '/nonexistent/helm', args: ['version'], cwd: '/', env, timeoutMs: 1000 });
  assert.equal(r.kind, 'spawn-failed');
});

test('the environment is built from scratch: no user secrets, tool homes in the state folder, proxies closed', async () => {
  assert.equal(env.SECRET_TOKEN, undefined);
  assert.equal(env.HOME, '/tmp/kp-state');
  assert.match(env.HELM_CACHE_HOME!, /^\/tmp\/kp-state\//);
  assert.match(env.HELM_CONFIG_HOME!, /^\/tmp\/kp-state\//);
  assert.match(env.HELM_DATA_HOME!, /^\/tmp\/kp-state\//);
  assert.equal(env.KUBECONFIG, '/tmp/kp-state/empty-kubeconfig');
  assert.equal(env.HTTPS_PROXY, 'http://127.0.0.1:9');
  assert.equal(env.GIT_ALLOW_PROTOCOL, 'none');
  const r = await spawnRunner({ command: node, args: ['-e', 'process.stdout.write(JSON.stringify(process.env))'], cwd: '/', env, timeoutMs: 10_000 });
  assert.equal(r.kind, 'exited');
  if (r.kind === 'exited') assert.equal(JSON.parse(r.stdout).SECRET_TOKEN, undefined);
});
