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
    const index = this.index(uri);
    return { start: index.positionAt(span.start), end: index.positionAt(span.end) };
  }

  offset(uri: string, position: { line: number; character: number }): number {
    return this.index(uri).offsetAt(position);
  }
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
