/**
 * Text edits in file offsets (UTF-16), as every code action produces them. Pure.
 */
import type { Span } from '../model/types';

export interface TextEdit {
  readonly span: Span;
  readonly newText: string;
  /** The same edit as an LSP snippet (`${1:192.0.2.10}`), for clients that support snippet edits. */
  readonly snippet?: string;
}

/** Applies non-overlapping edits (any order) to a text. Edits at the same offset keep their order. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = edits.map((e, i) => ({ e, i })).sort((a, b) => a.e.span.start - b.e.span.start || a.e.span.end - b.e.span.end || a.i - b.i);
  let out = '';
  let at = 0;
  for (const { e } of sorted) {
    if (e.span.start < at) continue; // overlapping: skip rather than corrupt the text
    out += text.slice(at, e.span.start) + e.newText;
    at = e.span.end;
  }
  return out + text.slice(at);
}

/** The file's line break: CRLF when the text uses it, else LF. */
export function eolOf(text: string): string {
  const i = text.indexOf('\n');
  return i > 0 && text.charCodeAt(i - 1) === 13 ? '\r\n' : '\n';
}

export function lineStartOf(text: string, offset: number): number {
  let i = Math.min(offset, text.length);
  while (i > 0 && text.charCodeAt(i - 1) !== 10 && text.charCodeAt(i - 1) !== 13) i--;
  return i;
}

/** The offset of the line break (or end of text) of the line holding `offset`. */
export function lineEndOf(text: string, offset: number): number {
  let i = Math.max(0, offset);
  while (i < text.length && text.charCodeAt(i) !== 10 && text.charCodeAt(i) !== 13) i++;
  return i;
}

/** The offset just after the line break that ends the line holding `offset`. */
export function nextLineStart(text: string, offset: number): number {
  const end = lineEndOf(text, offset);
  if (text.charCodeAt(end) === 13 && text.charCodeAt(end + 1) === 10) return end + 2;
  return end < text.length ? end + 1 : end;
}

export function columnOf(text: string, offset: number): number {
  return offset - lineStartOf(text, offset);
}
