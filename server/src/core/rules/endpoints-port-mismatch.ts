import { isEndpoints, isEndpointSlice, type EndpointPort, type Service, spanOf } from '../model/types';
import { describeObject, relatedObject } from './describe';
import type { Rule } from './rule';

const nameOf = (p: { name: { value: unknown } | undefined }): string => (typeof p.name?.value === 'string' ? p.name.value : '');
const show = (n: string) => (n ? `"${n}"` : '(unnamed)');

/**
 * kube-proxy pairs a Service port with the Endpoints / EndpointSlice port of the same name (and
 * protocol). A hand-written port whose name matches no Service port carries no traffic.
 */
export const endpointsPortMismatch: Rule = {
  id: 'endpoints-port-mismatch',
  defaultSeverity: 'error',
  description: "An Endpoints or EndpointSlice port name matches no port name of its Service (they are paired by name).",
  check(o, ctx) {
    let serviceName: string | undefined;
    let ports: readonly EndpointPort[];
    if (isEndpoints(o)) {
      serviceName = o.name;
      ports = o.subsets.flatMap((s) => s.ports);
    } else if (isEndpointSlice(o)) {
      serviceName = typeof o.serviceName?.value === 'string' ? o.serviceName.value : undefined;
      ports = o.ports;
    } else return;
    if (!serviceName || ports.length === 0) return;
    const services = ctx.index.servicesNamed(o.namespace, serviceName);
    // Without the Service: endpoints-without-service. With a selector (or ExternalName) these
    // endpoints are not used as written: endpoints-overridden.
    if (services.length === 0) return;
    if (services.some((s) => s.type === 'ExternalName' || (s.selector && s.selector.entries.length > 0))) return;
    const servicePorts = services.flatMap((s: Service) => s.ports.map((p) => ({ service: s, port: p, name: nameOf(p) })));
    if (servicePorts.length === 0) return;
    const wanted = [...new Set(servicePorts.map((p) => `${show(p.name)}/${p.port.protocol}`))].join(', ');
    for (const p of ports) {
      const name = nameOf(p);
      const sameName = servicePorts.filter((sp) => sp.name === name);
      if (sameName.some((sp) => sp.port.protocol === p.protocol)) continue;
      const span = spanOf(p.name) ?? spanOf(p.port) ?? p.span;
      const related = servicePorts.slice(0, 5).map((sp) => relatedObject(sp.service, `${describeObject(sp.service)} port ${show(sp.name)} (${sp.port.protocol})`, spanOf(sp.port.name) ?? spanOf(sp.port)));
      const message =
        sameName.length > 0
          ? `Port ${show(name)} is ${p.protocol} here but ${sameName[0]!.port.protocol} on Service ${serviceName}; kube-proxy pairs ports by name and protocol, so this port carries no traffic. Use the same protocol as the Service port.`
          : `Port ${show(name)} matches no port of Service ${serviceName} (its ports: ${wanted}). kube-proxy pairs Service ports with ${o.kind} ports by name, not by number, so ${serviceName} gets no backend for this port. Rename it to the Service port's name${servicePorts.length === 1 ? ` (${show(servicePorts[0]!.name)})` : ''}.`;
      ctx.report({ span, message, related });
    }
  },
};
