/**
 * The outline of a manifest file: `Kind name` per object, its ports as children.
 */
import { portName, portNumber } from '../model/ports';
import { nameOrKindSpanOf, isGateway, isService, isWorkload, type K8sObject, type Span, spanOf } from '../model/types';

export type OutlineKind = 'object' | 'workload' | 'service' | 'container' | 'port' | 'ingress' | 'endpoints';

export interface OutlineNode {
  readonly name: string;
  readonly detail: string;
  readonly kind: OutlineKind;
  readonly span: Span;
  readonly selectionSpan: Span;
  readonly children: readonly OutlineNode[];
}

function contains(outer: Span, inner: Span): Span {
  return inner.start >= outer.start && inner.end <= outer.end ? inner : { start: outer.start, end: outer.start };
}

function formatPortValue(v: { value: unknown } | undefined): string {
  if (!v) return '';
  return v.value === null || v.value === undefined ? '' : String(v.value);
}

export function objectSymbol(o: K8sObject): OutlineNode {
  const name = `${o.kind} ${o.name || '(unnamed)'}`;
  const selectionSpan = contains(o.span, nameOrKindSpanOf(o));
  const children: OutlineNode[] = [];
  if (isService(o)) {
    for (const p of o.ports) {
      const n = portName(p.name);
      const parts = [`port ${formatPortValue(p.port)}`];
      if (p.targetPort) parts.push(`targetPort ${formatPortValue(p.targetPort)}`);
      if (portNumber(p.nodePort)) parts.push(`nodePort ${formatPortValue(p.nodePort)}`);
      children.push({
        name: n ? `${n} ${formatPortValue(p.port)}/${p.protocol}` : `${formatPortValue(p.port)}/${p.protocol}`,
        detail: parts.join(' → '),
        kind: 'port',
        span: contains(o.span, spanOf(p)),
        selectionSpan: contains(spanOf(p), spanOf(p.port) ?? spanOf(p)),
        children: [],
      });
    }
  } else if (isWorkload(o)) {
    for (const c of o.template?.containers ?? []) {
      const ports = c.ports.map((p) => ({
        name: `${portName(p.name) ? `${portName(p.name)} ` : ''}${formatPortValue(p.containerPort)}/${p.protocol}`,
        detail: portNumber(p.hostPort) ? `containerPort, hostPort ${formatPortValue(p.hostPort)}` : 'containerPort',
        kind: 'port' as const,
        span: contains(o.span, spanOf(p)),
        selectionSpan: contains(spanOf(p), spanOf(p.containerPort) ?? spanOf(p)),
        children: [],
      }));
      children.push({
        name: String(c.name?.value ?? '(unnamed container)'),
        detail: c.section === 'initContainers' ? 'init container' : 'container',
        kind: 'container',
        span: contains(o.span, spanOf(c)),
        selectionSpan: contains(spanOf(c), spanOf(c.name) ?? spanOf(c)),
        children: ports,
      });
    }
  } else if (isGateway(o)) {
    for (const l of o.listeners) {
      children.push({
        name: `${typeof l.name?.value === 'string' ? `${l.name.value} ` : ''}${formatPortValue(l.port)}/${l.protocol || '?'}`,
        detail: `listener${l.hostname ? ` ${l.hostname.value}` : ''}`,
        kind: 'port',
        span: contains(o.span, l.span),
        selectionSpan: contains(l.span, spanOf(l.name) ?? l.span),
        children: [],
      });
    }
  }
  const kind: OutlineKind = isService(o) ? 'service' : isWorkload(o) ? 'workload' : o.kind === 'Ingress' ? 'ingress' : o.kind.startsWith('Endpoint') ? 'endpoints' : 'object';
  return { name, detail: o.namespace, kind, span: o.span, selectionSpan, children };
}

export function documentSymbols(objects: readonly K8sObject[]): OutlineNode[] {
  return objects.map(objectSymbol);
}
