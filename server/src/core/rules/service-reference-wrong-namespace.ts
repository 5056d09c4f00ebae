import { reportSpan, serviceRelated, wrongNamespaceMessage } from '../references/describe';
import { referencesOf } from '../references/service-references';
import { describeObject } from './describe';
import type { Rule } from './rule';

/** A short Service name that exists only in other namespaces (short names resolve only in the caller's). */
export const serviceReferenceWrongNamespace: Rule = {
  id: 'service-reference-wrong-namespace',
  defaultSeverity: 'error',
  description: "A service-to-service call uses a short name that is a Service only in another namespace (short names resolve only in the caller's).",
  check(o, ctx) {
    const seen = new Set<string>();
    for (const r of referencesOf(ctx.index, o, ctx.settings)) {
      if (r.status !== 'wrong-namespace') continue;
      const span = reportSpan(r, 'host');
      const key = `${span.start}:${span.end}`;
      if (seen.has(key)) continue;
      seen.add(key);
      ctx.report({ span, message: wrongNamespaceMessage(r), related: serviceRelated(r.elsewhere, (s) => `${describeObject(s)}`) });
    }
  },
};
