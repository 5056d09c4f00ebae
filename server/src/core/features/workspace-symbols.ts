/**
 * Workspace symbols: every object of the workspace, found by a fuzzy query on `Kind name`.
 */
import type { K8sObject } from '../model/types';

export interface WorkspaceSymbol {
  readonly name: string;
  readonly containerName: string;
  readonly object: K8sObject;
}

/** Characters of the query appear in order in the candidate (case-insensitive). */
export function fuzzyMatch(query: string, candidate: string): boolean {
  const q = query.toLowerCase().replace(/\s+/g, '');
  const c = candidate.toLowerCase();
  let i = 0;
  for (let j = 0; j < c.length && i < q.length; j++) if (c[j] === q[i]) i++;
  return i === q.length;
}

export function workspaceSymbols(objects: Iterable<K8sObject>, query: string, limit = 1000): WorkspaceSymbol[] {
  const out: WorkspaceSymbol[] = [];
  for (const o of objects) {
    if (!o.name) continue;
    const name = `${o.kind} ${o.name}`;
    if (query && !fuzzyMatch(query, `${o.name} ${o.kind}`) && !fuzzyMatch(query, name)) continue;
    out.push({ name, containerName: o.namespace, object: o });
    if (out.length >= limit) break;
  }
  return out;
}
