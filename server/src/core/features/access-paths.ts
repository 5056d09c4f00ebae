/**
 * Every way traffic reaches a Service port, and where it lands — as data. The hover
 * (features/hover.ts) and `kube-ports explain` (cli/explain.ts) render the same facts.
 *
 * The facts follow docs/kubernetes-networking.md, "Access paths": ClusterIP, DNS (full, short,
 * namespace-qualified), SRV for named ports, NodePort (also LoadBalancer unless
 * `allocateLoadBalancerNodePorts: false`), the load balancer's address, externalIPs, the
 * ExternalName CNAME, headless Services (DNS returns Pod IPs; StatefulSet per-pod names), and
 * `kubectl port-forward`. Real values from the manifest are used when present (spec.clusterIP,
 * nodePort, loadBalancerIP, status.loadBalancer.ingress, externalIPs), placeholders otherwise.
 *
 * Pure: reads the index only (no scan of all objects); never throws on odd input.
 */
import { portName, portNumber, servingContainers, targetPortOf, type ResolvedPort } from '../model/ports';
import { resolveOnTemplate, selectedWorkloads, type SelectedWorkload, type TemplateResolution } from '../model/service-links';
import { objectKey, type BackendRef, type EndpointPort, type EndpointSlice, type Endpoints, type Gateway, type Listener, type ParentRef, type Route, type Service, type ServicePort, type Span, type Workload } from '../model/types';
import { backendPermitted, isServiceBackend, listenerAccepts, listenerName, listenersForParentRef, parentGateways, ruleUrls } from '../model/gateway-api';
import { ingressToPort, judgeDirection, type PortPolicy } from '../model/network-policy';
import type { Settings } from '../settings';
import type { IndexView } from '../workspace/workspace-index';

export type PathKind =
  | 'cluster-ip'
  | 'dns'
  | 'dns-short'
  | 'dns-namespace'
  | 'srv'
  | 'node-port'
  | 'load-balancer'
  | 'external-ip'
  | 'external-name'
  | 'port-forward'
  | 'pod-dns';

export interface AccessPath {
  readonly kind: PathKind;
  /** What a client uses: `10.0.0.5:80`, `web.shop.svc.cluster.local:80`, a kubectl command, … */
  readonly address: string;
  /** A short, true explanation: "from namespace shop", "auto-allocated from 30000-32767", … */
  readonly note: string;
}

/** The settings access paths depend on. */
export type PathSettings = Pick<Settings, 'clusterDomain' | 'nodePortRange'>;

const PLACEHOLDER = {
  clusterIP: '<cluster-ip>',
  node: '<any-node-ip>',
  pod: '<pod-ip>',
  lb: '<load-balancer-ip>',
};

/** `host:port`, with IPv6 literals bracketed. */
export function hostPort(host: string, port: number | string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]:${port}` : `${host}:${port}`;
}

export function fqdn(service: { name: string; namespace: string }, settings: PathSettings): string {
  return `${service.name}.${service.namespace}.svc.${settings.clusterDomain}`;
}

export function isExternalName(service: Service): boolean {
  return service.type === 'ExternalName';
}

/** Types whose ports get a nodePort (LoadBalancer unless `allocateLoadBalancerNodePorts: false`). */
export function hasNodePorts(service: Service): boolean {
  if (service.type === 'NodePort') return true;
  if (service.type === 'LoadBalancer') return service.allocateLoadBalancerNodePorts?.value !== false;
  return false;
}

/** The ClusterIP as written (`spec.clusterIP`), unless absent, empty or None. */
export function clusterIPOf(service: Service): string | undefined {
  const v = service.clusterIP?.value;
  return typeof v === 'string' && v !== '' && v !== 'None' ? v : undefined;
}

/** Has a virtual IP: not headless, not ExternalName. */
export function hasClusterIP(service: Service): boolean {
  return !service.headless && !isExternalName(service);
}

function stringValue(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** A local port for `kubectl port-forward`: the port itself when unprivileged, else 8000 + port. */
export function localPortFor(port: number): number {
  return port >= 1024 ? port : 8000 + port <= 65535 ? 8000 + port : port;
}

/** Paths that belong to the Service as a whole, not to one port: the ExternalName CNAME. */
export function servicePaths(service: Service, settings: PathSettings): AccessPath[] {
  if (!isExternalName(service)) return [];
  const target = stringValue(service.externalName?.value);
  const cname = target ? `CNAME to ${target}` : 'CNAME to spec.externalName (not set)';
  return [
    { kind: 'external-name', address: fqdn(service, settings), note: `${cname}; no proxying, no port remapping` },
    { kind: 'dns-short', address: service.name, note: `from namespace ${service.namespace}` },
    { kind: 'dns-namespace', address: `${service.name}.${service.namespace}`, note: 'from other namespaces' },
  ];
}

/** The number of the Service port (`port`), when valid. */
function servicePortNumber(sp: ServicePort): number | undefined {
  return portNumber(sp.port);
}

/**
 * Every way in to one Service port that applies to the Service's type, outermost last:
 * cluster-internal addresses first, then node ports, load balancers, external IPs, port-forward.
 * Per-pod DNS names of a headless Service's StatefulSets come from `statefulSets` (see `podDnsPaths`).
 */
export function accessPaths(service: Service, sp: ServicePort, settings: PathSettings, statefulSets: readonly Workload[] = [], namedPods: readonly Workload[] = []): AccessPath[] {
  const port = servicePortNumber(sp);
  const p = port ?? '<port>';
  const out: AccessPath[] = [];
  const name = fqdn(service, settings);
  if (isExternalName(service)) {
    const target = stringValue(service.externalName?.value);
    if (target) out.push({ kind: 'external-name', address: hostPort(target, p), note: `${name} is a CNAME; clients connect here directly, port not remapped` });
    return out;
  }
  if (service.headless) {
    out.push({ kind: 'dns', address: hostPort(name, p), note: 'headless: DNS returns the Pod IPs; clients connect straight to the Pods (targetPort)' });
  } else {
    const ip = clusterIPOf(service);
    out.push({ kind: 'cluster-ip', address: hostPort(ip ?? PLACEHOLDER.clusterIP, p), note: ip ? 'spec.clusterIP, inside the cluster' : 'allocated ClusterIP, inside the cluster' });
    out.push({ kind: 'dns', address: hostPort(name, p), note: 'DNS, from any namespace' });
  }
  out.push({ kind: 'dns-short', address: hostPort(service.name, p), note: `from namespace ${service.namespace}` });
  out.push({ kind: 'dns-namespace', address: hostPort(`${service.name}.${service.namespace}`, p), note: 'from other namespaces' });
  const pname = portName(sp.name);
  if (pname) {
    out.push({ kind: 'srv', address: `_${pname}._${sp.protocol.toLowerCase()}.${name}`, note: `SRV record: port ${p}${service.headless ? ', one record per Pod' : ''}` });
  }
  out.push(...podDnsPaths(service, sp, settings, statefulSets, namedPods));
  if (hasNodePorts(service)) {
    const np = portNumber(sp.nodePort);
    const { min, max } = settings.nodePortRange;
    if (np) out.push({ kind: 'node-port', address: hostPort(PLACEHOLDER.node, np), note: 'nodePort, on every node' });
    else out.push({ kind: 'node-port', address: hostPort(PLACEHOLDER.node, '<node-port>'), note: `nodePort auto-allocated from ${min}-${max}, on every node` });
  }
  if (service.type === 'LoadBalancer') {
    const ingress = service.loadBalancerIngress.map((s) => s.value).filter((v) => typeof v === 'string' && v);
    const lbIP = stringValue(service.loadBalancerIP?.value);
    if (ingress.length) for (const a of ingress) out.push({ kind: 'load-balancer', address: hostPort(a, p), note: 'status.loadBalancer.ingress' });
    else if (lbIP) out.push({ kind: 'load-balancer', address: hostPort(lbIP, p), note: 'spec.loadBalancerIP (requested from the cloud provider)' });
    else out.push({ kind: 'load-balancer', address: hostPort(PLACEHOLDER.lb, p), note: 'assigned by the cloud provider' });
  }
  for (const ip of service.externalIPs) {
    if (typeof ip.value === 'string' && ip.value) out.push({ kind: 'external-ip', address: hostPort(ip.value, p), note: 'externalIPs, on nodes that route this IP' });
  }
  if (service.selector && service.selector.entries.length > 0 && port !== undefined) {
    const local = localPortFor(port);
    out.push({
      kind: 'port-forward',
      address: `kubectl port-forward -n ${service.namespace} svc/${service.name} ${local}:${port}`,
      note: `then localhost:${local}; picks one Pod`,
    });
  }
  return out;
}

/** How many ordinals of a StatefulSet to list by name before summarising. */
const MAX_ORDINALS = 5;

/**
 * Stable per-Pod DNS names of a headless Service: StatefulSets whose `serviceName` is this
 * Service (same namespace) and that it selects, then bare Pods it selects whose `subdomain` is
 * this Service and that set a `hostname` (`<hostname>.<subdomain>.<ns>.svc.<domain>`).
 */
export function podDnsPaths(service: Service, sp: ServicePort, settings: PathSettings, statefulSets: readonly Workload[], namedPods: readonly Workload[] = []): AccessPath[] {
  if (!service.headless) return [];
  const p = servicePortNumber(sp) ?? '<port>';
  const out: AccessPath[] = [];
  const seen = new Set<string>();
  const domain = `${service.name}.${service.namespace}.svc.${settings.clusterDomain}`;
  const podDns = (): AccessPath[] => {
    const pods: AccessPath[] = [];
    for (const pod of namedPods) {
      const hostname = stringValue(pod.template?.hostname?.value);
      if (!hostname || seen.has(objectKey(pod))) continue;
      seen.add(objectKey(pod));
      pods.push({ kind: 'pod-dns', address: hostPort(`${hostname}.${domain}`, targetOnTemplate(sp, pod) ?? p), note: `Pod ${pod.name} (hostname ${hostname}, subdomain ${service.name})` });
    }
    return pods;
  };
  for (const sts of statefulSets) {
    if (seen.has(objectKey(sts))) continue;
    seen.add(objectKey(sts));
    const n = replicasOf(sts) ?? 1;
    const port = targetOnTemplate(sp, sts) ?? p;
    const shown = n <= MAX_ORDINALS ? n : MAX_ORDINALS - 1;
    for (let i = 0; i < shown; i++) {
      out.push({ kind: 'pod-dns', address: hostPort(`${sts.name}-${i}.${domain}`, port), note: `Pod ${i} of StatefulSet ${sts.name}` });
    }
    if (n > shown) out.push({ kind: 'pod-dns', address: hostPort(`${sts.name}-${n - 1}.${domain}`, port), note: `Pod ${n - 1} of StatefulSet ${sts.name} (ordinals 0-${n - 1})` });
  }
  out.push(...podDns());
  return out;
}

/** Bare Pods a headless Service selects that name it as their `subdomain` and set a `hostname`: they get DNS names of their own. */
export function podsNamedBy(service: Service, selected: readonly Workload[]): Workload[] {
  if (!service.headless) return [];
  return selected.filter((w) => w.kind === 'Pod' && w.namespace === service.namespace && stringValue(w.template?.subdomain?.value) === service.name && !!stringValue(w.template?.hostname?.value));
}

function targetOnTemplate(sp: ServicePort, w: Workload): number | undefined {
  if (!w.template) return undefined;
  const r = resolveOnTemplate(sp, w.template);
  return r.kind === 'declared' || r.kind === 'undeclared-number' ? r.number : undefined;
}

/** `spec.replicas` (absent means 1); undefined for DaemonSets (one per node) and odd values. */
export function replicasOf(w: Workload): number | undefined {
  if (w.kind === 'DaemonSet') return undefined;
  if (w.kind === 'Pod' || w.kind === 'Job' || w.kind === 'CronJob') return 1;
  if (!w.replicas) return 1;
  const v = w.replicas.value;
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : undefined;
}

export function hostNetworkOf(w: Workload): boolean {
  return w.template?.hostNetwork?.value === true;
}

// ---------------------------------------------------------------------------------------------
// Endpoints

/** Pods of a selected workload that a Service port sends traffic to. */
export interface WorkloadEndpoint {
  readonly source: 'workload';
  readonly workload: Workload;
  readonly alsoDefinedIn: readonly Workload[];
  readonly resolution: TemplateResolution;
  /** Pods: `spec.replicas` (1 when absent); undefined = one per node (DaemonSet) or unknown. */
  readonly replicas: number | undefined;
  /** `<pod-ip>:8080` (`<node-ip>:8080` with hostNetwork), or undefined when the port does not resolve. */
  readonly address: string | undefined;
  /** The container port traffic lands on, when declared. */
  readonly target: ResolvedPort | undefined;
  readonly hostNetwork: boolean;
}

/** One address of a selectorless Service's Endpoints / EndpointSlice. */
export interface ManualEndpoint {
  readonly source: 'Endpoints' | 'EndpointSlice';
  readonly object: Endpoints | EndpointSlice;
  readonly address: string;
  readonly ready: boolean;
  readonly span: Span;
}

export type ServiceEndpoint = WorkloadEndpoint | ManualEndpoint;

export interface PortEndpoints {
  /** How the Service finds backends. */
  readonly mode: 'selector' | 'manual' | 'external-name';
  readonly endpoints: readonly ServiceEndpoint[];
  /** Plain statements of what is broken, empty when all is well. */
  readonly problems: readonly string[];
}

/** The container that serves traffic first (for naming the landing spot of an undeclared number). */
function firstContainerName(w: Workload): string | undefined {
  const c = w.template ? servingContainers(w.template)[0] : undefined;
  return stringValue(c?.name?.value);
}

export function containerNameOf(ep: WorkloadEndpoint): string | undefined {
  return ep.target ? stringValue(ep.target.container.name?.value) : firstContainerName(ep.workload);
}

/**
 * Where one Service port lands: per selected workload (one per objectKey), `<pod-ip>:<resolved
 * port>` × replicas with the container and containerPort; for selectorless Services, the
 * addresses of the Endpoints object of the same name and of the EndpointSlices labelled for it.
 */
export function serviceEndpoints(index: IndexView, service: Service, sp: ServicePort, selected?: readonly SelectedWorkload[]): PortEndpoints {
  if (isExternalName(service)) return { mode: 'external-name', endpoints: [], problems: [] };
  const problems: string[] = [];
  if (!service.selector || service.selector.entries.length === 0) {
    const endpoints = manualEndpoints(index, service, sp);
    if (endpoints.length === 0) {
      problems.push(`No selector and no Endpoints or EndpointSlice named ${service.name} with a port ${describeWanted(sp)}: the Service has no backends.`);
    } else if (!endpoints.some((e) => e.ready)) {
      problems.push('Every address is listed as not ready: traffic has nowhere to go.');
    }
    return { mode: 'manual', endpoints, problems };
  }
  const workloads = selected ?? selectedWorkloads(index, service);
  const target = targetPortOf(sp);
  if (target.kind === 'invalid') problems.push('The targetPort is not a valid port number or name: no endpoint.');
  const endpoints: WorkloadEndpoint[] = [];
  for (const sel of workloads) {
    const resolution = resolveOnTemplate(sp, sel.template);
    const hostNetwork = sel.template.hostNetwork?.value === true;
    const replicas = replicasOf(sel.workload);
    const resolved = resolution.kind === 'declared' || resolution.kind === 'undeclared-number' ? resolution.number : undefined;
    endpoints.push({
      source: 'workload',
      workload: sel.workload,
      alsoDefinedIn: sel.alsoDefinedIn,
      resolution,
      replicas,
      address: resolved === undefined ? undefined : hostPort(hostNetwork ? '<node-ip>' : PLACEHOLDER.pod, resolved),
      target: resolution.kind === 'declared' ? resolution.target : undefined,
      hostNetwork,
    });
    if (resolution.kind === 'unresolved-name') {
      const other = resolution.otherProtocol;
      problems.push(
        `targetPort "${resolution.name}" names no ${sp.protocol} container port of ${sel.workload.kind} ${sel.workload.name}` +
          (other ? ` (there is one with protocol ${other.port.protocol})` : '') +
          ': its Pods give no endpoint for this port.',
      );
    } else if (replicas === 0 && resolved !== undefined) {
      problems.push(`${sel.workload.kind} ${sel.workload.name} has replicas: 0: no Pods, no endpoints.`);
    }
  }
  if (workloads.length === 0) {
    problems.push(`The selector matches no Pod in namespace ${service.namespace}: the Service has no endpoints.`);
  }
  return { mode: 'selector', endpoints, problems };
}

function describeWanted(sp: ServicePort): string {
  const name = portName(sp.name);
  return name ? `named ${name}` : 'without a name';
}

/**
 * The Endpoints port that backs a Service port: the one with the Service port's name (both
 * unnamed for single-port Services) and protocol.
 */
function endpointPortFor(ports: readonly EndpointPort[], sp: ServicePort): EndpointPort | undefined {
  const want = portName(sp.name) ?? '';
  return ports.find((p) => (portName(p.name) ?? '') === want && p.protocol === sp.protocol);
}

export function manualEndpoints(index: IndexView, service: Service, sp: ServicePort): ManualEndpoint[] {
  const out: ManualEndpoint[] = [];
  const seen = new Set<string>();
  const add = (e: ManualEndpoint) => {
    const key = `${e.source}/${e.address}/${e.ready}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push(e);
  };
  for (const ep of index.endpointsNamed(service.namespace, service.name)) {
    for (const subset of ep.subsets) {
      const port = portNumber(endpointPortFor(subset.ports, sp)?.port);
      if (port === undefined) continue;
      for (const a of subset.addresses) {
        const ip = stringValue(a.ip?.value);
        if (ip) add({ source: 'Endpoints', object: ep, address: hostPort(ip, port), ready: true, span: a.span });
      }
      for (const a of subset.notReadyAddresses) {
        const ip = stringValue(a.ip?.value);
        if (ip) add({ source: 'Endpoints', object: ep, address: hostPort(ip, port), ready: false, span: a.span });
      }
    }
  }
  for (const slice of index.endpointSlicesFor(service.namespace, service.name)) {
    const port = portNumber(endpointPortFor(slice.ports, sp)?.port);
    if (port === undefined) continue;
    for (const a of slice.endpoints) {
      const ip = stringValue(a.ip?.value);
      if (ip) add({ source: 'EndpointSlice', object: slice, address: hostPort(ip, port), ready: true, span: a.span });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The whole story of one Service

/** One way in through a Gateway API route: URL(s) → Gateway listener (or mesh Service) → this Service port. */
export interface RouteWay {
  readonly route: Route;
  readonly ruleIndex: number;
  readonly backendRef: BackendRef;
  readonly parentRef: ParentRef;
  /** The Gateway in the workspace (undefined: outside the workspace, or a mesh parent). */
  readonly gateway: Gateway | undefined;
  readonly listener: Listener | undefined;
  readonly urls: readonly string[];
  /** `Gateway infra/web listener https :443`, `Gateway infra/web (outside the workspace)`, `mesh: Service shop/api`. */
  readonly via: string;
  /** The listener may reject the route (namespace labels unknown), or the backend is refused. */
  readonly caveat: string | undefined;
}

/** Ingress policy of the Pods of one selected workload on the port traffic lands on. */
export interface EndpointPolicy {
  readonly workload: Workload;
  readonly port: number;
  readonly protocol: string;
  readonly policy: PortPolicy;
  /** Workloads of the same namespace (other than the target) that may / may not connect, as far as known. */
  readonly allowedPeers: readonly Workload[];
  readonly blockedPeers: readonly Workload[];
}

/** How many workloads of a namespace a hover judges as peers (index lookups, bounded). */
const MAX_PEERS_JUDGED = 40;

export interface PortStory {
  readonly port: ServicePort;
  readonly paths: readonly AccessPath[];
  readonly endpoints: PortEndpoints;
  /** Ways in through Gateway API routes whose backendRefs name this port. */
  readonly routes: readonly RouteWay[];
  /** Per selected workload: who may connect to the port its Pods listen on (NetworkPolicies). */
  readonly policies: readonly EndpointPolicy[];
  /** One line per landing spot: `<any-node-ip>:30333 → <cluster-ip>:8222 → <pod-ip>:80 (nginx/nginx)`. */
  readonly flows: readonly string[];
}

export interface ServiceStory {
  readonly service: Service;
  /** Paths of the Service as a whole (ExternalName CNAME). */
  readonly paths: readonly AccessPath[];
  readonly selected: readonly SelectedWorkload[];
  readonly ports: readonly PortStory[];
}

/** Everything the hover and `explain` say about a Service, from the index lookups only. */
export function explainService(index: IndexView, service: Service, settings: PathSettings): ServiceStory {
  const selected = isExternalName(service) ? [] : selectedWorkloads(index, service);
  const statefulSets = service.headless
    ? index.statefulSetsFor(service.namespace, service.name).filter((s) => selected.some((w) => objectKey(w.workload) === objectKey(s)))
    : [];
  const namedPods = podsNamedBy(
    service,
    selected.map((w) => w.workload),
  );
  const ports = service.ports.map((port) => {
    const paths = accessPaths(service, port, settings, statefulSets, namedPods);
    const endpoints = serviceEndpoints(index, service, port, selected);
    const routes = routeWays(index, service, port);
    return { port, paths, endpoints, routes, policies: endpointPolicies(index, endpoints, port), flows: [...routeFlowLines(service, port, routes, endpoints), ...flowLines(service, port, paths, endpoints)] };
  });
  return { service, paths: servicePaths(service, settings), selected, ports };
}

/** The entry hops of a flow, outermost first: load balancer, node port, then cluster IP or DNS. */
function entryHops(service: Service, paths: readonly AccessPath[]): string[] {
  const hops: string[] = [];
  const lb = paths.find((p) => p.kind === 'load-balancer');
  if (lb) hops.push(lb.address);
  const np = paths.find((p) => p.kind === 'node-port');
  if (np) hops.push(np.address);
  const inner = paths.find((p) => p.kind === 'cluster-ip') ?? (service.headless ? paths.find((p) => p.kind === 'dns') : undefined);
  if (inner) hops.push(inner.address);
  return hops;
}

export function flowLines(service: Service, _sp: ServicePort, paths: readonly AccessPath[], endpoints: PortEndpoints): string[] {
  if (endpoints.mode === 'external-name') {
    const cname = paths.find((p) => p.kind === 'external-name');
    return cname ? [`${service.name} → ${cname.address}`] : [];
  }
  const hops = entryHops(service, paths);
  const out: string[] = [];
  const seen = new Set<string>();
  const push = (line: string) => {
    if (!seen.has(line)) out.push(line);
    seen.add(line);
  };
  for (const ep of endpoints.endpoints) {
    if (ep.source === 'workload') {
      if (!ep.address) {
        push([...hops, `(no endpoint in ${ep.workload.name})`].join(' → '));
        continue;
      }
      const container = containerNameOf(ep);
      push([...hops, `${ep.address}${container ? ` (${ep.workload.name}/${container})` : ''}`].join(' → '));
    } else {
      push([...hops, ep.address + (ep.ready ? '' : ' (not ready)')].join(' → '));
    }
  }
  if (endpoints.endpoints.length === 0) push([...hops, '(no endpoints)'].join(' → '));
  return out;
}

// ---------------------------------------------------------------------------------------------
// Gateway API routes and NetworkPolicies

const MAX_ROUTE_WAYS = 24;

/** The listener's short description: `listener https :443`. */
export function describeListener(l: Listener): string {
  return `listener ${listenerName(l) ?? '(unnamed)'} :${portNumber(l.port) ?? '?'}`;
}

/** Whether a backendRef names this Service port (Service kind, namespace, name, port number). */
export function backendRefTargets(ref: BackendRef, service: Service, sp: ServicePort): boolean {
  return isServiceBackend(ref) && ref.namespace === service.namespace && ref.name?.value === service.name && portNumber(ref.port) !== undefined && portNumber(ref.port) === portNumber(sp.port);
}

/** Every way in to a Service port through routes (index lookups: the routes naming the Service, their Gateways). */
export function routeWays(index: IndexView, service: Service, sp: ServicePort): RouteWay[] {
  const out: RouteWay[] = [];
  for (const route of index.routesForService(service.namespace, service.name)) {
    route.rules.forEach((rule, ruleIndex) => {
      for (const backendRef of rule.backendRefs) {
        if (!backendRefTargets(backendRef, service, sp)) continue;
        const refused = backendPermitted(index, route, backendRef) ? undefined : `refused: no ReferenceGrant in namespace ${service.namespace} allows it`;
        out.push(...routeWaysOf(index, route, ruleIndex, backendRef, refused));
      }
    });
  }
  return out.slice(0, MAX_ROUTE_WAYS);
}

/** The ways in of one backendRef of a route, through each of the route's parents. */
export function routeWaysOf(index: IndexView, route: Route, ruleIndex: number, backendRef: BackendRef, caveat?: string): RouteWay[] {
  const out: RouteWay[] = [];
  for (const parentRef of route.parentRefs) {
    const name = parentRef.name?.value ?? '';
    if (parentRef.kind === 'Service') {
      out.push({ route, ruleIndex, backendRef, parentRef, gateway: undefined, listener: undefined, urls: [`${name}.${parentRef.namespace}:${portNumber(parentRef.port) ?? '<port>'}`], via: `mesh: Service ${parentRef.namespace}/${name}`, caveat });
      continue;
    }
    const gateways = parentGateways(index, parentRef);
    if (gateways.length === 0) {
      out.push({ route, ruleIndex, backendRef, parentRef, gateway: undefined, listener: undefined, urls: ruleUrls(route, ruleIndex, undefined), via: `Gateway ${parentRef.namespace}/${name} (outside the workspace)`, caveat });
      continue;
    }
    const gateway = gateways[0]!;
    for (const listener of listenersForParentRef(gateway, parentRef)) {
      const a = listenerAccepts(index, gateway, listener, route);
      if (a.accepted === false) continue;
      out.push({
        route,
        ruleIndex,
        backendRef,
        parentRef,
        gateway,
        listener,
        urls: ruleUrls(route, ruleIndex, listener),
        via: `Gateway ${gateway.namespace}/${gateway.name} ${describeListener(listener)}`,
        caveat: caveat ?? (a.accepted === 'unknown' ? `may be rejected: ${a.reason}` : undefined),
      });
    }
  }
  return out;
}

function routeFlowLines(service: Service, sp: ServicePort, routes: readonly RouteWay[], endpoints: PortEndpoints): string[] {
  const out: string[] = [];
  const landing = endpoints.endpoints.slice(0, 3).map((ep) => {
    if (ep.source !== 'workload') return ep.address;
    const c = containerNameOf(ep);
    return ep.address ? `${ep.address}${c ? ` (${ep.workload.name}/${c})` : ''}` : `(no endpoint in ${ep.workload.name})`;
  });
  const land = landing.length ? landing.join(', ') : '(no endpoints)';
  for (const w of routes) {
    for (const url of w.urls.slice(0, 3)) out.push(`${url} → ${w.via} → ${service.name}:${portNumber(sp.port) ?? '?'} → ${land}`);
  }
  return out.slice(0, 8);
}

/** Who may connect to each selected workload's Pods on the port this Service port lands on. */
export function endpointPolicies(index: IndexView, endpoints: PortEndpoints, sp: ServicePort): EndpointPolicy[] {
  const out: EndpointPolicy[] = [];
  for (const ep of endpoints.endpoints) {
    if (ep.source !== 'workload' || !ep.workload.template) continue;
    const r = ep.resolution;
    if (r.kind !== 'declared' && r.kind !== 'undeclared-number') continue;
    const target = { template: ep.workload.template, namespace: ep.workload.namespace };
    const policy = ingressToPort(index, target, r.number, sp.protocol);
    if (policy.policies.length === 0) continue;
    const allowedPeers: Workload[] = [];
    const blockedPeers: Workload[] = [];
    const seen = new Set<string>([objectKey(ep.workload)]);
    let judged = 0;
    for (const w of index.workloadsIn(ep.workload.namespace)) {
      if (!w.template || seen.has(objectKey(w)) || judged >= MAX_PEERS_JUDGED) continue;
      seen.add(objectKey(w));
      judged++;
      const v = judgeDirection(index, 'Ingress', target, { template: w.template, namespace: w.namespace }, r.number, sp.protocol, target.template).verdict;
      if (v === 'allowed') allowedPeers.push(w);
      else if (v === 'blocked') blockedPeers.push(w);
    }
    const byName = (a: Workload, b: Workload) => a.name.localeCompare(b.name) || a.kind.localeCompare(b.kind);
    out.push({ workload: ep.workload, port: r.number, protocol: sp.protocol, policy, allowedPeers: allowedPeers.sort(byName), blockedPeers: blockedPeers.sort(byName) });
  }
  return out;
}

/** `reachable from: …; blocked for: …`, naming the policies (hover and explain). */
const MAX_NAMED_PEERS = 4;

function peerList(ws: readonly Workload[]): string {
  const names = ws.slice(0, MAX_NAMED_PEERS).map((w) => `${w.kind} ${w.name}`);
  return names.join(', ') + (ws.length > MAX_NAMED_PEERS ? ` and ${ws.length - MAX_NAMED_PEERS} more` : '');
}

export function describeEndpointPolicy(e: EndpointPolicy): { reachable: string; blocked: string } {
  const p = e.policy;
  const names = p.policies.map((x) => x.name).join(', ');
  if (p.closed) return { reachable: 'nobody', blocked: `every source: NetworkPolicy ${names} isolate${p.policies.length === 1 ? 's' : ''} the Pods and no rule opens ${e.port}/${e.protocol}` };
  const reach = p.allowed.map((a) => `${a.peers} (${a.policy.name}${a.certain ? '' : ', maybe'})`);
  const uniq = [...new Set(reach)];
  const reachable = (uniq.length ? uniq.join('; ') : 'unknown') + (e.allowedPeers.length ? ` — here: ${peerList(e.allowedPeers)}` : '');
  const others = e.blockedPeers.length ? `${peerList(e.blockedPeers)} and every other source` : 'every other source';
  const blocked = p.isolated === 'yes' ? `${others} (isolated by ${names})` : `maybe ${others} (${names} may select these Pods)`;
  return { reachable, blocked };
}
