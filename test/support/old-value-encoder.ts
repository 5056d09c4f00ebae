/**
 * The model codec's encoder as it was before its tokens went into Int32 chunks (model-codec.ts,
 * kept verbatim apart from its name): a Float64Array that doubles as it grows, copied to an
 * Int32Array at the end when every token fits. The reference that the chunked encoder's output
 * must equal byte for byte (test/unit/model-codec.test.ts).
 */
import type { EncodedValues } from '../../server/src/core/workspace/model-codec';

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

export class OldValueEncoder {
  private readonly strings: string[] = [];
  private readonly stringIndex = new Map<string, number>();
  private readonly shapes: [number[], string][] = [];
  private readonly shapeTrie: ShapeNode = { next: new Map(), shapes: new Map() };
  private data = new Float64Array(1 << 12);
  private length = 0;
  private readonly starts: number[] = [];
  private allInt32 = true;

  /** Appends one value; `EncodedValues.starts` says where it begins. */
  add(value: unknown): void {
    this.starts.push(this.length);
    this.value(value);
  }

  finish(): EncodedValues {
    const tokens = this.data.subarray(0, this.length);
    const data = this.allInt32 ? new Int32Array(tokens) : tokens.slice();
    return { strings: this.strings, shapes: this.shapes, data, starts: this.starts };
  }

  private push(token: number): void {
    if (this.length === this.data.length) {
      const grown = new Float64Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    // -0 is not an int32 either (an Int32Array would give it back as 0).
    if (this.allInt32 && !Object.is(token | 0, token)) this.allInt32 = false;
    this.data[this.length++] = token;
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

