/**
 * A fast path for indexing: reads the YAML subset that generated and hand-written manifests use
 * (block maps and sequences; plain, quoted and double-quoted scalars, on one line or folded over
 * several in their simple forms; `|`/`>` block scalars, tabs inside their lines too; flow
 * collections, over lines too, with trailing commas and comments, a flow map as the root (JSON);
 * floats; anchors on map values and aliases as map values; a `...` end marker) into light nodes
 * (`FastScalar`, `FastMap`, `FastSeq`, `FastPair` below: the value, style and range `NodeReader`
 * reads of a `yaml` node, nothing else) with the same ranges the `yaml` composer gives its nodes,
 * so `extractObjects` builds the same model (spans included) at a fraction of the cost. Comment
 * and blank lines between nodes are read with `yaml`'s attribution where it moves a node's range
 * (`comment lines` below), and a comment after `key:` before a nested block map or sequence (it
 * moves none). A multi-line plain or single-quoted scalar is read only when `yaml` folds it into
 * one line: no blank or comment line inside, continuation lines deeper than the collection, none
 * that starts with an indicator (or `#` in a quoted one) or, in a plain one, holds `: ` or ` #`
 * (`plainContinuation`, `multiLineSingleQuoted`; double-quoted ones: `doubleQuoted`). The fast
 * path DECLINES (answers `undefined`, `lastDeclineReason` says why) on anything outside that subset
 * — tags, merge keys, directives, anchors and aliases elsewhere, tabs outside block scalar lines, a
 * CR outside a CRLF line break, the folds above it does not read, hex, octal, inf and nan, escapes
 * `yaml` does not know, explicit keys, odd indentation, a comment after `-` with no value or after
 * `key:` with no nested block node, a blank first line in a block scalar or one more indented than
 * its content, `|+` and indentation indicators — and the caller parses the document with `yaml`,
 * which stays the single source of truth (edits, code actions and open files always use it).
 * test/unit/fast-parse.test.ts checks that the trees agree node by node and that the models are
 * equal, over the examples, the corpus and generated input; scripts/fast-path-declines.ts counts
 * what a tree of files leaves to `yaml`, per reason.
 */
class Decline extends Error {}
const DECLINE = new Decline();
/** Why the last declined parse declined (for `scripts/fast-path-declines.ts`; one string per decline, nothing on the accepted path). */
let declineReason: string | undefined;

function decline(why: string): Decline {
  declineReason = why;
  return DECLINE;
}

/** The reason of the last `fastParseDocument` that answered `undefined`: a short name of the form it does not read. */
export function lastDeclineReason(): string | undefined {
  return declineReason;
}

/** The styles `yaml` names a scalar's source with (`Scalar.type`); `NodeReader` reads quoted-ness and text runs from them. */
export type FastScalarType = 'PLAIN' | 'QUOTE_DOUBLE' | 'QUOTE_SINGLE' | 'BLOCK_LITERAL' | 'BLOCK_FOLDED';

/*
 * The nodes set their fields in their constructors, and the class bodies only `declare` them:
 * a class field (`x;`, `x = []`) is defined on each new object after `super()` returns, which
 * measured as the most expensive line of the fast path.
 */

/** A node of the fast path's tree: `start`/`end` are `yaml`'s `range[0]`/`range[1]` (offsets in the document). */
export abstract class FastNode {
  declare start: number;
  declare end: number;
}

export class FastScalar extends FastNode {
  private declare resolved: unknown;
  declare readonly type: FastScalarType;
  /**
   * A block scalar's body (its lines after the header, through the last one that is not blank),
   * read into its value when first read (`resolved` then holds the content indentation times 2,
   * plus 1 for `-` chomping).
   */
  private declare block: string | undefined;

  constructor(resolved: unknown, start: number, end: number, type: FastScalarType, block?: string) {
    super();
    this.start = start;
    this.end = end;
    this.resolved = resolved;
    this.type = type;
    this.block = block;
  }

  get value(): unknown {
    if (this.block !== undefined) {
      const header = this.resolved as number;
      this.resolved = blockValue(this.block, header >> 1, (header & 1) === 1, this.type === 'BLOCK_FOLDED');
      this.block = undefined;
    }
    return this.resolved;
  }
}

/**
 * The value of a block scalar the fast path read, as `yaml`'s `resolveBlockScalar` computes it
 * (compose/resolve-block-scalar.js) for that form: the body's lines (no leading blank line, blank
 * lines of at most `indent` spaces, tabs only past the indentation), each without its first
 * `indent` spaces; literal joins them with `\n`, folded folds them (a line break between two
 * lines of text read as a space, kept beside a more-indented line or one starting with a tab, a
 * blank line as `\n`); then one `\n`, or none when `strip`.
 */
function blockValue(body: string, indent: number, strip: boolean, folded: boolean): string {
  const lines = body.split('\n');
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  let value = '';
  if (!folded) {
    for (let k = 0; k < lines.length; k++) {
      let line = lines[k]!;
      if (line.charCodeAt(line.length - 1) === 13) line = line.slice(0, -1);
      value += (k === 0 ? '' : '\n') + line.slice(indent);
    }
  } else {
    let sep = '';
    let prevMoreIndented = false;
    for (let line of lines) {
      if (line.charCodeAt(line.length - 1) === 13) line = line.slice(0, -1);
      let n = 0;
      while (n < line.length && line.charCodeAt(n) === 32) n++;
      if (n > indent || line.charCodeAt(n) === 9) {
        if (sep === ' ') sep = '\n';
        else if (!prevMoreIndented && sep === '\n') sep = '\n\n';
        value += sep + line.slice(indent);
        sep = '\n';
        prevMoreIndented = true;
      } else if (n === line.length) {
        if (sep === '\n') value += '\n';
        else sep = '\n';
      } else {
        value += sep + line.slice(n);
        sep = ' ';
        prevMoreIndented = false;
      }
    }
  }
  return strip ? value : value + '\n';
}

export class FastPair {
  declare readonly key: FastScalar;
  declare readonly value: FastNode;

  constructor(key: FastScalar, value: FastNode) {
    this.key = key;
    this.value = value;
  }
}

/** A block or flow mapping; its range is set when it is complete. */
export class FastMap extends FastNode {
  declare readonly items: FastPair[];

  constructor() {
    super();
    this.start = 0;
    this.end = 0;
    this.items = [];
  }
}

export class FastSeq extends FastNode {
  declare readonly items: FastNode[];

  constructor() {
    super();
    this.start = 0;
    this.end = 0;
    this.items = [];
  }
}

const INT = /^[-+]?[0-9]+$/;
const NUMBERISH = /^[-+]?(?:\.[0-9]|[0-9]|\.inf|\.Inf|\.INF|\.nan|\.NaN|\.NAN)|^0[ox]/;
/** `yaml`'s core `float` and `floatExp` tests together (an integer matched `INT` before). */
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;
/** Characters that may not start a plain scalar here (or that we leave to `yaml`), by char code. */
const BAD_START = new Uint8Array(128);
for (const c of '&*!|>%@`?,]}#{["\'') BAD_START[c.charCodeAt(0)] = 1;
const badStart = (c: number): boolean => c < 128 && BAD_START[c] === 1;
/** The one-character escapes of a double-quoted scalar, as `yaml` reads them (its `escapeCodes`, but for `\<tab>`: tabs are left to `yaml`). */
const ESCAPES = new Map([
  ['0', '\0'],
  ['a', '\x07'],
  ['b', '\b'],
  ['e', '\x1b'],
  ['f', '\f'],
  ['n', '\n'],
  ['r', '\r'],
  ['t', '\t'],
  ['v', '\v'],
  ['N', '\u0085'],
  ['_', '\u00a0'],
  ['L', '\u2028'],
  ['P', '\u2029'],
  [' ', ' '],
  ['"', '"'],
  ['/', '/'],
  ['\\', '\\'],
]);
const HEX = /^[0-9a-fA-F]+$/;

/** Parses one document chunk; `undefined` when the chunk is outside the fast subset. */
export function fastParseDocument(text: string): { contents: FastNode | null } | undefined {
  try {
    return new FastParser(text).document();
  } catch (e) {
    // A decline, or anything unforeseen (a stack overflow on absurd nesting): `yaml` decides.
    if (e !== DECLINE) declineReason = 'unforeseen error';
    return undefined;
  }
}

const SPACE = 32;
const HASH = 35;
const DASH = 45;
const COLON = 58;

/**
 * Per line, four numbers: the offset of its start, of its first non-space character, of its end
 * (before `\n` or `\r\n`), and after its line break (or the text end). One table for every parse
 * (a parse runs to its end before the next one starts, and nothing reads the table after it),
 * grown as needed: no line table to allocate and collect per document.
 */
let lineTable = new Int32Array(4 * 1024);

class FastParser {
  private lines = lineTable;
  private count = 0;
  /*
   * What the last node read leaves for its parent (instead of a result object per node):
   *  - `end2`: the node's `range[2]`, where the parent's value (and so the parent's range[1]) ends;
   *  - `line`: the index of the first content line (not blank, not a comment) after the node;
   *  - `rest`: the index of the first of the comment and blank lines before `line` that the node
   *    did not take (`rest === line` when it took them all): `yaml`'s parser hands them to the
   *    enclosing collection, as the start of its next item or, when it ends there, to its own parent.
   */
  private end2 = 0;
  private line = 0;
  private rest = 0;
  /**
   * Tabs in the text, and those read inside block scalar bodies (the only place a tab is accepted);
   * `nextTab` is the offset of the first tab not yet passed (block scalars are read in text order).
   */
  private tabs = 0;
  private tabsInBlocks = 0;
  private nextTab = -1;

  constructor(private readonly text: string) {}

  private start(i: number): number {
    return this.lines[4 * i]!;
  }

  private content(i: number): number {
    return this.lines[4 * i + 1]!;
  }

  private end(i: number): number {
    return this.lines[4 * i + 2]!;
  }

  /** Offset after line `i`'s line break (or the text end). */
  private next(i: number): number {
    return this.lines[4 * i + 3]!;
  }

  private indentOf(i: number): number {
    return this.lines[4 * i + 1]! - this.lines[4 * i]!;
  }

  document(): { contents: FastNode | null } {
    const t = this.text;
    // A tab is accepted only past the content indentation of a block scalar's line (`blockScalar`
    // counts those); any other tab (indentation, separation, a plain or quoted scalar) is left to `yaml`.
    this.nextTab = t.indexOf('\t');
    for (let p = this.nextTab; p >= 0; p = t.indexOf('\t', p + 1)) this.tabs++;
    // Windows line breaks: a line ends before its `\r\n`; any other CR is left to `yaml`.
    const crlf = t.includes('\r');
    let pos = 0;
    const n = t.length;
    let lines = this.lines;
    let k = 0;
    while (pos < n) {
      let nl = t.indexOf('\n', pos);
      if (nl < 0) nl = n;
      let e = nl;
      if (crlf) {
        if (nl < n && t.charCodeAt(nl - 1) === 13) e--;
        const cr = t.indexOf('\r', pos);
        if (cr >= pos && cr < e) throw decline('lone CR');
        if (nl === n && t.charCodeAt(n - 1) === 13) throw decline('lone CR');
      }
      let c = pos;
      while (c < e && t.charCodeAt(c) === SPACE) c++;
      if (k + 4 > lines.length) {
        const grown = new Int32Array(2 * lines.length);
        grown.set(lines);
        lineTable = this.lines = lines = grown;
      }
      lines[k] = pos;
      lines[k + 1] = c;
      lines[k + 2] = e;
      lines[k + 3] = nl < n ? nl + 1 : n;
      k += 4;
      pos = nl + 1;
    }
    this.count = k / 4;
    this.docEnd = n;
    // A document end marker (`...` at column 0): the document's lines end before it, and only
    // comment and blank lines may follow it (anything else is another document: left to `yaml`).
    const marker = t.startsWith('...') ? 0 : t.indexOf('\n...') + 1;
    if (marker > 0 || t.startsWith('...')) {
      const c3 = t.charCodeAt(marker + 3);
      if (marker + 3 < n && c3 !== SPACE && c3 !== 10 && c3 !== 13) throw decline('root sequence, ... or directive');
      let l = 0;
      while (this.start(l) !== marker) l++;
      const after = this.content(l) + 3;
      this.checkLineEnd(after, this.end(l));
      if (this.nextContent(l + 1) !== this.count) throw decline('content after the document end marker');
      this.count = l;
      this.docEnd = marker;
    }
    let first = 0;
    if (this.count > 0 && t.startsWith('---')) {
      const rest = t.slice(3, this.end(0)).trim();
      if (rest !== '' && !rest.startsWith('#')) throw decline('content after ---');
      first = 1;
    }
    // Leading comments and blank lines precede the root; those inside and after the content are
    // attributed as `yaml` does (see `closeCollection` and `afterValue`).
    first = this.nextContent(first);
    if (first >= this.count) return { contents: null };
    if (this.content(first) !== this.start(first)) throw decline('indented root');
    const c = t.charCodeAt(this.content(first));
    if (c === DASH || c === 46 /* . */ || c === 37 /* % */) throw decline('root sequence, ... or directive');
    if (c === 123) {
      // A flow map as the root (JSON, `{` … `}` over lines): only comment and blank lines after it.
      const f = this.flow(first, this.content(first), -1);
      this.checkLineEnd(f.end, this.end(this.flowLine));
      if (this.nextContent(this.flowLine + 1) !== this.count || this.tabsInBlocks !== this.tabs) throw decline('trailing content or tab');
      return { contents: f };
    } // root sequences, `...`, directives
    const root = this.blockMap(first, this.content(first));
    if (this.line !== this.count || this.tabsInBlocks !== this.tabs) throw decline('trailing content or tab');
    return { contents: root };
  }

  private isBlankOrComment(i: number): boolean {
    const c = this.content(i);
    return c === this.end(i) || this.text.charCodeAt(c) === HASH;
  }

  private isComment(i: number): boolean {
    const c = this.content(i);
    return c < this.end(i) && this.text.charCodeAt(c) === HASH;
  }

  /** The first content line at or after line `i` (`count` when there is none). */
  private nextContent(i: number): number {
    while (i < this.count && this.isBlankOrComment(i)) i++;
    return i;
  }

  /** Line `i`'s content starts with a sequence indicator (`-` then a space or the line end). */
  private isDash(i: number): boolean {
    const c = this.content(i);
    return this.text.charCodeAt(c) === DASH && (c + 1 === this.end(i) || this.text.charCodeAt(c + 1) === SPACE);
  }

  /*
   * Comment lines. `yaml`'s parser (parse/parser.ts) gives the comment and blank lines between
   * two nodes to the innermost open collection, and they move a range in exactly two cases:
   *  1. right after a scalar or flow collection (whose CST token has an `end`), each comment line
   *     indented deeper than that collection — with the blank lines before it, until a comment
   *     that is not — is appended to the value's `end`: the value's range[2] (so the collection's
   *     range[1] when the value is its last) runs to the end of that comment line
   *     (`afterValue`, `atIndentedComment` in yaml);
   *  2. when the collection ends there, the rest stay with it if one of the comments is at least
   *     as indented as the collection (and the collection is not at column 0): its range[2] then
   *     runs to the next content character (the comment tokens plus the next line's indentation),
   *     else they move to the parent, which applies the same test when it ends too
   *     (`closeCollection`, `pop` in yaml). Anything else is a comment before a key: no range.
   * A block scalar takes no comment line (its token has no `end`): they all go to the collection.
   */

  /**
   * A scalar or flow collection ending line `i`, inside a collection at column `col`: the next
   * content line must not continue it (a more-indented line would be a multi-line scalar or an
   * error), and it takes the comment lines of case 1.
   */
  private afterValue(i: number, col: number): void {
    const next = this.nextContent(i + 1);
    if (next < this.count && this.indentOf(next) > col) throw decline('deeper line after a value');
    let end2 = this.next(i);
    let rest = i + 1;
    for (let k = i + 1; k < next; k++) {
      if (!this.isComment(k)) continue;
      if (this.indentOf(k) <= col) break;
      end2 = this.next(k);
      rest = k + 1;
    }
    this.end2 = end2;
    this.line = next;
    this.rest = rest;
  }

  /** A collection at column `col` ends before content line `next`; `rest` is the first comment/blank line it has not attributed (case 2). */
  private closeCollection<T extends FastMap | FastSeq>(node: T, at: number, end1: number, col: number, next: number, rest: number): T {
    let end2 = end1;
    let r = rest;
    if (col > 0) {
      for (let k = rest; k < next; k++) {
        if (this.isComment(k) && this.indentOf(k) >= col) {
          end2 = next < this.count ? this.content(next) : this.docEnd;
          r = next;
          break;
        }
      }
    }
    node.start = at;
    node.end = end1;
    this.end2 = end2;
    this.line = next;
    this.rest = r;
    return node;
  }

  /** A block map whose keys start at column `col`; its first key is on line `i` at offset `at`. */
  private blockMap(i: number, at: number): FastMap {
    const t = this.text;
    const map = new FastMap();
    const col = at - this.start(i);
    let keyAt = at;
    let end2 = at;
    let rest = i;
    for (;;) {
      const lineEnd = this.end(i);
      // Key.
      let keyNode: FastScalar;
      let afterKey: number;
      const k0 = t.charCodeAt(keyAt);
      if (k0 === 34 || k0 === 39) {
        keyNode = this.quoted(keyAt, lineEnd);
        afterKey = keyNode.end;
        if (t.charCodeAt(afterKey) !== COLON) throw decline('quoted key without colon');
      } else {
        if (badStart(k0) || (k0 === DASH && t.charCodeAt(keyAt + 1) === SPACE)) throw decline('key starting with an indicator');
        let colon = keyAt;
        for (;;) {
          colon = t.indexOf(':', colon);
          if (colon < 0 || colon >= lineEnd) throw decline('line without key colon');
          if (colon + 1 === lineEnd || t.charCodeAt(colon + 1) === SPACE) break;
          colon++;
        }
        let keyEnd = colon;
        while (keyEnd > keyAt && t.charCodeAt(keyEnd - 1) === SPACE) keyEnd--;
        const keyText = t.slice(keyAt, keyEnd);
        if (keyText === '<<' || keyText.includes(' #')) throw decline('merge key or comment in key');
        keyNode = this.plain(keyText, keyAt, keyEnd);
        afterKey = colon;
      }
      // `:` then the value.
      let v = afterKey + 1;
      while (v < lineEnd && t.charCodeAt(v) === SPACE) v++;
      let value: FastNode;
      const v0 = t.charCodeAt(v);
      if (v === lineEnd || v0 === HASH) {
        // `key: # comment` then a nested block map or sequence: the comment moves no range.
        value = this.nestedOrEmpty(i, col, v, true, v < lineEnd);
      } else if (v0 === 38 /* & */) {
        value = this.anchored(i, v, col);
      } else if (v0 === 42 /* * */) {
        value = this.alias(i, v, col);
      } else {
        value = this.inlineValue(i, v, col);
      }
      map.items.push(new FastPair(keyNode, value));
      end2 = this.end2;
      i = this.line;
      rest = this.rest;
      if (i >= this.count) break;
      const ind = this.indentOf(i);
      if (ind < col) break;
      if (ind > col) throw decline('over-indented map line');
      if (this.isDash(i)) break; // a sequence at the map's column ends it (parent decides)
      keyAt = this.content(i);
    }
    return this.closeCollection(map, at, end2, col, i, rest);
  }

  /** The end of an anchor's or alias's name starting at `from` (letters, digits, `_`, `-`, `.`; others are left to `yaml`), which must be followed by a space or the line end. */
  private anchorNameEnd(from: number, lineEnd: number): number {
    const t = this.text;
    let p = from;
    while (p < lineEnd && isAnchorChar(t.charCodeAt(p))) p++;
    if (p === from || (p < lineEnd && t.charCodeAt(p) !== SPACE)) throw decline('anchor or alias name');
    return p;
  }

  /**
   * `key: &name` then a nested block map or sequence, or `key: &name value` (a scalar or flow
   * collection on the line): the node is `yaml`'s without the anchor, whose range starts after it
   * (at the nested map's first key, at the value). Anchors elsewhere (keys, sequence items, flow
   * collections, before a block scalar, a comment or an empty value) are left to `yaml`.
   */
  private anchored(i: number, v: number, col: number): FastNode {
    const t = this.text;
    const lineEnd = this.end(i);
    const end = this.anchorNameEnd(v + 1, lineEnd);
    const name = t.slice(v + 1, end);
    let p = end;
    while (p < lineEnd && t.charCodeAt(p) === SPACE) p++;
    const anchors = (this.anchors ??= new Map());
    // Open while the node is read: an alias inside it would be a cycle, left to `yaml`.
    anchors.set(name, null);
    let node: FastNode;
    if (p === lineEnd) {
      const next = this.nextContent(i + 1);
      const c0 = next < this.count ? t.charCodeAt(this.content(next)) : 0;
      if (c0 === 91 || c0 === 123) throw decline('anchor before a flow collection on the next line');
      node = this.nestedOrEmpty(i, col, p, true, false);
      if (node instanceof FastScalar) throw decline('anchor on an empty value');
    } else {
      const c0 = t.charCodeAt(p);
      if (c0 === HASH || c0 === 124 || c0 === 62 || c0 === 38 || c0 === 42 || c0 === 33) throw decline('anchor before a comment, block scalar or property');
      node = this.inlineValue(i, p, col);
    }
    anchors.set(name, node);
    return node;
  }

  /**
   * `key: *name`: the anchored node itself (the readers follow an alias to its node, and `yaml`'s
   * `Alias.resolve` finds the last node anchored so before it); an unknown or open anchor is left
   * to `yaml`, and so are aliases elsewhere (keys, sequence items, flow collections, merge keys).
   */
  private alias(i: number, v: number, col: number): FastNode {
    const lineEnd = this.end(i);
    const end = this.anchorNameEnd(v + 1, lineEnd);
    const target = this.anchors?.get(this.text.slice(v + 1, end));
    if (!target) throw decline('alias to an unknown or open anchor');
    this.checkLineEnd(end, lineEnd);
    this.afterValue(i, col);
    return target;
  }

  /** A block sequence whose dashes are at column `col`, first dash on line `i`. */
  private blockSeq(i: number, col: number): FastSeq {
    const t = this.text;
    const seq = new FastSeq();
    const start = this.content(i);
    let end2 = start;
    let rest = i;
    for (;;) {
      const lineEnd = this.end(i);
      let v = this.content(i) + 1;
      while (v < lineEnd && t.charCodeAt(v) === SPACE) v++;
      let value: FastNode;
      if (v === lineEnd || t.charCodeAt(v) === HASH) {
        if (v < lineEnd) throw decline('comment after -');
        value = this.nestedOrEmpty(i, col, v, false, false);
      } else {
        value = this.inlineValue(i, v, col);
      }
      seq.items.push(value);
      end2 = this.end2;
      i = this.line;
      rest = this.rest;
      if (i >= this.count) break;
      const ind = this.indentOf(i);
      if (ind < col) break;
      if (ind > col) throw decline('over-indented sequence line');
      if (!this.isDash(i)) break;
    }
    return this.closeCollection(seq, start, end2, col, i, rest);
  }

  /**
   * Nothing after `key:` / `-` on line `i` (but a comment after `key:` when `commented`): a nested
   * block node on the next lines, or null. After a comment only a block map or sequence is read.
   */
  private nestedOrEmpty(i: number, col: number, at: number, inMap: boolean, commented: boolean): FastNode {
    const t = this.text;
    // Comment and blank lines between `key:` and a nested node are that node's (no range moves).
    const next = this.nextContent(i + 1);
    if (next < this.count) {
      const ind = this.indentOf(next);
      const c = this.content(next);
      const isDash = this.isDash(next);
      if (ind > col || (inMap && ind === col && isDash)) {
        if (isDash) return this.blockSeq(next, ind);
        const first = t.charCodeAt(c);
        // A key may start with `-` before a letter (`-Xmx: 4g`, a plain scalar); `-` else, `.` and `---` are left to `yaml`.
        if ((first === DASH && !isLetter(t.charCodeAt(c + 1))) || first === 46) throw decline('- or . key after key:');
        if (first === 91 || first === 123) {
          if (commented) throw decline('flow collection after comment');
          // A flow collection on the next line (`annotations:` then `{}`, as Helm writes them), right after the key.
          if (next !== i + 1) throw decline('flow collection after blank line');
          const f = this.flow(next, c, col);
          this.checkLineEnd(f.end, this.end(this.flowLine));
          this.afterValue(this.flowLine, col);
          return f;
        }
        return this.blockMap(next, c);
      }
    }
    // An empty value followed by comment lines: `yaml` extends its range over some of them.
    if (next !== i + 1 || commented) throw decline('empty value with comment lines');
    this.end2 = at;
    this.line = next;
    this.rest = next;
    return new FastScalar(null, at, at, 'PLAIN');
  }

  /** A value that starts on line `i` at offset `v` (after `key: ` or `- `); `col` is the parent's column. */
  private inlineValue(i: number, v: number, col: number): FastNode {
    const t = this.text;
    const lineEnd = this.end(i);
    const c = t.charCodeAt(v);
    if (c === 124 /* | */ || c === 62 /* > */) return this.blockScalar(i, v, col);
    if (c === 91 /* [ */ || c === 123 /* { */) {
      const f = this.flow(i, v, col);
      this.checkLineEnd(f.end, this.end(this.flowLine));
      this.afterValue(this.flowLine, col);
      return f;
    }
    if (c === 39 && !this.singleQuoteClosesOnLine(v, lineEnd)) return this.multiLineSingleQuoted(i, v, col);
    if (c === 34) {
      const q = this.doubleQuoted(v, lineEnd, i, col);
      this.checkLineEnd(q.end, this.end(this.quoteLine));
      this.afterValue(this.quoteLine, col);
      return q;
    }
    if (c === 39) {
      const q = this.quoted(v, lineEnd);
      this.checkLineEnd(q.end, lineEnd);
      this.afterValue(i, col);
      return q;
    }
    if (c === DASH && (v + 1 === lineEnd || t.charCodeAt(v + 1) === SPACE)) throw decline('nested sequence on one line'); // `- - x`
    // A map starting on this line (`- key: value`), or a plain scalar.
    // A comment (` #`) ends the value: looked for on this line only (an unbounded indexOf would
    // scan the rest of the file for every scalar of a file without comments).
    // One pass: a `: ` (or `:` at the line end) before any comment makes it a map.
    let end = lineEnd;
    for (let p = v; p < lineEnd; p++) {
      const ch = t.charCodeAt(p);
      if (ch === HASH && p > v && t.charCodeAt(p - 1) === SPACE) {
        end = p - 1;
        break;
      }
      if (ch === COLON && (p + 1 === lineEnd || t.charCodeAt(p + 1) === SPACE)) {
        // Only directly inside a sequence item (`- key: value`); `key: a: b` is an error.
        if (t.charCodeAt(this.prevNonSpace(v)) !== DASH) throw decline('key: a: b');
        return this.blockMap(i, v);
      }
    }
    while (end > v && t.charCodeAt(end - 1) === SPACE) end--;
    if (badStart(c)) throw decline('plain value starting with an indicator');
    if (end === lineEnd) {
      const last = this.plainContinuation(i, col);
      if (last > i) {
        this.afterValue(last, col);
        return this.plain(this.foldPlainLines(t.slice(v, end), i, last), v, this.trimmedEnd(last));
      }
    }
    this.afterValue(i, col);
    return this.plain(t.slice(v, end), v, end);
  }

  /**
   * A plain scalar that starts on line `i` (not ending in a comment) continues on the lines right
   * after it that are indented deeper than its collection's column `col`. Only the simple form is
   * accepted: no blank or comment line among them (`yaml` folds a blank line into `\n` and a
   * comment ends the scalar), and no continuation line that starts with an indicator or holds
   * `: `, a trailing `:` or ` #` (a key, an error or a comment for `yaml`). Answers the scalar's
   * last line (`i` when it has one line); the caller's `afterValue` declines when a deeper content
   * line follows after a blank or comment line.
   */
  private plainContinuation(i: number, col: number): number {
    const t = this.text;
    let j = i + 1;
    for (; j < this.count && this.indentOf(j) > col && !this.isBlankOrComment(j); j++) {
      const c = this.content(j);
      const e = this.trimmedEnd(j);
      const c0 = t.charCodeAt(c);
      if (badStart(c0) || c0 === DASH || c0 === COLON) throw decline('plain continuation starting with an indicator');
      for (let p = c; p < e; p++) {
        const ch = t.charCodeAt(p);
        if ((ch === COLON && (p + 1 === e || t.charCodeAt(p + 1) === SPACE)) || (ch === HASH && t.charCodeAt(p - 1) === SPACE)) throw decline('plain continuation holding : or #');
      }
    }
    return j - 1;
  }

  /** The end of line `i`'s content without its trailing spaces. */
  private trimmedEnd(i: number): number {
    const c = this.content(i);
    let e = this.end(i);
    while (e > c && this.text.charCodeAt(e - 1) === SPACE) e--;
    return e;
  }

  /** `yaml`'s folding of a plain scalar without blank lines: its lines, trimmed, joined by one space. */
  private foldPlainLines(first: string, i: number, last: number): string {
    let value = first;
    for (let j = i + 1; j <= last; j++) value += ' ' + this.text.slice(this.content(j), this.trimmedEnd(j));
    return value;
  }

  private prevNonSpace(at: number): number {
    let p = at - 1;
    while (p >= 0 && this.text.charCodeAt(p) === SPACE) p--;
    return p;
  }

  /** Only spaces, or a comment after at least one, from `after` to the line end. */
  private checkLineEnd(after: number, lineEnd: number): void {
    let p = after;
    while (p < lineEnd && this.text.charCodeAt(p) === SPACE) p++;
    if (p < lineEnd && !(this.text.charCodeAt(p) === HASH && p > after)) throw decline('text after a value');
  }

  private plain(raw: string, start: number, end: number): FastScalar {
    return new FastScalar(resolvePlain(raw), start, end, 'PLAIN');
  }

  /** A one-line quoted scalar; its `end` is after the closing quote. */
  private quoted(at: number, lineEnd: number): FastScalar {
    const t = this.text;
    if (t.charCodeAt(at) === 34) return this.doubleQuoted(at, lineEnd);
    let p = at + 1;
    let value = '';
    for (;;) {
      const close = t.indexOf("'", p);
      if (close < 0 || close >= lineEnd) throw decline('unclosed single quote');
      value += t.slice(p, close);
      if (t.charCodeAt(close + 1) === 39) {
        value += "'";
        p = close + 2;
        continue;
      }
      p = close + 1;
      break;
    }
    return new FastScalar(value, at, p, 'QUOTE_SINGLE');
  }

  /** The offset of the quote closing a single-quoted scalar whose text goes on from `from` on a line ending at `lineEnd` (`''` is a quote inside it), or -1. */
  private singleQuoteEnd(from: number, lineEnd: number): number {
    const t = this.text;
    for (let p = from; ; ) {
      const q = t.indexOf("'", p);
      if (q < 0 || q >= lineEnd) return -1;
      if (q + 1 < lineEnd && t.charCodeAt(q + 1) === 39) {
        p = q + 2;
        continue;
      }
      return q;
    }
  }

  private singleQuoteClosesOnLine(at: number, lineEnd: number): boolean {
    return this.singleQuoteEnd(at + 1, lineEnd) >= 0;
  }

  /**
   * A single-quoted scalar that starts at `v` on line `i` and closes on a later line: `yaml` folds
   * its lines into one, each trimmed of its spaces at the line break (the first line keeps the ones
   * after the quote, the last the ones before it) and joined by one space, then reads `''` as `'`.
   * Only that form: every continuation line indented deeper than the collection's column `col`, none
   * blank (a blank line folds into `\n`) and none starting with `#` (content for `yaml`, left to it).
   */
  private multiLineSingleQuoted(i: number, v: number, col: number): FastScalar {
    const t = this.text;
    let raw = t.slice(v + 1, this.trimmedEnd(i) > v ? this.trimmedEnd(i) : v + 1);
    for (let j = i + 1; ; j++) {
      if (j >= this.count || this.indentOf(j) <= col || this.isBlankOrComment(j)) throw decline('multi-line single-quoted form');
      const from = this.content(j);
      const e = this.end(j);
      const close = this.singleQuoteEnd(from, e);
      if (close >= 0) {
        raw += ' ' + t.slice(from, close);
        this.checkLineEnd(close + 1, e);
        this.afterValue(j, col);
        return new FastScalar(raw.replace(/''/g, "'"), v, close + 1, 'QUOTE_SINGLE');
      }
      raw += ' ' + t.slice(from, this.trimmedEnd(j));
    }
  }

  /**
   * `"…"` with the escapes of `yaml`'s `doubleQuotedValue` (compose/resolve-flow-scalar.js): the
   * one-character ones of `ESCAPES`, and `\x`, `\u`, `\U` with 2, 4, 8 hex digits naming a code
   * point; any other escape (an error for `yaml`) is left to `yaml`. On one line, unless `i` (the
   * line of `at`) is given: a block value may then go on over the next lines, each indented deeper
   * than the collection's column `col` (`yaml`'s lexer, `continueScalar`), folded as `yaml` folds
   * them: the spaces before a line break dropped, a line break and the next line's indentation
   * read as one space, or as one `\n` per blank line between, and a `\` at a line's end joining the
   * next line without a space (a blank line after it is left to `yaml`). `quoteLine` is then the
   * line of the closing quote.
   */
  private doubleQuoted(at: number, lineEnd: number, i = -1, col = 0): FastScalar {
    const t = this.text;
    let value = '';
    let from = at + 1;
    let p = from;
    let line = i;
    for (;;) {
      if (p >= lineEnd) {
        if (i < 0) throw decline('multi-line double-quoted');
        let e = lineEnd;
        while (e > from && t.charCodeAt(e - 1) === SPACE) e--;
        value += t.slice(from, e);
        let j = line + 1;
        while (j < this.count && this.content(j) === this.end(j)) j++;
        if (j >= this.count || this.indentOf(j) <= col) throw decline('multi-line double-quoted form');
        value += j === line + 1 ? ' ' : '\n'.repeat(j - line - 1);
        line = j;
        lineEnd = this.end(j);
        from = p = this.content(j);
        continue;
      }
      const c = t.charCodeAt(p);
      if (c === 34) break;
      if (c !== 92) {
        p++;
        continue;
      }
      value += t.slice(from, p);
      if (p + 1 >= lineEnd) {
        if (i < 0) throw decline('double-quoted escape at line end');
        const j = line + 1;
        if (j >= this.count || this.content(j) === this.end(j) || this.indentOf(j) <= col) throw decline('multi-line double-quoted form');
        line = j;
        lineEnd = this.end(j);
        from = p = this.content(j);
        continue;
      }
      const e = t[p + 1]!;
      const simple = ESCAPES.get(e);
      if (simple !== undefined) {
        value += simple;
        p += 2;
      } else {
        const digits = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
        const hex = t.slice(p + 2, p + 2 + digits);
        if (digits === 0 || p + 2 + digits > lineEnd || !HEX.test(hex)) throw decline('unknown escape');
        const code = parseInt(hex, 16);
        if (code > 0x10ffff) throw decline('escape out of range');
        value += String.fromCodePoint(code);
        p += 2 + digits;
      }
      from = p;
    }
    value += t.slice(from, p);
    this.quoteLine = line;
    return new FastScalar(value, at, p + 1, 'QUOTE_DOUBLE');
  }

  /** The nodes of the anchors read so far by name (`null` while the anchored node is read). */
  private anchors: Map<string, FastNode | null> | undefined = undefined;

  /** Where the document's content ends: the text's end, or the start of its `...` line. */
  private docEnd = 0;

  /** The line of the closing quote of the last multi-line double-quoted scalar read. */
  private quoteLine = 0;

  /**
   * A flow collection starting at `at` on line `i`, inside a block collection at column `col`
   * (-1 at the document root): `[a, "b", 1]`, `{k: v, n: {m: [1]}}`, `[]`, JSON. It may spread over
   * lines, as `yaml`'s lexer allows: every line after the first indented deeper than `col`, but a
   * line that starts with the bracket closing the outermost collection, which may be at `col`
   * (`parseFlowCollection`: `indent < indentNext`, `atFlowEndMarker`); a trailing comma is
   * allowed, and so are blank lines and comments (after a space, or comment lines at any
   * indentation) inside. Left to `yaml`: a plain scalar that goes on on the
   * next line, a key whose `:` is not on its line, a value not on its key's line or empty, pairs
   * inside a sequence, collections as keys. Sets `flowLine` to the line of the closing bracket.
   */
  private flow(i: number, at: number, col: number): FastMap | FastSeq {
    this.flowAt = at;
    this.flowLine = i;
    this.flowLineEnd = this.end(i);
    this.flowDepth = 0;
    this.flowCol = col;
    return this.flowCollection();
  }

  /* The flow reader's position: offset, its line and that line's end, the nesting depth and the enclosing block column. */
  private flowAt = 0;
  private flowLine = 0;
  private flowLineEnd = 0;
  private flowDepth = 0;
  private flowCol = 0;

  /** Skips spaces and line breaks inside a flow collection, to the next character of content. */
  private flowSkip(): void {
    const t = this.text;
    let p = this.flowAt;
    for (;;) {
      const lineEnd = this.flowLineEnd;
      while (p < lineEnd && t.charCodeAt(p) === SPACE) p++;
      if (p < lineEnd) {
        if (t.charCodeAt(p) !== HASH) {
          this.flowAt = p;
          return;
        }
        // A comment (it moves no range, `yaml` gives it to an item) must follow a space or start its line.
        if (p !== this.content(this.flowLine) && t.charCodeAt(p - 1) !== SPACE) throw decline('comment in a flow collection');
      }
      const line = ++this.flowLine;
      if (line >= this.count) throw decline('flow collection not closed');
      p = this.content(line);
      // Blank and comment lines: skipped, at any indentation (the lexer's indent check spares them).
      if (this.isBlankOrComment(line)) {
        this.flowLineEnd = this.end(line);
        continue;
      }
      const ind = this.indentOf(line);
      const c = t.charCodeAt(p);
      if (ind <= this.flowCol && !(ind === this.flowCol && this.flowDepth === 1 && (c === 93 || c === 125))) throw decline('flow collection line not indented');
      if (ind === 0 && c === 46 && t.startsWith('...', p)) throw decline('root sequence, ... or directive');
      this.flowLineEnd = this.end(line);
    }
  }

  private flowCollection(): FastMap | FastSeq {
    const t = this.text;
    const start = this.flowAt;
    const isSeq = t.charCodeAt(start) === 91;
    const close = isSeq ? 93 : 125;
    const seq = isSeq ? new FastSeq() : undefined;
    const map = isSeq ? undefined : new FastMap();
    this.flowAt++;
    this.flowDepth++;
    this.flowSkip();
    if (t.charCodeAt(this.flowAt) === close) {
      this.flowAt++;
    } else {
      for (;;) {
        if (seq) {
          const item = this.flowNode();
          this.flowSkip();
          if (t.charCodeAt(this.flowAt) === COLON) throw decline('flow pair in a sequence');
          seq.items.push(item);
        } else {
          const k = this.flowNode();
          if (!(k instanceof FastScalar)) throw decline('flow collection as a key');
          // The `:` on the key's line (right after a quoted key, JSON-like, or after spaces), then a value on that line.
          let p = this.flowAt;
          const lineEnd = this.flowLineEnd;
          while (p < lineEnd && t.charCodeAt(p) === SPACE) p++;
          if (p >= lineEnd || t.charCodeAt(p) !== COLON) throw decline('flow pair without colon');
          p++;
          if (k.type === 'PLAIN' && p < lineEnd && t.charCodeAt(p) !== SPACE) throw decline('flow pair without space');
          while (p < lineEnd && t.charCodeAt(p) === SPACE) p++;
          const v0 = t.charCodeAt(p);
          if (p >= lineEnd || v0 === 44 || v0 === close) throw decline('flow pair without a value on its line');
          this.flowAt = p;
          map!.items.push(new FastPair(k, this.flowNode()));
        }
        this.flowSkip();
        const c = t.charCodeAt(this.flowAt);
        if (c === 44) {
          this.flowAt++;
          this.flowSkip();
          if (t.charCodeAt(this.flowAt) === close) {
            this.flowAt++; // a trailing comma
            break;
          }
          continue;
        }
        if (c === close) {
          this.flowAt++;
          break;
        }
        throw decline('unexpected character in a flow collection');
      }
    }
    this.flowDepth--;
    const coll = seq ?? map!;
    coll.start = start;
    coll.end = this.flowAt;
    return coll;
  }

  /** An item, key or value of a flow collection, at `flowAt` (after `flowSkip`): a nested collection, a quoted or a one-line plain scalar. */
  private flowNode(): FastNode {
    const t = this.text;
    this.flowSkip();
    let p = this.flowAt;
    const lineEnd = this.flowLineEnd;
    const c = t.charCodeAt(p);
    if (c === 91 || c === 123) return this.flowCollection();
    if (c === 34 || c === 39) {
      const q = this.quoted(p, lineEnd);
      this.flowAt = q.end;
      return q;
    }
    if (badStart(c) || c === COLON || (c === DASH && (p + 1 === lineEnd || t.charCodeAt(p + 1) === SPACE))) throw decline('flow item starting with an indicator');
    // A plain scalar ends before a flow indicator, a `:` followed by a space, a flow indicator or
    // the line end, a ` #`, or the line end.
    const s = p;
    for (; p < lineEnd; p++) {
      const ch = t.charCodeAt(p);
      if (ch === 44 || ch === 91 || ch === 93 || ch === 123 || ch === 125) break;
      if (ch === COLON) {
        const nx = p + 1 < lineEnd ? t.charCodeAt(p + 1) : SPACE;
        if (nx === SPACE || nx === 44 || nx === 91 || nx === 93 || nx === 123 || nx === 125) break;
      }
      if (ch === HASH && t.charCodeAt(p - 1) === SPACE) break;
    }
    let e = p;
    while (e > s && t.charCodeAt(e - 1) === SPACE) e--;
    if (p === lineEnd) {
      // At the line end: the scalar goes on on the next line unless that starts with `,`, `]` or `}`.
      const next = this.flowLine + 1;
      const n0 = next < this.count ? t.charCodeAt(this.content(next)) : -1;
      if (n0 !== 44 && n0 !== 93 && n0 !== 125) throw decline('multi-line plain scalar in a flow collection');
    }
    this.flowAt = p;
    return this.plain(t.slice(s, e), s, e);
  }

  /**
   * `|` or `>` with optional `-` chomping (no `+`, no explicit indentation); the value is computed
   * when read. Its lines are those indented at least as deep as its first one, which sets the
   * content indentation, and the blank lines among them; its range ends after the last of those
   * that is not blank (`yaml` leaves trailing blank lines to the collection). A first line that
   * is blank, and a blank line of more spaces than the content indentation (`yaml` keeps the
   * spaces past it in the value, so the line counts as content), are left to `yaml`.
   */
  private blockScalar(i: number, v: number, col: number): FastScalar {
    const t = this.text;
    const lineEnd = this.end(i);
    let h = v + 1;
    if (t.charCodeAt(h) === DASH) h++;
    this.checkLineEnd(h, lineEnd);
    let j = i + 1;
    if (j >= this.count || this.content(j) === this.end(j)) throw decline('block scalar without body or leading blank'); // no body, or leading blank lines
    const contentIndent = this.indentOf(j);
    if (contentIndent <= col) throw decline('empty block scalar'); // empty block scalar: leave to yaml
    let last = j;
    for (; j < this.count; j++) {
      const s = this.start(j);
      const c = this.content(j);
      const e = this.end(j);
      if (c === e) {
        if (e - s > contentIndent) throw decline('block scalar over-indented blank line');
        continue;
      }
      if (c - s < contentIndent) {
        if (c - s > col) throw decline('block scalar under-indented line');
        break;
      }
      for (; this.nextTab >= 0 && this.nextTab < e; this.nextTab = t.indexOf('\t', this.nextTab + 1)) if (this.nextTab >= c) this.tabsInBlocks++;
      last = j;
    }
    const end = this.next(last);
    this.end2 = end;
    this.line = this.nextContent(last + 1);
    this.rest = last + 1;
    const header = 2 * contentIndent + (t.charCodeAt(v + 1) === DASH ? 1 : 0);
    return new FastScalar(header, v, end, t.charCodeAt(v) === 124 ? 'BLOCK_LITERAL' : 'BLOCK_FOLDED', t.slice(this.start(i + 1), end));
  }
}

function isAnchorChar(c: number): boolean {
  return isLetter(c) || (c >= 48 && c <= 57) || c === 95 || c === DASH || c === 46;
}

function isLetter(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
}

function resolvePlain(raw: string): unknown {
  const c = raw.charCodeAt(0);
  const length = raw.length;
  // Most keys and values start with a letter: a string unless one of the 4- or 5-letter spellings
  // of null, true and false (`NULL`, `TRUE`, `FALSE`), without trying the patterns.
  if (isLetter(c)) {
    if (length === 4) {
      if (c === 110 || c === 78) return raw === 'null' || raw === 'Null' || raw === 'NULL' ? null : raw;
      if (c === 116 || c === 84) return raw === 'true' || raw === 'True' || raw === 'TRUE' ? true : raw;
    } else if (length === 5 && (c === 102 || c === 70)) {
      return raw === 'false' || raw === 'False' || raw === 'FALSE' ? false : raw;
    }
    return raw;
  }
  if (c === 126 /* ~ */ && length === 1) return null;
  // Digits only (ports, replicas): an integer, without the patterns.
  if (c >= 48 && c <= 57) {
    let p = 1;
    while (p < length && raw.charCodeAt(p) >= 48 && raw.charCodeAt(p) <= 57) p++;
    if (p === length) {
      if (length > 15) throw decline('long or -0 integer');
      return Number(raw);
    }
  }
  if (INT.test(raw)) {
    const n = Number(raw);
    if (length > 15 || Object.is(n, -0)) throw decline('long or -0 integer');
    return n;
  }
  if (NUMBERISH.test(raw)) {
    // Floats (`cpu: 0.5`) as `yaml`'s core schema reads them (its `float` and `floatExp`: `parseFloat`;
    // -0 is left to it like the integer one); hex, octal, .inf and .nan are left to `yaml`; numbers
    // with odd tails are strings.
    if (FLOAT.test(raw)) {
      const n = parseFloat(raw);
      if (Object.is(n, -0)) throw decline('long or -0 integer');
      return n;
    }
    if (/^0[ox]/.test(raw) || /^[-+]?\.(?:inf|Inf|INF)$|^\.(?:nan|NaN|NAN)$/.test(raw)) throw decline('hex, octal, inf or nan');
  }
  return raw;
}
