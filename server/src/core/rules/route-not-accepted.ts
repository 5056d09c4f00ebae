import { listenerAccepts, listenersForParentRef, parentGateways } from '../model/gateway-api';
import { isRoute, spanOf } from '../model/types';
import type { RelatedLocation } from '../findings';
import type { Rule } from './rule';

/** Every listener a parentRef attaches to rejects the route: protocol/kind, allowedRoutes, or hostnames. */
export const routeNotAccepted: Rule = {
  id: 'route-not-accepted',
  defaultSeverity: 'error',
  description: "The Gateway listeners a route attaches to reject it: the listener protocol does not carry the route kind, allowedRoutes (namespaces, kinds) excludes it, or no hostname intersects.",
  check(o, ctx) {
    if (!isRoute(o)) return;
    for (const ref of o.parentRefs) {
      if (!ref.name?.value) continue;
      const gateways = parentGateways(ctx.index, ref);
      if (gateways.length === 0) continue;
      const reasons: string[] = [];
      const related: RelatedLocation[] = [];
      let accepted = false;
      let considered = 0;
      for (const g of gateways) {
        for (const l of listenersForParentRef(g, ref)) {
          considered++;
          const a = listenerAccepts(ctx.index, g, l, o);
          if (a.accepted !== false) accepted = true;
          else {
            reasons.push(a.reason);
            related.push({ uri: g.uri, span: spanOf(l.name) ?? l.span, message: a.reason });
          }
        }
      }
      if (accepted || considered === 0) continue;
      ctx.report({
        span: spanOf(ref.name),
        message: `Gateway ${ref.name.value} (namespace ${ref.namespace}) does not accept ${o.kind} ${o.name}: ${[...new Set(reasons)].join('; ')}. The route carries no traffic through it.`,
        related,
      });
    }
  },
};
