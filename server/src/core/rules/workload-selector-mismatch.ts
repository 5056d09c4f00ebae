import { formatLabels, labelValue, requirementHolds } from '../model/labels';
import { isWorkload, type Span, spanOf, valueSpanOf } from '../model/types';
import type { Rule } from './rule';

const KINDS = new Set(['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'ReplicationController']);

/** A workload's selector must match its own pod template's labels (the API server rejects it otherwise). */
export const workloadSelectorMismatch: Rule = {
  id: 'workload-selector-mismatch',
  defaultSeverity: 'error',
  description: "A Deployment/ReplicaSet/StatefulSet/DaemonSet/ReplicationController selector does not match its own pod template's labels.",
  check(o, ctx) {
    // Jobs: the selector is generated unless manualSelector is set, which the model does not keep.
    if (!isWorkload(o) || !KINDS.has(o.kind) || !o.selector || !o.template) return;
    const labels = o.template.labels;
    const pairs = o.selector.matchLabels?.entries ?? [];
    // An empty selector is another error (or, for a ReplicationController, defaults to the template labels).
    if (pairs.length === 0 && o.selector.matchExpressions.length === 0) return;
    const problems: { span: Span; what: string }[] = [];
    for (const e of pairs) {
      const v = labelValue(labels, e.key);
      if (v === e.value) continue;
      problems.push({
        span: valueSpanOf(e),
        what: v === undefined ? `the selector wants ${e.key}=${e.value}, but the template has no label ${e.key}` : `the selector wants ${e.key}=${e.value}, but the template has ${e.key}=${v}`,
      });
    }
    for (const req of o.selector.matchExpressions) {
      const v = labelValue(labels, req.key);
      if (requirementHolds(req, v) !== false) continue;
      problems.push({
        span: req.span,
        what: `the expression ${req.key} ${req.operator}${req.values.length ? ` (${req.values.join(', ')})` : ''} does not hold for the template (${v === undefined ? `no label ${req.key}` : `${req.key}=${v}`})`,
      });
    }
    if (problems.length === 0) return;
    // Formatted for the messages only: every workload of a cold start passes through here.
    const templateLabels = labels && labels.entries.length ? formatLabels(labels.entries) : 'none';
    for (const p of problems) {
      ctx.report({
        span: p.span,
        message: `The ${o.kind}'s selector does not match its own pod template: ${p.what} (template labels: ${templateLabels}). The API server rejects it ("selector does not match template labels"). Make spec.selector and spec.template.metadata.labels agree.`,
        related: labels ? [{ uri: o.uri, span: spanOf(labels), message: `pod template labels: ${templateLabels}` }] : [],
      });
    }
  },
};
