import { isValidPortNumber, portNumber } from '../model/ports';
import { isService, spanOf } from '../model/types';
import type { Rule } from './rule';

/** A nodePort outside the cluster's node-port range (`kubePorts.nodePortRange`, default 30000-32767). */
export const nodePortOutOfRange: Rule = {
  id: 'node-port-out-of-range',
  defaultSeverity: 'error',
  description: 'A nodePort outside the node-port range (kubePorts.nodePortRange, default 30000-32767).',
  check(o, ctx) {
    if (!isService(o) || (o.type !== 'NodePort' && o.type !== 'LoadBalancer')) return;
    const { min, max } = ctx.settings.nodePortRange;
    for (const p of o.ports) {
      const n = portNumber(p.nodePort);
      if (n === undefined || n === 0 || !isValidPortNumber(n) || (n >= min && n <= max)) continue; // 0 = allocate; >65535: port-out-of-range
      ctx.report({
        span: spanOf(p.nodePort!),
        message: `nodePort ${n} is outside the node-port range ${min}-${max}: the API server rejects it ("provided port is not in the valid range"). Pick a port from ${min} to ${max}, or remove nodePort and let Kubernetes allocate one. (If your cluster's --service-node-port-range differs, set kubePorts.nodePortRange.)`,
      });
    }
  },
};
