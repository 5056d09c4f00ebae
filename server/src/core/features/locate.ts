/**
 * "What model element is at this offset?" — shared by definition, references, rename, hover,
 * completion. Pure and total: answers `undefined` for anything it does not understand.
 *
 * The API is additive: new `Located` kinds may be added; existing ones keep their shape.
 */
import {
  nameSpanOf,
  isGateway,
  isNetworkPolicy,
  isRoute,
  type BackendRef,
  type Gateway,
  type Listener,
  type NetworkPolicy,
  type ParentRef,
  type PolicyPort,
  type Route,
  isEndpoints,
  isEndpointSlice,
  isIngress,
  isService,
  isWorkload,
  type Container,
  type ContainerPort,
  type EndpointPort,
  type EndpointSlice,
  type EndpointSubset,
  type Endpoints,
  type Ingress,
  type IngressBackend,
  type K8sObject,
  type LabelEntry,
  type Probe,
  type Service,
  type ServicePort,
  type Span,
  type Workload,
  spanOf,
  keySpanOf,
  valueSpanOf,
} from '../model/types';

export type ServicePortField = 'name' | 'port' | 'targetPort' | 'nodePort';
export type ContainerPortField = 'name' | 'containerPort' | 'hostPort';

export type Located =
  /** On a Service's `selector:` key or inside its map but not on one pair. */
  | { readonly kind: 'service-selector'; readonly service: Service; readonly span: Span }
  /** On one `key: value` pair of a Service selector. */
  | { readonly kind: 'service-selector-pair'; readonly service: Service; readonly entry: LabelEntry; readonly part: 'key' | 'value'; readonly span: Span }
  | { readonly kind: 'service-port'; readonly service: Service; readonly port: ServicePort; readonly field: ServicePortField; readonly span: Span }
  /** `metadata.name` of a Service. */
  | { readonly kind: 'service-name'; readonly service: Service; readonly span: Span }
  /** The `ports:` or `selector:` key of a Service's spec (`locateKey` only). */
  | { readonly kind: 'service-key'; readonly service: Service; readonly key: 'ports' | 'selector'; readonly span: Span }
  | { readonly kind: 'service-type'; readonly service: Service; readonly span: Span }
  | {
      readonly kind: 'container-port';
      readonly workload: Workload;
      readonly container: Container;
      readonly port: ContainerPort;
      readonly field: ContainerPortField;
      readonly span: Span;
    }
  /** A label of a pod template (or of a bare Pod). */
  | { readonly kind: 'template-label'; readonly workload: Workload; readonly entry: LabelEntry; readonly part: 'key' | 'value'; readonly span: Span }
  | { readonly kind: 'probe-port'; readonly workload: Workload; readonly container: Container; readonly probe: Probe; readonly span: Span }
  | { readonly kind: 'statefulset-service-name'; readonly workload: Workload; readonly span: Span }
  /** `metadata.name` of a workload. */
  | { readonly kind: 'workload-name'; readonly workload: Workload; readonly span: Span }
  | { readonly kind: 'ingress-backend'; readonly ingress: Ingress; readonly backend: IngressBackend; readonly field: 'serviceName' | 'servicePort'; readonly span: Span }
  /** `metadata.name` of an Endpoints object (it names its Service). */
  | { readonly kind: 'endpoints-name'; readonly endpoints: Endpoints; readonly span: Span }
  | {
      readonly kind: 'endpoints-port';
      readonly endpoints: Endpoints;
      readonly subset: EndpointSubset;
      readonly port: EndpointPort;
      readonly field: 'name' | 'port';
      readonly span: Span;
    }
  /** The `kubernetes.io/service-name` label value of an EndpointSlice. */
  | { readonly kind: 'endpointslice-service'; readonly slice: EndpointSlice; readonly span: Span }
  | { readonly kind: 'endpointslice-port'; readonly slice: EndpointSlice; readonly port: EndpointPort; readonly field: 'name' | 'port'; readonly span: Span }
  /** A backendRef of a Gateway API route (its name, namespace or port). */
  | { readonly kind: 'route-backend'; readonly route: Route; readonly ruleIndex: number; readonly backendRef: BackendRef; readonly field: 'name' | 'namespace' | 'port'; readonly span: Span }
  /** A parentRef of a route (its name, sectionName or port). */
  | { readonly kind: 'route-parent'; readonly route: Route; readonly parentRef: ParentRef; readonly field: 'name' | 'sectionName' | 'port'; readonly span: Span }
  /** `metadata.name` of a route. */
  | { readonly kind: 'route-name'; readonly route: Route; readonly span: Span }
  /** A listener of a Gateway (its name, port, protocol or hostname), or the Gateway's name (`listener` undefined). */
  | { readonly kind: 'gateway-listener'; readonly gateway: Gateway; readonly listener: Listener | undefined; readonly span: Span }
  /** A NetworkPolicy's name or podSelector. */
  | { readonly kind: 'network-policy'; readonly policy: NetworkPolicy; readonly part: 'name' | 'podSelector'; readonly span: Span }
  /** A port of a NetworkPolicy rule. */
  | { readonly kind: 'network-policy-port'; readonly policy: NetworkPolicy; readonly direction: 'Ingress' | 'Egress'; readonly ruleIndex: number; readonly port: PolicyPort; readonly span: Span };

export type LocatedKind = Located['kind'];

/** Inclusive at both ends, so a cursor just after a word still counts (as editors place it). */
export function spanContains(span: Span | undefined, offset: number): span is Span {
  return span !== undefined && offset >= span.start && offset <= span.end;
}

/** The object of `objects` whose mapping (else whose document) contains `offset`. */
export function objectAt(objects: readonly K8sObject[], offset: number): K8sObject | undefined {
  let best: K8sObject | undefined;
  for (const o of objects) {
    if (spanContains(o.span, offset)) {
      if (!best || o.span.end - o.span.start < best.span.end - best.span.start) best = o;
    }
  }
  if (best) return best;
  return objects.find((o) => spanContains(o.documentSpan, offset));
}

/**
 * The span of a mapping key `key` written just before `valueStart` (`key:` then spaces/newlines),
 * when `text` is known. Used for keys the model does not keep (e.g. `selector:`).
 */
export function keyBefore(text: string | undefined, valueStart: number, key: string): Span | undefined {
  if (text === undefined) return undefined;
  const from = Math.max(0, valueStart - key.length - 400);
  const before = text.slice(from, valueStart);
  const m = new RegExp(`(?:^|[\\s{,])(${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')})\\s*:[ \\t]*(?:#[^\\n]*)?[\\s]*$`).exec(before);
  if (!m) return undefined;
  const start = from + m.index + m[0].indexOf(m[1]!);
  return { start, end: start + key.length };
}

/**
 * The wiring field whose KEY is at `offset` (`port` in `- port: 8222`, `containerPort`, an Ingress
 * backend's `service:` / `port:` / `number:`, …), as the `Located` of its value with the key's
 * span; a Service's `ports:` and `selector:` keys are `service-key`. People hover the word they
 * read; features that act on values (rename, definition) keep using `locate`. Needs the text.
 */
export function locateKey(objects: readonly K8sObject[], offset: number, text: string | undefined): Located | undefined {
  if (text === undefined) return undefined;
  const o = objectAt(objects, offset);
  if (!o) return undefined;
  /** The span of `key` before a value, when `offset` is on it (values start at most a few hundred characters after their key). */
  const keyAt = (valueStart: number | undefined, ...keys: string[]): Span | undefined => {
    if (valueStart === undefined || valueStart < offset || valueStart - offset > 400) return undefined;
    for (const key of keys) {
      const k = keyBefore(text, valueStart, key);
      if (spanContains(k, offset)) return k;
    }
    return undefined;
  };
  try {
    if (isService(o)) {
      if (spanContains(o.portsKeySpan, offset)) return { kind: 'service-key', service: o, key: 'ports', span: o.portsKeySpan };
      const sel = o.selector ? keyAt(o.selector.start, 'selector') : undefined;
      if (sel) return { kind: 'service-key', service: o, key: 'selector', span: sel };
      for (const port of o.ports) {
        for (const field of ['name', 'port', 'targetPort', 'nodePort'] as const) {
          const k = keyAt(port[field]?.start, field);
          if (k) return { kind: 'service-port', service: o, port, field, span: k };
        }
      }
    } else if (isWorkload(o)) {
      const sn = keyAt(o.serviceName?.start, 'serviceName');
      if (sn) return { kind: 'statefulset-service-name', workload: o, span: sn };
      for (const container of o.template?.containers ?? []) {
        if (!spanContains(spanOf(container), offset)) continue;
        for (const port of container.ports) {
          for (const field of ['name', 'containerPort', 'hostPort'] as const) {
            const k = keyAt(port[field]?.start, field);
            if (k) return { kind: 'container-port', workload: o, container, port, field, span: k };
          }
        }
        for (const probe of container.probes) {
          const k = keyAt(probe.port?.start, 'port');
          if (k) return { kind: 'probe-port', workload: o, container, probe, span: k };
        }
      }
    } else if (isIngress(o)) {
      for (const backend of o.backends) {
        // The `service:` key may sit just before the backend's span.
        if (offset < backend.span.start - 400 || offset > backend.span.end) continue;
        const v1 = backend.form === 'v1';
        const nameKey = keyAt(backend.serviceName?.start, v1 ? 'name' : 'serviceName');
        if (nameKey) return { kind: 'ingress-backend', ingress: o, backend, field: 'serviceName', span: nameKey };
        const portKey = keyAt(backend.servicePort?.start, ...(v1 ? ['number', 'name'] : ['servicePort']));
        if (portKey) return { kind: 'ingress-backend', ingress: o, backend, field: 'servicePort', span: portKey };
        if (v1) {
          // `port:` holds `number:`/`name:`; `service:` holds `name:` and `port:` (either may come first).
          const valueKey = backend.servicePort ? keyBefore(text, backend.servicePort.start, 'number') ?? keyBefore(text, backend.servicePort.start, 'name') : undefined;
          const port = keyAt(valueKey?.start, 'port');
          if (port) return { kind: 'ingress-backend', ingress: o, backend, field: 'servicePort', span: port };
          const firstKey = [backend.serviceName ? keyBefore(text, backend.serviceName.start, 'name') : undefined, valueKey ? keyBefore(text, valueKey.start, 'port') : undefined];
          for (const k of firstKey) {
            const service = keyAt(k?.start, 'service');
            if (service) return { kind: 'ingress-backend', ingress: o, backend, field: 'serviceName', span: service };
          }
        }
      }
    } else if (isEndpoints(o)) {
      for (const subset of o.subsets) {
        for (const port of subset.ports) {
          for (const field of ['name', 'port'] as const) {
            const k = keyAt(port[field]?.start, field);
            if (k) return { kind: 'endpoints-port', endpoints: o, subset, port, field, span: k };
          }
        }
      }
    } else if (isEndpointSlice(o)) {
      for (const port of o.ports) {
        for (const field of ['name', 'port'] as const) {
          const k = keyAt(port[field]?.start, field);
          if (k) return { kind: 'endpointslice-port', slice: o, port, field, span: k };
        }
      }
    }
  } catch {
    return undefined;
  }
  return undefined;
}

/** What is at `offset` of a file whose objects are `objects` (and, optionally, text `text`). */
export function locate(objects: readonly K8sObject[], offset: number, text?: string): Located | undefined {
  const o = objectAt(objects, offset);
  if (!o) return undefined;
  try {
    if (isService(o)) return locateInService(o, offset, text);
    if (isWorkload(o)) return locateInWorkload(o, offset);
    if (isIngress(o)) return locateInIngress(o, offset);
    if (isEndpoints(o)) return locateInEndpoints(o, offset);
    if (isEndpointSlice(o)) return locateInSlice(o, offset);
    if (isRoute(o)) return locateInRoute(o, offset);
    if (isGateway(o)) return locateInGateway(o, offset);
    if (isNetworkPolicy(o)) return locateInPolicy(o, offset);
  } catch {
    return undefined;
  }
  return undefined;
}

function locateInService(service: Service, offset: number, text: string | undefined): Located | undefined {
  const nameSpan = nameSpanOf(service);
  if (spanContains(nameSpan, offset)) return { kind: 'service-name', service, span: nameSpan };
  if (spanContains(service.typeScalar, offset)) return { kind: 'service-type', service, span: spanOf(service.typeScalar) };
  const sel = service.selector;
  if (sel) {
    for (const entry of sel.entries) {
      if (spanContains(keySpanOf(entry), offset)) return { kind: 'service-selector-pair', service, entry, part: 'key', span: keySpanOf(entry) };
      if (spanContains(valueSpanOf(entry), offset)) return { kind: 'service-selector-pair', service, entry, part: 'value', span: valueSpanOf(entry) };
    }
    const key = keyBefore(text, sel.start, 'selector');
    if (spanContains(key, offset)) return { kind: 'service-selector', service, span: key };
    if (spanContains(spanOf(sel), offset)) return { kind: 'service-selector', service, span: spanOf(sel) };
  }
  for (const port of service.ports) {
    if (!spanContains(spanOf(port), offset)) continue;
    for (const field of ['name', 'port', 'targetPort', 'nodePort'] as const) {
      const s = port[field];
      if (spanContains(s, offset)) return { kind: 'service-port', service, port, field, span: spanOf(s) };
    }
  }
  return undefined;
}

function locateInWorkload(workload: Workload, offset: number): Located | undefined {
  const nameSpan = nameSpanOf(workload);
  if (spanContains(nameSpan, offset)) return { kind: 'workload-name', workload, span: nameSpan };
  if (spanContains(workload.serviceName, offset)) {
    return { kind: 'statefulset-service-name', workload, span: spanOf(workload.serviceName) };
  }
  const t = workload.template;
  if (!t) return undefined;
  for (const entry of t.labels?.entries ?? []) {
    if (spanContains(keySpanOf(entry), offset)) return { kind: 'template-label', workload, entry, part: 'key', span: keySpanOf(entry) };
    if (spanContains(valueSpanOf(entry), offset)) return { kind: 'template-label', workload, entry, part: 'value', span: valueSpanOf(entry) };
  }
  for (const container of t.containers) {
    if (!spanContains(spanOf(container), offset)) continue;
    for (const port of container.ports) {
      if (!spanContains(spanOf(port), offset)) continue;
      for (const field of ['name', 'containerPort', 'hostPort'] as const) {
        const s = port[field];
        if (spanContains(s, offset)) return { kind: 'container-port', workload, container, port, field, span: spanOf(s) };
      }
    }
    for (const probe of container.probes) {
      if (spanContains(probe.port, offset)) return { kind: 'probe-port', workload, container, probe, span: spanOf(probe.port) };
    }
  }
  return undefined;
}

function locateInIngress(ingress: Ingress, offset: number): Located | undefined {
  for (const backend of ingress.backends) {
    if (!spanContains(backend.span, offset)) continue;
    if (spanContains(backend.serviceName, offset)) return { kind: 'ingress-backend', ingress, backend, field: 'serviceName', span: spanOf(backend.serviceName) };
    if (spanContains(backend.servicePort, offset)) return { kind: 'ingress-backend', ingress, backend, field: 'servicePort', span: spanOf(backend.servicePort) };
  }
  return undefined;
}

function locateInEndpoints(endpoints: Endpoints, offset: number): Located | undefined {
  const nameSpan = nameSpanOf(endpoints);
  if (spanContains(nameSpan, offset)) return { kind: 'endpoints-name', endpoints, span: nameSpan };
  for (const subset of endpoints.subsets) {
    if (!spanContains(subset.span, offset)) continue;
    for (const port of subset.ports) {
      if (spanContains(port.name, offset)) return { kind: 'endpoints-port', endpoints, subset, port, field: 'name', span: spanOf(port.name) };
      if (spanContains(port.port, offset)) return { kind: 'endpoints-port', endpoints, subset, port, field: 'port', span: spanOf(port.port) };
    }
  }
  return undefined;
}

function locateInSlice(slice: EndpointSlice, offset: number): Located | undefined {
  if (spanContains(slice.serviceName, offset)) return { kind: 'endpointslice-service', slice, span: spanOf(slice.serviceName) };
  for (const port of slice.ports) {
    if (spanContains(port.name, offset)) return { kind: 'endpointslice-port', slice, port, field: 'name', span: spanOf(port.name) };
    if (spanContains(port.port, offset)) return { kind: 'endpointslice-port', slice, port, field: 'port', span: spanOf(port.port) };
  }
  return undefined;
}

function locateInRoute(route: Route, offset: number): Located | undefined {
  const nameSpan = nameSpanOf(route);
  if (spanContains(nameSpan, offset)) return { kind: 'route-name', route, span: nameSpan };
  for (const parentRef of route.parentRefs) {
    if (!spanContains(parentRef.span, offset)) continue;
    for (const field of ['name', 'sectionName', 'port'] as const) {
      const s = parentRef[field];
      if (spanContains(s, offset)) return { kind: 'route-parent', route, parentRef, field, span: spanOf(s) };
    }
  }
  for (let ruleIndex = 0; ruleIndex < route.rules.length; ruleIndex++) {
    const rule = route.rules[ruleIndex]!;
    if (!spanContains(rule.span, offset)) continue;
    for (const backendRef of rule.backendRefs) {
      if (!spanContains(backendRef.span, offset)) continue;
      if (spanContains(backendRef.name, offset)) return { kind: 'route-backend', route, ruleIndex, backendRef, field: 'name', span: spanOf(backendRef.name) };
      if (spanContains(backendRef.namespaceScalar, offset)) return { kind: 'route-backend', route, ruleIndex, backendRef, field: 'namespace', span: spanOf(backendRef.namespaceScalar) };
      if (spanContains(backendRef.port, offset)) return { kind: 'route-backend', route, ruleIndex, backendRef, field: 'port', span: spanOf(backendRef.port) };
    }
  }
  return undefined;
}

function locateInGateway(gateway: Gateway, offset: number): Located | undefined {
  const nameSpan = nameSpanOf(gateway);
  if (spanContains(nameSpan, offset)) return { kind: 'gateway-listener', gateway, listener: undefined, span: nameSpan };
  for (const listener of gateway.listeners) {
    if (!spanContains(listener.span, offset)) continue;
    for (const s of [spanOf(listener.name), spanOf(listener.port), spanOf(listener.protocolScalar), spanOf(listener.hostname)]) {
      if (spanContains(s, offset)) return { kind: 'gateway-listener', gateway, listener, span: s };
    }
  }
  return undefined;
}

function locateInPolicy(policy: NetworkPolicy, offset: number): Located | undefined {
  const nameSpan = nameSpanOf(policy);
  if (spanContains(nameSpan, offset)) return { kind: 'network-policy', policy, part: 'name', span: nameSpan };
  for (const direction of ['Ingress', 'Egress'] as const) {
    const rules = direction === 'Ingress' ? policy.ingress : policy.egress;
    for (let ruleIndex = 0; ruleIndex < rules.length; ruleIndex++) {
      const rule = rules[ruleIndex]!;
      if (!spanContains(rule.span, offset)) continue;
      for (const port of rule.ports) {
        if (spanContains(port.port, offset)) return { kind: 'network-policy-port', policy, direction, ruleIndex, port, span: spanOf(port.port) };
      }
    }
  }
  if (policy.podSelector && spanContains(policy.podSelector.span, offset)) return { kind: 'network-policy', policy, part: 'podSelector', span: policy.podSelector.span };
  return undefined;
}
