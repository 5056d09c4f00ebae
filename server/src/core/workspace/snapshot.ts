/**
 * A file's parse and findings as plain JSON, and back: what the warm-start cache stores
 * (host/model-cache.ts keeps the files and the keys; this module only converts). A snapshot holds
 * the text, the documents' spans, the objects and the notes, never a YAML syntax tree (an open
 * file's trees are rebuilt on demand, as for any closed file: `Workspace.withSyntax`).
 *
 * Loading never throws and never trusts its input: anything that is not exactly the shape written
 * here (a wrong type, a span outside the text, an object of another file) makes the entry
 * `undefined`, a cache miss.
 */
import type { Finding, RelatedLocation } from '../findings';
import { OFFSET_FIELDS, type FileNote, type K8sObject, type Span } from '../model/types';
import { parsedDocument, parsedFileOf, parseFile, type ParsedDocument, type ParsedFile } from '../parse/parse-file';
import type { ValueDecoder, ValueEncoder } from './model-codec';

/** The parse context a file's objects depend on besides its text (settings are keyed separately). */
export interface ParseContext {
  /** A kustomization's `namespace:` applied to the file. */
  readonly namespaceOverride: string | undefined;
  /** The file is a template of a Helm chart. */
  readonly template: boolean;
}

/** The settings a closed file's parse depends on, besides its context. */
export interface ParseSettings {
  readonly defaultNamespace: string;
  readonly maxFileSize: number;
}

/**
 * A closed file's parse as the workspace makes it on a first load (Workspace.parse), for a parse
 * worker: the model it sends is the one the main thread would have built.
 */
export function parseClosedFile(uri: string, text: string, settings: ParseSettings, context: ParseContext): ParsedFile {
  return parseFile({
    uri,
    text,
    fast: 'all',
    defaultNamespace: settings.defaultNamespace,
    namespaceOverride: context.namespaceOverride,
    template: context.template,
    maxFileSize: settings.maxFileSize,
  });
}

/** The file lies under `templates/` of a folder holding a Chart.yaml (`has`: which files exist). */
export function isChartTemplate(uri: string, has: (uri: string) => boolean): boolean {
  for (let at = uri.indexOf('/templates/'); at >= 0; at = uri.indexOf('/templates/', at + 1)) {
    if (has(`${uri.slice(0, at)}/Chart.yaml`)) return true;
  }
  return false;
}

export interface FileSnapshot {
  readonly uri: string;
  readonly text: string;
  /** Per document: [start, end, broken (1) or not (0)]. */
  readonly documents: readonly (readonly [number, number, number])[];
  readonly objects: readonly unknown[];
  readonly notes: readonly unknown[];
  readonly namespaceOverride?: string;
  readonly template: boolean;
}

export interface RestoredFile {
  readonly parsed: ParsedFile;
  readonly context: ParseContext;
}

export function snapshotOfFile(parsed: ParsedFile, context: ParseContext): FileSnapshot {
  return {
    uri: parsed.uri,
    text: parsed.text,
    documents: parsed.documents.map((d) => [d.span.start, d.span.end, d.broken ? 1 : 0] as const),
    objects: parsed.objects,
    notes: parsed.notes,
    ...(context.namespaceOverride !== undefined ? { namespaceOverride: context.namespaceOverride } : {}),
    template: context.template,
  };
}

/** A snapshot read back (from parsed JSON of unknown origin), or undefined when it is not one for `uri`. */
export function restoreFile(value: unknown, uri: string): RestoredFile | undefined {
  if (!isRecord(value) || typeof value.text !== 'string') return undefined;
  return restore(value, uri, value.text, true);
}

/**
 * Appends a file's snapshot (its text left out: the caller keeps texts apart) and its findings
 * to `encoder` (model-codec.ts): two values, read back by `decodeFile` (file `i` is values 2i and 2i + 1).
 */
export function encodeFile(encoder: ValueEncoder, parsed: ParsedFile, context: ParseContext, findings: readonly Finding[] | undefined): void {
  const { text: _text, ...snapshot } = snapshotOfFile(parsed, context);
  encoder.add(snapshot);
  // Apart: a finding's related locations are spans of other files' texts.
  encoder.add(findings ?? null);
}

/**
 * Value `i` of `decoder` as the snapshot and findings of `uri` with this text; undefined when it
 * is not one (the decoder checked every span against the text; the rest is checked here).
 */
export function decodeFile(decoder: ValueDecoder, i: number, uri: string, text: string): { file: RestoredFile; findings: Finding[] | undefined } | undefined {
  const file = restore(decoder.value(2 * i, text.length), uri, text, false);
  if (!file) return undefined;
  const value = decoder.value(2 * i + 1, Number.MAX_SAFE_INTEGER);
  if (value === null) return { file, findings: undefined };
  const findings = restoreFindings(value, uri, text.length);
  return findings ? { file, findings } : undefined;
}

function restore(value: unknown, uri: string, text: string, checkSpans: boolean): RestoredFile | undefined {
  if (!isRecord(value) || value.uri !== uri || typeof value.template !== 'boolean') return undefined;
  if (value.namespaceOverride !== undefined && typeof value.namespaceOverride !== 'string') return undefined;
  const { documents: rawDocs, objects: rawObjects, notes: rawNotes } = value;
  if (!Array.isArray(rawDocs) || !Array.isArray(rawObjects) || !Array.isArray(rawNotes) || rawNotes.length > 1) return undefined;
  const spans: { span: Span; broken: boolean }[] = [];
  let last = 0;
  for (const d of rawDocs) {
    if (!Array.isArray(d) || d.length !== 3) return undefined;
    const [start, end, broken] = d as unknown[];
    if (!isOffset(start, text.length) || !isOffset(end, text.length) || (start as number) < last || (end as number) < (start as number)) return undefined;
    if (broken !== 0 && broken !== 1) return undefined;
    last = end as number;
    spans.push({ span: { start: start as number, end: end as number }, broken: broken === 1 });
  }
  const byDocument: K8sObject[][] = spans.map(() => []);
  for (const o of rawObjects) {
    if (!isObject(o, uri, spans, text.length, checkSpans)) return undefined;
    const at = byDocument[o.documentIndex]!;
    if (spans[o.documentIndex]!.broken) return undefined;
    at.push(o);
  }
  const notes: FileNote[] = [];
  for (const n of rawNotes) {
    if (!isRecord(n) || !isSpan(n.span, text.length) || typeof n.message !== 'string' || !NOTE_CODES.has(n.code as string)) return undefined;
    notes.push(n as unknown as FileNote);
  }
  const documents: ParsedDocument[] = spans.map(({ span, broken }, index) => parsedDocument(index, span, text.slice(span.start, span.end), undefined, byDocument[index]!, broken, undefined));
  return {
    parsed: parsedFileOf(uri, text, documents, rawObjects as K8sObject[], notes),
    context: { namespaceOverride: value.namespaceOverride as string | undefined, template: value.template },
  };
}

/** A file's findings read back, or undefined when any of them is not a finding on `uri` within its text. */
export function restoreFindings(value: unknown, uri: string, textLength: number): Finding[] | undefined {
  if (!Array.isArray(value)) return undefined;
  for (const f of value) {
    if (!isRecord(f) || f.uri !== uri || !isSpan(f.span, textLength) || typeof f.rule !== 'string' || typeof f.message !== 'string') return undefined;
    if (!SEVERITIES.has(f.severity as string) || !Array.isArray(f.related)) return undefined;
    for (const r of f.related as unknown[]) if (!isRelated(r)) return undefined;
  }
  return value as Finding[];
}

// ---- validation -----------------------------------------------------------------------------

const NOTE_CODES = new Set(['yaml-syntax', 'helm-template', 'file-too-large', 'not-text', 'too-complex']);
const SEVERITIES = new Set(['error', 'warning', 'information', 'hint']);
/** Model values nest a handful of levels; anything deeper is not one of ours. */
const MAX_DEPTH = 32;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isOffset(v: unknown, max: number): boolean {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= max;
}

function isSpan(v: unknown, max: number): v is Span {
  return isRecord(v) && isOffset(v.start, max) && isOffset(v.end, max) && (v.start as number) <= (v.end as number);
}

function isRelated(v: unknown): v is RelatedLocation {
  return isRecord(v) && typeof v.uri === 'string' && isSpan(v.span, Number.MAX_SAFE_INTEGER) && typeof v.message === 'string';
}

/**
 * An object of `uri`: the fields every object has, of the right types, in a document that exists,
 * and every span anywhere inside it (any pair of `OFFSET_FIELDS`) within the file's text.
 */
function isObject(o: unknown, uri: string, docs: readonly { span: Span }[], textLength: number, checkSpans: boolean): o is K8sObject {
  if (!isRecord(o) || o.uri !== uri || typeof o.kind !== 'string' || typeof o.name !== 'string' || typeof o.namespace !== 'string') return false;
  if (typeof o.apiVersion !== 'string' || typeof o.documentIndex !== 'number' || !Number.isInteger(o.documentIndex)) return false;
  const doc = docs[o.documentIndex];
  if (!doc || !isSpan(o.span, textLength) || !isOffset(o.kindStart, textLength) || !isOffset(o.kindEnd, textLength) || !isSpan(o.documentSpan, textLength)) return false;
  if (o.documentSpan.start !== doc.span.start || o.documentSpan.end !== doc.span.end) return false;
  return !checkSpans || spansWithin(o, textLength, 0);
}

function spansWithin(v: unknown, textLength: number, depth: number): boolean {
  if (depth > MAX_DEPTH) return false;
  if (Array.isArray(v)) return v.every((x) => typeof x !== 'object' || x === null || spansWithin(x, textLength, depth + 1));
  if (!isRecord(v)) return true;
  for (const [a, b] of OFFSET_FIELDS) {
    // A span (possibly with more fields, like a scalar's; a label entry has two): both ends within the text.
    if (typeof v[a] === 'number' || typeof v[b] === 'number') {
      if (!isOffset(v[a], textLength) || !isOffset(v[b], textLength)) return false;
    }
  }
  for (const k in v) {
    const x = v[k];
    if (typeof x === 'object' && x !== null && !spansWithin(x, textLength, depth + 1)) return false;
  }
  return true;
}
