import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LineIndex } from '../../server/src/core/text/line-index';
import { positionInPrefix, Positions } from '../../server/src/lsp/convert';

test('positions near the start are scanned, and agree with the line index on every line break (CRLF, CR, LF) and offset', () => {
  const text = 'a\r\nbc\rd\n\n\r\n€😀x\r\r\ny';
  const index = new LineIndex(text);
  for (let o = -1; o <= text.length + 1; o++) assert.deepEqual(positionInPrefix(text, o), index.positionAt(o), `offset ${o}`);
  // Line feeds only, and a \r only after some offsets: the prefixes without one are counted by line feeds alone.
  for (const other of ['a\nbc\n\n€😀x\ny\n', '\nab\n\ncd\r\nef\rg\n', '']) {
    const lines = new LineIndex(other);
    for (let o = -1; o <= other.length + 1; o++) assert.deepEqual(positionInPrefix(other, o), lines.positionAt(o), `${JSON.stringify(other)} offset ${o}`);
  }
  const positions = new Positions(() => text);
  assert.deepEqual(positions.range('file:///x.yaml', { start: 3, end: text.length }), { start: index.positionAt(3), end: index.positionAt(text.length) });
});
