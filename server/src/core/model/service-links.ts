/**
 * Service → Pods wiring, in one place: which pod templates a Service selects, and how each of its
 * ports resolves on each of them. Rules (target-port-*), hovers, code actions and CodeLens share
 * it so they all tell the same story.
 *
 *   const links = serviceLinks(index, service);
 *   for (const link of links.ports)            // one per Service port, in order
 *     for (const { selected, resolution } of link.resolutions)  // one per selected workload
 *       ...resolution.kind: 'declared' | 'undeclared-number' | 'unresolved-name' | 'invalid'
 *
 * Same object, many files: an app packaged three ways defines `Deployment/ns/web` three times.
 * `selectedWorkloads` keeps one definition per objectKey (the one nearest the Service's file:
 * same file, else the longest common folder, else the first by uri) and lists the others in
 * `alsoDefinedIn`, so a port problem is counted once per workload, not once per packaging.
 *
 * Pure: reads the index only; never throws on odd input.
 */
import { exact } from './lists';
import { portName, portNumber, servingContainers, targetPortOf, type ResolvedPort, type TargetPort } from './ports';
import { nameSpanOf, objectKey, type PodTemplate, type Service, type ServicePort, type Span, type Workload, spanOf } from './types';
import type { IndexView } from '../workspace/workspace-index';

/** A workload (or bare Pod) a Service selects, deduplicated by objectKey. */
export interface SelectedWorkload {
  /** The definition used (nearest to the Service's file). */
  readonly workload: Workload;
  /** Its pod template (always present: workloads without one select nothing). */
  readonly template: PodTemplate;
  /** Other definitions of the same Kind/namespace/name in other files (overlays, repackagings). */
  readonly alsoDefinedIn: readonly Workload[];
  /** The workload is defined in the Service's own folder (some definition of it is). */
  readonly nearby: boolean;
}

/**
 * How one Service port lands on one pod template (FindPort, plus what an explanation needs).
 * A superset of `Resolution` from ports.ts.
 */
export type TemplateResolution =
  /** A declared container port with the targetPort's name or number and the Service port's protocol. */
  | { readonly kind: 'declared'; readonly target: ResolvedPort; readonly number: number }
  /**
   * A number no serving container declares with this protocol: traffic still goes there.
   * `otherProtocol`: a container port with that number but another protocol.
   * `declaresPorts`: whether the template's serving containers declare any port at all.
   */
  | { readonly kind: 'undeclared-number'; readonly number: number; readonly otherProtocol: ResolvedPort | undefined; readonly declaresPorts: boolean }
  /**
   * A name no serving container declares with this protocol: this template's pods give no endpoint.
   * `otherProtocol`: a container port with that name but another protocol.
   */
  | { readonly kind: 'unresolved-name'; readonly name: string; readonly otherProtocol: ResolvedPort | undefined }
  /** The targetPort (or the defaulted port) is not a usable number or name. */
  | { readonly kind: 'invalid' };

export interface WorkloadResolution {
  readonly selected: SelectedWorkload;
  readonly resolution: TemplateResolution;
}

export interface PortLink {
  readonly servicePort: ServicePort;
  /** What the targetPort means: a number (maybe defaulted from `port`), a name, or invalid. */
  readonly target: TargetPort;
  /** One per selected workload, in the order of `ServiceLinks.workloads`. */
  readonly resolutions: readonly WorkloadResolution[];
}

export interface ServiceLinks {
  readonly service: Service;
  /** The selected workloads in scope (all, or the app's; see `serviceLinks`). */
  readonly workloads: readonly SelectedWorkload[];
  /**
   * Scope `app` when the Service's own folder has no selected workload: where the workloads it is
   * judged against come from, a sentence for messages; empty otherwise.
   */
  readonly judgedFrom: string;
  readonly ports: readonly PortLink[];
}

/**
 * `all`: every selected workload (what a cluster holding the whole workspace would do; hovers).
 * `app`: the Service's own app: the selected workloads defined in the Service's folder when
 * there are any, else all. Repositories of samples and provider variants often hold several
 * alternative apps with the same labels in one namespace (only one is ever applied); rules
 * judge a Service against its own app so that an unrelated variant's ports are not blamed.
 */
export type LinkScope = 'all' | 'app';

/** Whether the endpoints controller manages this Service's endpoints from a selector. */
export function hasPodSelector(service: Service): boolean {
  return service.type !== 'ExternalName' && service.selector !== undefined && service.selector.entries.length > 0;
}

/**
 * The workloads (and bare Pods) whose pod template the Service selects: same namespace, every
 * selector pair among the template labels. One entry per objectKey (see the module comment),
 * sorted by kind, namespace and name. Empty for ExternalName and selectorless Services.
 */
export function selectedWorkloads(index: IndexView, service: Service): readonly SelectedWorkload[] {
  if (!hasPodSelector(service)) return [];
  // Every rule and feature about a Service asks this again; the answer holds while the view's
  // generation does (a repository with many same-named workloads sorts dozens per Service).
  let memo = selectedMemo.get(index);
  if (!memo) selectedMemo.set(index, (memo = new WeakMap()));
  const generation = index.generation();
  const hit = memo.get(service);
  if (hit && hit.generation === generation) return hit.selected;
  const selected = computeSelectedWorkloads(index, service);
  memo.set(service, { generation, selected });
  return selected;
}

const selectedMemo = new WeakMap<IndexView, WeakMap<Service, { readonly generation: number; readonly selected: readonly SelectedWorkload[] }>>();

function computeSelectedWorkloads(index: IndexView, service: Service): readonly SelectedWorkload[] {
  const groups = new Map<string, Workload[]>();
  for (const w of index.selectWorkloads(service.namespace, service.selector!)) {
    if (!w.template) continue;
    const key = objectKey(w);
    const group = groups.get(key);
    if (group) group.push(w);
    else groups.set(key, [w]);
  }
  const out: SelectedWorkload[] = [];
  const folder = folderOf(service.uri);
  for (const key of [...groups.keys()].sort()) {
    const group = groups.get(key)!;
    // Nearest first: each definition's nearness measured once, not in every comparison.
    const defs =
      group.length < 2
        ? group
        : group
            .map((w) => ({ w, near: nearness(service.uri, w.uri) }))
            .sort((a, b) => b.near - a.near || compare(a.w.uri, b.w.uri) || a.w.span.start - b.w.span.start)
            .map((d) => d.w);
    const [workload, ...rest] = defs;
    out.push({ workload: workload!, template: workload!.template!, alsoDefinedIn: exact(rest), nearby: defs.some((d) => folderOf(d.uri) === folder) });
  }
  // Kept in the memo for as long as the Service: without the room `push` leaves (~130 bytes a Service).
  return exact(out);
}

/** How a Service port resolves on one pod template (FindPort), with the near misses. */
export function resolveOnTemplate(servicePort: ServicePort, template: PodTemplate): TemplateResolution {
  const target = targetPortOf(servicePort);
  if (target.kind === 'invalid') return { kind: 'invalid' };
  let otherProtocol: ResolvedPort | undefined;
  let declaresPorts = false;
  for (const container of servingContainers(template)) {
    for (const port of container.ports) {
      const n = portNumber(port.containerPort);
      if (n === undefined) continue;
      declaresPorts = true;
      const hit = target.kind === 'name' ? portName(port.name) === target.name : n === target.port;
      if (!hit) continue;
      if (port.protocol === servicePort.protocol) return { kind: 'declared', target: { container, port, containerPort: n }, number: n };
      otherProtocol ??= { container, port, containerPort: n };
    }
  }
  return target.kind === 'name'
    ? { kind: 'unresolved-name', name: target.name, otherProtocol }
    : { kind: 'undeclared-number', number: target.port, otherProtocol, declaresPorts };
}

/** The workloads in the given scope (see `LinkScope`). */
export function scopeWorkloads(workloads: readonly SelectedWorkload[], scope: LinkScope): SelectedWorkload[] {
  if (scope === 'all') return [...workloads];
  const nearby = workloads.filter((w) => w.nearby);
  return nearby.length > 0 ? nearby : [...workloads];
}

/** The last answer of `serviceLinks` while `withServiceLinksMemo` runs; undefined otherwise. */
let lastLinks: { readonly index: IndexView; readonly service: Service; readonly scope: LinkScope; readonly links: ServiceLinks } | undefined;
let memoDepth = 0;

/**
 * Runs `run` with `serviceLinks` remembering its last answer: the rules of one object ask for the
 * same Service's links in turn (three target-port rules, the policy rule), over the same index,
 * which cannot change while they run. Nothing is kept after `run`.
 */
export function withServiceLinksMemo<T>(run: () => T): T {
  memoDepth++;
  try {
    return run();
  } finally {
    if (--memoDepth === 0) lastLinks = undefined;
  }
}

/** Every port of the Service resolved on every selected workload in scope (default: all). */
export function serviceLinks(index: IndexView, service: Service, scope: LinkScope = 'all'): ServiceLinks {
  const last = lastLinks;
  if (last && last.service === service && last.index === index && last.scope === scope) return last.links;
  const workloads = scopeWorkloads(selectedWorkloads(index, service), scope);
  // Only a finding's message reads the note: made when one does.
  let judgedFrom: string | undefined;
  const links: ServiceLinks = {
    service,
    workloads,
    get judgedFrom() {
      return (judgedFrom ??= scope === 'app' && workloads.length > 0 && !workloads.some((w) => w.nearby) ? foldersNote(service.uri, workloads) : '');
    },
    ports: service.ports.map((sp) => portLink(sp, workloads)),
  };
  if (memoDepth > 0) lastLinks = { index, service, scope, links };
  return links;
}

/**
 * ` No workload in this Service's folder is selected: it was judged against the workloads from examples/web/.`:
 * the workloads' folders relative to the folder they share with the Service (at most three).
 */
function foldersNote(serviceUri: string, workloads: readonly SelectedWorkload[]): string {
  const own = folderOf(serviceUri);
  const folders = [...new Set(workloads.map((w) => folderOf(w.workload.uri)))].sort();
  const shown = folders.slice(0, 3).map((f) => {
    let common = 0;
    const n = Math.min(f.length, own.length);
    for (let i = 0; i < n && f[i] === own[i]; i++) if (f[i] === '/') common = i + 1;
    if (f.length <= n && f === own.slice(0, f.length) && (own.length === f.length || own[f.length] === '/')) common = f.length + 1;
    const rel = safeDecode(f.slice(common));
    return rel ? `${rel}/` : 'a parent folder';
  });
  const more = folders.length > 3 ? ` and ${folders.length - 3} more` : '';
  return ` No workload in this Service's folder is selected: it was judged against the workloads from ${shown.join(', ')}${more}.`;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** One Service port resolved on the given selected workloads. */
export function portLink(servicePort: ServicePort, workloads: readonly SelectedWorkload[]): PortLink {
  return {
    servicePort,
    target: targetPortOf(servicePort),
    resolutions: workloads.map((selected) => ({ selected, resolution: resolveOnTemplate(servicePort, selected.template) })),
  };
}

/** `Deployment web`, `Pod debug`: how messages name a selected workload. */
export function workloadLabel(w: { kind: string; name: string }): string {
  return `${w.kind} ${w.name || '(unnamed)'}`;
}

/** `container api, port http (8080/TCP)` */
export function describeResolvedPort(r: ResolvedPort): string {
  const name = portName(r.port.name);
  const container = typeof r.container.name?.value === 'string' ? r.container.name.value : '(unnamed)';
  return `container ${container}, port ${name ? `${name} (${r.containerPort}/${r.port.protocol})` : `${r.containerPort}/${r.port.protocol}`}`;
}

/** Length of the common folder prefix of two uris (higher = nearer; same file is highest). */
function nearness(a: string, b: string): number {
  if (a === b) return Number.MAX_SAFE_INTEGER;
  const n = Math.min(a.length, b.length);
  let i = 0;
  let lastSlash = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) {
    if (a[i] === '/') lastSlash = i;
    i++;
  }
  return lastSlash;
}

/** The folder of a uri (everything before the last "/"). */
export function folderOf(uri: string): string {
  const i = uri.lastIndexOf('/');
  return i < 0 ? '' : uri.slice(0, i);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `http 8080/TCP, metrics 9090/TCP`: the ports a template's serving containers declare. */
export function describeDeclaredPorts(template: PodTemplate, limit = 6): string {
  const parts: string[] = [];
  for (const container of servingContainers(template)) {
    for (const port of container.ports) {
      const n = portNumber(port.containerPort);
      if (n === undefined) continue;
      const name = portName(port.name);
      parts.push(name ? `${name} ${n}/${port.protocol}` : `${n}/${port.protocol}`);
    }
  }
  if (parts.length === 0) return 'no ports';
  return parts.length > limit ? `${parts.slice(0, limit).join(', ')}, … (${parts.length} in all)` : parts.join(', ');
}

/** Where a finding about a Service port's target belongs: its targetPort, else its port, else the item. */
export function targetPortSpan(sp: ServicePort): Span {
  return spanOf(sp.targetPort) ?? spanOf(sp.port) ?? spanOf(sp);
}

/** Where to point at a selected workload's ports: the first serving container's `ports:` key, else the template. */
export function templatePortsSpan(selected: SelectedWorkload): Span {
  for (const c of servingContainers(selected.template)) if (c.portsKeySpan) return c.portsKeySpan;
  return spanOf(servingContainers(selected.template)[0]) ?? nameSpanOf(selected.workload) ?? selected.template.span;
}

/** `80/TCP` or `http (80/TCP)` */
export function describeServicePort(sp: ServicePort): string {
  const n = portNumber(sp.port);
  const num = `${n ?? String(sp.port?.value ?? '?')}/${sp.protocol}`;
  const name = portName(sp.name);
  return name ? `${name} (${num})` : num;
}
