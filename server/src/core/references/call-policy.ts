/**
 * Whether NetworkPolicies let a service-to-service call through: the caller's Pods (the workload
 * that makes the call) against each backend pod template of the Service, on the container port
 * the call reaches, with the caller's DNS egress when it names the Service by DNS.
 *
 *   - Through a Service's virtual IP the call lands on each backend's resolution of the Service
 *     port's targetPort (FindPort); a backend on which it does not resolve serves no endpoint
 *     and is not judged.
 *   - Headless Services and Pod DNS names (`pod-0.svc`) are dialled directly: the written port
 *     *is* the container port; a backend serves it when it declares it (or the Service maps a
 *     numeric targetPort to it and it resolves there). A scheme's default port or no port is the
 *     app's own notation there: not judged.
 *   - `$(X_SERVICE_HOST)` is an IP: no DNS lookup.
 *   - The call is **blocked** only when every backend that serves the port is certainly blocked
 *     (kube-proxy spreads connections over all of them); allowed when every one is allowed;
 *     otherwise unknown (some backends blocked, others not, is unknown too). A caller that is
 *     itself a backend (any definition of it) is not judged against itself, and a
 *     hostNetwork caller not at all (the API leaves policies on hostNetwork Pods undefined).
 *   - A caller or backend whose namespace is written nowhere may be applied into the other's
 *     namespace (`kubectl apply -n`): blocked only when it is blocked in both placements.
 *
 * Pure: index lookups and `mayConnect` per backend; never throws.
 */
import { mayConnect, type ConnectAnswer, type DirectionAnswer, type PodRef, type Verdict } from '../model/network-policy';
import { portNumber, servingContainers, targetPortOf } from '../model/ports';
import { hasPodSelector, resolveOnTemplate, selectedWorkloads, workloadLabel } from '../model/service-links';
import { objectKey, type NetworkPolicy, type PodTemplate, type ServicePort, type Workload } from '../model/types';
import type { IndexView } from '../workspace/workspace-index';
import { describePort, shortestName } from './describe';
import { floatingNamespace, type ReferenceSettings, type ServiceCall } from './service-references';

export interface BackendVerdict {
  readonly workload: Workload;
  readonly template: PodTemplate;
  /** The container port the call reaches on this backend. */
  readonly port: number;
  readonly protocol: string;
  readonly answer: ConnectAnswer;
}

export interface CallPolicy {
  readonly call: ServiceCall;
  readonly verdict: Verdict;
  /** The backends that serve the port, each judged. */
  readonly backends: readonly BackendVerdict[];
  /** The caller resolves the Service by DNS (its egress to port 53 counts). */
  readonly viaDns: boolean;
}

/** The container port a call reaches on one backend, or undefined when the backend does not serve it. */
function portOn(call: ServiceCall, template: PodTemplate): { port: number; protocol: string } | undefined {
  const r = call.reference;
  const sp: ServicePort | undefined = r.servicePort;
  const protocol = sp?.protocol ?? 'TCP';
  const viaServicePort = () => {
    if (!sp) return undefined;
    const res = resolveOnTemplate(sp, template);
    return res.kind === 'declared' || res.kind === 'undeclared-number' ? { port: res.number, protocol } : undefined;
  };
  if (!r.direct || r.portName !== undefined) return viaServicePort();
  if (r.port === undefined || r.portText === undefined || r.linkedPort) return undefined;
  const n = r.port;
  for (const c of servingContainers(template)) for (const p of c.ports) if (portNumber(p.containerPort) === n && p.protocol === protocol) return { port: n, protocol };
  if (sp) {
    const t = targetPortOf(sp);
    if (t.kind === 'number' && t.port === n) return viaServicePort();
  }
  return undefined;
}

/**
 * The policy verdict of one call (`undefined`: not judged — the call does not reach pod
 * templates of the workspace, or the caller has no pod template).
 */
export function callPolicy(index: IndexView, call: ServiceCall, settings?: ReferenceSettings): CallPolicy | undefined {
  try {
    const r = call.reference;
    const callerTemplate = call.caller.template;
    if (!callerTemplate || callerTemplate.hostNetwork?.value === true) return undefined;
    if (r.status !== 'ok' || r.services.some((s) => s.type === 'ExternalName')) return undefined;
    const caller: PodRef = { template: callerTemplate, namespace: call.caller.namespace };
    const viaDns = r.form.kind !== 'link';
    const seen = new Set<Workload>();
    const backends: BackendVerdict[] = [];
    for (const s of r.services) {
      if (!hasPodSelector(s)) continue;
      for (const sel of selectedWorkloads(index, s)) {
        if (seen.has(sel.workload) || objectKey(sel.workload) === objectKey(call.caller)) continue;
        seen.add(sel.workload);
        const at = portOn(call, sel.template);
        if (!at) continue;
        const target: PodRef = { template: sel.template, namespace: sel.workload.namespace };
        let answer = mayConnect(caller, target, at.port, at.protocol, index, { viaDns });
        // A side whose namespace is written nowhere may be applied into the other's (`kubectl
        // apply -n`): blocked only if it is blocked there too.
        if (answer.verdict === 'blocked' && settings && caller.namespace !== target.namespace) {
          const moved = floatingNamespace(call.caller, settings)
            ? mayConnect({ ...caller, namespace: target.namespace }, target, at.port, at.protocol, index, { viaDns })
            : floatingNamespace(sel.workload, settings)
              ? mayConnect(caller, { ...target, namespace: caller.namespace }, at.port, at.protocol, index, { viaDns })
              : undefined;
          if (moved && moved.verdict !== 'blocked') answer = { ...answer, verdict: 'unknown' };
        }
        backends.push({ workload: sel.workload, template: sel.template, ...at, answer });
      }
    }
    if (backends.length === 0) return undefined;
    const verdicts = new Set(backends.map((b) => b.answer.verdict));
    const verdict: Verdict = verdicts.size === 1 ? [...verdicts][0]! : 'unknown';
    return { call, verdict, backends, viaDns };
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Wording (the rule, the hover)

const names = (policies: readonly NetworkPolicy[]) => [...new Set(policies.map((p) => p.name))].join(', ');
const s = (policies: readonly NetworkPolicy[]) => (new Set(policies.map((p) => p.name)).size === 1 ? 's' : '');

/** One sentence per reason a blocked backend is blocked (the same DNS reason for every backend). */
function reasons(cp: CallPolicy, b: BackendVerdict, caller: string): string[] {
  const out: string[] = [];
  const blocked = (a: DirectionAnswer | undefined): a is DirectionAnswer => a?.verdict === 'blocked';
  const { ingress, egress, dns } = b.answer;
  const target = workloadLabel(b.workload);
  if (blocked(ingress)) {
    out.push(`NetworkPolicy ${names(ingress.policies)} (namespace ${b.workload.namespace}) isolate${s(ingress.policies)} the Pods of ${target} for ingress and no rule admits ${caller} on port ${b.port}/${b.protocol}`);
  }
  if (blocked(egress)) {
    out.push(`${caller}'s egress NetworkPolicy ${names(egress.policies)} (namespace ${cp.call.caller.namespace}) allow${s(egress.policies)} no connection to the Pods of ${target} on port ${b.port}/${b.protocol}`);
  }
  if (blocked(dns) && cp.viaDns) {
    out.push(`${caller}'s egress NetworkPolicy ${names(dns.policies)} (namespace ${cp.call.caller.namespace}) allow${s(dns.policies)} no DNS (UDP or TCP port 53), so the name ${cp.call.reference.host} does not resolve`);
  }
  return out;
}

/** `Deployment frontend (container server)` */
export function callerLabel(call: ServiceCall): string {
  const container = call.container?.name?.value;
  return `${workloadLabel(call.caller)}${typeof container === 'string' && container ? ` (container ${container})` : ''}`;
}

/** What the call dials, in words: `Service cartservice:7070`, `the Pods of headless Service db on port 5432`. */
function dialledService(cp: CallPolicy): string {
  const r = cp.call.reference;
  const name = r.target ? shortestName(r.target, r.namespace) : r.host;
  if (r.direct) return `the Pods of Service ${name}${r.port !== undefined ? ` on port ${r.port}` : ''} (dialled directly)`;
  return `Service ${name}${r.servicePort ? ` port ${describePort(r.servicePort)}` : ''}`;
}

/** The blocked call in one message (only for a `blocked` verdict). */
export function blockedCallMessage(cp: CallPolicy): string {
  const caller = callerLabel(cp.call);
  const all = new Set<string>();
  for (const b of cp.backends) for (const r of reasons(cp, b, workloadLabel(cp.call.caller))) all.add(r);
  return `NetworkPolicies block ${caller} → ${dialledService(cp)}: ${[...all].join('; ')}.`;
}

/** The policies that block the call, each with the side it blocks (for related locations and explain). */
export function blockingPolicies(cp: CallPolicy): { policy: NetworkPolicy; direction: 'ingress' | 'egress' | 'dns'; why: string }[] {
  const out = new Map<string, { policy: NetworkPolicy; direction: 'ingress' | 'egress' | 'dns'; why: string }>();
  const caller = workloadLabel(cp.call.caller);
  for (const b of cp.backends) {
    const { ingress, egress, dns } = b.answer;
    const target = workloadLabel(b.workload);
    const add = (a: DirectionAnswer | undefined, direction: 'ingress' | 'egress' | 'dns', why: (name: string) => string) => {
      if (a?.verdict !== 'blocked') return;
      for (const policy of a.policies) {
        const key = `${policy.uri}#${policy.span.start}#${direction}`;
        if (!out.has(key)) out.set(key, { policy, direction, why: why(policy.name) });
      }
    };
    add(ingress, 'ingress', (n) => `NetworkPolicy ${n} isolates the Pods of ${target} for ingress and admits no connection from ${caller} on port ${b.port}/${b.protocol}.`);
    add(egress, 'egress', (n) => `NetworkPolicy ${n} isolates ${caller} for egress and allows no connection to ${target} on port ${b.port}/${b.protocol}.`);
    if (cp.viaDns) add(dns, 'dns', (n) => `NetworkPolicy ${n} isolates ${caller} for egress and allows no DNS (UDP or TCP port 53).`);
  }
  return [...out.values()];
}
