/**
 * Which files depend on a key (dependencies.ts): key → the files whose objects look it up. Most
 * keys (a Service name, a label pair of one app) have exactly one dependent, so a key holds that
 * file's URI itself and becomes a Set only at the second one: a Map per key cost about 200
 * bytes, a third of the memory of a big workspace's dependency graph (bench/memory.ts).
 * Dependents come back in the order they were added, as a Map's keys did.
 */
export class Dependents {
  private readonly byKey = new Map<string, string | Set<string>>();

  add(uri: string, keys: readonly string[]): void {
    for (const k of keys) {
      const d = this.byKey.get(k);
      if (d === undefined) this.byKey.set(k, uri);
      else if (typeof d === 'string') {
        if (d !== uri) this.byKey.set(k, new Set([d, uri]));
      } else d.add(uri);
    }
  }

  remove(uri: string, keys: readonly string[]): void {
    for (const k of keys) {
      const d = this.byKey.get(k);
      if (d === undefined) continue;
      if (typeof d === 'string') {
        if (d === uri) this.byKey.delete(k);
      } else {
        d.delete(uri);
        if (d.size === 0) this.byKey.delete(k);
      }
    }
  }

  /** The file's keys were `before` and are `after`: only the keys it lost or gained are touched. */
  replace(uri: string, before: readonly string[], after: readonly string[]): void {
    if (before.length === 0) return this.add(uri, after);
    const kept = new Set(after);
    const had = new Set(before);
    this.remove(uri, before.filter((k) => !kept.has(k)));
    this.add(uri, after.filter((k) => !had.has(k)));
  }

  /** The files that depend on any of the keys, in the order they were added per key. */
  of(keys: readonly string[], out: Set<string> = new Set()): Set<string> {
    for (const k of keys) {
      const d = this.byKey.get(k);
      if (d === undefined) continue;
      if (typeof d === 'string') out.add(d);
      else for (const uri of d) out.add(uri);
    }
    return out;
  }
}
