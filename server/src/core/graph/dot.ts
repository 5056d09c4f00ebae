/**
 * The wiring graph as Graphviz DOT (`dot -Tsvg`, `-Tpng`). Namespaces are clusters; broken
 * links are dashed and red (errors) or amber (warnings) with the findings' messages as the
 * tooltip. Pure; the same graph always gives the same text.
 */
import { edgeState, nodeState, type GraphNode, type WiringGraph } from './model';
import { shortProblem } from './mermaid';

const COLORS = { error: '#d32f2f', warning: '#b26a00' };

/** A DOT double-quoted string. */
function q(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/[\r\n]+/g, ' ').replace(/[\u0000-\u001f\u007f]/g, ' ')}"`;
}

/** A multi-line label: lines joined with DOT's centred line break. */
function label(lines: readonly string[]): string {
  return `"${lines.map((l) => q(l).slice(1, -1)).join('\\n')}"`;
}

const SHAPES: Record<GraphNode['kind'], { shape: string; style: string; fill?: string; color: string }> = {
  entry: { shape: 'box', style: 'rounded,filled', fill: '#e8f1fb', color: '#4a78b0' },
  service: { shape: 'box', style: 'filled', fill: '#eaf5ea', color: '#3d8b40' },
  workload: { shape: 'box3d', style: 'filled', fill: '#f4f0fa', color: '#7354a6' },
  endpoints: { shape: 'cylinder', style: 'filled', fill: '#f5f5f5', color: '#777777' },
  external: { shape: 'hexagon', style: 'filled', fill: '#fff8e1', color: '#a68a00' },
  missing: { shape: 'box', style: 'dashed', color: COLORS.error },
};

export function renderDot(graph: WiringGraph): string {
  const ids = new Map<string, string>();
  graph.nodes.forEach((n, i) => ids.set(n.id, `n${i + 1}`));
  const out: string[] = [
    'digraph wiring {',
    '  rankdir=LR;',
    '  node [fontname="Helvetica", fontsize=11];',
    '  edge [fontname="Helvetica", fontsize=10];',
  ];
  const nodeLine = (n: GraphNode, indent: string) => {
    const state = nodeState(n);
    const look = SHAPES[n.kind];
    const broken = state !== 'ok' && n.kind !== 'missing';
    const attrs = [`label=${label([n.title, ...n.lines])}`, `shape=${look.shape}`, `style="${look.style}${broken ? ',dashed' : ''}"`];
    if (look.fill) attrs.push(`fillcolor="${look.fill}"`);
    attrs.push(`color="${state === 'ok' ? look.color : COLORS[state]}"`);
    if (state !== 'ok') attrs.push(`fontcolor="${COLORS[state]}"`, 'penwidth=2');
    if (n.problems.length) attrs.push(`tooltip=${q(n.problems.map((p) => p.message).join(' '))}`);
    out.push(`${indent}${ids.get(n.id)} [${attrs.join(', ')}];`);
  };
  graph.namespaces.forEach((ns, i) => {
    out.push(`  subgraph cluster_${i + 1} {`, `    label=${q(`namespace ${ns}`)};`, '    style="rounded,dashed";', '    color="#999999";');
    for (const n of graph.nodes) if (n.namespace === ns) nodeLine(n, '    ');
    out.push('  }');
  });
  for (const n of graph.nodes) if (n.namespace === undefined) nodeLine(n, '  ');
  for (const e of graph.edges) {
    const state = edgeState(e);
    const lines = [...e.lines];
    for (const p of e.problems) if (p.severity === 'error' || p.severity === 'warning') lines.push(`⚠ ${shortProblem(p.message)}`);
    const attrs: string[] = [];
    if (lines.length) attrs.push(`label=${label(lines)}`);
    if (state !== 'ok') attrs.push(`color="${COLORS[state]}"`, `fontcolor="${COLORS[state]}"`, 'style=dashed', 'penwidth=2');
    else if (e.kind === 'call') attrs.push('style=dotted');
    if (e.problems.length) attrs.push(`tooltip=${q(e.problems.map((p) => p.message).join(' '))}`);
    out.push(`  ${ids.get(e.from)} -> ${ids.get(e.to)}${attrs.length ? ` [${attrs.join(', ')}]` : ''};`);
  }
  if (graph.truncated) out.push(`  // ${graph.truncated.message}`);
  out.push('}');
  return out.join('\n') + '\n';
}
