import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addPodDnsNames } from '../../server/src/core/model/pod-dns-names';

// The scan without its pre-check (the code before it was added), to compare with.
const POD_NAME = /^([a-z0-9][a-z0-9-]{0,62})-(\d{1,5})\.([a-z0-9][a-z0-9-]{0,62})(?:\.|$)/;
function reference(text: string): string[] {
  const into = new Set<string>();
  const bounded = text.length > 64 * 1024 ? text.slice(0, 64 * 1024) : text;
  for (const token of bounded.toLowerCase().split(/[^a-z0-9.-]+/)) {
    if (token.length < 5 || token.length > 253 || !token.includes('.')) continue;
    const m = POD_NAME.exec(token);
    if (m) into.add(`${m[1]}.${m[3]}`);
  }
  return [...into];
}

function scan(text: string): string[] {
  const into = new Set<string>();
  addPodDnsNames(text, into);
  return [...into];
}

test('pod DNS names: the values that name Pods still do', () => {
  assert.deepEqual(scan('redis-0.redis:6379,redis-1.redis:6379'), ['redis.redis']);
  assert.deepEqual(scan('zk-0.zk-hs.zoo.svc.cluster.local'), ['zk.zk-hs']);
  assert.deepEqual(scan('--peers=ETCD-12345.Etcd-Headless'), ['etcd.etcd-headless']);
  assert.deepEqual(scan('x'.repeat(70 * 1024) + ' db-0.db'), []);
  assert.deepEqual(scan('db-0.db ' + 'x'.repeat(70 * 1024)), ['db.db']);
  assert.deepEqual(scan('a-123456.b'), []);
  assert.deepEqual(scan('redis-0redis.x http://web.default:80 1.5e-7'), []);
});

test('pod DNS names: the pre-check never changes what the scan finds', () => {
  const pieces = ['redis', '-', '0', '12345', '123456', '.', 'svc', 'Zk', 'ZK-HS', ' ', ',', ':', '\n', 'K', 'İ', 'Σ', '\u2010', '١', '٫', 'é', '-1.', 'a-1.b', 'K-1.k'];
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
  let named = 0;
  for (let i = 0; i < 20000; i++) {
    let text = '';
    const n = 1 + (next() % 12);
    for (let k = 0; k < n; k++) text += pieces[next() % pieces.length];
    const want = reference(text);
    if (want.length) named++;
    assert.deepEqual(scan(text), want, JSON.stringify(text));
  }
  assert.ok(named > 100, `only ${named} generated values name a Pod`);
});

test('pod DNS names: lowering makes no `-`, digit or `.` and drops no character (what the pre-check relies on)', () => {
  for (let cp = 0; cp <= 0x10ffff; cp++) {
    if (cp >= 0xd800 && cp <= 0xdfff) continue;
    const ch = String.fromCodePoint(cp);
    const lower = ch.toLowerCase();
    const kept = ch === '-' || ch === '.' || (ch >= '0' && ch <= '9');
    if (kept) assert.equal(lower, ch);
    else {
      assert.ok(lower.length > 0, `U+${cp.toString(16)}`);
      assert.ok(!/[-.0-9]/.test(lower), `U+${cp.toString(16)} lowers to ${JSON.stringify(lower)}`);
    }
  }
});
