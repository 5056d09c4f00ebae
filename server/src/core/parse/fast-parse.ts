/**
 * A fast path for indexing: reads the plain block-YAML subset that generated and hand-written
 * manifests use (block maps and sequences, plain and simply quoted scalars, `|`/`>` block
 * scalars, one-line flow collections of scalars) straight into `yaml` nodes with the same
 * ranges the `yaml` composer gives them, so `extractObjects` builds the same model (spans
 * included) at a fraction of the cost. Comment and blank lines between nodes are read with
 * `yaml`'s attribution where it moves a node's range (`comment lines` below); the fast path
 * DECLINES (answers `undefined`) on anything outside that subset — anchors, aliases, tags, merge
 * keys, directives, tabs, multi-line plain or quoted scalars, floats, escapes, explicit keys, odd
 * indentation, comments after `key:` or `-` with no value, blank lines in or after block
 * scalars — and the caller parses the document with `yaml`, which stays the single source of
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
  /** Index of the first content line (not blank, not a comment) after the node. */
  line: number;
  /**
   * Index of the first of the comment and blank lines before `line` that the node did not take
   * (`rest === line` when it took them all): `yaml`'s parser hands them to the enclosing
   * collection, as the start of its next item or, when it ends there, to its own parent.
   */
  rest: number;
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
    // Leading comments and blank lines precede the root; those inside and after the content are
    // attributed as `yaml` does (see `closeCollection` and `afterFlowValue`).
    first = this.nextContent(first);
    if (first >= this.lines.length) return { contents: null };
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

  private isComment(l: Line): boolean {
    return l.content < l.end && this.text.charCodeAt(l.content) === 35;
  }

  /** The first content line at or after line `i` (`lines.length` when there is none). */
  private nextContent(i: number): number {
    while (i < this.lines.length && this.isBlankOrComment(this.lines[i]!)) i++;
    return i;
  }

  /*
   * Comment lines. `yaml`'s parser (parse/parser.ts) gives the comment and blank lines between
   * two nodes to the innermost open collection, and they move a range in exactly two cases:
   *  1. right after a scalar or flow collection (whose CST token has an `end`), each comment line
   *     indented deeper than that collection — with the blank lines before it, until a comment
   *     that is not — is appended to the value's `end`: the value's range[2] (so the collection's
   *     range[1] when the value is its last) runs to the end of that comment line
   *     (`afterFlowValue`, `atIndentedComment` in yaml);
   *  2. when the collection ends there, the rest stay with it if one of the comments is at least
   *     as indented as the collection (and the collection is not at column 0): its range[2] then
   *     runs to the next content character (the comment tokens plus the next line's indentation),
   *     else they move to the parent, which applies the same test when it ends too
   *     (`closeCollection`, `pop` in yaml). Anything else is a comment before a key: no range.
   */

  /** A scalar or flow collection ending line `i`, inside a collection at column `col`: the comment lines it takes (case 1). */
  private afterFlowValue(i: number, col: number): { end2: number; line: number; rest: number } {
    const line = this.lines[i]!;
    const next = this.nextContent(i + 1);
    let end2 = line.next;
    let rest = i + 1;
    for (let k = i + 1; k < next; k++) {
      const l = this.lines[k]!;
      if (!this.isComment(l)) continue;
      if (l.content - l.start <= col) break;
      end2 = l.next;
      rest = k + 1;
    }
    return { end2, line: next, rest };
  }

  /** A collection at column `col` ends before content line `next`; `rest` is the first comment/blank line it has not attributed (case 2). */
  private closeCollection(node: unknown, at: number, end1: number, col: number, next: number, rest: number): Parsed {
    let end2 = end1;
    let r = rest;
    if (col > 0) {
      for (let k = rest; k < next; k++) {
        const l = this.lines[k]!;
        if (this.isComment(l) && l.content - l.start >= col) {
          end2 = next < this.lines.length ? this.lines[next]!.content : this.text.length;
          r = next;
          break;
        }
      }
    }
    (node as { range: Range }).range = [at, end1, end2];
    return { node, end2, line: next, rest: r };
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
    let rest = i;
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
      rest = value.rest;
      if (i >= this.lines.length) break;
      const ind = this.indentOf(i);
      if (ind < col) break;
      if (ind > col) throw DECLINE;
      keyAt = this.lines[i]!.content;
      const c = t.charCodeAt(keyAt);
      if (c === 45 && (keyAt + 1 === this.lines[i]!.end || t.charCodeAt(keyAt + 1) === 32)) break; // a sequence at the map's column ends it (parent decides)
    }
    return this.closeCollection(map, at, end2, col, i, rest);
  }

  /** A block sequence whose dashes are at column `col`, first dash on line `i`. */
  private blockSeq(i: number, col: number): Parsed {
    const t = this.text;
    const seq = new YAMLSeq();
    const start = this.lines[i]!.content;
    let end2 = start;
    let rest = i;
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
      rest = value.rest;
      if (i >= this.lines.length) break;
      const ind = this.indentOf(i);
      if (ind < col) break;
      if (ind > col) throw DECLINE;
      const c = this.lines[i]!.content;
      if (!(t.charCodeAt(c) === 45 && (c + 1 === this.lines[i]!.end || t.charCodeAt(c + 1) === 32))) break;
    }
    return this.closeCollection(seq, start, end2, col, i, rest);
  }

  /** Nothing after `key:` / `-` on line `i`: a nested block node on the next lines, or null. */
  private nestedOrEmpty(i: number, col: number, at: number, inMap: boolean): Parsed {
    const t = this.text;
    // Comment and blank lines between `key:` and a nested node are that node's (no range moves).
    const next = this.nextContent(i + 1);
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
    // An empty value followed by comment lines: `yaml` extends its range over some of them.
    if (next !== i + 1) throw DECLINE;
    const s = new YamlScalar(null);
    (s as unknown as { range: Range }).range = [at, at, at];
    s.type = 'PLAIN';
    return { node: s, end2: at, line: next, rest: next };
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
      return { node: f.node, ...this.afterFlowValue(i, col) };
    }
    if (c === '"' || c === "'") {
      const q = this.quoted(v, line.end);
      this.checkLineEnd(q.end, line);
      this.noContinuation(i, col);
      const after = this.afterFlowValue(i, col);
      (q.node as unknown as { range: Range }).range[2] = after.end2;
      return { node: q.node, ...after };
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
    const after = this.afterFlowValue(i, col);
    return { node: this.plain(raw, v, end, after.end2), ...after };
  }

  private prevNonSpace(at: number): number {
    let p = at - 1;
    while (p >= 0 && this.text.charCodeAt(p) === 32) p--;
    return p;
  }

  /** The next content line must not continue the scalar (a more-indented line would). */
  private noContinuation(i: number, col: number): void {
    const next = this.nextContent(i + 1);
    if (next < this.lines.length && this.indentOf(next) > col) {
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
    // A block scalar takes no comment line (its token has no `end`): they all go to the collection.
    return { node: s, end2: end, line: this.nextContent(j), rest: j };
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
