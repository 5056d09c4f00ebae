/**
 * Service-to-service calls: the Service DNS names and service-link variables written in pod
 * templates (env values with `$(VAR)` expansion, command, args) and in the ConfigMaps workloads
 * read, each resolved from the caller's namespace exactly as cluster DNS does, and its port
 * checked against the Service's ports (the Pods' ports for headless Services and Pod names;
 * no check for ExternalName). See kubernetes-networking.md, "How a Pod finds a Service by name".
 *
 *   referencesOf(index, object, settings)  // the references whose site is in this object
 *   callsFrom(index, workload, settings)   // every call a workload makes (its own sites + its ConfigMaps')
 *   callsTo(index, service, settings)      // every call that reaches a Service (rules of other
 *                                          // features, NetworkPolicy, the wiring graph use this)
 *
 * Pure, total, and bounded: a query touches the object's strings and index lookups only;
 * `callsTo` visits only the objects the index files under the Service's name.
 */
import { labelValue } from '../model/labels';
import { exact } from '../model/lists';
import { portName, portNumber, servingContainers, targetPortOf } from '../model/ports';
import { hasPodSelector, portLink, selectedWorkloads } from '../model/service-links';
import {
  isConfigMap,
  isWorkload,
  type ConfigMap,
  type Container,
  type K8sObject,
  type LabelMap,
  type Service,
  type ServicePort,
  type Span,
  type TextRun,
  type TextValue,
  type Workload,
  spanOf,
  textRuns,
} from '../model/types';
import type { Settings } from '../settings';
import { lookupKeys } from '../workspace/dependencies';
import type { IndexView } from '../workspace/workspace-index';
import { configMapsUsedBy, linkPrefixOf, parseHost, type HostForm } from './host-names';
import { scanCached, varTokenEnd, type Candidate } from './scan';

export type CallStatus =
  /** Resolves to a Service with that port, and it has endpoints. */
  | 'ok'
  | 'port-mismatch'
  | 'wrong-namespace'
  /** A `*.svc` name, `svc.ns` of a namespace in the workspace, or a link variable, naming no Service. */
  | 'unknown'
  | 'no-endpoints'
  /** Looks like an address (the key says so) but names no Service of the workspace: not judged. */
  | 'unresolved';

export interface ReferenceSite {
  /** The file that holds the characters (the workload's or the ConfigMap's). */
  readonly uri: string;
  readonly object: Workload | ConfigMap;
  /** The container whose env, command or args hold the string (undefined for ConfigMap data). */
  readonly container: Container | undefined;
  readonly where: 'env' | 'command' | 'args' | 'configMap';
  /** The env variable name, the ConfigMap key, or the `--flag` of `--flag=value`. */
  readonly key: string | undefined;
  readonly value: TextValue;
}

export interface ServiceReference {
  readonly site: ReferenceSite;
  /** The caller's namespace (short names resolve only there). */
  readonly namespace: string;
  /** `host[:port]` as it reads after `$(VAR)` expansion. */
  readonly text: string;
  readonly host: string;
  /** The characters of the host in the file; undefined when they cannot be pointed at exactly. */
  readonly hostSpan: Span | undefined;
  /** The port as written (`7070`, `$(REDIS_SERVICE_PORT)`), if any. */
  readonly portText: string | undefined;
  readonly portSpan: Span | undefined;
  /** The number dialled: written, or the scheme's default (http 80, https 443). */
  readonly port: number | undefined;
  /** A named port: an SRV name's `_name`, or `$(SVC_SERVICE_PORT_NAME)`. */
  readonly portName: string | undefined;
  /** `$(SVC_SERVICE_PORT)`: the Service's first port, whatever it is. */
  readonly linkedPort: boolean;
  readonly scheme: string | undefined;
  readonly form: HostForm;
  /** The Service the name means (namespace + name), when it means one. */
  readonly target: { readonly namespace: string; readonly name: string } | undefined;
  readonly status: CallStatus;
  /** Definitions of the target Service (same identity, maybe several files). */
  readonly services: readonly Service[];
  /** The Service port the call lands on (when status is ok or no-endpoints). */
  readonly servicePort: ServicePort | undefined;
  /** The Pods are dialled directly (headless Service, Pod DNS name): the port is a container port. */
  readonly direct: boolean;
  /** wrong-namespace: Services of that name in other namespaces. */
  readonly elsewhere: readonly Service[];
  /** no-endpoints: why. */
  readonly endpointsProblem: 'selects-nothing' | 'no-target-port' | 'no-endpoints-object' | undefined;
}

/** A call: a reference and the workload that makes it. */
export interface ServiceCall {
  readonly reference: ServiceReference;
  readonly caller: Workload;
  readonly container: Container | undefined;
}

export type ReferenceSettings = Pick<Settings, 'clusterDomain'> & { readonly defaultNamespace?: string };

/**
 * An object whose namespace is not written anywhere (no metadata.namespace, no kustomization
 * namespace): `kubectl apply -n X` puts it in any namespace, so its namespace does not decide a
 * short name's resolution (opentelemetry-demo declares some objects' namespace and not others').
 */
export function floatingNamespace(o: { declaredNamespace: unknown; namespace: string }, settings: ReferenceSettings): boolean {
  return o.declaredNamespace === undefined && (settings.defaultNamespace === undefined || o.namespace === settings.defaultNamespace);
}

/** Key names that say the value is an address. */
const ADDRESS_KEY = /(?:^|[_.-])(?:HOST|HOSTNAME|ADDR|ADDRESS|URL|URI|SERVICE|ENDPOINT|SERVER)S?$/i;
/** Names that are not dialled: TLS server names (SNI), certificate subjects. */
const NOT_DIALLED_KEY = /(?:SERVER_?NAME|SNI|_CN|SUBJECT)$/i;
const DEFAULT_PORTS: Record<string, number> = { http: 80, https: 443, ws: 80, wss: 443 };
const NEVER = new Set(['localhost']);
/** Services every cluster has that manifests never define. */
const BUILT_IN = new Set(['kubernetes/default', 'kube-dns/kube-system']);
const MAX_EXPANDED = 4096;

export function isAddressKey(key: string | undefined): boolean {
  return key !== undefined && ADDRESS_KEY.test(key);
}

// ---------------------------------------------------------------------------------------------
// Strings with their characters' places in a file

interface Mapped {
  readonly text: string;
  readonly uri: string;
  /** The file offset of `text[i]`; -1 for a character of the string that cannot be mapped, FROM_ELSEWHERE for one from another place. */
  at(i: number): number;
}

const FROM_ELSEWHERE = -2;

/** A scalar's own text: its runs are looked up only when a character's place is asked. */
class ValueText implements Mapped {
  readonly text: string;
  private runs: readonly TextRun[] | undefined | null = null;
  constructor(
    private readonly v: TextValue,
    readonly uri: string,
  ) {
    this.text = v.value;
  }
  at(i: number): number {
    if (this.runs === null) this.runs = textRuns(this.v);
    const runs = this.runs;
    if (!runs) return -1;
    let lo = 0;
    let hi = runs.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const r = runs[mid]!;
      if (i < r.from) hi = mid - 1;
      else if (i >= r.from + (r.end - r.start)) lo = mid + 1;
      else return r.start + (i - r.from);
    }
    return -1;
  }
}

/** An expanded text: each character's file offset in a table. */
class ExpandedText implements Mapped {
  constructor(
    readonly text: string,
    readonly uri: string,
    private readonly map: readonly number[],
  ) {}
  at(k: number): number {
    return this.map[k] ?? -1;
  }
}

/** A variable defined with no value (`value: ""` or none). */
class EmptyText implements Mapped {
  readonly text = '';
  constructor(readonly uri: string) {}
  at(): number {
    return -1;
  }
}

function mappedOf(v: TextValue, uri: string): Mapped {
  return new ValueText(v, uri);
}

/** The span of `text[from, to)` when those characters are written contiguously in the file. */
function spanIn(m: Mapped, from: number, to: number): Span | undefined {
  if (to <= from) return undefined;
  const start = m.at(from);
  if (start < 0) return undefined;
  for (let i = from + 1; i < to; i++) if (m.at(i) !== start + (i - from)) return undefined;
  return { start, end: start + (to - from) };
}

/** Some character of `text[from, to)` is written in the site's own scalar. */
function writtenHere(m: Mapped, site: Span, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const at = m.at(i);
    if (at === -1 || (at >= site.start && at < site.end)) return true;
  }
  return false;
}

/** Variables a value may expand: a known text, or `null` (defined, value unknown: a Secret, a field). */
type Vars = Map<string, Mapped | null>;

/** Kubernetes' `$(VAR)` expansion: defined variables are replaced, `$$(VAR)` and undefined ones stay. */
function expand(v: TextValue, uri: string, vars: Vars): Mapped {
  const src = mappedOf(v, uri);
  const s = v.value;
  if (!s.includes('$(')) return src;
  let text = '';
  const map: number[] = [];
  let i = 0;
  while (i < s.length) {
    if (s.charCodeAt(i) === 36) {
      if (s.charCodeAt(i + 1) === 36) {
        // `$$` is an escaped `$`; the scanner ignores `$(` after `$`, so keep both characters.
        text += '$$';
        map.push(src.at(i), src.at(i + 1));
        i += 2;
        continue;
      }
      const e = varTokenEnd(s, i);
      if (e > 0) {
        const name = s.slice(i + 2, e - 1);
        if (vars.has(name)) {
          const val = vars.get(name);
          if (val && text.length + val.text.length <= MAX_EXPANDED) {
            const same = val.uri === uri;
            for (let k = 0; k < val.text.length; k++) {
              text += val.text[k];
              const at = same ? val.at(k) : -1;
              map.push(at >= 0 ? at : FROM_ELSEWHERE);
            }
          } else {
            text += '\u0000'; // unknown at this point: breaks any host it is part of
            map.push(FROM_ELSEWHERE);
          }
          i = e;
          continue;
        }
      }
    }
    text += s[i];
    map.push(src.at(i));
    i++;
  }
  return new ExpandedText(text, uri, map);
}

interface ContainerStrings {
  readonly env: { readonly name: string; readonly text: Mapped; readonly value: TextValue }[];
  readonly command: { readonly text: Mapped; readonly value: TextValue }[];
  readonly args: { readonly text: Mapped; readonly value: TextValue }[];
}

function firstConfigMap(index: IndexView, namespace: string, name: string): ConfigMap | undefined {
  return index.configMapsNamed(namespace, name)[0];
}

/** A container's strings after expansion: envFrom keys, then env in order, then command and args. */
function containerStrings(index: IndexView, w: Workload, c: Container): ContainerStrings {
  const vars: Vars = new Map();
  for (const from of c.envFrom) {
    if (!from.configMap) continue;
    const cm = firstConfigMap(index, w.namespace, from.configMap);
    for (const d of cm?.data ?? []) vars.set(from.prefix + d.key, mappedOf(d.value, cm!.uri));
  }
  const env: ContainerStrings['env'] = [];
  for (const e of c.env) {
    if (e.value) {
      const text = expand(e.value, w.uri, vars);
      env.push({ name: e.name, text, value: e.value });
      vars.set(e.name, text);
    } else if (e.configMapKey) {
      const cm = firstConfigMap(index, w.namespace, e.configMapKey.name);
      const d = cm?.data.find((x) => x.key === e.configMapKey!.key);
      vars.set(e.name, d ? mappedOf(d.value, cm!.uri) : null);
    } else if (e.opaque) {
      vars.set(e.name, null);
    } else {
      vars.set(e.name, new EmptyText(w.uri));
    }
  }
  const list = (values: readonly TextValue[]) => values.map((value) => ({ text: expand(value, w.uri, vars), value }));
  return { env, command: list(c.command), args: list(c.args) };
}

// ---------------------------------------------------------------------------------------------
// Resolution

interface Dial {
  readonly port: number | undefined;
  /** The port is the scheme's default, not written. */
  readonly defaulted: boolean;
  readonly portName: string | undefined;
  readonly linkedPort: boolean;
}

function dialOf(c: Candidate, form: HostForm): Dial {
  let port: number | undefined;
  let name: string | undefined;
  let linked = false;
  if (c.port !== undefined) {
    if (c.port.startsWith('$(')) {
      const v = c.port.slice(2, -1);
      const prefix = form.kind === 'link' ? linkPrefixOf(form.service) : undefined;
      if (prefix && v === `${prefix}_SERVICE_PORT`) linked = true;
      else if (prefix && v.startsWith(`${prefix}_SERVICE_PORT_`)) name = v.slice(prefix.length + 14).toLowerCase().replace(/_/g, '-');
    } else {
      port = Number(c.port);
    }
  } else if (c.scheme !== undefined) {
    port = DEFAULT_PORTS[c.scheme];
  }
  if (form.kind === 'qualified' && form.portName !== undefined) name = form.portName;
  return { port, portName: name, linkedPort: linked, defaulted: c.port === undefined && port !== undefined };
}

interface Resolution {
  readonly target: { namespace: string; name: string } | undefined;
  readonly status: CallStatus;
  readonly services: readonly Service[];
  readonly servicePort: ServicePort | undefined;
  readonly direct: boolean;
  readonly elsewhere: readonly Service[];
  readonly endpointsProblem: ServiceReference['endpointsProblem'];
}

const NONE: Omit<Resolution, 'status' | 'target'> = { services: [], servicePort: undefined, direct: false, elsewhere: [], endpointsProblem: undefined };

/** Container port numbers of the Pods a Service selects (what a direct client may dial). */
function podPortNumbers(index: IndexView, service: Service): Set<number> {
  const out = new Set<number>();
  for (const sel of selectedWorkloads(index, service)) {
    for (const c of servingContainers(sel.template)) for (const p of c.ports) {
      const n = portNumber(p.containerPort);
      if (n !== undefined) out.add(n);
    }
  }
  return out;
}

function checkPort(index: IndexView, services: readonly Service[], dial: Dial, direct: boolean): { ok: boolean; servicePort: ServicePort | undefined } {
  if (services.some((s) => s.type === 'ExternalName')) return { ok: true, servicePort: undefined };
  const ports = services.flatMap((s) => s.ports);
  if (dial.portName !== undefined) {
    const sp = ports.find((p) => portName(p.name) === dial.portName);
    return { ok: sp !== undefined, servicePort: sp };
  }
  if (dial.linkedPort) return { ok: ports.length > 0, servicePort: services.find((s) => s.ports.length > 0)?.ports[0] };
  const n = dial.port;
  if (n === undefined) return { ok: true, servicePort: ports.length === 1 ? ports[0] : undefined };
  // A scheme's default port towards Pods: apps' own endpoint notations (MinIO's
  // `http://minio-0.minio…/data`) mean their listening port, not 80.
  if (direct && dial.defaulted) return { ok: true, servicePort: undefined };
  if (!direct) {
    const sp = ports.find((p) => portNumber(p.port) === n);
    return { ok: sp !== undefined, servicePort: sp };
  }
  // Headless Service or a Pod's name: the client connects to the Pod, on a container port.
  for (const p of ports) {
    const t = targetPortOf(p);
    if (t.kind === 'number' && t.port === n) return { ok: true, servicePort: p };
  }
  const podPorts = services.flatMap((s) => [...podPortNumbers(index, s)]);
  if (podPorts.includes(n)) {
    const named = ports.find((p) => {
      const t = targetPortOf(p);
      return t.kind === 'name';
    });
    return { ok: true, servicePort: named };
  }
  // Nothing declared anywhere (no ports, no selected Pods with ports): nothing to check against.
  if (ports.length === 0 && podPorts.length === 0) return { ok: true, servicePort: undefined };
  return { ok: false, servicePort: undefined };
}

function endpointsProblem(index: IndexView, services: readonly Service[], sp: ServicePort | undefined): ServiceReference['endpointsProblem'] {
  const service = services[0];
  if (!service || service.type === 'ExternalName') return undefined;
  if (services.some((s) => hasPodSelector(s))) {
    const withSelector = services.filter(hasPodSelector);
    const selected = withSelector.flatMap((s) => selectedWorkloads(index, s));
    if (selected.length === 0) return 'selects-nothing';
    if (!sp) return undefined;
    const link = portLink(sp, selected);
    const anyResolves = link.resolutions.some((r) => r.resolution.kind === 'declared' || r.resolution.kind === 'undeclared-number');
    return anyResolves ? undefined : 'no-target-port';
  }
  if (index.endpointsNamed(service.namespace, service.name).length > 0) return undefined;
  if (index.endpointSlicesFor(service.namespace, service.name).length > 0) return undefined;
  return 'no-endpoints-object';
}

function resolved(index: IndexView, target: { namespace: string; name: string }, services: readonly Service[], dial: Dial, podForm: boolean): Resolution {
  const direct = podForm || services.some((s) => s.headless);
  const port = checkPort(index, services, dial, direct);
  if (!port.ok) return { ...NONE, target, status: 'port-mismatch', services, direct };
  const problem = endpointsProblem(index, services, port.servicePort);
  return { ...NONE, target, status: problem ? 'no-endpoints' : 'ok', services, servicePort: port.servicePort, direct, endpointsProblem: problem };
}

/** `undefined`: not a reference at all (an external host, a word that names nothing). */
function resolve(index: IndexView, namespace: string, form: HostForm, dial: Dial, c: Candidate, addressKey: boolean, floating: (o: Service) => boolean, callerFloats: boolean): Resolution | undefined {
  const explicit = c.port !== undefined || c.scheme !== undefined || addressKey;
  /** Services of that name whose namespace is written nowhere: `kubectl apply -n ns` may put them in `ns`. */
  const floatingInto = (name: string, pod: boolean): Resolution | undefined => {
    const f = index.servicesNamedAnywhere(name).filter(floating);
    if (f.length === 0) return undefined;
    const ns = f[0]!.namespace;
    return resolved(index, { namespace: ns, name }, f.filter((s) => s.namespace === ns), dial, pod);
  };
  switch (form.kind) {
    case 'link': {
      const target = { namespace, name: form.service };
      const services = index.servicesNamed(namespace, form.service);
      if (services.length === 0) return { ...NONE, target, status: 'unknown' };
      return resolved(index, target, services, dial, false);
    }
    case 'short': {
      if (NEVER.has(form.service)) return undefined;
      const target = { namespace, name: form.service };
      const services = index.servicesNamed(namespace, form.service);
      if (services.length > 0) return resolved(index, target, services, dial, false);
      if (!explicit) return undefined;
      const elsewhere = index.servicesNamedAnywhere(form.service).filter((s) => s.namespace !== namespace);
      // Caller or Service without a written namespace: they may well be applied together.
      const together = elsewhere.filter((s) => callerFloats || floating(s));
      const namespaces = new Set(together.map((s) => s.namespace));
      if (namespaces.size === 1) {
        const ns = together[0]!.namespace;
        return resolved(index, { namespace: ns, name: form.service }, together, dial, false);
      }
      if (together.length > 0) return { ...NONE, target: undefined, status: 'unresolved' };
      if (elsewhere.length > 0) return { ...NONE, target: undefined, status: 'wrong-namespace', elsewhere };
      return addressKey ? { ...NONE, target: undefined, status: 'unresolved' } : undefined;
    }
    case 'dotted': {
      // `pod.svc` of a headless Service of the caller's namespace, else `svc.ns`.
      const governing = index.servicesNamed(namespace, form.second).filter((s) => s.headless);
      if (governing.length > 0 && !index.hasNamespace(form.second)) {
        return resolved(index, { namespace, name: form.second }, governing, dial, true);
      }
      const target = { namespace: form.second, name: form.first };
      const services = index.servicesNamed(form.second, form.first);
      if (services.length > 0) return resolved(index, target, services, dial, false);
      if (governing.length > 0) return resolved(index, { namespace, name: form.second }, governing, dial, true);
      if (BUILT_IN.has(`${form.first}/${form.second}`)) return undefined;
      if (!index.hasNamespace(form.second) || !(explicit || c.standalone)) return undefined;
      return floatingInto(form.first, false) ?? { ...NONE, target, status: 'unknown' };
    }
    case 'pod-ns': {
      const target = { namespace: form.namespace, name: form.service };
      const services = index.servicesNamed(form.namespace, form.service);
      if (services.length > 0) return resolved(index, target, services, dial, true);
      if (!index.hasNamespace(form.namespace)) return undefined;
      return floatingInto(form.service, true) ?? { ...NONE, target, status: 'unknown' };
    }
    case 'qualified': {
      const target = { namespace: form.namespace, name: form.service };
      const services = index.servicesNamed(form.namespace, form.service);
      if (services.length > 0) return resolved(index, target, services, dial, form.pod !== undefined);
      if (BUILT_IN.has(`${form.service}/${form.namespace}`)) return undefined;
      return floatingInto(form.service, form.pod !== undefined) ?? { ...NONE, target, status: 'unknown' };
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Queries

function candidatesOf(text: Mapped): readonly Candidate[] {
  return scanCached(text.text);
}

/**
 * The references of one string, appended to `out`. The site (`uri` … `value`) is built only for a
 * reference found: most strings name no Service.
 */
function referencesInText(
  out: ServiceReference[],
  index: IndexView,
  settings: ReferenceSettings,
  namespace: string,
  text: Mapped,
  object: Workload | ConfigMap,
  container: Container | undefined,
  where: ReferenceSite['where'],
  siteKey: string | undefined,
  value: TextValue,
): void {
  const candidates = candidatesOf(text);
  if (candidates.length === 0) return;
  if (NOT_DIALLED_KEY.test(siteKey ?? '')) return;
  const callerFloats = floatingNamespace(object, settings);
  for (const c of candidates) {
    const parsed = parsedCandidate(c, settings.clusterDomain);
    const form = parsed.form;
    if (!form) continue;
    const key = c.key ?? siteKey;
    const addressKey = isAddressKey(key) || isAddressKey(c.key);
    if (c.standalone && form.kind === 'short' && !addressKey && index.servicesNamed(namespace, form.service).length === 0) continue;
    // Every character from another variable (`$(UPSTREAM)`): that variable's own site (its env
    // value, its ConfigMap data) holds the reference.
    if (where !== 'configMap' && !writtenHere(text, value, c.hostFrom, c.port !== undefined ? c.portTo : c.hostTo)) continue;
    const dial = parsed.dial!;
    const r = resolveCached(index, settings, namespace, form, dial, c, addressKey, callerFloats);
    if (!r) continue;
    out.push({
      site: { uri: object.uri, object, container, where, key: siteKey ?? c.key, value },
      namespace,
      text: text.text.slice(c.hostFrom, c.port !== undefined ? c.portTo : c.hostTo),
      host: c.host,
      hostSpan: spanIn(text, c.hostFrom, c.hostTo),
      portText: c.port,
      portSpan: c.port !== undefined ? spanIn(text, c.portFrom, c.portTo) : undefined,
      port: dial.port,
      portName: dial.portName,
      linkedPort: dial.linkedPort,
      scheme: c.scheme,
      form,
      ...r,
    });
  }
}

/** A candidate's host form and dial for a cluster domain (both depend on nothing else): the scan's candidates are shared, so is this. */
interface ParsedCandidate {
  readonly domain: string;
  readonly form: HostForm | undefined;
  readonly dial: Dial | undefined;
}
const parsedCandidates = new WeakMap<Candidate, ParsedCandidate>();

function parsedCandidate(c: Candidate, domain: string): ParsedCandidate {
  let p = parsedCandidates.get(c);
  if (p === undefined || p.domain !== domain) {
    const form = parseHost(c.host, domain);
    p = { domain, form, dial: form ? dialOf(c, form) : undefined };
    parsedCandidates.set(c, p);
  }
  return p;
}

function workloadReferences(index: IndexView, w: Workload, settings: ReferenceSettings): ServiceReference[] {
  const out: ServiceReference[] = [];
  for (const c of w.template?.containers ?? []) {
    const strings = containerStrings(index, w, c);
    for (const e of strings.env) referencesInText(out, index, settings, w.namespace, e.text, w, c, 'env', e.name, e.value);
    for (const x of strings.command) referencesInText(out, index, settings, w.namespace, x.text, w, c, 'command', undefined, x.value);
    for (const x of strings.args) referencesInText(out, index, settings, w.namespace, x.text, w, c, 'args', undefined, x.value);
  }
  return out;
}

function configMapReferences(index: IndexView, cm: ConfigMap, settings: ReferenceSettings): ServiceReference[] {
  const out: ServiceReference[] = [];
  for (const d of cm.data) referencesInText(out, index, settings, cm.namespace, mappedOf(d.value, cm.uri), cm, undefined, 'configMap', d.key, d.value);
  return out;
}

/**
 * The references whose characters are in this object: a workload's env values, commands and
 * arguments; a ConfigMap's data when some workload of its namespace reads the ConfigMap.
 */
export function referencesOf(index: IndexView, o: K8sObject, settings: ReferenceSettings): ServiceReference[] {
  if (!isWorkload(o) && !isConfigMap(o)) return [];
  return memo(index, o, settings, 'own', (index) => {
    try {
      if (isWorkload(o)) return workloadReferences(index, o, settings);
      if (isConfigMap(o) && o.name && index.workloadsUsingConfigMap(o.namespace, o.name).length > 0) return configMapReferences(index, o, settings);
    } catch {
      // Total: odd input yields no references rather than an exception.
    }
    return [];
  });
}

/**
 * What a computation read from the index, as dependency keys (`workspace/dependencies.ts`
 * `lookupKeys`): its result stays right until an object providing one of them is added or
 * removed. `untracked`: it asked something that has no key; it is then kept only while the index
 * does not change at all.
 */
interface Reads {
  readonly keys: Set<string>;
  untracked: boolean;
}

/**
 * What a finished computation read, as kept with its result: the keys as an exact array (a Set
 * and its hash table cost ~150 bytes more per memo, one memo per workload of the workspace), and
 * one shared record for the many computations that read nothing.
 */
interface Recorded {
  readonly keys: readonly string[];
  readonly untracked: boolean;
}
const READ_NOTHING: Recorded = Object.freeze({ keys: Object.freeze([]) as readonly string[], untracked: false });

function recorded(reads: Reads): Recorded {
  if (reads.keys.size === 0 && !reads.untracked) return READ_NOTHING;
  return { keys: [...reads.keys], untracked: reads.untracked };
}

type Keyer = (reads: Reads, ...args: never[]) => void;
const K = lookupKeys;
const KEYED: Partial<Record<keyof IndexView, Keyer>> = {
  generation: () => undefined,
  changedSince: () => undefined,
  servicesNamed: (r, ns: string, name: string) => void r.keys.add(K.service(ns, name)),
  endpointsNamed: (r, ns: string, name: string) => void r.keys.add(K.service(ns, name)),
  endpointSlicesFor: (r, ns: string, name: string) => void r.keys.add(K.service(ns, name)),
  servicesNamedAnywhere: (r, name: string) => void r.keys.add(K.serviceName(name)),
  hasNamespace: (r, ns: string) => void r.keys.add(K.namespace(ns)),
  namespacesNamed: (r, name: string) => void r.keys.add(K.namespace(name)),
  configMapsNamed: (r, ns: string, name: string) => void r.keys.add(K.configMap(ns, name)),
  workloadsUsingConfigMap: (r, ns: string, name: string) => void r.keys.add(K.configMapReaders(ns, name)),
  selectWorkloads: (r, ns: string, selector: LabelMap) => {
    for (const e of selector.entries) {
      r.keys.add(K.label(ns, e.key, e.value));
      r.keys.add(K.label(ns, e.key, labelValue(selector, e.key) ?? e.value));
    }
  },
};

/** The recording views of the computations running: their index and what they read so far. */
const recordings = new WeakMap<IndexView, { readonly base: IndexView; readonly reads: Reads }>();

/**
 * The index, recording what is asked of it. Each method is wrapped once per view (on its first
 * use), and the keyed lookups (two arguments at most) without collecting their arguments: a
 * computation asks the index many times.
 */
function reading(index: IndexView, reads: Reads): IndexView {
  type Method = (...a: unknown[]) => unknown;
  const wrapped = new Map<PropertyKey, { readonly method: Method; readonly wrapper: Method }>();
  const view = new Proxy(index, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop, target);
      if (typeof value !== 'function') return value;
      const method = value as Method;
      const known = wrapped.get(prop);
      if (known !== undefined && known.method === method) return known.wrapper;
      const keyer = KEYED[prop as keyof IndexView] as ((r: Reads, a?: unknown, b?: unknown) => void) | undefined;
      const wrapper: Method = keyer
        ? (a?: unknown, b?: unknown) => {
            keyer(reads, a, b);
            return method.call(target, a, b);
          }
        : (...args: unknown[]) => {
            reads.untracked = true;
            return method.apply(target, args);
          };
      wrapped.set(prop, { method, wrapper });
      return wrapper;
    },
  });
  recordings.set(view, { base: index, reads });
  return view;
}

function merge(into: Reads, from: Recorded): void {
  for (const k of from.keys) into.keys.add(k);
  if (from.untracked) into.untracked = true;
}

interface ResolutionEntry {
  readonly resolution: Resolution | undefined;
  readonly reads: Recorded;
  readonly generation: number;
}

/**
 * Resolutions of one index for one pair of settings, by everything else `resolve` reads: the
 * host, the caller's namespace, then (a short list searched in order) the port, scheme and flags.
 * No key string is built: a hit allocates nothing.
 */
interface Resolutions {
  readonly domain: string;
  readonly defaultNamespace: string | undefined;
  readonly byHost: Map<string, Map<string, KeyedResolution[]>>;
  size: number;
}
interface KeyedResolution {
  readonly port: string | undefined;
  readonly scheme: string | undefined;
  /** standalone, addressKey, callerFloats as bits. */
  readonly flags: number;
  entry: ResolutionEntry;
}
const resolutions = new WeakMap<IndexView, Resolutions>();
const MAX_RESOLUTIONS = 20_000;

/**
 * `resolve`, remembered per index by (caller namespace, host, port, scheme, the flags) and kept
 * like the object memo: until an object providing a key the resolution read (the Services of
 * that name, the namespace, the selected workloads, Endpoints) is added or removed. An object
 * whose references must be recomputed (it moved, or one of its targets changed) re-resolves only
 * the hosts whose answers changed. What the resolution read is added to the computation's reads.
 */
function resolveCached(
  index: IndexView,
  settings: ReferenceSettings,
  namespace: string,
  form: HostForm,
  dial: Dial,
  c: Candidate,
  addressKey: boolean,
  callerFloats: boolean,
): Resolution | undefined {
  const rec = recordings.get(index);
  const base = rec?.base ?? index;
  let cache = resolutions.get(base);
  if (!cache || cache.domain !== settings.clusterDomain || cache.defaultNamespace !== settings.defaultNamespace) {
    cache = { domain: settings.clusterDomain, defaultNamespace: settings.defaultNamespace, byHost: new Map(), size: 0 };
    resolutions.set(base, cache);
  }
  const flags = (c.standalone ? 1 : 0) | (addressKey ? 2 : 0) | (callerFloats ? 4 : 0);
  const list = cache.byHost.get(c.host)?.get(namespace);
  let found: KeyedResolution | undefined;
  if (list) {
    for (const k of list) {
      if (k.flags === flags && k.port === c.port && k.scheme === c.scheme) {
        found = k;
        break;
      }
    }
  }
  if (found && fresh(base, found.entry)) {
    if (rec) merge(rec.reads, found.entry.reads);
    return found.entry.resolution;
  }
  const reads: Reads = { keys: new Set(), untracked: false };
  const floating = (o: Service) => floatingNamespace(o, settings);
  const generation = base.generation();
  const resolution = resolve(reading(base, reads), namespace, form, dial, c, addressKey, floating, callerFloats);
  const entry: ResolutionEntry = { resolution, reads: recorded(reads), generation };
  if (found) found.entry = entry;
  else {
    if (cache.size >= MAX_RESOLUTIONS) {
      cache.byHost.clear();
      cache.size = 0;
    }
    let byNamespace = cache.byHost.get(c.host);
    if (!byNamespace) cache.byHost.set(c.host, (byNamespace = new Map()));
    let keyed = byNamespace.get(namespace);
    if (!keyed) byNamespace.set(namespace, (keyed = []));
    keyed.push({ port: c.port, scheme: c.scheme, flags, entry });
    cache.size++;
  }
  if (rec) merge(rec.reads, entry.reads);
  return entry.resolution;
}

interface Entry {
  readonly refs: ServiceReference[];
  readonly reads: Recorded;
  /** The index generation the entry was computed at. */
  readonly generation: number;
}

interface Memo {
  readonly index: IndexView;
  readonly domain: string;
  readonly defaultNamespace: string | undefined;
  own?: Entry;
  configMap?: Entry;
}

/**
 * The references of an object depend on the object, two settings and what their computation
 * read from the index: kept per object until an object providing one of the keys it read is
 * added or removed. So the four rules, the inlay hints and the CodeLens of one analysis compute
 * them once, and an edit recomputes only the references it can change: those of the objects it
 * replaced and of the objects whose lookups it answers differently (a Service, a ConfigMap, a
 * selected workload, a Namespace) — never those of other files or of the untouched documents of
 * the edited file.
 */
const memos = new WeakMap<K8sObject, Memo>();
let computations = 0;

/** How many times an object's references were computed (not taken from the memo): for tests. */
export function referenceComputations(): number {
  return computations;
}

function fresh<E extends { readonly reads: Recorded; readonly generation: number }>(index: IndexView, e: E | undefined): e is E {
  if (!e) return false;
  if (e.generation === index.generation()) return true;
  return !e.reads.untracked && !index.changedSince(e.reads.keys, e.generation);
}

function memo(index: IndexView, o: K8sObject, settings: ReferenceSettings, slot: 'own' | 'configMap', compute: (index: IndexView) => ServiceReference[]): ServiceReference[] {
  let m = memos.get(o);
  if (!m || m.index !== index || m.domain !== settings.clusterDomain || m.defaultNamespace !== settings.defaultNamespace) {
    m = { index, domain: settings.clusterDomain, defaultNamespace: settings.defaultNamespace };
    memos.set(o, m);
  }
  const cached = m[slot];
  if (fresh(index, cached)) return cached.refs;
  computations++;
  const generation = index.generation();
  const reads: Reads = { keys: new Set(), untracked: false };
  // Kept for as long as the object: most objects call nothing (one shared empty list).
  const refs = exact(compute(reading(index, reads)));
  m[slot] = { refs, reads: recorded(reads), generation };
  return refs;
}

/** The container of a workload that reads a ConfigMap (envFrom, configMapKeyRef, a mounted volume). */
function readerOf(w: Workload, configMap: string): Container | undefined {
  const t = w.template;
  if (!t) return undefined;
  const volumes = new Set(t.configMapVolumes.filter((v) => v.configMap === configMap).map((v) => v.volume));
  return t.containers.find(
    (c) => c.envFrom.some((e) => e.configMap === configMap) || c.env.some((e) => e.configMapKey?.name === configMap) || c.mounts.some((m) => volumes.has(m)),
  );
}

/** Every call a workload makes: its own strings and the data of the ConfigMaps it reads. */
export function callsFrom(index: IndexView, w: Workload, settings: ReferenceSettings): ServiceCall[] {
  const out: ServiceCall[] = [];
  try {
    for (const reference of referencesOf(index, w, settings)) out.push({ reference, caller: w, container: reference.site.container });
    for (const name of configMapsUsedBy(w)) {
      const cm = firstConfigMap(index, w.namespace, name);
      if (!cm) continue;
      const container = readerOf(w, name);
      for (const reference of memo(index, cm, settings, 'configMap', (index) => configMapReferences(index, cm, settings))) out.push({ reference, caller: w, container });
    }
  } catch {
    return out;
  }
  return out;
}

/**
 * The calls one reference stands for: its workload's, or, for ConfigMap data, each workload of
 * the namespace that reads that ConfigMap (as `callsFrom` finds them).
 */
export function callsOfReference(index: IndexView, r: ServiceReference): ServiceCall[] {
  const o = r.site.object;
  if (isWorkload(o)) return [{ reference: r, caller: o, container: r.site.container }];
  if (firstConfigMap(index, o.namespace, o.name) !== o) return [];
  return index.workloadsUsingConfigMap(o.namespace, o.name).map((w) => ({ reference: r, caller: w, container: readerOf(w, o.name) }));
}

/** Whether a reference lands on this Service (by identity: any definition of it). */
export function referencesService(r: ServiceReference, service: Service): boolean {
  return r.target !== undefined && r.target.namespace === service.namespace && r.target.name === service.name && r.services.length > 0;
}

/** Every call that reaches a Service, in source order of the callers. */
export function callsTo(index: IndexView, service: Service, settings: ReferenceSettings): ServiceCall[] {
  if (!service.name) return [];
  const callers = new Set<Workload>();
  for (const o of index.mentioning(service.name)) {
    if (isWorkload(o)) callers.add(o);
    else for (const w of index.workloadsUsingConfigMap(o.namespace, o.name)) callers.add(w);
  }
  const out: ServiceCall[] = [];
  for (const w of [...callers].sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : a.span.start - b.span.start))) {
    for (const call of callsFrom(index, w, settings)) if (referencesService(call.reference, service)) out.push(call);
  }
  return out;
}

/** Where a finding about a reference goes: the host (and port) characters, else the whole string. */
export function referenceSpan(r: ServiceReference): Span {
  const inSite = (s: Span | undefined) => s !== undefined && s.start >= r.site.value.start && s.end <= r.site.value.end;
  if (inSite(r.hostSpan)) {
    if (inSite(r.portSpan)) return { start: r.hostSpan!.start, end: r.portSpan!.end };
    return r.hostSpan!;
  }
  if (inSite(r.portSpan)) return r.portSpan!;
  return spanOf(r.site.value);
}
