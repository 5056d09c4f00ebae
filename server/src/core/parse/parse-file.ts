/**
 * Reads one file into objects. Each document is parsed on its own, so a caller that keeps the
 * previous `ParsedFile` gets every unchanged document back without parsing it again.
 */
import type { FileNote, K8sObject, Span } from '../model/types';
import { basename, isJsonUri } from '../uri';
import { extractObjects } from './extract-object';
import { NodeReader } from './read-node';
import { fastParseDocument } from './fast-parse';
import { exact } from '../model/lists';
import { flatten } from './intern';
import { nestsTooDeep } from './nesting';
import { splitDocuments } from './split-documents';
import { parseDocument, type Document } from './yaml';

export interface ParsedDocument {
  readonly index: number;
  readonly span: Span;
  readonly text: string;
  /** The YAML document (offsets relative to `span.start`); absent when the document was skipped. */
  readonly yaml: Document | undefined;
  readonly objects: readonly K8sObject[];
  /** The document failed to parse. */
  readonly broken: boolean;
  /**
   * The fast path's tree (fast-parse.ts), kept like `yaml` only while the file is open, so that
   * an unchanged document of an open file is re-read without parsing when another one changes.
   */
  readonly fastTree?: unknown;
}

/**
 * A document record. Every document is made here: one literal with every field in one order, so
 * all documents share one hidden class with their fields in the object itself. A copy made with
 * `Object.assign({}, d, …)` (dropping a closed file's syntax, moving a reused document) had its
 * fields past the fourth in a separate property store: 40 bytes a document, 4 MB at 100,000.
 */
export function parsedDocument(
  index: number,
  span: Span,
  text: string,
  yaml: Document | undefined,
  objects: readonly K8sObject[],
  broken: boolean,
  fastTree: unknown,
): ParsedDocument {
  return { index, span, text, yaml, objects, broken, fastTree };
}

/** A file record, likewise one literal (`dropSyntax` copies one). */
export function parsedFileOf(uri: string, text: string, documents: readonly ParsedDocument[], objects: readonly K8sObject[], notes: readonly FileNote[]): ParsedFile {
  return { uri, text, documents, objects, notes };
}

export interface ParsedFile {
  readonly uri: string;
  readonly text: string;
  readonly documents: readonly ParsedDocument[];
  readonly objects: readonly K8sObject[];
  /** At most one note per file: why it was (partly) skipped. */
  readonly notes: readonly FileNote[];
}

export interface ParseFileInput {
  readonly uri: string;
  readonly text: string;
  readonly defaultNamespace: string;
  /** A kustomization's `namespace:` for the file: it replaces the declared namespace (kustomize's namespace transformer). */
  readonly namespaceOverride?: string | undefined;
  /**
   * The file is a template of a Helm chart (under `<chart>/templates/`): a document that contains
   * `{{` is a template, not an object, even when it happens to parse as YAML.
   */
  readonly template?: boolean | undefined;
  /** The previous parse of the same file: unchanged documents are reused. */
  readonly previous?: ParsedFile | undefined;
  /**
   * Reuse an unchanged document's objects even when its syntax tree was dropped (it comes back as
   * dropped documents do: re-parsed on demand). For a unit's rendered file: the tool's whole
   * output arrives on every render, and most of its documents are unchanged.
   */
  readonly reuseDropped?: boolean | undefined;
  readonly maxFileSize?: number | undefined;
  /** The file's size when its text was not read because it is too large. */
  readonly unreadSize?: number | undefined;
  /**
   * Documents whose text did not change (or all, for a file that is not open) may be read with
   * the fast path (fast-parse.ts) instead of `yaml`; a changed document of an open file is always
   * parsed with `yaml`. Default: false (everything through `yaml`).
   */
  readonly fast?: 'all' | 'unchanged' | false | undefined;
  /**
   * The file is open in an editor, so the syntax trees of its documents are kept between edits
   * (`ParsedDocument.yaml` / `fastTree`). Each document it parses is then read from a copy of its
   * own text: a tree's strings are slices of the text it was parsed from, and a tree built on a
   * slice of the whole file would keep that version of the file alive for as long as its document
   * stays unchanged — one old copy of the file per document after edits across a big file.
   */
  readonly open?: boolean | undefined;
  /**
   * Called for each reused document whose objects were copied to its new place (an edit before it
   * changed the length, or its index changed): `to.objects[i]` is `from.objects[i]` with every span
   * moved by `to.span.start - from.span.start` (`shift`), the same content otherwise.
   */
  readonly onMoved?: ((from: ParsedDocument, to: ParsedDocument) => void) | undefined;
}

/** Parser options, in one place: YAML 1.2 core schema with merge keys, as kubectl reads it. */
const PARSE_OPTIONS = {
  merge: true,
  uniqueKeys: false,
  prettyErrors: false,
  strict: false,
  keepSourceTokens: false,
  maxAliasCount: 100,
} as const;

export function parseYamlDocument(text: string): Document {
  return parseDocument(text, PARSE_OPTIONS) as unknown as Document;
}

/** The fast path's trees hold no aliases, so the reader never asks the document anything. */
const NO_DOCUMENT = {} as Document;

const KUSTOMIZATION_FILE = /^(kustomization\.ya?ml|Kustomization)$/;

export function parseFile(input: ParseFileInput): ParsedFile {
  const { uri, text } = input;
  const empty = (note?: FileNote): ParsedFile => parsedFileOf(uri, text, exact([]), exact([]), note ? [note] : exact([]));
  const size = input.unreadSize ?? text.length;
  if (input.maxFileSize !== undefined && size > input.maxFileSize) {
    return empty({
      span: { start: 0, end: 0 },
      code: 'file-too-large',
      message: `kube-ports skipped this file: it is ${formatSize(size)}, over the kubePorts.maxFileSize limit of ${formatSize(input.maxFileSize)}.`,
    });
  }
  const isJson = isJsonUri(uri);
  const isKustomizationFile = KUSTOMIZATION_FILE.test(basename(uri));
  const previous = input.previous?.documents ?? [];
  const canReuse = (d: ParsedDocument) => d.yaml !== undefined || d.fastTree !== undefined || (input.reuseDropped === true && !d.broken);
  // Previous documents by the length of their text, made only when a document is not where it
  // was: keyed by the text itself, every keystroke in a big file hashed all of it.
  let byLength: Map<number, ParsedDocument[]> | undefined;
  /** The last previous document with this text that passes `test`. */
  const previousWithText = (chunkText: string, test: (d: ParsedDocument) => boolean): ParsedDocument | undefined => {
    if (!byLength) {
      byLength = new Map();
      for (const d of previous) {
        const list = byLength.get(d.text.length);
        if (list) list.push(d);
        else byLength.set(d.text.length, [d]);
      }
    }
    const list = byLength.get(chunkText.length) ?? [];
    for (let i = list.length - 1; i >= 0; i--) if (list[i]!.text === chunkText && test(list[i]!)) return list[i];
    return undefined;
  };
  const fast = input.fast ?? false;

  const documents: ParsedDocument[] = [];
  const objects: K8sObject[] = [];
  let note: FileNote | undefined;
  const chunks = splitDocuments(stripBom(text), isJson);
  const bomShift = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  /** Documents after an edit keep their place counted from the end. */
  const fromEnd = previous.length - chunks.length;
  /** A previous document with this text that can be reused: where it was (counted from the start or from the end), else anywhere. */
  const reusableFor = (index: number, chunkText: string): ParsedDocument | undefined => {
    for (const d of [previous[index], previous[index + fromEnd]]) if (d !== undefined && d.text === chunkText && canReuse(d)) return d;
    return previous.length ? previousWithText(chunkText, canReuse) : undefined;
  };
  const isTemplate = (chunk: { text: string }) => input.template === true && chunk.text.includes('{{');
  const reusedAt = chunks.map((chunk, index) => (isTemplate(chunk) ? undefined : reusableFor(index, chunk.text)));
  // The documents cover the text; a reused one was read before, from a text without NUL (that parse would have had no documents).
  if (chunks.some((chunk, index) => reusedAt[index] === undefined && chunk.text.includes('\u0000'))) {
    return empty({ span: { start: 0, end: 0 }, code: 'not-text', message: 'kube-ports skipped this file: it is not text (it contains NUL bytes).' });
  }
  chunks.forEach((chunk, index) => {
    const span = { start: chunk.start + bomShift, end: chunk.end + bomShift };
    if (isTemplate(chunk)) {
      note ??= templateNote(chunk.text, span.start);
      documents.push(parsedDocument(index, span, chunk.text, undefined, exact([]), true, undefined));
      return;
    }
    const reused = reusedAt[index];
    if (reused && !reused.broken && (reused.yaml || reused.fastTree !== undefined || input.reuseDropped)) {
      // Same text: the same objects, moved to the document's new place (no re-extraction).
      const delta = span.start - reused.span.start;
      // Object.assign, not `{ ...x, more }`: that gives each object a hidden class of its own in V8.
      const docObjects = delta === 0 && reused.index === index ? reused.objects : reused.objects.map((o) => Object.assign(shift(o, delta), { documentIndex: index }) as K8sObject);
      const doc = parsedDocument(index, span, chunk.text, reused.yaml, docObjects, reused.broken, reused.fastTree);
      documents.push(doc);
      objects.push(...docObjects);
      if (docObjects !== reused.objects) input.onMoved?.(reused, doc);
      return;
    }
    if (!reused && nestsTooDeep(chunk.text)) {
      // Never handed to a parser: see nesting.ts (a V8 abort, not an exception, is at stake).
      note ??= tooDeepNote(span.start);
      documents.push(parsedDocument(index, span, chunk.text, undefined, exact([]), true, undefined));
      return;
    }
    // The text the document's tree and objects are built from (see `ParseFileInput.open`).
    const source = input.open && !reused ? flatten(chunk.text) : chunk.text;
    let fastTree = reused?.fastTree;
    if (!reused && (fast === 'all' || (fast === 'unchanged' && previous.length > 0 && previousWithText(chunk.text, (d) => !d.broken && !canReuse(d)) !== undefined))) {
      fastTree = fastParseDocument(source)?.contents;
    }
    if (fastTree !== undefined) {
      let docObjects: K8sObject[] = [];
      try {
        const reader = new NodeReader(NO_DOCUMENT, span.start, source);
        docObjects = extractObjects(
          { reader, uri, documentIndex: index, documentSpan: span, defaultNamespace: input.defaultNamespace, namespaceOverride: input.namespaceOverride, isKustomizationFile },
          fastTree,
        );
      } catch {
        docObjects = [];
      }
      documents.push(parsedDocument(index, span, chunk.text, undefined, docObjects, false, fastTree));
      objects.push(...docObjects);
      return;
    }
    let yaml = reused?.yaml;
    let failure: unknown;
    if (!yaml) {
      try {
        yaml = parseYamlDocument(source);
      } catch (e) {
        yaml = undefined;
        failure = e;
      }
    }
    const error = yaml ? yaml.errors[0] : undefined;
    if (!yaml || error) {
      note ??= tooDeep(failure, error) ? tooDeepNote(span.start) : brokenNote(chunk.text, span.start, error);
      documents.push(parsedDocument(index, span, chunk.text, undefined, exact([]), true, undefined));
      return;
    }
    let docObjects: K8sObject[] = [];
    try {
      const reader = new NodeReader(yaml, span.start, source);
      docObjects = extractObjects(
        { reader, uri, documentIndex: index, documentSpan: span, defaultNamespace: input.defaultNamespace, namespaceOverride: input.namespaceOverride, isKustomizationFile },
        yaml.contents,
      );
    } catch {
      docObjects = [];
    }
    documents.push(parsedDocument(index, span, chunk.text, yaml, docObjects, false, undefined));
    objects.push(...docObjects);
  });
  return parsedFileOf(uri, text, exact(documents), exact(objects), note ? [note] : exact([]));
}

function templateNote(chunkText: string, base: number): FileNote {
  const at = Math.max(0, chunkText.indexOf('{{'));
  return {
    span: { start: base + at, end: base + at + 2 },
    code: 'helm-template',
    message: 'kube-ports skipped this document: it looks like a Helm/Go template, which is not plain YAML until rendered.',
  };
}

function brokenNote(chunkText: string, base: number, error: { pos: [number, number]; message: string } | undefined): FileNote {
  if (chunkText.includes('{{')) return templateNote(chunkText, base);
  // The parser may place an error one past the end of the text: clamp into the document.
  const clamp = (n: number) => Math.max(0, Math.min(n, chunkText.length));
  const pos = [clamp(error?.pos[0] ?? 0), clamp(error?.pos[1] ?? 0)] as const;
  const first = (error?.message ?? 'the YAML parser failed').split('\n')[0]!.slice(0, 500).replace(/ at line \d+, column \d+:?$/, '');
  return {
    span: { start: base + pos[0], end: base + Math.max(pos[0], pos[1]) },
    code: 'yaml-syntax',
    message: `kube-ports skipped this document: YAML syntax error: ${first}`,
  };
}

/** The parser ran out of stack: the document nests thousands of levels deep. */
function tooDeep(failure: unknown, error: { message: string } | undefined): boolean {
  return failure instanceof RangeError || /Maximum call stack/.test(error?.message ?? '');
}

function tooDeepNote(base: number): FileNote {
  return {
    span: { start: base, end: base },
    code: 'too-complex',
    message: 'kube-ports skipped this document: it nests collections too deeply to analyse (thousands of levels); no Kubernetes object does that.',
  };
}

/**
 * A copy of a model value with every span moved by `delta` (spans are the pairs of `OFFSET_FIELDS`:
 * `{start, end}` objects, the values that hold them inline, a label entry's key and value). The value itself is always a new object; what holds no span is shared
 * (strings lists, the shared empty list), and a copy is a spread of the original, so it keeps the
 * original's hidden class (V8).
 */
function shift<T>(value: T, delta: number): T {
  const out = moved(value, delta);
  if (out !== value || typeof value !== 'object' || value === null) return out;
  return (Array.isArray(value) ? value.slice() : { ...value }) as T;
}

/** `value` with every span inside moved by `delta`: the same value when none is inside. */
function moved<T>(value: T, delta: number): T {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    // The model's lists hold one type each (strings, a text value's run numbers, or model
    // objects; model/types.ts): one whose first item is not an object holds no span.
    if (value.length === 0 || typeof value[0] !== 'object') return value;
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i];
      if (typeof v !== 'object' || v === null) continue;
      const w = moved(v, delta);
      if (w !== v) (out ??= value.slice())[i] = w;
    }
    return (out ?? value) as T;
  }
  const from = value as Record<string, unknown>;
  let out: Record<string, unknown> | undefined;
  for (const k in from) {
    const v = from[k];
    if (typeof v !== 'object' || v === null) continue;
    const w = moved(v, delta);
    if (w !== v) (out ??= { ...from })[k] = w;
  }
  if (delta !== 0) {
    // The pairs of OFFSET_FIELDS, read by name (a keyed read per pair was most of an edit's moves).
    if (typeof from.start === 'number' && typeof from.end === 'number') {
      out ??= { ...from };
      out.start = from.start + delta;
      out.end = from.end + delta;
    }
    if (typeof from.keyStart === 'number' && typeof from.keyEnd === 'number') {
      out ??= { ...from };
      out.keyStart = from.keyStart + delta;
      out.keyEnd = from.keyEnd + delta;
    }
    if (typeof from.valueStart === 'number' && typeof from.valueEnd === 'number') {
      out ??= { ...from };
      out.valueStart = from.valueStart + delta;
      out.valueEnd = from.valueEnd + delta;
    }
    // An object's own pairs (model/types.ts ObjectBase): only objects have a kind, so the others pay one read.
    if (typeof from.kindStart === 'number' && typeof from.kindEnd === 'number') {
      out ??= { ...from };
      out.kindStart = from.kindStart + delta;
      out.kindEnd = from.kindEnd + delta;
      if (typeof from.nameStart === 'number' && typeof from.nameEnd === 'number') {
        out.nameStart = from.nameStart + delta;
        out.nameEnd = from.nameEnd + delta;
      }
    }
  }
  return (out ?? value) as T;
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function formatSize(size: number): string {
  if (size >= 1024 * 1024) return `${(size / 1024 / 1024).toFixed(1)} MB`;
  if (size >= 1024) return `${Math.round(size / 1024)} KB`;
  return `${size} bytes`;
}
