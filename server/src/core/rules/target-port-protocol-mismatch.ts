import { describeResolvedPort, describeServicePort, serviceLinks, targetPortSpan, workloadLabel } from '../model/service-links';
import { isIanaServiceName } from '../model/ports';
import { isService, spanOf } from '../model/types';
import { describeObject, relatedObject } from './describe';
import type { Rule } from './rule';

/**
 * The targetPort exists on the selected Pods only under another protocol. By name: FindPort
 * matches name AND protocol, so the Pods get no endpoint (error). By number: traffic goes to that
 * number and protocol whatever the container declares (the declaration is informational), and
 * processes commonly listen on both protocols of their port (DNS on 53): an information.
 */
export const targetPortProtocolMismatch: Rule = {
  id: 'target-port-protocol-mismatch',
  defaultSeverity: 'error',
  description: 'The targetPort is declared by the selected containers only with another protocol (TCP/UDP/SCTP).',
  check(o, ctx) {
    if (!isService(o)) return;
    const links = serviceLinks(ctx.index, o, 'app');
    if (links.workloads.length === 0) return;
    for (const link of links.ports) {
      const sp = link.servicePort;
      if (link.target.kind === 'name' && !isIanaServiceName(link.target.name)) continue;
      const hits = link.resolutions.flatMap((r) =>
        (r.resolution.kind === 'unresolved-name' || r.resolution.kind === 'undeclared-number') && r.resolution.otherProtocol
          ? [{ selected: r.selected, other: r.resolution.otherProtocol }]
          : [],
      );
      if (hits.length === 0) continue;
      const byName = link.target.kind === 'name';
      const first = hits[0]!.other;
      const what = byName ? `"${(link.target as { name: string }).name}"` : String(first.containerPort);
      const proto = first.port.protocol;
      const fix = `Declare it with protocol: ${sp.protocol} too (a second ports entry${byName ? ' with its own name, and target that name' : ''}), or set this Service port's protocol to ${proto}.`;
      ctx.report({
        span: targetPortSpan(sp),
        severity: byName ? undefined : 'information',
        message: byName
          ? `Service port ${describeServicePort(sp)} targets ${what}, but ${hits.map((h) => workloadLabel(h.selected.workload)).join(', ')} declare${hits.length === 1 ? 's' : ''} ${what} only as ${proto} (${describeResolvedPort(first)}). A named targetPort must match name and protocol, so these Pods get no ${sp.protocol} endpoint. ${fix}${links.judgedFrom}`
          : `Service port ${describeServicePort(sp)} sends ${sp.protocol} traffic to port ${what}, but ${hits.map((h) => workloadLabel(h.selected.workload)).join(', ')} declare${hits.length === 1 ? 's' : ''} ${what} only as ${proto} (${describeResolvedPort(first)}). It works only if the process also listens on ${what}/${sp.protocol}. ${fix}${links.judgedFrom}`,
        related: hits.map((h) => relatedObject(h.selected.workload, `${describeObject(h.selected.workload)}: ${describeResolvedPort(h.other)}`, spanOf(h.other.port.protocolScalar) ?? spanOf(h.other.port.containerPort) ?? spanOf(h.other.port))),
      });
    }
  },
};
