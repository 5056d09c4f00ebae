import { listenerName, listenersForParentRef, parentGateways } from '../model/gateway-api';
import { portNumber } from '../model/ports';
import { isRoute, type Gateway, spanOf } from '../model/types';
import { relatedObject } from './describe';
import type { Rule } from './rule';

function describeListeners(g: Gateway): string {
  return g.listeners.map((l) => `${listenerName(l) ?? '(unnamed)'} :${portNumber(l.port) ?? '?'} ${l.protocol}`).join(', ') || 'none';
}

/**
 * A parentRef naming a Gateway of the workspace with a sectionName / port no listener has; a
 * GAMMA parentRef naming a Service that is not in the workspace. A Gateway outside the
 * workspace is normal (platform teams keep it elsewhere): no finding.
 */
export const routeParentMissing: Rule = {
  id: 'route-parent-missing',
  defaultSeverity: 'error',
  description: 'A route parentRef names a listener (sectionName / port) its Gateway does not have, or a Service (mesh route) that does not exist.',
  check(o, ctx) {
    if (!isRoute(o)) return;
    for (const ref of o.parentRefs) {
      const name = ref.name?.value;
      if (!name || !ref.name) continue;
      if (ref.kind === 'Service' && ref.group === '') {
        if (ctx.index.servicesNamed(ref.namespace, name).length === 0) {
          ctx.report({ span: spanOf(ref.name), message: `There is no Service ${name} in namespace ${ref.namespace} in this workspace: this mesh (GAMMA) route attaches to nothing.` });
        }
        continue;
      }
      const gateways = parentGateways(ctx.index, ref);
      if (gateways.length === 0) continue;
      if (ref.sectionName?.value === undefined && portNumber(ref.port) === undefined) continue;
      if (gateways.some((g) => listenersForParentRef(g, ref).length > 0)) continue;
      const g = gateways[0]!;
      const wanted = [ref.sectionName?.value !== undefined ? `sectionName ${ref.sectionName.value}` : '', portNumber(ref.port) !== undefined ? `port ${portNumber(ref.port)}` : ''].filter(Boolean).join(' and ');
      ctx.report({
        span: spanOf(ref.sectionName ?? ref.port ?? ref.name),
        message: `Gateway ${name} (namespace ${ref.namespace}) has no listener with ${wanted} (its listeners: ${describeListeners(g)}), so the route is not attached there (Accepted: NoMatchingParent).`,
        related: gateways.map((gw) => relatedObject(gw, `Gateway ${gw.name} listeners: ${describeListeners(gw)}`, gw.listenersKeySpan)),
      });
    }
  },
};
