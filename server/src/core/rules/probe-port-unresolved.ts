import { portName, portNumber } from '../model/ports';
import { isWorkload, spanOf } from '../model/types';
import type { Rule } from './rule';

/**
 * A probe's named port resolves only among its own container's ports (kubelet's FindPort by
 * name); a name the container does not declare makes every probe fail.
 */
export const probePortUnresolved: Rule = {
  id: 'probe-port-unresolved',
  defaultSeverity: 'error',
  description: 'A liveness/readiness/startup probe names a port its container does not declare (or declares only for UDP/SCTP).',
  check(o, ctx) {
    if (!isWorkload(o) || !o.template) return;
    for (const c of o.template.containers) {
      for (const probe of c.probes) {
        const name = portName(probe.port);
        // grpc ports are numbers only; numeric strings and template placeholders (${PORT}, {{ }}) are not names.
        if (!probe.port || probe.handler === 'grpc' || name === undefined || !/^[A-Za-z0-9-]+$/.test(name) || /^\d+$/.test(name)) continue;
        const cname = typeof c.name?.value === 'string' ? c.name.value : '(unnamed)';
        const named = c.ports.find((p) => portName(p.name) === name);
        if (named && named.protocol !== 'TCP') {
          // Every probe handler connects over TCP; a UDP/SCTP-only port never answers.
          ctx.report({
            span: spanOf(probe.port),
            message: `The ${probe.kind} (${probe.handler}) of container ${cname} uses port "${name}", which is a ${named.protocol} port (containerPort ${portNumber(named.containerPort) ?? '?'}); probes connect over TCP, so the probe fails every time. Probe a TCP port, or use an exec probe.`,
            related: [{ uri: o.uri, span: spanOf(named.protocolScalar) ?? spanOf(named), message: `port ${name} is ${named.protocol}` }],
          });
          continue;
        }
        if (named) continue;
        const declared = c.ports
          .filter((p) => portName(p.name) !== undefined)
          .map((p) => `${portName(p.name)} (${portNumber(p.containerPort) ?? '?'})`);
        const elsewhere = o.template.containers.find((other) => other !== c && other.ports.some((p) => portName(p.name) === name));
        ctx.report({
          span: spanOf(probe.port),
          message: `The ${probe.kind} (${probe.handler}) of container ${cname} uses port "${name}", but container ${cname} declares no port with that name (${declared.length ? `its named ports: ${declared.join(', ')}` : 'it has no named ports'}). The probe fails every time${probe.kind === 'livenessProbe' ? ', so the container is restarted over and over' : probe.kind === 'readinessProbe' ? ', so the Pod never becomes Ready and gets no Service traffic' : ', so the container never starts'}.${elsewhere ? ` Container ${typeof elsewhere.name?.value === 'string' ? elsewhere.name.value : '(unnamed)'} declares it, but a probe's port name resolves only within its own container.` : ''} Use a declared port name or the port number, or add a port named ${name} to the container.`,
        });
      }
    }
  },
};
