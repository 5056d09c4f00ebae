/**
 * The array with no spare room. An array grown by `push` (or made by `filter`) keeps room for
 * 16 more items; the model's lists (ports, label entries, args) mostly hold one to three, so the
 * spare room was 0.8 KB a document. `slice` copies into an array of exactly its length. An empty
 * list is one shared frozen array (the model's lists, and the memos and findings kept beside
 * them, are read-only): a third of a big workspace's lists are empty, at 32 bytes each.
 */
export function exact<T>(items: T[]): T[] {
  return items.length === 0 ? (EMPTY as unknown as T[]) : items.slice();
}

const EMPTY: readonly never[] = Object.freeze([]);
