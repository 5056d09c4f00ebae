/**
 * Builds the wiring graph (model.ts) of a scope — the whole index, a namespace, one Service, or
 * what the objects of one file touch — from the same facts the hovers and `explain` use
 * (`features/access-paths.ts`: ways in, endpoints, problems), then lays the findings of the
 * rules onto the nodes and edges they are about (by source span), so that every broken link
 * found by a port or selector rule is drawn broken with the finding's message.
 *
 * Extension point: `GRAPH_CONTRIBUTORS` (contributors.ts) add nodes and edges of other
 * capabilities (Gateway API routes, Service-to-Service calls) through the same builder.
 *
 * Pure: index lookups (and, for the whole workspace, one pass over its objects, capped by
 * `maxNodes`); never throws on odd input.
 */
import { explainService, isExternalName, replicasOf, type PortStory } from '../features/access-paths';
import type { Finding } from '../findings';
import { formatLabels } from '../model/labels';
import { portName, portNumber, servingContainers } from '../model/ports';
import {
  nameSpanOf,
  kindSpanOf,
  isEndpoints,
  isEndpointSlice,
  isIngress,
  isService,
  isWorkload,
  objectKey,
  type Endpoints,
  type EndpointSlice,
  type Ingress,
  type IngressBackend,
  type K8sObject,
  type Service,
  type ServicePort,
  type Span,
  type Workload,
  spanOf,
} from '../model/types';
import { isRenderedUri } from '../render/types';
import { RULES } from '../rules/index';
import type { Settings } from '../settings';
import type { IndexView } from '../workspace/workspace-index';
import { GRAPH_CONTRIBUTORS } from './contributors';
import type { EdgeKind, GraphEdge, GraphNode, GraphProblem, GraphSource, NodeKind, WiringGraph } from './model';

export interface GraphScope {
  /** Start from what these objects touch (the objects of one file). */
  readonly objects?: readonly K8sObject[];
  /** Only this Service and what it touches. */
  readonly service?: { readonly namespace: string; readonly name: string };
  /** Only objects of this namespace (with any of the above, or alone). */
  readonly namespace?: string;
  /** Stop adding Services once the graph has this many nodes (the rest is counted in `truncated`). */
  readonly maxNodes?: number;
}

export interface GraphInput {
  readonly index: IndexView;
  readonly settings: Settings;
  readonly scope?: GraphScope;
  /** The findings of a file (the workspace's cache); findings of rules become broken links. */
  readonly findingsOf?: (uri: string) => readonly Finding[];
  /**
   * The index as the objects of a file see it: a render unit's rendered objects see their own
   * unit and the plain files, never another unit (`Workspace.indexFor`). Default: `index`.
   */
  readonly indexFor?: (uri: string) => IndexView;
  /** What to call a file's world on its nodes ("Helm release web"); undefined for plain files. */
  readonly worldOf?: (uri: string) => string | undefined;
}

const RULE_IDS = new Set(RULES.map((r) => r.id));

/**
 * Rules whose findings are about a link (a Service to its Pods or Endpoints, an entry point to
 * its Service): they turn that edge broken. Findings of the other rules (a port's own validity,
 * host ports, probes) mark the node they fall in.
 */
export const LINK_RULES: ReadonlySet<string> = new Set([
  'service-selects-nothing',
  'target-port-name-unresolved',
  'target-port-not-declared',
  'target-port-protocol-mismatch',
  'selectorless-service-without-endpoints',
  'endpoints-port-mismatch',
  'endpoints-overridden',
  'ingress-backend-port-missing',
  'ingress-backend-service-missing',
  'node-port-conflict',
  'node-port-out-of-range',
  'route-backend-port-missing',
  'route-backend-not-permitted',
  'service-reference-port-mismatch',
  'service-reference-no-endpoints',
]);

/** Adds nodes and edges, merging edges between the same two nodes (one line per port mapping). */
export class GraphBuilder {
  readonly nodes = new Map<string, GraphNode>();
  private readonly edges = new Map<string, GraphEdge>();

  constructor(private readonly worldOf: (uri: string) => string | undefined = () => undefined) {}

  /** The world line of an object's node (`Helm release web`), when it is not plain. */
  worldLine(o: { uri: string }): string[] {
    const w = isRenderedUri(o.uri) ? this.worldOf(o.uri) : undefined;
    return w ? [w] : [];
  }

  node(id: string, make: () => Omit<GraphNode, 'id' | 'problems'>): string {
    if (!this.nodes.has(id)) this.nodes.set(id, { id, problems: [], ...make() });
    return id;
  }

  edge(kind: EdgeKind, from: string, to: string, line: string | undefined, source: GraphSource, anchors: readonly GraphSource[], broken = false): GraphEdge {
    const key = `${kind}\u0000${from}\u0000${to}\u0000${broken}`;
    let e = this.edges.get(key);
    if (!e) this.edges.set(key, (e = { id: `e${this.edges.size + 1}`, kind, from, to, lines: [], source, anchors: [], broken, problems: [] }));
    if (line !== undefined && !e.lines.includes(line)) e.lines.push(line);
    for (const a of anchors) if (!e.anchors.some((b) => b.uri === a.uri && b.span.start === a.span.start && b.span.end === a.span.end)) e.anchors.push(a);
    return e;
  }

  allEdges(): GraphEdge[] {
    return [...this.edges.values()];
  }
}

/** What a contributor gets (contributors.ts). */
export interface ContributorContext {
  readonly index: IndexView;
  readonly settings: Settings;
  readonly builder: GraphBuilder;
  /** The Services drawn, in order. */
  readonly services: readonly Service[];
  /** The objects the scope started from. */
  readonly seeds: readonly K8sObject[];
  /** The id of a Service's node (after it has been added). */
  serviceNodeId(service: Pick<Service, 'kind' | 'namespace' | 'name'>): string;
  /**
   * A workload's node id: the node on the graph, else added while the node budget has room and the
   * workload is in the scope's namespace, else undefined.
   */
  workloadNode(w: Workload): string | undefined;
  /** The index of an object's world (its unit and the plain files, or everything for a plain object). */
  indexOf(o: { uri: string }): IndexView;
}

export function buildWiringGraph(input: GraphInput): WiringGraph {
  const { index, settings } = input;
  const see = (o: { uri: string }): IndexView => input.indexFor?.(o.uri) ?? index;
  const scope = input.scope ?? {};
  const seeds = seedObjects(index, scope);
  // The whole workspace (or a namespace) has every Service among its seeds: no need to expand from workloads.
  const { services, ingresses, loose } = reach(see, seeds, scope.objects !== undefined);
  const b = new GraphBuilder(input.worldOf);
  const maxNodes = scope.maxNodes ?? Number.POSITIVE_INFINITY;
  let shown = 0;
  for (const service of services) {
    if (b.nodes.size >= maxNodes) break;
    addService(b, see(service), settings, service);
    shown++;
  }
  if (b.nodes.size < maxNodes) {
    for (const ing of ingresses) addMissingBackends(b, see(ing), ing);
    for (const o of loose) if (b.nodes.size < maxNodes && isLoose(see(o), o)) addLoose(b, o);
  }
  const drawn = services.slice(0, shown);
  const ctx: ContributorContext = {
    index,
    settings,
    builder: b,
    services: drawn,
    seeds,
    serviceNodeId: serviceId,
    workloadNode: (w) =>
      b.nodes.has(workloadId(w)) || (b.nodes.size < maxNodes && (scope.namespace === undefined || w.namespace === scope.namespace)) ? workloadNode(b, w) : undefined,
    indexOf: see,
  };
  for (const c of GRAPH_CONTRIBUTORS) {
    try {
      c.contribute(ctx);
    } catch {
      // A contributor that fails on odd input loses only its own nodes and edges.
    }
  }
  const edges = b.allEdges().filter((e) => b.nodes.has(e.from) && b.nodes.has(e.to));
  const nodes = [...b.nodes.values()];
  if (input.findingsOf) attachFindings(nodes, edges, input.findingsOf);
  const namespaces = [...new Set(nodes.map((n) => n.namespace).filter((n): n is string => n !== undefined))].sort();
  const truncated =
    shown < services.length
      ? {
          shownServices: shown,
          totalServices: services.length,
          message: `Showing ${shown} of ${services.length} Services (${nodes.length} nodes). Pick a namespace, or show only what the current file touches, to see the rest.`,
        }
      : undefined;
  return { nodes, edges, namespaces, ...(truncated ? { truncated } : {}) };
}

// ---- scope --------------------------------------------------------------------------------------

function seedObjects(index: IndexView, scope: GraphScope): K8sObject[] {
  const inNs = (o: K8sObject) => scope.namespace === undefined || o.namespace === scope.namespace;
  if (scope.service) return index.servicesNamed(scope.service.namespace, scope.service.name).filter(inNs);
  if (scope.objects) return scope.objects.filter(inNs);
  const out: K8sObject[] = [];
  for (const o of index.allObjects()) if (inNs(o)) out.push(o);
  return out;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function bySource(a: K8sObject, b: K8sObject): number {
  return cmp(a.namespace, b.namespace) || cmp(a.name, b.name) || cmp(a.uri, b.uri) || a.span.start - b.span.start;
}

/**
 * The Services the seeds touch (one per identity, sorted), Ingresses to check for missing
 * backends, and workloads / Endpoints that may have to be drawn alone (`isLoose`, checked only
 * while there is room). `expand`: also take the Services that select a seed workload or own a
 * seed Endpoints (a file's objects; the whole workspace has every Service among its seeds).
 */
function reach(see: (o: K8sObject) => IndexView, seeds: readonly K8sObject[], expand: boolean): { services: Service[]; ingresses: Ingress[]; loose: K8sObject[] } {
  const services = new Map<string, Service>();
  const addService = (s: Service) => {
    const k = key(s);
    const had = services.get(k);
    if (!had || bySource(s, had) < 0) services.set(k, s);
  };
  const ingresses: Ingress[] = [];
  const loose: K8sObject[] = [];
  for (const o of seeds) {
    if (isService(o)) addService(o);
    else if (isWorkload(o)) {
      if (expand) see(o).servicesSelecting(o).forEach(addService);
      if (o.template) loose.push(o);
    } else if (isIngress(o)) {
      ingresses.push(o);
      for (const bk of o.backends) {
        const name = bk.serviceName?.value;
        if (typeof name === 'string' && name) see(o).servicesNamed(o.namespace, name).forEach(addService);
      }
    } else if (isEndpoints(o) || isEndpointSlice(o)) {
      if (expand) endpointsOwners(see(o), o).forEach(addService);
      loose.push(o);
    }
  }
  ingresses.sort(bySource);
  loose.sort(bySource);
  return { services: [...services.values()].sort(bySource), ingresses, loose };
}

function endpointsOwners(index: IndexView, o: Endpoints | EndpointSlice): readonly Service[] {
  const name = isEndpoints(o) ? o.name : o.serviceName?.value;
  return typeof name === 'string' && name ? index.servicesNamed(o.namespace, name) : [];
}

/** A workload no Service selects, or Endpoints no Service owns. */
function isLoose(index: IndexView, o: K8sObject): boolean {
  if (isWorkload(o)) return index.servicesSelecting(o).length === 0;
  if (isEndpoints(o) || isEndpointSlice(o)) return endpointsOwners(index, o).length === 0;
  return false;
}

// ---- ids and sources ------------------------------------------------------------------------------

/**
 * An object's identity on the graph: `Kind/namespace/name` within its world (the same Service
 * rendered by two overlays is two nodes; copies of a plain object in several files are one).
 */
function key(o: { kind: string; namespace: string; name: string; uri?: string }): string {
  return o.uri !== undefined && isRenderedUri(o.uri) ? `${o.uri}\u0001${objectKey(o)}` : objectKey(o);
}

function serviceId(s: Pick<Service, 'kind' | 'namespace' | 'name'> & { uri?: string }): string {
  return `service:${key(s)}`;
}

function objectSource(o: K8sObject): GraphSource {
  return { uri: o.uri, span: nameSpanOf(o) ?? o.span };
}

/** A node's source and extent for an object: clicks go to its name, findings anywhere inside it land on it. */
function objectPlace(o: K8sObject): { source: GraphSource; extent: Span } {
  return { source: objectSource(o), extent: o.span };
}

function at(o: { uri: string }, span: Span): GraphSource {
  return { uri: o.uri, span };
}

// ---- nodes --------------------------------------------------------------------------------------

function servicePortText(sp: ServicePort): string {
  const n = portNumber(sp.port);
  const num = `${n ?? String(sp.port?.value ?? '?')}${sp.protocol === 'TCP' ? '' : `/${sp.protocol}`}`;
  const name = portName(sp.name);
  return name ? `${name} ${num}` : num;
}

function serviceNode(b: GraphBuilder, s: Service): string {
  return b.node(serviceId(s), () => ({
    kind: 'service' as NodeKind,
    type: 'Service',
    namespace: s.namespace,
    title: `svc/${s.name || '(unnamed)'}`,
    lines: [s.headless ? `${s.type}, headless` : s.type, ...s.ports.map(servicePortText), ...b.worldLine(s)],
    ...objectPlace(s),
  }));
}

function replicaText(w: Workload): string | undefined {
  if (w.kind === 'DaemonSet') return 'one Pod per node';
  if (w.kind === 'Pod' || w.kind === 'Job' || w.kind === 'CronJob') return undefined;
  const n = replicasOf(w);
  return n === undefined ? 'replicas: ?' : `×${n} ${n === 1 ? 'replica' : 'replicas'}`;
}

function workloadId(w: Workload): string {
  return `workload:${key(w)}`;
}

function workloadNode(b: GraphBuilder, w: Workload): string {
  return b.node(workloadId(w), () => {
    const lines: string[] = [];
    const r = replicaText(w);
    if (r) lines.push(r);
    for (const c of w.template ? servingContainers(w.template) : []) {
      const ports = c.ports
        .map((p) => {
          const n = portNumber(p.containerPort);
          if (n === undefined) return undefined;
          const name = portName(p.name);
          return `${name ? `${name} ` : ''}${n}${p.protocol === 'TCP' ? '' : `/${p.protocol}`}`;
        })
        .filter((p): p is string => p !== undefined);
      const cname = typeof c.name?.value === 'string' ? c.name.value : '(unnamed)';
      lines.push(ports.length ? `${cname}: ${ports.join(', ')}` : `${cname}: no ports`);
    }
    if (w.template?.hostNetwork?.value === true) lines.push('hostNetwork');
    lines.push(...b.worldLine(w));
    return { kind: 'workload' as NodeKind, type: w.kind, namespace: w.namespace, title: `${w.kind} ${w.name || '(unnamed)'}`, lines, ...objectPlace(w) };
  });
}

function missingNode(b: GraphBuilder, id: string, namespace: string, title: string, source: GraphSource): string {
  return b.node(`missing:${id}`, () => ({ kind: 'missing' as NodeKind, type: 'missing', namespace, title, lines: [], source }));
}

/** Splits `host:port` (IPv6 bracketed by hostPort) at the last colon. */
function splitAddress(address: string): { host: string; port: string } {
  const i = address.lastIndexOf(':');
  return i < 0 ? { host: address, port: '' } : { host: address.slice(0, i), port: address.slice(i + 1) };
}

// ---- a Service and everything it touches -------------------------------------------------------------

const ENTRY_TYPES: Record<string, string> = { 'node-port': 'NodePort', 'load-balancer': 'LoadBalancer', 'external-ip': 'externalIP' };

function addService(b: GraphBuilder, index: IndexView, settings: Settings, s: Service): void {
  const story = explainService(index, s, settings);
  const svc = serviceNode(b, s);
  const id = key(s);
  for (const ps of story.ports) {
    addEntries(b, s, svc, id, ps);
  }
  addIngresses(b, index, s, svc);
  for (const ps of story.ports) addRoutes(b, svc, ps);
  if (isExternalName(s)) {
    const target = typeof s.externalName?.value === 'string' && s.externalName.value ? s.externalName.value : undefined;
    if (target) {
      const ext = b.node(`external:${target}`, () => ({ kind: 'external' as NodeKind, type: 'ExternalName', namespace: undefined, title: target, lines: ['outside the cluster (DNS CNAME)'], source: at(s, spanOf(s.externalName!)) }));
      const ports = s.ports.map((p) => portNumber(p.port)).filter((n): n is number => n !== undefined);
      b.edge('external', svc, ext, ports.length ? `CNAME, port ${ports.join(', ')} as is` : 'CNAME', at(s, spanOf(s.externalName!)), [at(s, spanOf(s.externalName!))]);
    }
    return;
  }
  let noBackends = false;
  for (const ps of story.ports) {
    const sp = ps.port;
    const from = servicePortText(sp).split(' ').pop()!;
    const anchors = [at(s, spanOf(sp))];
    if (ps.endpoints.mode === 'selector') {
      for (const ep of ps.endpoints.endpoints) {
        if (ep.source !== 'workload') continue;
        const wl = workloadNode(b, ep.workload);
        const r = ep.resolution;
        if (r.kind === 'declared') {
          const name = portName(r.target.port.name);
          b.edge('backend', svc, wl, `${from} → ${name ? `${name}(${r.number})` : r.number}`, at(s, spanOf(sp)), anchors);
        } else if (r.kind === 'undeclared-number') {
          b.edge('backend', svc, wl, `${from} → ${r.number} (not declared)`, at(s, spanOf(sp)), anchors);
        } else if (r.kind === 'unresolved-name') {
          b.edge('backend', svc, wl, `${from} → ${r.name} (no such port)`, at(s, spanOf(sp)), anchors, true);
        } else {
          b.edge('backend', svc, wl, `${from} → ? (invalid targetPort)`, at(s, spanOf(sp)), anchors, true);
        }
      }
      if (ps.endpoints.endpoints.length === 0) noBackends = true;
    } else if (ps.endpoints.mode === 'manual') {
      for (const ep of ps.endpoints.endpoints) {
        if (ep.source === 'workload') continue;
        const o = ep.object;
        const id = endpointsNode(b, o);
        b.edge('backend', svc, id, `${from} → ${splitAddress(ep.address).port}`, at(s, spanOf(sp)), [...anchors, at(o, o.span)]);
      }
      if (ps.endpoints.endpoints.length === 0) {
        // Endpoints of the Service's name that list no port for this Service port: a broken link to them.
        const objects = [...index.endpointsNamed(s.namespace, s.name), ...index.endpointSlicesFor(s.namespace, s.name)];
        for (const o of objects) {
          const id = endpointsNode(b, o);
          const want = portName(sp.name);
          b.edge('backend', svc, id, `${from} → ? (no port ${want ? `named ${want}` : 'without a name'})`, at(s, spanOf(sp)), [...anchors, at(o, o.span)], true);
        }
        if (objects.length === 0) noBackends = true;
      }
    }
  }
  if (noBackends || (s.ports.length === 0 && s.selector && s.selector.entries.length > 0 && story.selected.length === 0)) {
    const selector = s.selector && s.selector.entries.length > 0 ? s.selector : undefined;
    const title = selector ? `no Pods match ${formatLabels(selector.entries)}` : `no Endpoints named ${s.name}`;
    const nameSpan = nameSpanOf(s);
    const anchors = [selector ? at(s, spanOf(selector)) : undefined, nameSpan ? at(s, nameSpan) : undefined, at(s, kindSpanOf(s))].filter((a): a is GraphSource => a !== undefined);
    const missing = missingNode(b, `${id}:backends`, s.namespace, title, anchors[0]!);
    b.edge('backend', svc, missing, undefined, anchors[0]!, anchors, true);
  }
}

/** An Endpoints or EndpointSlice object with its addresses (the IPs; ports are on the links). */
function endpointsNode(b: GraphBuilder, o: Endpoints | EndpointSlice): string {
  return b.node(`endpoints:${key(o)}`, () => ({
    kind: 'endpoints' as NodeKind,
    type: o.kind,
    namespace: o.namespace,
    title: `${o.kind} ${o.name || '(unnamed)'}`,
    lines: endpointAddresses(o),
    ...objectPlace(o),
  }));
}

function addEntries(b: GraphBuilder, s: Service, svc: string, key: string, ps: PortStory): void {
  const sp = ps.port;
  const to = servicePortText(sp).split(' ').pop()!;
  for (const path of ps.paths) {
    const type = ENTRY_TYPES[path.kind];
    if (!type) continue;
    // A LoadBalancer's node ports are plumbing behind the load balancer: the load balancer is the way in.
    if (path.kind === 'node-port' && s.type === 'LoadBalancer') continue;
    const { port } = splitAddress(path.address);
    const span = path.kind === 'node-port' ? (spanOf(sp.nodePort) ?? spanOf(sp)) : spanOf(sp);
    const id = b.node(`entry:${path.kind}:${key}:${path.address}`, () => ({
      kind: 'entry' as NodeKind,
      type,
      namespace: s.namespace,
      title: path.address.replace('<any-node-ip>', '<node>'),
      lines: [type],
      source: at(s, span),
    }));
    const nodePort = s.type === 'LoadBalancer' ? portNumber(sp.nodePort) : undefined;
    b.edge('entry', id, svc, `${port.replace('<node-port>', 'auto')} → ${to}${nodePort ? ` (via nodePort ${nodePort})` : ''}`, at(s, span), [at(s, span)]);
  }
}

/** Gateway API routes in front of a Service port (`PortStory.routes`): one entry per route and URL. */
function addRoutes(b: GraphBuilder, svc: string, ps: PortStory): void {
  const to = servicePortText(ps.port).split(' ').pop()!;
  for (const way of ps.routes ?? []) {
    const r = way.route;
    const url = way.urls[0] ?? `${r.kind} ${r.name}`;
    const id = b.node(`entry:route:${key(r)}:${url}`, () => ({
      kind: 'entry' as NodeKind,
      type: r.kind,
      namespace: r.namespace,
      title: url,
      lines: [`${r.kind} ${r.name || '(unnamed)'}`, way.via, ...(way.urls.length > 1 ? [`+ ${way.urls.length - 1} more URLs`] : [])],
      source: at(r, nameSpanOf(r) ?? r.span),
      extent: r.span,
    }));
    const written = portNumber(way.backendRef.port);
    const refused = way.caveat?.startsWith('refused') ?? false;
    b.edge('route', id, svc, `${written ?? '?'} → ${to}${refused ? ' (refused)' : ''}`, at(r, way.backendRef.span), [at(r, way.backendRef.span)], refused);
  }
}

function ingressTitle(bk: IngressBackend): string {
  if (bk.isDefault) return 'default backend';
  return `${bk.tls ? 'https://' : ''}${bk.host ?? '*'}${bk.path ?? '/'}`;
}

function ingressEntry(b: GraphBuilder, ing: Ingress, bk: IngressBackend): string {
  return b.node(`entry:ingress:${key(ing)}:${ingressTitle(bk)}`, () => ({
    kind: 'entry' as NodeKind,
    type: 'Ingress',
    namespace: ing.namespace,
    title: ingressTitle(bk),
    lines: [`Ingress ${ing.name || '(unnamed)'}`],
    source: at(ing, bk.span),
  }));
}

function addIngresses(b: GraphBuilder, index: IndexView, s: Service, svc: string): void {
  const seen = new Set<string>();
  for (const ing of index.ingressesFor(s.namespace, s.name)) {
    if (seen.has(key(ing))) continue; // the same Ingress in another file
    seen.add(key(ing));
    for (const bk of ing.backends) {
      if (bk.serviceName?.value !== s.name) continue;
      const entry = ingressEntry(b, ing, bk);
      const number = portNumber(bk.servicePort);
      const name = portName(bk.servicePort);
      const asNumber = number ?? (name !== undefined && /^\d+$/.test(name) ? Number(name) : undefined);
      const sp = s.ports.find((p) => (asNumber !== undefined ? portNumber(p.port) === asNumber : name !== undefined && portName(p.name) === name));
      const written = asNumber !== undefined ? String(asNumber) : (name ?? '?');
      const found = sp !== undefined || isExternalName(s);
      const line = sp ? (asNumber !== undefined ? `${written}` : `${written} → ${portNumber(sp.port) ?? '?'}`) : found ? written : `${written} (no such port)`;
      b.edge('entry', entry, svc, line, at(ing, bk.span), [at(ing, bk.span)], !found);
    }
  }
}

/** Ingress backends naming a Service the workspace does not have. */
function addMissingBackends(b: GraphBuilder, index: IndexView, ing: Ingress): void {
  for (const bk of ing.backends) {
    const name = bk.serviceName?.value;
    if (typeof name !== 'string' || !name || bk.form === 'resource') continue;
    if (index.servicesNamed(ing.namespace, name).length > 0) continue;
    const entry = ingressEntry(b, ing, bk);
    const missing = missingNode(b, key({ kind: 'Service', namespace: ing.namespace, name, uri: ing.uri }), ing.namespace, `svc/${name} (not found)`, at(ing, spanOf(bk.serviceName!)));
    const port = portNumber(bk.servicePort) ?? portName(bk.servicePort);
    b.edge('entry', entry, missing, port === undefined ? undefined : String(port), at(ing, bk.span), [at(ing, bk.span)], true);
  }
}

/** A workload no Service selects, or Endpoints no Service owns: drawn alone (their findings say why). */
function addLoose(b: GraphBuilder, o: K8sObject): void {
  if (isWorkload(o)) workloadNode(b, o);
  else if (isEndpoints(o) || isEndpointSlice(o)) {
    endpointsNode(b, o as Endpoints | EndpointSlice);
  }
}

function endpointAddresses(e: Endpoints | EndpointSlice): string[] {
  const ip = (a: { ip: { value: unknown } | undefined }) => (typeof a.ip?.value === 'string' && a.ip.value ? a.ip.value : undefined);
  const list = isEndpoints(e)
    ? e.subsets.flatMap((s) => [...s.addresses.map(ip), ...s.notReadyAddresses.map((a) => (ip(a) ? `${ip(a)} (not ready)` : undefined))])
    : e.endpoints.map(ip);
  const out = [...new Set(list.filter((a): a is string => !!a))];
  return out.length > 6 ? [...out.slice(0, 5), `… ${out.length - 5} more`] : out;
}

// ---- findings -----------------------------------------------------------------------------------

function contains(outer: Span, inner: Span): boolean {
  return outer.start <= inner.start && inner.end <= outer.end;
}

/**
 * Each finding of a rule goes to the element whose anchor holds its span most tightly: for a
 * link rule an edge (a link's ports, backend or selector) before a node (the object), for the
 * others the node. Findings on nothing drawn (an object outside the scope) are left out.
 */
function attachFindings(nodes: readonly GraphNode[], edges: readonly GraphEdge[], findingsOf: (uri: string) => readonly Finding[]): void {
  const byUri = new Map<string, { span: Span; edge?: GraphEdge; node?: GraphNode }[]>();
  const add = (uri: string, entry: { span: Span; edge?: GraphEdge; node?: GraphNode }) => {
    let list = byUri.get(uri);
    if (!list) byUri.set(uri, (list = []));
    list.push(entry);
  };
  for (const e of edges) for (const a of e.anchors) add(a.uri, { span: a.span, edge: e });
  for (const n of nodes) if (n.kind !== 'missing' && n.kind !== 'external') add(n.source.uri, { span: n.extent ?? n.source.span, node: n });
  for (const [uri, targets] of byUri) {
    for (const f of findingsOf(uri)) {
      if (!RULE_IDS.has(f.rule)) continue;
      const link = LINK_RULES.has(f.rule);
      let best: { span: Span; edge?: GraphEdge; node?: GraphNode } | undefined;
      for (const t of targets) {
        if (!contains(t.span, f.span) || (t.edge && !link)) continue;
        if (!best) {
          best = t;
          continue;
        }
        const len = t.span.end - t.span.start;
        const bestLen = best.span.end - best.span.start;
        const better =
          len < bestLen ||
          (len === bestLen && t.edge !== undefined && best.edge === undefined) ||
          (len === bestLen && t.edge !== undefined && best.edge !== undefined && t.edge.broken && !best.edge.broken);
        if (better) best = t;
      }
      const problem: GraphProblem = { rule: f.rule, severity: f.severity, message: f.message };
      const list = best?.edge?.problems ?? best?.node?.problems;
      if (list && !list.some((p) => p.rule === problem.rule && p.message === problem.message)) list.push(problem);
    }
  }
}
