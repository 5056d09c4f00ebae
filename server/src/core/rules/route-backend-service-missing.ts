import { isServiceBackend } from '../model/gateway-api';
import { isRoute, spanOf } from '../model/types';
import { relatedObject } from './describe';
import type { Rule } from './rule';

/** A route's Service backendRef naming a Service that is not in the workspace. */
export const routeBackendServiceMissing: Rule = {
  id: 'route-backend-service-missing',
  defaultSeverity: 'error',
  description: 'A Gateway API route (HTTPRoute, GRPCRoute, TLSRoute, TCPRoute, UDPRoute) has a backendRef to a Service that does not exist in its namespace in this workspace.',
  check(o, ctx) {
    if (!isRoute(o)) return;
    for (const rule of o.rules) {
      for (const ref of rule.backendRefs) {
        const name = ref.name?.value;
        if (!ref.name || !name || !isServiceBackend(ref)) continue;
        if (ctx.index.servicesNamed(ref.namespace, name).length > 0) continue;
        const owner = ctx.index.customResourcesIn(ref.namespace).find((cr) => cr.name && name.startsWith(`${cr.name}-`));
        if (owner) {
          ctx.report({
            span: spanOf(ref.name),
            severity: 'warning',
            message: `There is no Service ${name} in namespace ${ref.namespace} in this workspace. It is probably created by the operator of ${owner.kind} ${owner.name} (${owner.apiVersion}), which kube-ports cannot see; if not, the controller drops this backend (HTTP routes answer 500 for its share of requests).`,
            related: [relatedObject(owner, `${owner.kind} ${owner.name}: its operator may create Service ${name}.`)],
          });
          continue;
        }
        const elsewhere = [...new Set(ctx.index.servicesNamedAnywhere(name).map((s) => s.namespace))].filter((n) => n !== ref.namespace).sort();
        const hint = elsewhere.length
          ? ` A Service ${name} exists in namespace ${elsewhere.join(', ')}: set the backendRef's namespace (and add a ReferenceGrant there).`
          : ' Fix the name, or create the Service.';
        ctx.report({
          span: spanOf(ref.name),
          message: `There is no Service ${name} in namespace ${ref.namespace} in this workspace, so the controller drops this backend of ${o.kind} ${o.name} (ResolvedRefs: BackendNotFound; HTTP routes answer 500 for its share of requests).${hint}`,
        });
      }
    }
  },
};
