/**
 * A compact encoding of model values (the snapshot of a parsed file, its findings): what crosses
 * from a parse worker to the main thread and what the warm-start cache stores. Structured clone
 * or JSON of the object graph costs about as much as building it; here a value becomes numbers
 * in one typed array, every string goes once into a table, and every object is written as its
 * shape (its keys, in order, with the type of each value) plus its values, so reading it back is a
 * tight loop: a copy of the shape's template object (one hidden class per shape, every property
 * in the object), then its values stored in place.
 *
 * The encoding is exact for what the model holds — plain objects (key order and `undefined`
 * values included), arrays, strings, numbers (NaN, ±Infinity and -0 too), booleans, null — and
 * nothing else is ever given to it (a function or a Map would be written as an empty object).
 *
 * Decoding never trusts its input (it may come from a file on disk): every tag, table index,
 * length and nesting depth is checked, and so is every span (an object whose `start` or `end` is
 * a number, or another pair of `OFFSET_FIELDS`): both ends are offsets within the text the value
 * belongs to. Anything else makes the
 * value `undefined`, never an exception.
 */
import { OFFSET_FIELDS } from '../model/types';
import { intern } from '../parse/intern';

/** An encoded batch of values; plain data, so it may be posted to another thread (`data` transferred). */
export interface EncodedValues {
  readonly strings: readonly string[];
  /** Per shape: its keys (indices into `strings`) followed by its value types (one string of type codes). */
  readonly shapes: readonly (readonly [readonly number[], string])[];
  /** The tokens; Int32Array when every token fits, else Float64Array. */
  readonly data: Int32Array | Float64Array;
  /** Where each value added with `ValueEncoder.add` starts in `data`. */
  readonly starts: readonly number[];
}

// Value types of a shape's fields, and the tags of a tagged value (a field of type VALUE, an array item).
const UNDEFINED = 0;
const NULL = 1;
const FALSE = 2;
const TRUE = 3;
/** One token: the number. */
const NUMBER = 4;
/** One token: the string's index in the table. */
const STRING = 5;
/** Field type: a tagged value follows (an array or an object). As a tag: an array, its length, its items. */
const VALUE = 6;
/** Tag `OBJECT + k`: an object of shape k, its fields' tokens. */
const OBJECT = 7;
const TYPE_CODES = 'uzftnsv';

/** Tokens in a full chunk of the encoder's (1 MB of Int32), and in its first one. */
const CHUNK = 1 << 18;
const CHUNK_START = 1 << 10;

/** Model values nest a handful of levels; anything deeper is not one of ours. */
const MAX_DEPTH = 32;

export class ValueEncoder {
  private readonly strings: string[] = [];
  private readonly stringIndex = new Map<string, number>();
  private readonly shapes: [number[], string][] = [];
  private readonly shapeTrie: ShapeNode = { next: new Map(), shapes: new Map() };
  // The tokens: Int32 chunks of CHUNK tokens (full ones, then the one being filled), and, apart,
  // the rare tokens that are not an int32 (fractional, large, -0, NaN, ±Infinity), by position,
  // with 0 in their chunk's slot. No array of them all is held until `finish` makes one (a
  // Float64Array that doubled, then its Int32 copy, were the cache writer's peak at 100,000 documents).
  private readonly full: Int32Array[] = [];
  private chunk = new Int32Array(CHUNK_START);
  private used = 0;
  private length = 0;
  private readonly widePositions: number[] = [];
  private readonly wideValues: number[] = [];
  private readonly starts: number[] = [];

  /** Appends one value; `EncodedValues.starts` says where it begins. */
  add(value: unknown): void {
    this.starts.push(this.length);
    this.value(value);
  }

  finish(): EncodedValues {
    const data = this.wideValues.length === 0 ? new Int32Array(this.length) : new Float64Array(this.length);
    let at = 0;
    for (const piece of this.tokenChunks()) {
      data.set(piece, at);
      at += piece.length;
    }
    return { strings: this.strings, shapes: this.shapes, data, starts: this.starts };
  }

  /**
   * What `finish` gives, but its tokens as the pieces of `data` in order (`tokenChunks()`, which
   * may be called more than once) instead of one array: for a writer that streams them (the
   * warm-start cache). `numbers` is the type of `finish`'s `data`.
   */
  finishInChunks(): Omit<EncodedValues, 'data'> & { readonly numbers: 'int32' | 'float64'; readonly tokenCount: number; tokenChunks(): Generator<Int32Array | Float64Array> } {
    return { strings: this.strings, shapes: this.shapes, starts: this.starts, numbers: this.wideValues.length === 0 ? 'int32' : 'float64', tokenCount: this.length, tokenChunks: () => this.tokenChunks() };
  }

  /** The tokens, a chunk at a time: the chunks themselves when all are int32, else a Float64 copy of each with its wide tokens. */
  private *tokenChunks(): Generator<Int32Array | Float64Array> {
    const pieces = [...this.full, this.chunk.subarray(0, this.used)];
    const positions = this.widePositions;
    let w = 0;
    let first = 0;
    for (const piece of pieces) {
      if (positions.length === 0) yield piece;
      else {
        const wide = new Float64Array(piece);
        const end = first + piece.length;
        for (; w < positions.length && positions[w]! < end; w++) wide[positions[w]! - first] = this.wideValues[w]!;
        yield wide;
      }
      first += piece.length;
    }
  }

  private push(token: number): void {
    if (this.used === this.chunk.length) {
      if (this.used < CHUNK) {
        // A small batch (a parse worker's file) stays small: the first chunk grows to CHUNK.
        const grown = new Int32Array(Math.min(this.used * 4, CHUNK));
        grown.set(this.chunk);
        this.chunk = grown;
      } else {
        this.full.push(this.chunk);
        this.chunk = new Int32Array(CHUNK);
        this.used = 0;
      }
    }
    const int = token | 0;
    // -0 is not an int32 either (an Int32Array would give it back as 0).
    if (int === token && (int !== 0 || 1 / token > 0)) this.chunk[this.used++] = int;
    else {
      this.widePositions.push(this.length);
      this.wideValues.push(token);
      this.chunk[this.used++] = 0;
    }
    this.length++;
  }

  private string(s: string): number {
    let i = this.stringIndex.get(s);
    if (i === undefined) {
      i = this.strings.length;
      this.strings.push(s);
      this.stringIndex.set(s, i);
    }
    return i;
  }

  private value(v: unknown): void {
    switch (typeof v) {
      case 'undefined':
        return this.push(UNDEFINED);
      case 'boolean':
        return this.push(v ? TRUE : FALSE);
      case 'number':
        this.push(NUMBER);
        return this.push(v);
      case 'string':
        this.push(STRING);
        return this.push(this.string(v));
      case 'object':
        if (v === null) return this.push(NULL);
        if (Array.isArray(v)) {
          this.push(VALUE);
          this.push(v.length);
          for (const item of v) this.value(item);
          return;
        }
        return this.object(v as Record<string, unknown>);
      default:
        // Not a model value (functions, symbols, bigints): written as undefined.
        return this.push(UNDEFINED);
    }
  }

  private object(o: Record<string, unknown>): void {
    // The shape: a walk down the trie of key lists, then the value types as base-8 digits.
    let node = this.shapeTrie;
    let types = 0;
    let width = 0;
    for (const key in o) {
      let next = node.next.get(key);
      if (!next) {
        next = { next: new Map(), shapes: new Map() };
        node.next.set(key, next);
      }
      node = next;
      types = types * 8 + typeOf(o[key]);
      width++;
    }
    // Past 17 fields the digits would not fit a number exactly: the type string decides.
    const typeKey: number | string = width <= 17 ? types : Object.values(o).map((v) => TYPE_CODES[typeOf(v)]).join('');
    let shape = node.shapes.get(typeKey);
    if (shape === undefined) {
      shape = this.shapes.length;
      const codes = Object.values(o)
        .map((v) => TYPE_CODES[typeOf(v)])
        .join('');
      this.shapes.push([Object.keys(o).map((k) => this.string(k)), codes]);
      node.shapes.set(typeKey, shape);
    }
    this.push(OBJECT + shape);
    for (const key in o) {
      const v = o[key];
      switch (typeof v) {
        case 'number':
          this.push(v);
          break;
        case 'string':
          this.push(this.string(v));
          break;
        case 'object':
          if (v !== null) this.value(v);
          break;
        default:
        // The type says it all.
      }
    }
  }
}

interface ShapeNode {
  readonly next: Map<string, ShapeNode>;
  readonly shapes: Map<number | string, number>;
}

function typeOf(v: unknown): number {
  switch (typeof v) {
    case 'number':
      return NUMBER;
    case 'string':
      return STRING;
    case 'boolean':
      return v ? TRUE : FALSE;
    case 'object':
      return v === null ? NULL : VALUE;
    default:
      return UNDEFINED;
  }
}

interface Shape {
  readonly keys: readonly string[];
  readonly types: Uint8Array;
  /** A fresh object with the shape's keys, in order: copied (`{...template}`) for each object. */
  readonly template: Record<string, unknown>;
  /** The pairs of `OFFSET_FIELDS` of which a field is a number: a span, both must be offsets within the text. */
  readonly spans: readonly (readonly [string, string])[];
}

/** Templates by key list, shared by every decoder: objects of the same keys share one hidden class. */
const TEMPLATES = new Map<string, Record<string, unknown>>();
const MAX_TEMPLATES = 4096;

function templateOf(keys: readonly string[]): Record<string, unknown> {
  const id = keys.join('\u0000');
  let t = TEMPLATES.get(id);
  if (!t) {
    // JSON.parse builds the object with every property in the object itself (an object grown
    // key by key keeps most of them in a separate store); a copy of it keeps that layout. Each
    // field then holds a number and undefined in turn, so that V8 takes it as any value from the
    // start: a field first seen holding only small integers changes its representation when an
    // object gets a string or an object there, and every object copied before moves to a new
    // hidden class (measured: index and rules three times slower on such objects).
    t = JSON.parse(`{${keys.map((k) => `${JSON.stringify(k)}:0`).join(',')}}`) as Record<string, unknown>;
    for (const k of keys) t[k] = undefined;
    if (TEMPLATES.size < MAX_TEMPLATES) TEMPLATES.set(id, t);
  }
  return t;
}

/** Thrown inside the decoder only, caught at its boundary: the input is not what the encoder writes. */
class Invalid {}
const INVALID = new Invalid();

export class ValueDecoder {
  private readonly strings: readonly string[];
  private readonly shapes: readonly Shape[];
  private readonly data: Int32Array | Float64Array;
  private readonly starts: readonly number[];
  private pos = 0;
  private textLength = 0;

  /** Throws nothing: an input that is not `EncodedValues` gives a decoder of no values. */
  constructor(encoded: unknown) {
    const parsed = readEncoded(encoded);
    this.strings = parsed?.strings ?? [];
    this.shapes = parsed?.shapes ?? [];
    this.data = parsed?.data ?? new Int32Array(0);
    this.starts = parsed?.starts ?? [];
  }

  /** How many values the input holds (0 for an input that is not one). */
  get count(): number {
    return this.starts.length;
  }

  /**
   * Value `i`, with every span checked to lie within `[0, textLength]`; undefined when it is not
   * well formed (or there is no value `i`).
   */
  value(i: number, textLength: number): unknown {
    const start = this.starts[i];
    if (start === undefined) return undefined;
    this.pos = start;
    this.textLength = textLength;
    try {
      return this.read(0);
    } catch (e) {
      if (e === INVALID) return undefined;
      throw e;
    }
  }

  private token(): number {
    if (this.pos >= this.data.length) throw INVALID;
    return this.data[this.pos++]!;
  }

  private index(limit: number): number {
    const t = this.token();
    if (!Number.isInteger(t) || t < 0 || t >= limit) throw INVALID;
    return t;
  }

  private read(depth: number): unknown {
    if (depth > MAX_DEPTH) throw INVALID;
    const tag = this.token();
    switch (tag) {
      case UNDEFINED:
        return undefined;
      case NULL:
        return null;
      case FALSE:
        return false;
      case TRUE:
        return true;
      case NUMBER:
        return this.token();
      case STRING:
        return this.strings[this.index(this.strings.length)];
      case VALUE: {
        // Each item takes a token at least.
        const n = this.index(this.data.length - this.pos + 1);
        const out = new Array<unknown>(n);
        for (let k = 0; k < n; k++) out[k] = this.read(depth + 1);
        return out;
      }
      default: {
        const shape = Number.isInteger(tag) ? this.shapes[tag - OBJECT] : undefined;
        if (!shape) throw INVALID;
        return this.object(shape, depth);
      }
    }
  }

  private object(shape: Shape, depth: number): Record<string, unknown> {
    const o = { ...shape.template };
    const { keys, types } = shape;
    for (let f = 0; f < keys.length; f++) {
      let v: unknown;
      switch (types[f]) {
        case NUMBER:
          v = this.token();
          break;
        case STRING:
          v = this.strings[this.index(this.strings.length)];
          break;
        case VALUE:
          v = this.read(depth + 1);
          break;
        case TRUE:
          v = true;
          break;
        case FALSE:
          v = false;
          break;
        case NULL:
          v = null;
          break;
        default:
          v = undefined;
      }
      o[keys[f]!] = v;
    }
    // A span (possibly with more fields, like a text run or a scalar; a label entry has two): both ends within the text.
    for (const [a, b] of shape.spans) if (!isOffset(o[a], this.textLength) || !isOffset(o[b], this.textLength)) throw INVALID;
    return o;
  }
}

function isOffset(v: unknown, max: number): boolean {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= max;
}

/** The parts of an `EncodedValues` of unknown origin, checked; undefined when it is not one. */
function readEncoded(encoded: unknown): { strings: readonly string[]; shapes: readonly Shape[]; data: Int32Array | Float64Array; starts: readonly number[] } | undefined {
  if (typeof encoded !== 'object' || encoded === null) return undefined;
  const { strings, shapes, data, starts } = encoded as Record<string, unknown>;
  if (!Array.isArray(strings) || !Array.isArray(shapes) || !Array.isArray(starts)) return undefined;
  if (!(data instanceof Int32Array) && !(data instanceof Float64Array)) return undefined;
  for (const s of starts as unknown[]) if (typeof s !== 'number' || !Number.isInteger(s) || s < 0 || s >= data.length) return undefined;
  const table = new Array<string>(strings.length);
  for (let i = 0; i < strings.length; i++) {
    const s: unknown = strings[i];
    if (typeof s !== 'string') return undefined;
    // One copy of each short string across files and batches (parse/intern.ts), as a parse gives.
    table[i] = intern(s);
  }
  const out: Shape[] = [];
  for (const sh of shapes as unknown[]) {
    if (!Array.isArray(sh) || sh.length !== 2 || !Array.isArray(sh[0]) || typeof sh[1] !== 'string') return undefined;
    const keyIndices = sh[0] as unknown[];
    const codes = sh[1];
    if (codes.length !== keyIndices.length) return undefined;
    const keys: string[] = [];
    const types = new Uint8Array(codes.length);
    for (let f = 0; f < keyIndices.length; f++) {
      const k = keyIndices[f];
      if (typeof k !== 'number' || !Number.isInteger(k) || k < 0 || k >= table.length) return undefined;
      const key = table[k]!;
      // `__proto__` would not be an own property of the copy; the model has none.
      if (key === '__proto__' || keys.includes(key)) return undefined;
      const t = TYPE_CODES.indexOf(codes[f]!);
      if (t < 0) return undefined;
      keys.push(key);
      types[f] = t;
    }
    const numeric = (key: string) => types[keys.indexOf(key)] === NUMBER;
    out.push({ keys, types, template: templateOf(keys), spans: OFFSET_FIELDS.filter(([a, b]) => numeric(a) || numeric(b)) });
  }
  return { strings: table, shapes: out, data, starts: starts as number[] };
}
