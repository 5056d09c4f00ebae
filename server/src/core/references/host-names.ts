/**
 * What a host written in a manifest means in cluster DNS (kubernetes-networking.md, "How a Pod
 * finds a Service by name"): `svc`, `svc.ns`, `svc.ns.svc`, `svc.ns.svc.<domain>`, the Pod forms
 * `pod.svc[.ns[.svc[.<domain>]]]`, SRV names `_port._proto.svc.ns.svc.<domain>`, and the kubelet's
 * service-link variables `$(<SVC>_SERVICE_HOST)`. Pure.
 */
import type { Container, K8sObject, TextValue, Workload } from '../model/types';
import { isConfigMap, isWorkload } from '../model/types';
import { scanCached } from './scan';

export type HostForm =
  /** `svc`: the caller's namespace only. */
  | { readonly kind: 'short'; readonly service: string }
  /** `a.b`: `svc.ns`, or `pod.svc` in the caller's namespace. */
  | { readonly kind: 'dotted'; readonly first: string; readonly second: string }
  /** `pod.svc.ns` (unqualified, three labels). */
  | { readonly kind: 'pod-ns'; readonly pod: string; readonly service: string; readonly namespace: string }
  /** `…svc` or `…svc.<domain>`: `svc.ns` or `pod.svc.ns`, with an optional SRV port name. */
  | {
      readonly kind: 'qualified';
      readonly service: string;
      readonly namespace: string;
      readonly pod: string | undefined;
      readonly portName: string | undefined;
      readonly fqdn: boolean;
    }
  /** `$(<SVC>_SERVICE_HOST)`: the kubelet's variable for a Service of the caller's namespace. */
  | { readonly kind: 'link'; readonly service: string; readonly variable: string };

const LABEL = /^[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?$/;
const SERVICE_NAME = /^[a-z](?:[-a-z0-9]{0,61}[a-z0-9])?$/;
const LINK_HOST = /^\$\(([A-Z][A-Z0-9_]{0,100})_SERVICE_HOST\)$/;

/** The Service a service-link variable prefix names (`REDIS_MASTER` → `redis-master`). */
export function serviceOfLinkPrefix(prefix: string): string {
  return prefix.toLowerCase().replace(/_/g, '-');
}

/** The kubelet's prefix for a Service (`redis-master` → `REDIS_MASTER`). */
export function linkPrefixOf(service: string): string {
  return service.toUpperCase().replace(/-/g, '_');
}

const SVC = ['svc'] as const;
/** The cluster domain's labels and `svc` before them, for the last domain asked (a run asks for one). */
let lastDomain: { readonly clusterDomain: string; readonly domain: readonly string[]; readonly svcDomain: readonly string[] } | undefined;
function domainLabels(clusterDomain: string): { readonly domain: readonly string[]; readonly svcDomain: readonly string[] } {
  if (lastDomain?.clusterDomain !== clusterDomain) {
    const domain = clusterDomain.split('.').filter((l) => l.length > 0);
    lastDomain = { clusterDomain, domain, svcDomain: [...SVC, ...domain] };
  }
  return lastDomain;
}

export function parseHost(host: string, clusterDomain: string): HostForm | undefined {
  if (host.length === 0 || host.length > 253) return undefined;
  const link = LINK_HOST.exec(host);
  if (link) return { kind: 'link', service: serviceOfLinkPrefix(link[1]!), variable: `${link[1]}_SERVICE_HOST` };
  let labels = host.split('.');
  let portName: string | undefined;
  if (labels.length > 2 && labels[0]!.startsWith('_') && labels[1]!.startsWith('_')) {
    portName = labels[0]!.slice(1);
    labels = labels.slice(2);
  }
  const { domain, svcDomain } = domainLabels(clusterDomain);
  let qualified: 'svc' | 'fqdn' | undefined;
  const endsWith = (suffix: readonly string[]) => labels.length > suffix.length && suffix.every((l, k) => labels[labels.length - suffix.length + k] === l);
  if (domain.length > 0 && endsWith(svcDomain)) {
    qualified = 'fqdn';
    labels = labels.slice(0, labels.length - domain.length - 1);
  } else if (endsWith(SVC)) {
    qualified = 'svc';
    labels = labels.slice(0, -1);
  }
  if (!labels.every((l) => LABEL.test(l))) return undefined;
  if (qualified) {
    if (labels.length === 2 && SERVICE_NAME.test(labels[0]!)) return { kind: 'qualified', service: labels[0]!, namespace: labels[1]!, pod: undefined, portName, fqdn: qualified === 'fqdn' };
    if (labels.length === 3 && SERVICE_NAME.test(labels[1]!) && portName === undefined) {
      return { kind: 'qualified', service: labels[1]!, namespace: labels[2]!, pod: labels[0]!, portName: undefined, fqdn: qualified === 'fqdn' };
    }
    return undefined;
  }
  if (portName !== undefined) return undefined;
  if (labels.length === 1) return SERVICE_NAME.test(labels[0]!) ? { kind: 'short', service: labels[0]! } : undefined;
  if (labels.length === 2) return { kind: 'dotted', first: labels[0]!, second: labels[1]! };
  if (labels.length === 3 && SERVICE_NAME.test(labels[1]!)) return { kind: 'pod-ns', pod: labels[0]!, service: labels[1]!, namespace: labels[2]! };
  return undefined;
}

/** Names a host form may refer to as a Service name (for the index and dependencies). */
export function serviceNamesOf(form: HostForm): string[] {
  switch (form.kind) {
    case 'short':
    case 'link':
      return [form.service];
    case 'dotted':
      return [form.first, form.second];
    case 'pod-ns':
    case 'qualified':
      return [form.service];
  }
}

/** Namespaces a host form names explicitly. */
export function namespacesOf(form: HostForm): string[] {
  switch (form.kind) {
    case 'dotted':
      return [form.second];
    case 'pod-ns':
    case 'qualified':
      return [form.namespace];
    default:
      return [];
  }
}

/** Every string of a container that may hold a reference. */
export function containerTexts(c: Container): TextValue[] {
  const out: TextValue[] = [];
  for (const e of c.env) if (e.value) out.push(e.value);
  out.push(...c.command, ...c.args);
  return out;
}

/** The ConfigMaps a workload reads (envFrom, configMapKeyRef, volumes), by name. */
export function configMapsUsedBy(w: Workload): string[] {
  const names = new Set<string>();
  const t = w.template;
  if (!t) return [];
  for (const c of t.containers) {
    for (const e of c.envFrom) if (e.configMap) names.add(e.configMap);
    for (const e of c.env) if (e.configMapKey) names.add(e.configMapKey.name);
  }
  for (const v of t.configMapVolumes) names.add(v.configMap);
  return [...names];
}

const mentionCache = new WeakMap<K8sObject, readonly string[]>();
const MAX_NAMES_CACHED = 4096;
const namesCache = new Map<string, readonly string[]>();

/** The names one string may mention (see `mentionsOf`), remembered by content like `scanCached`: strings repeat. */
function namesMentionedIn(text: string): readonly string[] {
  let cached = namesCache.get(text);
  if (cached) return cached;
  const names = new Set<string>();
  for (const c of scanCached(text)) {
    const link = LINK_HOST.exec(c.host);
    if (link) {
      names.add(serviceOfLinkPrefix(link[1]!));
      continue;
    }
    const labels = c.host.split('.', 8).filter((l) => !l.startsWith('_'));
    const svc = labels.indexOf('svc');
    for (const l of svc >= 0 ? labels.slice(0, svc) : labels.slice(0, 3)) if (LABEL.test(l)) names.add(l);
  }
  cached = [...names];
  if (namesCache.size >= MAX_NAMES_CACHED) namesCache.delete(namesCache.keys().next().value!);
  namesCache.set(text, cached);
  return cached;
}

/** A moved copy of an object (parse-file's `shift`: the same strings at other offsets) mentions what the object mentions. */
export function carryMentions(from: K8sObject, to: K8sObject): void {
  const cached = mentionCache.get(from);
  if (cached) mentionCache.set(to, cached);
}

/**
 * The Service names (and namespaces) an object's strings may mention, whatever the caller's
 * namespace and the cluster domain: what the index files callers under, and what their findings
 * depend on. A cheap superset of the references `service-references.ts` finds: every label of
 * a candidate host before its `svc` label (SRV labels dropped), and the Service of a link variable.
 */
export function mentionsOf(o: K8sObject): readonly string[] {
  const cached = mentionCache.get(o);
  if (cached) return cached;
  const names = new Set<string>();
  if (isWorkload(o)) {
    for (const c of o.template?.containers ?? []) for (const t of containerTexts(c)) for (const n of namesMentionedIn(t.value)) names.add(n);
  } else if (isConfigMap(o)) {
    for (const d of o.data) for (const n of namesMentionedIn(d.value.value)) names.add(n);
  }
  // A label may be a Service or a namespace (`svc.ns`): the same set serves both.
  const out = names.size === 0 ? NO_NAMES : [...names].sort();
  mentionCache.set(o, out);
  return out;
}

const NO_NAMES: readonly string[] = Object.freeze([]);
