import { isValidPortNumber } from '../model/ports';
import { describeDeclaredPorts, describeServicePort, serviceLinks, targetPortSpan, templatePortsSpan, workloadLabel } from '../model/service-links';
import { isService } from '../model/types';
import { describeObject, relatedObject } from './describe';
import type { Rule } from './rule';

/**
 * A numeric targetPort (or the defaulted `port`) that selected containers do not declare while
 * declaring other ports. Kubernetes sends the traffic anyway (a process may listen on an
 * undeclared port), so this is a warning. Templates that declare no ports at all get no finding:
 * declaring numeric ports is optional and many manifests omit it.
 */
export const targetPortNotDeclared: Rule = {
  id: 'target-port-not-declared',
  defaultSeverity: 'warning',
  description: 'A numeric targetPort that the selected containers do not declare although they declare other ports.',
  check(o, ctx) {
    if (!isService(o)) return;
    const links = serviceLinks(ctx.index, o, 'app');
    if (links.workloads.length === 0) return;
    for (const link of links.ports) {
      if (link.target.kind !== 'number' || !isValidPortNumber(link.target.port)) continue;
      const n = link.target.port;
      const lacking = link.resolutions.filter((r) => r.resolution.kind === 'undeclared-number' && !r.resolution.otherProtocol && r.resolution.declaresPorts);
      if (lacking.length === 0) continue;
      const sp = link.servicePort;
      const first = lacking[0]!.selected;
      const what = link.target.defaulted ? `No targetPort is set, so it defaults to port ${n}` : `targetPort ${n}`;
      ctx.report({
        span: targetPortSpan(sp),
        message:
          `${what}, but ${lacking.map((r) => workloadLabel(r.selected.workload)).join(', ')} declare${lacking.length === 1 ? 's' : ''} no ${n}/${sp.protocol} (${lacking.length === 1 ? `it declares ${describeDeclaredPorts(first.template)}` : 'see related'}). ` +
          `Traffic to Service port ${describeServicePort(sp)} still goes to port ${n} of those Pods and works only if the process listens there. ` +
          `If the app listens on a declared port, set targetPort to it; otherwise declare containerPort: ${n}.${links.judgedFrom}`,
        related: lacking.map((r) => relatedObject(r.selected.workload, `${describeObject(r.selected.workload)} declares ${describeDeclaredPorts(r.selected.template)}.`, templatePortsSpan(r.selected))),
      });
    }
  },
};
