import { nameOrKindSpanOf, isService, spanOf } from '../model/types';
import type { Rule } from './rule';

/**
 * A Service without a selector gets its backends only from an Endpoints object of the same name,
 * or EndpointSlices labelled kubernetes.io/service-name; with neither in the workspace it has none.
 */
export const selectorlessServiceWithoutEndpoints: Rule = {
  id: 'selectorless-service-without-endpoints',
  defaultSeverity: 'warning',
  description: 'A Service without a selector has no Endpoints or EndpointSlice in this workspace, so it has no backends.',
  check(o, ctx) {
    if (!isService(o) || o.type === 'ExternalName' || !o.name) return;
    if (o.selector && o.selector.entries.length > 0) return;
    // The same Service defined elsewhere with a selector (an overlay, another packaging): one
    // object, and that definition decides; it is not selectorless in the cluster.
    const definitions = ctx.index.servicesNamed(o.namespace, o.name);
    if (definitions.some((s) => s.type === 'ExternalName' || (s.selector && s.selector.entries.length > 0))) return;
    if (ctx.index.endpointsNamed(o.namespace, o.name).length > 0) return;
    if (ctx.index.endpointSlicesFor(o.namespace, o.name).length > 0) return;
    const what = o.selector ? 'an empty selector' : 'no selector';
    ctx.report({
      span: spanOf(o.selector) ?? nameOrKindSpanOf(o),
      message: `Service ${o.name} has ${what}, so Kubernetes does not pick Pods for it, and there is no Endpoints object named ${o.name} nor an EndpointSlice labelled kubernetes.io/service-name: ${o.name} in namespace ${o.namespace} in this workspace: it has no backends and connections to it fail. Add a selector matching your pods' labels, or add the Endpoints/EndpointSlice that lists the backend addresses.`,
    });
  },
};
