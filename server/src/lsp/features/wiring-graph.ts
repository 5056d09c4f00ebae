/**
 * `kubePorts/wiringGraph` (wiring-graph-protocol.ts): the wiring map of the active file, a
 * namespace, a Service or the whole workspace, built, laid out and drawn as SVG by the core
 * (core/graph/), with each drawn element's source location. The webview stays thin: it shows
 * the SVG and opens locations. Bounded: the graph stops adding Services at `maxNodes`.
 */
import { buildWiringGraph, type GraphScope } from '../../core/graph/build';
import { layoutGraph } from '../../core/graph/layout';
import { edgeText, nodeText, type GraphSource } from '../../core/graph/model';
import { renderSvg } from '../../core/graph/svg';
import { basename } from '../../core/uri';
import type { Feature, ServerContext } from '../context';
import { WIRING_GRAPH_REQUEST, type WiringGraphElement, type WiringGraphParams, type WiringGraphResult } from '../wiring-graph-protocol';

export const DEFAULT_MAX_NODES = 300;
const MAX_NODES_LIMIT = 2000;

export function wiringGraph(ctx: ServerContext, params: WiringGraphParams): WiringGraphResult {
  const { workspace } = ctx;
  const index = workspace.index;
  const maxNodes = Math.max(1, Math.min(MAX_NODES_LIMIT, Math.floor(Number(params.maxNodes) || DEFAULT_MAX_NODES)));
  const scope: { -readonly [K in keyof GraphScope]: GraphScope[K] } = { maxNodes };
  const namespace = typeof params.namespace === 'string' && params.namespace !== '' ? params.namespace : undefined;
  if (namespace !== undefined) scope.namespace = namespace;
  let title: string;
  const svc = params.service;
  if (svc && typeof svc.namespace === 'string' && typeof svc.name === 'string') {
    scope.service = { namespace: svc.namespace, name: svc.name };
    title = `Service ${svc.namespace}/${svc.name}`;
  } else if (!params.whole && typeof params.uri === 'string') {
    // A template or base line's objects are what it rendered to (one view per unit).
    scope.objects = workspace.isPatch(params.uri) ? [] : workspace.viewsOf(params.uri).flatMap((v) => v.objects);
    title = `what ${basename(params.uri)} touches`;
  } else {
    title = 'the whole workspace';
  }
  if (namespace !== undefined) title += `, namespace ${namespace}`;
  const graph = buildWiringGraph({
    index,
    settings: workspace.settings,
    scope,
    findingsOf: (uri) => workspace.findings(uri),
    indexFor: (uri) => workspace.indexFor(uri),
    worldOf: (uri) => {
      const unit = workspace.unitOf(uri);
      return unit ? (unit.tool === 'helm' ? `Helm release ${unit.release ?? unit.name}` : `Kustomize ${unit.name}`) : undefined;
    },
  });
  let layout = layoutGraph(graph);
  const width = Number(params.width);
  if (Number.isFinite(width) && width > 0 && layout.width > width) {
    // Narrow panel: top to bottom when that needs less shrinking to fit.
    const tall = layoutGraph(graph, { direction: 'TB' });
    if (tall.width < layout.width) layout = tall;
  }
  const svg = renderSvg(layout, { embedStyle: false });
  // Rendered objects' sources become their template / base lines here, at the edge.
  const location = (s: GraphSource) => ctx.location(s.uri, s.span);
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const elements: WiringGraphElement[] = [
    ...graph.nodes.map((n, i) => ({ ref: `n${i}`, label: nodeText(n), location: location(n.source) })),
    ...graph.edges.map((e, i) => ({ ref: `e${i}`, label: edgeText(e, byId), location: location(e.source) })),
  ];
  const namespaces = new Set<string>();
  for (const s of index.allServices()) namespaces.add(s.namespace);
  for (const w of index.allWorkloads()) namespaces.add(w.namespace);
  const empty =
    graph.nodes.length > 0
      ? undefined
      : scope.service
        ? `There is no Service ${title.slice('Service '.length)} in the workspace.`
        : scope.objects
          ? `Nothing in ${basename(params.uri!)} is wired to a Service, workload or Ingress${namespace ? ` in namespace ${namespace}` : ''}. Turn on "Whole workspace" to see everything.`
          : `No Services, workloads or Ingresses${namespace ? ` in namespace ${namespace}` : ''} in the workspace yet.`;
  return {
    svg,
    nodes: graph.nodes.length,
    edges: graph.edges.length,
    elements,
    namespaces: [...namespaces].sort(),
    title,
    ...(graph.truncated ? { truncated: graph.truncated.message } : {}),
    ...(empty ? { empty } : {}),
    indexing: !ctx.indexed(),
  };
}

export const wiringGraphFeature: Feature = {
  name: 'wiring-graph',
  capabilities: () => ({ experimental: { wiringGraph: true } }),
  register(ctx) {
    ctx.connection.onRequest(WIRING_GRAPH_REQUEST, (params: WiringGraphParams) =>
      ctx.guard<WiringGraphResult | null>('wiringGraph', null, () => wiringGraph(ctx, params ?? {})),
    );
  },
};
