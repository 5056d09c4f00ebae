import { podSelectorMatches } from '../model/network-policy';
import { formatLabels } from '../model/labels';
import { isNetworkPolicy } from '../model/types';
import type { Rule } from './rule';

/** A policy podSelector (not empty) that matches no pod template of its namespace in the workspace. */
export const networkPolicySelectsNothing: Rule = {
  id: 'network-policy-selects-nothing',
  defaultSeverity: 'information',
  description: "A NetworkPolicy's podSelector matches no Pod or pod template of its namespace in this workspace, so it applies to nothing.",
  check(o, ctx) {
    if (!isNetworkPolicy(o) || !o.podSelector) return;
    const sel = o.podSelector;
    if ((sel.matchLabels?.entries.length ?? 0) === 0 && sel.matchExpressions.length === 0) return;
    for (const w of ctx.index.workloadsIn(o.namespace)) {
      if (w.template && podSelectorMatches(sel, w.template.labels) !== 'no') return;
    }
    const text = [formatLabels(sel.matchLabels?.entries ?? []), ...sel.matchExpressions.map((e) => `${e.key} ${e.operator} (${e.values.join(', ')})`)].filter(Boolean).join(', ');
    ctx.report({
      span: sel.span,
      message: `podSelector ${text} matches no Pod or pod template in namespace ${o.namespace} in this workspace, so NetworkPolicy ${o.name} applies to nothing here. Check the labels under spec.template.metadata.labels of the workload you mean.`,
    });
  },
};
