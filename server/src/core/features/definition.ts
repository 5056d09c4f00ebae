/**
 * Go to definition: from what points (a selector, a targetPort, an Ingress backend, an
 * Endpoints/EndpointSlice, a StatefulSet serviceName, a probe port) to what it points at.
 * Pure: objects of the file + the index in, locations out. Also the shared link helpers used by
 * references, rename, code lenses and inlay hints (all index lookups, no scans).
 */
import { portName, portNumber, resolveTargetPort } from '../model/ports';
import { backendServicePort, backendServices, listenersForParentRef, parentGateways } from '../model/gateway-api';
import { namedPortOn, policySelects } from '../model/network-policy';
import {
  nameOrKindSpanOf,
  objectKey,
  type Gateway,
  type Listener,
  type NetworkPolicy,
  type Container,
  type ContainerPort,
  type K8sObject,
  type LabelEntry,
  type Service,
  type ServicePort,
  type Span,
  type Workload,
  spanOf,
} from '../model/types';
import type { IndexView } from '../workspace/workspace-index';
import { locate, type Located } from './locate';
import type { ReferenceSettings, ServiceReference } from '../references/service-references';
import { referenceAt } from './service-reference-at';

export interface Loc {
  readonly uri: string;
  readonly span: Span;
}

/** A model element something can point at. */
export type Target =
  | { readonly kind: 'service'; readonly service: Service }
  | { readonly kind: 'service-port'; readonly service: Service; readonly port: ServicePort }
  | { readonly kind: 'container-port'; readonly workload: Workload; readonly container: Container; readonly port: ContainerPort }
  | { readonly kind: 'template-label'; readonly workload: Workload; readonly entry: LabelEntry }
  | { readonly kind: 'template'; readonly workload: Workload }
  | { readonly kind: 'gateway'; readonly gateway: Gateway }
  | { readonly kind: 'listener'; readonly gateway: Gateway; readonly listener: Listener };

export interface DefinitionResult {
  /** The span of the element under the cursor. */
  readonly origin: Span;
  readonly targets: readonly Loc[];
}

// ---- link helpers ----------------------------------------------------------------------------

export function entrySpan(e: LabelEntry): Span {
  return { start: e.keyStart, end: Math.max(e.keyEnd, e.valueEnd) };
}

/**
 * Every definition of the workloads (Pods and templates) a Service selects, in its namespace,
 * copies in several files included: navigation goes to each of them. (model/service-links.ts
 * `selectedWorkloads` gives one per identity, for rules and hovers.)
 */
export function selectedDefinitions(index: IndexView, service: Service): Workload[] {
  const sel = service.selector;
  if (!sel || sel.entries.length === 0) return [];
  return index.selectWorkloads(service.namespace, sel);
}

/** Distinct by `Kind/namespace/name` (overlays define the same object in several files). */
export function distinctObjects<T extends K8sObject>(objects: Iterable<T>): T[] {
  const seen = new Map<string, T>();
  for (const o of objects) if (!seen.has(objectKey(o))) seen.set(objectKey(o), o);
  return [...seen.values()];
}

export function servicesNamedIn(index: IndexView, namespace: string, name: unknown): readonly Service[] {
  return typeof name === 'string' && name ? index.servicesNamed(namespace, name) : [];
}

/** The Service port an Ingress backend / Endpoints port refers to: by number (`port`) or by name. */
export function servicePortMatching(service: Service, value: unknown, byNameOnly = false): ServicePort[] {
  if (typeof value === 'number' && !byNameOnly) return service.ports.filter((p) => portNumber(p.port) === value);
  if (typeof value === 'string' && value) return service.ports.filter((p) => portName(p.name) === value);
  return [];
}

/** The container ports a Service port resolves to on the workloads the Service selects. */
export function resolvedContainerPorts(index: IndexView, service: Service, sp: ServicePort): Extract<Target, { kind: 'container-port' }>[] {
  const out: Extract<Target, { kind: 'container-port' }>[] = [];
  for (const workload of selectedDefinitions(index, service)) {
    if (!workload.template) continue;
    const r = resolveTargetPort(sp, workload.template);
    if (r.kind === 'declared') out.push({ kind: 'container-port', workload, container: r.target.container, port: r.target.port });
  }
  return out;
}

/** The container port a probe's port names (or numbers), in the probe's own container. */
export function probeTarget(container: Container, value: unknown): ContainerPort | undefined {
  if (typeof value === 'string') return container.ports.find((p) => portName(p.name) === value);
  if (typeof value === 'number') return container.ports.find((p) => portNumber(p.containerPort) === value);
  return undefined;
}

export function targetLoc(t: Target): Loc {
  switch (t.kind) {
    case 'service':
      return { uri: t.service.uri, span: nameOrKindSpanOf(t.service) };
    case 'service-port':
      return { uri: t.service.uri, span: spanOf(t.port.name ?? t.port.port) ?? spanOf(t.port) };
    case 'container-port':
      return { uri: t.workload.uri, span: spanOf(t.port.name ?? t.port.containerPort) ?? spanOf(t.port) };
    case 'template-label':
      return { uri: t.workload.uri, span: entrySpan(t.entry) };
    case 'template':
      return { uri: t.workload.uri, span: spanOf(t.workload.template?.labels) ?? t.workload.template?.span ?? t.workload.span };
    case 'gateway':
      return { uri: t.gateway.uri, span: nameOrKindSpanOf(t.gateway) };
    case 'listener':
      return { uri: t.gateway.uri, span: spanOf(t.listener.name) ?? t.listener.span };
  }
}

/** The workloads (every definition) a NetworkPolicy certainly selects, in its namespace. */
export function policySelectedWorkloads(index: IndexView, policy: NetworkPolicy): Workload[] {
  const out: Workload[] = [];
  for (const w of index.workloadsIn(policy.namespace)) {
    if (w.template && policySelects(policy, { template: w.template, namespace: w.namespace }) === 'yes') out.push(w);
  }
  return out;
}

/** What a located element points at (empty when it points at nothing, or is itself a target). */
export function targetsOf(index: IndexView, at: Located): Target[] {
  switch (at.kind) {
    case 'service-selector':
      return selectedDefinitions(index, at.service).map((workload) => ({ kind: 'template', workload }));
    case 'service-selector-pair':
      return selectedDefinitions(index, at.service).flatMap((workload) => {
        const entry = [...(workload.template?.labels?.entries ?? [])].reverse().find((e) => e.key === at.entry.key);
        return entry ? [{ kind: 'template-label' as const, workload, entry }] : [];
      });
    case 'service-port':
      if (at.field === 'targetPort' || (at.field === 'port' && at.port.targetPort === undefined)) {
        return resolvedContainerPorts(index, at.service, at.port);
      }
      return [];
    case 'ingress-backend': {
      const services = servicesNamedIn(index, at.ingress.namespace, at.backend.serviceName?.value);
      if (at.field === 'serviceName') return services.map((service) => ({ kind: 'service', service }));
      return services.flatMap((service) =>
        servicePortMatching(service, at.backend.servicePort?.value).map((port) => ({ kind: 'service-port' as const, service, port })),
      );
    }
    case 'endpoints-name':
      return servicesNamedIn(index, at.endpoints.namespace, at.endpoints.name).map((service) => ({ kind: 'service', service }));
    case 'endpoints-port':
      return servicesNamedIn(index, at.endpoints.namespace, at.endpoints.name).flatMap((service): Target[] =>
        at.field === 'name'
          ? servicePortMatching(service, at.port.name?.value, true).map((port) => ({ kind: 'service-port' as const, service, port }))
          : [{ kind: 'service' as const, service }],
      );
    case 'endpointslice-service':
      return servicesNamedIn(index, at.slice.namespace, at.slice.serviceName?.value).map((service) => ({ kind: 'service', service }));
    case 'endpointslice-port':
      return servicesNamedIn(index, at.slice.namespace, at.slice.serviceName?.value).flatMap((service): Target[] =>
        at.field === 'name'
          ? servicePortMatching(service, at.port.name?.value, true).map((port) => ({ kind: 'service-port' as const, service, port }))
          : [{ kind: 'service' as const, service }],
      );
    case 'statefulset-service-name':
      return servicesNamedIn(index, at.workload.namespace, at.workload.serviceName?.value).map((service) => ({ kind: 'service', service }));
    case 'probe-port': {
      const port = probeTarget(at.container, at.probe.port?.value);
      return port ? [{ kind: 'container-port', workload: at.workload, container: at.container, port }] : [];
    }
    case 'route-backend': {
      const services = backendServices(index, at.backendRef);
      if (at.field === 'port') {
        return services.flatMap((service): Target[] => {
          const port = backendServicePort(service, at.backendRef);
          return port ? [{ kind: 'service-port', service, port }] : [];
        });
      }
      return services.map((service) => ({ kind: 'service', service }));
    }
    case 'route-parent': {
      const name = at.parentRef.name?.value;
      if (at.parentRef.kind === 'Service') return servicesNamedIn(index, at.parentRef.namespace, name).map((service) => ({ kind: 'service', service }));
      const gateways = parentGateways(index, at.parentRef);
      if (at.field === 'name' && at.parentRef.sectionName === undefined && at.parentRef.port === undefined) return gateways.map((gateway) => ({ kind: 'gateway', gateway }));
      return gateways.flatMap((gateway) => listenersForParentRef(gateway, at.parentRef).map((listener) => ({ kind: 'listener' as const, gateway, listener })));
    }
    case 'network-policy':
      return policySelectedWorkloads(index, at.policy).map((workload) => ({ kind: 'template', workload }));
    case 'network-policy-port': {
      const name = at.port.port?.value;
      if (typeof name !== 'string' || at.direction !== 'Ingress') return [];
      const out: Target[] = [];
      for (const workload of policySelectedWorkloads(index, at.policy)) {
        if (namedPortOn(workload.template!, name, at.port.protocol) === undefined) continue;
        for (const container of workload.template!.containers) {
          for (const port of container.ports) if (port.name?.value === name && port.protocol === at.port.protocol) out.push({ kind: 'container-port', workload, container, port });
        }
      }
      return out;
    }
    default:
      return [];
  }
}

function dedupeLocs(locs: readonly Loc[]): Loc[] {
  const seen = new Set<string>();
  return locs.filter((l) => {
    const k = `${l.uri}#${l.span.start}:${l.span.end}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export function sortLocs(locs: readonly Loc[]): Loc[] {
  return dedupeLocs(locs).sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : a.span.start - b.span.start));
}

/** What a service reference points at: the Service port it lands on (each definition), else the Service. */
export function referenceTargetsOf(r: ServiceReference): Target[] {
  const sp = r.servicePort;
  return r.services.flatMap((service): Target[] => {
    const port = sp ? service.ports.find((p) => p === sp || (portNumber(p.port) === portNumber(sp.port) && portNumber(sp.port) !== undefined)) : undefined;
    return port ? [{ kind: 'service-port', service, port }] : [{ kind: 'service', service }];
  });
}

const DEFAULT_REFERENCE_SETTINGS: ReferenceSettings = { clusterDomain: 'cluster.local' };

/** Go to definition at `offset` of the file whose objects are `objects`. */
export function definition(
  objects: readonly K8sObject[],
  offset: number,
  index: IndexView,
  text?: string,
  settings: ReferenceSettings = DEFAULT_REFERENCE_SETTINGS,
): DefinitionResult | undefined {
  const ref = referenceAt(index, objects, offset, settings);
  if (ref) {
    const targets = sortLocs(referenceTargetsOf(ref.reference).map(targetLoc));
    return targets.length ? { origin: ref.span, targets } : undefined;
  }
  const at = locate(objects, offset, text);
  if (!at) return undefined;
  const targets = sortLocs(targetsOf(index, at).map(targetLoc));
  if (targets.length === 0) return undefined;
  return { origin: at.span, targets };
}
