/**
 * `kube-ports explain [paths...] [--service <namespace>/<name>] [--format text|json]`: every
 * access path of every Service and where its traffic lands — the hover's facts
 * (core/features/access-paths.ts), as text or as the JSON contract (version 1).
 */
import { explainService, containerNameOf, describeEndpointPolicy, type AccessPath, type EndpointPolicy, type PortStory, type RouteWay, type ServiceStory } from '../core/features/access-paths';
import { listenerName } from '../core/model/gateway-api';
import { portName, portNumber, targetPortOf } from '../core/model/ports';
import type { Service } from '../core/model/types';
import { callsFrom, callsTo, referenceSpan, type ServiceCall } from '../core/references/service-references';
import { blockingPolicies, callPolicy, type CallPolicy } from '../core/references/call-policy';
import type { IndexView } from '../core/workspace/workspace-index';
import type { Settings } from '../core/settings';
import { inputExitCode } from './check';
import { loadPaths } from './load';
import type { CliRenderOptions } from './render';
import { Reporter } from './report';

export interface ExplainOptions {
  readonly format: 'text' | 'json';
  readonly only?: { namespace: string; name: string } | undefined;
  readonly allowEmpty: boolean;
  readonly readStdin?: () => Promise<string>;
  readonly render?: CliRenderOptions | undefined;
}

export interface ExplainResult {
  readonly output: string;
  readonly exitCode: 0 | 1 | 2;
  readonly errors: readonly string[];
}

export async function runExplain(paths: readonly string[], options: ExplainOptions, settings: Settings, cwd: string): Promise<ExplainResult> {
  const { format, only } = options;
  const loaded = await loadPaths(paths, settings, { readStdin: options.readStdin, render: options.render, cwd });
  const { workspace, errors, rendered } = loaded;
  if (rendered?.usage) return { output: '', exitCode: 2, errors: [rendered.usage] };
  const index = workspace.index;
  const services: Service[] = only ? [...index.servicesNamed(only.namespace, only.name)] : [...index.allServices()];
  const reporter = new Reporter(workspace, cwd);
  services.sort((a, b) => cmp(a.namespace, b.namespace) || cmp(a.name, b.name) || cmp(reporter.file(a.uri, a.span), reporter.file(b.uri, b.span)) || a.span.start - b.span.start);
  const stories = services.map((s) => explainService(workspace.indexFor(s.uri), s, settings));
  if (only && stories.length === 0) errors.push(`no Service ${only.namespace}/${only.name}`);
  const callers = new Map(services.map((s) => [s, callsTo(workspace.indexFor(s.uri), s, settings)] as const));
  const calls = only ? services.flatMap((s) => callers.get(s) ?? []) : allCalls(index, settings, reporter);
  const policyOf = (c: ServiceCall) => callPolicy(workspace.indexFor(c.caller.uri), c, settings);
  const output = format === 'json' ? formatJson(stories, reporter, callers, calls, policyOf) : formatText(stories, reporter, callers);
  if (rendered?.missing.length) return { output, exitCode: 2, errors: [...errors, ...rendered.missing.map((m) => `${m} (or pass --no-render to explain the plain files only)`)] };
  return { output, exitCode: inputExitCode(loaded, paths, options.allowEmpty, errors) ?? (only && stories.length === 0 ? 1 : 0), errors };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function line(r: Reporter, uri: string, offset: number): number {
  return r.range(uri, { start: offset, end: offset }).start.line;
}

function targetPortValue(story: PortStory): number | string | null {
  const t = targetPortOf(story.port);
  return t.kind === 'name' ? t.name : t.kind === 'number' ? t.port : null;
}

/** The app's call graph: every call of every workload, in file order. */
function allCalls(index: IndexView, settings: Settings, r: Reporter): ServiceCall[] {
  const workloads = [...index.allWorkloads()].sort((a, b) => cmp(r.file(a.uri, a.span.start), r.file(b.uri, b.span.start)) || a.span.start - b.span.start);
  return workloads.flatMap((w) => callsFrom(index, w, settings));
}

type PolicyOf = (c: ServiceCall) => CallPolicy | undefined;

/** The NetworkPolicy verdict of a call (null: not judged — no pod-template backends, or not `ok`). */
function callPolicyJson(cp: CallPolicy | undefined): Record<string, unknown> | null {
  if (!cp) return null;
  return {
    verdict: cp.verdict,
    blockedBy: cp.verdict === 'blocked' ? blockingPolicies(cp).map(({ policy, direction }) => ({ namespace: policy.namespace, name: policy.name, direction })) : [],
  };
}

function callJson(c: ServiceCall, r: Reporter, policyOf?: PolicyOf): Record<string, unknown> {
  const ref = c.reference;
  const at = ref.hostSpan ?? referenceSpan(ref);
  const target = ref.services[0];
  return {
    from: { kind: c.caller.kind, name: c.caller.name, namespace: c.caller.namespace, container: typeof c.container?.name?.value === 'string' ? c.container.name.value : null },
    to: ref.target && target ? { namespace: ref.target.namespace, name: ref.target.name, port: ref.servicePort ? (portNumber(ref.servicePort.port) ?? null) : null } : null,
    text: ref.text,
    port: ref.port ?? ref.portName ?? null,
    status: ref.status,
    site: ref.site.where,
    key: ref.site.key ?? null,
    file: r.file(ref.site.uri, at.start),
    line: line(r, ref.site.uri, at.start),
    ...(policyOf ? { policy: callPolicyJson(policyOf(c)) } : {}),
  };
}

export function formatJson(stories: readonly ServiceStory[], r: Reporter, callers: ReadonlyMap<Service, readonly ServiceCall[]> = new Map(), calls: readonly ServiceCall[] = [], policyOf?: PolicyOf): string {
  const json = {
    version: 1,
    calls: calls.map((c) => callJson(c, r, policyOf)),
    services: stories.map((s) => {
      const svc = s.service;
      const ip = svc.clusterIP?.value;
      return {
        namespace: svc.namespace,
        name: svc.name,
        type: svc.type,
        file: r.file(svc.uri, svc.nameStart ?? svc.span.start),
        line: line(r, svc.uri, svc.nameStart ?? svc.span.start),
        clusterIP: typeof ip === 'string' && ip !== '' && ip !== 'None' ? ip : null,
        headless: svc.headless,
        externalName: typeof svc.externalName?.value === 'string' ? svc.externalName.value : null,
        paths: s.paths.map(pathJson),
        ports: s.ports.map((p) => ({
          name: portName(p.port.name) ?? null,
          port: portNumber(p.port.port) ?? null,
          protocol: p.port.protocol,
          targetPort: svc.type === 'ExternalName' ? null : targetPortValue(p),
          nodePort: portNumber(p.port.nodePort) ?? null,
          paths: p.paths.map(pathJson),
          endpoints: p.endpoints.endpoints.flatMap((ep): Record<string, unknown>[] => {
            if (ep.source === 'workload') {
              if (!ep.address) return [];
              const w = ep.workload;
              return [
                {
                  kind: w.kind,
                  name: w.name,
                  namespace: w.namespace,
                  container: containerNameOf(ep) ?? null,
                  containerPort: ep.target?.containerPort ?? (ep.resolution.kind === 'undeclared-number' ? ep.resolution.number : null),
                  portName: ep.target ? (portName(ep.target.port.name) ?? null) : null,
                  replicas: ep.replicas ?? null,
                  address: ep.address,
                  file: r.file(w.uri, (w.template?.span ?? w.span).start),
                  line: line(r, w.uri, (w.template?.span ?? w.span).start),
                  ...(ep.alsoDefinedIn.length ? { alsoDefinedIn: ep.alsoDefinedIn.map((o) => ({ file: r.file(o.uri, (o.template?.span ?? o.span).start), line: line(r, o.uri, (o.template?.span ?? o.span).start) })) } : {}),
                },
              ];
            }
            return [
              {
                kind: ep.source,
                name: ep.object.name,
                namespace: ep.object.namespace,
                container: null,
                containerPort: null,
                portName: null,
                replicas: null,
                address: ep.address,
                ready: ep.ready,
                file: r.file(ep.object.uri, ep.span.start),
                line: line(r, ep.object.uri, ep.span.start),
              },
            ];
          }),
          routes: p.routes.flatMap((w) => routeJson(w, r)),
          policy: p.policies.map(policyJson),
          problems: p.endpoints.problems,
        })),
        callers: (callers.get(svc) ?? []).map((c) => callJson(c, r, policyOf)),
      };
    }),
  };
  return JSON.stringify(json, null, 2) + '\n';
}

function routeJson(w: RouteWay, r: Reporter): Record<string, unknown>[] {
  return w.urls.map((url) => ({
    url,
    kind: w.route.kind,
    namespace: w.route.namespace,
    name: w.route.name,
    via: w.via,
    gateway: w.parentRef.kind === 'Service' ? null : { namespace: w.parentRef.namespace, name: w.parentRef.name?.value ?? '', inWorkspace: w.gateway !== undefined },
    listener: w.listener ? (listenerName(w.listener) ?? null) : null,
    caveat: w.caveat ?? null,
    file: r.file(w.route.uri, w.backendRef.span.start),
    line: line(r, w.route.uri, w.backendRef.span.start),
  }));
}

function policyJson(e: EndpointPolicy): Record<string, unknown> {
  const d = describeEndpointPolicy(e);
  return {
    workload: { kind: e.workload.kind, name: e.workload.name },
    port: e.port,
    protocol: e.protocol,
    isolated: e.policy.isolated,
    closed: e.policy.closed,
    policies: e.policy.policies.map((p) => p.name),
    allowed: e.policy.allowed.map((a) => ({ policy: a.policy.name, peers: a.peers, certain: a.certain })),
    allowedWorkloads: e.allowedPeers.map((w) => ({ kind: w.kind, name: w.name })),
    blockedWorkloads: e.blockedPeers.map((w) => ({ kind: w.kind, name: w.name })),
    reachableFrom: d.reachable,
    blockedFor: d.blocked,
  };
}

function pathJson(p: AccessPath): { kind: string; address: string; note: string } {
  return { kind: p.kind, address: p.address, note: p.note };
}

function rows(items: readonly { address: string; note?: string }[], indent: string): string[] {
  const width = Math.min(60, Math.max(0, ...items.filter((i) => i.note).map((i) => i.address.length)));
  return items.map((i) => `${indent}${i.note ? `${i.address.padEnd(width)}  # ${i.note}` : i.address}`);
}

export function formatText(stories: readonly ServiceStory[], r: Reporter, callers: ReadonlyMap<Service, readonly ServiceCall[]> = new Map()): string {
  const out: string[] = [];
  for (const s of stories) {
    const svc = s.service;
    const kind = svc.headless ? `${svc.type}, headless` : svc.type;
    out.push(`Service ${svc.namespace}/${svc.name} (${kind})  ${r.file(svc.uri, svc.nameStart ?? svc.span.start)}:${line(r, svc.uri, svc.nameStart ?? svc.span.start) + 1}`);
    if (s.paths.length) out.push(...rows(s.paths, '  '));
    if (svc.ports.length === 0 && svc.type !== 'ExternalName') out.push('  no ports: nothing is reachable through this Service');
    for (const p of s.ports) {
      const sp = p.port;
      const name = portName(sp.name);
      const t = targetPortValue(p);
      const np = portNumber(sp.nodePort);
      out.push(
        `  port ${name ? `${name} ` : ''}${portNumber(sp.port) ?? String(sp.port?.value ?? '?')}/${sp.protocol}` +
          (svc.type === 'ExternalName' ? '' : ` -> targetPort ${t ?? 'invalid'}`) +
          (np ? `, nodePort ${np}` : ''),
      );
      out.push('    ways in:', ...rows(p.paths, '      '));
      if (p.routes.length) {
        out.push('    routes:', ...rows(p.routes.flatMap((w) => w.urls.map((u) => ({ address: u, note: `${w.route.kind} ${w.route.namespace}/${w.route.name} via ${w.via}${w.caveat ? ` (${w.caveat})` : ''}  ${r.file(w.route.uri, w.backendRef.span.start)}:${line(r, w.route.uri, w.backendRef.span.start) + 1}` }))), '      '));
      }
      for (const e of p.policies) {
        const d = describeEndpointPolicy(e);
        out.push(`    network policy (${e.workload.kind} ${e.workload.name}, ${e.port}/${e.protocol}):`, `      reachable from: ${d.reachable}`, `      blocked for: ${d.blocked}`);
      }
      const eps = p.endpoints.endpoints;
      if (p.endpoints.mode !== 'external-name') {
        out.push('    endpoints:');
        if (eps.length === 0) out.push('      (none)');
        for (const ep of eps) {
          if (ep.source === 'workload') {
            const w = ep.workload;
            const where = `${r.file(w.uri, (w.template?.span ?? w.span).start)}:${line(r, w.uri, (w.template?.span ?? w.span).start) + 1}`;
            const times = w.kind === 'DaemonSet' ? ' x one per node' : ep.replicas !== undefined ? ` x ${ep.replicas}` : '';
            if (!ep.address) {
              out.push(`      (no endpoint)  # ${w.kind} ${w.name}: targetPort does not resolve  ${where}`);
              continue;
            }
            const c = containerNameOf(ep);
            const cp = ep.target ? `containerPort ${ep.target.containerPort}${portName(ep.target.port.name) ? ` (${portName(ep.target.port.name)})` : ''}` : 'undeclared port';
            const also = ep.alsoDefinedIn.length ? `; also defined in ${ep.alsoDefinedIn.map((o) => r.file(o.uri, o.span)).join(', ')}` : '';
            out.push(`      ${ep.address}${times}  # ${w.kind} ${w.name}, container ${c ?? '(unnamed)'}, ${cp}  ${where}${also}`);
          } else {
            out.push(`      ${ep.address}  # ${ep.source} ${ep.object.name}${ep.ready ? '' : ', not ready'}  ${r.file(ep.object.uri, ep.span.start)}:${line(r, ep.object.uri, ep.span.start) + 1}`);
          }
        }
      }
      if (p.flows.length) out.push('    flow:', ...p.flows.map((f) => `      ${f}`));
      for (const problem of p.endpoints.problems) out.push(`    problem: ${problem}`);
    }
    const calls = callers.get(svc) ?? [];
    if (calls.length) {
      out.push('  callers:');
      for (const c of calls) {
        const ref = c.reference;
        const at = ref.hostSpan ?? referenceSpan(ref);
        const container = typeof c.container?.name?.value === 'string' ? `, container ${c.container.name.value}` : '';
        const status = ref.status === 'ok' ? '' : `  [${ref.status}]`;
        out.push(`    ${c.caller.kind} ${c.caller.namespace}/${c.caller.name}${container} -> ${ref.text}${status}  ${r.file(ref.site.uri, at.start)}:${line(r, ref.site.uri, at.start) + 1}`);
      }
    }
    out.push('');
  }
  out.push(`${stories.length} ${stories.length === 1 ? "service" : "services"}`);
  return out.join('\n') + '\n';
}
