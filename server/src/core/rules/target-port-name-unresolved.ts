import type { RelatedLocation } from '../findings';
import { isIanaServiceName } from '../model/ports';
import { describeDeclaredPorts, describeServicePort, serviceLinks, targetPortSpan, templatePortsSpan, workloadLabel } from '../model/service-links';
import { isService } from '../model/types';
import { describeObject, relatedObject } from './describe';
import type { Rule } from './rule';

/**
 * A named targetPort that a selected pod template does not declare (with the Service port's
 * protocol): the endpoints controller finds no port on those Pods, so they get no endpoint.
 * Templates that declare the name under another protocol are target-port-protocol-mismatch.
 */
export const targetPortNameUnresolved: Rule = {
  id: 'target-port-name-unresolved',
  defaultSeverity: 'error',
  description: 'A named targetPort that the selected Pods do not declare: those Pods get no endpoint for that Service port.',
  check(o, ctx) {
    if (!isService(o)) return;
    const links = serviceLinks(ctx.index, o, 'app');
    if (links.workloads.length === 0) return;
    for (const link of links.ports) {
      if (link.target.kind !== 'name' || !isIanaServiceName(link.target.name)) continue; // invalid names: invalid-port-name
      const name = link.target.name;
      const lacking = link.resolutions.filter((r) => r.resolution.kind === 'unresolved-name' && !r.resolution.otherProtocol);
      if (lacking.length === 0) continue;
      const resolved = link.resolutions.filter((r) => r.resolution.kind === 'declared').length;
      const sp = link.servicePort;
      const who = lacking.map((r) => workloadLabel(r.selected.workload));
      const first = lacking[0]!.selected;
      const related: RelatedLocation[] = lacking.map((r) =>
        relatedObject(r.selected.workload, `${describeObject(r.selected.workload)} declares ${describeDeclaredPorts(r.selected.template)}; none is named "${name}" with protocol ${sp.protocol}.`, templatePortsSpan(r.selected)),
      );
      const consequence =
        resolved === 0
          ? `no selected Pod gets an endpoint for Service port ${describeServicePort(sp)}, so connections to ${o.name}:${String(sp.port?.value ?? '?')} fail`
          : `their Pods get no endpoint for Service port ${describeServicePort(sp)} (only ${resolved} of ${link.resolutions.length} selected workloads serve it)`;
      ctx.report({
        span: targetPortSpan(sp),
        message:
          `targetPort "${name}" names no container port of ${who.join(', ')} (namespace ${o.namespace}; ${lacking.length === 1 ? `it declares ${describeDeclaredPorts(first.template)}` : 'see related'}): ${consequence}. ` +
          `A named targetPort must match the name of a containerPort in the pod template: rename that port to "${name}" or set targetPort to a declared name or number.${links.judgedFrom}`,
        related,
      });
    }
  },
};
