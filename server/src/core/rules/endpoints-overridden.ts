import { formatLabels } from '../model/labels';
import { nameOrKindSpanOf, isEndpoints, spanOf } from '../model/types';
import { relatedObject } from './describe';
import type { Rule } from './rule';

/** Hand-written Endpoints for a Service with a selector: the endpoints controller owns and rewrites them. */
export const endpointsOverridden: Rule = {
  id: 'endpoints-overridden',
  defaultSeverity: 'warning',
  description: 'Hand-written Endpoints for a Service that has a selector: the endpoints controller replaces them.',
  check(o, ctx) {
    if (!isEndpoints(o) || !o.name) return;
    const withSelector = ctx.index
      .servicesNamed(o.namespace, o.name)
      .find((s) => s.type !== 'ExternalName' && s.selector && s.selector.entries.length > 0);
    if (!withSelector?.selector) return;
    ctx.report({
      span: nameOrKindSpanOf(o),
      message: `Service ${o.name} has a selector (${formatLabels(withSelector.selector.entries)}), so the endpoints controller manages Endpoints ${o.name} and overwrites these hand-written addresses with the selected Pods. Remove the selector from the Service if you want to list backends by hand, or delete this Endpoints object.`,
      related: [relatedObject(withSelector, `Service ${o.name} selects ${formatLabels(withSelector.selector.entries)}`, spanOf(withSelector.selector))],
    });
  },
};
