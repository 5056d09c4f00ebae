/**
 * Which files an edit can affect. Every object *provides* keys (its namespace + labels, its
 * Service name, its node ports...) and *depends* on keys (what its rules look up). After an edit,
 * only files depending on a key the old or new objects provide are analysed again, so the work
 * per keystroke follows the wiring, not the size of the workspace.
 */
import { podDnsKey } from '../model/pod-dns-names';
import { portNumber } from '../model/ports';
import {
  isConfigMap,
  isCustomResource,
  isEndpoints,
  isEndpointSlice,
  isGateway,
  isIngress,
  isNamespace,
  isNetworkPolicy,
  isReferenceGrant,
  isRoute,
  isService,
  isWorkload,
  type K8sObject,
  type LabelSelector,
} from '../model/types';
import { configMapsUsedBy, mentionsOf } from '../references/host-names';

/**
 * A key: its parts joined by NUL. `join` makes one flat string; a template literal makes a rope
 * of several strings (V8's cons strings), and a big workspace holds a million of these keys.
 */
function key(...parts: (string | number)[]): string {
  return parts.join('\u0000');
}

const S = (ns: string, name: string) => key('S', ns, name);
const L = (ns: string, k: string, v: string) => key('L', ns, k, v);
const LX = (k: string, v: string) => key('LX', k, v);
const NP = (proto: string, port: number) => key('NP', proto, port);
const HP = (proto: string, port: number) => key('HP', proto, port);
const CR = (ns: string) => key('CR', ns);
/** A per-Pod DNS name `<statefulset>-<n>.<service>` named in a namespace (statefulset-service-not-headless). */
const PD = (ns: string, name: string) => key('PD', ns, name);
/** A Service name in any namespace (ingress-backend-service-missing names the namespaces that have it). */
const SX = (name: string) => key('SX', name);
/** A Gateway (routes check their parentRefs against its listeners). */
const G = (ns: string, name: string) => key('G', ns, name);
/** The ReferenceGrants of a namespace (cross-namespace backendRefs into it). */
const RG = (ns: string) => key('RG', ns);
/** The NetworkPolicies of a namespace (Services whose Pods they may isolate). */
const NP_NS = (ns: string) => key('NPN', ns);
/** Some workload of a namespace / of any namespace (policies' podSelectors, `{}` included). */
const W = (ns: string) => key('W', ns);
const WX = 'WX';
/** Namespace labels (namespaceSelectors of policies and of listeners' allowedRoutes). */
const NSL = 'NSL';

function hasNamespaceSelector(selectors: readonly (LabelSelector | undefined)[]): boolean {
  return selectors.some((s) => s !== undefined);
}

/** A namespace exists (a Service or a Namespace object is in it): `svc.ns` references ask. */
const NS = (ns: string) => key('NS', ns);
/** A ConfigMap (its data feeds env expansion and is a reference site). */
const CM = (ns: string, name: string) => key('CM', ns, name);
/** Some workload reads the ConfigMap (its data is then a reference site). */
const CMU = (ns: string, name: string) => key('CMU', ns, name);
/** Some object's strings mention the name: Services of that name depend on it (callers, CodeLens). */
const SR = (name: string) => key('SR', name);
/**
 * Callers of Services named so. Not provided by any object: the workspace adds the dependents of
 * `callersKey(service)` for every Service in a file an edit affected (a workload edit changes a
 * Service's endpoints, which its callers' service-reference-no-endpoints reports).
 */
const SC = (name: string) => key('SC', name);

export function callersKey(serviceName: string): string {
  return SC(serviceName);
}

/** The dependents of a namespace's NetworkPolicies: its Services, and callers made from it. */
export function policiesKey(namespace: string): string {
  return NP_NS(namespace);
}

/** A policy whose peers select namespaces by label: its verdicts change with Namespace labels. */
export function readsNamespaceLabels(o: K8sObject): boolean {
  return isNetworkPolicy(o) && hasNamespaceSelector([...o.ingress, ...o.egress].flatMap((r) => r.peers).map((p) => p.namespaceSelector));
}

/**
 * The keys index lookups are answered from: an answer can only change when an object providing
 * its key is added or removed (`IndexView.changedSince`), so results computed from lookups can be
 * kept per key (service references do).
 */
export const lookupKeys = {
  /** `servicesNamed`, `endpointsNamed`, `endpointSlicesFor`. */
  service: S,
  /** `servicesNamedAnywhere`. */
  serviceName: SX,
  /** `hasNamespace`, `namespacesNamed`. */
  namespace: NS,
  /** `configMapsNamed`. */
  configMap: CM,
  /** `workloadsUsingConfigMap`. */
  configMapReaders: CMU,
  /** `selectWorkloads`: one per selector pair. */
  label: L,
} as const;

export function providedKeys(o: K8sObject): string[] {
  const keys: string[] = [];
  for (const k of ('podDnsNames' in o ? o.podDnsNames : undefined) ?? []) keys.push(PD(o.namespace, k));
  if (isCustomResource(o)) keys.push(CR(o.namespace));
  if (isWorkload(o) || isConfigMap(o)) for (const n of mentionsOf(o)) keys.push(SR(n));
  if (isConfigMap(o)) keys.push(CM(o.namespace, o.name));
  if (isService(o)) {
    keys.push(S(o.namespace, o.name));
    keys.push(SX(o.name));
    keys.push(NS(o.namespace));
    for (const p of o.ports) {
      const n = portNumber(p.nodePort);
      if (n) keys.push(NP(p.protocol, n));
    }
  } else if (isWorkload(o)) {
    keys.push(W(o.namespace), WX);
    for (const cm of configMapsUsedBy(o)) keys.push(CMU(o.namespace, cm));
    for (const e of o.template?.labels?.entries ?? []) keys.push(L(o.namespace, e.key, e.value), LX(e.key, e.value));
    for (const c of o.template?.containers ?? []) {
      for (const p of c.ports) {
        const n = portNumber(p.hostPort);
        if (n) keys.push(HP(p.protocol, n));
      }
    }
  } else if (isEndpoints(o)) {
    keys.push(S(o.namespace, o.name));
  } else if (isEndpointSlice(o)) {
    if (o.serviceName) keys.push(S(o.namespace, o.serviceName.value));
  } else if (isGateway(o)) {
    keys.push(G(o.namespace, o.name));
  } else if (isReferenceGrant(o)) {
    keys.push(RG(o.namespace));
  } else if (isNetworkPolicy(o)) {
    keys.push(NP_NS(o.namespace));
  } else if (isNamespace(o)) {
    keys.push(NSL);
    if (o.name) keys.push(NS(o.name));
  }
  return keys;
}

export function dependedKeys(o: K8sObject): string[] {
  const keys: string[] = [];
  if (isWorkload(o) || isConfigMap(o)) {
    const mentions = mentionsOf(o);
    for (const n of mentions) keys.push(SX(n), NS(n), SC(n));
    // network-policy-blocks-caller: the caller's egress policies (the target's ingress policies
    // reach it through the Service: they affect the Service, and the workspace adds its callers).
    if (mentions.length > 0) keys.push(NP_NS(o.namespace));
  }
  if (isConfigMap(o)) keys.push(CMU(o.namespace, o.name));
  if (isService(o)) {
    keys.push(SR(o.name));
    keys.push(S(o.namespace, o.name), NP_NS(o.namespace));
    for (const e of o.selector?.entries ?? []) keys.push(L(o.namespace, e.key, e.value), LX(e.key, e.value));
    for (const p of o.ports) {
      const n = portNumber(p.nodePort);
      if (n) keys.push(NP(p.protocol, n));
    }
  } else if (isWorkload(o)) {
    for (const cm of configMapsUsedBy(o)) keys.push(CM(o.namespace, cm));
    if (o.kind === 'StatefulSet' && typeof o.serviceName?.value === 'string') {
      keys.push(S(o.namespace, o.serviceName.value));
      keys.push(PD(o.namespace, podDnsKey(o.name, o.serviceName.value)));
    }
    for (const c of o.template?.containers ?? []) {
      for (const p of c.ports) {
        const n = portNumber(p.hostPort);
        if (n) keys.push(HP(p.protocol, n));
      }
    }
  } else if (isEndpoints(o)) {
    keys.push(S(o.namespace, o.name));
  } else if (isEndpointSlice(o)) {
    if (o.serviceName) keys.push(S(o.namespace, o.serviceName.value));
  } else if (isIngress(o)) {
    keys.push(CR(o.namespace));
    for (const b of o.backends) if (typeof b.serviceName?.value === 'string') keys.push(S(o.namespace, b.serviceName.value));
    for (const b of o.backends) if (typeof b.serviceName?.value === 'string') keys.push(SX(b.serviceName.value));
  } else if (isRoute(o)) {
    keys.push(CR(o.namespace));
    for (const p of o.parentRefs) {
      const name = p.name?.value;
      if (!name) continue;
      if (p.kind === 'Service') keys.push(S(p.namespace, name));
      else keys.push(G(p.namespace, name));
      if (p.namespace !== o.namespace) keys.push(NSL);
    }
    for (const rule of o.rules) {
      for (const b of rule.backendRefs) {
        const name = b.name?.value;
        if (!name || b.kind !== 'Service') continue;
        keys.push(S(b.namespace, name), SX(name), CR(b.namespace));
        if (b.namespace !== o.namespace) keys.push(RG(b.namespace));
      }
    }
  } else if (isNetworkPolicy(o)) {
    keys.push(W(o.namespace));
    if (readsNamespaceLabels(o)) keys.push(NSL, WX);
  }
  return keys;
}
