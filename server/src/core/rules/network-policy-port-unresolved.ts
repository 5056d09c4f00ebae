import { namedPortOn, podSelectorMatches, policySelects } from '../model/network-policy';
import { portName } from '../model/ports';
import { describeDeclaredPorts } from '../model/service-links';
import { nameOrKindSpanOf, isNetworkPolicy, type NetworkPolicy, type PolicyRule, type Workload, spanOf } from '../model/types';
import type { IndexView } from '../workspace/workspace-index';
import type { Rule } from './rule';

/** The Pods a policy selects (certainly), in its namespace. */
function selectedPods(index: IndexView, policy: NetworkPolicy): Workload[] {
  const out: Workload[] = [];
  for (const w of index.workloadsIn(policy.namespace)) {
    if (w.template && policySelects(policy, { template: w.template, namespace: w.namespace }) === 'yes') out.push(w);
  }
  return out;
}

/**
 * The destination Pods of an egress rule when the workspace can list them: every peer is a
 * podSelector in the policy's namespace, or a namespaceSelector naming one namespace by its
 * automatic `kubernetes.io/metadata.name` label. Undefined otherwise (any destination).
 */
function destinationPods(index: IndexView, policy: NetworkPolicy, rule: PolicyRule): Workload[] | undefined {
  if (rule.peers.length === 0) return undefined;
  const out: Workload[] = [];
  for (const peer of rule.peers) {
    if (peer.ipBlock || (!peer.podSelector && !peer.namespaceSelector)) return undefined;
    let ns = policy.namespace;
    if (peer.namespaceSelector) {
      const entries = peer.namespaceSelector.matchLabels?.entries ?? [];
      const named = entries.find((e) => e.key === 'kubernetes.io/metadata.name');
      if (!named || entries.length !== 1 || peer.namespaceSelector.matchExpressions.length > 0) return undefined;
      ns = named.value;
    }
    for (const w of index.workloadsIn(ns)) if (w.template && podSelectorMatches(peer.podSelector, w.template.labels) === 'yes') out.push(w);
  }
  return out;
}

/** A named port in a policy rule that none of the Pods the traffic goes to declares. */
export const networkPolicyPortUnresolved: Rule = {
  id: 'network-policy-port-unresolved',
  defaultSeverity: 'warning',
  description: 'A NetworkPolicy rule names a port that none of the Pods the traffic goes to declares (the selected Pods for ingress, the destination Pods for egress), so it opens nothing.',
  check(o, ctx) {
    if (!isNetworkPolicy(o)) return;
    const check = (rule: PolicyRule, pods: readonly Workload[], what: string) => {
      if (pods.length === 0) return;
      for (const pp of rule.ports) {
        const name = portName(pp.port);
        if (!pp.port || name === undefined || name === '' || /^\d+$/.test(name)) continue;
        if (pods.some((w) => namedPortOn(w.template!, name, pp.protocol) !== undefined)) continue;
        const list = [...new Set(pods.map((w) => `${w.kind} ${w.name}`))].slice(0, 6).join(', ');
        ctx.report({
          span: spanOf(pp.port),
          message: `No container of the ${what} (${list}) declares a ${pp.protocol} port named "${name}", so this rule opens nothing for them. Use the number, or the name of a declared container port.`,
          related: pods.slice(0, 6).map((w) => ({ uri: w.uri, span: nameOrKindSpanOf(w), message: `${w.kind} ${w.name} is one of the ${what}; its ports: ${describeDeclaredPorts(w.template!)}.` })),
        });
      }
    };
    if (o.policyTypes.includes('Ingress') && o.ingress.length > 0) {
      const pods = selectedPods(ctx.index, o);
      for (const rule of o.ingress) check(rule, pods, 'Pods this policy selects');
    }
    if (o.policyTypes.includes('Egress')) {
      for (const rule of o.egress) {
        const pods = destinationPods(ctx.index, o, rule);
        if (pods) check(rule, pods, 'destination Pods');
      }
    }
  },
};
