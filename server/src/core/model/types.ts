/**
 * The object model: the Kubernetes objects kube-ports understands, reduced to the fields that
 * matter for traffic wiring, each with the source span it came from.
 *
 * Spans are UTF-16 offsets into the text of the file that holds the object (`Span.start`
 * inclusive, `Span.end` exclusive). LSP positions exist only at the edge (see lsp/convert.ts).
 */

export interface Span {
  readonly start: number;
  readonly end: number;
}

/** The span of a model value that holds its `start` and `end` inline (a `Scalar`), as a `Span` of its own. */
export function spanOf(s: Span): Span;
export function spanOf(s: Span | undefined): Span | undefined;
export function spanOf(s: Span | undefined): Span | undefined {
  return s === undefined ? undefined : { start: s.start, end: s.end };
}

/**
 * A scalar as written in the manifest. `value` is the YAML-resolved value (number, string,
 * boolean, null); `start`/`end` are its span, held inline (a span object of its own cost 40 bytes
 * and a field per scalar: bench/memory.ts), so a Scalar is a `Span` — `spanOf` copies it out.
 */
export interface Scalar<T = unknown> extends Span {
  readonly value: T;
  /** The value was written in quotes (`"8080"`), so YAML resolved it to a string. */
  readonly quoted: boolean;
}

/** A port field (port, targetPort, containerPort, …): a number, a name, or something invalid. */
export type PortValue = Scalar<unknown>;

/** One `key: value` of a label map, with the spans of both held inline (`keySpanOf`, `valueSpanOf`). */
export interface LabelEntry {
  readonly key: string;
  readonly value: string;
  readonly keyStart: number;
  readonly keyEnd: number;
  readonly valueStart: number;
  readonly valueEnd: number;
}

export function keySpanOf(e: LabelEntry): Span;
export function keySpanOf(e: LabelEntry | undefined): Span | undefined;
export function keySpanOf(e: LabelEntry | undefined): Span | undefined {
  return e === undefined ? undefined : { start: e.keyStart, end: e.keyEnd };
}

/** The span of an object's `metadata.name` value (a new `Span`), if it has one. */
export function nameSpanOf(o: { readonly nameStart: number | undefined; readonly nameEnd: number | undefined }): Span | undefined {
  return o.nameStart === undefined || o.nameEnd === undefined ? undefined : { start: o.nameStart, end: o.nameEnd };
}

/** The span of an object's `kind` value (a new `Span`). */
export function kindSpanOf(o: { readonly kindStart: number; readonly kindEnd: number }): Span {
  return { start: o.kindStart, end: o.kindEnd };
}

/** Where a finding or a link points at an object as a whole: its `metadata.name`, else its `kind`. */
export function nameOrKindSpanOf(o: { readonly nameStart: number | undefined; readonly nameEnd: number | undefined; readonly kindStart: number; readonly kindEnd: number }): Span {
  return nameSpanOf(o) ?? kindSpanOf(o);
}

export function valueSpanOf(e: LabelEntry): Span;
export function valueSpanOf(e: LabelEntry | undefined): Span | undefined;
export function valueSpanOf(e: LabelEntry | undefined): Span | undefined {
  return e === undefined ? undefined : { start: e.valueStart, end: e.valueEnd };
}

/** `start`/`end`: the span of the whole map (or of the key when the map is empty / not a map). */
export interface LabelMap extends Span {
  readonly entries: readonly LabelEntry[];
}

/**
 * The pairs of fields that hold offsets into the file in model values: a `Span` (or a value that
 * holds its span inline, like `Scalar`), a `LabelEntry`'s two spans, and an object's `kind` and
 * `metadata.name` spans. What moves spans when an
 * edit shifts a document (parse/parse-file.ts) and what checks them when a cached model is read
 * (workspace/model-codec.ts, workspace/snapshot.ts) know a span by these names (parse-file.ts
 * `moved` reads each pair by name, for speed: a new pair goes there too).
 */
export const OFFSET_FIELDS: readonly (readonly [string, string])[] = [
  ['start', 'end'],
  ['keyStart', 'keyEnd'],
  ['valueStart', 'valueEnd'],
  ['kindStart', 'kindEnd'],
  ['nameStart', 'nameEnd'],
];

export interface LabelSelectorRequirement {
  readonly key: string;
  readonly operator: string;
  readonly values: readonly string[];
  readonly span: Span;
}

/** A workload's `spec.selector`: matchLabels and matchExpressions (ANDed). */
export interface LabelSelector {
  readonly matchLabels: LabelMap | undefined;
  readonly matchExpressions: readonly LabelSelectorRequirement[];
  readonly span: Span;
}

export type Protocol = string; // 'TCP' | 'UDP' | 'SCTP' when valid; kept as written otherwise

/** `start`/`end`: the whole `ports[]` item, held inline (as in `Scalar`). */
export interface ContainerPort extends Span {
  readonly name: Scalar | undefined;
  readonly containerPort: PortValue | undefined;
  readonly hostPort: PortValue | undefined;
  readonly hostIP: Scalar | undefined;
  /** Effective protocol ('TCP' when absent). */
  readonly protocol: Protocol;
  readonly protocolScalar: Scalar | undefined;
}

/**
 * A run of characters written verbatim: `value[from + k]` is the file's character at `start + k`
 * for every k < end - start (what `textRuns` gives, in file offsets).
 */
export interface TextRun {
  readonly start: number;
  readonly end: number;
  readonly from: number;
}

/**
 * A string value as written (an env value, an argument, ConfigMap data), with how its characters
 * map to the file: its runs (`textRuns`) cover the characters written verbatim (one run for a
 * plain or quoted one-line scalar, one per line for a block scalar); none when the value cannot
 * be mapped exactly (escapes, `''`, folded multi-line quotes), so no span inside it is ever guessed.
 * `start`/`end` are the whole scalar (quotes included), held inline as in `Scalar`.
 */
export interface TextValue extends Span {
  readonly value: string;
  /**
   * The runs, compactly: a number k when the value is written verbatim on one line from
   * `start + k` to `end - k` (k = 1 inside quotes; most values, and no run objects for them: an
   * array and a run cost 104 bytes); else a flat list of triples `[start, end, from, …]` whose
   * `start` and `end` count from the value's own `start`, so an edit that moves the value moves
   * its `start` and `end` only and shares the list (a block scalar has a run per line: they were
   * most of what an edit in a file of big ConfigMaps copied); undefined when it cannot be
   * mapped. Read it with `textRuns`.
   */
  readonly runs: readonly number[] | number | undefined;
}

/**
 * The runs of a text value (see `TextValue.runs`) in file offsets; undefined when its characters
 * cannot be mapped, or when the list does not fit the value (a run past its span or its string:
 * the list may come from the warm-start cache, whose decoder checks only spans).
 */
export function textRuns(v: TextValue): readonly TextRun[] | undefined {
  const runs = v.runs;
  if (typeof runs === 'number') return [{ start: v.start + runs, end: v.end - runs, from: 0 }];
  if (runs === undefined || runs.length % 3 !== 0) return undefined;
  const out: TextRun[] = [];
  const size = v.end - v.start;
  for (let i = 0; i < runs.length; i += 3) {
    const start = runs[i]!;
    const end = runs[i + 1]!;
    const from = runs[i + 2]!;
    if (!(Number.isInteger(start) && Number.isInteger(end) && Number.isInteger(from) && start >= 0 && start <= end && end <= size && from >= 0 && from + (end - start) <= v.value.length)) return undefined;
    out.push({ start: v.start + start, end: v.start + end, from });
  }
  return out;
}

/** `env[]` of a container: a literal value, a ConfigMap key, or something else (secrets, fields). */
export interface EnvVar {
  readonly name: string;
  readonly nameSpan: Span;
  readonly value: TextValue | undefined;
  /** `valueFrom.configMapKeyRef`. */
  readonly configMapKey: { readonly name: string; readonly key: string } | undefined;
  /** Defined from somewhere kube-ports cannot read (secretKeyRef, fieldRef, ...): the name is defined, its value unknown. */
  readonly opaque: boolean;
}

/** `envFrom[]`: every key of a ConfigMap (or a Secret: opaque) as a variable, with an optional prefix. */
export interface EnvFrom {
  readonly configMap: string | undefined;
  readonly prefix: string;
  readonly span: Span;
}

export type ProbeKind = 'livenessProbe' | 'readinessProbe' | 'startupProbe';
export type ProbeHandler = 'httpGet' | 'tcpSocket' | 'grpc';

export interface Probe {
  readonly kind: ProbeKind;
  readonly handler: ProbeHandler;
  readonly port: PortValue | undefined;
  readonly span: Span;
}

/** `start`/`end`: the container's mapping, held inline. */
export interface Container extends Span {
  readonly name: Scalar | undefined;
  /** 'containers', 'initContainers' (regular init containers do not serve traffic) */
  readonly section: 'containers' | 'initContainers';
  /** Init container with `restartPolicy: Always` (a sidecar): its ports serve traffic. */
  readonly restartable: boolean;
  readonly ports: readonly ContainerPort[];
  /** The `ports:` key of the container, when present (for inserting a port). */
  readonly portsKeySpan: Span | undefined;
  readonly probes: readonly Probe[];
  readonly env: readonly EnvVar[];
  readonly envFrom: readonly EnvFrom[];
  readonly command: readonly TextValue[];
  readonly args: readonly TextValue[];
  /** Names of the pod's volumes this container mounts (`volumeMounts[].name`). */
  readonly mounts: readonly string[];
}

/** A pod volume backed by a ConfigMap (`configMap.name`, or a projected source). */
export interface ConfigMapVolume {
  readonly volume: string;
  readonly configMap: string;
}

/** A Pod spec with its labels: a bare Pod or the pod template of a workload. */
export interface PodTemplate {
  /** `metadata.labels` of the Pod, or `spec.template.metadata.labels` of a workload. */
  readonly labels: LabelMap | undefined;
  readonly containers: readonly Container[];
  readonly hostNetwork: Scalar | undefined;
  readonly hostname: Scalar | undefined;
  readonly subdomain: Scalar | undefined;
  readonly configMapVolumes: readonly ConfigMapVolume[];
  /** `enableServiceLinks: false` turns the kubelet's `<SVC>_SERVICE_HOST` variables off. */
  readonly serviceLinks: boolean;
  /** The `template:` value (or the Pod itself). */
  readonly span: Span;
}

export const WORKLOAD_KINDS = [
  'Pod',
  'Deployment',
  'ReplicaSet',
  'ReplicationController',
  'StatefulSet',
  'DaemonSet',
  'Job',
  'CronJob',
] as const;
export type WorkloadKind = (typeof WORKLOAD_KINDS)[number];

export interface Reference {
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
}

interface ObjectBase {
  readonly apiVersion: string;
  /** Effective namespace: declared, else from a kustomization, else the default namespace. */
  readonly namespace: string;
  /** `metadata.namespace` as written, when written. */
  readonly declaredNamespace: Scalar<string> | undefined;
  readonly name: string;
  /** The span of `metadata.name`'s value, held inline (`nameSpanOf`); undefined without one. */
  readonly nameStart: number | undefined;
  readonly nameEnd: number | undefined;
  /** The span of `kind`'s value (the object's own when it has none), held inline (`kindSpanOf`). */
  readonly kindStart: number;
  readonly kindEnd: number;
  /** `metadata.labels` of the object itself. */
  readonly labels: LabelMap | undefined;
  /** The file that holds the object (a URI). */
  readonly uri: string;
  /** Which document of the file (0-based), and its span. */
  readonly documentIndex: number;
  readonly documentSpan: Span;
  /** The object's own mapping (for a `List` item, the item). */
  readonly span: Span;
}

export interface Workload extends ObjectBase {
  readonly kind: WorkloadKind;
  /** `spec.replicas` (absent means 1; DaemonSets have one Pod per node). */
  readonly replicas: Scalar | undefined;
  readonly selector: LabelSelector | undefined;
  readonly template: PodTemplate | undefined;
  /** StatefulSet `spec.serviceName`. */
  readonly serviceName: Scalar | undefined;
  /** `<statefulset>.<service>` keys of the per-Pod DNS names its containers' env, command and args name (model/pod-dns-names.ts); absent when none. */
  readonly podDnsNames?: readonly string[];
}

/** `start`/`end`: the whole `ports[]` item, held inline. */
export interface ServicePort extends Span {
  readonly index: number;
  readonly name: Scalar | undefined;
  readonly port: PortValue | undefined;
  readonly targetPort: PortValue | undefined;
  readonly nodePort: PortValue | undefined;
  readonly protocol: Protocol;
  readonly protocolScalar: Scalar | undefined;
  readonly appProtocol: Scalar | undefined;
}

export interface Service extends ObjectBase {
  readonly kind: 'Service';
  /** Effective type ('ClusterIP' when absent). */
  readonly type: string;
  readonly typeScalar: Scalar | undefined;
  readonly clusterIP: Scalar | undefined;
  /** `clusterIP: None`. */
  readonly headless: boolean;
  /** `spec.selector`; undefined when absent. An empty map means "no selector" too. */
  readonly selector: LabelMap | undefined;
  readonly ports: readonly ServicePort[];
  readonly portsKeySpan: Span | undefined;
  readonly externalName: Scalar | undefined;
  readonly externalIPs: readonly Scalar<string>[];
  readonly loadBalancerIP: Scalar | undefined;
  /** status.loadBalancer.ingress[].ip|hostname */
  readonly loadBalancerIngress: readonly Scalar<string>[];
  readonly allocateLoadBalancerNodePorts: Scalar | undefined;
  /** The `spec:` mapping (for inserting fields). */
  readonly specSpan: Span | undefined;
}

export interface EndpointAddress {
  readonly ip: Scalar | undefined;
  readonly hostname: Scalar | undefined;
  readonly span: Span;
}

export interface EndpointPort {
  readonly name: Scalar | undefined;
  readonly port: PortValue | undefined;
  readonly protocol: Protocol;
  readonly span: Span;
}

export interface EndpointSubset {
  readonly addresses: readonly EndpointAddress[];
  readonly notReadyAddresses: readonly EndpointAddress[];
  readonly ports: readonly EndpointPort[];
  readonly span: Span;
}

export interface Endpoints extends ObjectBase {
  readonly kind: 'Endpoints';
  readonly subsets: readonly EndpointSubset[];
}

export interface EndpointSlice extends ObjectBase {
  readonly kind: 'EndpointSlice';
  /** The `kubernetes.io/service-name` label. */
  readonly serviceName: Scalar<string> | undefined;
  readonly addressType: Scalar | undefined;
  readonly endpoints: readonly EndpointAddress[];
  readonly ports: readonly EndpointPort[];
}

export interface IngressBackend {
  /** 'v1': service.name / service.port.{number,name}; 'v1beta1': serviceName / servicePort. */
  readonly form: 'v1' | 'v1beta1' | 'resource';
  readonly serviceName: Scalar | undefined;
  /** A number or a port name. */
  readonly servicePort: PortValue | undefined;
  readonly host: string | undefined;
  readonly path: string | undefined;
  readonly tls: boolean;
  readonly isDefault: boolean;
  readonly span: Span;
}

export interface Ingress extends ObjectBase {
  readonly kind: 'Ingress';
  readonly backends: readonly IngressBackend[];
}

/** A path-like entry of a kustomization as written (a resource, component, generator file…), with its span. */
export interface KustomizeEntry {
  readonly value: string;
  readonly span: Span;
}

/** `target:` of a kustomize patch (a selector; `name` may be a regular expression). */
export interface KustomizePatchTarget {
  readonly group?: string;
  readonly version?: string;
  readonly kind?: string;
  readonly name?: string;
  readonly namespace?: string;
  readonly labelSelector?: string;
  readonly annotationSelector?: string;
}

/** One patch of a kustomization: a file (`path`) or inline text (`patch`), strategic-merge or JSON 6902. */
export interface KustomizePatch {
  /** `patches` (either form, decided by content), `patchesStrategicMerge`, `patchesJson6902`. */
  readonly field: 'patches' | 'patchesStrategicMerge' | 'patchesJson6902';
  /** Path of a patch file, relative to the kustomization's folder. */
  readonly path?: string;
  /** Inline patch text (`patch: |` or an inline `patchesStrategicMerge` entry). */
  readonly inline?: string;
  /** The span of the inline text's scalar in the kustomization file. */
  readonly inlineSpan?: Span;
  readonly target?: KustomizePatchTarget;
  /** The whole entry. */
  readonly span: Span;
}

export interface Kustomization extends ObjectBase {
  readonly kind: 'Kustomization';
  /** `kind: Component` (kustomize.config.k8s.io/v1alpha1): a kustomization that is never built on its own. */
  readonly isComponent?: boolean;
  readonly kustomizeNamespace: string | undefined;
  /** `resources:` (and the legacy `bases:`) entries as written (relative paths). */
  readonly resources: readonly string[];
  /** Files named by `patches`, `patchesStrategicMerge`, `patchesJson6902`. */
  readonly patches: readonly string[];
  /** `resources:`/`bases:` entries with their spans. */
  readonly resourceEntries?: readonly KustomizeEntry[];
  /** `components:` entries. */
  readonly components?: readonly KustomizeEntry[];
  /** Every patch entry (file or inline) with its target. */
  readonly patchEntries?: readonly KustomizePatch[];
  readonly namePrefix?: string;
  readonly nameSuffix?: string;
  /** Files the generators read (`configMapGenerator`/`secretGenerator` `files` (`key=path` → path), `envs`, `env`). */
  readonly generatorFiles?: readonly KustomizeEntry[];
  /** Other files the build reads: `replacements[].path`, `configurations`, `crds`, `openapi.path`, file entries of `transformers`/`generators`/`validators`. */
  readonly otherInputs?: readonly KustomizeEntry[];
  /** `helmCharts[]` entries (their `name`) and `helmGlobals.chartHome` (default `charts`). */
  readonly helmCharts?: readonly KustomizeEntry[];
  readonly helmChartHome?: string;
}

// ---------------------------------------------------------------------------------------------
// Gateway API (gateway.networking.k8s.io): Gateways, routes, ReferenceGrants

export const ROUTE_KINDS = ['HTTPRoute', 'GRPCRoute', 'TLSRoute', 'TCPRoute', 'UDPRoute'] as const;
export type RouteKind = (typeof ROUTE_KINDS)[number];

export const GATEWAY_GROUP = 'gateway.networking.k8s.io';

/** `allowedRoutes.kinds[]` of a listener. */
export interface RouteGroupKind {
  /** `group` as written, else the Gateway API group. */
  readonly group: string;
  readonly kind: string;
  readonly span: Span;
}

export interface Listener {
  readonly name: Scalar<string> | undefined;
  readonly port: PortValue | undefined;
  /** As written (`HTTP`, `HTTPS`, `TLS`, `TCP`, `UDP`, or a domain-prefixed custom protocol); '' when absent. */
  readonly protocol: string;
  readonly protocolScalar: Scalar | undefined;
  readonly hostname: Scalar<string> | undefined;
  /** `tls.mode` (`Terminate` when a `tls` block has none), undefined without `tls`. */
  readonly tlsMode: string | undefined;
  /** `allowedRoutes.namespaces.from`: `Same` when absent. */
  readonly allowedFrom: string;
  readonly allowedFromSpan: Span | undefined;
  /** `allowedRoutes.namespaces.selector` (for `from: Selector`). */
  readonly namespaceSelector: LabelSelector | undefined;
  /** `allowedRoutes.kinds`; undefined when absent (the default follows the protocol). */
  readonly allowedKinds: readonly RouteGroupKind[] | undefined;
  readonly span: Span;
}

export interface Gateway extends ObjectBase {
  readonly kind: 'Gateway';
  readonly gatewayClassName: Scalar | undefined;
  readonly listeners: readonly Listener[];
  readonly listenersKeySpan: Span | undefined;
}

export interface ParentRef {
  /** `group` ('' for core), default the Gateway API group. */
  readonly group: string;
  /** `kind`, default `Gateway`. */
  readonly kind: string;
  readonly name: Scalar<string> | undefined;
  /** Effective namespace: `namespace`, else the route's. */
  readonly namespace: string;
  readonly namespaceScalar: Scalar<string> | undefined;
  readonly sectionName: Scalar<string> | undefined;
  readonly port: PortValue | undefined;
  readonly span: Span;
}

export interface BackendRef {
  /** '' (core) by default. */
  readonly group: string;
  /** `Service` by default. */
  readonly kind: string;
  readonly name: Scalar<string> | undefined;
  /** Effective namespace: `namespace`, else the route's. */
  readonly namespace: string;
  readonly namespaceScalar: Scalar<string> | undefined;
  readonly port: PortValue | undefined;
  readonly weight: Scalar | undefined;
  readonly span: Span;
}

export interface RouteMatch {
  /** HTTPRoute `path` (type default PathPrefix, value default `/`). */
  readonly path: { readonly type: string; readonly value: string } | undefined;
  readonly headers: readonly { readonly name: string; readonly value: string; readonly type: string }[];
  /** HTTPRoute `method`; GRPCRoute `method.service`/`method.method`. */
  readonly method: string | undefined;
  readonly span: Span;
}

export interface RouteRule {
  readonly matches: readonly RouteMatch[];
  readonly backendRefs: readonly BackendRef[];
  readonly span: Span;
}

export interface Route extends ObjectBase {
  readonly kind: RouteKind;
  readonly parentRefs: readonly ParentRef[];
  readonly hostnames: readonly Scalar<string>[];
  readonly rules: readonly RouteRule[];
}

export interface ReferenceGrantFrom {
  readonly group: string;
  readonly kind: string;
  readonly namespace: string;
  readonly span: Span;
}

export interface ReferenceGrantTo {
  readonly group: string;
  readonly kind: string;
  /** Undefined: every object of that kind in the grant's namespace. */
  readonly name: string | undefined;
  readonly span: Span;
}

export interface ReferenceGrant extends ObjectBase {
  readonly kind: 'ReferenceGrant';
  readonly from: readonly ReferenceGrantFrom[];
  readonly to: readonly ReferenceGrantTo[];
}

// ---------------------------------------------------------------------------------------------
// NetworkPolicy (networking.k8s.io/v1)

export interface PolicyPeer {
  /** Present (possibly empty `{}`: every Pod) or absent. */
  readonly podSelector: LabelSelector | undefined;
  readonly namespaceSelector: LabelSelector | undefined;
  readonly ipBlock: { readonly cidr: string; readonly except: readonly string[] } | undefined;
  readonly span: Span;
}

export interface PolicyPort {
  /** Effective protocol (TCP when absent). */
  readonly protocol: string;
  /** A number, a named port, or absent (every port of the protocol). */
  readonly port: PortValue | undefined;
  readonly endPort: PortValue | undefined;
  readonly span: Span;
}

export interface PolicyRule {
  /** `from` (ingress) / `to` (egress); empty or absent: every peer. */
  readonly peers: readonly PolicyPeer[];
  /** Empty or absent: every port. */
  readonly ports: readonly PolicyPort[];
  readonly span: Span;
}

export interface NetworkPolicy extends ObjectBase {
  readonly kind: 'NetworkPolicy';
  /** `spec.podSelector`; an empty selector (or none) selects every Pod of the namespace. */
  readonly podSelector: LabelSelector | undefined;
  /**
   * Effective policy types, as the API server defaults them: the ones written, else `Ingress`
   * plus `Egress` when the policy has egress rules.
   */
  readonly policyTypes: readonly ('Ingress' | 'Egress')[];
  /** `policyTypes` was written. */
  readonly policyTypesWritten: boolean;
  readonly ingress: readonly PolicyRule[];
  readonly egress: readonly PolicyRule[];
}

export interface ConfigMapEntry {
  readonly key: string;
  readonly keySpan: Span;
  readonly value: TextValue;
}

export interface ConfigMap extends ObjectBase {
  readonly kind: 'ConfigMap';
  /** `data` entries with string values (binaryData is never a reference site). */
  readonly data: readonly ConfigMapEntry[];
  /** The per-Pod DNS names its data names (as on Workload); absent when none. */
  readonly podDnsNames?: readonly string[];
}

/** Any other object with apiVersion and kind (shown in the outline, otherwise ignored). */
export interface OtherObject extends ObjectBase {
  readonly kind: string;
  readonly other: true;
  /** ConfigMaps: the per-Pod DNS names their data names (as on Workload); absent when none. */
  readonly podDnsNames?: readonly string[];
}

export type K8sObject =
  | Workload
  | Service
  | Endpoints
  | EndpointSlice
  | Ingress
  | Kustomization
  | Gateway
  | Route
  | ReferenceGrant
  | NetworkPolicy
  | ConfigMap
  | OtherObject;

export function isWorkload(o: K8sObject): o is Workload {
  return (WORKLOAD_KINDS as readonly string[]).includes(o.kind) && !('other' in o);
}
export function isService(o: K8sObject): o is Service {
  return o.kind === 'Service' && !('other' in o);
}
export function isEndpoints(o: K8sObject): o is Endpoints {
  return o.kind === 'Endpoints' && !('other' in o);
}
export function isEndpointSlice(o: K8sObject): o is EndpointSlice {
  return o.kind === 'EndpointSlice' && !('other' in o);
}
export function isIngress(o: K8sObject): o is Ingress {
  return o.kind === 'Ingress' && !('other' in o);
}
export function isConfigMap(o: K8sObject): o is ConfigMap {
  return o.kind === 'ConfigMap' && !('other' in o);
}
export function isKustomization(o: K8sObject): o is Kustomization {
  return o.kind === 'Kustomization' && !('other' in o);
}

export function isGateway(o: K8sObject): o is Gateway {
  return o.kind === 'Gateway' && !('other' in o);
}
export function isRoute(o: K8sObject): o is Route {
  return (ROUTE_KINDS as readonly string[]).includes(o.kind) && !('other' in o);
}
export function isReferenceGrant(o: K8sObject): o is ReferenceGrant {
  return o.kind === 'ReferenceGrant' && !('other' in o);
}
export function isNetworkPolicy(o: K8sObject): o is NetworkPolicy {
  return o.kind === 'NetworkPolicy' && !('other' in o);
}
/** A `v1 Namespace` (kept as an other object: its labels are all kube-ports needs). */
export function isNamespace(o: K8sObject): boolean {
  return o.kind === 'Namespace' && o.apiVersion === 'v1';
}

/** API groups served by Kubernetes itself (everything else comes from a CRD, usually an operator's). */
const BUILT_IN_GROUP = /(^|\.)k8s\.io$|^(apps|batch|policy|autoscaling|extensions)$/;

/** An object of a custom resource (an operator's kind, e.g. `kibana.k8s.elastic.co/v1 Kibana`). */
export function isCustomResource(o: K8sObject): boolean {
  const slash = o.apiVersion.indexOf('/');
  if (slash < 0 || !('other' in o) || o.kind === 'Kustomization') return false;
  const group = o.apiVersion.slice(0, slash);
  return group.includes('.') && !BUILT_IN_GROUP.test(group) && !group.startsWith('kustomize.');
}

/** `Kind/namespace/name`: the identity of an object across files (overlays define it twice). */
export function objectKey(o: { kind: string; namespace: string; name: string }): string {
  return `${o.kind}/${o.namespace}/${o.name}`;
}

/** A problem found while reading a file (not a wiring rule): syntax errors, skipped files. */
export interface FileNote {
  readonly span: Span;
  readonly message: string;
  readonly code: 'yaml-syntax' | 'helm-template' | 'file-too-large' | 'not-text' | 'too-complex';
}
