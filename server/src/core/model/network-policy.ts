/**
 * NetworkPolicy evaluation, exactly as the API defines it, with three-valued answers: for Pods
 * (a pod template and its namespace) and a port, which policies isolate them, which peers and
 * ports they allow, and whether one given peer may connect.
 *
 *   - A Pod is isolated for ingress (egress) when some policy of its namespace selects it (an
 *     empty podSelector selects every Pod) and has that policy type (policyTypes defaulting: see
 *     extract-object.ts). Isolated traffic is allowed when any selecting policy has a rule that
 *     admits it: rules and policies add up, nothing denies.
 *   - A rule admits a connection when one of its ports matches (no ports: every port; a number,
 *     a number range with endPort, or a name resolved against the container ports of the Pod the
 *     traffic goes *to*) and one of its peers matches (no peers: everyone). A peer with only a
 *     podSelector means Pods of the policy's namespace; a namespaceSelector (`{}`: every
 *     namespace) with a podSelector means both at once.
 *   - Namespace labels come from `v1 Namespace` objects of the workspace, plus the automatic
 *     `kubernetes.io/metadata.name`; a label the workspace does not know is `unknown`, never a
 *     mismatch. ipBlocks are `unknown` for Pods (Pod IPs are not in manifests, and CNIs differ on
 *     whether ipBlocks apply to Pod traffic). Policies on hostNetwork Pods are `unknown` too: the
 *     API leaves them undefined.
 *
 * `mayConnect` is the entry point for callers (a workload that connects to a Service): it judges
 * the target's ingress policies, the caller's egress policies and, when the caller resolves the
 * Service by DNS, its egress to port 53.
 *
 * Pure: reads the index only (policies and Namespaces of the namespaces involved); never throws.
 */
import type { IndexView } from '../workspace/workspace-index';
import { labelValue, requirementHolds } from './labels';
import { portName, portNumber, servingContainers } from './ports';
import type { LabelMap, LabelSelector, NetworkPolicy, PodTemplate, PolicyPeer, PolicyPort, PolicyRule } from './types';

export type Tri = 'yes' | 'no' | 'unknown';
export type Verdict = 'allowed' | 'blocked' | 'unknown';

export const triAnd = (...xs: Tri[]): Tri => (xs.includes('no') ? 'no' : xs.includes('unknown') ? 'unknown' : 'yes');
export const triOr = (...xs: Tri[]): Tri => (xs.includes('yes') ? 'yes' : xs.includes('unknown') ? 'unknown' : 'no');
export const triNot = (x: Tri): Tri => (x === 'yes' ? 'no' : x === 'no' ? 'yes' : 'unknown');
export const verdictOf = (x: Tri): Verdict => (x === 'yes' ? 'allowed' : x === 'no' ? 'blocked' : 'unknown');

/** Pods as policies see them: a pod template in a namespace. */
export interface PodRef {
  readonly template: PodTemplate;
  readonly namespace: string;
}

export type Direction = 'Ingress' | 'Egress';

/** A label lookup that may not know: `undefined` = no such label, `UNKNOWN` = the workspace cannot tell. */
const UNKNOWN = Symbol('unknown');
type Lookup = (key: string) => string | undefined | typeof UNKNOWN;

function selectorTri(sel: LabelSelector | undefined, lookup: Lookup): Tri {
  if (!sel) return 'yes';
  const results: Tri[] = [];
  for (const e of sel.matchLabels?.entries ?? []) {
    const v = lookup(e.key);
    results.push(v === UNKNOWN ? 'unknown' : v === (labelValue(sel.matchLabels, e.key) ?? e.value) ? 'yes' : 'no');
  }
  for (const req of sel.matchExpressions) {
    const v = lookup(req.key);
    if (v === UNKNOWN) {
      results.push('unknown');
      continue;
    }
    const holds = requirementHolds(req, v);
    results.push(holds === undefined ? 'unknown' : holds ? 'yes' : 'no');
  }
  return triAnd(...results);
}

/** A podSelector (absent or `{}`: every Pod) on fully known Pod labels. */
export function podSelectorMatches(sel: LabelSelector | undefined, labels: LabelMap | undefined): Tri {
  return selectorTri(sel, (k) => labelValue(labels, k));
}

/** The labels of a namespace as far as the workspace knows them. */
export function namespaceLabels(index: IndexView, namespace: string): { readonly labels: ReadonlyMap<string, string>; readonly known: boolean } {
  const defs = index.namespacesNamed(namespace);
  const labels = new Map<string, string>();
  // Several definitions that disagree: only what they all say is certain.
  const first = defs[0];
  if (first) {
    for (const e of first.labels?.entries ?? []) {
      if (defs.every((d) => labelValue(d.labels, e.key) === e.value)) labels.set(e.key, e.value);
    }
  }
  labels.set('kubernetes.io/metadata.name', namespace);
  const signature = (l: LabelMap | undefined) => (l?.entries ?? []).map((e) => `${e.key}=${labelValue(l, e.key)}`).sort().join('\n');
  const agree = defs.every((d) => signature(d.labels) === signature(first?.labels));
  return { labels, known: defs.length > 0 && agree };
}

/** A namespaceSelector (`{}`: every namespace) on a namespace's labels. */
export function namespaceSelectorMatches(index: IndexView, sel: LabelSelector, namespace: string): Tri {
  const { labels, known } = namespaceLabels(index, namespace);
  return selectorTri(sel, (k) => (labels.has(k) ? labels.get(k) : known ? undefined : UNKNOWN));
}

/** Whether a policy selects the Pods (same namespace, podSelector matches). */
export function policySelects(policy: NetworkPolicy, pod: PodRef): Tri {
  if (policy.namespace !== pod.namespace) return 'no';
  const selects = podSelectorMatches(policy.podSelector, pod.template.labels);
  // The API leaves hostNetwork Pods undefined (most CNIs do not apply policies to them).
  return selects === 'yes' && pod.template.hostNetwork?.value === true ? 'unknown' : selects;
}

/** The number a named port has on a Pod (container ports of serving containers, with the protocol). */
export function namedPortOn(template: PodTemplate, name: string, protocol: string): number | undefined {
  for (const c of servingContainers(template)) {
    for (const p of c.ports) if (portName(p.name) === name && p.protocol === protocol) return portNumber(p.containerPort);
  }
  return undefined;
}

/**
 * Whether a policy port matches `port`/`protocol` on the destination Pod (`undefined`: not in the
 * workspace, so named ports cannot be resolved).
 */
export function policyPortMatches(pp: PolicyPort, port: number, protocol: string, destination: PodTemplate | undefined): Tri {
  if (pp.protocol !== protocol) return 'no';
  if (!pp.port || pp.port.value === null) return 'yes';
  const n = portNumber(pp.port);
  if (n !== undefined) {
    const end = portNumber(pp.endPort);
    return (end !== undefined ? port >= n && port <= end : port === n) ? 'yes' : 'no';
  }
  const name = portName(pp.port);
  if (name === undefined) return 'unknown';
  if (/^\d+$/.test(name)) return Number(name) === port ? 'yes' : 'no';
  if (!destination) return 'unknown';
  // A name that the Pod does not declare matches nothing on that Pod.
  return namedPortOn(destination, name, protocol) === port ? 'yes' : 'no';
}

export function rulePortsMatch(rule: PolicyRule, port: number, protocol: string, destination: PodTemplate | undefined): Tri {
  if (rule.ports.length === 0) return 'yes';
  return triOr(...rule.ports.map((pp) => policyPortMatches(pp, port, protocol, destination)));
}

/** Whether a peer of a policy in `policyNamespace` matches the other end (`undefined`: not in the workspace). */
export function peerMatches(index: IndexView, peer: PolicyPeer, policyNamespace: string, other: PodRef | undefined): Tri {
  if (peer.ipBlock) return 'unknown';
  if (!peer.podSelector && !peer.namespaceSelector) return 'unknown';
  if (!other) return 'unknown';
  const ns: Tri = peer.namespaceSelector ? namespaceSelectorMatches(index, peer.namespaceSelector, other.namespace) : other.namespace === policyNamespace ? 'yes' : 'no';
  return triAnd(ns, podSelectorMatches(peer.podSelector, other.template.labels));
}

/** Whether a rule admits a connection with the other end `other` to `port` on `destination`. */
export function ruleAdmits(index: IndexView, rule: PolicyRule, policyNamespace: string, other: PodRef | undefined, port: number, protocol: string, destination: PodTemplate | undefined): Tri {
  const ports = rulePortsMatch(rule, port, protocol, destination);
  if (ports === 'no') return 'no';
  const peers = rule.peers.length === 0 ? 'yes' : triOr(...rule.peers.map((p) => peerMatches(index, p, policyNamespace, other)));
  return triAnd(ports, peers);
}

export function hasType(policy: NetworkPolicy, direction: Direction): boolean {
  return policy.policyTypes.includes(direction);
}

export function rulesOf(policy: NetworkPolicy, direction: Direction): readonly PolicyRule[] {
  return direction === 'Ingress' ? policy.ingress : policy.egress;
}

/** Policies of the Pods' namespace that (certainly or maybe) isolate them in one direction. */
export function isolatingPolicies(index: IndexView, pod: PodRef, direction: Direction): { policy: NetworkPolicy; selects: Tri }[] {
  const out: { policy: NetworkPolicy; selects: Tri }[] = [];
  for (const policy of index.networkPoliciesIn(pod.namespace)) {
    if (!hasType(policy, direction)) continue;
    const selects = policySelects(policy, pod);
    if (selects !== 'no') out.push({ policy, selects });
  }
  return out;
}

export interface DirectionAnswer {
  readonly direction: Direction;
  /** Whether the Pods are isolated in this direction. */
  readonly isolated: Tri;
  /** The policies that (certainly or maybe) select the Pods for this direction, in source order. */
  readonly policies: readonly NetworkPolicy[];
  /** Policies with a rule that certainly admits the connection. */
  readonly allowedBy: readonly NetworkPolicy[];
  readonly verdict: Verdict;
}

/**
 * One direction: `pod` is the side whose policies apply (the target for ingress, the caller for
 * egress), `other` the far end (`undefined`: unknown), `destination` the Pod the traffic goes to
 * (named ports resolve there).
 */
export function judgeDirection(
  index: IndexView,
  direction: Direction,
  pod: PodRef,
  other: PodRef | undefined,
  port: number,
  protocol: string,
  destination: PodTemplate | undefined,
): DirectionAnswer {
  const candidates = isolatingPolicies(index, pod, direction);
  const isolated = triOr(...candidates.map((c) => c.selects));
  const allows: Tri[] = [];
  const allowedBy: NetworkPolicy[] = [];
  for (const { policy, selects } of candidates) {
    const admits = triOr(...rulesOf(policy, direction).map((r) => ruleAdmits(index, r, policy.namespace, other, port, protocol, destination)));
    allows.push(triAnd(selects, admits));
    if (selects === 'yes' && admits === 'yes') allowedBy.push(policy);
  }
  const result = triOr(triNot(isolated), ...allows);
  return { direction, isolated, policies: candidates.map((c) => c.policy), allowedBy, verdict: verdictOf(result) };
}

export interface ConnectAnswer {
  readonly verdict: Verdict;
  /** The target's ingress policies. */
  readonly ingress: DirectionAnswer;
  /** The caller's egress policies (undefined without a caller). */
  readonly egress: DirectionAnswer | undefined;
  /** The caller's egress to DNS (UDP or TCP 53 to anything), when it names the target by DNS. */
  readonly dns: DirectionAnswer | undefined;
}

/** Egress to DNS: allowed when UDP 53 or TCP 53 to an unknown destination is allowed. */
function judgeDns(index: IndexView, caller: PodRef): DirectionAnswer {
  const udp = judgeDirection(index, 'Egress', caller, undefined, 53, 'UDP', undefined);
  const tcp = judgeDirection(index, 'Egress', caller, undefined, 53, 'TCP', undefined);
  const rank = (v: Verdict) => (v === 'allowed' ? 2 : v === 'unknown' ? 1 : 0);
  return rank(tcp.verdict) > rank(udp.verdict) ? tcp : udp;
}

/**
 * Whether `caller` (undefined: someone the workspace does not show, e.g. an ingress controller)
 * may connect to `target` on `port` (the container port the traffic lands on) and `protocol`.
 * `viaDns`: the caller resolves the Service by name (default true when a caller is given).
 */
export function mayConnect(
  caller: PodRef | undefined,
  target: PodRef,
  port: number,
  protocol: string,
  index: IndexView,
  options: { readonly viaDns?: boolean } = {},
): ConnectAnswer {
  const ingress = judgeDirection(index, 'Ingress', target, caller, port, protocol, target.template);
  const egress = caller ? judgeDirection(index, 'Egress', caller, target, port, protocol, target.template) : undefined;
  const dns = caller && (options.viaDns ?? true) ? judgeDns(index, caller) : undefined;
  const parts = [ingress, egress, dns].filter((x): x is DirectionAnswer => x !== undefined).map((a) => (a.verdict === 'allowed' ? 'yes' : a.verdict === 'blocked' ? 'no' : 'unknown') as Tri);
  return { verdict: verdictOf(triAnd(...parts)), ingress, egress, dns };
}

// ---------------------------------------------------------------------------------------------
// Describing policies (hovers, explain)

function describeSelector(sel: LabelSelector | undefined): string {
  if (!sel) return '';
  const parts = (sel.matchLabels?.entries ?? []).map((e) => `${e.key}=${e.value}`);
  for (const r of sel.matchExpressions) parts.push(`${r.key} ${r.operator}${r.values.length ? ` (${r.values.join(', ')})` : ''}`);
  return parts.join(', ');
}

/** `Pods app=frontend in namespace shop`, `every Pod in namespaces team=a`, `10.0.0.0/8 except 10.1.0.0/16`. */
export function describePeer(peer: PolicyPeer, policyNamespace: string): string {
  if (peer.ipBlock) return `IP block ${peer.ipBlock.cidr || '(no cidr)'}${peer.ipBlock.except.length ? ` except ${peer.ipBlock.except.join(', ')}` : ''}`;
  const pods = peer.podSelector ? describeSelector(peer.podSelector) : '';
  const podText = pods ? `Pods ${pods}` : 'every Pod';
  if (peer.namespaceSelector) {
    const ns = describeSelector(peer.namespaceSelector);
    return `${podText} in ${ns ? `namespaces ${ns}` : 'every namespace'}`;
  }
  if (peer.podSelector) return `${podText} in namespace ${policyNamespace}`;
  return '(an empty peer, which the API server rejects)';
}

export function describePolicyPort(pp: PolicyPort): string {
  if (!pp.port || pp.port.value === null) return `every ${pp.protocol} port`;
  const end = portNumber(pp.endPort);
  return `${String(pp.port.value)}${end !== undefined ? `-${end}` : ''}/${pp.protocol}`;
}

/** Who a rule admits: `any source`, or its peers. */
export function describeRulePeers(rule: PolicyRule, policyNamespace: string, direction: Direction): string {
  if (rule.peers.length === 0) return direction === 'Ingress' ? 'any source' : 'any destination';
  return rule.peers.map((p) => describePeer(p, policyNamespace)).join('; ');
}

export interface PortPolicy {
  /** Isolated for ingress by these policies (certainly or maybe). */
  readonly isolated: Tri;
  readonly policies: readonly NetworkPolicy[];
  /** Who may connect: one entry per admitting rule, with its policy. */
  readonly allowed: readonly { readonly policy: NetworkPolicy; readonly peers: string; readonly certain: boolean }[];
  /** The port is certainly closed to every peer. */
  readonly closed: boolean;
}

/** Ingress to `port`/`protocol` of one set of Pods: who may connect (for hovers and explain). */
export function ingressToPort(index: IndexView, pod: PodRef, port: number, protocol: string): PortPolicy {
  const candidates = isolatingPolicies(index, pod, 'Ingress');
  const isolated = triOr(...candidates.map((c) => c.selects));
  const allowed: { policy: NetworkPolicy; peers: string; certain: boolean }[] = [];
  let open: Tri = 'no';
  for (const { policy, selects } of candidates) {
    for (const rule of policy.ingress) {
      const ports = rulePortsMatch(rule, port, protocol, pod.template);
      if (ports === 'no') continue;
      open = triOr(open, triAnd(selects, ports));
      allowed.push({ policy, peers: describeRulePeers(rule, policy.namespace, 'Ingress'), certain: selects === 'yes' && ports === 'yes' });
    }
  }
  return { isolated, policies: candidates.map((c) => c.policy), allowed, closed: isolated === 'yes' && open === 'no' };
}
