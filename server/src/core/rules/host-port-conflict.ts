import type { RelatedLocation } from '../findings';
import { portNumber } from '../model/ports';
import { isWorkload, objectKey, type ContainerPort, type Scalar, type Workload, spanOf } from '../model/types';
import { describeObject, relatedObject } from './describe';
import type { Rule } from './rule';

/** hostIP as written; undefined, '', 0.0.0.0 and :: mean "every address of the node". */
function hostIpOf(s: Scalar | undefined): string {
  const v = s?.value;
  return typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v);
}
function isWildcard(ip: string): boolean {
  return ip === '' || ip === '0.0.0.0' || ip === '::';
}
function hostIpsOverlap(a: string, b: string): boolean {
  return isWildcard(a) || isWildcard(b) || a === b;
}
function where(p: ContainerPort): string {
  const ip = hostIpOf(p.hostIP);
  return `${portNumber(p.hostPort)}/${p.protocol}${isWildcard(ip) ? '' : ` on ${ip}`}`;
}

/**
 * The same hostPort/protocol/hostIP twice in one pod (rejected by the API server), or two
 * different workloads asking the same hostPort/protocol (they can never share a node).
 */
export const hostPortConflict: Rule = {
  id: 'host-port-conflict',
  defaultSeverity: 'error',
  description: 'A hostPort is requested twice in one pod (rejected), or by two different workloads (they can never run on the same node).',
  check(o, ctx) {
    if (!isWorkload(o) || !o.template) return;
    const self = objectKey(o);
    // Within one pod: the API server rejects the same hostIP/protocol/hostPort twice.
    const seen = new Map<string, { port: ContainerPort; container: string }>();
    const duplicated = new Set<ContainerPort>();
    for (const c of o.template.containers) {
      const cname = typeof c.name?.value === 'string' ? c.name.value : '(unnamed)';
      for (const p of c.ports) {
        const n = portNumber(p.hostPort);
        if (!n || !p.hostPort) continue;
        // Per section: the API server checks containers and initContainers each on their own.
        const key = `${c.section}/${hostIpOf(p.hostIP)}/${p.protocol}/${n}`;
        const first = seen.get(key);
        if (!first) {
          seen.set(key, { port: p, container: cname });
          continue;
        }
        duplicated.add(p);
        ctx.report({
          span: spanOf(p.hostPort),
          message: `hostPort ${where(p)} is already requested by container ${first.container} of this pod; the API server rejects a pod that asks for the same hostPort, protocol and hostIP twice. Remove one of them or use a different hostPort.`,
          related: [{ uri: o.uri, span: spanOf(first.port.hostPort) ?? spanOf(first.port), message: `First request of hostPort ${where(first.port)} (container ${first.container}).` }],
        });
      }
    }
    // Across workloads: two pods asking the same hostPort can never run on the same node.
    for (const c of o.template.containers) {
      for (const p of c.ports) {
        const n = portNumber(p.hostPort);
        if (!n || !p.hostPort || duplicated.has(p)) continue;
        const ip = hostIpOf(p.hostIP);
        const related: RelatedLocation[] = [];
        const others = new Map<string, Workload>();
        for (const u of ctx.index.hostPortUses(p.protocol, n)) {
          const key = objectKey(u.workload);
          if (key === self || others.has(key) || !hostIpsOverlap(ip, hostIpOf(u.port.hostIP))) continue;
          // The same Kind and name in another namespace: the same app packaged twice (per
          // environment, with and without a namespace), not two workloads of one cluster.
          if (u.workload.kind === o.kind && u.workload.name === o.name) continue;
          others.set(key, u.workload);
          if (related.length < 5) related.push(relatedObject(u.workload, `${describeObject(u.workload)} also asks for hostPort ${where(u.port)}.`, spanOf(u.port.hostPort)));
        }
        if (others.size === 0) continue;
        const names = [...others.values()].slice(0, 3).map(describeObject);
        ctx.report({
          span: spanOf(p.hostPort),
          severity: 'warning',
          message: `hostPort ${where(p)} is also requested by ${names.join(', ')}${others.size > 3 ? ` and ${others.size - 3} more` : ''}. A node can give a hostPort to only one pod, so these pods can never run on the same node (on a DaemonSet's nodes the other stays Pending). Use different hostPorts, or expose the port through a Service instead.`,
          related,
        });
      }
    }
  },
};
