/**
 * Gateway API semantics, in one place: which listener a parentRef names, whether a listener
 * accepts a route (protocol ↔ route kind, allowedRoutes namespaces and kinds, hostname
 * intersection), which Service port a backendRef reaches, whether a ReferenceGrant permits a
 * cross-namespace backendRef, and the URLs a route answers through a listener.
 *
 * Three-valued where the workspace may not know: a `Selector` on namespace labels that no
 * Namespace object of the workspace confirms or denies is `unknown`, never a rejection.
 *
 * Pure: reads the index only; never throws on odd input.
 */
import type { IndexView } from '../workspace/workspace-index';
import { namespaceSelectorMatches, type Tri } from './network-policy';
import { portName, portNumber } from './ports';
import { GATEWAY_GROUP, type BackendRef, type Gateway, type Listener, type ParentRef, type Route, type RouteKind, type Service, type ServicePort } from './types';

/** The route kinds a listener protocol carries (undefined: a custom, implementation-specific protocol). */
export function routeKindsForProtocol(protocol: string): readonly RouteKind[] | undefined {
  switch (protocol) {
    case 'HTTP':
    case 'HTTPS':
      return ['HTTPRoute', 'GRPCRoute'];
    case 'TLS':
      return ['TLSRoute', 'TCPRoute'];
    case 'TCP':
      return ['TCPRoute'];
    case 'UDP':
      return ['UDPRoute'];
    default:
      return undefined;
  }
}

export function listenerName(l: Listener): string | undefined {
  const v = l.name?.value;
  return typeof v === 'string' && v ? v : undefined;
}

/** The listeners of a Gateway a parentRef attaches to: all, or those matching its sectionName and port. */
export function listenersForParentRef(gateway: Gateway, ref: ParentRef): Listener[] {
  const section = ref.sectionName?.value;
  const port = portNumber(ref.port);
  return gateway.listeners.filter((l) => (section === undefined || section === '' || listenerName(l) === section) && (port === undefined || portNumber(l.port) === port));
}

/** The Gateways (in the workspace) a parentRef names; empty for a Service parent or a Gateway outside the workspace. */
export function parentGateways(index: IndexView, ref: ParentRef): readonly Gateway[] {
  const name = ref.name?.value;
  if (!name || ref.kind !== 'Gateway' || ref.group !== GATEWAY_GROUP) return [];
  return index.gatewaysNamed(ref.namespace, name);
}

/** Whether two hostnames (each maybe `*.`-wildcarded) can name the same host. Gateway API wildcards match one or more labels. */
export function hostnamesIntersect(a: string, b: string): boolean {
  const la = a.toLowerCase();
  const lb = b.toLowerCase();
  if (la === lb) return true;
  const wa = la.startsWith('*.');
  const wb = lb.startsWith('*.');
  if (wa && wb) {
    const sa = la.slice(1);
    const sb = lb.slice(1);
    return sa.endsWith(sb) || sb.endsWith(sa);
  }
  if (wa) return lb.endsWith(la.slice(1)) && lb.length > la.length - 1;
  if (wb) return la.endsWith(lb.slice(1)) && la.length > lb.length - 1;
  return false;
}

/** The more specific of two intersecting hostnames (what a request really carries). */
export function narrowerHostname(a: string, b: string): string {
  if (!a.startsWith('*.')) return a;
  if (!b.startsWith('*.')) return b;
  return a.length >= b.length ? a : b;
}

export type Acceptance = { readonly accepted: true } | { readonly accepted: false; readonly reason: string } | { readonly accepted: 'unknown'; readonly reason: string };

const ROUTES_WITH_HOSTNAMES: readonly string[] = ['HTTPRoute', 'GRPCRoute', 'TLSRoute'];

/** Namespace labels as the workspace knows them: `Namespace` objects, plus the automatic `kubernetes.io/metadata.name`. */
export function routeNamespaceAllowed(index: IndexView, gateway: Gateway, listener: Listener, route: Route): Tri {
  switch (listener.allowedFrom) {
    case 'All':
      return 'yes';
    case 'Same':
      return route.namespace === gateway.namespace ? 'yes' : 'no';
    case 'Selector':
      return listener.namespaceSelector ? namespaceSelectorMatches(index, listener.namespaceSelector, route.namespace) : 'no';
    default:
      return 'unknown';
  }
}

/** Whether one listener accepts a route, and why not (the controller's Accepted=False reasons). */
export function listenerAccepts(index: IndexView, gateway: Gateway, listener: Listener, route: Route): Acceptance {
  const name = listenerName(listener) ?? '(unnamed)';
  const carried = routeKindsForProtocol(listener.protocol);
  if (carried && !carried.includes(route.kind)) {
    return { accepted: false, reason: `listener ${name} is ${listener.protocol}, which carries ${carried.join(' and ')}, not ${route.kind}` };
  }
  if (listener.allowedKinds) {
    const ok = listener.allowedKinds.some((k) => k.kind === route.kind && k.group === GATEWAY_GROUP);
    if (!ok) return { accepted: false, reason: `listener ${name} allows only ${listener.allowedKinds.map((k) => k.kind).join(', ') || 'no kinds'} (allowedRoutes.kinds)` };
  }
  const ns = routeNamespaceAllowed(index, gateway, listener, route);
  if (ns === 'no') {
    const why =
      listener.allowedFrom === 'Same'
        ? `listener ${name} accepts routes from the Gateway's namespace ${gateway.namespace} only (allowedRoutes.namespaces.from: Same, the default)`
        : `the labels of namespace ${route.namespace} do not match the allowedRoutes.namespaces.selector of listener ${name}`;
    return { accepted: false, reason: why };
  }
  if (ns === 'unknown') return { accepted: 'unknown', reason: `namespace ${route.namespace}'s labels are not known in this workspace` };
  const lh = listener.hostname?.value;
  if (lh && ROUTES_WITH_HOSTNAMES.includes(route.kind) && route.hostnames.length > 0) {
    if (!route.hostnames.some((h) => hostnamesIntersect(h.value, lh))) {
      return { accepted: false, reason: `none of the route's hostnames (${route.hostnames.map((h) => h.value).join(', ')}) matches listener ${name}'s hostname ${lh}` };
    }
  }
  return { accepted: true };
}

/** The Service port a backendRef names (by `port` = the Service's `port` number). */
export function backendServicePort(service: Service, ref: BackendRef): ServicePort | undefined {
  const n = portNumber(ref.port);
  return n === undefined ? undefined : service.ports.find((p) => portNumber(p.port) === n);
}

export function isServiceBackend(ref: BackendRef): boolean {
  return ref.kind === 'Service' && ref.group === '';
}

/** The Services of the workspace a Service backendRef names. */
export function backendServices(index: IndexView, ref: BackendRef): readonly Service[] {
  const name = ref.name?.value;
  return name && isServiceBackend(ref) ? index.servicesNamed(ref.namespace, name) : [];
}

/** A cross-namespace backendRef is permitted by a ReferenceGrant of the target namespace (same namespace: always). */
export function backendPermitted(index: IndexView, route: Route, ref: BackendRef): boolean {
  if (ref.namespace === route.namespace) return true;
  const name = ref.name?.value;
  return index.referenceGrantsIn(ref.namespace).some(
    (g) =>
      g.from.some((f) => f.group === GATEWAY_GROUP && f.kind === route.kind && f.namespace === route.namespace) &&
      g.to.some((t) => t.group === ref.group && t.kind === ref.kind && (t.name === undefined || t.name === name)),
  );
}

const DEFAULT_PORT: Readonly<Record<string, number>> = { HTTP: 80, HTTPS: 443 };

function schemeOf(protocol: string | undefined, kind: RouteKind): string {
  if (protocol === undefined) {
    // A Gateway outside the workspace: its listener's protocol is unknown.
    const byKind: Record<RouteKind, string> = { HTTPRoute: 'http(s)', GRPCRoute: 'grpc(s)', TLSRoute: 'tls', TCPRoute: 'tcp', UDPRoute: 'udp' };
    return byKind[kind];
  }
  if (kind === 'GRPCRoute') return protocol === 'HTTPS' ? 'grpcs' : 'grpc';
  switch (protocol) {
    case 'HTTPS':
      return 'https';
    case 'HTTP':
      return 'http';
    case 'TLS':
      return 'tls';
    case 'UDP':
      return 'udp';
    default:
      return 'tcp';
  }
}

/** The URLs a route answers through one listener: `https://shop.example.com/cart`, `grpc://svc.example.com:80/pkg.Svc/*`, `tcp://<gateway-address>:5432`. */
export function routeUrls(route: Route, listener: Listener | undefined, limit = 6): string[] {
  const protocol = listener?.protocol;
  const port = portNumber(listener?.port);
  const lh = listener?.hostname?.value;
  let hosts: string[];
  if (ROUTES_WITH_HOSTNAMES.includes(route.kind) && route.hostnames.length > 0) {
    hosts = route.hostnames.map((h) => h.value).filter((h) => !lh || hostnamesIntersect(h, lh)).map((h) => (lh ? narrowerHostname(h, lh) : h));
  } else hosts = [lh ?? '<gateway-address>'];
  if (hosts.length === 0) hosts = [lh ?? '<gateway-address>'];
  const portText = port === undefined || protocol === undefined ? '' : DEFAULT_PORT[protocol] === port && route.kind === 'HTTPRoute' ? '' : `:${port}`;
  const scheme = schemeOf(protocol, route.kind);
  const paths = new Set<string>();
  if (route.kind === 'HTTPRoute' || route.kind === 'GRPCRoute') {
    for (const rule of route.rules) {
      if (rule.matches.length === 0) paths.add(route.kind === 'GRPCRoute' ? '/*' : '/');
      for (const m of rule.matches) {
        if (route.kind === 'GRPCRoute') paths.add(`/${m.method ?? '*/*'}`);
        else if (m.path?.type === 'RegularExpression') paths.add(`/~${m.path.value}`);
        else paths.add(m.path?.value ?? '/');
      }
    }
    if (paths.size === 0) paths.add('/');
  } else paths.add('');
  const out: string[] = [];
  for (const h of hosts) for (const p of paths) if (out.length < limit) out.push(`${scheme}://${h}${portText}${p.startsWith('/') || p === '' ? p : `/${p}`}`);
  return out;
}

/** The URLs of one rule of a route (its matches) through a listener. */
export function ruleUrls(route: Route, ruleIndex: number, listener: Listener | undefined): string[] {
  const rule = route.rules[ruleIndex];
  if (!rule) return [];
  return routeUrls({ ...route, rules: [rule] }, listener);
}

/** `8080`, `http (8080)`: how a backendRef's port is named in messages. */
export function describeBackendPort(sp: ServicePort): string {
  const n = portNumber(sp.port);
  const name = portName(sp.name);
  return name ? `${n ?? '?'} (${name})` : `${n ?? '?'}`;
}
