/**
 * Documents an edit moved. When an edit before a document changes the length of the file, the
 * document's text is unchanged but its place is not: `parseFile` reuses its objects as copies with
 * every span moved by the offset delta (`shift`). Such a copy is the same object for everything
 * but its offsets, so the workspace files it in its original's place, keeps its keys, and moves
 * the findings kept for it — and the related locations other findings have in it — by the same
 * delta instead of computing them again.
 */
import { sortRelated } from '../analysis';
import type { Finding, RelatedLocation } from '../findings';
import type { K8sObject, Span } from '../model/types';
import type { ParsedDocument } from '../parse/parse-file';

/** A reused document at its new place (`ParseFileInput.onMoved`). */
export interface MovedDocument {
  readonly from: ParsedDocument;
  readonly to: ParsedDocument;
}

export interface MovedObjects {
  /** Old object → its moved copy, for the objects the file had, no longer has, and has one copy of. */
  readonly objects: ReadonlyMap<K8sObject, K8sObject>;
  /** Where the moved documents' old offsets go. */
  readonly spans: MovedSpans;
}

/**
 * The moves of an edit of `uri` whose objects were `before` and whose documents are `after`. A
 * copy counts as its original moved only when the original is gone and was copied once (a
 * document pasted twice is new objects, not a move), and only when the edit kept the order of the
 * documents it kept or moved: lookups answer in source order, so findings computed from them
 * could otherwise change (undefined: no move counts, the copies are new objects).
 */
export function movedObjects(uri: string, before: readonly K8sObject[], after: readonly ParsedDocument[], moves: readonly MovedDocument[]): MovedObjects | undefined {
  const had = new Set(before);
  const has = new Set<K8sObject>();
  for (const d of after) for (const o of d.objects) has.add(o);
  const objects = new Map<K8sObject, K8sObject>();
  const twice = new Set<K8sObject>();
  const origin = new Map<ParsedDocument, ParsedDocument>();
  for (const { from, to } of moves) {
    origin.set(to, from);
    from.objects.forEach((o, i) => {
      const copy = to.objects[i];
      if (!copy || !had.has(o) || has.has(o)) return;
      if (objects.has(o)) twice.add(o);
      objects.set(o, copy);
    });
  }
  for (const o of twice) objects.delete(o);
  // Where each kept or moved document was, in the order they are now: must only grow.
  let last = -1;
  for (const d of after) {
    const was = origin.get(d)?.span.start ?? (d.objects.length > 0 && had.has(d.objects[0]!) ? d.span.start : undefined);
    if (was === undefined) continue;
    if (was <= last) return undefined;
    last = was;
  }
  const regions: Region[] = [];
  for (const { from, to } of moves) {
    const delta = to.span.start - from.span.start;
    if (delta !== 0 && from.objects.length > 0 && from.objects.every((o, i) => objects.get(o) === to.objects[i])) {
      regions.push({ start: from.span.start, end: from.span.end, delta });
    }
  }
  regions.sort((a, b) => a.start - b.start);
  return { objects, spans: new MovedSpans(uri, regions) };
}

interface Region {
  readonly start: number;
  readonly end: number;
  readonly delta: number;
}

/** Offsets of one file's old text → the new text's, for the spans inside documents that moved. */
export class MovedSpans {
  constructor(
    readonly uri: string,
    private readonly regions: readonly Region[],
  ) {}

  /** The span's place in the new text: moved with the document it lies in, or as it was. */
  span(span: Span): Span {
    const regions = this.regions;
    // The last region starting at or before the span.
    let lo = 0;
    let hi = regions.length - 1;
    let at = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (regions[mid]!.start <= span.start) {
        at = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    const r = at >= 0 ? regions[at]! : undefined;
    if (!r || span.end > r.end) return span;
    return { start: span.start + r.delta, end: span.end + r.delta };
  }

  /** The findings with their spans in this file moved; the same list when none moves. */
  findings<L extends readonly Finding[]>(findings: L): L {
    if (this.regions.length === 0) return findings;
    let out: Finding[] | undefined;
    for (let i = 0; i < findings.length; i++) {
      const f = findings[i]!;
      const moved = this.finding(f);
      if (moved !== f) (out ??= findings.slice())[i] = moved;
    }
    return (out ?? findings) as L;
  }

  private finding(f: Finding): Finding {
    const span = f.uri === this.uri ? this.span(f.span) : f.span;
    let related: RelatedLocation[] | undefined;
    for (let i = 0; i < f.related.length; i++) {
      const r = f.related[i]!;
      if (r.uri !== this.uri) continue;
      const moved = this.span(r.span);
      if (moved !== r.span) (related ??= f.related.slice())[i] = { uri: r.uri, span: moved, message: r.message };
    }
    if (span === f.span && !related) return f;
    // In the order the rules give them (moved documents may pass others, when a document was reused from elsewhere).
    return { uri: f.uri, span, rule: f.rule, severity: f.severity, message: f.message, related: related ? sortRelated(related) : f.related };
  }
}
