/**
 * Minimal, format-preserving edits over one parsed YAML document: insert a key into a block or
 * flow mapping, append an item to a sequence, replace a scalar keeping its quoting, remove a key
 * with its line, append a new document after this one. Every edit is a `{ span, newText }` in
 * file offsets; nothing else in the file changes, so comments, key order, quoting, flow vs block
 * style and indentation survive. Total: an unexpected shape yields `undefined`, never a throw.
 *
 * An insertion (`insertPair`, `appendItem`) also records what it means (`insertionOf`): the
 * collection it goes into and the value, so the same insertion can be made again in another
 * document in that document's own style (a code action computed on a kustomize unit's rendered
 * output, made in the base or patch file; see code-actions/through-units.ts).
 */
import type { Span } from '../model/types';
import type { ParsedDocument } from '../parse/parse-file';
import { isMap, isPair, isScalar, isSeq, type YamlNode, type YamlPair, type YAMLMap, type YAMLSeq } from '../parse/yaml';
import { detectStyle, emitFlow, emitMapEntries, emitSeqItems, formatScalar, type YamlStyle, type YamlValue } from './emit';
import { columnOf, eolOf, lineEndOf, lineStartOf, nextLineStart, type TextEdit } from './text-edit';

type Range3 = [number, number, number];

/** What an insertion edit means: a pair into a mapping, or an item appended to a sequence. */
export type YamlInsertion =
  | { readonly kind: 'pair'; readonly into: Span; readonly key: string; readonly value: YamlValue; readonly where: { readonly after?: readonly string[]; readonly start?: boolean } }
  | { readonly kind: 'item'; readonly into: Span; readonly value: YamlValue };

const insertions = new WeakMap<TextEdit, YamlInsertion>();

/** The meaning of an edit `insertPair` / `appendItem` made (undefined for any other edit). */
export function insertionOf(edit: TextEdit): YamlInsertion | undefined {
  return insertions.get(edit);
}

function noted(edit: TextEdit | undefined, insertion: YamlInsertion | undefined): TextEdit | undefined {
  if (edit && insertion) insertions.set(edit, insertion);
  return edit;
}

function rangeOf(node: unknown): Range3 | undefined {
  const r = (node as { range?: Range3 } | null | undefined)?.range;
  return Array.isArray(r) ? r : undefined;
}

function isFlow(node: unknown): boolean {
  return (isMap(node) || isSeq(node)) && (node as { flow?: boolean }).flow === true;
}

export class YamlEditor {
  readonly base: number;
  readonly style: YamlStyle;

  constructor(
    /** The whole file's text. */
    readonly text: string,
    readonly doc: ParsedDocument,
    style?: YamlStyle,
  ) {
    this.base = doc.span.start;
    // Mixed line endings: the document's own line break wins.
    this.style = style ?? { ...detectStyle(text), eol: eolOf(doc.text.includes('\n') ? doc.text : text) };
  }

  /** The file is JSON-like: its root mapping is a flow mapping with double-quoted keys. */
  get json(): boolean {
    const root = this.doc.yaml?.contents;
    if (!isMap(root) || !isFlow(root)) return false;
    const k = root.items[0]?.key;
    return isScalar(k) && k.type === 'QUOTE_DOUBLE';
  }

  /** Absolute [start, end) of a node. */
  span(node: unknown): Span | undefined {
    const r = rangeOf(node);
    return r ? { start: r[0] + this.base, end: r[1] + this.base } : undefined;
  }

  /** The node whose span is exactly `span` (a model span); `want` filters the node type. */
  nodeAt(span: Span, want?: 'map' | 'seq' | 'scalar'): YamlNode | undefined {
    const rel = { start: span.start - this.base, end: span.end - this.base };
    const test = (n: unknown) => (want === 'map' ? isMap(n) : want === 'seq' ? isSeq(n) : want === 'scalar' ? isScalar(n) : true);
    const visit = (n: unknown, depth: number): YamlNode | undefined => {
      if (depth > 200 || n === null || n === undefined) return undefined;
      const r = rangeOf(n);
      if (r && r[0] === rel.start && r[1] === rel.end && test(n)) return n as YamlNode;
      if (r && (r[0] > rel.start || r[2] < rel.start)) return undefined;
      if (isMap(n) || isSeq(n)) {
        for (const item of n.items as unknown[]) {
          if (isPair(item)) {
            const found = visit(item.key, depth + 1) ?? visit(item.value, depth + 1);
            if (found) return found;
          } else {
            const found = visit(item, depth + 1);
            if (found) return found;
          }
        }
      }
      return undefined;
    };
    return visit(this.doc.yaml?.contents, 0);
  }

  /**
   * Where a node starts as written: before its tag and anchor (`!!int key`, `&a key`), which the
   * `yaml` range leaves out. Insertion points and columns come from here, never from the scalar.
   */
  nodeStart(node: unknown): number | undefined {
    const s = this.span(node);
    if (!s) return undefined;
    const lineStart = lineStartOf(this.text, s.start);
    let start = s.start;
    for (let guard = 0; guard < 8; guard++) {
      let i = start;
      while (i > lineStart && (this.text[i - 1] === ' ' || this.text[i - 1] === '\t')) i--;
      let t = i;
      while (t > lineStart && !/[\s,[{]/.test(this.text[t - 1]!)) t--;
      const c = this.text[t];
      if (t === i || (c !== '!' && c !== '&')) break;
      start = t;
    }
    return start;
  }

  map(span: Span | undefined): YAMLMap | undefined {
    if (!span) return undefined;
    const n = this.nodeAt(span, 'map');
    return isMap(n) ? n : undefined;
  }

  pair(map: YAMLMap, key: string): YamlPair | undefined {
    for (let i = map.items.length - 1; i >= 0; i--) {
      const p = map.items[i]!;
      if (isScalar(p.key) && String(p.key.value) === key) return p as YamlPair;
    }
    return undefined;
  }

  /** Where the content of a node ends (block collections: their last item's content, without trailing comments). */
  contentEnd(node: unknown): number | undefined {
    if (isMap(node) || isSeq(node)) {
      if (isFlow(node)) return this.span(node)?.end;
      const last = (node.items as unknown[]).at(-1);
      if (last === undefined) return this.span(node)?.end;
      if (isPair(last)) return (last.value !== null && last.value !== undefined ? this.contentEnd(last.value) : undefined) ?? this.contentEnd(last.key);
      return this.contentEnd(last);
    }
    const s = this.span(node);
    if (!s) return undefined;
    // Block scalars keep their trailing line breaks in the range.
    let end = s.end;
    while (end > s.start && /[\r\n]/.test(this.text[end - 1]!)) end--;
    return end;
  }

  private pairEnd(p: YamlPair): number | undefined {
    return (p.value !== null && p.value !== undefined ? this.contentEnd(p.value) : undefined) ?? this.contentEnd(p.key);
  }

  private keyText(map: YAMLMap, key: string): string {
    const k = map.items[0]?.key;
    if (isScalar(k) && k.type === 'QUOTE_DOUBLE') return JSON.stringify(key);
    return formatScalar(key);
  }

  /** A value written inline after `key: ` in a flow collection. */
  private flowValue(value: YamlValue, jsonKeys: boolean): string {
    return emitFlow(value, jsonKeys);
  }

  /**
   * Inserts `key: value` into a mapping: at the start, at the end, or after another key.
   * Block maps get a new line at the map's indentation; flow maps an inline entry.
   */
  insertPair(map: YAMLMap, key: string, value: YamlValue, where: { after?: readonly string[]; start?: boolean } = {}): TextEdit | undefined {
    const into = this.span(map);
    return noted(this.insertPairEdit(map, key, value, where), into && { kind: 'pair', into, key, value, where });
  }

  private insertPairEdit(map: YAMLMap, key: string, value: YamlValue, where: { after?: readonly string[]; start?: boolean }): TextEdit | undefined {
    const mapSpan = this.span(map);
    if (!mapSpan) return undefined;
    const style = this.style;
    const keyText = this.keyText(map, key);
    const items = map.items as YamlPair[];
    let anchor: YamlPair | undefined;
    if (!where.start) {
      for (const k of where.after ?? []) {
        anchor = this.pair(map, k);
        if (anchor) break;
      }
      anchor ??= items.at(-1);
    }
    if (isFlow(map)) {
      const jsonKeys = keyText.startsWith('"');
      const entry = `${keyText}: ${this.flowValue(value, jsonKeys)}`;
      if (items.length === 0) return { span: { start: mapSpan.start + 1, end: mapSpan.start + 1 }, newText: entry };
      if (!anchor) {
        const first = this.nodeStart(items[0]!.key);
        if (first === undefined) return undefined;
        return { span: { start: first, end: first }, newText: `${entry}, ` };
      }
      const end = this.pairEnd(anchor);
      const anchorKey = this.span(anchor.key);
      if (end === undefined || !anchorKey) return undefined;
      // Multi-line flow maps (JSON): one entry per line, at the anchor's column.
      const open = mapSpan.start;
      const multiline = lineStartOf(this.text, anchorKey.start) > open;
      const sep = multiline ? `,${style.eol}${' '.repeat(columnOf(this.text, anchorKey.start))}` : ', ';
      return { span: { start: end, end }, newText: `${sep}${entry}` };
    }
    const firstKey = this.nodeStart(items[0]?.key);
    if (firstKey === undefined) return undefined;
    const column = columnOf(this.text, firstKey);
    const body = this.blockPair(keyText, value, column);
    if (!anchor) {
      return { span: { start: firstKey, end: firstKey }, newText: `${body.slice(column)}${style.eol}${' '.repeat(column)}` };
    }
    const end = this.pairEnd(anchor);
    if (end === undefined) return undefined;
    const at = lineEndOf(this.text, end);
    return { span: { start: at, end: at }, newText: `${style.eol}${body}` };
  }

  /** `key: value` in block style at `column` (nested values in the file's style). */
  private blockPair(keyText: string, value: YamlValue, column: number): string {
    const pad = ' '.repeat(column);
    if (Array.isArray(value) && value.length > 0) {
      return `${pad}${keyText}:${this.style.eol}${emitSeqItems(value, column + (this.style.indentSequences ? this.style.indent : 0), this.style)}`;
    }
    if (value && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length > 0) {
      return `${pad}${keyText}:${this.style.eol}${emitMapEntries(value as { [k: string]: YamlValue }, column + this.style.indent, this.style)}`;
    }
    return `${pad}${keyText}: ${emitFlow(value, false)}`;
  }

  /** Appends an item to a sequence (block: a new `- ` line level with the others; flow: `, item`). */
  appendItem(seq: YAMLSeq, item: YamlValue): TextEdit | undefined {
    const into = this.span(seq);
    return noted(this.appendItemEdit(seq, item), into && { kind: 'item', into, value: item });
  }

  private appendItemEdit(seq: YAMLSeq, item: YamlValue): TextEdit | undefined {
    const seqSpan = this.span(seq);
    if (!seqSpan) return undefined;
    const items = seq.items as unknown[];
    if (isFlow(seq)) {
      const jsonKeys = this.json;
      const entry = emitFlow(item, jsonKeys);
      if (items.length === 0) return { span: { start: seqSpan.start + 1, end: seqSpan.start + 1 }, newText: entry };
      const end = this.contentEnd(items.at(-1));
      if (end === undefined) return undefined;
      return { span: { start: end, end }, newText: `, ${entry}` };
    }
    const last = items.at(-1);
    const lastStart = this.span(last)?.start;
    const end = this.contentEnd(last);
    if (lastStart === undefined || end === undefined) return undefined;
    // The `- ` of the last item: the last dash before its content.
    const dash = this.text.lastIndexOf('-', lastStart);
    if (dash < seqSpan.start) return undefined;
    const column = columnOf(this.text, dash);
    const at = lineEndOf(this.text, end);
    return { span: { start: at, end: at }, newText: `${this.style.eol}${emitSeqItems([item], column, this.style)}` };
  }

  /** Replaces a scalar's value, keeping its quote style when the new value is a string. */
  replaceScalar(node: unknown, value: string | number): TextEdit | undefined {
    if (!isScalar(node)) return undefined;
    const s = this.span(node);
    if (!s) return undefined;
    let newText: string;
    if (typeof value === 'number') newText = String(value);
    else if (node.type === 'QUOTE_DOUBLE') newText = JSON.stringify(value);
    else if (node.type === 'QUOTE_SINGLE') newText = `'${value.replace(/'/g, "''")}'`;
    else newText = formatScalar(value);
    // An empty value (`key:` with nothing after it): the new value needs its space, or
    // `key:30000` would read as one plain string.
    if (s.start === s.end && this.text[s.start - 1] === ':') newText = ` ${newText}`;
    return { span: s, newText };
  }

  /** Removes `key: value` from a mapping (block: its whole lines; flow: the entry and a comma). */
  removePair(map: YAMLMap, key: string): TextEdit | undefined {
    const p = this.pair(map, key);
    if (!p) return undefined;
    const items = map.items as YamlPair[];
    const i = items.indexOf(p);
    const keyStart = this.nodeStart(p.key);
    const keySpan = keyStart === undefined ? undefined : { start: keyStart, end: keyStart };
    const end = this.pairEnd(p);
    if (!keySpan || end === undefined) return undefined;
    if (isFlow(map)) {
      if (items.length === 1) return { span: { start: keySpan.start, end }, newText: '' };
      if (i > 0) {
        const prevEnd = this.pairEnd(items[i - 1]!);
        return prevEnd === undefined ? undefined : { span: { start: prevEnd, end }, newText: '' };
      }
      const next = this.nodeStart(items[1]!.key);
      return next !== undefined ? { span: { start: keySpan.start, end: next }, newText: '' } : undefined;
    }
    const lineStart = lineStartOf(this.text, keySpan.start);
    const onlyIndentBefore = /^\s*$/.test(this.text.slice(lineStart, keySpan.start));
    if (!onlyIndentBefore) {
      // The first key of a `- key: v` item: the next key moves up to its place.
      if (items.length === 1) return { span: { start: keySpan.start, end }, newText: '{}' };
      const next = this.nodeStart(items[i + 1]?.key);
      return next !== undefined ? { span: { start: keySpan.start, end: next }, newText: '' } : undefined;
    }
    if (items.length === 1) return { span: { start: keySpan.start, end }, newText: '{}' };
    return { span: { start: lineStart, end: nextLineStart(this.text, end) }, newText: '' };
  }
}

/**
 * Inserts a new document right after document `doc` of a file: `---`, then `body` (which ends
 * with a line break). Keeps the following documents' `---` separators intact.
 */
export function appendDocumentAfter(text: string, doc: ParsedDocument, body: string, style: YamlStyle, snippetBody?: string): TextEdit {
  const at = doc.span.end;
  const before = text.slice(0, at);
  const needsBreak = before.length > 0 && !/[\r\n]$/.test(before);
  // A document ended with `...`: the new one still needs its own `---`.
  const prefix = `${needsBreak ? style.eol : ''}---${style.eol}`;
  return {
    span: { start: at, end: at },
    newText: prefix + body,
    ...(snippetBody !== undefined ? { snippet: escapeSnippet(prefix) + snippetBody } : {}),
  };
}

/** Escapes text for an LSP snippet (`$`, `}` and `\`). */
export function escapeSnippet(s: string): string {
  return s.replace(/[\\$}]/g, (c) => `\\${c}`);
}
