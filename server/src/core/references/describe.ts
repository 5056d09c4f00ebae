/**
 * Wording about service references, shared by the rules, hovers and the CLI so they tell the
 * same story.
 */
import type { RelatedLocation } from '../findings';
import { portName, portNumber, servingContainers, targetPortOf } from '../model/ports';
import { selectedWorkloads } from '../model/service-links';
import { nameOrKindSpanOf, type Service, type ServicePort, type Span, spanOf } from '../model/types';
import type { IndexView } from '../workspace/workspace-index';
import { referenceSpan, type ServiceReference } from './service-references';

export function describePort(p: ServicePort): string {
  const n = portNumber(p.port);
  const name = portName(p.name);
  return `${n ?? '?'}${name ? ` (${name})` : ''}`;
}

export function describePorts(services: readonly Service[]): string {
  const all = [...new Set(services.flatMap((s) => s.ports.map(describePort)))];
  return all.length ? all.join(', ') : 'none';
}

/** What the caller dials, in words: `port 8080`, `the port named http`. */
export function dialled(r: ServiceReference): string {
  if (r.portName !== undefined) return `a port named ${r.portName}`;
  if (r.port !== undefined) return `port ${r.port}${r.portText === undefined && r.scheme ? ` (the ${r.scheme} default)` : ''}`;
  return 'its port';
}

/** `cartservice.shop`, or `cartservice` when the caller is in `shop`. */
export function shortestName(service: { name: string; namespace: string }, callerNamespace: string): string {
  return service.namespace === callerNamespace ? service.name : `${service.name}.${service.namespace}`;
}

/** The Service port numbers a direct (headless, Pod-name) client may dial: targetPorts and the Pods' container ports. */
export function directPorts(index: IndexView, services: readonly Service[]): number[] {
  const out = new Set<number>();
  for (const s of services) {
    for (const p of s.ports) {
      const t = targetPortOf(p);
      if (t.kind === 'number') out.add(t.port);
    }
    for (const sel of selectedWorkloads(index, s)) {
      for (const c of servingContainers(sel.template)) for (const p of c.ports) {
        const n = portNumber(p.containerPort);
        if (n !== undefined) out.add(n);
      }
    }
  }
  return [...out].sort((a, b) => a - b);
}

/**
 * The Service port a mismatched number was meant to be: the port whose targetPort (or whose
 * Pods' container port) is that number, else the only port.
 */
export function intendedPort(index: IndexView, services: readonly Service[], n: number | undefined): { port: ServicePort; why: 'target' | 'container' | 'only' } | undefined {
  const ports = services.flatMap((s) => s.ports);
  if (n !== undefined) {
    for (const p of ports) {
      const t = targetPortOf(p);
      if (t.kind === 'number' && t.port === n && !t.defaulted) return { port: p, why: 'target' };
    }
    for (const s of services) {
      for (const sel of selectedWorkloads(index, s)) {
        for (const c of servingContainers(sel.template)) for (const cp of c.ports) {
          if (portNumber(cp.containerPort) !== n) continue;
          const name = portName(cp.name);
          const p = s.ports.find((sp) => {
            const t = targetPortOf(sp);
            return (t.kind === 'name' && t.name === name) || (t.kind === 'number' && t.port === n);
          });
          if (p) return { port: p, why: 'container' };
        }
      }
    }
  }
  const numbered = ports.filter((p) => portNumber(p.port) !== undefined);
  return numbered.length === 1 ? { port: numbered[0]!, why: 'only' } : undefined;
}

/** The message of a port mismatch (also the hover's). */
export function portMismatchMessage(index: IndexView, r: ServiceReference): string {
  const services = r.services;
  const name = r.target ? shortestName(r.target, r.namespace) : r.host;
  if (r.direct) {
    const ports = directPorts(index, services);
    const kind = r.form.kind === 'qualified' && r.form.pod !== undefined ? `${r.host} is a Pod's name` : `Service ${name} is headless`;
    return `${kind}: clients connect to the Pods directly, on a container port (${ports.join(', ') || 'none declared'}); ${dialled(r)} is none of them, so the connection is refused.`;
  }
  const intended = intendedPort(index, services, r.port);
  let hint = '';
  if (intended && r.port !== undefined) {
    const listens = portNumber(intended.port.port);
    if (intended.why === 'target' || intended.why === 'container') hint = ` ${r.port} is the container port; the Service listens on ${listens}.`;
    else hint = ` Did you mean ${listens}?`;
  }
  return `Service ${name} has no ${dialled(r)} (its ports: ${describePorts(services)}), so this call fails.${hint}`;
}

export function wrongNamespaceMessage(r: ServiceReference): string {
  const names = [...new Set(r.elsewhere.map((s) => `${s.name}.${s.namespace}`))];
  return `There is no Service ${r.host} in namespace ${r.namespace} (the caller's): a short name only resolves in the caller's own namespace. ${names.length === 1 ? 'A Service of that name is in namespace ' + r.elsewhere[0]!.namespace : 'Services of that name are in namespaces ' + [...new Set(r.elsewhere.map((s) => s.namespace))].join(', ')}: use ${names.join(' or ')}.`;
}

export function unknownMessage(r: ServiceReference): string {
  if (r.form.kind === 'link') {
    return `${r.host} is set by the kubelet only for Services of the Pod's namespace (${r.namespace}), and there is no Service ${r.form.service} there in this workspace: the variable stays unexpanded and the call fails.`;
  }
  const t = r.target;
  return t ? `${r.host} names no Service: there is no Service ${t.name} in namespace ${t.namespace} in this workspace.` : `${r.host} names no Service of this workspace.`;
}

export function noEndpointsMessage(r: ServiceReference): string {
  const name = r.target ? shortestName(r.target, r.namespace) : r.host;
  switch (r.endpointsProblem) {
    case 'selects-nothing':
      return `Service ${name} selects no Pods in this workspace, so it has no endpoints and this call fails.`;
    case 'no-target-port':
      return `Service ${name} port ${r.servicePort ? describePort(r.servicePort) : ''} resolves its targetPort on none of the Pods it selects, so it has no endpoints and this call fails.`;
    default:
      return `Service ${name} has no selector and no Endpoints or EndpointSlice in this workspace, so it has no backends and this call fails.`;
  }
}

/** Where the Service's own finding about its missing endpoints is (for related locations). */
export function endpointsProblemSpan(r: ServiceReference): { uri: string; span: Span } | undefined {
  const s = r.services[0];
  if (!s) return undefined;
  if (r.endpointsProblem === 'selects-nothing' || r.endpointsProblem === 'no-endpoints-object') return { uri: s.uri, span: spanOf(s.selector) ?? nameOrKindSpanOf(s) };
  if (r.endpointsProblem === 'no-target-port' && r.servicePort) return { uri: s.uri, span: spanOf(r.servicePort.targetPort) ?? spanOf(r.servicePort) };
  return undefined;
}

export function serviceRelated(services: readonly Service[], message: (s: Service) => string): RelatedLocation[] {
  return services.map((s) => ({ uri: s.uri, span: s.portsKeySpan ?? nameOrKindSpanOf(s), message: message(s) }));
}

/** The span a rule reports a reference at, with `part` preferred when it is inside the string. */
export function reportSpan(r: ServiceReference, part: 'host' | 'port' | 'both'): Span {
  const inSite = (s: Span | undefined): s is Span => s !== undefined && s.start >= r.site.value.start && s.end <= r.site.value.end;
  if (part === 'port' && inSite(r.portSpan)) return r.portSpan;
  if (part === 'host' && inSite(r.hostSpan)) return r.hostSpan;
  return referenceSpan(r);
}
