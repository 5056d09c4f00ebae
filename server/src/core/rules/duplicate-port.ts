import { portName, portNumber } from '../model/ports';
import { isService, isWorkload, type Span, spanOf } from '../model/types';
import type { Rule, RuleContext } from './rule';

/** Reports every repeat of a key after its first occurrence. */
function repeats<T>(ctx: RuleContext, items: readonly T[], key: (t: T) => string | undefined, span: (t: T) => Span, message: (t: T, first: T) => string, firstSpan: (t: T) => Span, uri: string): void {
  const seen = new Map<string, T>();
  for (const t of items) {
    const k = key(t);
    if (k === undefined) continue;
    const first = seen.get(k);
    if (first === undefined) seen.set(k, t);
    else ctx.report({ span: span(t), message: message(t, first), related: [{ uri, span: firstSpan(first), message: 'first used here' }] });
  }
}

/**
 * The same (protocol, port), the same name or the same (protocol, nodePort) twice in one
 * Service; the same port name twice in one container. The API server rejects all of them.
 */
export const duplicatePort: Rule = {
  id: 'duplicate-port',
  defaultSeverity: 'error',
  description: 'The same port, port name or nodePort twice in one Service, or the same port name twice in one container.',
  check(o, ctx) {
    if (isService(o)) {
      const ports = o.ports;
      repeats(
        ctx,
        ports,
        (p) => (portNumber(p.port) !== undefined ? `${p.protocol}/${portNumber(p.port)}` : undefined),
        (p) => spanOf(p.port!),
        (p, f) => `Port ${portNumber(p.port)}/${p.protocol} is listed twice in Service ${o.name} (also ${portName(f.name) ? `"${portName(f.name)}"` : `port #${f.index + 1}`}): the API server rejects the Service. Give this port its own number, or remove it.`,
        (p) => spanOf(p.port!),
        o.uri,
      );
      repeats(
        ctx,
        ports,
        (p) => portName(p.name) || undefined,
        (p) => spanOf(p.name!),
        (p) => `Port name "${portName(p.name)}" is used twice in Service ${o.name}: names must be unique within a Service. Rename one (e.g. "${portName(p.name)}-${portNumber(p.port) ?? 2}").`,
        (p) => spanOf(p.name!),
        o.uri,
      );
      repeats(
        ctx,
        ports,
        (p) => (portNumber(p.nodePort) ? `${p.protocol}/${portNumber(p.nodePort)}` : undefined),
        (p) => spanOf(p.nodePort!),
        (p) => `nodePort ${portNumber(p.nodePort)}/${p.protocol} is used twice in Service ${o.name}: each port needs its own nodePort. Change one, or remove it to let Kubernetes allocate one.`,
        (p) => spanOf(p.nodePort!),
        o.uri,
      );
    } else if (isWorkload(o)) {
      for (const c of o.template?.containers ?? []) {
        const container = typeof c.name?.value === 'string' ? c.name.value : '(unnamed)';
        repeats(
          ctx,
          c.ports,
          (p) => portName(p.name) || undefined,
          (p) => spanOf(p.name!),
          (p, f) => `Port name "${portName(p.name)}" is used twice in container ${container} (containerPort ${String(f.containerPort?.value ?? '?')} and ${String(p.containerPort?.value ?? '?')}): names must be unique within a container, and a named targetPort could only reach the first. Rename one.`,
          (p) => spanOf(p.name!),
          o.uri,
        );
      }
    }
  },
};
