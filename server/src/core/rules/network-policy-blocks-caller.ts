import { blockedCallMessage, blockingPolicies, callPolicy } from '../references/call-policy';
import { reportSpan, serviceRelated } from '../references/describe';
import { callsOfReference, referencesOf } from '../references/service-references';
import { describeObject, relatedObject } from './describe';
import type { Rule } from './rule';

/**
 * A service-to-service call (`cartservice:7070` in an env value, args or ConfigMap data) that
 * NetworkPolicies certainly block: the target's ingress policies admit no connection from the
 * caller's Pods on the container port the call reaches, or the caller's egress policies allow
 * no connection there, or no DNS when it names the Service by DNS. Only certain answers count
 * (unknown namespace labels, ipBlock peers, selectors that may or may not match never yield it),
 * and a Service with several backends is blocked only when every backend serving the port is
 * (see `core/references/call-policy.ts`).
 */
export const networkPolicyBlocksCaller: Rule = {
  id: 'network-policy-blocks-caller',
  defaultSeverity: 'warning',
  description: "NetworkPolicies certainly block a service-to-service call: the target's ingress policies do not admit the caller on the port the call reaches, or the caller's egress policies deny that port or DNS.",
  check(o, ctx) {
    const refs = referencesOf(ctx.index, o, ctx.settings);
    if (refs.length === 0) return;
    const seen = new Set<string>();
    for (const r of refs) {
      // No policy in the caller's or the target's namespace: nothing can block (the cheap common case).
      if (r.status !== 'ok' || !r.target) continue;
      if (ctx.index.networkPoliciesIn(r.namespace).length === 0 && ctx.index.networkPoliciesIn(r.target.namespace).length === 0) continue;
      for (const call of callsOfReference(ctx.index, r)) {
        const cp = callPolicy(ctx.index, call, ctx.settings);
        if (cp?.verdict !== 'blocked') continue;
        const span = reportSpan(r, 'both');
        const message = blockedCallMessage(cp);
        const key = `${span.start}:${span.end}:${message}`;
        if (seen.has(key)) continue;
        seen.add(key);
        ctx.report({
          span,
          message,
          related: [
            ...blockingPolicies(cp).map(({ policy, why }) => relatedObject(policy, why)),
            ...serviceRelated(r.services.slice(0, 1), (s) => `${describeObject(s)}: the Service the call reaches`),
          ],
        });
      }
    }
  },
};
