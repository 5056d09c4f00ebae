/**
 * The origin map of one rendered unit: rendered span → the template / base / patch line a person
 * edits, and back. Pure; never throws. The tool-specific halves are origin-helm.ts and
 * origin-kustomize.ts; this façade splits the rendered text as the Workspace does, finds the
 * rendered node a span points at (key-path.ts) and asks the document's mapper.
 */
import type { Span } from '../model/types';
import { isMap, isScalar, isSeq } from '../parse/yaml';
import { nodePathAt, rangeOf } from './key-path';
import { helmMappers } from './origin-helm';
import { kustomizeMappers } from './origin-kustomize';
import { renderedDocuments, type DocumentMapper, type InsertionRequest, type InsertionTarget, type RenderedDocument } from './rendered-docs';
import type { RenderUnit, SourceLocation } from './types';

export interface OriginMap {
  /** Where a span of the rendered file came from; never throws; falls back to the nearest enclosing key, then the document's first line in the source, then the unit's file. */
  toSource(span: Span): SourceLocation;
  /** Offsets in the rendered file that a source offset produced (a template line rendered into several documents gives several; none when the offset renders nothing). */
  toRendered(sourceUri: string, offset: number): number[];
  /**
   * The source collection an insertion into the rendered collection at `span` (exactly a mapping
   * or sequence node) lands in, so that the next render has it; undefined when none is exact.
   */
  insertionTarget(span: Span, insertion: InsertionRequest): InsertionTarget | undefined;
  /** Source files this map points into. */
  readonly sources: readonly string[];
  /** Per rendered document index: the source file and whether it is a Helm hook (`helm.sh/hook`), for the Workspace to exclude hooks as backends. */
  readonly documents: readonly { readonly sourceUri: string | undefined; readonly hook: boolean }[];
}

export interface OriginInput {
  readonly unit: RenderUnit;
  readonly renderedText: string; // the tool's stdout as given to the core
  readonly originBase?: string; // kustomize: RenderOutcome.originBase
  readonly text: (uri: string) => string | undefined; // source texts (workspace files; undefined for others)
  readonly auxiliary: ReadonlySet<string>;
}

interface ReverseEntry {
  readonly span: Span;
  readonly exact: boolean;
  readonly rendered: number;
}

export function buildOriginMap(input: OriginInput): OriginMap {
  let docs: RenderedDocument[] = [];
  let mappers: DocumentMapper[] = [];
  let sources: string[] = [];
  try {
    docs = renderedDocuments(input.renderedText);
    const built = input.unit.tool === 'helm' ? helmMappers(input, docs) : kustomizeMappers(input, docs);
    mappers = built.mappers;
    sources = [...new Set([input.unit.fileUri, ...built.sources])];
  } catch {
    mappers = [];
    sources = [input.unit.fileUri];
  }
  const unitFile = (): SourceLocation => ({ uri: input.unit.fileUri, span: { start: 0, end: 0 }, exact: false });

  const toSource = (span: Span): SourceLocation => {
    try {
      const i = documentAt(docs, span.start);
      const doc = docs[i];
      const mapper = mappers[i];
      if (!doc || !mapper) return unitFile();
      const rel = { start: span.start - doc.start, end: Math.max(span.start, span.end) - doc.start };
      const at = nodePathAt(doc.root, rel.start, rel.end);
      return mapper.locate(at, rel);
    } catch {
      return unitFile();
    }
  };

  const insertionTarget = (span: Span, insertion: InsertionRequest): InsertionTarget | undefined => {
    try {
      const i = documentAt(docs, span.start);
      const doc = docs[i];
      const mapper = mappers[i];
      if (!doc || !mapper?.insertionTarget) return undefined;
      const at = nodePathAt(doc.root, span.start - doc.start, span.end - doc.start);
      const r = rangeOf(at.node);
      // The path must end at the collection itself (not at a key, not inside it).
      if (at.isKey || !r || r[0] !== span.start - doc.start || r[1] !== span.end - doc.start) return undefined;
      if (insertion.key !== undefined ? !isMap(at.node) : !isSeq(at.node)) return undefined;
      return mapper.insertionTarget(at, insertion);
    } catch {
      return undefined;
    }
  };

  let reverse: Map<string, ReverseEntry[]> | undefined;
  const buildReverse = () => {
    const out = new Map<string, ReverseEntry[]>();
    docs.forEach((doc) => {
      for (const r of nodeRanges(doc.root)) {
        const rendered = { start: r[0] + doc.start, end: r[1] + doc.start };
        const loc = toSource(rendered);
        let list = out.get(loc.uri);
        if (!list) out.set(loc.uri, (list = []));
        list.push({ span: loc.span, exact: loc.exact, rendered: rendered.start });
        // A values-file line a `{{ .Values.x }}` reads leads to what it rendered too.
        for (const rel of loc.related ?? []) {
          if (rel.uri === loc.uri) continue;
          let rl = out.get(rel.uri);
          if (!rl) out.set(rel.uri, (rl = []));
          rl.push({ span: rel.span, exact: false, rendered: rendered.start });
        }
      }
    });
    return out;
  };

  const toRendered = (sourceUri: string, offset: number): number[] => {
    try {
      reverse ??= buildReverse();
      const entries = (reverse.get(sourceUri) ?? []).filter((e) => e.span.start <= offset && (offset < e.span.end || (offset === e.span.end && e.span.start === e.span.end)));
      const exact = entries.filter((e) => e.exact);
      const pool = exact.length > 0 ? exact : entries;
      if (pool.length === 0) return [];
      const size = Math.min(...pool.map((e) => e.span.end - e.span.start));
      return [...new Set(pool.filter((e) => e.span.end - e.span.start === size).map((e) => e.rendered))].sort((a, b) => a - b);
    } catch {
      return [];
    }
  };

  return {
    toSource,
    toRendered,
    insertionTarget,
    sources,
    documents: docs.map((_, i) => ({ sourceUri: mappers[i]?.sourceUri, hook: mappers[i]?.hook ?? false })),
  };
}

function documentAt(docs: readonly RenderedDocument[], offset: number): number {
  let lo = 0;
  let hi = docs.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (docs[mid]!.start <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Ranges of every key and scalar value of a document (what a finding or a hover can point at). */
function nodeRanges(root: unknown): [number, number][] {
  const out: [number, number][] = [];
  const walk = (node: unknown, depth: number) => {
    if (depth > 200) return;
    if (isMap(node)) {
      for (const p of node.items) {
        const k = rangeOf(p.key);
        if (k) out.push(k);
        walk(p.value, depth + 1);
      }
    } else if (isSeq(node)) {
      for (const it of node.items) walk(it, depth + 1);
    } else if (isScalar(node)) {
      const r = rangeOf(node);
      if (r) out.push(r);
    }
  };
  walk(root, 0);
  return out;
}
