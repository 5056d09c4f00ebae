/**
 * Inlay hints on Service ports: the number a named targetPort resolves to (`→ 8080`), the
 * defaulted targetPort when it is omitted, and "auto 30000-32767" where a NodePort is allocated.
 * On route backendRefs: the port on the Pods the Service port lands on (`→ 8080`).
 */
import { backendServicePort, backendServices } from '../model/gateway-api';
import { portNumber, resolveTargetPort, targetPortOf } from '../model/ports';
import { isRoute, isService, type K8sObject, type Route, type Service, type Span } from '../model/types';
import type { Settings } from '../settings';
import type { IndexView } from '../workspace/workspace-index';
import { selectedDefinitions } from './definition';

export interface Hint {
  /** Where the hint goes (after the value it explains). */
  readonly offset: number;
  readonly label: string;
  readonly tooltip: string;
}

function overlaps(span: Span, range: Span | undefined): boolean {
  return !range || (span.end >= range.start && span.start <= range.end);
}

function serviceHints(index: IndexView, service: Service, settings: Settings): Hint[] {
  const out: Hint[] = [];
  const workloads = service.ports.some((p) => targetPortOf(p).kind === 'name') ? selectedDefinitions(index, service) : [];
  const nodePorts = (service.type === 'NodePort' || service.type === 'LoadBalancer') && service.allocateLoadBalancerNodePorts?.value !== false;
  for (const sp of service.ports) {
    const target = targetPortOf(sp);
    if (target.kind === 'name' && sp.targetPort) {
      const numbers = new Set<number>();
      for (const w of workloads) {
        if (!w.template) continue;
        const r = resolveTargetPort(sp, w.template);
        if (r.kind === 'declared') numbers.add(r.number);
      }
      if (numbers.size) {
        const list = [...numbers].sort((a, b) => a - b);
        out.push({
          offset: sp.targetPort.span.end,
          label: `→ ${list.join(' | ')}`,
          tooltip: `targetPort "${target.name}" resolves to containerPort ${list.join(', ')} on the selected Pods`,
        });
      }
    } else if (target.kind === 'number' && target.defaulted && sp.port) {
      out.push({
        offset: sp.port.span.end,
        label: `→ targetPort ${target.port}`,
        tooltip: `targetPort is omitted: it defaults to port (${target.port})`,
      });
    }
    if (nodePorts && portNumber(sp.nodePort) === undefined && sp.port) {
      const range = `${settings.nodePortRange.min}-${settings.nodePortRange.max}`;
      out.push({
        offset: sp.port.span.end,
        label: `nodePort auto ${range}`,
        tooltip: `no nodePort: the API server allocates a free one from the node port range (${range})`,
      });
    }
  }
  return out;
}

function routeHints(index: IndexView, route: Route): Hint[] {
  const out: Hint[] = [];
  for (const rule of route.rules) {
    for (const ref of rule.backendRefs) {
      if (!ref.port || portNumber(ref.port) === undefined) continue;
      const numbers = new Set<number>();
      for (const service of backendServices(index, ref)) {
        const sp = backendServicePort(service, ref);
        if (!sp) continue;
        const target = targetPortOf(sp);
        if (target.kind === 'number') numbers.add(target.port);
        else if (target.kind === 'name') {
          for (const w of selectedDefinitions(index, service)) {
            const r = w.template ? resolveTargetPort(sp, w.template) : undefined;
            if (r?.kind === 'declared') numbers.add(r.number);
          }
        }
      }
      if (numbers.size === 0) continue;
      const list = [...numbers].sort((a, b) => a - b);
      if (list.length === 1 && list[0] === portNumber(ref.port)) continue;
      out.push({ offset: ref.port.span.end, label: `→ ${list.join(' | ')}`, tooltip: `Service port ${portNumber(ref.port)} of ${ref.name?.value ?? ''} lands on port ${list.join(', ')} of the Pods` });
    }
  }
  return out;
}

/** The hints of a file's objects within `range` (all when omitted). */
export function inlayHints(objects: readonly K8sObject[], index: IndexView, settings: Settings, range?: Span): Hint[] {
  if (!settings.inlayHints) return [];
  const out: Hint[] = [];
  for (const o of objects) {
    if (isService(o) && overlaps(o.span, range)) {
      for (const h of serviceHints(index, o, settings)) if (!range || (h.offset >= range.start && h.offset <= range.end)) out.push(h);
    } else if (isRoute(o) && overlaps(o.span, range)) {
      for (const h of routeHints(index, o)) if (!range || (h.offset >= range.start && h.offset <= range.end)) out.push(h);
    }
  }
  return out.sort((a, b) => a.offset - b.offset);
}
