/**
 * Find references: everything that points at a Service, a Service port, a container port or a
 * template label, across files (Services' selectors and targetPorts, Ingress backends, Endpoints,
 * EndpointSlices, StatefulSets' serviceName, probes). On a use (a targetPort, a backend, …) the
 * answer is the references of what it points at. Index lookups only.
 */
import { portName, portNumber, resolveTargetPort } from '../model/ports';
import { listenersForParentRef } from '../model/gateway-api';
import { policySelects } from '../model/network-policy';
import { nameOrKindSpanOf, nameSpanOf, type K8sObject, spanOf } from '../model/types';
import type { IndexView } from '../workspace/workspace-index';
import { entrySpan, probeTarget, sortLocs, targetLoc, targetsOf, type Loc, type Target } from './definition';
import { locate, type Located } from './locate';
import { callsTo, referenceSpan, type ReferenceSettings } from '../references/service-references';
import { referenceTargetsOf } from './definition';
import { referenceAt } from './service-reference-at';

/** The targets the element at the cursor stands for: itself when it is one, else what it points at. */
export function referenceTargets(index: IndexView, at: Located): Target[] {
  switch (at.kind) {
    case 'service-name':
      return [{ kind: 'service', service: at.service }];
    case 'service-port':
      if (at.field === 'targetPort') return targetsOf(index, at);
      return [{ kind: 'service-port', service: at.service, port: at.port }];
    case 'container-port':
      return [{ kind: 'container-port', workload: at.workload, container: at.container, port: at.port }];
    case 'template-label':
      return [{ kind: 'template-label', workload: at.workload, entry: at.entry }];
    case 'workload-name':
      return [{ kind: 'template', workload: at.workload }];
    case 'gateway-listener':
      return at.listener ? [{ kind: 'listener', gateway: at.gateway, listener: at.listener }] : [{ kind: 'gateway', gateway: at.gateway }];
    default:
      return targetsOf(index, at);
  }
}

/** Everything that points at `t` (not `t` itself). */
export function referencesTo(index: IndexView, t: Target, settings: ReferenceSettings = { clusterDomain: 'cluster.local' }): Loc[] {
  const out: Loc[] = [];
  switch (t.kind) {
    case 'service': {
      const { namespace, name } = t.service;
      // Callers: every service reference (env, args, ConfigMap data) that resolves to the Service.
      for (const c of callsTo(index, t.service, settings)) {
        const r = c.reference;
        out.push({ uri: r.site.uri, span: r.hostSpan ?? referenceSpan(r) });
      }
      for (const ing of index.ingressesFor(namespace, name)) {
        for (const b of ing.backends) if (b.serviceName?.value === name) out.push({ uri: ing.uri, span: spanOf(b.serviceName) });
      }
      for (const ep of index.endpointsNamed(namespace, name)) {
        const span = nameSpanOf(ep);
        if (span) out.push({ uri: ep.uri, span });
      }
      for (const sl of index.endpointSlicesFor(namespace, name)) if (sl.serviceName) out.push({ uri: sl.uri, span: spanOf(sl.serviceName) });
      for (const ss of index.statefulSetsFor(namespace, name)) if (ss.serviceName) out.push({ uri: ss.uri, span: spanOf(ss.serviceName) });
      for (const route of index.routesForService(namespace, name)) {
        for (const rule of route.rules) {
          for (const b of rule.backendRefs) if (b.kind === 'Service' && b.group === '' && b.namespace === namespace && b.name?.value === name) out.push({ uri: route.uri, span: spanOf(b.name) });
        }
        for (const p of route.parentRefs) if (p.kind === 'Service' && p.group === '' && p.namespace === namespace && p.name?.value === name) out.push({ uri: route.uri, span: spanOf(p.name) });
      }
      break;
    }
    case 'gateway':
    case 'listener': {
      const g = t.gateway;
      for (const route of index.routesForGateway(g.namespace, g.name)) {
        for (const p of route.parentRefs) {
          if (p.kind !== 'Gateway' || p.namespace !== g.namespace || p.name?.value !== g.name) continue;
          if (t.kind === 'listener' && !listenersForParentRef(g, p).includes(t.listener)) continue;
          out.push({ uri: route.uri, span: spanOf(p.sectionName ?? p.name) });
        }
      }
      break;
    }
    case 'service-port': {
      const { namespace, name } = t.service;
      const number = portNumber(t.port.port);
      const pname = portName(t.port.name);
      for (const c of callsTo(index, t.service, settings)) {
        const r = c.reference;
        const sp = r.servicePort;
        if (!sp || (sp !== t.port && (portNumber(sp.port) !== number || number === undefined))) continue;
        out.push({ uri: r.site.uri, span: r.portSpan ?? r.hostSpan ?? referenceSpan(r) });
      }
      for (const ing of index.ingressesFor(namespace, name)) {
        for (const b of ing.backends) {
          if (b.serviceName?.value !== name || !b.servicePort) continue;
          const v = b.servicePort.value;
          if ((typeof v === 'number' && v === number) || (typeof v === 'string' && pname !== undefined && v === pname)) {
            out.push({ uri: ing.uri, span: spanOf(b.servicePort) });
          }
        }
      }
      for (const route of index.routesForService(namespace, name)) {
        for (const rule of route.rules) {
          for (const b of rule.backendRefs) {
            if (b.kind === 'Service' && b.group === '' && b.namespace === namespace && b.name?.value === name && b.port && b.port.value === number) out.push({ uri: route.uri, span: spanOf(b.port) });
          }
        }
      }
      if (pname !== undefined) {
        for (const ep of index.endpointsNamed(namespace, name)) {
          for (const s of ep.subsets) for (const p of s.ports) if (p.name?.value === pname) out.push({ uri: ep.uri, span: spanOf(p.name) });
        }
        for (const sl of index.endpointSlicesFor(namespace, name)) {
          for (const p of sl.ports) if (p.name?.value === pname) out.push({ uri: sl.uri, span: spanOf(p.name) });
        }
      }
      break;
    }
    case 'container-port': {
      const template = t.workload.template;
      if (!template) break;
      for (const service of index.servicesSelecting(t.workload)) {
        for (const sp of service.ports) {
          const r = resolveTargetPort(sp, template);
          if (r.kind === 'declared' && r.target.port === t.port) {
            const span = spanOf(sp.targetPort) ?? spanOf(sp.port) ?? spanOf(sp);
            out.push({ uri: service.uri, span });
          }
        }
      }
      for (const probe of t.container.probes) {
        if (probe.port && probeTarget(t.container, probe.port.value) === t.port) out.push({ uri: t.workload.uri, span: spanOf(probe.port) });
      }
      break;
    }
    case 'template-label': {
      for (const service of index.servicesSelecting(t.workload)) {
        for (const e of service.selector?.entries ?? []) {
          if (e.key === t.entry.key && e.value === t.entry.value) out.push({ uri: service.uri, span: entrySpan(e) });
        }
      }
      break;
    }
    case 'template': {
      for (const service of index.servicesSelecting(t.workload)) if (service.selector) out.push({ uri: service.uri, span: spanOf(service.selector) });
      const template = t.workload.template;
      if (template) {
        for (const policy of index.networkPoliciesIn(t.workload.namespace)) {
          if (policySelects(policy, { template, namespace: t.workload.namespace }) === 'yes') out.push({ uri: policy.uri, span: policy.podSelector?.span ?? nameOrKindSpanOf(policy) });
        }
      }
      break;
    }
  }
  return out;
}

/** Find references at `offset`; `undefined` when the cursor is on nothing that can be referenced. */
export function references(
  objects: readonly K8sObject[],
  offset: number,
  index: IndexView,
  options: { includeDeclaration: boolean; text?: string; settings?: ReferenceSettings },
): Loc[] | undefined {
  const settings = options.settings ?? { clusterDomain: 'cluster.local' };
  const ref = referenceAt(index, objects, offset, settings);
  const at = ref ? undefined : locate(objects, offset, options.text);
  if (!ref && !at) return undefined;
  const targets = ref ? referenceTargetsOf(ref.reference) : referenceTargets(index, at!);
  const locs: Loc[] = [];
  for (const t of targets) {
    if (options.includeDeclaration) locs.push(targetLoc(t));
    locs.push(...referencesTo(index, t, settings));
  }
  return sortLocs(locs);
}
