/**
 * Hovers: what a Service, a Service port, a selector, pod template labels, a container port, an
 * Ingress backend or an Endpoints/EndpointSlice means for traffic — rendered as markdown from the
 * data of access-paths.ts (the same facts `kube-ports explain` prints).
 *
 * Address lists and flow lines go in ```kube-ports-paths fences (coloured by
 * syntaxes/kube-ports-paths.tmLanguage.json); notes in them are `# comments`.
 *
 * Pure: index lookups only (never a scan of all objects); answers undefined rather than throwing.
 */
import { formatLabels, labelSelectorMatches } from '../model/labels';
import { portName, portNumber, targetPortOf } from '../model/ports';
import { resolveOnTemplate } from '../model/service-links';
import { objectKey, type ContainerPort, type Container, type EndpointSlice, type Endpoints, type Ingress, type IngressBackend, type K8sObject, type Service, type ServicePort, type Span, type Workload } from '../model/types';
import type { IndexView } from '../workspace/workspace-index';
import { backendPermitted, backendServicePort, backendServices, isServiceBackend, listenerAccepts, listenersForParentRef, parentGateways, routeUrls } from '../model/gateway-api';
import { describePolicyPort, describeRulePeers, ingressToPort, policySelects, rulePortsMatch } from '../model/network-policy';
import type { BackendRef, Gateway, Listener, NetworkPolicy, ParentRef, Route } from '../model/types';
import {
  containerNameOf,
  describeEndpointPolicy,
  describeListener,
  explainService,
  routeWaysOf,
  type RouteWay,
  hostPort,
  localPortFor,
  replicasOf,
  type AccessPath,
  type PathSettings,
  type PortStory,
  type ServiceEndpoint,
  type ServiceStory,
} from './access-paths';
import { locate, locateKey, type Located } from './locate';
import { noEndpointsMessage, portMismatchMessage, shortestName, unknownMessage, wrongNamespaceMessage } from '../references/describe';
import { callsOfReference, type ServiceReference } from '../references/service-references';
import { blockedCallMessage, callPolicy } from '../references/call-policy';
import { referenceAt } from './service-reference-at';

export interface HoverInput {
  readonly index: IndexView;
  readonly settings: PathSettings;
  /** The objects of the hovered file, and its text. */
  readonly objects: readonly K8sObject[];
  readonly text?: string;
  /** Line/character of an offset in any file (for links); links are omitted without it. */
  readonly position?: (uri: string, offset: number) => { line: number; character: number } | undefined;
}

export interface HoverResult {
  readonly markdown: string;
  readonly span: Span;
}

export const FENCE = 'kube-ports-paths';

/** The hover at `offset` of the file, or undefined when nothing wiring-related is there. */
export function hoverAt(input: HoverInput, offset: number): HoverResult | undefined {
  try {
    const ref = referenceAt(input.index, input.objects, offset, input.settings);
    if (ref) return { markdown: referenceHover(input, ref.reference), span: ref.span };
    // The key of a wiring field hovers like its value (people hover the word they read).
    const at = locateKey(input.objects, offset, input.text) ?? locate(input.objects, offset, input.text);
    if (!at) return undefined;
    const markdown = render(input, at);
    return markdown ? { markdown, span: at.span } : undefined;
  } catch {
    return undefined;
  }
}

function render(input: HoverInput, at: Located): string | undefined {
  switch (at.kind) {
    case 'service-name':
    case 'service-type':
    case 'service-key':
      return serviceHover(input, at.service, undefined);
    case 'service-port':
      return serviceHover(input, at.service, at.port);
    case 'service-selector':
    case 'service-selector-pair':
      return selectorHover(input, at.service);
    case 'template-label':
    case 'workload-name':
      return templateHover(input, at.workload);
    case 'container-port':
      return containerPortHover(input, at.workload, at.container, at.port);
    case 'ingress-backend':
      return ingressHover(input, at.ingress, at.backend);
    case 'endpoints-name':
    case 'endpoints-port':
      return endpointsHover(input, at.endpoints);
    case 'endpointslice-service':
    case 'endpointslice-port':
      return endpointsHover(input, at.slice);
    case 'route-backend':
      return backendRefHover(input, at.route, at.ruleIndex, at.backendRef);
    case 'route-parent':
      return parentRefHover(input, at.route, at.parentRef);
    case 'route-name':
      return routeHover(input, at.route);
    case 'gateway-listener':
      return gatewayHover(input, at.gateway, at.listener);
    case 'network-policy':
    case 'network-policy-port':
      return policyHover(input, at.policy);
    case 'statefulset-service-name': {
      // The governing Service: its hover lists the per-Pod DNS names.
      const name = at.workload.serviceName?.value;
      const service = typeof name === 'string' ? input.index.servicesNamed(at.workload.namespace, name)[0] : undefined;
      return service ? serviceHover(input, service, undefined) : undefined;
    }
    default:
      return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Markdown helpers

/** Inline code that survives any name (backticks removed: Kubernetes names never contain them). */
export function code(s: string): string {
  return '`' + s.replace(/`/g, "'") + '`';
}

/** A fenced block of access paths; notes aligned as `# comments`. */
export function pathsBlock(rows: readonly { address: string; note?: string }[]): string {
  const width = Math.min(60, Math.max(0, ...rows.filter((r) => r.note).map((r) => r.address.length)));
  const lines = rows.map((r) => (r.note ? `${r.address.padEnd(width)}  # ${r.note}` : r.address));
  return '```' + FENCE + '\n' + lines.join('\n') + '\n```';
}

function link(input: HoverInput, text: string, uri: string, offset: number | undefined): string {
  const pos = offset === undefined ? undefined : input.position?.(uri, offset);
  const file = uri.slice(uri.lastIndexOf('/') + 1);
  if (!pos) return `${text} (${file})`;
  return `[${text}](${uri}#L${pos.line + 1},${pos.character + 1}) (${file}:${pos.line + 1})`;
}

function objectLink(input: HoverInput, o: K8sObject): string {
  return link(input, `${o.kind} ${code(o.name)}`, o.uri, o.nameStart ?? o.span.start);
}

function templateLink(input: HoverInput, w: Workload): string {
  return link(input, `${w.kind} ${code(w.name)}`, w.uri, w.template?.span.start ?? w.nameStart ?? w.span.start);
}

function replicasText(n: number | undefined, w: Workload): string {
  if (w.kind === 'DaemonSet') return ' × one per node';
  if (n === undefined) return '';
  return ` × ${n}`;
}

function describePort(sp: ServicePort): string {
  const n = portNumber(sp.port);
  const name = portName(sp.name);
  return `${name ? `${code(name)} ` : ''}${n ?? String(sp.port?.value ?? '?')}/${sp.protocol}`;
}

function describeTarget(sp: ServicePort): string {
  const t = targetPortOf(sp);
  if (t.kind === 'name') return `targetPort ${code(t.name)}`;
  if (t.kind === 'number') return t.defaulted ? `targetPort ${t.port} (defaults to port)` : `targetPort ${t.port}`;
  return 'targetPort invalid';
}

function containerName(c: Container): string {
  return typeof c.name?.value === 'string' && c.name.value ? c.name.value : '(unnamed)';
}

// ---------------------------------------------------------------------------------------------
// Services

function serviceTitle(service: Service): string {
  const kind = service.type === 'ExternalName' ? 'ExternalName' : service.headless ? `${service.type}, headless` : service.type;
  return `**Service ${code(service.name)}** · ${kind} · namespace ${code(service.namespace)}`;
}

function serviceHover(input: HoverInput, service: Service, only: ServicePort | undefined): string {
  const story = explainService(input.index, service, input.settings);
  const parts: string[] = [serviceTitle(service)];
  if (story.paths.length) parts.push(pathsBlock(story.paths));
  if (service.type === 'ExternalName' && service.ports.length === 0) {
    parts.push('No endpoints: DNS answers the CNAME and clients connect to that host directly.');
  }
  const ports = only ? story.ports.filter((p) => p.port === only) : story.ports;
  if (service.ports.length === 0 && service.type !== 'ExternalName') parts.push('This Service declares no ports: nothing is reachable through it.');
  parts.push(...meshRoutes(input, service));
  for (const p of ports) parts.push(...portSection(input, story, p));
  return parts.join('\n\n');
}

function portSection(input: HoverInput, story: ServiceStory, p: PortStory): string[] {
  const sp = p.port;
  const np = portNumber(sp.nodePort);
  const head = [`**Port ${describePort(sp)}**`];
  if (story.service.type !== 'ExternalName') head.push(`→ ${describeTarget(sp)}`);
  if (np) head.push(`· nodePort ${np}`);
  const out: string[] = [head.join(' ')];
  for (const problem of p.endpoints.problems) out.push(`⚠️ ${problem}`);
  // The flow comes first: it is the one-look answer, and VS Code caps a hover's height.
  if (p.flows.length) out.push('Flow', '```' + FENCE + '\n' + p.flows.slice(0, MAX_ROWS).join('\n') + '\n```');
  out.push('Ways in', pathsBlock([...routeRows(p.routes), ...p.paths]));
  out.push(...policySection(p));
  out.push(...endpointsSection(input, p));
  return out;
}

const MAX_ROWS = 12;

function endpointsSection(input: HoverInput, p: PortStory): string[] {
  const e = p.endpoints;
  if (e.mode === 'external-name') return ['No endpoints: DNS answers a CNAME; the port is not remapped.'];
  const out: string[] = [];
  if (e.endpoints.length) {
    const rows = e.endpoints.slice(0, MAX_ROWS).map((ep) => endpointRow(ep));
    if (e.endpoints.length > MAX_ROWS) rows.push({ address: `# … ${e.endpoints.length - MAX_ROWS} more` });
    out.push(e.mode === 'manual' ? 'Endpoints (written by hand: the Service has no selector)' : 'Endpoints', pathsBlock(rows));
    const sources: string[] = [];
    const seen = new Set<string>();
    for (const ep of e.endpoints) {
      const o = ep.source === 'workload' ? ep.workload : ep.object;
      if (seen.has(objectKey(o) + o.uri)) continue;
      seen.add(objectKey(o) + o.uri);
      if (ep.source === 'workload') {
        const also = ep.alsoDefinedIn.length ? ` — also defined in ${ep.alsoDefinedIn.map((w) => w.uri.slice(w.uri.lastIndexOf('/') + 1)).join(', ')}` : '';
        sources.push(`${templateLink(input, ep.workload)}${also}`);
      } else sources.push(objectLink(input, ep.object));
      if (sources.length >= MAX_ROWS) break;
    }
    out.push(`From ${sources.join(', ')}`);
  }
  return out;
}

function endpointRow(ep: ServiceEndpoint): { address: string; note?: string } {
  if (ep.source !== 'workload') return { address: ep.address, note: `${ep.source} ${ep.object.name}${ep.ready ? '' : ', not ready'}` };
  const w = ep.workload;
  const container = containerNameOf(ep);
  const times = replicasText(ep.replicas, w);
  switch (ep.resolution.kind) {
    case 'declared': {
      const t = ep.resolution.target;
      const name = portName(t.port.name);
      return {
        address: `${ep.address}${times}`,
        note: `${w.kind} ${w.name}, container ${container ?? '(unnamed)'}, containerPort ${t.containerPort}${name ? ` (${name})` : ''}${ep.hostNetwork ? ', hostNetwork' : ''}`,
      };
    }
    case 'undeclared-number':
      return { address: `${ep.address}${times}`, note: `${w.kind} ${w.name}: no container declares this port; traffic still goes there` };
    case 'unresolved-name':
      return { address: `(no endpoint)`, note: `${w.kind} ${w.name}: no container port named ${ep.resolution.name}` };
    default:
      return { address: `(no endpoint)`, note: `${w.kind} ${w.name}: invalid targetPort` };
  }
}

// ---------------------------------------------------------------------------------------------
// Service references (a call written in env, args or ConfigMap data)

function referenceHover(input: HoverInput, r: ServiceReference): string {
  const head = `**Call** ${code(r.text)} from ${r.site.object.kind} ${code(r.site.object.name)}${r.site.key ? ` (${code(r.site.key)})` : ''} · namespace ${code(r.namespace)}`;
  const parts = [head];
  const service = r.services[0];
  switch (r.status) {
    case 'port-mismatch':
      parts.push(`⚠️ ${portMismatchMessage(input.index, r)}`);
      break;
    case 'wrong-namespace':
      parts.push(`⚠️ ${wrongNamespaceMessage(r)}`);
      break;
    case 'unknown':
      parts.push(`⚠️ ${unknownMessage(r)}`);
      break;
    case 'no-endpoints':
      parts.push(`⚠️ ${noEndpointsMessage(r)}`);
      break;
    case 'unresolved':
      parts.push(`No Service of the workspace answers ${code(r.host)} from namespace ${code(r.namespace)}: kube-ports does not check this address.`);
      break;
    case 'ok':
      if (service) {
        const how = r.direct ? 'connects to the Pods directly (headless: no virtual IP)' : `reaches Service ${code(shortestName(service, r.namespace))}`;
        parts.push(`✓ ${how}${r.servicePort ? ` on port ${describePort(r.servicePort)}` : service.type === 'ExternalName' ? ' (ExternalName: the port is not remapped)' : ''}.`);
      }
      for (const call of callsOfReference(input.index, r)) {
        const cp = callPolicy(input.index, call, input.settings);
        if (cp?.verdict === 'blocked') parts.push(`⚠️ ${blockedCallMessage(cp)}`);
      }
      break;
  }
  if (service && r.status !== 'wrong-namespace') parts.push(serviceHover(input, service, r.servicePort));
  return parts.join('\n\n');
}

// ---------------------------------------------------------------------------------------------
// Selectors and labels

function selectorHover(input: HoverInput, service: Service): string {
  const sel = service.selector;
  const parts = [serviceTitle(service)];
  if (!sel || sel.entries.length === 0) {
    parts.push('No selector: the endpoints controller leaves this Service alone; its backends come from an Endpoints object or EndpointSlices of the same name.');
    return parts.join('\n\n');
  }
  const story = explainService(input.index, service, input.settings);
  parts.push(`Selector ${code(formatLabels(sel.entries))} selects Pods in namespace ${code(service.namespace)} carrying every one of these labels.`);
  if (story.selected.length === 0) {
    parts.push(`⚠️ It matches no Pod or pod template in namespace ${code(service.namespace)}: the Service has no endpoints.`);
    return parts.join('\n\n');
  }
  const rows = story.selected.map((s) => `- ${templateLink(input, s.workload)}${replicasText(replicasOf(s.workload), s.workload)}`);
  parts.push('Matches\n\n' + rows.slice(0, MAX_ROWS).join('\n') + (rows.length > MAX_ROWS ? `\n- … ${rows.length - MAX_ROWS} more` : ''));
  const flows = story.ports.flatMap((p) => p.flows);
  if (flows.length) parts.push('Flow', '```' + FENCE + '\n' + flows.slice(0, MAX_ROWS).join('\n') + '\n```');
  return parts.join('\n\n');
}

function templateHover(input: HoverInput, workload: Workload): string | undefined {
  const t = workload.template;
  if (!t) return undefined;
  const labels = t.labels?.entries ?? [];
  const parts = [`**${workload.kind} ${code(workload.name)}** · namespace ${code(workload.namespace)}${replicasText(replicasOf(workload), workload)}`];
  parts.push(labels.length ? `Pod labels ${code(formatLabels(labels))}` : 'The Pods carry no labels: no Service can select them.');
  if (workload.selector && workload.kind !== 'Pod') {
    if (!labelSelectorMatches(workload.selector, t.labels)) parts.push(`⚠️ The ${workload.kind}'s own spec.selector does not match these labels: the API server rejects it.`);
  }
  const services = dedupe(input.index.servicesSelecting(workload));
  if (services.length === 0) {
    if (labels.length) parts.push(`No Service in namespace ${code(workload.namespace)} selects these Pods.`);
    return parts.join('\n\n');
  }
  const rows: { address: string; note?: string }[] = [];
  for (const s of services) {
    for (const sp of s.ports) {
      const r = resolveOnTemplate(sp, t);
      const n = portNumber(sp.port);
      const entry = s.headless ? `${s.name}:${n ?? '?'}` : `${s.name}:${n ?? '?'}`;
      if (r.kind === 'declared' || r.kind === 'undeclared-number') {
        rows.push({ address: `${entry} → ${hostPort('<pod-ip>', r.number)}`, note: `Service ${s.name}, port ${portName(sp.name) ?? n}` });
      } else rows.push({ address: `${entry} → (no endpoint)`, note: `Service ${s.name}: targetPort does not resolve here` });
    }
  }
  parts.push(`Selected by ${services.slice(0, MAX_ROWS).map((s) => objectLink(input, s)).join(', ')}`);
  if (rows.length) parts.push(pathsBlock(rows.slice(0, MAX_ROWS)));
  return parts.join('\n\n');
}

function dedupe<T extends K8sObject>(objects: readonly T[]): T[] {
  const seen = new Set<string>();
  return objects.filter((o) => (seen.has(objectKey(o)) ? false : (seen.add(objectKey(o)), true)));
}

// ---------------------------------------------------------------------------------------------
// Container ports

const PORT_FORWARD_KIND: Partial<Record<string, string>> = {
  Pod: 'pod',
  Deployment: 'deployment',
  ReplicaSet: 'replicaset',
  ReplicationController: 'replicationcontroller',
  StatefulSet: 'statefulset',
  DaemonSet: 'daemonset',
  Job: 'job',
};

function containerPortHover(input: HoverInput, workload: Workload, container: Container, port: ContainerPort): string | undefined {
  const t = workload.template;
  const n = portNumber(port.containerPort);
  const name = portName(port.name);
  const hostNet = t?.hostNetwork?.value === true;
  const title = `**Container port ${name ? `${code(name)} ` : ''}${n ?? String(port.containerPort?.value ?? '?')}/${port.protocol}** · container ${code(containerName(container))} of ${workload.kind} ${code(workload.name)}${replicasText(replicasOf(workload), workload)}`;
  const parts = [title];
  const rows: { address: string; note?: string }[] = [];
  if (n !== undefined) rows.push({ address: hostPort(hostNet ? '<node-ip>' : '<pod-ip>', n), note: hostNet ? 'hostNetwork: the Pod uses its node\'s IP and ports' : "each Pod's own IP" });
  const hp = portNumber(port.hostPort);
  if (hp !== undefined && !hostNet) rows.push({ address: hostPort('<ip-of-the-node-running-the-pod>', hp), note: 'hostPort: only on the node running the Pod' });
  // Services whose port lands here, and Ingresses in front of them.
  const serving: string[] = [];
  const services = t && n !== undefined ? dedupe(input.index.servicesSelecting(workload)) : [];
  for (const s of services) {
    for (const sp of s.ports) {
      const r = resolveOnTemplate(sp, t!);
      if (r.kind !== 'declared' || r.target.port !== port) continue;
      const spn = portNumber(sp.port);
      const entry = s.headless ? `${s.name}.${s.namespace}.svc.${input.settings.clusterDomain}:${spn}` : `${s.name}:${spn}`;
      const np = s.type === 'NodePort' || s.type === 'LoadBalancer' ? portNumber(sp.nodePort) : undefined;
      rows.push({ address: `${np ? `<any-node-ip>:${np} → ` : ''}${entry} → ${hostPort(hostNet ? '<node-ip>' : '<pod-ip>', n!)}`, note: `Service ${s.name}, port ${portName(sp.name) ?? spn}` });
      serving.push(`${objectLink(input, s)} port ${describePort(sp)}`);
      for (const ing of dedupe(input.index.ingressesFor(s.namespace, s.name))) {
        for (const b of ing.backends) {
          if (b.serviceName?.value !== s.name || !backendMatches(b, sp)) continue;
          rows.push({ address: `${ingressUrl(b)} → ${s.name}:${spn} → ${hostPort('<pod-ip>', n!)}`, note: `Ingress ${ing.name}` });
        }
      }
    }
  }
  const kind = PORT_FORWARD_KIND[workload.kind];
  if (kind && n !== undefined && workload.name) rows.push({ address: `kubectl port-forward -n ${workload.namespace} ${kind}/${workload.name} ${localPortFor(n)}:${n}`, note: `then localhost:${localPortFor(n)}` });
  if (rows.length) parts.push('Ways in', pathsBlock(rows.slice(0, MAX_ROWS + 4)));
  if (serving.length) parts.push(`Traffic from ${serving.slice(0, MAX_ROWS).join(', ')}`);
  else parts.push('No Service sends traffic to this port.');
  return parts.join('\n\n');
}

// ---------------------------------------------------------------------------------------------
// Ingress

export function ingressUrl(b: IngressBackend): string {
  if (b.isDefault) return `http://<ingress-address>/`;
  const scheme = b.tls ? 'https' : 'http';
  const host = b.host ?? '<ingress-address>';
  const path = b.path ?? '/';
  return `${scheme}://${host}${path.startsWith('/') ? path : '/' + path}`;
}

/** The backend's `port.number` / `port.name` (or v1beta1 `servicePort`) refers to this Service port. */
export function backendMatches(b: IngressBackend, sp: ServicePort): boolean {
  const v = b.servicePort?.value;
  if (typeof v === 'number') return portNumber(sp.port) === v;
  if (typeof v === 'string') return /^\d+$/.test(v) ? portNumber(sp.port) === Number(v) : portName(sp.name) === v;
  return false;
}

function ingressHover(input: HoverInput, ingress: Ingress, b: IngressBackend): string {
  const svcName = typeof b.serviceName?.value === 'string' ? b.serviceName.value : undefined;
  const url = ingressUrl(b);
  const parts = [`**Ingress ${code(ingress.name)}** · namespace ${code(ingress.namespace)}${b.isDefault ? ' · default backend (requests no rule matches)' : ''}`];
  if (!svcName) {
    parts.push('This backend names no Service.');
    return parts.join('\n\n');
  }
  const service = input.index.servicesNamed(ingress.namespace, svcName)[0];
  if (!service) {
    parts.push(`⚠️ No Service ${code(svcName)} in namespace ${code(ingress.namespace)}: requests to ${code(url)} fail.`);
    return parts.join('\n\n');
  }
  const sp = service.ports.find((p) => backendMatches(b, p));
  if (!sp) {
    parts.push(`⚠️ Service ${code(svcName)} has no port ${code(String(b.servicePort?.value ?? '(none)'))}: requests to ${code(url)} fail.`);
    return parts.join('\n\n');
  }
  const story = explainService(input.index, service, input.settings);
  const p = story.ports.find((x) => x.port === sp)!;
  const spn = portNumber(sp.port);
  const flows = p.endpoints.endpoints.length
    ? p.endpoints.endpoints.slice(0, MAX_ROWS).map((ep) => {
        if (ep.source !== 'workload') return `${url} → ${svcName}:${spn} → ${ep.address}`;
        const c = containerNameOf(ep);
        return `${url} → ${svcName}:${spn} → ${ep.address ? `${ep.address}${c ? ` (${ep.workload.name}/${c})` : ''}` : `(no endpoint in ${ep.workload.name})`}`;
      })
    : [`${url} → ${svcName}:${spn} → (no endpoints)`];
  parts.push(`→ ${objectLink(input, service)} port ${describePort(sp)} → ${describeTarget(sp)}`);
  for (const problem of p.endpoints.problems) parts.push(`⚠️ ${problem}`);
  parts.push('Flow', '```' + FENCE + '\n' + flows.join('\n') + '\n```');
  parts.push(...endpointsSection(input, p));
  return parts.join('\n\n');
}

// ---------------------------------------------------------------------------------------------
// Endpoints / EndpointSlices

function endpointsHover(input: HoverInput, o: Endpoints | EndpointSlice): string {
  const svcName = o.kind === 'Endpoints' ? o.name : o.serviceName?.value;
  const parts = [`**${o.kind} ${code(o.name)}** · namespace ${code(o.namespace)}`];
  if (!svcName) {
    parts.push('⚠️ No `kubernetes.io/service-name` label: this slice backs no Service.');
    return parts.join('\n\n');
  }
  const service = input.index.servicesNamed(o.namespace, svcName)[0];
  if (!service) {
    parts.push(`⚠️ No Service ${code(svcName)} in namespace ${code(o.namespace)}: these addresses serve nothing.`);
    return parts.join('\n\n');
  }
  parts.push(`Backs ${objectLink(input, service)} (${service.type})`);
  if (service.selector && service.selector.entries.length > 0 && service.type !== 'ExternalName') {
    parts.push(
      o.kind === 'Endpoints'
        ? '⚠️ The Service has a selector: the endpoints controller owns the Endpoints of this name and replaces these addresses.'
        : 'The Service has a selector: the EndpointSlice controller adds its own slices for the selected Pods.',
    );
  }
  const story = explainService(input.index, service, input.settings);
  for (const p of story.ports) {
    parts.push(`**Port ${describePort(p.port)}**`);
    const mine = p.endpoints.endpoints.filter((e) => e.source !== 'workload' && e.object === o);
    const paths = p.paths.filter((x: AccessPath) => x.kind !== 'port-forward');
    parts.push('Ways in', pathsBlock(paths));
    if (mine.length) {
      const hops = p.flows.filter((f) => mine.some((m) => m.source !== 'workload' && f.includes(m.address)));
      parts.push('Flow', '```' + FENCE + '\n' + hops.slice(0, MAX_ROWS).join('\n') + '\n```');
    } else if (p.endpoints.mode === 'manual') {
      parts.push(`⚠️ No port here matches Service port ${describePort(p.port)} (by name and protocol): no addresses for it from this object.`);
    }
  }
  return parts.join('\n\n');
}

// ---------------------------------------------------------------------------------------------
// Gateway API routes

function routeRows(ways: readonly RouteWay[]): { address: string; note?: string }[] {
  const rows: { address: string; note?: string }[] = [];
  for (const w of ways) {
    for (const url of w.urls.slice(0, 3)) rows.push({ address: url, note: `${w.route.kind} ${w.route.name} via ${w.via}${w.caveat ? ` (${w.caveat})` : ''}` });
  }
  return rows.slice(0, MAX_ROWS);
}

function policySection(p: PortStory): string[] {
  const out: string[] = [];
  for (const e of p.policies.slice(0, 4)) {
    const d = describeEndpointPolicy(e);
    const icon = e.policy.closed ? '⛔ ' : '';
    out.push(`${icon}NetworkPolicy on ${e.workload.kind} ${code(e.workload.name)} port ${e.port}/${e.protocol} — reachable from: ${d.reachable}; blocked for: ${d.blocked}`);
  }
  return out;
}

function routeTitle(route: Route): string {
  return `**${route.kind} ${code(route.name)}** · namespace ${code(route.namespace)}`;
}

function backendRefHover(input: HoverInput, route: Route, ruleIndex: number, ref: BackendRef): string {
  const parts = [routeTitle(route)];
  const name = ref.name?.value ?? '';
  if (!isServiceBackend(ref)) {
    parts.push(`backendRef to ${ref.kind} ${code(name)} (group ${code(ref.group || 'core')}): not a Service, kube-ports does not follow it.`);
    return parts.join('\n\n');
  }
  const permitted = backendPermitted(input.index, route, ref);
  if (!permitted) parts.push(`⚠️ Namespace ${code(ref.namespace)} has no ReferenceGrant that lets ${route.kind}s of ${code(route.namespace)} reach Service ${code(name)}: the controller refuses this backend.`);
  const services = backendServices(input.index, ref);
  const service = services[0];
  if (!service) {
    parts.push(`⚠️ No Service ${code(name)} in namespace ${code(ref.namespace)} in this workspace: the controller drops this backend.`);
    return parts.join('\n\n');
  }
  const sp = backendServicePort(service, ref);
  if (!sp) {
    parts.push(`⚠️ Service ${code(name)} has no port ${code(String(ref.port?.value ?? '(none)'))}; its ports: ${service.ports.map((x) => describePort(x)).join(', ') || 'none'}.`);
    return parts.join('\n\n');
  }
  const story = explainService(input.index, service, input.settings);
  const p = story.ports.find((x) => x.port === sp)!;
  const weight = ref.weight && typeof ref.weight.value === 'number' ? ` · weight ${ref.weight.value}` : '';
  parts.push(`→ ${objectLink(input, service)} port ${describePort(sp)} → ${describeTarget(sp)}${weight}`);
  const ways = routeWaysOf(input.index, route, ruleIndex, ref);
  const landing = p.endpoints.endpoints.slice(0, 3).map((ep) => {
    if (ep.source !== 'workload') return ep.address;
    const c = containerNameOf(ep);
    return ep.address ? `${ep.address}${c ? ` (${ep.workload.name}/${c})` : ''}` : `(no endpoint in ${ep.workload.name})`;
  });
  const land = landing.length ? landing.join(', ') : '(no endpoints)';
  const flows = ways.flatMap((w) => w.urls.slice(0, 3).map((u) => `${u} → ${w.via} → ${service.name}:${portNumber(sp.port)} → ${land}`));
  if (route.parentRefs.length === 0) parts.push('⚠️ This route has no parentRefs: it is attached to no Gateway.');
  for (const w of ways) if (w.caveat) parts.push(`⚠️ ${w.via}: ${w.caveat}`);
  for (const problem of p.endpoints.problems) parts.push(`⚠️ ${problem}`);
  if (flows.length) parts.push('Flow', '```' + FENCE + '\n' + flows.slice(0, MAX_ROWS).join('\n') + '\n```');
  parts.push(...policySection(p));
  parts.push(...endpointsSection(input, p));
  return parts.join('\n\n');
}

function parentRefHover(input: HoverInput, route: Route, ref: ParentRef): string {
  const parts = [routeTitle(route)];
  const name = ref.name?.value ?? '';
  if (ref.kind === 'Service') {
    const svc = input.index.servicesNamed(ref.namespace, name)[0];
    parts.push(svc ? `Mesh route (GAMMA): attached to ${objectLink(input, svc)}; requests to it from inside the mesh follow this route.` : `⚠️ Mesh route (GAMMA) attached to Service ${code(`${ref.namespace}/${name}`)}, which is not in this workspace.`);
    return parts.join('\n\n');
  }
  const gateways = parentGateways(input.index, ref);
  if (gateways.length === 0) {
    parts.push(`Gateway ${code(`${ref.namespace}/${name}`)} is outside this workspace (platform teams often keep Gateways in another repository): kube-ports cannot check its listeners.`);
    const urls = routeUrls(route, undefined);
    if (urls.length) parts.push('URLs', pathsBlock(urls.map((u) => ({ address: u }))));
    return parts.join('\n\n');
  }
  const g = gateways[0]!;
  const rows: { address: string; note?: string }[] = [];
  for (const l of listenersForParentRef(g, ref)) {
    const a = listenerAccepts(input.index, g, l, route);
    if (a.accepted === false) {
      rows.push({ address: `(rejected)`, note: `${describeListener(l)}: ${a.reason}` });
      continue;
    }
    for (const u of routeUrls(route, l)) rows.push({ address: u, note: `${describeListener(l)} ${l.protocol}${a.accepted === 'unknown' ? ` (${a.reason})` : ''}` });
  }
  parts.push(`Attached to ${objectLink(input, g)}${ref.sectionName?.value ? ` listener ${code(ref.sectionName.value)}` : ''}`);
  if (rows.length) parts.push(pathsBlock(rows.slice(0, MAX_ROWS)));
  else parts.push('⚠️ No listener of this Gateway matches the sectionName / port.');
  return parts.join('\n\n');
}

function routeHover(input: HoverInput, route: Route): string {
  const parts = [routeTitle(route)];
  const rows: { address: string; note?: string }[] = [];
  route.rules.forEach((rule, i) => {
    for (const ref of rule.backendRefs) {
      for (const w of routeWaysOf(input.index, route, i, ref)) {
        for (const u of w.urls.slice(0, 2)) rows.push({ address: `${u} → ${ref.name?.value ?? '?'}:${String(ref.port?.value ?? '?')}`, note: w.via });
      }
    }
  });
  if (rows.length) parts.push(pathsBlock(rows.slice(0, MAX_ROWS)));
  else parts.push('This route has no parentRefs or no backendRefs: it carries no traffic.');
  return parts.join('\n\n');
}

function gatewayHover(input: HoverInput, gateway: Gateway, only: Listener | undefined): string {
  const cls = typeof gateway.gatewayClassName?.value === 'string' ? ` · class ${code(gateway.gatewayClassName.value)}` : '';
  const parts = [`**Gateway ${code(gateway.name)}** · namespace ${code(gateway.namespace)}${cls}`];
  const routes = input.index.routesForGateway(gateway.namespace, gateway.name);
  for (const l of only ? [only] : gateway.listeners) {
    const tls = l.tlsMode ? ` · TLS ${l.tlsMode}` : '';
    const from = l.allowedFrom === 'Same' ? 'routes of this namespace' : l.allowedFrom === 'All' ? 'routes of every namespace' : `routes of namespaces matching a selector`;
    parts.push(`**${describeListener(l)}** ${l.protocol}${l.hostname ? ` · ${code(l.hostname.value)}` : ''}${tls} · accepts ${from}`);
    const rows: { address: string; note?: string }[] = [];
    for (const route of routes) {
      for (const ref of route.parentRefs) {
        if (ref.kind !== 'Gateway' || ref.name?.value !== gateway.name || ref.namespace !== gateway.namespace) continue;
        if (!listenersForParentRef(gateway, ref).includes(l)) continue;
        const a = listenerAccepts(input.index, gateway, l, route);
        if (a.accepted === false) {
          rows.push({ address: `(rejected) ${route.kind} ${route.namespace}/${route.name}`, note: a.reason });
          continue;
        }
        route.rules.forEach((rule, i) => {
          const backends = rule.backendRefs.map((b) => `${b.name?.value ?? '?'}:${String(b.port?.value ?? '?')}`).join(', ') || '(no backends)';
          for (const u of routeUrls({ ...route, rules: [rule] }, l).slice(0, 2)) rows.push({ address: `${u} → ${backends}`, note: `${route.kind} ${route.namespace}/${route.name}${i ? ` rule ${i + 1}` : ''}` });
        });
      }
    }
    parts.push(rows.length ? pathsBlock(rows.slice(0, MAX_ROWS)) : 'No route of this workspace is attached to this listener.');
  }
  return parts.join('\n\n');
}

function policyHover(input: HoverInput, policy: NetworkPolicy): string {
  const parts = [`**NetworkPolicy ${code(policy.name)}** · namespace ${code(policy.namespace)} · ${policy.policyTypes.join(' + ')}${policy.policyTypesWritten ? '' : ' (defaulted)'}`];
  const selected: Workload[] = [];
  const maybe: Workload[] = [];
  for (const w of input.index.workloadsIn(policy.namespace)) {
    if (!w.template) continue;
    const s = policySelects(policy, { template: w.template, namespace: w.namespace });
    if (s === 'yes') selected.push(w);
    else if (s === 'unknown') maybe.push(w);
  }
  const sorted = dedupe(selected).sort((a, b) => a.name.localeCompare(b.name));
  parts.push(sorted.length ? `Selects ${sorted.slice(0, MAX_ROWS).map((w) => templateLink(input, w)).join(', ')}${sorted.length > MAX_ROWS ? `, … ${sorted.length - MAX_ROWS} more` : ''}` : `Selects no Pod of namespace ${code(policy.namespace)} in this workspace.`);
  if (maybe.length) parts.push(`May select ${dedupe(maybe).slice(0, 6).map((w) => templateLink(input, w)).join(', ')}`);
  for (const direction of ['Ingress', 'Egress'] as const) {
    if (!policy.policyTypes.includes(direction)) continue;
    const rules = direction === 'Ingress' ? policy.ingress : policy.egress;
    const rows = rules.map((r) => ({ address: r.ports.length ? r.ports.map(describePolicyPort).join(', ') : 'every port', note: `${direction === 'Ingress' ? 'from' : 'to'} ${describeRulePeers(r, policy.namespace, direction)}` }));
    parts.push(`${direction}${rules.length === 0 ? ': nothing is allowed (deny all)' : ''}`);
    if (rows.length) parts.push(pathsBlock(rows.slice(0, MAX_ROWS)));
  }
  if (policy.policyTypes.includes('Ingress')) {
    const rows: { address: string; note?: string }[] = [];
    for (const w of sorted) {
      for (const s of dedupe(input.index.servicesSelecting(w))) {
        for (const sp of s.ports) {
          const r = resolveOnTemplate(sp, w.template!);
          if (r.kind !== 'declared' && r.kind !== 'undeclared-number') continue;
          const opens = policy.ingress.some((rule) => rulePortsMatch(rule, r.number, sp.protocol, w.template) === 'yes');
          const overall = ingressToPort(input.index, { template: w.template!, namespace: w.namespace }, r.number, sp.protocol);
          rows.push({ address: `${s.name}:${portNumber(sp.port) ?? '?'} → ${w.name}:${r.number}/${sp.protocol}`, note: opens ? 'opened by this policy' : overall.closed ? 'closed (no policy opens it)' : 'opened by another policy' });
        }
      }
    }
    if (rows.length) parts.push('Service ports', pathsBlock(rows.slice(0, MAX_ROWS)));
  }
  return parts.join('\n\n');
}

/** GAMMA: routes whose parentRef is this Service take over requests sent to it inside the mesh. */
function meshRoutes(input: HoverInput, service: Service): string[] {
  const out: string[] = [];
  for (const route of input.index.routesForService(service.namespace, service.name)) {
    const attached = route.parentRefs.some((p) => p.kind === 'Service' && p.group === '' && p.namespace === service.namespace && p.name?.value === service.name);
    if (!attached) continue;
    const backends = route.rules.flatMap((r) => r.backendRefs).map((b) => `${b.name?.value ?? '?'}:${String(b.port?.value ?? '?')}${b.weight && typeof b.weight.value === 'number' ? ` (weight ${b.weight.value})` : ''}`);
    out.push(`Mesh route (GAMMA) ${link(input, `${route.kind} ${code(route.name)}`, route.uri, route.nameStart ?? route.span.start)}: requests to this Service inside the mesh go to ${backends.length ? backends.join(', ') : 'no backend'}.`);
    if (out.length >= 4) break;
  }
  return out;
}
