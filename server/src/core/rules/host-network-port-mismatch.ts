import { portNumber } from '../model/ports';
import { isWorkload, spanOf } from '../model/types';
import type { Rule } from './rule';

/** With `hostNetwork: true` the container listens on the node's port itself: hostPort must equal containerPort. */
export const hostNetworkPortMismatch: Rule = {
  id: 'host-network-port-mismatch',
  defaultSeverity: 'error',
  description: 'With hostNetwork: true, a hostPort must equal its containerPort (or be omitted).',
  check(o, ctx) {
    if (!isWorkload(o) || o.template?.hostNetwork?.value !== true) return;
    for (const c of o.template.containers) {
      for (const p of c.ports) {
        const host = portNumber(p.hostPort);
        const container = portNumber(p.containerPort);
        if (!host || container === undefined || host === container || !p.hostPort) continue;
        ctx.report({
          span: spanOf(p.hostPort),
          message: `hostPort ${host} differs from containerPort ${container}, but this pod uses hostNetwork: true: the container already listens on the node's port ${container}, and a hostPort cannot remap it (the API server rejects the pod). Set hostPort to ${container} or remove it.`,
          related: p.containerPort ? [{ uri: o.uri, span: spanOf(p.containerPort), message: `containerPort ${container}` }, { uri: o.uri, span: spanOf(o.template.hostNetwork), message: 'hostNetwork: true' }] : [],
        });
      }
    }
  },
};
