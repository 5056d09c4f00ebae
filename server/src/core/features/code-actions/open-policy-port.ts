/**
 * `network-policy-blocks-service`: open the port the Pods listen on in an existing ingress rule of
 * an isolating policy (one action per rule that lists ports, naming its peers), appending
 * `{port, protocol}` to the rule's `ports`. A policy without ingress rules (a default deny) is
 * not changed: opening it is a decision about who may connect, which the user writes.
 */
import { describeRulePeers, ingressToPort } from '../../model/network-policy';
import { serviceLinks } from '../../model/service-links';
import { isSeq } from '../../parse/yaml';
import { type NetworkPolicy, spanOf } from '../../model/types';
import { diagnosticsIn, servicesAt } from './common';
import type { CodeActionContext, CodeActionProposal } from './types';

export function openPolicyPort(ctx: CodeActionContext): CodeActionProposal[] {
  const out: CodeActionProposal[] = [];
  for (const s of servicesAt(ctx)) {
    const links = serviceLinks(ctx.index, s, 'app');
    for (const link of links.ports) {
      const fixes = diagnosticsIn(ctx, ['network-policy-blocks-service'], spanOf(link.servicePort));
      if (fixes.length === 0) continue;
      const seen = new Set<NetworkPolicy>();
      for (const { selected, resolution } of link.resolutions) {
        if (resolution.kind !== 'declared' && resolution.kind !== 'undeclared-number') continue;
        const answer = ingressToPort(ctx.index, { template: selected.template, namespace: selected.workload.namespace }, resolution.number, link.servicePort.protocol);
        if (!answer.closed) continue;
        for (const policy of answer.policies) {
          if (seen.has(policy)) continue;
          seen.add(policy);
          const ed = ctx.editor(policy);
          if (!ed) continue;
          policy.ingress.forEach((rule, i) => {
            if (rule.ports.length === 0) return;
            const map = ed.map(rule.span);
            const seq = map ? ed.pair(map, 'ports')?.value : undefined;
            if (!isSeq(seq)) return;
            const item: Record<string, string | number> = { port: resolution.number };
            if (link.servicePort.protocol !== 'TCP') item.protocol = link.servicePort.protocol;
            const edit = ed.appendItem(seq, item);
            if (!edit) return;
            out.push({
              title: `Allow port ${resolution.number}/${link.servicePort.protocol} in NetworkPolicy ${policy.name} (ingress rule ${i + 1}: from ${describeRulePeers(rule, policy.namespace, 'Ingress')})`,
              kind: 'quickfix',
              diagnostics: fixes,
              edits: { [policy.uri]: [edit] },
            });
          });
        }
      }
    }
  }
  return out;
}
