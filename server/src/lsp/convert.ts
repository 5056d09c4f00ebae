/**
 * The edge between core offsets and LSP positions. Nothing inside the core sees a Position.
 */
import { DiagnosticSeverity, type Diagnostic, type DiagnosticRelatedInformation, type Range } from 'vscode-languageserver';
import type { Finding } from '../core/findings';
import type { Span } from '../core/model/types';
import type { Severity } from '../core/settings';
import { LineIndex, type Position } from '../core/text/line-index';

/** Converts offsets and positions of one text. */
export interface LineSource {
  positionAt(offset: number): Position;
  offsetAt(position: Position): number;
}

/** An editor's document: it keeps its line offsets up to date as edits arrive. */
export interface OpenDocument extends LineSource {
  getText(): string;
}

/**
 * Offsets <-> positions per file. An open editor's document converts with its own line offsets
 * (maintained incrementally by the text document); other files get a line index, reused while
 * their text is unchanged.
 */
export class Positions {
  private readonly cache = new Map<string, { text: string; index: LineIndex }>();

  constructor(
    private readonly textOf: (uri: string) => string | undefined,
    private readonly openDocument: (uri: string) => OpenDocument | undefined = () => undefined,
  ) {}

  index(uri: string): LineSource {
    const text = this.textOf(uri) ?? '';
    const doc = this.openDocument(uri);
    if (doc && doc.getText() === text) return doc;
    const hit = this.cache.get(uri);
    if (hit && hit.text === text) return hit.index;
    const index = new LineIndex(text);
    this.cache.set(uri, { text, index });
    return index;
  }

  forget(uri: string): void {
    this.cache.delete(uri);
  }

  range(uri: string, span: Span): Range {
    if (span.end <= PREFIX_SCAN) {
      // Near the start (notes of skipped files sit at 0:0): a scan of the text before it, not a
      // line index of the whole text (a 6 MB editor document rebuilds its line offsets after
      // every full-text change).
      const text = this.textOf(uri) ?? '';
      return { start: positionInPrefix(text, span.start), end: positionInPrefix(text, span.end) };
    }
    const index = this.index(uri);
    return { start: index.positionAt(span.start), end: index.positionAt(span.end) };
  }

  offset(uri: string, position: { line: number; character: number }): number {
    return this.index(uri).offsetAt(position);
  }
}

/** Offsets up to here are converted by scanning the text before them (see `range`). */
const PREFIX_SCAN = 4096;

/** The position of `offset` counted from the start of `text`, with the line breaks LSP counts (\r\n, \r, \n). */
export function positionInPrefix(text: string, offset: number): { line: number; character: number } {
  const end = Math.max(0, Math.min(offset, text.length));
  let line = 0;
  let lineStart = 0;
  if (end === 0 || text.lastIndexOf('\r', end - 1) < 0) {
    // No \r before the offset (most files): only \n breaks lines, found by indexOf, not a
    // character at a time (a file's related locations near its start are converted on every publish).
    for (let i = text.indexOf('\n'); i >= 0 && i < end; i = text.indexOf('\n', i + 1)) {
      line++;
      lineStart = i + 1;
    }
    return { line, character: end - lineStart };
  }
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 13 && text.charCodeAt(i + 1) === 10) {
      if (i + 1 >= end) break; // on the \n of a \r\n: still the line of the \r
      i++;
    }
    if (c === 13 || c === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, character: end - lineStart };
}

export const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export const RULES_DOC_URL = 'https://github.com/kube-ports/kube-ports/blob/main/README.md';

export function ruleDocUrl(rule: string): string {
  return `${RULES_DOC_URL}#${rule}`;
}

export function toDiagnostic(f: Finding, positions: Positions): Diagnostic {
  const relatedInformation: DiagnosticRelatedInformation[] = f.related.map((r) => ({
    location: { uri: r.uri, range: positions.range(r.uri, r.span) },
    message: r.message,
  }));
  return {
    range: positions.range(f.uri, f.span),
    severity: SEVERITY[f.severity],
    code: f.rule,
    codeDescription: { href: ruleDocUrl(f.rule) },
    source: 'kube-ports',
    message: f.message,
    ...(relatedInformation.length ? { relatedInformation } : {}),
  };
}

/** A list of diagnostics as `toDiagnostic` makes them (read back from the warm-start cache: anything else is refused). */
export function isDiagnosticList(value: unknown): boolean {
  if (!Array.isArray(value)) return false;
  const isPosition = (p: unknown) => {
    const r = p as { line?: unknown; character?: unknown } | null;
    return typeof r === 'object' && r !== null && Number.isInteger(r.line) && (r.line as number) >= 0 && Number.isInteger(r.character) && (r.character as number) >= 0;
  };
  const isRange = (v: unknown) => typeof v === 'object' && v !== null && isPosition((v as { start?: unknown }).start) && isPosition((v as { end?: unknown }).end);
  return value.every((d: unknown) => {
    if (typeof d !== 'object' || d === null) return false;
    const x = d as Record<string, unknown>;
    if (!isRange(x.range) || typeof x.message !== 'string' || ![1, 2, 3, 4].includes(x.severity as number) || typeof x.code !== 'string') return false;
    const related = x.relatedInformation;
    if (related === undefined) return true;
    return Array.isArray(related) && related.every((r: unknown) => {
      const y = r as { location?: { uri?: unknown; range?: unknown }; message?: unknown } | null;
      return typeof y === 'object' && y !== null && typeof y.message === 'string' && typeof y.location?.uri === 'string' && isRange(y.location.range);
    });
  });
}
