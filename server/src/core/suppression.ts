/**
 * Suppression comments, as users know them from linters:
 *   `# kube-ports-ignore rule-id[, other-id]` on the line above a finding (no id: every rule);
 *   `# kube-ports-ignore-file [rule-id ...]` anywhere in the file.
 */
import type { Finding } from './findings';
import { LineIndex } from './text/line-index';

const IGNORE = /#\s*kube-ports-ignore(-file)?(?![\w-])([^\n\r]*)/g;

export function applySuppressions(text: string, findings: Finding[]): Finding[] {
  if (findings.length === 0 || !text.includes('kube-ports-ignore')) return findings;
  const lines = new LineIndex(text);
  const byLine = new Map<number, Set<string> | 'all'>();
  let fileWide: Set<string> | 'all' | undefined;
  IGNORE.lastIndex = 0;
  for (let m = IGNORE.exec(text); m; m = IGNORE.exec(text)) {
    const ids = m[2]!.split(/[\s,]+/).filter((id) => /^[a-z0-9-]+$/.test(id));
    const set: Set<string> | 'all' = ids.length ? new Set(ids) : 'all';
    if (m[1]) fileWide = merge(fileWide, set);
    else {
      const line = lines.lineOf(m.index);
      byLine.set(line, merge(byLine.get(line), set));
    }
  }
  const covers = (s: Set<string> | 'all' | undefined, rule: string) => s === 'all' || (s !== undefined && s.has(rule));
  return findings.filter((f) => {
    if (covers(fileWide, f.rule)) return false;
    const line = lines.lineOf(f.span.start);
    return !covers(byLine.get(line - 1), f.rule) && !covers(byLine.get(line), f.rule);
  });
}

function merge(a: Set<string> | 'all' | undefined, b: Set<string> | 'all'): Set<string> | 'all' {
  if (a === 'all' || b === 'all') return 'all';
  return new Set([...(a ?? []), ...b]);
}
