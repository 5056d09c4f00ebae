/**
 * Label matching, exactly as Kubernetes does it: a Service selector is a plain map ANDed over
 * the Pod's labels; a workload selector adds set-based matchExpressions.
 */
import type { LabelEntry, LabelMap, LabelSelector, LabelSelectorRequirement } from './types';

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

/** Whether one matchExpressions requirement holds for a label value; undefined for an unknown operator. */
export function requirementHolds(req: LabelSelectorRequirement, value: string | undefined): boolean | undefined {
  switch (req.operator) {
    case 'In':
      return value !== undefined && req.values.includes(value);
    case 'NotIn':
      return value === undefined || !req.values.includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
    default:
      return undefined;
  }
}

/** A workload LabelSelector: matchLabels and matchExpressions, all ANDed. An empty selector matches nothing here. */
export function labelSelectorMatches(selector: LabelSelector, labels: LabelMap | undefined): boolean {
  const pairs = selector.matchLabels?.entries ?? [];
  if (pairs.length === 0 && selector.matchExpressions.length === 0) return false;
  if (!pairs.every((e) => labelValue(labels, e.key) === e.value)) return false;
  return selector.matchExpressions.every((req) => requirementHolds(req, labelValue(labels, req.key)) === true);
}

/** `app=web, tier=frontend` */
export function formatLabels(entries: readonly { key: string; value: string }[]): string {
  return entries.map((e) => `${e.key}=${e.value}`).join(', ');
}
