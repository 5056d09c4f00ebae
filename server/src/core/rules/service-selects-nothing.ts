import { formatLabels, missingPairs, selectorMatches } from '../model/labels';
import { selectedWorkloads } from '../model/service-links';
import { isService, spanOf, valueSpanOf } from '../model/types';
import type { RelatedLocation } from '../findings';
import { describeObject, relatedObject } from './describe';
import type { Rule } from './rule';

/** A Service whose selector matches no Pod or pod template of its namespace in the workspace. */
export const serviceSelectsNothing: Rule = {
  id: 'service-selects-nothing',
  defaultSeverity: 'warning',
  description: "The Service's selector matches no Pod or pod template in this workspace, so it has no endpoints.",
  check(o, ctx) {
    if (!isService(o) || !o.selector || o.selector.entries.length === 0 || o.type === 'ExternalName') return;
    // The selection every rule about a Service shares (remembered per view): no second lookup.
    if (selectedWorkloads(ctx.index, o).length > 0) return;
    const selector = o.selector;
    const related: RelatedLocation[] = [];
    // Near misses: same namespace and one label off; or a full match in another namespace.
    const seen = new Set<unknown>();
    for (const e of selector.entries) {
      for (const w of ctx.index.workloadsWithLabel(e.key, e.value)) {
        if (seen.has(w) || related.length >= 5) continue;
        seen.add(w);
        const missing = missingPairs(selector, w.template?.labels);
        if (w.namespace === o.namespace && missing.length === 1) {
          const m = missing[0]!;
          const has = w.template?.labels?.entries.find((l) => l.key === m.key);
          related.push(
            relatedObject(
              w,
              `${describeObject(w)} almost matches: its pod template ${has ? `has ${m.key}=${has.value}` : `lacks the label ${m.key}`}, the selector wants ${m.key}=${m.value}.`,
              valueSpanOf(has) ?? spanOf(w.template?.labels),
            ),
          );
        } else if (w.namespace !== o.namespace && selectorMatches(selector, w.template?.labels)) {
          related.push(relatedObject(w, `${describeObject(w)} matches, but it is in namespace ${w.namespace}; a Service only selects Pods of its own namespace (${o.namespace}).`));
        }
      }
    }
    ctx.report({
      span: spanOf(selector),
      message: `Selector ${formatLabels(selector.entries)} matches no Pod or pod template in namespace ${o.namespace} in this workspace, so Service ${o.name} has no endpoints. Check the labels under spec.template.metadata.labels of the workload you mean (its own metadata.labels do not count).`,
      related,
    });
  },
};
