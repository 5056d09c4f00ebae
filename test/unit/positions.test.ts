import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LineIndex } from '../../server/src/core/text/line-index';
import { positionInPrefix, Positions } from '../../server/src/lsp/convert';

test('positions near the start are scanned, and agree with the line index on every line break (CRLF, CR, LF) and offset', () => {
  const text = 'a\r\nbc\rd\n\n\r\n€😀x\r\r\ny';
  const index = new LineIndex(text);
  for (let o = -1; o <= text.length + 1; o++) assert.deepEqual(positionInPrefix(text, o), index.positionAt(o), `offset ${o}`);
  const positions = new Positions(() => text);
  assert.deepEqual(positions.range('file:///x.yaml', { start: 3, end: text.length }), { start: index.positionAt(3), end: index.positionAt(text.length) });
});
