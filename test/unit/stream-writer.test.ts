/**
 * The `--stdio` message writer (lsp/stream-writer.ts): each message leaves as one framed write
 * that vscode-jsonrpc's reader parses back, in call order, resolving when the stream took it; a
 * stream error rejects the write and is reported, never thrown.
 */
import assert from 'node:assert/strict';
import { PassThrough, Writable } from 'node:stream';
import { test } from 'node:test';
import { StreamMessageReader, type Message } from 'vscode-jsonrpc/node';
import { FramedStreamWriter } from '../../server/src/lsp/stream-writer';

test('messages are framed in one write each, in order, and read back by vscode-jsonrpc', async () => {
  const pipe = new PassThrough();
  const chunks: Buffer[] = [];
  pipe.on('data', (c: Buffer) => chunks.push(c));
  const writer = new FramedStreamWriter(pipe);
  const sent: Message[] = Array.from({ length: 50 }, (_, i) => ({
    jsonrpc: '2.0',
    method: 'textDocument/publishDiagnostics',
    params: { uri: `file:///w/f${i}.yaml`, diagnostics: i % 2 ? [] : [{ message: `é ${'x'.repeat(i * 100)}` }] },
  }) as Message);
  await Promise.all(sent.map((m) => writer.write(m)));
  assert.equal(chunks.length, sent.length, 'one write per message');
  for (const [i, c] of chunks.entries()) {
    const text = c.toString('utf8');
    const body = text.slice(text.indexOf('\r\n\r\n') + 4);
    assert.equal(text.slice(0, text.indexOf('\r\n\r\n')), `Content-Length: ${Buffer.byteLength(body)}`);
    assert.deepEqual(JSON.parse(body), sent[i]);
  }
  const back = new PassThrough();
  const received: Message[] = [];
  const reader = new StreamMessageReader(back);
  const all = new Promise<void>((resolve) => reader.listen((m) => received.push(m) === sent.length && resolve()));
  back.write(Buffer.concat(chunks));
  await all;
  assert.deepEqual(received, sent);
  reader.dispose();
});

test('a failing stream rejects the write and reports the error', async () => {
  const broken = new Writable({ write: (_chunk, _enc, done) => done(new Error('EPIPE')) });
  broken.on('error', () => undefined);
  const writer = new FramedStreamWriter(broken);
  const reported: string[] = [];
  writer.onError(([error]) => reported.push(error.message));
  await assert.rejects(writer.write({ jsonrpc: '2.0' } as Message), /EPIPE/);
  assert.ok(reported.includes('EPIPE'), `reported: ${reported.join(', ')}`);
});
