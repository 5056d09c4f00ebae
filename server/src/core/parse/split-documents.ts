/**
 * Splits a multi-document YAML file into its documents without parsing it, so that an edit
 * re-parses only the document it touches. A document starts at a `---` marker line; the YAML
 * spec forbids such a line inside content, so the split agrees with a full parse.
 */

export interface DocumentChunk {
  /** Offset of the chunk in the file. */
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

const MARKER = /^---(?=[ \t\r\n]|$)/gm;

export function splitDocuments(text: string, isJson = false): DocumentChunk[] {
  if (isJson) return [{ start: 0, end: text.length, text }];
  const starts: number[] = [0];
  MARKER.lastIndex = 0;
  for (let m = MARKER.exec(text); m; m = MARKER.exec(text)) {
    if (m.index > 0) starts.push(m.index);
  }
  const chunks: DocumentChunk[] = [];
  let pendingStart: number | undefined;
  for (let i = 0; i < starts.length; i++) {
    const start = pendingStart ?? starts[i]!;
    const end = i + 1 < starts.length ? starts[i + 1]! : text.length;
    const chunk = text.slice(start, end);
    // Directives (`%YAML 1.2`) belong to the document that follows them.
    if (i + 1 < starts.length && isDirectivesOnly(chunk)) {
      pendingStart = start;
      continue;
    }
    pendingStart = undefined;
    chunks.push({ start, end, text: chunk });
  }
  return chunks;
}

const FIRST_CONTENT = /^[^#\s]/m;

/**
 * The chunk holds only directives, comments and blank lines. Decided from its first content line,
 * so a long document costs one short match, not a scan of its whole text.
 */
function isDirectivesOnly(chunk: string): boolean {
  const first = FIRST_CONTENT.exec(chunk);
  if (!first || chunk[first.index] !== '%') return false;
  return !/^[^%#\s]/m.test(chunk);
}
