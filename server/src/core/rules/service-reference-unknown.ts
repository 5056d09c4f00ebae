import { reportSpan, unknownMessage } from '../references/describe';
import { referencesOf } from '../references/service-references';
import type { Rule } from './rule';

/** A `*.svc` name, `name.ns` of a namespace of the workspace, or a service-link variable, that names no Service. */
export const serviceReferenceUnknown: Rule = {
  id: 'service-reference-unknown',
  defaultSeverity: 'warning',
  description: 'A service-to-service call names a Service that is not in the workspace (a *.svc name, name.namespace of a known namespace, or a service-link variable).',
  check(o, ctx) {
    const seen = new Set<string>();
    for (const r of referencesOf(ctx.index, o, ctx.settings)) {
      if (r.status !== 'unknown') continue;
      const span = reportSpan(r, 'host');
      const key = `${span.start}:${span.end}`;
      if (seen.has(key)) continue;
      seen.add(key);
      ctx.report({ span, message: unknownMessage(r) });
    }
  },
};
