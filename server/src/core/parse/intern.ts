/**
 * One copy of each short string the model holds: kinds, apiVersions, namespaces, names, label
 * keys and values, port names and protocols repeat across thousands of documents, and each
 * parse makes a new string of them (a slice of the document's text). Interning is invisible to
 * the analysis (strings compare by value); it only changes how many copies stay in memory.
 *
 * The pool is bounded: when it is full it starts again (what it held stays shared; later strings
 * are shared among themselves), so an editing session typing new values never grows it without
 * limit.
 */

/** Longer strings (image references, URLs, env values) rarely repeat, and are not interned. */
const MAX_LENGTH = 64;
const MAX_ENTRIES = 1 << 16;

let pool = new Map<string, string>();

export function intern<T>(value: T): T {
  if (typeof value !== 'string' || value.length > MAX_LENGTH) return value;
  // A flat copy: a sliced string would keep the whole text it was cut from alive.
  return pooled(value, flatten) as T;
}

/**
 * `intern` for a string that is flat already: one that `Array.prototype.join` made of two or more
 * parts (the dependency graph's keys, workspace/dependencies.ts `key`). It is stored as it is,
 * without the copy `intern` makes of a string that may be a slice of a text (a third of the keys'
 * interning time at a cold start).
 */
export function internJoined(value: string): string {
  return value.length > MAX_LENGTH ? value : pooled(value, asIs);
}

const asIs = (s: string): string => s;

/** The pool's copy of `value`; on a miss, `stored(value)` is what the pool keeps and returns. */
function pooled(value: string, stored: (s: string) => string): string {
  const hit = pool.get(value);
  if (hit !== undefined) return hit;
  if (pool.size >= MAX_ENTRIES) pool = new Map();
  const kept = stored(value);
  pool.set(kept, kept);
  return kept;
}

/**
 * A copy of a (possibly sliced) string that does not keep its parent alive: V8 keeps a slice's
 * parent text alive. Short strings become one sequential string; a long one (a document's text)
 * is sliced from a concatenation, which V8 copies into one new sequential string first — one
 * copy, about five times faster than the JSON round trip on a 600 KB text.
 */
export function flatten(s: string): string {
  return s.length <= MAX_LENGTH ? (JSON.parse(JSON.stringify(s)) as string) : `${s} `.slice(0, -1);
}

