import { isIngress, spanOf } from '../model/types';
import { relatedObject } from './describe';
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
      // Operators create Services for their custom resources, named after them (ECK's Kibana
      // `kibana` gets `kibana-kb-http`): such a backend works although no manifest defines it.
      const owner = ctx.index.customResourcesIn(o.namespace).find((cr) => cr.name && name.startsWith(`${cr.name}-`));
      if (owner) {
        ctx.report({
          span: spanOf(b.serviceName),
          severity: 'warning',
          message: `There is no Service ${name} in namespace ${o.namespace} in this workspace. It is probably created by the operator of ${owner.kind} ${owner.name} (${owner.apiVersion}), which kube-ports cannot see; if not, requests for ${route} fail (ingress controllers answer 503).`,
          related: [relatedObject(owner, `${owner.kind} ${owner.name}: its operator may create Service ${name}.`)],
        });
        continue;
      }
      ctx.report({
        span: spanOf(b.serviceName),
        message: `There is no Service ${name} in namespace ${o.namespace} in this workspace, so requests for ${route} fail (ingress controllers answer 503).${elsewhere.length ? ` A Service ${name} exists in namespace ${elsewhere.join(', ')}, but an Ingress only reaches Services of its own namespace.` : ''} Fix the name, or create the Service in namespace ${o.namespace}.`,
      });
    }
  },
};
