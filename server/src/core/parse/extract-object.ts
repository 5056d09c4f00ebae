/**
 * Builds the object model from one manifest mapping. Total: any shape yields either an object
 * with what could be read, or nothing.
 */
import {
  WORKLOAD_KINDS,
  type ConfigMap,
  type ConfigMapEntry,
  type ConfigMapVolume,
  type Container,
  type ContainerPort,
  type EnvFrom,
  type EnvVar,
  type TextValue,
  type EndpointAddress,
  type EndpointPort,
  type EndpointSlice,
  type Endpoints,
  type EndpointSubset,
  GATEWAY_GROUP,
  ROUTE_KINDS,
  type BackendRef,
  type Gateway,
  type Listener,
  type NetworkPolicy,
  type ParentRef,
  type PolicyPeer,
  type PolicyPort,
  type PolicyRule,
  type ReferenceGrant,
  type Route,
  type RouteGroupKind,
  type RouteKind,
  type RouteMatch,
  type RouteRule,
  type Ingress,
  type IngressBackend,
  type K8sObject,
  type Kustomization,
  type KustomizeEntry,
  type KustomizePatch,
  type KustomizePatchTarget,
  type LabelSelector,
  type LabelSelectorRequirement,
  type PodTemplate,
  type Probe,
  type ProbeHandler,
  type ProbeKind,
  type Service,
  type ServicePort,
  type Span,
  type Workload,
  type WorkloadKind,
  spanOf,
} from '../model/types';
import { addPodDnsNames } from '../model/pod-dns-names';
import type { NodeReader, PairNode } from './read-node';
import { exact } from '../model/lists';

export interface ExtractContext {
  readonly reader: NodeReader;
  readonly uri: string;
  readonly documentIndex: number;
  readonly documentSpan: Span;
  /** Namespace for objects that do not declare one. */
  readonly defaultNamespace: string;
  /**
   * The namespace of the kustomization that lists the file: it replaces the namespace a resource
   * declares, as kustomize's namespace transformer does.
   */
  readonly namespaceOverride?: string | undefined;
  /** The file is a kustomization (kustomization.yaml), whatever its content says. */
  readonly isKustomizationFile: boolean;
}

/** Extracts the objects of one document: one, several (a `List`), or none. */
export function extractObjects(ctx: ExtractContext, root: unknown): K8sObject[] {
  const r = ctx.reader;
  if (!r.map(root)) return [];
  if (ctx.isKustomizationFile) {
    const kind = r.stringAt(root, 'kind');
    if (kind === undefined || kind === 'Kustomization') return [extractKustomization(ctx, root)];
    if (kind === 'Component' && (r.stringAt(root, 'apiVersion') ?? '').startsWith('kustomize.config.k8s.io/')) {
      return [extractKustomization(ctx, root, true)];
    }
  }
  const kind = r.stringAt(root, 'kind');
  const apiVersion = r.stringAt(root, 'apiVersion');
  if (!kind || !apiVersion) return [];
  const items = r.get(root, 'items');
  if (kind.endsWith('List') && items !== undefined) {
    const out: K8sObject[] = [];
    for (const item of r.seq(items)) {
      const k = r.stringAt(item, 'kind');
      if (k && !k.endsWith('List') && r.stringAt(item, 'apiVersion')) out.push(extractOne(ctx, item), ...embeddedWorkloads(ctx, item, k));
    }
    return out;
  }
  return [extractOne(ctx, root), ...embeddedWorkloads(ctx, root, kind)];
}

/**
 * Workloads defined inside another object: an OLM `ClusterServiceVersion` carries its operator's
 * Deployments in `spec.install.spec.deployments[]` (`name`, `label`, `spec` = a DeploymentSpec)
 * and OLM creates them in the CSV's namespace. Each is a Deployment of its own, with spans into
 * the CSV (its mapping is the `deployments[]` item, its name the item's `name`).
 */
function embeddedWorkloads(ctx: ExtractContext, node: unknown, kind: string): Workload[] {
  if (kind !== 'ClusterServiceVersion') return [];
  const r = ctx.reader;
  const csv = base(ctx, node);
  const out: Workload[] = [];
  for (const item of r.seq(r.path(node, 'spec', 'install', 'spec', 'deployments'))) {
    if (!r.map(item)) continue;
    const spec = r.get(item, 'spec');
    if (!r.map(spec)) continue;
    const nameScalar = r.stringScalar(r.get(item, 'name'));
    const kindSpan: Span = nameScalar ?? r.spanOr(item);
    const t = r.get(spec, 'template');
    const names = new Set<string>();
    const template = r.map(t) ? extractPodSpec(ctx, r.path(t, 'metadata', 'labels'), r.get(t, 'spec'), t, names) : undefined;
    out.push(
      Object.assign({}, csv, {
      apiVersion: 'apps/v1',
      name: nameScalar?.value ?? '',
      nameStart: nameScalar?.start,
      nameEnd: nameScalar?.end,
      kindStart: kindSpan.start,
      kindEnd: kindSpan.end,
      labels: r.labelMap(r.get(item, 'label')),
      span: r.spanOr(item),
      kind: 'Deployment' as const,
      replicas: r.scalarAt(spec, 'replicas'),
      selector: extractSelector(ctx, 'Deployment', r.get(spec, 'selector')),
      template,
      serviceName: undefined,
      ...(names.size ? { podDnsNames: [...names] } : {}),
      }),
    );
  }
  return out;
}

function base(ctx: ExtractContext, node: unknown) {
  const r = ctx.reader;
  const metadata = r.get(node, 'metadata');
  const declaredNamespace = r.stringScalar(r.get(metadata, 'namespace'));
  const nameScalar = r.stringScalar(r.get(metadata, 'name'));
  const kindSpan = r.spanOr(r.get(node, 'kind'), node);
  return {
    apiVersion: r.stringAt(node, 'apiVersion') ?? '',
    namespace: ctx.namespaceOverride || declaredNamespace?.value || ctx.defaultNamespace,
    declaredNamespace,
    name: nameScalar?.value ?? '',
    nameStart: nameScalar?.start,
    nameEnd: nameScalar?.end,
    kindStart: kindSpan.start,
    kindEnd: kindSpan.end,
    labels: r.labelMap(r.get(metadata, 'labels')),
    uri: ctx.uri,
    documentIndex: ctx.documentIndex,
    documentSpan: ctx.documentSpan,
    span: r.spanOr(node),
  };
}

/**
 * The base fields and the kind's own, in this order, built without a leading spread: V8 gives
 * every object written `{ ...base, more }` a hidden class of its own (a map and descriptor array
 * per object, ~0.7 KB a document; see bench/memory.ts), while adding properties to the base
 * object follows the shared transitions.
 */
function withBase<T extends object>(ctx: ExtractContext, node: unknown, own: T): ReturnType<typeof base> & T {
  return Object.assign(base(ctx, node), own);
}

function extractOne(ctx: ExtractContext, node: unknown): K8sObject {
  const kind = ctx.reader.stringAt(node, 'kind') ?? '';
  if ((WORKLOAD_KINDS as readonly string[]).includes(kind)) return extractWorkload(ctx, node, kind as WorkloadKind);
  const group = groupOf(ctx.reader.stringAt(node, 'apiVersion') ?? '');
  if (group === GATEWAY_GROUP) {
    if (kind === 'Gateway') return extractGateway(ctx, node);
    if ((ROUTE_KINDS as readonly string[]).includes(kind)) return extractRoute(ctx, node, kind as RouteKind);
    if (kind === 'ReferenceGrant') return extractReferenceGrant(ctx, node);
  }
  if (group === 'networking.k8s.io' && kind === 'NetworkPolicy') return extractNetworkPolicy(ctx, node);
  switch (kind) {
    case 'Service':
      return extractService(ctx, node);
    case 'Endpoints':
      return extractEndpoints(ctx, node);
    case 'EndpointSlice':
      return extractEndpointSlice(ctx, node);
    case 'Ingress':
      return extractIngress(ctx, node);
    case 'ConfigMap':
      return extractConfigMap(ctx, node);
    default:
      return withBase(ctx, node, { kind, other: true });
  }
}

// ---------------------------------------------------------------------------------------------
// Workloads and pod templates

function extractWorkload(ctx: ExtractContext, node: unknown, kind: WorkloadKind): Workload {
  const r = ctx.reader;
  const spec = r.get(node, 'spec');
  let template: PodTemplate | undefined;
  // The per-Pod DNS names the pod spec's containers name in env values, command and args.
  const names = new Set<string>();
  if (kind === 'Pod') {
    template = extractPodSpec(ctx, r.get(r.get(node, 'metadata'), 'labels'), spec, node, names);
  } else {
    const templateSpec = kind === 'CronJob' ? r.path(spec, 'jobTemplate', 'spec') : spec;
    const t = r.get(templateSpec, 'template');
    if (r.map(t)) template = extractPodSpec(ctx, r.path(t, 'metadata', 'labels'), r.get(t, 'spec'), t, names);
  }
  const selectorParent = kind === 'CronJob' ? r.path(spec, 'jobTemplate', 'spec') : spec;
  return withBase(ctx, node, {
    kind,
    replicas: r.scalarAt(spec, 'replicas'),
    selector: kind === 'Pod' || kind === 'CronJob' ? undefined : extractSelector(ctx, kind, r.get(selectorParent, 'selector')),
    template,
    serviceName: kind === 'StatefulSet' ? r.scalarAt(spec, 'serviceName') : undefined,
    ...(names.size ? { podDnsNames: [...names] } : {}),
  });
}

function extractSelector(ctx: ExtractContext, kind: WorkloadKind, node: unknown): LabelSelector | undefined {
  const r = ctx.reader;
  if (!r.map(node)) return undefined;
  // ReplicationController selectors are plain maps; the others are LabelSelectors.
  if (kind === 'ReplicationController') {
    return { matchLabels: r.labelMap(node), matchExpressions: exact([]), span: r.spanOr(node) };
  }
  return extractLabelSelector(ctx, node);
}

/** A metav1.LabelSelector (matchLabels + matchExpressions); undefined when not a map. */
function extractLabelSelector(ctx: ExtractContext, node: unknown): LabelSelector | undefined {
  const r = ctx.reader;
  if (!r.map(node)) return undefined;
  const matchExpressions: LabelSelectorRequirement[] = [];
  for (const e of r.seq(r.get(node, 'matchExpressions'))) {
    const key = r.stringAt(e, 'key');
    const operator = r.stringAt(e, 'operator');
    if (key === undefined || operator === undefined) continue;
    const values = r
      .seq(r.get(e, 'values'))
      .map((v) => r.string(v))
      .filter((v): v is string => v !== undefined);
    matchExpressions.push({ key, operator, values, span: r.spanOr(e) });
  }
  return { matchLabels: r.labelMap(r.get(node, 'matchLabels')), matchExpressions: exact(matchExpressions), span: r.spanOr(node) };
}

function extractPodSpec(ctx: ExtractContext, labelsNode: unknown, spec: unknown, owner: unknown, names: Set<string>): PodTemplate {
  const r = ctx.reader;
  const containers: Container[] = [];
  for (const section of ['containers', 'initContainers'] as const) {
    for (const c of r.seq(r.get(spec, section))) {
      if (!r.map(c)) continue;
      containers.push(extractContainer(ctx, c, section, names));
    }
  }
  const configMapVolumes: ConfigMapVolume[] = [];
  for (const v of r.seq(r.get(spec, 'volumes'))) {
    const volume = r.stringAt(v, 'name');
    if (!volume) continue;
    const direct = r.stringAt(r.get(v, 'configMap'), 'name');
    if (direct) configMapVolumes.push({ volume, configMap: direct });
    for (const source of r.seq(r.path(v, 'projected', 'sources'))) {
      const projected = r.stringAt(r.get(source, 'configMap'), 'name');
      if (projected) configMapVolumes.push({ volume, configMap: projected });
    }
  }
  return {
    labels: r.labelMap(labelsNode),
    containers: exact(containers),
    hostNetwork: r.scalarAt(spec, 'hostNetwork'),
    hostname: r.scalarAt(spec, 'hostname'),
    subdomain: r.scalarAt(spec, 'subdomain'),
    configMapVolumes: exact(configMapVolumes),
    serviceLinks: r.scalarAt(spec, 'enableServiceLinks')?.value !== false,
    span: r.spanOr(owner),
  };
}

const PROBE_KINDS: readonly ProbeKind[] = ['livenessProbe', 'readinessProbe', 'startupProbe'];
const PROBE_HANDLERS: readonly ProbeHandler[] = ['httpGet', 'tcpSocket', 'grpc'];

/**
 * A container, read in one pass over its keys (the last of duplicate keys wins, as `pair` has
 * it), adding the per-Pod DNS names its env values, command and args name to `names`.
 */
function extractContainer(ctx: ExtractContext, c: unknown, section: 'containers' | 'initContainers', names: Set<string>): Container {
  const r = ctx.reader;
  let namePair: PairNode | undefined;
  let restartPolicyPair: PairNode | undefined;
  let portsPair: PairNode | undefined;
  let livenessPair: PairNode | undefined;
  let readinessPair: PairNode | undefined;
  let startupPair: PairNode | undefined;
  let envPair: PairNode | undefined;
  let envFromPair: PairNode | undefined;
  let commandPair: PairNode | undefined;
  let argsPair: PairNode | undefined;
  let mountsPair: PairNode | undefined;
  for (const p of r.map(c)?.items ?? []) {
    switch (r.keyOf(p)) {
      case 'name':
        namePair = p;
        break;
      case 'restartPolicy':
        restartPolicyPair = p;
        break;
      case 'ports':
        portsPair = p;
        break;
      case 'livenessProbe':
        livenessPair = p;
        break;
      case 'readinessProbe':
        readinessPair = p;
        break;
      case 'startupProbe':
        startupPair = p;
        break;
      case 'env':
        envPair = p;
        break;
      case 'envFrom':
        envFromPair = p;
        break;
      case 'command':
        commandPair = p;
        break;
      case 'args':
        argsPair = p;
        break;
      case 'volumeMounts':
        mountsPair = p;
        break;
    }
  }
  const ports: ContainerPort[] = [];
  for (const p of r.seq(r.deref(portsPair?.value))) {
    if (!r.map(p)) continue;
    const protocolScalar = r.scalarAt(p, 'protocol');
    const span = r.spanOr(p);
    ports.push({
      name: r.scalarAt(p, 'name'),
      containerPort: r.scalarAt(p, 'containerPort'),
      hostPort: r.scalarAt(p, 'hostPort'),
      hostIP: r.scalarAt(p, 'hostIP'),
      protocol: protocolOf(protocolScalar?.value),
      protocolScalar,
      start: span.start,
      end: span.end,
    });
  }
  const probes: Probe[] = [];
  for (const kind of PROBE_KINDS) {
    const probe = r.deref((kind === 'livenessProbe' ? livenessPair : kind === 'readinessProbe' ? readinessPair : startupPair)?.value);
    if (probe === undefined) continue;
    for (const handler of PROBE_HANDLERS) {
      const h = r.get(probe, handler);
      if (!r.map(h)) continue;
      probes.push({ kind, handler, port: r.scalarAt(h, 'port'), span: r.spanOr(h) });
    }
  }
  // The Pod DNS names of a value: its text when it was read as one, else its string (numbers too).
  const scanDnsNames = (node: unknown, text: TextValue | undefined) => {
    const v = text ? text.value : r.string(node);
    if (v !== undefined) addPodDnsNames(v, names);
  };
  const env: EnvVar[] = [];
  for (const e of r.seq(r.deref(envPair?.value))) {
    const valueNode = r.get(e, 'value');
    const name = r.stringScalar(r.get(e, 'name'));
    const value = name?.value ? r.textValue(valueNode) : undefined;
    scanDnsNames(valueNode, value);
    if (!name?.value) continue;
    const valueFrom = r.get(e, 'valueFrom');
    const ref = r.get(valueFrom, 'configMapKeyRef');
    const cmName = r.stringAt(ref, 'name');
    const cmKey = r.stringAt(ref, 'key');
    env.push({
      name: name.value,
      nameSpan: spanOf(name),
      value,
      configMapKey: cmName && cmKey ? { name: cmName, key: cmKey } : undefined,
      opaque: valueFrom !== undefined && !(cmName && cmKey),
    });
  }
  const envFrom: EnvFrom[] = [];
  for (const e of r.seq(r.deref(envFromPair?.value))) {
    if (!r.map(e)) continue;
    envFrom.push({ configMap: r.stringAt(r.get(e, 'configMapRef'), 'name'), prefix: r.stringAt(e, 'prefix') ?? '', span: r.spanOr(e) });
  }
  const texts = (pair: PairNode | undefined): TextValue[] => {
    const out: TextValue[] = [];
    for (const x of r.seq(r.deref(pair?.value))) {
      const t = r.textValue(x);
      if (t !== undefined) out.push(t);
      scanDnsNames(x, t);
    }
    return exact(out);
  };
  const command = texts(commandPair);
  const args = texts(argsPair);
  const mounts: string[] = [];
  for (const m of r.seq(r.deref(mountsPair?.value))) {
    const name = r.stringAt(m, 'name');
    if (name) mounts.push(name);
  }
  const span = r.spanOr(c);
  return {
    name: r.scalar(r.deref(namePair?.value)),
    section,
    restartable: section === 'initContainers' && r.string(r.deref(restartPolicyPair?.value)) === 'Always',
    ports: exact(ports),
    portsKeySpan: r.span(portsPair?.key),
    probes: exact(probes),
    env: exact(env),
    envFrom: exact(envFrom),
    command,
    args,
    mounts: exact(mounts),
    start: span.start,
    end: span.end,
  };
}

/** The effective protocol: absent or null means TCP; anything else is kept as written. */
export function protocolOf(value: unknown): string {
  if (value === undefined || value === null || value === '') return 'TCP';
  return String(value);
}

// ---------------------------------------------------------------------------------------------
// Services

function extractService(ctx: ExtractContext, node: unknown): Service {
  const r = ctx.reader;
  const spec = r.get(node, 'spec');
  const typeScalar = r.scalarAt(spec, 'type');
  const clusterIP = r.scalarAt(spec, 'clusterIP');
  const ports: ServicePort[] = [];
  r.seq(r.get(spec, 'ports')).forEach((p, index) => {
    if (!r.map(p)) return;
    const protocolScalar = r.scalarAt(p, 'protocol');
    const span = r.spanOr(p);
    ports.push({
      index,
      name: r.scalarAt(p, 'name'),
      port: r.scalarAt(p, 'port'),
      targetPort: r.scalarAt(p, 'targetPort'),
      nodePort: r.scalarAt(p, 'nodePort'),
      protocol: protocolOf(protocolScalar?.value),
      protocolScalar,
      appProtocol: r.scalarAt(p, 'appProtocol'),
      start: span.start,
      end: span.end,
    });
  });
  const strings = (n: unknown) =>
    r
      .seq(n)
      .map((x) => r.stringScalar(x))
      .filter((x): x is NonNullable<typeof x> => x !== undefined);
  const lbIngress = r
    .seq(r.path(node, 'status', 'loadBalancer', 'ingress'))
    .map((i) => r.stringScalar(r.get(i, 'ip')) ?? r.stringScalar(r.get(i, 'hostname')))
    .filter((x): x is NonNullable<typeof x> => x !== undefined);
  const type = typeof typeScalar?.value === 'string' && typeScalar.value ? typeScalar.value : 'ClusterIP';
  return withBase(ctx, node, {
    kind: 'Service',
    type,
    typeScalar,
    clusterIP,
    headless: clusterIP?.value === 'None',
    selector: r.labelMap(r.get(spec, 'selector'), { map: spec, key: 'selector' }),
    ports: exact(ports),
    portsKeySpan: r.keySpan(spec, 'ports'),
    externalName: r.scalarAt(spec, 'externalName'),
    externalIPs: exact(strings(r.get(spec, 'externalIPs'))),
    loadBalancerIP: r.scalarAt(spec, 'loadBalancerIP'),
    loadBalancerIngress: exact(lbIngress),
    allocateLoadBalancerNodePorts: r.scalarAt(spec, 'allocateLoadBalancerNodePorts'),
    specSpan: r.span(spec),
  });
}

// ---------------------------------------------------------------------------------------------
// Endpoints, EndpointSlices

function extractAddresses(ctx: ExtractContext, node: unknown): EndpointAddress[] {
  const r = ctx.reader;
  return r
    .seq(node)
    .filter((a) => r.map(a))
    .map((a) => ({ ip: r.scalarAt(a, 'ip'), hostname: r.scalarAt(a, 'hostname'), span: r.spanOr(a) }));
}

function extractEndpointPorts(ctx: ExtractContext, node: unknown): EndpointPort[] {
  const r = ctx.reader;
  return r
    .seq(node)
    .filter((p) => r.map(p))
    .map((p) => ({
      name: r.scalarAt(p, 'name'),
      port: r.scalarAt(p, 'port'),
      protocol: protocolOf(r.scalarAt(p, 'protocol')?.value),
      span: r.spanOr(p),
    }));
}

function extractEndpoints(ctx: ExtractContext, node: unknown): Endpoints {
  const r = ctx.reader;
  const subsets: EndpointSubset[] = r
    .seq(r.get(node, 'subsets'))
    .filter((s) => r.map(s))
    .map((s) => ({
      addresses: extractAddresses(ctx, r.get(s, 'addresses')),
      notReadyAddresses: extractAddresses(ctx, r.get(s, 'notReadyAddresses')),
      ports: extractEndpointPorts(ctx, r.get(s, 'ports')),
      span: r.spanOr(s),
    }));
  return withBase(ctx, node, { kind: 'Endpoints' as const, subsets });
}

function extractEndpointSlice(ctx: ExtractContext, node: unknown): EndpointSlice {
  const r = ctx.reader;
  const endpoints: EndpointAddress[] = [];
  for (const e of r.seq(r.get(node, 'endpoints'))) {
    for (const a of r.seq(r.get(e, 'addresses'))) {
      const ip = r.scalar(a);
      endpoints.push({ ip, hostname: r.scalarAt(e, 'hostname'), span: r.spanOr(a, e) });
    }
  }
  return withBase(ctx, node, {
    kind: 'EndpointSlice',
    serviceName: r.stringScalar(r.path(node, 'metadata', 'labels', 'kubernetes.io/service-name')),
    addressType: r.scalarAt(node, 'addressType'),
    endpoints,
    ports: extractEndpointPorts(ctx, r.get(node, 'ports')),
  });
}

// ---------------------------------------------------------------------------------------------
// Ingress

function extractIngress(ctx: ExtractContext, node: unknown): Ingress {
  const r = ctx.reader;
  const spec = r.get(node, 'spec');
  const tlsHosts = new Set<string>();
  for (const t of r.seq(r.get(spec, 'tls'))) {
    for (const h of r.seq(r.get(t, 'hosts'))) {
      const s = r.string(h);
      if (s) tlsHosts.add(s);
    }
  }
  const backends: IngressBackend[] = [];
  const addBackend = (b: unknown, host: string | undefined, path: string | undefined, isDefault: boolean) => {
    if (!r.map(b)) return;
    const tls = host !== undefined ? tlsHosts.has(host) : tlsHosts.size > 0;
    const service = r.get(b, 'service');
    if (r.map(service)) {
      const port = r.get(service, 'port');
      backends.push({
        form: 'v1',
        serviceName: r.scalarAt(service, 'name'),
        servicePort: r.scalarAt(port, 'number') ?? r.scalarAt(port, 'name'),
        host,
        path,
        tls,
        isDefault,
        span: r.spanOr(b),
      });
    } else if (r.get(b, 'serviceName') !== undefined || r.get(b, 'servicePort') !== undefined) {
      backends.push({
        form: 'v1beta1',
        serviceName: r.scalarAt(b, 'serviceName'),
        servicePort: r.scalarAt(b, 'servicePort'),
        host,
        path,
        tls,
        isDefault,
        span: r.spanOr(b),
      });
    } else if (r.get(b, 'resource') !== undefined) {
      backends.push({ form: 'resource', serviceName: undefined, servicePort: undefined, host, path, tls, isDefault, span: r.spanOr(b) });
    }
  };
  addBackend(r.get(spec, 'defaultBackend') ?? r.get(spec, 'backend'), undefined, undefined, true);
  for (const rule of r.seq(r.get(spec, 'rules'))) {
    const host = r.stringAt(rule, 'host');
    for (const p of r.seq(r.path(rule, 'http', 'paths'))) {
      addBackend(r.get(p, 'backend'), host, r.stringAt(p, 'path'), false);
    }
  }
  return withBase(ctx, node, { kind: 'Ingress' as const, backends: exact(backends) });
}

// ---------------------------------------------------------------------------------------------
// ConfigMaps

function extractConfigMap(ctx: ExtractContext, node: unknown): ConfigMap {
  const r = ctx.reader;
  const data: ConfigMapEntry[] = [];
  const m = r.map(r.get(node, 'data'));
  for (const p of m?.items ?? []) {
    const key = r.string(p.key);
    const keySpan = r.span(p.key);
    const value = r.textValue(p.value);
    if (key === undefined || !keySpan || !value) continue;
    data.push({ key, keySpan, value });
  }
  // The per-Pod DNS names the data names (statefulset-service-not-headless asks who needs them).
  const names = new Set<string>();
  for (const p of m?.items ?? []) {
    const v = r.string(p.value);
    if (v !== undefined) addPodDnsNames(v, names);
  }
  return withBase(ctx, node, { kind: 'ConfigMap' as const, data, ...(names.size ? { podDnsNames: [...names] } : {}) });
}

// ---------------------------------------------------------------------------------------------
// Kustomization

function extractKustomization(ctx: ExtractContext, node: unknown, isComponent = false): Kustomization {
  const r = ctx.reader;
  const paths = (key: string) =>
    r
      .seq(r.get(node, key))
      .map((x) => r.string(x) ?? r.stringAt(x, 'path'))
      .filter((x): x is string => typeof x === 'string' && x.length > 0);
  const entries = (key: string, field?: string): KustomizeEntry[] => {
    const out: KustomizeEntry[] = [];
    for (const x of r.seq(r.get(node, key))) {
      const s = field ? r.stringScalar(r.get(x, field)) : r.stringScalar(x);
      if (s && s.value) out.push({ value: s.value, span: spanOf(s) });
    }
    return out;
  };
  const b = base(ctx, node);
  const generatorFiles: KustomizeEntry[] = [];
  for (const generator of ['configMapGenerator', 'secretGenerator']) {
    for (const g of r.seq(r.get(node, generator))) {
      for (const f of r.seq(r.get(g, 'files'))) {
        const s = r.stringScalar(f);
        if (!s || !s.value) continue;
        // `key=path`: the file is after the first `=`.
        const eq = s.value.indexOf('=');
        generatorFiles.push({ value: eq >= 0 ? s.value.slice(eq + 1) : s.value, span: spanOf(s) });
      }
      for (const f of r.seq(r.get(g, 'envs'))) {
        const s = r.stringScalar(f);
        if (s && s.value) generatorFiles.push({ value: s.value, span: spanOf(s) });
      }
      const env = r.stringScalar(r.get(g, 'env'));
      if (env && env.value) generatorFiles.push({ value: env.value, span: spanOf(env) });
    }
  }
  const otherInputs: KustomizeEntry[] = [...entries('replacements', 'path'), ...entries('configurations'), ...entries('crds')];
  const openapi = r.stringScalar(r.path(node, 'openapi', 'path'));
  if (openapi && openapi.value) otherInputs.push({ value: openapi.value, span: spanOf(openapi) });
  // transformers/generators/validators: file or folder entries (inline configurations are maps).
  for (const key of ['transformers', 'generators', 'validators']) {
    for (const e of entries(key)) if (!e.value.includes('\n')) otherInputs.push(e);
  }
  const helmCharts = entries('helmCharts', 'name');
  return Object.assign(b, {
    apiVersion: b.apiVersion || 'kustomize.config.k8s.io/v1beta1',
    kind: 'Kustomization' as const,
    ...(isComponent ? { isComponent: true } : {}),
    name: b.name || (isComponent ? 'component' : 'kustomization'),
    kustomizeNamespace: r.stringAt(node, 'namespace'),
    resources: [...paths('resources'), ...paths('bases')],
    patches: [...paths('patches'), ...paths('patchesStrategicMerge'), ...paths('patchesJson6902')],
    resourceEntries: [...entries('resources'), ...entries('bases')],
    components: entries('components'),
    patchEntries: patchEntries(ctx, node),
    namePrefix: r.stringAt(node, 'namePrefix'),
    nameSuffix: r.stringAt(node, 'nameSuffix'),
    generatorFiles,
    otherInputs,
    helmCharts,
    helmChartHome: r.stringAt(r.get(node, 'helmGlobals'), 'chartHome'),
  });
}

function patchEntries(ctx: ExtractContext, node: unknown): KustomizePatch[] {
  const r = ctx.reader;
  const out: KustomizePatch[] = [];
  const targetOf = (t: unknown): KustomizePatchTarget | undefined => {
    if (!r.map(t)) return undefined;
    const target: Record<string, string> = {};
    for (const key of ['group', 'version', 'kind', 'name', 'namespace', 'labelSelector', 'annotationSelector']) {
      const v = r.stringAt(t, key);
      if (v !== undefined) target[key] = v;
    }
    return target;
  };
  for (const field of ['patches', 'patchesJson6902'] as const) {
    for (const p of r.seq(r.get(node, field))) {
      const span = r.spanOr(p);
      const asString = r.stringScalar(p);
      if (asString) {
        // A bare string under `patches` is a path (kustomize accepts it).
        if (asString.value) out.push({ field, path: asString.value, span });
        continue;
      }
      const path = r.stringAt(p, 'path');
      const inline = r.stringScalar(r.get(p, 'patch'));
      const target = targetOf(r.get(p, 'target'));
      out.push({
        field,
        ...(path ? { path } : {}),
        ...(inline ? { inline: inline.value, inlineSpan: spanOf(inline) } : {}),
        ...(target ? { target } : {}),
        span,
      });
    }
  }
  for (const p of r.seq(r.get(node, 'patchesStrategicMerge'))) {
    const s = r.stringScalar(p);
    if (!s || !s.value) continue;
    // An entry is a path, or (kustomize accepts it) an inline patch.
    if (s.value.includes('\n') || /^\s*apiVersion\s*:/.test(s.value)) {
      const span = spanOf(s);
      out.push({ field: 'patchesStrategicMerge', inline: s.value, inlineSpan: span, span });
    } else out.push({ field: 'patchesStrategicMerge', path: s.value, span: spanOf(s) });
  }
  return out;
}

/** The API group of an apiVersion (`''` for the core group). */
function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

// ---------------------------------------------------------------------------------------------
// Gateway API

function extractGateway(ctx: ExtractContext, node: unknown): Gateway {
  const r = ctx.reader;
  const spec = r.get(node, 'spec');
  const listeners: Listener[] = [];
  for (const l of r.seq(r.get(spec, 'listeners'))) {
    if (!r.map(l)) continue;
    const protocolScalar = r.scalarAt(l, 'protocol');
    const tls = r.get(l, 'tls');
    const allowed = r.get(l, 'allowedRoutes');
    const namespaces = r.get(allowed, 'namespaces');
    const fromScalar = r.scalarAt(namespaces, 'from');
    const kindsNode = r.get(allowed, 'kinds');
    let allowedKinds: RouteGroupKind[] | undefined;
    if (kindsNode !== undefined && r.seq(kindsNode).length > 0) {
      allowedKinds = [];
      for (const k of r.seq(kindsNode)) {
        const kind = r.stringAt(k, 'kind');
        if (kind) allowedKinds.push({ group: r.stringAt(k, 'group') ?? GATEWAY_GROUP, kind, span: r.spanOr(k) });
      }
    }
    listeners.push({
      name: r.stringScalar(r.get(l, 'name')),
      port: r.scalarAt(l, 'port'),
      protocol: r.stringAt(l, 'protocol') ?? '',
      protocolScalar,
      hostname: r.stringScalar(r.get(l, 'hostname')),
      tlsMode: r.map(tls) ? (r.stringAt(tls, 'mode') ?? 'Terminate') : undefined,
      allowedFrom: typeof fromScalar?.value === 'string' && fromScalar.value ? fromScalar.value : 'Same',
      allowedFromSpan: spanOf(fromScalar),
      namespaceSelector: extractLabelSelector(ctx, r.get(namespaces, 'selector')),
      allowedKinds,
      span: r.spanOr(l),
    });
  }
  return withBase(ctx, node, {
    kind: 'Gateway',
    gatewayClassName: r.scalarAt(spec, 'gatewayClassName'),
    listeners,
    listenersKeySpan: r.keySpan(spec, 'listeners'),
  });
}

function extractRoute(ctx: ExtractContext, node: unknown, kind: RouteKind): Route {
  const r = ctx.reader;
  const b = base(ctx, node);
  const spec = r.get(node, 'spec');
  const nsOf = (n: unknown) => {
    const s = r.stringScalar(r.get(n, 'namespace'));
    return { namespace: s?.value || b.namespace, namespaceScalar: s };
  };
  const parentRefs: ParentRef[] = [];
  for (const p of r.seq(r.get(spec, 'parentRefs'))) {
    if (!r.map(p)) continue;
    parentRefs.push({
      group: r.stringAt(p, 'group') ?? GATEWAY_GROUP,
      kind: r.stringAt(p, 'kind') ?? 'Gateway',
      name: r.stringScalar(r.get(p, 'name')),
      ...nsOf(p),
      sectionName: r.stringScalar(r.get(p, 'sectionName')),
      port: r.scalarAt(p, 'port'),
      span: r.spanOr(p),
    });
  }
  const hostnames = r
    .seq(r.get(spec, 'hostnames'))
    .map((h) => r.stringScalar(h))
    .filter((h): h is NonNullable<typeof h> => h !== undefined);
  const rules: RouteRule[] = [];
  for (const rule of r.seq(r.get(spec, 'rules'))) {
    if (!r.map(rule)) continue;
    const matches: RouteMatch[] = [];
    for (const m of r.seq(r.get(rule, 'matches'))) {
      if (!r.map(m)) continue;
      const path = r.get(m, 'path');
      const method = r.get(m, 'method');
      const headers = r
        .seq(r.get(m, 'headers'))
        .map((h) => ({ name: r.stringAt(h, 'name') ?? '', value: r.stringAt(h, 'value') ?? '', type: r.stringAt(h, 'type') ?? 'Exact' }))
        .filter((h) => h.name !== '');
      let methodText: string | undefined;
      if (r.map(method)) {
        const svc = r.stringAt(method, 'service');
        const mm = r.stringAt(method, 'method');
        methodText = svc || mm ? `${svc ?? '*'}/${mm ?? '*'}` : undefined;
      } else methodText = r.string(method);
      matches.push({
        path: kind === 'HTTPRoute' && r.map(path) ? { type: r.stringAt(path, 'type') ?? 'PathPrefix', value: r.stringAt(path, 'value') ?? '/' } : undefined,
        headers,
        method: methodText,
        span: r.spanOr(m),
      });
    }
    const backendRefs: BackendRef[] = [];
    for (const ref of r.seq(r.get(rule, 'backendRefs'))) {
      if (!r.map(ref)) continue;
      backendRefs.push({
        group: r.stringAt(ref, 'group') ?? '',
        kind: r.stringAt(ref, 'kind') ?? 'Service',
        name: r.stringScalar(r.get(ref, 'name')),
        ...nsOf(ref),
        port: r.scalarAt(ref, 'port'),
        weight: r.scalarAt(ref, 'weight'),
        span: r.spanOr(ref),
      });
    }
    rules.push({ matches, backendRefs, span: r.spanOr(rule) });
  }
  return Object.assign(b, { kind, parentRefs, hostnames, rules });
}

function extractReferenceGrant(ctx: ExtractContext, node: unknown): ReferenceGrant {
  const r = ctx.reader;
  const spec = r.get(node, 'spec');
  const from = r
    .seq(r.get(spec, 'from'))
    .filter((f) => r.map(f))
    .map((f) => ({ group: r.stringAt(f, 'group') ?? '', kind: r.stringAt(f, 'kind') ?? '', namespace: r.stringAt(f, 'namespace') ?? '', span: r.spanOr(f) }));
  const to = r
    .seq(r.get(spec, 'to'))
    .filter((t) => r.map(t))
    .map((t) => ({ group: r.stringAt(t, 'group') ?? '', kind: r.stringAt(t, 'kind') ?? '', name: r.stringAt(t, 'name') || undefined, span: r.spanOr(t) }));
  return withBase(ctx, node, { kind: 'ReferenceGrant' as const, from, to });
}

// ---------------------------------------------------------------------------------------------
// NetworkPolicy

function extractPolicyRules(ctx: ExtractContext, node: unknown, peersKey: 'from' | 'to'): PolicyRule[] {
  const r = ctx.reader;
  const rules: PolicyRule[] = [];
  for (const rule of r.seq(node)) {
    if (!r.map(rule)) continue;
    const peers: PolicyPeer[] = [];
    for (const p of r.seq(r.get(rule, peersKey))) {
      if (!r.map(p)) continue;
      const ip = r.get(p, 'ipBlock');
      const except = r
        .seq(r.get(ip, 'except'))
        .map((e) => r.string(e))
        .filter((e): e is string => e !== undefined);
      peers.push({
        podSelector: extractLabelSelector(ctx, r.get(p, 'podSelector')),
        namespaceSelector: extractLabelSelector(ctx, r.get(p, 'namespaceSelector')),
        ipBlock: r.map(ip) ? { cidr: r.stringAt(ip, 'cidr') ?? '', except } : undefined,
        span: r.spanOr(p),
      });
    }
    const ports: PolicyPort[] = [];
    for (const p of r.seq(r.get(rule, 'ports'))) {
      if (!r.map(p)) continue;
      ports.push({ protocol: protocolOf(r.scalarAt(p, 'protocol')?.value), port: r.scalarAt(p, 'port'), endPort: r.scalarAt(p, 'endPort'), span: r.spanOr(p) });
    }
    rules.push({ peers, ports, span: r.spanOr(rule) });
  }
  return rules;
}

function extractNetworkPolicy(ctx: ExtractContext, node: unknown): NetworkPolicy {
  const r = ctx.reader;
  const spec = r.get(node, 'spec');
  const ingress = extractPolicyRules(ctx, r.get(spec, 'ingress'), 'from');
  const egress = extractPolicyRules(ctx, r.get(spec, 'egress'), 'to');
  const written = r
    .seq(r.get(spec, 'policyTypes'))
    .map((t) => r.string(t))
    .filter((t): t is 'Ingress' | 'Egress' => t === 'Ingress' || t === 'Egress');
  const policyTypesWritten = r.get(spec, 'policyTypes') !== undefined && written.length > 0;
  // The API server's defaulting: Ingress always, Egress when there are egress rules.
  const policyTypes: ('Ingress' | 'Egress')[] = policyTypesWritten ? [...new Set(written)] : r.get(spec, 'egress') !== undefined && r.seq(r.get(spec, 'egress')).length > 0 ? ['Ingress', 'Egress'] : ['Ingress'];
  return withBase(ctx, node, {
    kind: 'NetworkPolicy',
    podSelector: extractLabelSelector(ctx, r.get(spec, 'podSelector')),
    policyTypes,
    policyTypesWritten,
    ingress,
    egress,
  });
}
