import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyV8Flags, DEFAULT_V8_FLAGS, v8Flags } from '../../../server/src/host/v8-flags';

test('the server and the CLI turn TurboFan inlining off by default', () => {
  assert.deepEqual(v8Flags({}), ['--no-turbo-inlining']);
  const set: string[] = [];
  assert.deepEqual(applyV8Flags({}, (f) => set.push(f)), DEFAULT_V8_FLAGS);
  assert.deepEqual(set, ['--no-turbo-inlining']);
});

test('KUBE_PORTS_V8_FLAGS replaces the defaults; empty sets none; words that are not flags are dropped', () => {
  assert.deepEqual(v8Flags({ KUBE_PORTS_V8_FLAGS: '' }), []);
  assert.deepEqual(v8Flags({ KUBE_PORTS_V8_FLAGS: '  --max-lazy   --no-opt ' }), ['--max-lazy', '--no-opt']);
  assert.deepEqual(v8Flags({ KUBE_PORTS_V8_FLAGS: 'rm -rf --trace-gc' }), ['--trace-gc']);
  const set: string[] = [];
  applyV8Flags({ KUBE_PORTS_V8_FLAGS: '' }, (f) => set.push(f));
  assert.deepEqual(set, []);
});

test('the built server and CLI set the flags at start (the entry points call applyV8Flags)', async () => {
  const { readFileSync } = await import('node:fs');
  const path = await import('node:path');
  const read = (file: string) => readFileSync(path.join(__dirname, '../../../server/src', file), 'utf8');
  // The server's entry (dist/server.js) sets them through host/early-start.ts before it compiles the
  // bundle (a code cache is only accepted under the flags it was made with); the bundle imports
  // host/early-start.ts before anything else (the same state, or the same start when run on its own).
  const main = read('main.ts');
  assert.ok(main.indexOf('earlyStart(__dirname)') >= 0 && main.indexOf('earlyStart(__dirname)') < main.indexOf('runBundle(path'), 'main.ts starts early before it runs the bundle');
  const bundle = read('server-main.ts');
  const first = bundle.indexOf("import { earlyStart } from './host/early-start';");
  assert.ok(first >= 0 && first === bundle.indexOf('import '), 'server-main.ts imports host/early-start.ts first');
  assert.match(read('host/early-start.ts'), /^  const flags = applyV8Flags\(\);$/m);
  assert.match(read('cli.ts'), /^applyV8Flags\(\);$/m);
});
