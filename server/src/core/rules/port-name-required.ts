import { portName, portNumber } from '../model/ports';
import { isService, type ServicePort, spanOf } from '../model/types';
import type { Rule } from './rule';

const COMMON: Record<number, string> = { 80: 'http', 8080: 'http', 443: 'https', 8443: 'https', 53: 'dns', 9090: 'metrics', 9100: 'metrics', 5432: 'postgres', 3306: 'mysql', 6379: 'redis', 27017: 'mongodb', 9092: 'kafka', 50051: 'grpc', 2181: 'client' };

function suggestName(p: ServicePort, used: Set<string | undefined>): string {
  const t = p.targetPort?.value;
  const n = portNumber(p.port);
  const candidates = [typeof t === 'string' ? t : undefined, n !== undefined ? COMMON[n] : undefined, n !== undefined ? `port-${n}` : undefined, `port-${p.index + 1}`];
  const name = candidates.find((c) => c && !used.has(c))!;
  used.add(name);
  return name;
}

/** A Service with more than one port must name every one of them. */
export const portNameRequired: Rule = {
  id: 'port-name-required',
  defaultSeverity: 'error',
  description: 'A Service with more than one port has a port without a name.',
  check(o, ctx) {
    if (!isService(o) || o.ports.length < 2) return;
    const unnamed = o.ports.filter((p) => !portName(p.name) && !(p.name && p.name.value !== null && p.name.value !== '')); // non-string names: invalid-port-name
    if (unnamed.length === 0) return;
    const first = unnamed[0]!;
    const label = (p: ServicePort) => (p.port?.value !== undefined && p.port.value !== null ? `${String(p.port.value)}/${p.protocol}` : `#${p.index + 1}`);
    const list = unnamed.map(label);
    const used = new Set(o.ports.map((p) => portName(p.name)).filter(Boolean));
    const fix = unnamed.map((p) => `name: ${suggestName(p, used)} on port ${label(p)}`);
    ctx.report({
      span: spanOf(first.port) ?? spanOf(first.name) ?? spanOf(first),
      message: `Service ${o.name} has ${o.ports.length} ports, so every port needs a name, and ${unnamed.length === 1 ? `port ${list[0]} has` : `ports ${list.join(', ')} have`} none: the API server rejects the Service. Add ${fix.join(', ')} (lowercase letters, digits and "-", unique in this Service).`,
    });
  },
};
