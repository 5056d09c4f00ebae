/**
 * Worlds: what an object may see. Plain files form one world that sees everything; each render
 * unit (a Helm release, a Kustomize root) is a world of its own that sees its own objects and the
 * plain files' objects, never another unit's (staging and production overlays are different
 * deployments, often to different clusters).
 *
 * `WorldView` is the index as seen from one unit: every lookup of the full index, filtered. The
 * plain world uses the full index itself, so a workspace without units pays nothing.
 */
import type { ConfigMap, EndpointSlice, Endpoints, Gateway, Ingress, K8sObject, LabelMap, NetworkPolicy, ReferenceGrant, Route, Service, Workload } from '../model/types';
import type { HostPortUse, IndexView, NodePortUse } from './workspace-index';

/** The world of a file: a unit id for a rendered file, undefined for a plain file. */
export type WorldOf = (uri: string) => string | undefined;

export class WorldView implements IndexView {
  constructor(
    private readonly index: IndexView,
    private readonly world: string,
    private readonly worldOf: WorldOf,
  ) {}

  /** The object may be seen from this world: it is plain, or of this very unit. */
  private sees = (o: { uri: string }): boolean => {
    const w = this.worldOf(o.uri);
    return w === undefined || w === this.world;
  };

  private only<T extends { uri: string }>(items: Iterable<T>): T[] {
    const out: T[] = [];
    for (const item of items) if (this.sees(item)) out.push(item);
    return out;
  }

  generation(): number {
    return this.index.generation();
  }
  changedSince(keys: Iterable<string>, generation: number): boolean {
    return this.index.changedSince(keys, generation);
  }
  objectsIn(uri: string): readonly K8sObject[] {
    return this.sees({ uri }) ? this.index.objectsIn(uri) : [];
  }
  allObjects(): Iterable<K8sObject> {
    return this.only(this.index.allObjects());
  }
  servicesIn(namespace: string): Iterable<Service> {
    return this.only(this.index.servicesIn(namespace));
  }
  allServices(): Iterable<Service> {
    return this.only(this.index.allServices());
  }
  servicesNamed(namespace: string, name: string): readonly Service[] {
    return this.only(this.index.servicesNamed(namespace, name));
  }
  customResourcesIn(namespace: string): readonly K8sObject[] {
    return this.only(this.index.customResourcesIn(namespace));
  }
  servicesNamedAnywhere(name: string): readonly Service[] {
    return this.only(this.index.servicesNamedAnywhere(name));
  }
  workloadsIn(namespace: string): Iterable<Workload> {
    return this.only(this.index.workloadsIn(namespace));
  }
  allWorkloads(): Iterable<Workload> {
    return this.only(this.index.allWorkloads());
  }
  selectWorkloads(namespace: string, selector: LabelMap): Workload[] {
    return this.only(this.index.selectWorkloads(namespace, selector));
  }
  workloadsWithLabel(key: string, value: string): readonly Workload[] {
    return this.only(this.index.workloadsWithLabel(key, value));
  }
  servicesSelecting(workload: Workload): Service[] {
    return this.only(this.index.servicesSelecting(workload));
  }
  endpointsNamed(namespace: string, name: string): readonly Endpoints[] {
    return this.only(this.index.endpointsNamed(namespace, name));
  }
  endpointSlicesFor(namespace: string, serviceName: string): readonly EndpointSlice[] {
    return this.only(this.index.endpointSlicesFor(namespace, serviceName));
  }
  allIngresses(): Iterable<Ingress> {
    return this.only(this.index.allIngresses());
  }
  ingressesFor(namespace: string, serviceName: string): readonly Ingress[] {
    return this.only(this.index.ingressesFor(namespace, serviceName));
  }
  statefulSetsFor(namespace: string, serviceName: string): readonly Workload[] {
    return this.only(this.index.statefulSetsFor(namespace, serviceName));
  }
  podDnsNamedBy(namespace: string, statefulSet: string, service: string): readonly K8sObject[] {
    return this.only(this.index.podDnsNamedBy(namespace, statefulSet, service));
  }
  nodePortUses(protocol: string, nodePort: number): readonly NodePortUse[] {
    return this.index.nodePortUses(protocol, nodePort).filter((u) => this.sees(u.service));
  }
  usedNodePorts(protocol: string): ReadonlySet<number> {
    // A node port another unit uses is free in this unit's cluster; plain and own ones are taken.
    const out = new Set<number>();
    for (const port of this.index.usedNodePorts(protocol)) if (this.nodePortUses(protocol, port).length > 0) out.add(port);
    return out;
  }
  hostPortUses(protocol: string, hostPort: number): readonly HostPortUse[] {
    return this.index.hostPortUses(protocol, hostPort).filter((u) => this.sees(u.workload));
  }
  gatewaysNamed(namespace: string, name: string): readonly Gateway[] {
    return this.only(this.index.gatewaysNamed(namespace, name));
  }
  routesForGateway(namespace: string, name: string): readonly Route[] {
    return this.only(this.index.routesForGateway(namespace, name));
  }
  routesForService(namespace: string, name: string): readonly Route[] {
    return this.only(this.index.routesForService(namespace, name));
  }
  referenceGrantsIn(namespace: string): readonly ReferenceGrant[] {
    return this.only(this.index.referenceGrantsIn(namespace));
  }
  networkPoliciesIn(namespace: string): readonly NetworkPolicy[] {
    return this.only(this.index.networkPoliciesIn(namespace));
  }
  namespacesNamed(name: string): readonly K8sObject[] {
    return this.only(this.index.namespacesNamed(name));
  }
  hasNamespace(namespace: string): boolean {
    for (const s of this.index.servicesIn(namespace)) if (this.sees(s)) return true;
    return this.namespacesNamed(namespace).length > 0;
  }
  configMapsNamed(namespace: string, name: string): readonly ConfigMap[] {
    return this.only(this.index.configMapsNamed(namespace, name));
  }
  workloadsUsingConfigMap(namespace: string, name: string): readonly Workload[] {
    return this.only(this.index.workloadsUsingConfigMap(namespace, name));
  }
  mentioning(name: string): readonly (Workload | ConfigMap)[] {
    return this.only(this.index.mentioning(name));
  }
}
