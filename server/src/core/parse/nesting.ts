/**
 * How deeply a YAML document nests, measured in one linear pass over its text before any parser
 * sees it. The `yaml` composer recurses once per level; a document thousands of levels deep
 * (`[[[[…]]]]`) runs it to the end of the stack, and whatever runs there may fail in a way that
 * cannot be caught: V8 compiling a regular expression with no stack left aborts the whole
 * process ("RegExpCompiler Allocation failed"). So such a document is never parsed at all.
 *
 * The measure errs on the high side (it does not know block scalars or plain scalars that hold
 * brackets), which only matters far above any real manifest: Kubernetes objects, CRD schemas
 * included, nest well under a hundred levels. Pure, no regular expressions, O(length); a bound
 * from native searches (`levelsBound`) spares the scan for documents of short lines and few brackets.
 */

/** Levels (block indentation levels plus flow brackets) beyond which a document is skipped. */
export const MAX_NESTING = 256;

const SPACE = 32;
const TAB = 9;
const LF = 10;
const CR = 13;
const HASH = 35;

/** True when the document nests more than `limit` levels (block and flow together). */
export function nestsTooDeep(text: string, limit = MAX_NESTING): boolean {
  if (levelsBound(text, limit) <= limit) return false;
  const indents: number[] = [];
  let flow = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    // Line start: indentation and `- ` / `? ` prefixes are block levels.
    let col = 0;
    while (i < n && text.charCodeAt(i) === SPACE) {
      i++;
      col++;
    }
    const first = text.charCodeAt(i);
    const blank = i >= n || first === LF || first === CR || first === HASH;
    if (!blank && flow === 0) {
      while (indents.length > 0 && indents[indents.length - 1]! > col) indents.pop();
      if (indents.length === 0 || indents[indents.length - 1]! < col) indents.push(col);
      // `- - - x`: each indicator opens one more level on the same line.
      while (i + 1 < n && (text[i] === '-' || text[i] === '?') && (text.charCodeAt(i + 1) === SPACE || text.charCodeAt(i + 1) === TAB)) {
        i += 2;
        col += 2;
        while (i < n && text.charCodeAt(i) === SPACE) {
          i++;
          col++;
        }
        indents.push(col);
        if (indents.length > limit) return true;
      }
      if (indents.length > limit) return true;
    }
    // The rest of the line: flow brackets, quoted scalars inside flow collections, comments.
    let prev = LF;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === LF || c === CR) {
        i++;
        break;
      }
      if (c === SPACE || c === TAB) {
        i++;
        continue;
      }
      const before = i === 0 ? LF : text.charCodeAt(i - 1);
      if (c === HASH && (before === SPACE || before === TAB || before === LF || before === CR)) {
        while (i < n && text.charCodeAt(i) !== LF && text.charCodeAt(i) !== CR) i++;
        continue;
      }
      if (flow > 0 && (c === 34 || c === 39) && (prev === 91 || prev === 123 || prev === 44 || prev === 58 || prev === LF)) {
        i = quotedEnd(text, i);
        prev = c;
        continue;
      }
      if (c === 91 || c === 123) {
        // `[` / `{`: inside a flow collection always a level; in block context only where a value starts.
        if (flow > 0 || prev === LF || prev === 58 || prev === 45 || prev === 63) {
          flow++;
          if (flow + indents.length > limit) return true;
        }
      } else if ((c === 93 || c === 125) && flow > 0) {
        flow--;
      }
      prev = c;
      i++;
    }
  }
  return false;
}

/**
 * A bound on what the scan below counts, from native string searches only (most documents, so
 * the scan runs only for long lines or many brackets): its block levels are strictly increasing
 * columns, each at most its line's length, so at most one more than the longest line; its flow
 * levels are at most the `[` and `{` in the text. Stops counting once past `limit`.
 */
function levelsBound(text: string, limit: number): number {
  let longest = 0;
  for (let from = 0; from < text.length; ) {
    let nl = text.indexOf('\n', from);
    if (nl < 0) nl = text.length;
    if (nl - from > longest) longest = nl - from;
    if (longest >= limit) return longest + 1;
    from = nl + 1;
  }
  let bound = longest + 1;
  for (const open of ['[', '{']) {
    for (let p = text.indexOf(open); p >= 0 && bound <= limit; p = text.indexOf(open, p + 1)) bound++;
  }
  return bound;
}

/** The offset just after the quoted scalar starting at `start` (or the end of the text). */
function quotedEnd(text: string, start: number): number {
  const q = text.charCodeAt(start);
  let i = start + 1;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (q === 34 && c === 92) {
      i += 2;
      continue;
    }
    if (c === q) {
      if (q === 39 && text.charCodeAt(i + 1) === 39) {
        i += 2;
        continue;
      }
      return i + 1;
    }
    i++;
  }
  return i;
}
