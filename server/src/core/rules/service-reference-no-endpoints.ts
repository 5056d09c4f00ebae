import { endpointsProblemSpan, noEndpointsMessage, reportSpan } from '../references/describe';
import { referencesOf } from '../references/service-references';
import { describeObject } from './describe';
import type { Rule } from './rule';

/** A call to a Service that exists but has no endpoints (selects nothing, or no targetPort resolves). */
export const serviceReferenceNoEndpoints: Rule = {
  id: 'service-reference-no-endpoints',
  defaultSeverity: 'warning',
  description: 'A service-to-service call reaches a Service that has no endpoints in this workspace (it selects no Pods, or its targetPort resolves on none).',
  check(o, ctx) {
    const seen = new Set<string>();
    for (const r of referencesOf(ctx.index, o, ctx.settings)) {
      if (r.status !== 'no-endpoints') continue;
      const span = reportSpan(r, 'both');
      const key = `${span.start}:${span.end}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const at = endpointsProblemSpan(r);
      const service = r.services[0]!;
      ctx.report({
        span,
        message: noEndpointsMessage(r),
        related: at ? [{ ...at, message: `${describeObject(service)}: why it has no endpoints` }] : [],
      });
    }
  },
};
