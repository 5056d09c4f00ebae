/**
 * The wiring graph: entry points → Services → Pods/Endpoints, as data. The CLI's Mermaid, DOT
 * and SVG output and the editor's wiring map all draw this one model (build.ts makes it from
 * the index and `features/access-paths.ts`; findings turn its edges red).
 *
 * Every node and edge carries a source `(uri, span)`: the workspace maps it to an editor
 * location at the edge (rendered objects to their template line), so a click opens the source.
 */
import type { Severity } from '../settings';
import type { Span } from '../model/types';

export interface GraphSource {
  readonly uri: string;
  readonly span: Span;
}

/**
 * - `entry`: a way in from outside the Service: Ingress host/path, NodePort, LoadBalancer,
 *   externalIP (and, by extension, Gateway API route hostnames).
 * - `service`: a Service with its ports.
 * - `workload`: a workload or bare Pod with its container ports and replicas.
 * - `endpoints`: a selectorless Service's Endpoints / EndpointSlice with its addresses.
 * - `external`: outside the cluster (an ExternalName's DNS name).
 * - `missing`: what a broken link points at and the workspace does not have ("no Pods match").
 */
export type NodeKind = 'entry' | 'service' | 'workload' | 'endpoints' | 'external' | 'missing';

export interface GraphNode {
  /** Stable, unique within a graph (not safe for Mermaid/DOT ids: renderers number nodes). */
  readonly id: string;
  readonly kind: NodeKind;
  /** What it is, for styling and the accessible label: `Ingress`, `NodePort`, `Service`, `Deployment`, … */
  readonly type: string;
  /** The namespace it is grouped in; undefined for nodes outside every namespace (external names). */
  readonly namespace: string | undefined;
  /** The first line: `svc/web`, `Deployment web`, `shop.example.com/api`. */
  readonly title: string;
  /** Further lines: ports, replicas, addresses. */
  readonly lines: readonly string[];
  readonly source: GraphSource;
  /** The whole object in `source.uri` (findings anywhere inside it, not on a link, land on the node). */
  readonly extent?: Span;
  /** Findings on the node itself (not on one of its links). */
  readonly problems: GraphProblem[];
}

/** `route` and `call` are for Gateway API routes and Service-to-Service calls (see build.ts, contributors). */
export type EdgeKind = 'entry' | 'backend' | 'external' | 'route' | 'call';

export interface GraphEdge {
  readonly id: string;
  readonly kind: EdgeKind;
  readonly from: string;
  readonly to: string;
  /** Port mappings, one line each: `80 → http(8080)`. */
  readonly lines: string[];
  readonly source: GraphSource;
  /** Where findings about this link are reported (the ports, the backend, the selector). */
  readonly anchors: GraphSource[];
  /** The link is broken by construction (a targetPort that names no container port, no backends). */
  broken: boolean;
  /** Findings that fall on this link (their messages are the edge's tooltip). */
  readonly problems: GraphProblem[];
}

export interface GraphProblem {
  readonly rule: string;
  readonly severity: Severity;
  readonly message: string;
}

export interface WiringGraph {
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
  /** The namespaces that group the nodes, sorted. */
  readonly namespaces: readonly string[];
  /** Set when the graph was capped: how much is not drawn, and how to see it. */
  readonly truncated?: { readonly shownServices: number; readonly totalServices: number; readonly message: string };
}

/** The worst severity of an element's problems (undefined when none). */
export function worstSeverity(problems: readonly GraphProblem[]): Severity | undefined {
  const order: Severity[] = ['error', 'warning', 'information', 'hint'];
  let best: number | undefined;
  for (const p of problems) {
    const i = order.indexOf(p.severity);
    if (best === undefined || i < best) best = i;
  }
  return best === undefined ? undefined : order[best];
}

/** An edge is drawn broken (red or amber, dashed) when the model says so or an error/warning falls on it. */
export function edgeState(e: GraphEdge): 'ok' | 'error' | 'warning' {
  const worst = worstSeverity(e.problems);
  if (worst === 'error' || (e.broken && worst !== 'warning')) return 'error';
  if (worst === 'warning') return 'warning';
  return 'ok';
}

export function nodeState(n: GraphNode): 'ok' | 'error' | 'warning' {
  if (n.kind === 'missing') return 'error';
  const worst = worstSeverity(n.problems);
  return worst === 'error' ? 'error' : worst === 'warning' ? 'warning' : 'ok';
}

/** The text of a node, one string (accessible labels, tooltips). */
export function nodeText(n: GraphNode): string {
  return [n.title, ...n.lines].join(', ');
}

/** The text of an edge for an accessible label: `svc/web to Deployment web: 80 → http(8080)`. */
export function edgeText(e: GraphEdge, nodes: ReadonlyMap<string, GraphNode>): string {
  const from = nodes.get(e.from)?.title ?? e.from;
  const to = nodes.get(e.to)?.title ?? e.to;
  const problems = e.problems.map((p) => p.message);
  return `${from} to ${to}${e.lines.length ? `: ${e.lines.join(', ')}` : ''}${problems.length ? `. ${problems.join(' ')}` : ''}`;
}
