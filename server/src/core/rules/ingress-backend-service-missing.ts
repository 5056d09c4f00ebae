import { isIngress } from '../model/types';
import type { Rule } from './rule';

/** An Ingress backend naming a Service that does not exist in the Ingress's namespace. */
export const ingressBackendServiceMissing: Rule = {
  id: 'ingress-backend-service-missing',
  defaultSeverity: 'error',
  description: "An Ingress backend names a Service that does not exist in the Ingress's namespace in this workspace.",
  check(o, ctx) {
    if (!isIngress(o)) return;
    for (const b of o.backends) {
      const name = b.serviceName?.value;
      if (!b.serviceName || typeof name !== 'string' || !name) continue;
      if (ctx.index.servicesNamed(o.namespace, name).length > 0) continue;
      const elsewhere = [...new Set(ctx.index.servicesNamedAnywhere(name).map((s) => s.namespace))].sort();
      const route = b.isDefault ? 'the default backend' : `${b.host ?? '*'}${b.path ?? ''}`;
      ctx.report({
        span: b.serviceName.span,
        message: `There is no Service ${name} in namespace ${o.namespace} in this workspace, so requests for ${route} fail (ingress controllers answer 503).${elsewhere.length ? ` A Service ${name} exists in namespace ${elsewhere.join(', ')}, but an Ingress only reaches Services of its own namespace.` : ''} Fix the name, or create the Service in namespace ${o.namespace}.`,
      });
    }
  },
};
