/**
 * A unit's rendered text as documents, split exactly as the Workspace's parse splits it (so the
 * document indexes agree), each with its YAML root (parsed on first use). Shared by the Helm and
 * Kustomize mappers.
 */
import type { Span } from '../model/types';
import { parseYamlDocument } from '../parse/parse-file';
import { splitDocuments } from '../parse/split-documents';
import { isMap, isScalar } from '../parse/yaml';
import type { SourceLocation } from './types';
import type { NodeAt } from './key-path';

export interface RenderedDocument {
  readonly index: number;
  readonly start: number;
  readonly end: number;
  readonly text: string;
  /** The YAML root (ranges relative to `start`); undefined when the document does not parse. */
  readonly root: unknown;
  readonly kind: string | undefined;
  readonly name: string | undefined;
}

/**
 * The documents of a rendered text. Splitting is cheap and done at once; each document's YAML is
 * parsed only when something reads its `root` (a finding or a hover in it), so a render outcome
 * costs the main thread little: its `kind` comes from the top-level `kind:` line when there is
 * exactly one (what Helm and kustomize print), else from the parse.
 */
export function renderedDocuments(text: string): RenderedDocument[] {
  const bomShift = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  return splitDocuments(bomShift ? text.slice(1) : text).map((chunk, index) => new LazyDocument(index, chunk.start + bomShift, chunk.end + bomShift, chunk.text));
}

const TOP_LEVEL_KIND = /^kind:[ \t]*(["']?)([A-Za-z][A-Za-z0-9]*)\1[ \t]*(?:#.*)?$/gm;

class LazyDocument implements RenderedDocument {
  private parsed = false;
  private rootValue: unknown;
  private kindValue: string | undefined | null = null;

  constructor(
    readonly index: number,
    readonly start: number,
    readonly end: number,
    readonly text: string,
  ) {}

  get root(): unknown {
    if (!this.parsed) {
      this.parsed = true;
      try {
        const doc = parseYamlDocument(this.text);
        this.rootValue = doc.errors.length === 0 ? doc.contents : doc.contents ?? undefined;
      } catch {
        this.rootValue = undefined;
      }
    }
    return this.rootValue;
  }

  get kind(): string | undefined {
    if (this.kindValue === null) {
      const lines = [...this.text.matchAll(TOP_LEVEL_KIND)];
      this.kindValue = lines.length === 1 ? lines[0]![2] : stringAt(this.root, ['kind']);
    }
    return this.kindValue;
  }

  get name(): string | undefined {
    return stringAt(this.root, ['metadata', 'name']);
  }
}

/** A string (or number) scalar at a key path of maps. */
export function stringAt(root: unknown, path: readonly string[]): string | undefined {
  let n: unknown = root;
  for (const k of path) {
    if (!isMap(n)) return undefined;
    n = n.get(k, true);
  }
  if (!isScalar(n)) return undefined;
  const v = n.value;
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
}

/** What a mapper (Helm or Kustomize) answers for one rendered document. */
export interface DocumentMapper {
  readonly sourceUri: string | undefined;
  readonly hook: boolean;
  /** Maps a node path of this document; `span` is the rendered span relative to the document. */
  locate(at: NodeAt, span: Span): SourceLocation;
  /**
   * Where an insertion into the rendered collection at `at` (a mapping gaining `key`, or a
   * sequence gaining an item) is made in a source so that the next render has it: the span of
   * the same collection in the base or patch file. Undefined when that is not exact (Helm
   * templates; a collection a patch or transformer rewrites; see origin-kustomize.ts).
   */
  insertionTarget?(at: NodeAt, insertion: InsertionRequest): InsertionTarget | undefined;
}

/** An insertion asked of a mapper: a pair `key` (into a mapping) or an item (into a sequence), and its value. */
export interface InsertionRequest {
  readonly key?: string;
  readonly value: unknown;
}

/** A source collection (mapping or sequence node) an insertion lands in. */
export interface InsertionTarget {
  readonly uri: string;
  /** The node's span in `uri` (as the `yaml` parser ranges it). */
  readonly span: Span;
  /** The node's text when the unit rendered (an edit since then, not yet rendered, makes the span stale). */
  readonly text: string;
}
