/**
 * Finds the places in a string that may name a Service: `host`, `host:port`,
 * `scheme://[user[:pw]@]host[:port][/path]`, comma lists (`mongo-0.mongo:27017,mongo-1.mongo:27017`),
 * `key=value`, JDBC-style `jdbc:postgresql://host:5432/db`, and the kubelet's `$(VAR)` tokens in
 * host or port position. Pure and linear: one pass over the string, each character looked at a
 * bounded number of times (no regular expression runs over the text).
 *
 * A candidate is only a place; whether it is a reference (a Service of the workspace, a
 * `*.svc` name, …) is decided by `resolve.ts`. Offsets are into the scanned string.
 */

export interface Candidate {
  /** The host as written (lower case letters, digits, `.`, `-`, `_`, or `$(VAR)` tokens). */
  readonly host: string;
  readonly hostFrom: number;
  readonly hostTo: number;
  /** Digits, or a `$(VAR)` token; undefined when no `:port` follows. */
  readonly port: string | undefined;
  readonly portFrom: number;
  readonly portTo: number;
  /** Lower-cased scheme when the host follows `scheme://`. */
  readonly scheme: string | undefined;
  /**
   * The host stands alone (no port, no scheme): the whole trimmed value, or an item of a list
   * or the value of `key=value` in a one-line string. Bare words elsewhere are never candidates.
   */
  readonly standalone: boolean;
  /** For `key=value` items (`--upstream=api:80`), the key (flags without their dashes). */
  readonly key: string | undefined;
}

const MAX_VAR = 128;
/** No real string names more hosts than this; a hostile one costs no more than this many. */
export const MAX_CANDIDATES = 1000;

function isHostChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 46 || c === 45 || c === 95;
}
function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
/** Characters around a standalone word: list and assignment separators, quotes, spaces. */
function isSeparator(c: number): boolean {
  return Number.isNaN(c) || c === 44 || c === 59 || c === 32 || c === 9 || c === 61 || c === 34 || c === 39 || c === 10;
}

/** `$(NAME)` at `at`: the offset after `)`, or -1. */
export function varTokenEnd(text: string, at: number): number {
  if (text.charCodeAt(at) !== 36 || text.charCodeAt(at + 1) !== 40) return -1;
  const first = text.charCodeAt(at + 2);
  if (!((first >= 65 && first <= 90) || (first >= 97 && first <= 122) || first === 95)) return -1;
  const limit = Math.min(text.length, at + 2 + MAX_VAR);
  for (let p = at + 3; p < limit; p++) {
    const c = text.charCodeAt(p);
    if (c === 41) return p + 1;
    if (!((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || isDigit(c) || c === 95)) return -1;
  }
  return -1;
}

/** The key of a `key=value` item ending just before `eq` (flags lose their dashes), if any. */
function keyBefore(text: string, eq: number): string | undefined {
  let p = eq;
  while (p > 0 && isHostChar(text.charCodeAt(p - 1)) && eq - p < 64) p--;
  let key = text.slice(p, eq);
  key = key.replace(/^-+/, '');
  return key.length > 0 ? key : undefined;
}

export const MAX_CACHED = 4096;
const cache = new Map<string, readonly Candidate[]>();

/**
 * `scanCandidates`, remembered by content: an edit in a big file moves (copies) the objects after
 * it, but their strings are the same; the index (`mentionsOf`) and then the rules
 * (`referencesOf`) scan each string; and most strings repeat (a cold start of the bench's 10k
 * workspace asked 15,321 times for 144 different strings, the corpus 4,466 times for 867). Short
 * strings too: the parser interns strings, so a hit costs a lookup of a hash the string already
 * holds. Bounded: the oldest entries go first. The answer is shared: never to be modified.
 */
export function scanCached(text: string): readonly Candidate[] {
  let c = cache.get(text);
  if (c) return c;
  c = scanCandidates(text);
  if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value!);
  cache.set(text, c);
  return c;
}

/** The first offset ≥ from whose character passes `test`, or the length. */
function indexFrom(text: string, from: number, test: (c: number) => boolean): number {
  for (let p = from; p < text.length; p++) if (test(text.charCodeAt(p))) return p;
  return text.length;
}

export function scanCandidates(text: string): Candidate[] {
  const out: Candidate[] = [];
  const n = text.length;
  const trimmed = { from: 0, to: n };
  while (trimmed.from < n && /\s/.test(text[trimmed.from]!)) trimmed.from++;
  while (trimmed.to > trimmed.from && /\s/.test(text[trimmed.to - 1]!)) trimmed.to--;
  const oneLine = text.indexOf('\n', trimmed.from) < 0 || text.indexOf('\n', trimmed.from) >= trimmed.to;
  let schemeEnd = -1;
  let scheme: string | undefined;
  let nextAt = -1;
  let nextStop = -1;
  let i = 0;
  while (i < n && out.length < MAX_CANDIDATES) {
    const c = text.charCodeAt(i);
    const prev = i > 0 ? text.charCodeAt(i - 1) : NaN;
    const startsVar = c === 36 && text.charCodeAt(i + 1) === 40 && prev !== 36;
    if (!(startsVar || (isHostChar(c) && c !== 46 && c !== 45)) || (i > 0 && (isHostChar(prev) || prev === 41 || prev === 36))) {
      i++;
      continue;
    }
    // The host: host characters and `$(VAR)` tokens.
    let j = i;
    while (j < n) {
      const d = text.charCodeAt(j);
      if (d === 36) {
        const e = varTokenEnd(text, j);
        if (e < 0 || text.charCodeAt(j - 1) === 36) break;
        j = e;
      } else if (isHostChar(d)) j++;
      else break;
    }
    if (j === i) {
      i++;
      continue;
    }
    let hostTo = j;
    while (hostTo > i && text.charCodeAt(hostTo - 1) === 46) hostTo--; // `name.` (absolute)
    if (text.startsWith('://', j)) {
      scheme = text.slice(i, hostTo).toLowerCase();
      schemeEnd = j + 3;
      i = j + 3;
      continue;
    }
    const withScheme = schemeEnd === i ? scheme : undefined;
    let port: string | undefined;
    let portFrom = j;
    let portTo = j;
    if (text.charCodeAt(j) === 58 && hostTo === j) {
      const p = j + 1;
      const e = varTokenEnd(text, p);
      if (e > 0) {
        port = text.slice(p, e);
        portFrom = p;
        portTo = e;
      } else {
        let q = p;
        while (q < n && isDigit(text.charCodeAt(q)) && q - p < 6) q++;
        const after = text.charCodeAt(q);
        if (q > p && !isHostChar(after) && after !== 58 && after !== 36) {
          port = text.slice(p, q);
          portFrom = p;
          portTo = q;
        }
      }
    }
    if (port === undefined && text.charCodeAt(j) === 58) {
      // `user:password@host`: skip the user info, when an `@` comes before any `/`, `,` or space.
      // Both look-aheads are cached and only move forward: linear over the whole string.
      if (nextAt < j) nextAt = indexFrom(text, j, (d) => d === 64);
      if (nextStop < j) nextStop = indexFrom(text, j, (d) => d === 47 || d === 44 || d === 32 || d === 10);
      const q = nextAt;
      if (q < n && q < nextStop) {
        if (withScheme !== undefined) schemeEnd = q + 1;
        i = q + 1;
        continue;
      }
    }
    const end = port !== undefined ? portTo : j;
    const next = text.charCodeAt(end);
    if (next === 64 /* @: user info, not a host */) {
      // `scheme://user:password@host`: the host after `@` still follows the scheme.
      if (scheme !== undefined && schemeEnd >= 0 && schemeEnd <= i && end - schemeEnd < 256 && !text.slice(schemeEnd, end).includes('/')) schemeEnd = end + 1;
      i = end + 1;
      continue;
    }
    const eq = prev === 61 ? keyBefore(text, i - 1) : undefined;
    const standalone =
      port === undefined &&
      withScheme === undefined &&
      ((i === trimmed.from && hostTo === trimmed.to) || (oneLine && isSeparator(prev) && isSeparator(text.charCodeAt(j))));
    if (port !== undefined || withScheme !== undefined || standalone) {
      out.push({ host: text.slice(i, hostTo), hostFrom: i, hostTo, port, portFrom, portTo, scheme: withScheme, standalone, key: eq });
    }
    // A comma right after a URL host list keeps the scheme (`mongodb://a:1,b:2/db`).
    if (withScheme !== undefined && text.charCodeAt(end) === 44) schemeEnd = end + 1;
    i = Math.max(end, i + 1);
  }
  return out;
}
