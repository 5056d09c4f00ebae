/**
 * Port values and names: what the API server accepts, and how a Service's targetPort resolves to
 * a container port on one Pod (the endpoints controller's FindPort).
 */
import type { Container, ContainerPort, PodTemplate, PortValue, ServicePort } from './types';

/** A port number as written, when it is one (an integer, not a quoted string). */
export function portNumber(v: PortValue | undefined): number | undefined {
  if (!v) return undefined;
  return typeof v.value === 'number' && Number.isInteger(v.value) ? v.value : undefined;
}

/** A port name as written, when it is one (a string value). */
export function portName(v: PortValue | undefined): string | undefined {
  if (!v) return undefined;
  return typeof v.value === 'string' ? v.value : undefined;
}

export function isValidPortNumber(n: number): boolean {
  return Number.isInteger(n) && n >= 1 && n <= 65535;
}

/** DNS-1123 label: Service port names. */
export function isDns1123Label(s: string): boolean {
  return s.length >= 1 && s.length <= 63 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(s);
}

/** IANA service name: container port names and string targetPorts. */
export function isIanaServiceName(s: string): boolean {
  return (
    s.length >= 1 &&
    s.length <= 15 &&
    /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(s) &&
    /[a-z]/.test(s) &&
    !s.includes('--')
  );
}

/** The target port of a Service port: `targetPort`, or `port` when absent, 0 or "". */
export type TargetPort =
  | { readonly kind: 'number'; readonly port: number; readonly defaulted: boolean }
  | { readonly kind: 'name'; readonly name: string }
  | { readonly kind: 'invalid' };

export function targetPortOf(sp: ServicePort): TargetPort {
  const t = sp.targetPort;
  const raw = t?.value;
  if (t === undefined || raw === null || raw === 0 || raw === '') {
    const port = portNumber(sp.port);
    return port === undefined ? { kind: 'invalid' } : { kind: 'number', port, defaulted: true };
  }
  if (typeof raw === 'number') return Number.isInteger(raw) ? { kind: 'number', port: raw, defaulted: false } : { kind: 'invalid' };
  if (typeof raw === 'string') return { kind: 'name', name: raw };
  return { kind: 'invalid' };
}

/** Containers whose ports serve traffic: regular containers and restartable init containers. */
export function servingContainers(t: PodTemplate): Container[] {
  return t.containers.filter((c) => c.section === 'containers' || c.restartable);
}

export interface ResolvedPort {
  readonly container: Container;
  readonly port: ContainerPort;
  /** The number traffic lands on. */
  readonly containerPort: number;
}

export type Resolution =
  /** Found a declared container port. */
  | { readonly kind: 'declared'; readonly target: ResolvedPort; readonly number: number }
  /** A number no container declares: traffic still goes there (the process may listen). */
  | { readonly kind: 'undeclared-number'; readonly number: number }
  /** A name no container declares with this protocol: no endpoint for this Pod. */
  | { readonly kind: 'unresolved-name'; readonly name: string; readonly otherProtocol: ResolvedPort | undefined }
  | { readonly kind: 'invalid' };

/**
 * Resolves a Service port on one pod template, as FindPort does: a name matches the first
 * container port with that name AND the Service port's protocol; a number is used as is.
 */
export function resolveTargetPort(sp: ServicePort, template: PodTemplate): Resolution {
  const target = targetPortOf(sp);
  const containers = servingContainers(template);
  if (target.kind === 'invalid') return { kind: 'invalid' };
  if (target.kind === 'name') {
    let otherProtocol: ResolvedPort | undefined;
    for (const container of containers) {
      for (const port of container.ports) {
        if (portName(port.name) !== target.name) continue;
        const n = portNumber(port.containerPort);
        if (port.protocol === sp.protocol) {
          return n === undefined ? { kind: 'invalid' } : { kind: 'declared', target: { container, port, containerPort: n }, number: n };
        }
        if (n !== undefined) otherProtocol ??= { container, port, containerPort: n };
      }
    }
    return { kind: 'unresolved-name', name: target.name, otherProtocol };
  }
  for (const container of containers) {
    for (const port of container.ports) {
      if (portNumber(port.containerPort) === target.port && port.protocol === sp.protocol) {
        return { kind: 'declared', target: { container, port, containerPort: target.port }, number: target.port };
      }
    }
  }
  return { kind: 'undeclared-number', number: target.port };
}

/** Every declared port of the serving containers. */
export function declaredPorts(t: PodTemplate): ResolvedPort[] {
  const out: ResolvedPort[] = [];
  for (const container of servingContainers(t)) {
    for (const port of container.ports) {
      const n = portNumber(port.containerPort);
      if (n !== undefined) out.push({ container, port, containerPort: n });
    }
  }
  return out;
}

/** Parses a node port range setting such as "30000-32767". */
export function parsePortRange(s: string | undefined): { min: number; max: number } {
  const m = /^\s*(\d+)\s*-\s*(\d+)\s*$/.exec(s ?? '');
  if (m) {
    const min = Number(m[1]);
    const max = Number(m[2]);
    if (isValidPortNumber(min) && isValidPortNumber(max) && min <= max) return { min, max };
  }
  return { min: 30000, max: 32767 };
}
