import { isService, spanOf } from '../model/types';
import type { Rule } from './rule';

/** type NodePort or LoadBalancer with clusterIP: None. */
export const headlessWithNodePort: Rule = {
  id: 'headless-with-node-port',
  defaultSeverity: 'error',
  description: 'A headless Service (clusterIP: None) of type NodePort or LoadBalancer.',
  check(o, ctx) {
    if (!isService(o) || !o.headless || (o.type !== 'NodePort' && o.type !== 'LoadBalancer')) return;
    ctx.report({
      span: spanOf(o.clusterIP!),
      message: `Service ${o.name} is headless (clusterIP: None) but of type ${o.type}: a ${o.type} Service forwards node ports to its cluster IP, and a headless one has none, so the API server rejects it. Remove clusterIP: None to keep type ${o.type}, or remove type: ${o.type} (and nodePorts) to keep it headless.`,
    });
  },
};
