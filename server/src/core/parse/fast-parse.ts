/**
 * A fast path for indexing: reads the plain block-YAML subset that generated and hand-written
 * manifests use (block maps and sequences, plain and simply quoted scalars, `|`/`>` block
 * scalars, one-line flow collections of scalars) straight into `yaml` nodes with the same
 * ranges the `yaml` composer gives them, so `extractObjects` builds the same model (spans
 * included) at a fraction of the cost. It DECLINES (answers `undefined`) on anything outside
 * that subset — comment or blank lines inside the document, anchors, aliases, tags, merge keys,
 * directives, tabs, multi-line plain or quoted scalars, floats, escapes, explicit keys, odd
 * indentation — and the caller parses the document with `yaml`, which stays the single source of
 * truth (edits, code actions and open files always use it). test/unit/fast-parse.test.ts checks
 * model equality against the `yaml` path over the examples, the corpus and generated input.
 */
import { YamlScalar, YAMLMap, YAMLSeq, YamlPairNode as YamlPair, parseDocument } from './yaml';

type Range = [number, number, number];

class Decline extends Error {}
const DECLINE = new Decline();

interface Line {
  /** Offset of the line start, of its first non-space character, of its end (before \n). */
  start: number;
  content: number;
  end: number;
  /** Offset after the newline (or the text end). */
  next: number;
}

interface Parsed {
  node: unknown;
  /** The node's `range[2]`: where the parent's value (and so the parent's range[1]) ends. */
  end2: number;
  /** Index of the first line after the node. */
  line: number;
}

const INT = /^[-+]?[0-9]+$/;
const NUMBERISH = /^[-+]?(?:\.[0-9]|[0-9]|\.inf|\.Inf|\.INF|\.nan|\.NaN|\.NAN)|^0[ox]/;
const NULL = /^(?:~|[Nn]ull|NULL)$/;
const TRUE = /^(?:[Tt]rue|TRUE)$/;
const FALSE = /^(?:[Ff]alse|FALSE)$/;
/** Characters that may not start a plain scalar here (or that we leave to `yaml`). */
const BAD_START = new Set(['&', '*', '!', '|', '>', '%', '@', '`', '?', ',', ']', '}', '#', '{', '[', '"', "'"]);

/** Parses one document chunk; `undefined` when the chunk is outside the fast subset. */
export function fastParseDocument(text: string): { contents: unknown } | undefined {
  try {
    return new FastParser(text).document();
  } catch (e) {
    if (e instanceof Decline) return undefined;
    return undefined;
  }
}

class FastParser {
  private readonly lines: Line[] = [];

  constructor(private readonly text: string) {}

  document(): { contents: unknown } {
    const t = this.text;
    if (t.includes('\t') || t.includes('\r')) throw DECLINE;
    let pos = 0;
    const n = t.length;
    while (pos < n) {
      let nl = t.indexOf('\n', pos);
      if (nl < 0) nl = n;
      let c = pos;
      while (c < nl && t.charCodeAt(c) === 32) c++;
      this.lines.push({ start: pos, content: c, end: nl, next: nl < n ? nl + 1 : n });
      pos = nl + 1;
    }
    let first = 0;
    if (this.lines.length > 0 && t.startsWith('---')) {
      const l = this.lines[0]!;
      const rest = t.slice(l.start + 3, l.end).trim();
      if (rest !== '' && !rest.startsWith('#')) throw DECLINE;
      first = 1;
    }
    // Leading comments and blank lines are fine (they precede the root); inside the content they
    // are not (their attribution to node ranges is subtle): decline.
    while (first < this.lines.length && this.isBlankOrComment(this.lines[first]!)) first++;
    let last = this.lines.length - 1;
    while (last >= first && this.isBlankOrComment(this.lines[last]!)) last--;
    if (last < first) return { contents: null };
    // Trailing comments or blank lines after the content: decline unless plain newlines at the very end.
    for (let i = last + 1; i < this.lines.length; i++) if (this.lines[i]!.content !== this.lines[i]!.end || i < this.lines.length - 1) throw DECLINE;
    for (let i = first; i <= last; i++) if (this.isBlankOrComment(this.lines[i]!)) throw DECLINE;
    this.lines.length = last + 1;
    const root = this.lines[first]!;
    if (root.content !== root.start) throw DECLINE;
    const c = t.charCodeAt(root.content);
    if (c === 45 /* - */ || c === 46 /* . */ || c === 37 /* % */) throw DECLINE; // root sequences, `...`, directives
    const parsed = this.blockMap(first, root.content);
    if (parsed.line !== this.lines.length) throw DECLINE;
    return { contents: parsed.node };
  }

  private isBlankOrComment(l: Line): boolean {
    return l.content === l.end || this.text.charCodeAt(l.content) === 35;
  }

  private indentOf(i: number): number {
    const l = this.lines[i]!;
    return l.content - l.start;
  }

  /** A block map whose keys start at column `col`; its first key is on line `i` at offset `at`. */
  private blockMap(i: number, at: number): Parsed {
    const t = this.text;
    const map = new YAMLMap();
    const col = at - this.lines[i]!.start;
    let keyAt = at;
    let end2 = at;
    for (;;) {
      const line = this.lines[i]!;
      // Key.
      let keyNode: YamlScalar;
      let afterKey: number;
      const k0 = t.charCodeAt(keyAt);
      if (k0 === 34 || k0 === 39) {
        const q = this.quoted(keyAt, line.end);
        keyNode = q.node;
        afterKey = q.end;
        if (t.charCodeAt(afterKey) !== 58) throw DECLINE;
      } else {
        if (BAD_START.has(t[keyAt]!) || (k0 === 45 && t.charCodeAt(keyAt + 1) === 32)) throw DECLINE;
        let colon = keyAt;
        for (;;) {
          colon = t.indexOf(':', colon);
          if (colon < 0 || colon >= line.end) throw DECLINE;
          const after = t.charCodeAt(colon + 1);
          if (colon + 1 === line.end || after === 32) break;
          colon++;
        }
        let keyEnd = colon;
        while (keyEnd > keyAt && t.charCodeAt(keyEnd - 1) === 32) keyEnd--;
        const keyText = t.slice(keyAt, keyEnd);
        if (keyText === '<<' || keyText.includes(' #')) throw DECLINE;
        keyNode = this.plain(keyText, keyAt, keyEnd, keyEnd);
        afterKey = colon;
      }
      // `:` then the value.
      let v = afterKey + 1;
      while (v < line.end && t.charCodeAt(v) === 32) v++;
      let value: Parsed;
      if (v === line.end || t.charCodeAt(v) === 35) {
        if (v < line.end) throw DECLINE; // `key: # comment` then a nested node: leave to yaml
        value = this.nestedOrEmpty(i, col, v, true);
      } else {
        value = this.inlineValue(i, v, col);
      }
      map.items.push(new YamlPair(keyNode, value.node) as never);
      end2 = value.end2;
      i = value.line;
      if (i >= this.lines.length) break;
      const ind = this.indentOf(i);
      if (ind < col) break;
      if (ind > col) throw DECLINE;
      keyAt = this.lines[i]!.content;
      const c = t.charCodeAt(keyAt);
      if (c === 45 && (keyAt + 1 === this.lines[i]!.end || t.charCodeAt(keyAt + 1) === 32)) break; // a sequence at the map's column ends it (parent decides)
    }
    (map as unknown as { range: Range }).range = [at, end2, end2];
    return { node: map, end2, line: i };
  }

  /** A block sequence whose dashes are at column `col`, first dash on line `i`. */
  private blockSeq(i: number, col: number): Parsed {
    const t = this.text;
    const seq = new YAMLSeq();
    const start = this.lines[i]!.content;
    let end2 = start;
    for (;;) {
      const line = this.lines[i]!;
      const dash = line.content;
      let v = dash + 1;
      while (v < line.end && t.charCodeAt(v) === 32) v++;
      let value: Parsed;
      if (v === line.end || t.charCodeAt(v) === 35) {
        if (v < line.end) throw DECLINE;
        value = this.nestedOrEmpty(i, col, v, false);
      } else {
        value = this.inlineValue(i, v, col);
      }
      seq.items.push(value.node as never);
      end2 = value.end2;
      i = value.line;
      if (i >= this.lines.length) break;
      const ind = this.indentOf(i);
      if (ind < col) break;
      if (ind > col) throw DECLINE;
      const c = this.lines[i]!.content;
      if (!(t.charCodeAt(c) === 45 && (c + 1 === this.lines[i]!.end || t.charCodeAt(c + 1) === 32))) break;
    }
    (seq as unknown as { range: Range }).range = [start, end2, end2];
    return { node: seq, end2, line: i };
  }

  /** Nothing after `key:` / `-` on line `i`: a nested block node on the next lines, or null. */
  private nestedOrEmpty(i: number, col: number, at: number, inMap: boolean): Parsed {
    const t = this.text;
    const next = i + 1;
    if (next < this.lines.length) {
      const ind = this.indentOf(next);
      const c = this.lines[next]!.content;
      const isDash = t.charCodeAt(c) === 45 && (c + 1 === this.lines[next]!.end || t.charCodeAt(c + 1) === 32);
      if (ind > col || (inMap && ind === col && isDash)) {
        if (isDash) return this.blockSeq(next, ind);
        if (t.charCodeAt(c) === 45 || t.charCodeAt(c) === 46) throw DECLINE;
        return this.blockMap(next, c);
      }
    }
    const s = new YamlScalar(null);
    (s as unknown as { range: Range }).range = [at, at, at];
    s.type = 'PLAIN';
    return { node: s, end2: at, line: next };
  }

  /** A value that starts on line `i` at offset `v` (after `key: ` or `- `); `col` is the parent's column. */
  private inlineValue(i: number, v: number, col: number): Parsed {
    const t = this.text;
    const line = this.lines[i]!;
    const c = t[v]!;
    if (c === '|' || c === '>') return this.blockScalar(i, v, col);
    if (c === '[' || c === '{') {
      const f = this.flow(v, line.end);
      this.checkLineEnd(f.end, line);
      this.noContinuation(i, col);
      return { node: f.node, end2: line.next, line: i + 1 };
    }
    if (c === '"' || c === "'") {
      const q = this.quoted(v, line.end);
      this.checkLineEnd(q.end, line);
      this.noContinuation(i, col);
      return { node: q.node, end2: line.next, line: i + 1 };
    }
    if (c === '-' && (v + 1 === line.end || t.charCodeAt(v + 1) === 32)) throw DECLINE; // `- - x`
    // A map starting on this line (`- key: value`), or a plain scalar.
    // A comment (` #`) ends the value: looked for on this line only (an unbounded indexOf would
    // scan the rest of the file for every scalar of a file without comments).
    let end = line.end;
    for (let p = v + 1; p < line.end; p++) {
      if (t.charCodeAt(p) === 35 /* # */ && t.charCodeAt(p - 1) === 32) {
        end = p - 1;
        break;
      }
    }
    while (end > v && t.charCodeAt(end - 1) === 32) end--;
    const raw = t.slice(v, end);
    const colon = raw.search(/:(?: |$)/);
    if (colon >= 0) {
      // Only directly inside a sequence item (`- key: value`); `key: a: b` is an error.
      if (t.charCodeAt(this.prevNonSpace(v)) !== 45) throw DECLINE;
      return this.blockMap(i, v);
    }
    if (BAD_START.has(c)) throw DECLINE;
    this.noContinuation(i, col);
    return { node: this.plain(raw, v, end, line.next), end2: line.next, line: i + 1 };
  }

  private prevNonSpace(at: number): number {
    let p = at - 1;
    while (p >= 0 && this.text.charCodeAt(p) === 32) p--;
    return p;
  }

  /** The next line must not continue the scalar (a more-indented line would). */
  private noContinuation(i: number, col: number): void {
    if (i + 1 < this.lines.length && this.indentOf(i + 1) > col) {
      // A more-indented line after a complete value: a multi-line scalar or an error.
      throw DECLINE;
    }
  }

  private checkLineEnd(after: number, line: Line): void {
    let p = after;
    while (p < line.end && this.text.charCodeAt(p) === 32) p++;
    if (p < line.end && !(this.text.charCodeAt(p) === 35 && p > after)) throw DECLINE;
  }

  private plain(raw: string, start: number, end: number, end2: number): YamlScalar {
    const s = new YamlScalar(resolvePlain(raw));
    (s as unknown as { range: Range }).range = [start, end, end2];
    s.type = 'PLAIN';
    return s;
  }

  private quoted(at: number, lineEnd: number): { node: YamlScalar; end: number } {
    const t = this.text;
    const q = t[at]!;
    let p = at + 1;
    let value = '';
    for (;;) {
      const close = t.indexOf(q, p);
      if (close < 0 || close >= lineEnd) throw DECLINE;
      const part = t.slice(p, close);
      if (q === '"' && part.includes('\\')) throw DECLINE;
      value += part;
      if (q === "'" && t[close + 1] === "'") {
        value += "'";
        p = close + 2;
        continue;
      }
      p = close + 1;
      break;
    }
    const s = new YamlScalar(value);
    (s as unknown as { range: Range }).range = [at, p, p];
    s.type = q === '"' ? 'QUOTE_DOUBLE' : 'QUOTE_SINGLE';
    return { node: s, end: p };
  }

  /** A one-line flow collection of scalars: `[a, "b", 1]`, `{k: v}`, `[]`, `{}`. */
  private flow(at: number, lineEnd: number): { node: unknown; end: number } {
    const t = this.text;
    const isSeq = t[at] === '[';
    const close = isSeq ? ']' : '}';
    const coll = isSeq ? new YAMLSeq() : new YAMLMap();
    (coll as unknown as { flow: boolean }).flow = true;
    let p = at + 1;
    const skip = () => {
      while (p < lineEnd && t.charCodeAt(p) === 32) p++;
    };
    const item = (stops: string): YamlScalar => {
      skip();
      const c = t[p]!;
      if (c === '"' || c === "'") {
        const q = this.quoted(p, lineEnd);
        p = q.end;
        (q.node as unknown as { range: Range }).range = [q.node.range![0], q.end, q.end];
        return q.node;
      }
      if (BAD_START.has(c) || c === ':' || c === '-' && t[p + 1] === ' ') throw DECLINE;
      const s = p;
      while (p < lineEnd && !stops.includes(t[p]!)) p++;
      let e = p;
      while (e > s && t.charCodeAt(e - 1) === 32) e--;
      const raw = t.slice(s, e);
      if (raw === '' || /[[\]{}:#]/.test(raw)) throw DECLINE;
      return this.plain(raw, s, e, e);
    };
    skip();
    if (t[p] === close) {
      p++;
    } else {
      for (;;) {
        if (isSeq) {
          (coll as YAMLSeq).items.push(item(',]') as never);
        } else {
          const k = item(':,}');
          if (t[p] !== ':') throw DECLINE;
          p++;
          if (t[p] !== ' ') throw DECLINE;
          const v = item(',}');
          (coll as YAMLMap).items.push(new YamlPair(k, v) as never);
        }
        skip();
        if (t[p] === ',') {
          p++;
          skip();
          if (t[p] === close) throw DECLINE; // trailing comma: leave to yaml
          continue;
        }
        if (t[p] === close) {
          p++;
          break;
        }
        throw DECLINE;
      }
    }
    (coll as unknown as { range: Range }).range = [at, p, p];
    return { node: coll, end: p };
  }

  /** `|` or `>` with optional `-` chomping (no `+`, no explicit indentation); the value is computed when read. */
  private blockScalar(i: number, v: number, col: number): Parsed {
    const t = this.text;
    const line = this.lines[i]!;
    let h = v + 1;
    if (t[h] === '-') h++;
    this.checkLineEnd(h, line);
    let j = i + 1;
    if (j >= this.lines.length) throw DECLINE;
    const contentIndent = this.indentOf(j);
    if (contentIndent <= col) throw DECLINE; // empty block scalar: leave to yaml
    while (j < this.lines.length) {
      const l = this.lines[j]!;
      if (l.content === l.end) throw DECLINE; // blank lines inside: leave to yaml
      const ind = l.content - l.start;
      if (ind < contentIndent) {
        if (ind > col) throw DECLINE;
        break;
      }
      j++;
    }
    const end = this.lines[j - 1]!.next;
    const header = t.slice(v, this.lines[i]!.end);
    const body = t.slice(this.lines[i + 1]!.start, end);
    const s = new YamlScalar(null);
    let cached: unknown;
    let done = false;
    Object.defineProperty(s, 'value', {
      enumerable: true,
      configurable: true,
      get() {
        if (!done) {
          const doc = parseDocument(`k: ${header}\n${body}`) as unknown as { contents: { items: { value: { value: unknown } }[] } };
          cached = doc.contents.items[0]!.value.value;
          done = true;
        }
        return cached;
      },
    });
    (s as unknown as { range: Range }).range = [v, end, end];
    s.type = t[v] === '|' ? 'BLOCK_LITERAL' : 'BLOCK_FOLDED';
    return { node: s, end2: end, line: j };
  }
}

function resolvePlain(raw: string): unknown {
  if (NULL.test(raw)) return null;
  if (TRUE.test(raw)) return true;
  if (FALSE.test(raw)) return false;
  if (INT.test(raw)) {
    const n = Number(raw);
    if (raw.length > 15 || Object.is(n, -0)) throw DECLINE;
    return n;
  }
  if (NUMBERISH.test(raw)) {
    // Floats, hex, octal, .inf, .nan and numbers with odd tails: leave to yaml unless clearly a string.
    if (/^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/.test(raw) || /^0[ox]/.test(raw) || /^[-+]?\.(?:inf|Inf|INF)$|^\.(?:nan|NaN|NAN)$/.test(raw)) throw DECLINE;
  }
  return raw;
}
