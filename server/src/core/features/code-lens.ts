/**
 * Code lenses: above each Service what it selects ("selects 2 workloads · 5 pods · NodePort
 * 30333"), above each workload what exposes it ("exposed by svc/web:80 · ingress/web"). Each
 * lens carries the locations it summarises (shown as references when clicked). Index lookups
 * only: a file with many Services costs one selector lookup per Service.
 */
import { portNumber } from '../model/ports';
import { isService, isWorkload, type Ingress, type K8sObject, type Service, type Span, type Workload, spanOf } from '../model/types';
import type { Settings } from '../settings';
import type { IndexView } from '../workspace/workspace-index';
import { distinctObjects, selectedDefinitions, sortLocs, type Loc } from './definition';
import { callsTo, referenceSpan } from '../references/service-references';
import { objectKey } from '../model/types';

export interface Lens {
  /** Where the lens sits (the start of the object). */
  readonly span: Span;
  readonly title: string;
  /** What the lens summarises (shown as references on click); empty when there is nothing. */
  readonly locations: readonly Loc[];
  /** A "Show on map" lens: opens the wiring map on this Service (instead of showing locations). */
  readonly showOnMap?: { readonly namespace: string; readonly name: string };
}

export interface LensOptions {
  /** Add a "Show on map" lens above each Service (the client has the wiring map). */
  readonly showOnMap?: boolean;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** How many Pods a workload runs, when known (DaemonSets: one per node, unknown here). */
function podCount(w: Workload): number | undefined {
  if (w.kind === 'DaemonSet') return undefined;
  if (w.kind === 'Deployment' || w.kind === 'ReplicaSet' || w.kind === 'ReplicationController' || w.kind === 'StatefulSet') {
    if (w.replicas === undefined || w.replicas.value === null) return 1;
    const n = w.replicas.value;
    return typeof n === 'number' && Number.isInteger(n) && n >= 0 ? n : undefined;
  }
  return 1;
}

export function serviceLens(index: IndexView, service: Service, settings: Settings): Lens {
  const parts: string[] = [];
  const locations: Loc[] = [];
  if (service.type === 'ExternalName') {
    const host = service.externalName?.value;
    parts.push(typeof host === 'string' && host ? `ExternalName → ${host}` : 'ExternalName');
  } else if (!service.selector || service.selector.entries.length === 0) {
    parts.push('no selector');
  } else {
    const all = selectedDefinitions(index, service);
    const workloads = distinctObjects(all);
    if (workloads.length === 0) parts.push('selects nothing');
    else {
      parts.push(`selects ${plural(workloads.length, 'workload')}`);
      let pods = 0;
      let perNode = false;
      let unknown = false;
      for (const w of workloads) {
        const n = podCount(w);
        if (w.kind === 'DaemonSet') perNode = true;
        else if (n === undefined) unknown = true;
        else pods += n;
      }
      const podText = [pods > 0 || (!perNode && !unknown) ? plural(pods, 'pod') : '', perNode ? '1 pod per node' : '', unknown ? 'more pods' : '']
        .filter(Boolean)
        .join(' + ');
      if (podText) parts.push(podText);
      for (const w of all) locations.push({ uri: w.uri, span: spanOf(w.template?.labels) ?? w.template?.span ?? w.span });
    }
  }
  const routes = distinctObjects(index.routesForService(service.namespace, service.name)).sort((a, b) => a.name.localeCompare(b.name));
  if (routes.length) {
    parts.push(`routed by ${routes.slice(0, 3).map((r) => `${r.kind.toLowerCase()}/${r.name}`).join(', ')}${routes.length > 3 ? ` +${routes.length - 3}` : ''}`);
    for (const r of routes) {
      for (const rule of r.rules) for (const b of rule.backendRefs) if (b.name && b.name.value === service.name && b.namespace === service.namespace) locations.push({ uri: r.uri, span: spanOf(b.name) });
    }
  }
  if (service.type === 'NodePort' || service.type === 'LoadBalancer') {
    const fixed = service.ports.map((p) => portNumber(p.nodePort)).filter((n): n is number => n !== undefined);
    const auto = service.ports.some((p) => portNumber(p.nodePort) === undefined) && service.allocateLoadBalancerNodePorts?.value !== false;
    const list = [...fixed.map(String), ...(auto ? [`auto ${settings.nodePortRange.min}-${settings.nodePortRange.max}`] : [])];
    if (list.length) parts.push(`NodePort ${list.join(', ')}`);
  }
  // Who calls it: workloads whose env, args or ConfigMaps name it (service-references.ts).
  const calls = callsTo(index, service, settings);
  if (calls.length > 0) {
    const callers = new Set(calls.map((c) => objectKey(c.caller)));
    parts.push(plural(callers.size, 'caller'));
    for (const c of calls) locations.push({ uri: c.reference.site.uri, span: c.reference.hostSpan ?? referenceSpan(c.reference) });
  }
  return { span: { start: service.span.start, end: service.span.start }, title: parts.join(' · '), locations: sortLocs(locations) };
}

export function workloadLens(index: IndexView, workload: Workload): Lens {
  const services = distinctObjects(index.servicesSelecting(workload)).sort((a, b) => a.name.localeCompare(b.name));
  const span = { start: workload.span.start, end: workload.span.start };
  if (services.length === 0) return { span, title: 'not exposed by any Service', locations: [] };
  const parts: string[] = [];
  const locations: Loc[] = [];
  const ingresses = new Map<string, Ingress>();
  for (const s of services) {
    const ports = s.ports.map((p) => portNumber(p.port)).filter((n): n is number => n !== undefined);
    parts.push(`svc/${s.name}${ports.length ? `:${ports.join(',')}` : ''}`);
  }
  for (const s of index.servicesSelecting(workload)) {
    if (s.selector) locations.push({ uri: s.uri, span: spanOf(s.selector) });
    for (const ing of index.ingressesFor(s.namespace, s.name)) {
      if (!ingresses.has(ing.name)) ingresses.set(ing.name, ing);
      for (const b of ing.backends) if (b.serviceName?.value === s.name) locations.push({ uri: ing.uri, span: spanOf(b.serviceName) });
    }
  }
  for (const name of [...ingresses.keys()].sort()) parts.push(`ingress/${name}`);
  const routes = new Map<string, string>();
  for (const s of services) {
    for (const r of index.routesForService(s.namespace, s.name)) {
      routes.set(`${r.kind.toLowerCase()}/${r.name}`, r.uri);
      for (const rule of r.rules) for (const b of rule.backendRefs) if (b.name && b.name.value === s.name && b.namespace === s.namespace) locations.push({ uri: r.uri, span: spanOf(b.name) });
    }
  }
  for (const name of [...routes.keys()].sort()) parts.push(name);
  return { span, title: `exposed by ${parts.join(' · ')}`, locations: sortLocs(locations) };
}

/** The lenses of a file (its indexed objects: patches have none). */
export function codeLenses(objects: readonly K8sObject[], index: IndexView, settings: Settings, options: LensOptions = {}): Lens[] {
  if (!settings.codeLens) return [];
  const out: Lens[] = [];
  for (const o of objects) {
    if (isService(o)) {
      out.push(serviceLens(index, o, settings));
      if (options.showOnMap) out.push({ span: { start: o.span.start, end: o.span.start }, title: 'Show on map', locations: [], showOnMap: { namespace: o.namespace, name: o.name } });
    } else if (isWorkload(o)) out.push(workloadLens(index, o));
  }
  return out;
}
