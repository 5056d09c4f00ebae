import { nameOrKindSpanOf, isEndpoints, isEndpointSlice, spanOf } from '../model/types';
import type { Rule } from './rule';

/** Endpoints / EndpointSlices are used only by the Service they name; without it they do nothing. */
export const endpointsWithoutService: Rule = {
  id: 'endpoints-without-service',
  defaultSeverity: 'warning',
  description: 'An Endpoints or EndpointSlice names a Service that does not exist in its namespace in this workspace.',
  check(o, ctx) {
    if (isEndpoints(o)) {
      // Endpoints without subsets supply no addresses (e.g. old leader-election locks): not a wiring object.
      if (!o.name || o.subsets.length === 0) return;
      if (ctx.index.servicesNamed(o.namespace, o.name).length > 0) return;
      ctx.report({
        span: nameOrKindSpanOf(o),
        message: `There is no Service ${o.name} in namespace ${o.namespace} in this workspace. Endpoints are used only by the Service with exactly the same name and namespace, so these addresses are not reachable through any Service. Rename the Endpoints to match its Service, or create the Service (without a selector).`,
      });
    } else if (isEndpointSlice(o)) {
      const name = o.serviceName?.value;
      if (!o.serviceName || typeof name !== 'string' || !name) return;
      if (ctx.index.servicesNamed(o.namespace, name).length > 0) return;
      ctx.report({
        span: spanOf(o.serviceName),
        message: `There is no Service ${name} in namespace ${o.namespace} in this workspace. An EndpointSlice serves only the Service named by its kubernetes.io/service-name label, in its own namespace, so these endpoints are not reachable through any Service. Fix the label, or create the Service (without a selector).`,
      });
    }
  },
};
