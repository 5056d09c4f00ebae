import { portName, portNumber } from '../model/ports';
import { isIngress, type Service, spanOf } from '../model/types';
import { describeObject, relatedObject } from './describe';
import type { Rule } from './rule';

function describePorts(services: readonly Service[]): string {
  const ports = services.flatMap((s) => s.ports.map((p) => `${portNumber(p.port) ?? '?'}${typeof p.name?.value === 'string' ? ` (${p.name.value})` : ''}`));
  return ports.length ? [...new Set(ports)].join(', ') : 'none';
}

/** An Ingress backend naming a port (number or name) that its Service does not have. */
export const ingressBackendPortMissing: Rule = {
  id: 'ingress-backend-port-missing',
  defaultSeverity: 'error',
  description: 'An Ingress backend names a Service port (by number or name) that the Service does not have.',
  check(o, ctx) {
    if (!isIngress(o)) return;
    for (const b of o.backends) {
      const name = b.serviceName?.value;
      const sp = b.servicePort;
      if (typeof name !== 'string' || !name || !sp) continue;
      const services = ctx.index.servicesNamed(o.namespace, name);
      if (services.length === 0) continue; // ingress-backend-service-missing
      // ExternalName Services have no ports to match; controllers use the backend's number as is.
      if (services.some((s) => s.type === 'ExternalName')) continue;
      let number = portNumber(sp);
      let pname = portName(sp);
      if (pname !== undefined && /^\d+$/.test(pname)) {
        number = Number(pname); // a quoted number: controllers compare it as a number too
        pname = undefined;
      }
      let found: boolean;
      let what: string;
      if (number !== undefined) {
        found = services.some((s) => s.ports.some((p) => portNumber(p.port) === number));
        what = `port ${number}`;
      } else if (pname !== undefined && pname !== '') {
        found = services.some((s) => s.ports.some((p) => portName(p.name) === pname));
        what = `a port named "${pname}"`;
      } else continue;
      if (found) continue;
      // Hint: the number is a targetPort/containerPort, the usual confusion.
      const byTarget =
        number !== undefined ? services.flatMap((s) => s.ports).find((p) => portNumber(p.targetPort) === number) : undefined;
      const hint = byTarget
        ? ` ${number} is the targetPort (the container's port); an Ingress names the Service port, here ${portNumber(byTarget.port)}${typeof byTarget.name?.value === 'string' ? ` (name ${byTarget.name.value})` : ''}.`
        : '';
      ctx.report({
        span: spanOf(sp),
        message: `Service ${name} has no ${what} (its ports: ${describePorts(services)}), so requests routed here fail.${hint} Use one of the Service's port numbers or names.`,
        related: services.map((s) => relatedObject(s, `${describeObject(s)} ports: ${describePorts([s])}`, s.portsKeySpan)),
      });
    }
  },
};
