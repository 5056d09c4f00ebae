/**
 * Findings of rendered units, on the source lines they map to: each says which unit it is about,
 * and a finding that several units share (a base used by several overlays, a template rendered
 * with several values files) is reported once, naming them all.
 */
import type { Finding } from '../findings';
import type { RenderUnit } from '../render/types';

export interface UnitFinding extends Finding {
  /** "Helm release web (chart web)", "kustomization overlays/prod". */
  readonly unitLabel: string;
}

/** How a finding names its unit. Kustomize roots by their path in the workspace folder. */
export function unitLabel(unit: RenderUnit, folders: readonly string[]): string {
  if (unit.tool === 'helm') {
    const values = (unit.valuesFiles ?? []).map((v) => v.slice(v.lastIndexOf('/') + 1)).filter((v) => v !== 'values.yaml');
    const release = unit.release ?? unit.name;
    const details = [release !== unit.name ? `chart ${unit.name}` : undefined, ...values].filter((x): x is string => !!x);
    return `Helm release ${release}${details.length ? ` (${details.join(', ')})` : ''}`;
  }
  return `kustomization ${relativeToFolder(unit.rootUri, folders)}`;
}

function relativeToFolder(uri: string, folders: readonly string[]): string {
  let best: string | undefined;
  for (const f of folders) {
    const prefix = f.endsWith('/') ? f : `${f}/`;
    if ((uri.startsWith(prefix) || uri === f) && (!best || f.length > best.length)) best = f;
  }
  const rel = best ? uri.slice(best.length).replace(/^\/+/, '') : uri.slice(uri.lastIndexOf('/') + 1);
  return decodeURIComponentSafe(rel || '.');
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/**
 * One finding per source location and rule, naming every unit it was found in. The message is the
 * first unit's (in label order); when another unit's says it differently (its own object names),
 * the note says the same fault is there too.
 */
export function mergeUnitFindings(findings: readonly UnitFinding[]): Finding[] {
  const groups = new Map<string, UnitFinding[]>();
  for (const f of findings) {
    const key = `${f.uri}\u0000${f.span.start}\u0000${f.span.end}\u0000${f.rule}`;
    const group = groups.get(key);
    if (!group) groups.set(key, [f]);
    else if (!group.some((g) => g.unitLabel === f.unitLabel && g.message === f.message)) group.push(f);
  }
  const out: Finding[] = [];
  for (const group of groups.values()) {
    group.sort((a, b) => (a.unitLabel < b.unitLabel ? -1 : a.unitLabel > b.unitLabel ? 1 : 0));
    const first = group[0]!;
    const { unitLabel: _label, ...plain } = first;
    void _label;
    const same = unique(group.filter((f) => f.message === first.message).map((f) => f.unitLabel));
    const other = unique(group.filter((f) => f.message !== first.message).map((f) => f.unitLabel)).filter((l) => !same.includes(l));
    const where = other.length ? `in ${joinLabels(same)}; the same fault in ${joinLabels(other)}` : `in ${joinLabels(same)}`;
    out.push({ ...plain, message: `${first.message} (${where})` });
  }
  return out;
}

function unique(labels: readonly string[]): string[] {
  return [...new Set(labels)];
}

/** "kustomization overlays/prod", "kustomizations overlays/prod, overlays/staging", mixed kinds joined by "; ". */
function joinLabels(labels: readonly string[]): string {
  const sorted = [...labels].sort();
  const byKind = new Map<string, string[]>();
  for (const l of sorted) {
    const kind = l.startsWith('kustomization ') ? 'kustomization' : 'other';
    const list = byKind.get(kind) ?? [];
    list.push(kind === 'kustomization' ? l.slice('kustomization '.length) : l);
    byKind.set(kind, list);
  }
  const parts: string[] = [];
  const k = byKind.get('kustomization');
  if (k) parts.push(`${k.length > 1 ? 'kustomizations' : 'kustomization'} ${k.join(', ')}`);
  const o = byKind.get('other');
  if (o) parts.push(o.join('; '));
  return parts.join('; ');
}
