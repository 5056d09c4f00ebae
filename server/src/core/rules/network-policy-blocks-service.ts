import { ingressToPort } from '../model/network-policy';
import { describeServicePort, hasPodSelector, serviceLinks, targetPortSpan, workloadLabel } from '../model/service-links';
import { isService, type NetworkPolicy } from '../model/types';
import { relatedObject } from './describe';
import type { Rule } from './rule';

/**
 * The Pods behind a Service port are isolated for ingress and no rule of their policies opens
 * the port they listen on (the targetPort, named ports resolved on the Pods): the Service is
 * unreachable. Only certain answers count: a policy whose podSelector may or may not select the
 * Pods, or a named policy port that cannot be resolved, never yields the finding.
 */
export const networkPolicyBlocksService: Rule = {
  id: 'network-policy-blocks-service',
  defaultSeverity: 'warning',
  description: "NetworkPolicies isolate the Pods behind a Service port for ingress and none of them allows the port the Pods listen on, so the Service is unreachable.",
  check(o, ctx) {
    if (!isService(o) || !hasPodSelector(o)) return;
    if (ctx.index.networkPoliciesIn(o.namespace).length === 0) return;
    const links = serviceLinks(ctx.index, o, 'app');
    for (const link of links.ports) {
      const closedOn: string[] = [];
      const policies = new Map<string, NetworkPolicy>();
      let judged = 0;
      let number: number | undefined;
      for (const { selected, resolution } of link.resolutions) {
        if (resolution.kind !== 'declared' && resolution.kind !== 'undeclared-number') continue;
        judged++;
        const answer = ingressToPort(ctx.index, { template: selected.template, namespace: selected.workload.namespace }, resolution.number, link.servicePort.protocol);
        if (!answer.closed) continue;
        closedOn.push(workloadLabel(selected.workload));
        number = resolution.number;
        for (const p of answer.policies) policies.set(`${p.uri}#${p.span.start}`, p);
      }
      if (judged === 0 || closedOn.length < judged) continue;
      // One name per policy: the same policy copied into several files (or rendered by several units) is one.
      const names = [...new Set([...policies.values()].map((p) => p.name))];
      const closed = [...new Set(closedOn)];
      ctx.report({
        span: targetPortSpan(link.servicePort),
        message: `NetworkPolicy ${names.join(', ')} isolate${names.length === 1 ? 's' : ''} the Pods of ${closed.join(', ')} for ingress, and no rule allows port ${number}/${link.servicePort.protocol} from any peer: Service port ${describeServicePort(link.servicePort)} is unreachable. Add the port to an ingress rule (or a rule without ports).`,
        related: [...policies.values()].map((p) => relatedObject(p, `NetworkPolicy ${p.name} selects these Pods and opens ${p.ingress.length === 0 ? 'nothing' : 'other ports'}.`)),
      });
    }
  },
};
