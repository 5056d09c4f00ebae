/**
 * Lays the wiring graph out with @dagrejs/dagre (layered, left to right: entry points, Services,
 * Pods), namespaces as compound clusters. Node and label sizes are estimated from the text
 * (there are no font metrics in the server); the SVG (svg.ts) draws exactly these boxes.
 * Synchronous and pure: the same graph always gives the same coordinates.
 */
// dagre's package is an ES module, which TypeScript's Node16 mode does not let a CommonJS file
// import (TS1479); esbuild bundles it and tsx loads its CommonJS build, with the same exports.
// Its declarations resolve to loose types under Node16 anyway (extensionless relative
// re-exports), so the few calls below are checked by the layout tests, not by the compiler.
// @ts-expect-error TS1479: a CommonJS module importing an ES module
import { graphlib, layout } from '@dagrejs/dagre';
import { type GraphEdge, type GraphNode, type WiringGraph } from './model';

export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface LaidOutNode {
  readonly node: GraphNode;
  /** Top-left corner and size. */
  readonly box: Box;
}

export interface LaidOutEdge {
  readonly edge: GraphEdge;
  readonly points: readonly { readonly x: number; readonly y: number }[];
  /** Centre of the label, when the edge has one. */
  readonly label?: { readonly x: number; readonly y: number; readonly width: number; readonly height: number };
}

export interface LaidOutGroup {
  readonly namespace: string;
  readonly box: Box;
}

export interface GraphLayout {
  readonly graph: WiringGraph;
  readonly width: number;
  readonly height: number;
  readonly nodes: readonly LaidOutNode[];
  readonly edges: readonly LaidOutEdge[];
  readonly groups: readonly LaidOutGroup[];
}

/** Text metrics the estimates use (svg.ts draws with the same sizes). */
export const METRICS = {
  titleSize: 12,
  lineSize: 11,
  labelSize: 10,
  /** Average advance per character, as a share of the font size (generous for sans-serif). */
  charWidth: 0.62,
  lineHeight: 1.4,
  padX: 10,
  padY: 7,
  groupLabel: 20,
} as const;

function textWidth(s: string, size: number): number {
  return [...s].length * size * METRICS.charWidth;
}

export function nodeSize(n: GraphNode): { width: number; height: number } {
  const w = Math.max(textWidth(n.title, METRICS.titleSize) * 1.15, ...n.lines.map((l) => textWidth(l, METRICS.lineSize)), 60);
  const h = METRICS.titleSize * METRICS.lineHeight + n.lines.length * METRICS.lineSize * METRICS.lineHeight;
  return { width: Math.ceil(w + 2 * METRICS.padX), height: Math.ceil(h + 2 * METRICS.padY) };
}

export function edgeLabelLines(e: GraphEdge): string[] {
  return e.lines;
}

function labelSize(lines: readonly string[]): { width: number; height: number } {
  if (lines.length === 0) return { width: 0, height: 0 };
  return {
    width: Math.ceil(Math.max(...lines.map((l) => textWidth(l, METRICS.labelSize))) + 8),
    height: Math.ceil(lines.length * METRICS.labelSize * METRICS.lineHeight + 4),
  };
}

export interface LayoutOptions {
  /** `LR` (default): entry points on the left, Pods on the right; `TB`: top to bottom (narrow panels). */
  readonly direction?: 'LR' | 'TB';
}

export function layoutGraph(graph: WiringGraph, options: LayoutOptions = {}): GraphLayout {
  const g = new graphlib.Graph({ compound: true, multigraph: true });
  const lr = options.direction !== 'TB';
  // Edge labels take a rank of their own, so the rank gap is paid twice per link.
  g.setGraph({ rankdir: lr ? 'LR' : 'TB', nodesep: lr ? 36 : 28, ranksep: lr ? 40 : 24, edgesep: 14, marginx: 16, marginy: 16 + METRICS.groupLabel });
  g.setDefaultEdgeLabel(() => ({}));
  const groupId = (ns: string) => `group\u0000${ns}`;
  for (const ns of graph.namespaces) g.setNode(groupId(ns), { width: 0, height: 0 });
  graph.nodes.forEach((n) => {
    g.setNode(n.id, nodeSize(n));
    if (n.namespace !== undefined) g.setParent(n.id, groupId(n.namespace));
  });
  graph.edges.forEach((e) => {
    const size = labelSize(edgeLabelLines(e));
    g.setEdge(e.from, e.to, { ...size, labelpos: 'c', minlen: 1 }, e.id);
  });
  if (graph.nodes.length > 0) layout(g);

  const nodes: LaidOutNode[] = graph.nodes.map((n) => {
    const l = g.node(n.id) as { x: number; y: number; width: number; height: number };
    return { node: n, box: { x: l.x - l.width / 2, y: l.y - l.height / 2, width: l.width, height: l.height } };
  });
  const groups: LaidOutGroup[] = graph.namespaces.map((ns) => {
    const l = g.node(groupId(ns)) as { x: number; y: number; width: number; height: number };
    // Room for the namespace's name above the top row (nodesep keeps neighbouring groups apart).
    return { namespace: ns, box: { x: l.x - l.width / 2, y: l.y - l.height / 2 - METRICS.groupLabel, width: l.width, height: l.height + METRICS.groupLabel } };
  });
  const edges: LaidOutEdge[] = graph.edges.map((e) => {
    const l = g.edge(e.from, e.to, e.id) as { points?: { x: number; y: number }[]; x?: number; y?: number; width: number; height: number };
    const points = l.points ?? [];
    const label = e.lines.length && l.x !== undefined && l.y !== undefined ? { x: l.x, y: l.y, width: l.width, height: l.height } : undefined;
    return { edge: e, points, ...(label ? { label } : {}) };
  });
  let maxX = 0;
  let maxY = 0;
  for (const b of [...nodes.map((n) => n.box), ...groups.map((gr) => gr.box)]) {
    maxX = Math.max(maxX, b.x + b.width);
    maxY = Math.max(maxY, b.y + b.height);
  }
  for (const e of edges) {
    for (const p of e.points) {
      maxX = Math.max(maxX, p.x);
      maxY = Math.max(maxY, p.y);
    }
    if (e.label) {
      maxX = Math.max(maxX, e.label.x + e.label.width / 2);
      maxY = Math.max(maxY, e.label.y + e.label.height / 2);
    }
  }
  return { graph, width: Math.ceil(maxX + 16), height: Math.ceil(maxY + 16), nodes, edges, groups };
}
