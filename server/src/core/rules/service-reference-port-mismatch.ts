import { describePorts, portMismatchMessage, reportSpan, serviceRelated } from '../references/describe';
import { referencesOf } from '../references/service-references';
import { describeObject } from './describe';
import type { Rule } from './rule';

/** A call (`cartservice:8080` in an env value, args or ConfigMap data) to a port its Service does not have. */
export const serviceReferencePortMismatch: Rule = {
  id: 'service-reference-port-mismatch',
  defaultSeverity: 'error',
  description: 'A service-to-service call (env, args, ConfigMap data) dials a port the Service does not expose.',
  check(o, ctx) {
    const seen = new Set<string>();
    for (const r of referencesOf(ctx.index, o, ctx.settings)) {
      if (r.status !== 'port-mismatch') continue;
      const span = reportSpan(r, 'port');
      const message = portMismatchMessage(ctx.index, r);
      const key = `${span.start}:${span.end}:${message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      ctx.report({ span, message, related: serviceRelated(r.services, (s) => `${describeObject(s)} ports: ${describePorts([s])}`) });
    }
  },
};
