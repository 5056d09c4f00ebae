/**
 * The cross-file index: every object of the workspace, findable by what points at it
 * (namespace + labels, namespace + Service name, node ports, host ports). Updated per file, in
 * time proportional to the objects of that file.
 */
import { labelValue, selectorMatches } from '../model/labels';
import { podDnsKey } from '../model/pod-dns-names';
import { portNumber } from '../model/ports';
import { carryMentions, configMapsUsedBy, mentionsOf } from '../references/host-names';
import { providedKeys } from './dependencies';
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
  type ConfigMap,
  type Container,
  type ContainerPort,
  type EndpointSlice,
  type Endpoints,
  type Gateway,
  type Ingress,
  type K8sObject,
  type NetworkPolicy,
  type ReferenceGrant,
  type Route,
  type LabelMap,
  type Service,
  type ServicePort,
  type Workload,
} from '../model/types';

/** What a lookup answers: the values under a key, in the order they were added. */
export interface Bag<V> extends Iterable<V> {
  readonly size: number;
}

/**
 * Key → values. Most keys of a big workspace (a Service's name, one app's label pair) hold one
 * value, kept as is; a Set is made at the second. A Set per key was a third of the index's
 * memory (bench/memory.ts). Values are model objects, never Sets themselves.
 */
class MultiMap<K, V> {
  private readonly map = new Map<K, V | Set<V>>();
  add(k: K, v: V): void {
    const s = this.map.get(k);
    if (s === undefined) this.map.set(k, v);
    else if (s instanceof Set) s.add(v);
    else if (s !== v) this.map.set(k, new Set([s, v]));
  }
  delete(k: K, v: V): void {
    const s = this.map.get(k);
    if (s === undefined) return;
    if (s instanceof Set) {
      s.delete(v);
      if (s.size === 0) this.map.delete(k);
    } else if (s === v) this.map.delete(k);
  }
  /** `w` takes `v`'s place under `k` (a moved copy of it). */
  replace(k: K, v: V, w: V): void {
    const s = this.map.get(k);
    if (s === v) this.map.set(k, w);
    else if (s instanceof Set) {
      s.delete(v);
      s.add(w);
    } else this.add(k, w);
  }
  get(k: K): Bag<V> {
    const s = this.map.get(k);
    if (s === undefined) return EMPTY;
    return s instanceof Set ? s : new One(s);
  }
  keys(): IterableIterator<K> {
    return this.map.keys();
  }
}
const EMPTY: Bag<never> = new Set<never>();
const NO_MOVES: ReadonlyMap<K8sObject, K8sObject> = new Map();

/** One value as a Bag (made per lookup: smaller than keeping a Set per key). */
class One<V> implements Bag<V> {
  constructor(private readonly value: V) {}
  get size(): number {
    return 1;
  }
  [Symbol.iterator](): Iterator<V> {
    return [this.value][Symbol.iterator]();
  }
}

let objectVisitsCount = 0;
let objectMovesCount = 0;

/** How many times an object has been filed in or removed from an index (a test counter: an edit visits only the objects it changed). */
export function indexedObjectVisits(): number {
  return objectVisitsCount;
}

/** How many times a moved copy has taken its object's place in an index (a test counter). */
export function indexedObjectMoves(): number {
  return objectMovesCount;
}

/** What `setObjects` changed in a file: objects no longer there, objects new there (by identity). */
export interface ObjectChanges {
  readonly removed: readonly K8sObject[];
  readonly added: readonly K8sObject[];
  /** The keys the removed and the added objects provide (`providedKeys`), each once: a new set, the caller's to keep. */
  readonly provided: Set<string>;
}

export interface NodePortUse {
  readonly service: Service;
  readonly port: ServicePort;
}

export interface HostPortUse {
  readonly workload: Workload;
  readonly container: Container;
  readonly port: ContainerPort;
}

/**
 * Lookups answer in source order (file, then offset), never in the order files were added:
 * whatever a rule or feature picks first, or lists, is the same however the workspace was loaded.
 */
function bySource<T>(items: Iterable<T>, locate: (item: T) => { uri: string; span: { start: number } }): T[] {
  const out = [...items];
  if (out.length < 2) return out;
  return out.sort((a, b) => {
    const x = locate(a);
    const y = locate(b);
    return x.uri < y.uri ? -1 : x.uri > y.uri ? 1 : x.span.start - y.span.start;
  });
}
const self = <T extends { uri: string; span: { start: number } }>(o: T) => o;

// Joined, not template literals: `join` makes one flat string where a template literal makes a
// rope of V8 cons strings, and the index keeps one key per Service, label pair, ConfigMap….
const nsName = (ns: string, name: string) => [ns, name].join('\u0000');
const labelKey = (ns: string, k: string, v: string) => [ns, k, v].join('\u0000');

/** A read-only view of the index: what rules and features may ask. */
export interface IndexView {
  /** Changes whenever the index does: results computed from a view may be kept while it stays the same. */
  generation(): number;
  /**
   * Some object providing one of these dependency keys (`workspace/dependencies.ts`
   * `providedKeys`) was added or removed after `generation`. An object that stays in its file
   * across an edit (the same object: its document did not change or move) changes nothing.
   * Results computed from lookups whose answers are made of such objects may be kept while this
   * says no (see `references/service-references.ts`).
   */
  changedSince(keys: Iterable<string>, generation: number): boolean;
  objectsIn(uri: string): readonly K8sObject[];
  allObjects(): Iterable<K8sObject>;
  servicesIn(namespace: string): Iterable<Service>;
  allServices(): Iterable<Service>;
  servicesNamed(namespace: string, name: string): readonly Service[];
  /** Objects of custom resources (operators' kinds) in a namespace. */
  customResourcesIn(namespace: string): readonly K8sObject[];
  /** Services of that name in every namespace. */
  servicesNamedAnywhere(name: string): readonly Service[];
  workloadsIn(namespace: string): Iterable<Workload>;
  allWorkloads(): Iterable<Workload>;
  /** Pods and pod templates in `namespace` whose labels contain every pair of `selector`. */
  selectWorkloads(namespace: string, selector: LabelMap): Workload[];
  /** Workloads in any namespace having the label pair. */
  workloadsWithLabel(key: string, value: string): readonly Workload[];
  /** Services (with a selector) in the workload's namespace that select it. */
  servicesSelecting(workload: Workload): Service[];
  endpointsNamed(namespace: string, name: string): readonly Endpoints[];
  endpointSlicesFor(namespace: string, serviceName: string): readonly EndpointSlice[];
  allIngresses(): Iterable<Ingress>;
  ingressesFor(namespace: string, serviceName: string): readonly Ingress[];
  statefulSetsFor(namespace: string, serviceName: string): readonly Workload[];
  /** Workloads and ConfigMaps of `namespace` whose env, args or data name a Pod `<statefulSet>-<n>.<service>` (model/pod-dns-names.ts). */
  podDnsNamedBy(namespace: string, statefulSet: string, service: string): readonly K8sObject[];
  nodePortUses(protocol: string, nodePort: number): readonly NodePortUse[];
  /** Every node port some Service of the workspace uses for `protocol`. */
  usedNodePorts(protocol: string): ReadonlySet<number>;
  hostPortUses(protocol: string, hostPort: number): readonly HostPortUse[];
  /** Gateway API Gateways of that namespace and name. */
  gatewaysNamed(namespace: string, name: string): readonly Gateway[];
  /** Routes with a parentRef to the Gateway `namespace/name`. */
  routesForGateway(namespace: string, name: string): readonly Route[];
  /** Routes with a backendRef to, or a parentRef (GAMMA) of, the Service `namespace/name`. */
  routesForService(namespace: string, name: string): readonly Route[];
  /** ReferenceGrants in a namespace (they grant references *to* objects of their namespace). */
  referenceGrantsIn(namespace: string): readonly ReferenceGrant[];
  /** NetworkPolicies of a namespace. */
  networkPoliciesIn(namespace: string): readonly NetworkPolicy[];
  /** `v1 Namespace` objects of that name (their labels feed namespaceSelectors; they make the namespace exist). */
  namespacesNamed(name: string): readonly K8sObject[];
  /** Some Service of the workspace is in the namespace, or a Namespace object names it. */
  hasNamespace(namespace: string): boolean;
  configMapsNamed(namespace: string, name: string): readonly ConfigMap[];
  /** Workloads of the namespace that read the ConfigMap (envFrom, configMapKeyRef, volumes). */
  workloadsUsingConfigMap(namespace: string, name: string): readonly Workload[];
  /** Workloads and ConfigMaps whose strings mention `name` as a host label (see references/host-names.ts). */
  mentioning(name: string): readonly (Workload | ConfigMap)[];
}

export class WorkspaceIndex implements IndexView {
  private readonly byUri = new Map<string, readonly K8sObject[]>();
  private readonly services = new MultiMap<string, Service>();
  private readonly servicesByName = new MultiMap<string, Service>();
  private readonly servicesByBareName = new MultiMap<string, Service>();
  private readonly customResources = new MultiMap<string, K8sObject>();
  private readonly servicesBySelectorPair = new MultiMap<string, Service>();
  private readonly workloads = new MultiMap<string, Workload>();
  private readonly workloadsByLabel = new MultiMap<string, Workload>();
  private readonly endpoints = new MultiMap<string, Endpoints>();
  private readonly slices = new MultiMap<string, EndpointSlice>();
  private readonly ingresses = new Set<Ingress>();
  private readonly ingressesByService = new MultiMap<string, Ingress>();
  private readonly statefulSets = new MultiMap<string, Workload>();
  private readonly podDnsMentions = new MultiMap<string, K8sObject>();
  private readonly nodePorts = new MultiMap<string, NodePortUse>();
  private readonly hostPorts = new MultiMap<string, HostPortUse>();
  private readonly nodePortUsesOf = new Map<Service, NodePortUse[]>();
  private readonly hostPortUsesOf = new Map<Workload, HostPortUse[]>();
  private readonly gateways = new MultiMap<string, Gateway>();
  private readonly routesByGateway = new MultiMap<string, Route>();
  private readonly routesByService = new MultiMap<string, Route>();
  private readonly referenceGrants = new MultiMap<string, ReferenceGrant>();
  private readonly policies = new MultiMap<string, NetworkPolicy>();
  private readonly namespaces = new MultiMap<string, K8sObject>();
  private readonly configMaps = new MultiMap<string, ConfigMap>();
  private readonly configMapUsers = new MultiMap<string, Workload>();
  private readonly mentions = new MultiMap<string, Workload | ConfigMap>();

  private version = 0;
  /** The generation at which some object providing the key was last added or removed, for changes after `floor`. */
  private readonly lastChange = new Map<string, number>();
  /**
   * Every key counts as changed at this generation unless `lastChange` says later: the history
   * before it is forgotten (`beginBulkLoad`), so an answer computed before it counts as stale.
   */
  private floor = 0;
  /** Open bulk loads (`beginBulkLoad`): while above 0 no per-key history is kept, only the floor. */
  private bulkLoads = 0;

  generation(): number {
    return this.version;
  }

  changedSince(keys: Iterable<string>, generation: number): boolean {
    if (this.floor > generation) return true;
    for (const k of keys) if ((this.lastChange.get(k) ?? 0) > generation) return true;
    return false;
  }

  /**
   * Many files are about to be set at once (the initial scan, the CLI's load): a history per key
   * would hold every key of the workspace (a Map entry and a copy of the key per provided key:
   * ~14 MB at 100,000 documents) only to answer for results computed in the middle of it. Until
   * the returned function is called, every change moves the floor instead: an answer computed
   * before the last change of the load counts as stale for every key, whatever it read. After it,
   * changes are remembered per key again. Conservative, never wrong: at worst a memo is computed
   * again.
   */
  beginBulkLoad(): () => void {
    this.bulkLoads++;
    this.floor = this.version;
    this.lastChange.clear();
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      this.bulkLoads--;
    };
  }

  /** How many keys the change history holds (tests: a bulk load keeps none). */
  changeHistorySize(): number {
    return this.lastChange.size;
  }

  /**
   * Replaces the objects of one file. Only the objects that changed are visited: an object the
   * edit kept (the same object: its document did not change or move) stays filed where it is, and
   * a moved copy (`moved`: old object → its copy, the same content with its spans moved) takes the
   * old object's place under the same keys. Returns what was removed and what was added (moved
   * objects are neither), and the keys those provide (`provided` gives an object's `providedKeys`,
   * which the caller may keep; the workspace's touched keys are the same).
   */
  setObjects(
    uri: string,
    objects: readonly K8sObject[],
    moved: ReadonlyMap<K8sObject, K8sObject> = NO_MOVES,
    provided: (o: K8sObject) => readonly string[] = providedKeys,
  ): ObjectChanges {
    this.version++;
    const old = this.byUri.get(uri) ?? [];
    let removed: readonly K8sObject[];
    let added: readonly K8sObject[];
    const movedIn = new Set<K8sObject>();
    if (old.length === 0) {
      // A new file (every file of a cold start): nothing to compare.
      removed = [];
      added = objects;
    } else {
      const before = new Set(old);
      const after = new Set(objects);
      for (const [from, to] of moved) if (before.has(from) && !after.has(from) && after.has(to) && !before.has(to)) movedIn.add(to);
      removed = old.filter((o) => !after.has(o) && !movedIn.has(moved.get(o)!));
      added = objects.filter((o) => !before.has(o) && !movedIn.has(o));
    }
    const touched = new Set<string>();
    for (const o of removed) {
      this.changed(provided(o), touched);
      this.visit(o, false);
    }
    for (const o of added) {
      this.changed(provided(o), touched);
      this.visit(o, true);
    }
    for (const [from, to] of moved) {
      if (!movedIn.has(to)) continue;
      // Lookups answer with the copy now: what was computed from their answers is recomputed when asked.
      this.changed(provided(from));
      this.move(from, to);
    }
    if (objects.length === 0) this.byUri.delete(uri);
    else this.byUri.set(uri, objects);
    return { removed, added, provided: touched };
  }

  removeObjects(uri: string): void {
    this.version++;
    for (const o of this.byUri.get(uri) ?? []) this.changed(providedKeys(o));
    this.detach(uri);
  }

  private changed(keys: readonly string[], touched?: Set<string>): void {
    if (this.bulkLoads > 0) {
      this.floor = this.version;
      if (touched) for (const k of keys) touched.add(k);
      return;
    }
    for (const k of keys) {
      this.lastChange.set(k, this.version);
      touched?.add(k);
    }
  }

  private detach(uri: string): void {
    const old = this.byUri.get(uri);
    if (!old) return;
    for (const o of old) this.visit(o, false);
    this.byUri.delete(uri);
  }

  /** A moved copy takes its object's place: filed under the same keys (computed from the object, whose memos are warm). */
  private move(from: K8sObject, to: K8sObject): void {
    objectMovesCount++;
    this.file(from, (m, k, v) => m.replace(k, v, to as typeof v), to);
    carryMentions(from, to);
  }

  private visit(o: K8sObject, add: boolean): void {
    objectVisitsCount++;
    this.file(o, add ? (m, k, v) => m.add(k, v) : (m, k, v) => m.delete(k, v), add ? o : undefined);
  }

  /**
   * Applies `op` to every entry of the index that files `o`. `now` is the object filed there
   * afterwards (`o` when it is added, its copy when moved, undefined when it is removed): the
   * node and host port uses, which hold the object, are made for it.
   */
  private file(o: K8sObject, op: <K, V>(m: MultiMap<K, V>, k: K, v: V) => void, now: K8sObject | undefined): void {
    for (const key of ('podDnsNames' in o ? o.podDnsNames : undefined) ?? []) op(this.podDnsMentions, nsName(o.namespace, key), o);
    if (isCustomResource(o)) {
      op(this.customResources, o.namespace, o);
    } else if (isService(o)) {
      op(this.services, o.namespace, o);
      op(this.servicesByName, nsName(o.namespace, o.name), o);
      op(this.servicesByBareName, o.name, o);
      for (const e of o.selector?.entries ?? []) op(this.servicesBySelectorPair, labelKey(o.namespace, e.key, e.value), o);
      if (now !== o) {
        for (const u of this.nodePortUsesOf.get(o) ?? []) this.nodePorts.delete(`${u.port.protocol}/${portNumber(u.port.nodePort)}`, u);
        this.nodePortUsesOf.delete(o);
      }
      if (now && isService(now)) {
        // Only Services with a node port get an entry (most have none: an empty list per Service was ~4 MB at 100,000 documents).
        let uses: NodePortUse[] | undefined;
        for (const port of now.ports) if (portNumber(port.nodePort)) (uses ??= []).push({ service: now, port });
        if (uses) {
          this.nodePortUsesOf.set(now, uses);
          for (const u of uses) this.nodePorts.add(`${u.port.protocol}/${portNumber(u.port.nodePort)}`, u);
        }
      }
    } else if (isConfigMap(o)) {
      op(this.configMaps, nsName(o.namespace, o.name), o);
      for (const name of mentionsOf(o)) op(this.mentions, name, o);
    } else if (isWorkload(o)) {
      op(this.workloads, o.namespace, o);
      for (const cm of configMapsUsedBy(o)) op(this.configMapUsers, nsName(o.namespace, cm), o);
      for (const name of mentionsOf(o)) op(this.mentions, name, o);
      for (const e of o.template?.labels?.entries ?? []) {
        op(this.workloadsByLabel, labelKey(o.namespace, e.key, e.value), o);
      }
      if (o.kind === 'StatefulSet' && typeof o.serviceName?.value === 'string') {
        op(this.statefulSets, nsName(o.namespace, o.serviceName.value), o);
      }
      if (now !== o) {
        for (const u of this.hostPortUsesOf.get(o) ?? []) this.hostPorts.delete(`${u.port.protocol}/${portNumber(u.port.hostPort)}`, u);
        this.hostPortUsesOf.delete(o);
      }
      if (now && isWorkload(now)) {
        // Only workloads with a host port get an entry, as for node ports.
        let uses: HostPortUse[] | undefined;
        for (const container of now.template?.containers ?? []) {
          for (const port of container.ports) if (portNumber(port.hostPort)) (uses ??= []).push({ workload: now, container, port });
        }
        if (uses) {
          this.hostPortUsesOf.set(now, uses);
          for (const u of uses) this.hostPorts.add(`${u.port.protocol}/${portNumber(u.port.hostPort)}`, u);
        }
      }
    } else if (isEndpoints(o)) {
      op(this.endpoints, nsName(o.namespace, o.name), o);
    } else if (isEndpointSlice(o)) {
      if (o.serviceName) op(this.slices, nsName(o.namespace, o.serviceName.value), o);
    } else if (isGateway(o)) {
      op(this.gateways, nsName(o.namespace, o.name), o);
    } else if (isRoute(o)) {
      for (const k of routeGatewayKeys(o)) op(this.routesByGateway, k, o);
      for (const k of routeServiceKeys(o)) op(this.routesByService, k, o);
    } else if (isReferenceGrant(o)) {
      op(this.referenceGrants, o.namespace, o);
    } else if (isNetworkPolicy(o)) {
      op(this.policies, o.namespace, o);
    } else if (isNamespace(o)) {
      if (o.name) op(this.namespaces, o.name, o);
    } else if (isIngress(o)) {
      if (now !== o) this.ingresses.delete(o);
      if (now && isIngress(now)) this.ingresses.add(now);
      const names = new Set(o.backends.map((b) => b.serviceName?.value).filter((n): n is string => typeof n === 'string'));
      for (const n of names) op(this.ingressesByService, nsName(o.namespace, n), o);
    }
  }

  objectsIn(uri: string): readonly K8sObject[] {
    return this.byUri.get(uri) ?? [];
  }

  *allObjects(): Iterable<K8sObject> {
    for (const objects of this.byUri.values()) yield* objects;
  }

  uris(): IterableIterator<string> {
    return this.byUri.keys();
  }

  servicesIn(namespace: string): Iterable<Service> {
    return this.services.get(namespace);
  }

  *allServices(): Iterable<Service> {
    for (const ns of this.services.keys()) yield* this.services.get(ns);
  }

  servicesNamed(namespace: string, name: string): readonly Service[] {
    return bySource(this.servicesByName.get(nsName(namespace, name)), self);
  }

  customResourcesIn(namespace: string): readonly K8sObject[] {
    return bySource(this.customResources.get(namespace), self);
  }

  servicesNamedAnywhere(name: string): readonly Service[] {
    return bySource(this.servicesByBareName.get(name), self);
  }

  workloadsIn(namespace: string): Iterable<Workload> {
    return bySource(this.workloads.get(namespace), self);
  }

  *allWorkloads(): Iterable<Workload> {
    for (const ns of this.workloads.keys()) yield* this.workloads.get(ns);
  }

  selectWorkloads(namespace: string, selector: LabelMap): Workload[] {
    if (selector.entries.length === 0) return [];
    let smallest: Bag<Workload> | undefined;
    for (const e of selector.entries) {
      const s = this.workloadsByLabel.get(labelKey(namespace, e.key, labelValue(selector, e.key) ?? e.value));
      if (!smallest || s.size < smallest.size) smallest = s;
      if (s.size === 0) return [];
    }
    return bySource(smallest ?? [], self).filter((w) => selectorMatches(selector, w.template?.labels));
  }

  workloadsWithLabel(key: string, value: string): readonly Workload[] {
    // One lookup per namespace (asked only for a Service that selects nothing, and by a code
    // action), instead of a second entry per workload label in an index of every namespace.
    const out: Workload[] = [];
    for (const ns of this.workloads.keys()) for (const w of this.workloadsByLabel.get(labelKey(ns, key, value))) out.push(w);
    return bySource(out, self);
  }

  servicesSelecting(workload: Workload): Service[] {
    const labels = workload.template?.labels;
    if (!labels) return [];
    const candidates = new Set<Service>();
    for (const e of labels.entries) {
      for (const s of this.servicesBySelectorPair.get(labelKey(workload.namespace, e.key, e.value))) candidates.add(s);
    }
    return bySource(candidates, self).filter((s) => s.selector && selectorMatches(s.selector, labels));
  }

  /** Services in `namespace` whose selector has the pair (for dependency tracking). */
  servicesWithSelectorPair(namespace: string, key: string, value: string): Bag<Service> {
    return this.servicesBySelectorPair.get(labelKey(namespace, key, value));
  }

  endpointsNamed(namespace: string, name: string): readonly Endpoints[] {
    return bySource(this.endpoints.get(nsName(namespace, name)), self);
  }

  endpointSlicesFor(namespace: string, serviceName: string): readonly EndpointSlice[] {
    return bySource(this.slices.get(nsName(namespace, serviceName)), self);
  }

  allIngresses(): Iterable<Ingress> {
    return this.ingresses;
  }

  ingressesFor(namespace: string, serviceName: string): readonly Ingress[] {
    return bySource(this.ingressesByService.get(nsName(namespace, serviceName)), self);
  }

  statefulSetsFor(namespace: string, serviceName: string): readonly Workload[] {
    return bySource(this.statefulSets.get(nsName(namespace, serviceName)), self);
  }

  podDnsNamedBy(namespace: string, statefulSet: string, service: string): readonly K8sObject[] {
    return bySource(this.podDnsMentions.get(nsName(namespace, podDnsKey(statefulSet, service))), self);
  }

  nodePortUses(protocol: string, nodePort: number): readonly NodePortUse[] {
    return bySource(this.nodePorts.get(`${protocol}/${nodePort}`), (u) => u.service);
  }

  usedNodePorts(protocol: string): ReadonlySet<number> {
    const out = new Set<number>();
    const prefix = `${protocol}/`;
    for (const k of this.nodePorts.keys()) if (k.startsWith(prefix)) out.add(Number(k.slice(prefix.length)));
    return out;
  }

  hasNamespace(namespace: string): boolean {
    return this.services.get(namespace).size > 0 || this.namespaces.get(namespace).size > 0;
  }

  configMapsNamed(namespace: string, name: string): readonly ConfigMap[] {
    return bySource(this.configMaps.get(nsName(namespace, name)), self);
  }

  workloadsUsingConfigMap(namespace: string, name: string): readonly Workload[] {
    return bySource(this.configMapUsers.get(nsName(namespace, name)), self);
  }

  mentioning(name: string): readonly (Workload | ConfigMap)[] {
    return bySource(this.mentions.get(name), self);
  }

  hostPortUses(protocol: string, hostPort: number): readonly HostPortUse[] {
    return bySource(this.hostPorts.get(`${protocol}/${hostPort}`), (u) => u.workload);
  }

  gatewaysNamed(namespace: string, name: string): readonly Gateway[] {
    return bySource(this.gateways.get(nsName(namespace, name)), self);
  }

  routesForGateway(namespace: string, name: string): readonly Route[] {
    return bySource(this.routesByGateway.get(nsName(namespace, name)), self);
  }

  routesForService(namespace: string, name: string): readonly Route[] {
    return bySource(this.routesByService.get(nsName(namespace, name)), self);
  }

  referenceGrantsIn(namespace: string): readonly ReferenceGrant[] {
    return bySource(this.referenceGrants.get(namespace), self);
  }

  networkPoliciesIn(namespace: string): readonly NetworkPolicy[] {
    // Asked for every workload and caller a rule checks: sorted once per namespace and generation.
    if (this.policiesSortedAt !== this.version) {
      this.policiesSorted.clear();
      this.policiesSortedAt = this.version;
    }
    let list = this.policiesSorted.get(namespace);
    if (!list) this.policiesSorted.set(namespace, (list = bySource(this.policies.get(namespace), self)));
    return list;
  }
  private readonly policiesSorted = new Map<string, readonly NetworkPolicy[]>();
  private policiesSortedAt = -1;

  namespacesNamed(name: string): readonly K8sObject[] {
    return bySource(this.namespaces.get(name), self);
  }
}

/** The Gateways a route's parentRefs name (`namespace/name` keys, deduplicated). */
function routeGatewayKeys(route: Route): Set<string> {
  const out = new Set<string>();
  for (const p of route.parentRefs) if (p.kind === 'Gateway' && p.name?.value) out.add(nsName(p.namespace, p.name.value));
  return out;
}

/** The Services a route sends to (Service backendRefs) or attaches to (GAMMA parentRefs). */
function routeServiceKeys(route: Route): Set<string> {
  const out = new Set<string>();
  for (const rule of route.rules) {
    for (const b of rule.backendRefs) if (b.kind === 'Service' && b.group === '' && b.name?.value) out.add(nsName(b.namespace, b.name.value));
  }
  for (const p of route.parentRefs) if (p.kind === 'Service' && p.group === '' && p.name?.value) out.add(nsName(p.namespace, p.name.value));
  return out;
}
