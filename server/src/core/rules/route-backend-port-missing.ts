import { backendServices, isServiceBackend } from '../model/gateway-api';
import { portName, portNumber } from '../model/ports';
import { isRoute, type Service, spanOf } from '../model/types';
import { describeObject, relatedObject } from './describe';
import type { Rule } from './rule';

export function describeServicePorts(services: readonly Service[]): string {
  const ports = services.flatMap((s) => s.ports.map((p) => `${portNumber(p.port) ?? '?'}${portName(p.name) ? ` (${portName(p.name)})` : ''}`));
  return ports.length ? [...new Set(ports)].join(', ') : 'none';
}

/** A Service backendRef without the (required) port, or with a port the Service does not expose. */
export const routeBackendPortMissing: Rule = {
  id: 'route-backend-port-missing',
  defaultSeverity: 'error',
  description: 'A route backendRef to a Service has no port (required for Services), or a port the Service does not expose.',
  check(o, ctx) {
    if (!isRoute(o)) return;
    for (const rule of o.rules) {
      for (const ref of rule.backendRefs) {
        if (!isServiceBackend(ref) || !ref.name?.value) continue;
        const services = backendServices(ctx.index, ref);
        const related = services.map((s) => relatedObject(s, `${describeObject(s)} ports: ${describeServicePorts([s])}`, s.portsKeySpan));
        if (!ref.port || ref.port.value === null) {
          ctx.report({
            span: spanOf(ref.name),
            message: `This backendRef to Service ${ref.name.value} has no port; a Service backendRef must name one of the Service's ports${services.length ? ` (${describeServicePorts(services)})` : ''}, or the controller rejects it.`,
            related,
          });
          continue;
        }
        if (services.length === 0 || services.some((s) => s.type === 'ExternalName')) continue;
        const n = portNumber(ref.port);
        if (n === undefined) {
          ctx.report({ span: spanOf(ref.port), message: `A backendRef port is the Service's port number, not a name: ${String(ref.port.value)} is not a number (Service ${ref.name.value} ports: ${describeServicePorts(services)}).`, related });
          continue;
        }
        if (services.some((s) => s.ports.some((p) => portNumber(p.port) === n))) continue;
        const byTarget = services.flatMap((s) => s.ports).find((p) => portNumber(p.targetPort) === n);
        const hint = byTarget ? ` ${n} is the targetPort (the container's port); a backendRef names the Service port, here ${portNumber(byTarget.port)}.` : '';
        ctx.report({
          span: spanOf(ref.port),
          message: `Service ${ref.name.value} has no port ${n} (its ports: ${describeServicePorts(services)}), so the controller drops this backend.${hint}`,
          related,
        });
      }
    }
  },
};
