import { portNumber } from '../model/ports';
import { isService, spanOf } from '../model/types';
import type { Rule } from './rule';

/** A non-zero nodePort on a ClusterIP Service (the default type). */
export const nodePortOnClusterIp: Rule = {
  id: 'node-port-on-cluster-ip',
  defaultSeverity: 'error',
  description: 'A nodePort on a Service of type ClusterIP (the default), which opens no port on the nodes.',
  check(o, ctx) {
    if (!isService(o) || o.type !== 'ClusterIP') return;
    for (const p of o.ports) {
      const n = portNumber(p.nodePort);
      if (!n) continue; // absent or 0 = unset
      ctx.report({
        span: spanOf(p.nodePort!),
        message: `nodePort ${n} on a Service of type ClusterIP${o.typeScalar ? '' : ' (the default when type is not set)'}: the API server rejects it ("may not be used when type is 'ClusterIP'"). To reach the Service on <node-ip>:${n}, set type: NodePort; otherwise remove nodePort.`,
      });
    }
  },
};
