/**
 * Inlay hints on Service ports: the number a named targetPort resolves to (`→ 8080`), the
 * defaulted targetPort when it is omitted, and "auto 30000-32767" where a NodePort is allocated.
 * On route backendRefs: the port on the Pods the Service port lands on (`→ 8080`).
 */
import { backendServicePort, backendServices } from '../model/gateway-api';
import { portNumber, resolveTargetPort, targetPortOf } from '../model/ports';
import { isConfigMap, isRoute, isService, isWorkload, type K8sObject, type Route, type Service, type Span } from '../model/types';
import { portLink, selectedWorkloads } from '../model/service-links';
import { referencesOf, type ServiceReference } from '../references/service-references';
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
          offset: sp.targetPort.end,
          label: `→ ${list.join(' | ')}`,
          tooltip: `targetPort "${target.name}" resolves to containerPort ${list.join(', ')} on the selected Pods`,
        });
      }
    } else if (target.kind === 'number' && target.defaulted && sp.port) {
      out.push({
        offset: sp.port.end,
        label: `→ targetPort ${target.port}`,
        tooltip: `targetPort is omitted: it defaults to port (${target.port})`,
      });
    }
    if (nodePorts && portNumber(sp.nodePort) === undefined && sp.port) {
      const range = `${settings.nodePortRange.min}-${settings.nodePortRange.max}`;
      out.push({
        offset: sp.port.end,
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
      out.push({ offset: ref.port.end, label: `→ ${list.join(' | ')}`, tooltip: `Service port ${portNumber(ref.port)} of ${ref.name?.value ?? ''} lands on port ${list.join(', ')} of the Pods` });
    }
  }
  return out;
}

/** Pods of the workloads a Service port resolves on, and the container port numbers it lands on. */
function landing(index: IndexView, r: ServiceReference): { numbers: number[]; pods: number | undefined } {
  const service = r.services[0];
  if (!service || !r.servicePort) return { numbers: r.port !== undefined && r.direct ? [r.port] : [], pods: undefined };
  const selected = selectedWorkloads(index, service);
  const numbers = new Set<number>();
  let pods = 0;
  let known = true;
  for (const res of portLink(r.servicePort, selected).resolutions) {
    if (res.resolution.kind !== 'declared' && res.resolution.kind !== 'undeclared-number') continue;
    numbers.add(res.resolution.number);
    const w = res.selected.workload;
    const n = w.kind === 'DaemonSet' ? undefined : w.replicas === undefined || w.replicas.value === null ? 1 : w.replicas.value;
    if (typeof n === 'number' && Number.isInteger(n)) pods += n;
    else known = false;
  }
  if (r.direct && r.port !== undefined) return { numbers: [r.port], pods: known ? pods : undefined };
  return { numbers: [...numbers].sort((a, b) => a - b), pods: known ? pods : undefined };
}

/** `→ cartservice:7070 → :8080 (2 pods)` after a call that resolves. */
function referenceHint(index: IndexView, r: ServiceReference): Hint | undefined {
  if (r.status !== 'ok' && r.status !== 'no-endpoints') return undefined;
  const service = r.services[0];
  if (!service) return undefined;
  const inSite = (s: Span | undefined): s is Span => s !== undefined && s.start >= r.site.value.start && s.end <= r.site.value.end;
  const offset = inSite(r.portSpan) ? r.portSpan.end : inSite(r.hostSpan) ? r.hostSpan.end : r.site.value.end;
  const sp = r.servicePort ? portNumber(r.servicePort.port) : undefined;
  const name = service.namespace === r.namespace ? service.name : `${service.name}.${service.namespace}`;
  if (service.type === 'ExternalName') {
    const host = service.externalName?.value;
    return { offset, label: `→ ${name} → ${typeof host === 'string' ? host : 'ExternalName'}`, tooltip: `ExternalName: DNS answers a CNAME; the port is not remapped` };
  }
  if (r.status === 'no-endpoints') return { offset, label: `→ ${name}${sp !== undefined ? `:${sp}` : ''} → no endpoints`, tooltip: `Service ${service.name} has no endpoints in this workspace` };
  const land = landing(index, r);
  const pods = land.pods === undefined ? '' : ` (${land.pods} pod${land.pods === 1 ? '' : 's'})`;
  const target = land.numbers.length ? ` → :${land.numbers.join('|')}${pods}` : '';
  const label = r.direct ? `→ ${name} (headless)${target}` : `→ ${name}${sp !== undefined ? `:${sp}` : ''}${target}`;
  return { offset, label, tooltip: `calls Service ${service.name} (namespace ${service.namespace})${r.direct ? ', Pods directly' : ''}` };
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
    } else if ((isWorkload(o) || isConfigMap(o)) && overlaps(o.span, range)) {
      const seen = new Set<number>();
      for (const r of referencesOf(index, o, settings)) {
        const h = referenceHint(index, r);
        if (!h || seen.has(h.offset) || (range && (h.offset < range.start || h.offset > range.end))) continue;
        seen.add(h.offset);
        out.push(h);
      }
    }
  }
  return out.sort((a, b) => a.offset - b.offset);
}
