/**
 * Small, total readers over a YAML tree — the `yaml` AST, or the fast path's light nodes
 * (fast-parse.ts), which carry the same values, styles and ranges: every function accepts any
 * node (or nothing) and answers `undefined` rather than throwing when the shape is not what a
 * manifest would have. Offsets are shifted by `base` (the document's offset in its file).
 */
import type { LabelEntry, LabelMap, Scalar, Span, TextValue } from '../model/types';
import { FastMap, FastNode, FastScalar, FastSeq } from './fast-parse';
import { isAlias, isMap, isScalar, isSeq, type Document } from './yaml';
import { exact } from '../model/lists';
import { intern } from './intern';

/** What the readers read of a mapping (`yaml`'s `YAMLMap`, the fast path's `FastMap`). */
export interface MapNode {
  readonly items: readonly PairNode[];
}

export interface PairNode {
  readonly key: unknown;
  readonly value: unknown;
}

/** What the readers read of a scalar: its value, its source style (`yaml`'s `Scalar.type`) and where it starts and ends. */
interface ScalarNode {
  readonly value: unknown;
  readonly type: string | undefined;
  readonly start: number;
  readonly end: number;
}

export class NodeReader {
  constructor(
    private readonly doc: Document,
    readonly base: number,
    /** The document's text (offsets of nodes are relative to it), for mapping string values to characters. */
    private readonly source = '',
  ) {}

  /**
   * A string scalar with the runs of its characters written verbatim in the file (see
   * `TextValue`). The runs are found by matching each source line of the scalar, without its
   * indentation and quotes, against the value in order; anything that does not match exactly
   * (escapes, `''`, chomping or folding we cannot follow) leaves `runs` undefined.
   */
  textValue(node: unknown): TextValue | undefined {
    const n = this.scalarNode(node);
    if (!n || typeof n.value !== 'string') return undefined;
    // Interned like the scalars: args and env values repeat across workloads (`--port=8080`).
    return { value: intern(n.value), start: n.start + this.base, end: n.end + this.base, runs: this.runsOf(n.value, n.type, n.start, n.end) };
  }

  /** The scalar a node is (through an alias), with its range; undefined for anything else or a scalar without a range. */
  private scalarNode(node: unknown): ScalarNode | undefined {
    if (node instanceof FastScalar) return node;
    const n = this.deref(node);
    if (n instanceof FastScalar) return n;
    if (!isScalar(n) || !n.range) return undefined;
    return { value: n.value, type: n.type, start: n.range[0], end: n.range[1] };
  }

  /** The runs of `TextValue`: a number k for the one run from `start + k` to `end - k`, else triples relative to `start`. */
  private runsOf(value: string, type: string | undefined, start: number, end: number): number[] | number | undefined {
    const src = this.source;
    if (end > src.length || start >= end) return undefined;
    let bodyStart = start;
    let bodyEnd = end;
    let block = false;
    if (type === 'QUOTE_DOUBLE' || type === 'QUOTE_SINGLE') {
      const q = type === 'QUOTE_DOUBLE' ? '"' : "'";
      if (src[start] !== q || src[end - 1] !== q || end - start < 2) return undefined;
      bodyStart = start + 1;
      bodyEnd = end - 1;
    } else if (type === 'BLOCK_LITERAL' || type === 'BLOCK_FOLDED') {
      const nl = src.indexOf('\n', start);
      if (nl < 0 || nl >= end) return undefined;
      for (let i = start; i < nl; i++) {
        const c = src.charCodeAt(i);
        if (c >= 48 && c <= 57) return undefined; // explicit indentation indicator
      }
      bodyStart = nl + 1;
      block = true;
    } else if (type !== 'PLAIN') {
      return undefined;
    }
    if (!block) {
      const nl = src.indexOf('\n', bodyStart);
      if (nl < 0 || nl >= bodyEnd) {
        // One line: verbatim (the run between the quotes, if any) or not at all. Compared in
        // place: no slice of the text is made to be thrown away.
        return bodyEnd - bodyStart === value.length && src.startsWith(value, bodyStart) ? bodyStart - start : undefined;
      }
    }
    // Triples relative to the value's start (`TextValue.runs`).
    const runs: number[] = [];
    let cursor = 0;
    let indent = -1;
    let lineStart = bodyStart;
    let first = true;
    while (lineStart <= bodyEnd) {
      let lineEnd = src.indexOf('\n', lineStart);
      if (lineEnd < 0 || lineEnd > bodyEnd) lineEnd = bodyEnd;
      let a = lineStart;
      let b = lineEnd;
      if (block) {
        let sp = a;
        while (sp < b && src.charCodeAt(sp) === 32) sp++;
        if (sp < b) {
          if (indent < 0) indent = sp - a;
          if (sp - a < indent) return undefined;
          a += indent;
        } else a = b;
      } else {
        if (!first) while (a < b && (src.charCodeAt(a) === 32 || src.charCodeAt(a) === 9)) a++;
        while (b > a && (src.charCodeAt(b - 1) === 32 || src.charCodeAt(b - 1) === 9)) b--;
      }
      first = false;
      if (b > a) {
        const piece = src.slice(a, b);
        // Skip the separators the value has between lines ('\n' for literal, ' ' for folded).
        let at = -1;
        for (let p = cursor; p <= value.length; p++) {
          if (value.startsWith(piece, p)) {
            at = p;
            break;
          }
          const c = value.charCodeAt(p);
          if (c !== 10 && c !== 32) break;
        }
        if (at < 0) return undefined;
        runs.push(a - start, b - start, at);
        cursor = at + piece.length;
      }
      if (lineEnd >= bodyEnd) break;
      lineStart = lineEnd + 1;
    }
    for (let p = cursor; p < value.length; p++) {
      const c = value.charCodeAt(p);
      if (c !== 10 && c !== 32) return undefined;
    }
    return exact(runs);
  }

  /** Follows an alias one step (never expands recursively, so alias bombs cost nothing). */
  deref(node: unknown): unknown {
    if (node instanceof FastNode) return node;
    if (isAlias(node)) {
      try {
        const target = node.resolve(this.doc);
        return isAlias(target) ? undefined : (target ?? undefined);
      } catch {
        return undefined;
      }
    }
    return node ?? undefined;
  }

  span(node: unknown): Span | undefined {
    if (node instanceof FastNode) return { start: node.start + this.base, end: node.end + this.base };
    const n = node as { range?: [number, number, number] } | undefined;
    if (!n?.range) return undefined;
    return { start: n.range[0] + this.base, end: n.range[1] + this.base };
  }

  /** The span of a node, else of a fallback, else empty at the document start. */
  spanOr(node: unknown, fallback?: unknown): Span {
    return this.span(node) ?? this.span(fallback) ?? { start: this.base, end: this.base };
  }

  map(node: unknown): MapNode | undefined {
    if (node instanceof FastMap) return node;
    const n = this.deref(node);
    return n instanceof FastMap || isMap(n) ? (n as MapNode) : undefined;
  }

  seq(node: unknown): readonly unknown[] {
    if (node instanceof FastSeq) return node.items;
    const n = this.deref(node);
    return n instanceof FastSeq || isSeq(n) ? (n as { items: unknown[] }).items : [];
  }

  pair(map: unknown, key: string): PairNode | undefined {
    const m = this.map(map);
    if (!m) return undefined;
    // The last occurrence wins for duplicate keys, as in the API server's JSON decoding.
    for (let i = m.items.length - 1; i >= 0; i--) {
      const p = m.items[i]!;
      if (this.keyOf(p) === key) return p;
    }
    return undefined;
  }

  /** What `pair` compares a pair's key by: a scalar key's value, else the key itself. */
  keyOf(p: PairNode): unknown {
    const k = p.key;
    return k instanceof FastScalar || isScalar(k) ? k.value : k;
  }

  get(map: unknown, key: string): unknown {
    return this.deref(this.pair(map, key)?.value);
  }

  keySpan(map: unknown, key: string): Span | undefined {
    return this.span(this.pair(map, key)?.key);
  }

  path(node: unknown, ...keys: string[]): unknown {
    let current: unknown = node;
    for (const k of keys) {
      current = this.get(current, k);
      if (current === undefined) return undefined;
    }
    return current;
  }

  scalar(node: unknown): Scalar | undefined {
    const n = this.scalarNode(node);
    if (!n) return undefined;
    const quoted = n.type === 'QUOTE_DOUBLE' || n.type === 'QUOTE_SINGLE';
    let value: unknown = n.value;
    if (typeof value === 'bigint') value = Number(value);
    return { value: intern(value), start: n.start + this.base, end: n.end + this.base, quoted };
  }

  scalarAt(map: unknown, key: string): Scalar | undefined {
    return this.scalar(this.get(map, key));
  }

  string(node: unknown): string | undefined {
    // The value alone: no span or Scalar is built to be thrown away (kinds, names, label values).
    const n = this.scalarNode(node);
    return n ? stringOf(n.value) : undefined;
  }

  stringScalar(node: unknown): Scalar<string> | undefined {
    const s = this.scalar(node);
    if (!s) return undefined;
    const str = stringOf(s.value);
    if (str === undefined) return undefined;
    // Not `{ ...s, value }`: V8 gives every object built as a spread followed by more properties
    // a hidden class of its own (bench/memory.ts); this literal shares the one of `scalar`.
    return str === s.value ? (s as Scalar<string>) : { value: str, start: s.start, end: s.end, quoted: s.quoted };
  }

  stringAt(map: unknown, key: string): string | undefined {
    return this.string(this.get(map, key));
  }

  labelMap(node: unknown, keyOwner?: { map: unknown; key: string }): LabelMap | undefined {
    const m = this.map(node);
    if (!m) {
      if (keyOwner && this.pair(keyOwner.map, keyOwner.key)) {
        const at = this.spanOr(this.pair(keyOwner.map, keyOwner.key)?.key);
        return { entries: exact([]), start: at.start, end: at.end };
      }
      return undefined;
    }
    const entries: LabelEntry[] = [];
    for (const p of m.items) {
      const key = this.string(p.key);
      const valueNode = this.deref(p.value);
      const value = valueNode === undefined || valueNode === null ? '' : this.string(valueNode);
      const keySpan = this.span(p.key);
      if (key === undefined || value === undefined || !keySpan) continue;
      const valueSpan = this.span(valueNode);
      entries.push({
        key,
        value,
        keyStart: keySpan.start,
        keyEnd: keySpan.end,
        valueStart: valueSpan ? valueSpan.start : keySpan.end,
        valueEnd: valueSpan ? valueSpan.end : keySpan.end,
      });
    }
    const span = this.spanOr(m);
    return { entries: exact(entries), start: span.start, end: span.end };
  }
}

/** A scalar's value as the model's strings hold it: numbers and booleans as written by `String`, one copy of each (intern.ts). */
function stringOf(value: unknown): string | undefined {
  const v = typeof value === 'bigint' ? Number(value) : value;
  if (typeof v === 'string') return intern(v);
  if (typeof v === 'number' || typeof v === 'boolean') return intern(String(v));
  return undefined;
}
