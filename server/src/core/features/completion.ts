/**
 * Completion from the workspace, on text being typed (often not valid YAML yet, or with an empty
 * value): the context comes from the raw lines around the cursor (the key being typed or whose
 * value is typed, and its parent keys by indentation), the data from the model of the enclosing
 * object and the index. Never throws; answers [] when unsure.
 *
 * - Service `targetPort`: names and numbers of the selected containers' ports
 * - Service `selector`: whole label sets of templates in the namespace first, then keys, values
 * - Service `type`; StatefulSet `serviceName`
 * - Ingress backend service names and their ports; Endpoints port names
 * - Gateway API route backendRefs: Service names (of the ref's namespace) and their port numbers
 * - env values and ConfigMap entries whose key looks like an address: `svc`, `svc:port`, `svc.ns:port`
 */
import { formatLabels } from '../model/labels';
import { declaredPorts, portName, portNumber } from '../model/ports';
import { ROUTE_KINDS, isRoute, spanOf } from '../model/types';
import {
  isEndpoints,
  isIngress,
  isService,
  type K8sObject,
  type Service,
  type Span,
  type Workload,
} from '../model/types';
import type { Settings } from '../settings';
import type { IndexView } from '../workspace/workspace-index';
import { distinctObjects, selectedDefinitions, servicesNamedIn } from './definition';
import { objectAt, spanContains } from './locate';
import { isAddressKey } from '../references/service-references';

export type CompletionKind = 'port-name' | 'port-number' | 'label-set' | 'label-key' | 'label-value' | 'service' | 'enum';

export interface Completion {
  readonly label: string;
  readonly kind: CompletionKind;
  readonly detail?: string;
  readonly documentation?: string;
  readonly insertText: string;
  /** Items sort by this (workspace order is meaningful: best first). */
  readonly sortText: string;
  readonly filterText?: string;
  /** The text the item replaces (the word being typed). */
  readonly replace: Span;
  /** Ask the editor to suggest again after inserting (a key, then its value). */
  readonly retrigger?: boolean;
}

export interface CompletionInput {
  readonly text: string;
  readonly offset: number;
  /** Objects of the file (from the last parse). */
  readonly objects: readonly K8sObject[];
  readonly index: IndexView;
  readonly settings: Settings;
}

/** The YAML context of the cursor, from raw lines. */
export interface LineContext {
  /** Parent keys, outermost first (list items are not included). */
  readonly path: readonly string[];
  /** The key being typed (`inKey`) or whose value is typed. */
  readonly key: string;
  readonly inKey: boolean;
  /** What is typed so far (key or value), without an opening quote. */
  readonly prefix: string;
  readonly replace: Span;
  /** Column of the key (for multi-line inserts). */
  readonly keyColumn: number;
}

const TOKEN = /[^\s#,{}[\]]/;

interface LineShape {
  readonly indent: number;
  readonly dashCol: number | undefined;
  readonly key: string | undefined;
  readonly keyCol: number;
}

/** Lines are matched on at most this many characters: every expression here then runs on bounded input. */
const MAX_LINE = 1000;

function shape(line: string): LineShape | undefined {
  const m = /^(\s*)((?:-\s+)*)(?:(["']?)([^\s:"'#][^:#]*?)\3\s*:(?:\s|$))?/.exec(line.slice(0, MAX_LINE));
  if (!m) return undefined;
  const indent = m[1]!.length;
  const dashes = m[2]!;
  const dashCol = dashes ? indent : undefined;
  const keyCol = indent + dashes.length;
  return { indent, dashCol, key: m[4]?.trim(), keyCol };
}

export function lineContext(text: string, offset: number): LineContext | undefined {
  if (offset < 0 || offset > text.length) return undefined;
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const before = text.slice(lineStart, offset);
  if (before.includes('#') || before.length > MAX_LINE) return undefined;
  let end = offset;
  while (end < text.length && TOKEN.test(text[end]!) && text[end] !== ':' && text[end] !== '"' && text[end] !== "'") end++;
  let key: string;
  let inKey: boolean;
  let prefix: string;
  let replaceStart: number;
  let keyColumn: number;
  let ownDash: number | undefined;
  const value = /^(\s*)((?:-\s+)*)(["']?)([^\s:"'#][^:#]*?)\3\s*:\s+(["']?)([^\s"'#,{}[\]]*)$/.exec(before) ?? /^(\s*)((?:-\s+)*)(["']?)([^\s:"'#][^:#]*?)\3\s*:()()$/.exec(before);
  if (value) {
    key = value[4]!.trim();
    inKey = false;
    prefix = value[6] ?? '';
    replaceStart = offset - prefix.length;
    keyColumn = value[1]!.length + value[2]!.length;
    ownDash = value[2] ? value[1]!.length : undefined;
  } else {
    const k = /^(\s*)((?:-\s+)*)([^\s:"'#]*)$/.exec(before);
    if (!k) return undefined;
    key = k[3]!;
    inKey = true;
    prefix = key;
    replaceStart = offset - key.length;
    keyColumn = k[1]!.length + k[2]!.length;
    ownDash = k[2] ? k[1]!.length : undefined;
  }
  // Parents by indentation.
  const path: string[] = [];
  let limit = ownDash !== undefined ? ownDash + 1 : keyColumn;
  let pos = lineStart - 1;
  let steps = 0;
  while (pos > 0 && limit > 0 && steps++ < 2000) {
    const start = text.lastIndexOf('\n', pos - 1) + 1;
    const line = text.slice(start, pos);
    pos = start - 1;
    if (/^---|^\.\.\./.test(line)) break;
    if (!line.trim() || line.trim().startsWith('#')) continue;
    const s = shape(line);
    if (!s || s.indent >= limit) continue;
    if (s.key !== undefined && s.keyCol < limit) {
      path.push(s.key);
      limit = s.keyCol;
      if (s.dashCol !== undefined && s.dashCol < s.keyCol) limit = s.dashCol + 1;
    } else if (s.dashCol !== undefined && s.dashCol < limit) {
      limit = s.dashCol + 1;
    } else if (s.indent < limit) {
      // A continuation line or a scalar: not a parent.
      continue;
    }
    if (pos < 0) break;
  }
  return { path: path.reverse(), key, inKey, prefix, replace: { start: replaceStart, end: Math.max(offset, end) }, keyColumn };
}

const endsWith = (path: readonly string[], ...tail: string[]) =>
  path.length >= tail.length && tail.every((k, i) => path[path.length - tail.length + i] === k);

/** The kind / namespace / name of the object at the cursor: from the model, else from the raw document. */
function objectInfo(input: CompletionInput): { kind: string; namespace: string; name: string; object: K8sObject | undefined } {
  const o = objectAt(input.objects, input.offset);
  if (o) return { kind: o.kind, namespace: o.namespace, name: o.name, object: o };
  const { text, offset } = input;
  const docStart = (() => {
    const re = /^---.*$/gm;
    let last = 0;
    for (let m = re.exec(text); m && m.index < offset; m = re.exec(text)) last = m.index + m[0].length;
    return last;
  })();
  const nextSep = text.slice(offset).search(/^---/m);
  // The head of the document is enough for kind and metadata, and keeps the expressions on bounded input.
  const doc = text.slice(docStart, Math.min(docStart + 64 * 1024, nextSep < 0 ? text.length : offset + nextSep));
  const kind = /^kind:\s*["']?([A-Za-z]+)/m.exec(doc)?.[1] ?? '';
  const meta = /^metadata:\s*\n((?:[ \t]+.*\n?|\s*\n)*)/m.exec(doc)?.[1] ?? '';
  const found = /^([ \t]+)\S/m.exec(meta)?.[1];
  // The indentation goes into an expression: only a sane one (a regular expression built from a
  // 100k-space line would be a regular expression of 100k characters).
  const indent = found !== undefined && found.length <= 64 ? found : '  ';
  const field = (f: string) => new RegExp(`^${indent}${f}:\\s*["']?([^\\s"'#]+)`, 'm').exec(meta)?.[1];
  return { kind, namespace: field('namespace') ?? input.settings.defaultNamespace, name: field('name') ?? '', object: undefined };
}

function item(c: Omit<Completion, 'replace'>, replace: Span): Completion {
  return { ...c, replace };
}

const pad = (n: number) => String(n).padStart(4, '0');

function targetPortItems(input: CompletionInput, service: Service, ctx: LineContext): Completion[] {
  const sp = service.ports.find((p) => spanContains(spanOf(p), input.offset));
  const protocol = sp?.protocol ?? 'TCP';
  const names = new Map<string, Completion>();
  const numbers = new Map<string, Completion>();
  for (const w of distinctObjects(selectedDefinitions(input.index, service))) {
    if (!w.template) continue;
    for (const r of declaredPorts(w.template)) {
      const where = `${w.kind} ${w.name}, container ${String(r.container.name?.value ?? '?')}`;
      const same = r.port.protocol === protocol;
      const name = portName(r.port.name);
      if (name !== undefined && !names.has(name)) {
        names.set(
          name,
          item(
            { label: name, kind: 'port-name', detail: `containerPort ${r.containerPort}/${r.port.protocol}`, documentation: where, insertText: name, sortText: `${same ? 0 : 2}-${name}` },
            ctx.replace,
          ),
        );
      }
      const num = String(r.containerPort);
      if (!numbers.has(num)) {
        numbers.set(
          num,
          item(
            { label: num, kind: 'port-number', detail: `containerPort${name ? ` "${name}"` : ''}/${r.port.protocol}`, documentation: where, insertText: num, sortText: `${same ? 1 : 3}-${pad(r.containerPort)}` },
            ctx.replace,
          ),
        );
      }
    }
  }
  return [...names.values(), ...numbers.values()];
}

function labelSets(workloads: Iterable<Workload>): Map<string, { entries: { key: string; value: string }[]; workloads: string[] }> {
  const sets = new Map<string, { entries: { key: string; value: string }[]; workloads: string[] }>();
  const sorted = [...workloads].sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : a.span.start - b.span.start));
  for (const w of sorted) {
    const entries = w.template?.labels?.entries ?? [];
    if (!entries.length) continue;
    const dedup = new Map(entries.map((e) => [e.key, e.value]));
    const list = [...dedup].map(([key, value]) => ({ key, value }));
    const k = formatLabels(list);
    const s = sets.get(k);
    if (s) s.workloads.push(`${w.kind} ${w.name}`);
    else sets.set(k, { entries: list, workloads: [`${w.kind} ${w.name}`] });
  }
  return sets;
}

function selectorItems(input: CompletionInput, info: ReturnType<typeof objectInfo>, ctx: LineContext): Completion[] {
  const service = info.object && isService(info.object) ? info.object : undefined;
  const existing = new Map((service?.selector?.entries ?? []).filter((e) => !spanContains({ start: e.keyStart, end: e.valueEnd }, input.offset)).map((e) => [e.key, e.value]));
  const workloads = [...input.index.workloadsIn(info.namespace)];
  const out: Completion[] = [];
  const compatible = (w: Workload) => [...existing].every(([k, v]) => w.template?.labels?.entries.some((e) => e.key === k && e.value === v));
  if (ctx.inKey) {
    if (existing.size === 0) {
      const sets = [...labelSets(workloads)].sort((a, b) => b[1].entries.length - a[1].entries.length || a[0].localeCompare(b[0]));
      sets.forEach(([label, s], i) => {
        const indent = ' '.repeat(ctx.keyColumn);
        out.push(
          item(
            {
              label,
              kind: 'label-set',
              detail: `labels of ${s.workloads.join(', ')}`,
              insertText: s.entries.map((e) => `${e.key}: ${e.value}`).join(`\n${indent}`),
              sortText: `0-${pad(i)}`,
              filterText: s.entries.map((e) => e.key).join(' '),
            },
            ctx.replace,
          ),
        );
      });
    }
    const keys = new Map<string, Set<string>>();
    for (const w of workloads) {
      if (!compatible(w)) continue;
      for (const e of w.template?.labels?.entries ?? []) {
        if (existing.has(e.key)) continue;
        let s = keys.get(e.key);
        if (!s) keys.set(e.key, (s = new Set()));
        s.add(`${w.kind} ${w.name}`);
      }
    }
    for (const [key, ws] of [...keys].sort((a, b) => a[0].localeCompare(b[0]))) {
      out.push(item({ label: key, kind: 'label-key', detail: `on ${ws.size} workload${ws.size === 1 ? '' : 's'}`, insertText: `${key}: `, sortText: `1-${key}`, retrigger: true }, ctx.replace));
    }
    return out;
  }
  const values = new Map<string, { workloads: Set<string>; compatible: boolean }>();
  for (const w of workloads) {
    for (const e of w.template?.labels?.entries ?? []) {
      if (e.key !== ctx.key) continue;
      let v = values.get(e.value);
      if (!v) values.set(e.value, (v = { workloads: new Set(), compatible: false }));
      v.workloads.add(`${w.kind} ${w.name}`);
      if (compatible(w)) v.compatible = true;
    }
  }
  for (const [value, v] of [...values].sort((a, b) => a[0].localeCompare(b[0]))) {
    out.push(
      item(
        { label: value, kind: 'label-value', detail: [...v.workloads].sort().join(', '), insertText: value, sortText: `${v.compatible ? 0 : 1}-${value}` },
        ctx.replace,
      ),
    );
  }
  return out;
}

/** `selector: ` with nothing after: whole label sets as flow maps. */
function flowSelectorItems(input: CompletionInput, namespace: string, ctx: LineContext): Completion[] {
  const sets = [...labelSets(input.index.workloadsIn(namespace))].sort((a, b) => b[1].entries.length - a[1].entries.length || a[0].localeCompare(b[0]));
  return sets.map(([label, s], i) =>
    item(
      {
        label,
        kind: 'label-set',
        detail: `labels of ${s.workloads.join(', ')}`,
        insertText: `{${s.entries.map((e) => `${e.key}: ${e.value}`).join(', ')}}`,
        sortText: `0-${pad(i)}`,
        filterText: label,
      },
      ctx.replace,
    ),
  );
}

function serviceItems(input: CompletionInput, namespace: string, ctx: LineContext, headlessFirst = false): Completion[] {
  const out: Completion[] = [];
  const seen = new Set<string>();
  for (const s of input.index.servicesIn(namespace)) {
    if (!s.name || seen.has(s.name)) continue;
    seen.add(s.name);
    const ports = s.ports.map((p) => `${portNumber(p.port) ?? '?'}${portName(p.name) ? ` (${portName(p.name)})` : ''}`).join(', ');
    const first = headlessFirst ? (s.headless ? 0 : 1) : 0;
    out.push(
      item(
        { label: s.name, kind: 'service', detail: `Service ${s.type}${s.headless ? ', headless' : ''}${ports ? ` · ${ports}` : ''}`, insertText: s.name, sortText: `${first}-${s.name}` },
        ctx.replace,
      ),
    );
  }
  return out;
}

function servicePortItems(services: readonly Service[], ctx: LineContext, want: 'number' | 'name' | 'both'): Completion[] {
  const out = new Map<string, Completion>();
  for (const s of services) {
    for (const p of s.ports) {
      const n = portNumber(p.port);
      const name = portName(p.name);
      if (want !== 'number' && name !== undefined && !out.has(name)) {
        out.set(name, item({ label: name, kind: 'port-name', detail: `port ${n ?? '?'}/${p.protocol} of Service ${s.name}`, insertText: name, sortText: `0-${name}` }, ctx.replace));
      }
      if (want !== 'name' && n !== undefined && !out.has(String(n))) {
        out.set(String(n), item({ label: String(n), kind: 'port-number', detail: `port${name ? ` "${name}"` : ''}/${p.protocol} of Service ${s.name}`, insertText: String(n), sortText: `1-${pad(n)}` }, ctx.replace));
      }
    }
  }
  return [...out.values()];
}

/** The Service an Ingress backend at the cursor names: from the model, else from the raw lines. */
function backendServiceName(input: CompletionInput, ingress: K8sObject | undefined, ctx: LineContext): string | undefined {
  if (ingress && isIngress(ingress)) {
    const b = ingress.backends.find((x) => spanContains(x.span, input.offset));
    const v = b?.serviceName?.value;
    if (typeof v === 'string' && v) return v;
  }
  // Raw: a `name:` (or `serviceName:`) at a lower indentation than the cursor, within a few lines.
  const before = input.text.slice(Math.max(0, input.offset - 600), input.offset).split('\n').reverse();
  const after = input.text.slice(input.offset, input.offset + 600).split('\n');
  for (const line of [...before.slice(1, 8), ...after.slice(1, 8)]) {
    const m = (ctx.key === 'servicePort' ? /^\s*(?:-\s+)?serviceName:\s*["']?([^\s"'#]+)/ : /^\s*name:\s*["']?([^\s"'#]+)/).exec(line);
    if (m && /^\s*/.exec(line)![0].length < ctx.keyColumn) return m[1];
  }
  return undefined;
}

const SERVICE_TYPES: readonly [string, string][] = [
  ['ClusterIP', 'a virtual IP inside the cluster (the default)'],
  ['NodePort', 'ClusterIP + a port on every node (from the node port range)'],
  ['LoadBalancer', 'NodePort + an external load balancer from the cloud provider'],
  ['ExternalName', 'a DNS CNAME to externalName; no proxying, no selector'],
];

export function completion(input: CompletionInput): Completion[] {
  try {
    return complete(input).sort((a, b) => (a.sortText < b.sortText ? -1 : a.sortText > b.sortText ? 1 : a.label.localeCompare(b.label)));
  } catch {
    return [];
  }
}

function complete(input: CompletionInput): Completion[] {
  const ctx = lineContext(input.text, input.offset);
  if (!ctx) return [];
  const info = objectInfo(input);
  const path = ctx.path;
  switch (info.kind) {
    case 'Service': {
      const service = info.object && isService(info.object) ? info.object : undefined;
      if (!ctx.inKey && ctx.key === 'targetPort' && endsWith(path, 'spec', 'ports')) return service ? targetPortItems(input, service, ctx) : [];
      if (endsWith(path, 'spec', 'selector')) return selectorItems(input, info, ctx);
      if (!ctx.inKey && ctx.key === 'selector' && endsWith(path, 'spec') && path.length === 1) return flowSelectorItems(input, info.namespace, ctx);
      if (!ctx.inKey && ctx.key === 'type' && endsWith(path, 'spec') && path.length === 1) {
        return SERVICE_TYPES.map(([t, doc], i) => item({ label: t, kind: 'enum', documentation: doc, insertText: t, sortText: `${i}` }, ctx.replace));
      }
      return [];
    }
    case 'StatefulSet':
      if (!ctx.inKey && ctx.key === 'serviceName' && endsWith(path, 'spec') && path.length === 1) return serviceItems(input, info.namespace, ctx, true);
      return [];
    case 'Ingress': {
      if (ctx.inKey) return [];
      const inBackend = path.includes('spec');
      if (!inBackend) return [];
      if (ctx.key === 'name' && endsWith(path, 'service')) return serviceItems(input, info.namespace, ctx);
      if (ctx.key === 'serviceName') return serviceItems(input, info.namespace, ctx);
      const want = ctx.key === 'number' && endsWith(path, 'service', 'port') ? 'number' : ctx.key === 'name' && endsWith(path, 'service', 'port') ? 'name' : ctx.key === 'servicePort' ? 'both' : undefined;
      if (!want) return [];
      const name = backendServiceName(input, info.object, ctx);
      return servicePortItems(servicesNamedIn(input.index, info.namespace, name), ctx, want);
    }
    case 'Endpoints': {
      if (ctx.inKey || ctx.key !== 'name' || !endsWith(path, 'subsets', 'ports')) return [];
      const name = info.object && isEndpoints(info.object) ? info.object.name : info.name;
      return servicePortItems(servicesNamedIn(input.index, info.namespace, name), ctx, 'name');
    }
    case 'ConfigMap':
      // `data:` entries whose key looks like an address (`CART_ADDR: |`).
      if (!ctx.inKey && endsWith(path, 'data') && path.length === 1 && isAddressKey(ctx.key)) return addressItems(input, info.namespace, ctx);
      return [];
    default:
      if ((ROUTE_KINDS as readonly string[]).includes(info.kind)) return routeItems(input, info, ctx);
      if (!ctx.inKey && ctx.key === 'value' && endsWith(path, 'env') && isAddressKey(envNameAt(input.text, input.offset, ctx))) {
        return addressItems(input, info.namespace, ctx);
      }
      return [];
  }
}

/** A sibling key of the list item at the cursor (same column), from the model or the raw lines. */
function siblingValue(input: CompletionInput, ctx: LineContext, key: string): string | undefined {
  const before = input.text.slice(Math.max(0, input.offset - 600), input.offset).split('\n').reverse();
  const after = input.text.slice(input.offset, input.offset + 600).split('\n');
  const re = new RegExp(`^(\\s*(?:-\\s+)?)${key}:\\s*["']?([^\\s"'#,}]+)`);
  for (const lines of [before.slice(1, 8), after.slice(1, 8)]) {
    for (const line of lines) {
      const m = re.exec(line);
      if (m && m[1]!.length === ctx.keyColumn) return m[2];
      // Stop at the start of this item or of another one.
      if (/^\s*-\s/.test(line) && /^\s*/.exec(line)![0].length < ctx.keyColumn) break;
    }
  }
  return undefined;
}

/** The `name:` of the env item whose `value:` is typed (same line in flow style, or the item's lines above). */
function envNameAt(text: string, offset: number, ctx: LineContext): string | undefined {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const same = /name:\s*["']?([A-Za-z_][A-Za-z0-9_.-]*)/.exec(text.slice(lineStart, offset));
  if (same) return same[1];
  let pos = lineStart - 1;
  for (let i = 0; i < 4 && pos > 0; i++) {
    const start = text.lastIndexOf('\n', pos - 1) + 1;
    const line = text.slice(start, pos);
    pos = start - 1;
    const m = /^(\s*)(-\s+)?name:\s*["']?([A-Za-z_][A-Za-z0-9_.-]*)/.exec(line);
    if (m && m[1]!.length + (m[2]?.length ?? 0) === ctx.keyColumn) return m[3];
    if (/^\s*-\s/.test(line)) break;
  }
  return undefined;
}

function routeItems(input: CompletionInput, info: ReturnType<typeof objectInfo>, ctx: LineContext): Completion[] {
  if (ctx.inKey || !endsWith(ctx.path, 'backendRefs')) return [];
  const route = info.object && isRoute(info.object) ? info.object : undefined;
  const ref = route?.rules.flatMap((r) => r.backendRefs).find((b) => spanContains(b.span, input.offset));
  const namespace = ref?.namespaceScalar?.value || siblingValue(input, ctx, 'namespace') || info.namespace;
  if (ctx.key === 'name') return serviceItems(input, namespace, ctx);
  if (ctx.key === 'port') {
    const name = (typeof ref?.name?.value === 'string' && ref.name.value) || siblingValue(input, ctx, 'name');
    return servicePortItems(servicesNamedIn(input.index, namespace, name), ctx, 'number');
  }
  return [];
}

const MAX_OTHER_NAMESPACES = 200;

/**
 * Addresses for an env value or ConfigMap entry that holds one: Services of the caller's
 * namespace (`cartservice`, `cartservice:7070`), then of other namespaces (`cartservice.shop:7070`).
 * After `scheme://` only the host part is replaced.
 */
function addressItems(input: CompletionInput, namespace: string, ctx: LineContext): Completion[] {
  const scheme = ctx.prefix.lastIndexOf('://');
  const replace = scheme >= 0 ? { start: ctx.replace.start + scheme + 3, end: ctx.replace.end } : ctx.replace;
  const out: Completion[] = [];
  const seen = new Set<string>();
  const add = (label: string, detail: string, sort: string) => {
    if (seen.has(label)) return;
    seen.add(label);
    out.push(item({ label, kind: 'service', detail, insertText: label, sortText: sort }, replace));
  };
  const ports = (s: Service) => s.ports.map((p) => ({ n: portNumber(p.port), name: portName(p.name) })).filter((p) => p.n !== undefined);
  for (const s of input.index.servicesIn(namespace)) {
    if (!s.name) continue;
    add(s.name, `Service ${s.type} in ${namespace}`, `0-${s.name}`);
    for (const p of ports(s)) add(`${s.name}:${p.n}`, `Service ${s.name} port${p.name ? ` ${p.name}` : ''}`, `1-${s.name}-${pad(p.n!)}`);
  }
  let others = 0;
  for (const s of input.index.allServices()) {
    if (s.namespace === namespace || !s.name) continue;
    if (others++ >= MAX_OTHER_NAMESPACES) break;
    for (const p of ports(s)) add(`${s.name}.${s.namespace}:${p.n}`, `Service ${s.name} (namespace ${s.namespace}) port${p.name ? ` ${p.name}` : ''}`, `2-${s.namespace}-${s.name}-${pad(p.n!)}`);
  }
  return out;
}
