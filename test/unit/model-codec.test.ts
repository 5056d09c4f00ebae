/**
 * The model's compact encoding (core/workspace/model-codec.ts, snapshot.ts encodeFile /
 * decodeFile): what a parse worker sends and the warm-start cache stores. A file's parse read
 * back is the parse itself — objects (key order and `undefined` fields included), documents,
 * notes, findings — over the examples, the shared corpus and hand cases; every value type the
 * model holds survives; anything that is not exactly what the encoder wrote is rejected (a miss,
 * never an exception, never a value with a span outside its text).
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { DEFAULT_SETTINGS } from '../../server/src/core/settings';
import { parseFile, type ParsedFile } from '../../server/src/core/parse/parse-file';
import { ValueDecoder, ValueEncoder, type EncodedValues } from '../../server/src/core/workspace/model-codec';
import { decodeFile, encodeFile } from '../../server/src/core/workspace/snapshot';
import { Workspace } from '../../server/src/core/workspace/workspace';
import { uriOf } from '../support/fixture';
import { OldValueEncoder } from '../support/old-value-encoder';

const ROOT = path.resolve(__dirname, '../..');
const CORPUS = process.env.KUBE_PORTS_CORPUS || path.join(ROOT, '../shared/corpus');

function manifests(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) manifests(full, out);
    else if (/\.(ya?ml|json)$/i.test(name)) out.push(full);
  }
  return out;
}

const parse = (uri: string, text: string): ParsedFile => parseFile({ uri, text, fast: 'all', defaultNamespace: 'default', maxFileSize: DEFAULT_SETTINGS.maxFileSize });
const CONTEXT = { namespaceOverride: undefined, template: false };

/** Every file through the encoder and back, as one batch; each decoded file must equal its parse. */
function roundTrip(files: { uri: string; text: string }[]): number {
  const parsed = files.map((f) => parse(f.uri, f.text));
  const encoder = new ValueEncoder();
  for (const p of parsed) encodeFile(encoder, p, CONTEXT, undefined);
  // What crosses a thread or goes to disk: plain data and a typed array.
  const encoded = structuredClone(encoder.finish());
  const decoder = new ValueDecoder(encoded);
  parsed.forEach((p, i) => {
    const back = decodeFile(decoder, i, p.uri, p.text);
    assert.ok(back, `${p.uri} decodes`);
    assert.deepStrictEqual(back.file.parsed.objects, p.objects, p.uri);
    assert.deepStrictEqual(back.file.parsed.notes, p.notes, p.uri);
    assert.deepStrictEqual(
      back.file.parsed.documents.map((d) => [d.index, d.span, d.text, d.broken, d.objects]),
      p.documents.map((d) => [d.index, d.span, d.text, d.broken, d.objects]),
      p.uri,
    );
    assert.deepStrictEqual(back.file.context, CONTEXT);
  });
  return parsed.length;
}

test('a decoded file is its parse: the examples', () => {
  const files = manifests(path.join(ROOT, 'examples')).map((f) => ({ uri: uriOf(`/examples/${path.relative(ROOT, f)}`), text: readFileSync(f, 'utf8') }));
  assert.ok(roundTrip(files) > 20);
});

test('a decoded file is its parse: the shared corpus (when the checkout has it beside it)', () => {
  if (!existsSync(CORPUS)) return void process.stdout.write('# no ../shared/corpus here: the examples and hand cases only\n');
  const files = manifests(CORPUS).map((f) => ({ uri: uriOf(`/corpus/${path.relative(CORPUS, f)}`), text: readFileSync(f, 'utf8') }));
  assert.ok(roundTrip(files) > 100);
});

test('findings go through with their file, related locations in other files included', () => {
  const ws = new Workspace();
  const a = uriOf('/a.yaml');
  const b = uriOf('/b.yaml');
  ws.setFile(a, 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: web\n  ports:\n  - port: 80\n    targetPort: http\n');
  ws.setFile(b, `${'# padding\n'.repeat(40)}apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - name: c\n        ports:\n        - containerPort: 80\n`);
  const findings = ws.findings(a);
  assert.ok(findings.some((f) => f.related.some((r) => r.uri === b && r.span.end > ws.text(a)!.length)), 'a related location beyond this file’s text');
  const encoder = new ValueEncoder();
  encodeFile(encoder, ws.parsed(a)!, CONTEXT, findings);
  const back = decodeFile(new ValueDecoder(encoder.finish()), 0, a, ws.text(a)!);
  assert.deepStrictEqual(back?.findings, findings);
});

test('every kind of model value survives: undefined fields, key order, NaN, infinities, -0, negative and fractional numbers, nesting', () => {
  const text = 'x'.repeat(100);
  const values: unknown[] = [
    { a: undefined, b: null, c: true, d: false, e: 0, f: -1, g: 1.5, h: NaN, i: Infinity, j: -Infinity, k: '', l: 'é ☃ \u0000', m: [], n: {} },
    { z: 1, a: 2 },
    { a: 2, z: 1 },
    [[[]], [1, 'a', undefined, null, { start: 0, end: 100 }]],
    { span: { start: 3, end: 4 }, value: 2 ** 40, quoted: false },
    'a string',
    42,
    undefined,
    null,
  ];
  const negativeZero = new ValueEncoder();
  negativeZero.add({ value: -0 });
  assert.ok(Object.is((new ValueDecoder(negativeZero.finish()).value(0, 0) as { value: number }).value, -0), '-0 stays -0');
  const encoder = new ValueEncoder();
  for (const v of values) encoder.add(v);
  const decoder = new ValueDecoder(structuredClone(encoder.finish()));
  assert.equal(decoder.count, values.length);
  values.forEach((v, i) => assert.deepStrictEqual(decoder.value(i, text.length), v));
  // Key order is kept (not only the keys).
  assert.deepStrictEqual(Object.keys(decoder.value(1, 100) as object), ['z', 'a']);
  assert.deepStrictEqual(Object.keys(decoder.value(0, 100) as object), 'abcdefghijklmn'.split(''));
});

/** The bytes of an encoding's tokens, with their array type. */
const tokenBytes = (data: Int32Array | Float64Array) => [data.constructor.name, Buffer.from(data.buffer, data.byteOffset, data.byteLength)] as const;

/** The same values through the chunked encoder and the old one (a Float64Array doubled, then an Int32 copy): the same encoding, byte for byte, from `finish` and from the chunks. */
function assertAsOldEncoder(values: readonly unknown[]): void {
  const encoder = new ValueEncoder();
  const old = new OldValueEncoder();
  for (const v of values) {
    encoder.add(v);
    old.add(v);
  }
  const expected = old.finish();
  const { data, ...rest } = encoder.finish();
  const { data: oldData, ...oldRest } = expected;
  assert.deepStrictEqual(rest, oldRest);
  assert.deepStrictEqual(tokenBytes(data), tokenBytes(oldData));
  const { tokenChunks, numbers, tokenCount, ...chunkedRest } = encoder.finishInChunks();
  assert.deepStrictEqual(chunkedRest, oldRest);
  assert.equal(numbers, oldData instanceof Int32Array ? 'int32' : 'float64');
  assert.equal(tokenCount, oldData.length);
  const pieces = [...tokenChunks()];
  for (const piece of pieces) assert.equal(piece.constructor, oldData.constructor);
  assert.ok(Buffer.concat(pieces.map((piece) => tokenBytes(piece)[1])).equals(tokenBytes(oldData)[1]), 'the chunks are the old tokens in order');
  assert.ok(Buffer.concat([...tokenChunks()].map((piece) => tokenBytes(piece)[1])).equals(tokenBytes(oldData)[1]), 'and again');
}

test('the encoding is the old encoder\'s, byte for byte: small and large batches, int32 tokens only or with large, negative and fractional numbers', () => {
  const NUMBERS = [2 ** 31, -(2 ** 31) - 1, 2 ** 31 - 1, -(2 ** 31), 2 ** 53, -(2 ** 40), -7, 0.5, -1.25, 1e-300, -0, NaN, Infinity, -Infinity];
  const record = (i: number, n: number) => ({ name: `n${i % 97}`, start: i, end: i + 3, value: n, items: [i, -i, { port: i % 65536, quoted: i % 2 === 0 }] });
  assertAsOldEncoder([]);
  assertAsOldEncoder([{ a: 1 }]);
  assertAsOldEncoder([{ a: 1.5 }]);
  assertAsOldEncoder([-0]);
  // Over several of the encoder's chunks (2^18 tokens), int32 only, then with a wide number now and then, in the first chunk only, in the last only.
  const large = Array.from({ length: 60_000 }, (_, i) => record(i, -i));
  assertAsOldEncoder(large);
  assertAsOldEncoder(large.map((r, i) => (i % 1000 === 7 ? { ...r, value: NUMBERS[(i / 1000) % NUMBERS.length | 0]! } : r)));
  assertAsOldEncoder([{ value: 0.5 }, ...large]);
  assertAsOldEncoder([...large, { value: 2 ** 31 }]);
  // Any values.
  fc.assert(
    fc.property(fc.array(fc.oneof(fc.double(), fc.integer(), fc.constantFrom(...NUMBERS), fc.record({ value: fc.double(), start: fc.nat(), end: fc.nat() })), { maxLength: 40 }), (values) => assertAsOldEncoder(values)),
    { numRuns: 200 },
  );
});

test('objects of the same keys and value types are written as one shape, other value types as another', () => {
  const encoder = new ValueEncoder();
  encoder.add([{ value: 1, quoted: false }, { value: 2, quoted: false }, { value: 'x', quoted: true }]);
  const encoded = encoder.finish();
  assert.equal(encoded.shapes.length, 2, 'number/false, and string/true');
  assert.deepStrictEqual(new ValueDecoder(encoded).value(0, 0), [{ value: 1, quoted: false }, { value: 2, quoted: false }, { value: 'x', quoted: true }]);
});

test('a span outside the text, a bad tag, index, length or shape is rejected, never trusted', () => {
  const encoder = new ValueEncoder();
  encoder.add({ kind: 'Service', span: { start: 2, end: 9 }, ports: [{ port: 80 }] });
  const good = encoder.finish();
  const decode = (e: unknown, textLength = 10) => new ValueDecoder(e).value(0, textLength);
  assert.ok(decode(good));
  assert.equal(decode(good, 8), undefined, 'a span past the end of the text');
  // Spans held inline: a scalar's, a label map's, and a label entry's key and value (OFFSET_FIELDS).
  const inline = new ValueEncoder();
  inline.add({ name: { value: 'web', start: 2, end: 5, quoted: false }, labels: { entries: [{ key: 'a', value: 'b', keyStart: 1, keyEnd: 2, valueStart: 4, valueEnd: 9 }], start: 0, end: 5 } });
  const inlineGood = inline.finish();
  assert.ok(decode(inlineGood, 9));
  assert.equal(decode(inlineGood, 8), undefined, "a label entry's value past the end of the text");
  const scalarOnly = new ValueEncoder();
  scalarOnly.add([{ value: 'web', start: 2, end: 9, quoted: false }]);
  assert.equal(decode(scalarOnly.finish(), 8), undefined, "a scalar's span past the end of the text");
  const withData = (f: (d: Int32Array) => void) => {
    const d = Int32Array.from(good.data as Int32Array);
    f(d);
    return { ...good, data: d };
  };
  assert.equal(decode(withData((d) => (d[0] = 999))), undefined, 'an unknown shape');
  assert.equal(decode({ ...good, data: (good.data as Int32Array).subarray(0, good.data.length - 1) }), undefined, 'truncated');
  assert.equal(decode({ ...good, strings: [] }), undefined, 'a string index out of the table');
  assert.equal(decode({ ...good, shapes: [[[0, 0], 'ss']] }), undefined, 'a shape with a key twice');
  assert.equal(decode({ ...good, shapes: good.shapes.map(([k, t]) => [k, t.replace(/./, 'q')]) }), undefined, 'an unknown type code');
  assert.equal(decode({ ...good, data: Array.from(good.data) }), undefined, 'tokens not in a typed array');
  assert.equal(decode({ ...good, starts: [good.data.length] }), undefined, 'a start past the tokens');
  for (const junk of [undefined, null, 0, 'x', [], {}, { strings: 'x', shapes: [], data: new Int32Array(1), starts: [0] }]) assert.equal(decode(junk), undefined);
  // Deep nesting: rejected, not a stack overflow.
  const deep = new Int32Array(100_000).fill(6);
  assert.equal(decode({ strings: [], shapes: [], data: deep, starts: [0] }), undefined);
});

test('random corruption of an encoded file is a miss or a valid file, never an exception', () => {
  const text = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector: {app: web}\n  ports: [{port: 80, targetPort: http}]\n';
  const uri = uriOf('/s.yaml');
  const encoder = new ValueEncoder();
  encodeFile(encoder, parse(uri, text), CONTEXT, []);
  const good: EncodedValues = encoder.finish();
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.nat(), fc.integer({ min: -5, max: 400 })), { minLength: 1, maxLength: 6 }), (edits) => {
      const data = Int32Array.from(good.data as Int32Array);
      for (const [at, v] of edits) data[at % data.length] = v;
      const back = decodeFile(new ValueDecoder({ ...good, data }), 0, uri, text);
      if (!back) return;
      // Whatever decodes is a file of this URI whose spans lie inside its text.
      for (const o of back.file.parsed.objects) assert.ok(o.uri === uri && o.span.end <= text.length);
    }),
    { numRuns: 500 },
  );
});
