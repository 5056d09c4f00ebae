/**
 * The `--stdio` message writer (lsp/stream-writer.ts): the messages written in one turn leave as
 * one write of their frames, in call order, which vscode-jsonrpc's reader parses back; each write
 * resolves when the stream took the write carrying it; a stream error rejects every message of
 * that write and reports each, never throws; when the stream asks to wait, what follows is held
 * until it drains and nothing is lost; `flush()` and `end()` hand over what is held.
 */
import assert from 'node:assert/strict';
import { PassThrough, Writable } from 'node:stream';
import { test } from 'node:test';
import { StreamMessageReader, type Message } from 'vscode-jsonrpc/node';
import { FramedStreamWriter } from '../../server/src/lsp/stream-writer';

const notification = (i: number, size = i * 100): Message =>
  ({
    jsonrpc: '2.0',
    method: 'textDocument/publishDiagnostics',
    params: { uri: `file:///w/f${i}.yaml`, diagnostics: i % 2 ? [] : [{ message: `é ${'x'.repeat(size)}` }] },
  }) as Message;

/** A stream that records each write it is handed (the writer's unit of coalescing). */
function recorder(options: { highWaterMark?: number } = {}) {
  const writes: Buffer[] = [];
  const stream = new Writable({
    highWaterMark: options.highWaterMark,
    write(chunk: Buffer, _enc, done) {
      writes.push(chunk);
      done();
    },
  });
  return { stream, writes };
}

/** What vscode-jsonrpc's reader makes of the bytes. */
async function readBack(bytes: Buffer, count: number): Promise<Message[]> {
  const back = new PassThrough();
  const received: Message[] = [];
  const reader = new StreamMessageReader(back);
  const all = new Promise<void>((resolve) => reader.listen((m) => received.push(m) === count && resolve()));
  back.end(bytes);
  await all;
  reader.dispose();
  return received;
}

test('the messages of one turn leave in one write, framed, in order, read back by vscode-jsonrpc', async () => {
  const { stream, writes } = recorder();
  const writer = new FramedStreamWriter(stream);
  const sent = Array.from({ length: 50 }, (_, i) => notification(i));
  await Promise.all(sent.map((m) => writer.write(m)));
  assert.equal(writes.length, 1, 'one write for the turn');
  // Each frame's Content-Length counts bytes (the bodies hold a two-byte character).
  let text = writes[0].toString('utf8');
  for (const m of sent) {
    const header = /^Content-Length: (\d+)\r\n\r\n/.exec(text);
    assert.ok(header, 'a header');
    const rest = Buffer.from(text.slice(header[0].length), 'utf8');
    const length = Number(header[1]);
    assert.deepEqual(JSON.parse(rest.subarray(0, length).toString('utf8')), m);
    text = rest.subarray(length).toString('utf8');
  }
  assert.equal(text, '');
  assert.deepEqual(await readBack(writes[0], sent.length), sent);
});

test('messages of later turns go in later writes, in order', async () => {
  const { stream, writes } = recorder();
  const writer = new FramedStreamWriter(stream);
  const sent = Array.from({ length: 6 }, (_, i) => notification(i));
  await Promise.all([writer.write(sent[0]), writer.write(sent[1])]);
  await writer.write(sent[2]);
  await Promise.all(sent.slice(3).map((m) => writer.write(m)));
  assert.equal(writes.length, 3);
  assert.deepEqual(await readBack(Buffer.concat(writes), sent.length), sent);
});

test('a write resolves only when the stream has taken the write carrying it', async () => {
  let take: (() => void) | undefined;
  let handedOver!: () => void;
  const handed = new Promise<void>((resolve) => (handedOver = resolve));
  const stream = new Writable({
    write(_chunk, _enc, done) {
      take = done;
      handedOver();
    },
  });
  const writer = new FramedStreamWriter(stream);
  let resolved = false;
  const written = writer.write(notification(1)).then(() => (resolved = true));
  await handed;
  // Every callback queued so far runs first: the write still waits for the stream's.
  await new Promise((r) => setImmediate(r));
  assert.equal(resolved, false);
  take!();
  await written;
  assert.equal(resolved, true);
});

test('a failing stream rejects every message of the write and reports each', async () => {
  const broken = new Writable({ write: (_chunk, _enc, done) => done(new Error('EPIPE')) });
  broken.on('error', () => undefined);
  const writer = new FramedStreamWriter(broken);
  const reported: [string, Message | undefined][] = [];
  writer.onError(([error, message]) => reported.push([error.message, message]));
  const a = { jsonrpc: '2.0', method: 'a' } as Message;
  const b = { jsonrpc: '2.0', method: 'b' } as Message;
  const results = await Promise.allSettled([writer.write(a), writer.write(b)]);
  assert.deepEqual(results.map((r) => r.status), ['rejected', 'rejected']);
  for (const r of results) assert.match(String((r as PromiseRejectedResult).reason), /EPIPE/);
  const perMessage = reported.filter(([, m]) => m !== undefined);
  assert.deepEqual(perMessage, [['EPIPE', a], ['EPIPE', b]]);
});

test('a message that cannot be serialised is rejected and reported alone; the others go out', async () => {
  const { stream, writes } = recorder();
  const writer = new FramedStreamWriter(stream);
  const reported: string[] = [];
  writer.onError(([error]) => reported.push(error.message));
  const cyclic: Record<string, unknown> = { jsonrpc: '2.0', method: 'cyclic' };
  cyclic.params = cyclic;
  const ok = notification(2);
  const [bad, good] = await Promise.allSettled([writer.write(cyclic as unknown as Message), writer.write(ok)]);
  assert.equal(bad.status, 'rejected');
  assert.equal(good.status, 'fulfilled');
  assert.equal(reported.length, 1);
  assert.deepEqual(await readBack(Buffer.concat(writes), 1), [ok]);
});

test('a large message, and what follows while the stream asks to wait, all arrive in order', async () => {
  // A slow consumer with a small buffer: the first write fills it, the rest is held until 'drain'.
  const writes: Buffer[] = [];
  const stream = new Writable({
    highWaterMark: 1024,
    write(chunk: Buffer, _enc, done) {
      writes.push(chunk);
      setImmediate(done);
    },
  });
  const writer = new FramedStreamWriter(stream);
  const large = notification(0, 3_000_000);
  const first = writer.write(large);
  const later: Promise<void>[] = [];
  const sent = [large];
  // Later turns while the large write is in flight.
  for (let turn = 1; turn <= 3; turn++) {
    await Promise.resolve();
    for (let k = 0; k < 4; k++) {
      const m = notification(turn * 10 + k);
      sent.push(m);
      later.push(writer.write(m));
    }
  }
  await Promise.all([first, ...later]);
  assert.equal(writes.length, 2, 'the large message, then what was held, in one write');
  assert.deepEqual(await readBack(Buffer.concat(writes), sent.length), sent);
});

test('flush() hands over what is held at once; end() writes it before ending the stream', async () => {
  const { stream, writes } = recorder();
  const writer = new FramedStreamWriter(stream);
  const a = writer.write(notification(1));
  writer.flush();
  assert.equal(writes.length, 1, 'written in the same turn');
  const b = writer.write(notification(2));
  const finished = new Promise((resolve) => stream.on('finish', resolve));
  writer.end();
  await Promise.all([a, b, finished]);
  assert.deepEqual(await readBack(Buffer.concat(writes), 2), [notification(1), notification(2)]);
});
