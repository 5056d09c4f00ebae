/**
 * Label matching, exactly as Kubernetes does it: a Service selector is a plain map ANDed over
 * the Pod's labels; a workload selector adds set-based matchExpressions.
 */
import type { LabelEntry, LabelMap, LabelSelector } from './types';

export function labelValue(labels: LabelMap | undefined, key: string): string | undefined {
  if (!labels) return undefined;
  for (let i = labels.entries.length - 1; i >= 0; i--) {
    const e = labels.entries[i]!;
    if (e.key === key) return e.value;
  }
  return undefined;
}

/** A Service selector (non-empty) selects a Pod when every pair is among the Pod's labels. */
export function selectorMatches(selector: LabelMap, labels: LabelMap | undefined): boolean {
  if (selector.entries.length === 0) return false;
  return selector.entries.every((e) => labelValue(labels, e.key) === e.value);
}

/** The selector pairs a set of labels lacks (for "near miss" explanations). */
export function missingPairs(selector: LabelMap, labels: LabelMap | undefined): LabelEntry[] {
  return selector.entries.filter((e) => labelValue(labels, e.key) !== e.value);
}

/** A workload LabelSelector: matchLabels and matchExpressions, all ANDed. An empty selector matches nothing here. */
export function labelSelectorMatches(selector: LabelSelector, labels: LabelMap | undefined): boolean {
  const pairs = selector.matchLabels?.entries ?? [];
  if (pairs.length === 0 && selector.matchExpressions.length === 0) return false;
  if (!pairs.every((e) => labelValue(labels, e.key) === e.value)) return false;
  return selector.matchExpressions.every((req) => {
    const v = labelValue(labels, req.key);
    switch (req.operator) {
      case 'In':
        return v !== undefined && req.values.includes(v);
      case 'NotIn':
        return v === undefined || !req.values.includes(v);
      case 'Exists':
        return v !== undefined;
      case 'DoesNotExist':
        return v === undefined;
      default:
        return false;
    }
  });
}

/** `app=web, tier=frontend` */
export function formatLabels(entries: readonly { key: string; value: string }[]): string {
  return entries.map((e) => `${e.key}=${e.value}`).join(', ');
}
