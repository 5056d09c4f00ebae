/**
 * A Helm template read as YAML at its own offsets: every `{{ … }}` action is blanked to spaces
 * (newlines kept), so `port: {{ .Values.service.port }}` reads as `port:` with an empty value
 * where the action stood, and the literal YAML around actions parses with its real spans.
 * Pure; total.
 */
import type { Span } from '../model/types';
import { parseYamlDocument } from '../parse/parse-file';
import { splitDocuments } from '../parse/split-documents';

export interface BlankedTemplate {
  readonly original: string;
  readonly blanked: string;
  /** The actions, in order (each from `{{` to the end of `}}`). */
  readonly actions: readonly Span[];
}

/** Blanks every `{{ … }}` action (Go string literals and comments inside it are skipped over). */
export function blankActions(text: string): BlankedTemplate {
  const out: string[] = [];
  const actions: Span[] = [];
  let i = 0;
  let copied = 0;
  while (i < text.length) {
    const open = text.indexOf('{{', i);
    if (open < 0) break;
    const close = actionEnd(text, open + 2);
    out.push(text.slice(copied, open));
    out.push(text.slice(open, close).replace(/[^\n]/g, ' '));
    actions.push({ start: open, end: close });
    copied = close;
    i = close;
  }
  out.push(text.slice(copied));
  const spaced = out.join('');
  if (actions.length === 0) return { original: text, blanked: spaced, actions };
  // An action beside YAML content on its line stands as a placeholder scalar (`port: ⁠⁠⁠`), so
  // `image: {{ .repo }}:{{ .tag }}` stays one scalar instead of reading as `image:    :` (a nested
  // key); action-only lines (`{{- if }}`, `{{- include … | nindent 4 }}`) are blank.
  const chars = spaced.split('');
  for (const a of actions) {
    let lineStart = spaced.lastIndexOf('\n', a.start - 1) + 1;
    let i = a.start;
    while (i < a.end) {
      const nl = spaced.indexOf('\n', i);
      const lineEnd = nl < 0 || nl > spaced.length ? spaced.length : nl;
      const stop = Math.min(a.end, lineEnd);
      const line = spaced.slice(lineStart, lineEnd);
      if (line.trim() && !opensBlock(spaced, line, stop, lineEnd)) for (let j = i; j < stop; j++) chars[j] = PLACEHOLDER;
      i = lineEnd + 1;
      lineStart = i;
    }
  }
  return { original: text, blanked: chars.join(''), actions };
}

/**
 * `livenessProbe: {{- include … | nindent 12 }}` followed by more-indented lines: the key's value
 * is the block below, the action stays blank (a placeholder scalar would clash with the block).
 */
function opensBlock(spaced: string, line: string, actionEnd: number, lineEnd: number): boolean {
  if (spaced.slice(actionEnd, lineEnd).trim() || !/:\s*$/.test(line)) return false;
  const indent = /^ */.exec(line)![0].length;
  let at = lineEnd + 1;
  while (at < spaced.length) {
    const nl = spaced.indexOf('\n', at);
    const next = spaced.slice(at, nl < 0 ? spaced.length : nl);
    if (next.trim() && !next.trim().startsWith('#')) return /^ */.exec(next)![0].length > indent || /^ *- /.test(next) && /^ */.exec(next)![0].length === indent;
    if (nl < 0) break;
    at = nl + 1;
  }
  return false;
}

/** What an inline action reads as in the blanked template (U+2060, a plain-scalar character no manifest uses). */
export const PLACEHOLDER = '\u2060';

/** A blanked literal that an action made (in part): it says nothing about the rendered value. */
export function isTemplated(value: string): boolean {
  return value.includes(PLACEHOLDER);
}

/** The offset after the `}}` that closes the action opened before `from` (the text end when unclosed). */
function actionEnd(text: string, from: number): number {
  let i = from;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '}' && text[i + 1] === '}') return i + 2;
    if (c === '"') {
      i++;
      while (i < text.length && text[i] !== '"' && text[i] !== '\n') i += text[i] === '\\' ? 2 : 1;
      i++;
    } else if (c === '`') {
      const e = text.indexOf('`', i + 1);
      i = e < 0 ? text.length : e + 1;
    } else if (c === '/' && text[i + 1] === '*') {
      const e = text.indexOf('*/', i + 2);
      i = e < 0 ? text.length : e + 2;
    } else if (c === "'") {
      // A rune literal: 'x' or '\n'.
      const e = text.indexOf("'", i + 1);
      i = e < 0 || e - i > 6 ? i + 1 : e + 1;
    } else i++;
  }
  return text.length;
}

export interface TemplateDocument {
  /** Offset of the document in the template file. */
  readonly start: number;
  readonly end: number;
  /** The blanked document's YAML root (ranges relative to `start`). */
  readonly root: unknown;
  /** `kind:` when literal. */
  readonly kind: string | undefined;
  /** `metadata.name` when literal (mostly not: names are templated). */
  readonly name: string | undefined;
}

export interface ParsedTemplate extends BlankedTemplate {
  /** The documents that hold YAML content (comment-only and action-only documents dropped). */
  readonly documents: readonly TemplateDocument[];
}

/** Splits and parses a blanked template tolerantly (syntax errors keep what parsed). */
export function parseTemplate(text: string): ParsedTemplate {
  const blanked = blankActions(text);
  const documents: TemplateDocument[] = [];
  for (const chunk of splitDocuments(blanked.blanked)) {
    if (!/^(?!---)[ \t]*[^\s#]/m.test(chunk.text)) continue;
    let root: unknown;
    try {
      root = parseYamlDocument(chunk.text).contents;
    } catch {
      root = undefined;
    }
    const lit = (path: string[]) => {
      let n: unknown = root;
      for (const k of path) n = (n as { get?: (k: string, keep: boolean) => unknown })?.get?.(k, true);
      const v = (n as { value?: unknown } | undefined)?.value;
      return typeof v === 'string' && v && !isTemplated(v) ? v : undefined;
    };
    documents.push({ start: chunk.start, end: chunk.end, root, kind: lit(['kind']), name: lit(['metadata', 'name']) });
  }
  return { ...blanked, documents };
}

/** The actions that start in [from, end) (binary search: actions are in text order). */
export function actionsStartingIn(t: BlankedTemplate, from: number, end: number): Span[] {
  const a = t.actions;
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid]!.start < from) lo = mid + 1;
    else hi = mid;
  }
  const out: Span[] = [];
  for (let i = lo; i < a.length && a[i]!.start < end; i++) out.push(a[i]!);
  return out;
}

/** The action(s) on the line after offset `from` (a blanked value): from the first `{{` to the last `}}` of that line. */
export function actionsOnLine(t: BlankedTemplate, from: number): Span | undefined {
  const lineEnd = t.original.indexOf('\n', from);
  const end = lineEnd < 0 ? t.original.length : lineEnd;
  const inLine = actionsStartingIn(t, from, end);
  if (inLine.length === 0) return undefined;
  return { start: inLine[0]!.start, end: inLine[inLine.length - 1]!.end };
}

const PLAIN_VALUES = /^"?\{\{-?\s*\.Values((?:\.[A-Za-z_][A-Za-z0-9_-]*)+)\s*(?:\|\s*quote\s*)?-?\}\}"?$/;

/** `{{ .Values.a.b }}` (alone, optionally `| quote`) → ['a', 'b']. */
export function plainValuesReference(source: string): string[] | undefined {
  const m = PLAIN_VALUES.exec(source.trim());
  return m ? m[1]!.slice(1).split('.') : undefined;
}
