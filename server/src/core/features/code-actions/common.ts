/**
 * Helpers shared by the code actions: what the cursor is on, which diagnostics an object
 * carries, free node ports, port naming, and new manifests (Service, Endpoints) as plain values.
 */
import type { YamlValue } from '../../edits/emit';
import type { TextEdit } from '../../edits/text-edit';
import { labelValue } from '../../model/labels';
import { isDns1123Label, isIanaServiceName, portName, portNumber, servingContainers } from '../../model/ports';
import { isService, isWorkload, type K8sObject, type Service, type ServicePort, type Span, type Workload, spanOf } from '../../model/types';
import type { ActionDiagnostic, CodeActionContext } from './types';

export function contains(outer: Span, inner: Span): boolean {
  return inner.start >= outer.start && inner.end <= outer.end;
}

export function overlaps(a: Span, b: Span): boolean {
  return a.start <= b.end && b.start <= a.end;
}

/** Objects of the request's file under the cursor/selection. */
export function objectsAt(ctx: CodeActionContext): K8sObject[] {
  return ctx.objectsOf(ctx.uri).filter((o) => overlaps(o.span, ctx.span));
}

export function servicesAt(ctx: CodeActionContext): Service[] {
  return objectsAt(ctx).filter(isService);
}

export function workloadsAt(ctx: CodeActionContext): Workload[] {
  return objectsAt(ctx).filter(isWorkload);
}

/** The request's diagnostics with one of `codes` inside `span`. */
export function diagnosticsIn(ctx: CodeActionContext, codes: readonly string[], span: Span): ActionDiagnostic[] {
  return ctx.diagnostics.filter((d) => codes.includes(d.code) && overlaps(span, d.span));
}

/** A Service port that the diagnostic (or the cursor) is on. */
export function portAt(s: Service, span: Span): ServicePort | undefined {
  return s.ports.find((p) => overlaps(spanOf(p), span));
}

export function edits(uri: string, list: readonly (TextEdit | undefined)[]): Record<string, TextEdit[]> | undefined {
  if (list.some((e) => e === undefined)) return undefined;
  return { [uri]: list as TextEdit[] };
}

/** The lowest node ports in the configured range that no Service of the workspace uses for `protocol`. */
export function freeNodePorts(ctx: CodeActionContext, protocol: string, count: number, taken: Set<number> = new Set()): number[] {
  const used = ctx.index.usedNodePorts(protocol);
  const out: number[] = [];
  const { min, max } = ctx.settings.nodePortRange;
  for (let n = min; n <= max && out.length < count; n++) {
    if (!used.has(n) && !taken.has(n)) {
      out.push(n);
      taken.add(n);
    }
  }
  return out;
}

/** A name for a Service port: `http`, `https`, `grpc`, else `<protocol>-<port>`. */
export function suggestPortName(p: { port: number; protocol: string; appProtocol?: string | undefined; targetName?: string | undefined }, taken: Set<string>): string {
  const proto = p.protocol.toLowerCase();
  const app = (p.appProtocol ?? '').toLowerCase();
  let name: string | undefined;
  if (proto === 'tcp') {
    if (app === 'grpc' || app === 'kubernetes.io/h2c' || p.port === 50051 || p.targetName === 'grpc') name = 'grpc';
    else if (app === 'https' || p.port === 443 || p.port === 8443 || p.targetName === 'https') name = 'https';
    else if (app === 'http' || p.port === 80 || p.port === 8080 || p.targetName === 'http') name = 'http';
  }
  if (!name || taken.has(name)) name = `${proto}-${p.port}`;
  let unique = name;
  for (let i = 2; taken.has(unique); i++) unique = `${name}-${i}`;
  taken.add(unique);
  return unique;
}

/** The pod-template labels a new Service should select: those the workload's own selector uses. */
export function selectorFor(w: Workload): Record<string, string> | undefined {
  const labels = w.template?.labels;
  if (!labels || labels.entries.length === 0) return undefined;
  const out: Record<string, string> = {};
  const matchLabels = w.selector?.matchLabels?.entries ?? [];
  if (w.selector && matchLabels.length > 0) {
    for (const e of matchLabels) {
      const v = labelValue(labels, e.key);
      if (v === undefined) return undefined;
      out[e.key] = v;
    }
  } else if (w.selector && w.selector.matchExpressions.length > 0) {
    return undefined; // set-based selectors have no Service equivalent (kubectl expose refuses too)
  } else {
    for (const e of labels.entries) out[e.key] = e.value;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** Service ports mirroring a workload's container ports (as `kubectl expose` does). */
export function servicePortsFor(w: Workload): Record<string, YamlValue>[] {
  const seen = new Set<string>();
  const raw: { name: string | undefined; port: number; protocol: string }[] = [];
  for (const c of w.template ? servingContainers(w.template) : []) {
    for (const p of c.ports) {
      const n = portNumber(p.containerPort);
      if (n === undefined || n < 1 || n > 65535) continue;
      const key = `${p.protocol}/${n}`;
      if (seen.has(key) || !['TCP', 'UDP', 'SCTP'].includes(p.protocol)) continue;
      seen.add(key);
      raw.push({ name: portName(p.name), port: n, protocol: p.protocol });
    }
  }
  // Container port names usable as targetPort (IANA) and as Service port names (unique DNS labels).
  const counts = new Map<string, number>();
  for (const r of raw) if (r.name) counts.set(r.name, (counts.get(r.name) ?? 0) + 1);
  const ok = (name: string | undefined): name is string => !!name && isIanaServiceName(name) && isDns1123Label(name) && counts.get(name) === 1;
  const taken = new Set<string>();
  for (const r of raw) if (ok(r.name)) taken.add(r.name);
  return raw.map((r) => {
    const port: Record<string, YamlValue> = {};
    const usable = ok(r.name) ? r.name : undefined;
    if (raw.length > 1) port.name = usable ?? suggestPortName({ port: r.port, protocol: r.protocol }, taken);
    else if (usable) port.name = usable;
    port.port = r.port;
    port.targetPort = usable ?? r.port;
    if (r.protocol !== 'TCP') port.protocol = r.protocol;
    return port;
  });
}

/** metadata for a new object next to `o`: its name, and its namespace when `o` declares one. */
export function metadataLike(o: K8sObject, name: string, extra: Record<string, YamlValue> = {}): Record<string, YamlValue> {
  return { name, ...(o.declaredNamespace ? { namespace: o.declaredNamespace.value } : {}), ...extra };
}

export function describe(o: { kind: string; name: string }): string {
  return `${o.kind} ${o.name || '(unnamed)'}`;
}
