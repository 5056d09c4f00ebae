/**
 * The wiring graph as a Mermaid flowchart (renders on GitHub, GitLab, in Markdown previews).
 * Nodes are numbered `n1…` in graph order; namespaces are subgraphs; broken links are dotted
 * and red (errors) or amber (warnings), with the finding's first sentence on the link and the
 * full messages as `%%` comments. Pure; the same graph always gives the same text.
 */
import { edgeState, nodeState, type GraphNode, type WiringGraph } from './model';

const COLORS = { error: '#d32f2f', warning: '#b26a00' };

/** Text inside a quoted Mermaid label: entity codes for what Mermaid or its HTML labels would read. */
function text(s: string): string {
  return s
    .replace(/#/g, '#35;')
    .replace(/"/g, '#quot;')
    .replace(/</g, '#lt;')
    .replace(/>/g, '#gt;')
    .replace(/[\u0000-\u001f\u007f]/g, ' ');
}

/** The first sentence (or clause before a colon) of a finding, outside parentheses, short enough for a link label. */
export function shortProblem(message: string, max = 70): string {
  let depth = 0;
  let end = message.length;
  for (let i = 0; i < message.length; i++) {
    const c = message[i];
    if (c === '(') depth++;
    else if (c === ')') depth = Math.max(0, depth - 1);
    else if (depth === 0 && (c === '.' || c === ':') && (i + 1 === message.length || message[i + 1] === ' ')) {
      end = i;
      break;
    }
  }
  const first = message.slice(0, end);
  return first.length > max ? `${first.slice(0, max - 1).trimEnd()}…` : first;
}

function shape(n: GraphNode, label: string): string {
  switch (n.kind) {
    case 'entry':
      return `(["${label}"])`;
    case 'workload':
      return `[["${label}"]]`;
    case 'endpoints':
      return `[("${label}")]`;
    case 'external':
      return `{{"${label}"}}`;
    default:
      return `["${label}"]`;
  }
}

export function renderMermaid(graph: WiringGraph): string {
  const ids = new Map<string, string>();
  graph.nodes.forEach((n, i) => ids.set(n.id, `n${i + 1}`));
  const out: string[] = ['flowchart LR'];
  const nodeLine = (n: GraphNode, indent: string) => {
    const label = [n.title, ...n.lines].map(text).join('<br/>');
    out.push(`${indent}${ids.get(n.id)}${shape(n, label)}`);
  };
  graph.namespaces.forEach((ns, i) => {
    out.push(`  subgraph ns${i + 1}["namespace ${text(ns)}"]`);
    for (const n of graph.nodes) if (n.namespace === ns) nodeLine(n, '    ');
    out.push('  end');
  });
  for (const n of graph.nodes) if (n.namespace === undefined) nodeLine(n, '  ');
  const styled: { index: number; color: string }[] = [];
  graph.edges.forEach((e, i) => {
    const state = edgeState(e);
    const lines = [...e.lines];
    for (const p of e.problems) if (p.severity === 'error' || p.severity === 'warning') lines.push(`⚠ ${shortProblem(p.message)}`);
    const label = lines.length ? `|"${lines.map(text).join('<br/>')}"|` : '';
    // A call (one workload dialling a Service) is dotted like a broken link, but only broken links are coloured.
    out.push(`  ${ids.get(e.from)} ${state === 'ok' && e.kind !== 'call' ? '-->' : '-.->'}${label} ${ids.get(e.to)}`);
    if (state !== 'ok') styled.push({ index: i, color: COLORS[state] });
    for (const p of e.problems) out.push(`  %% ${ids.get(e.from)} -> ${ids.get(e.to)} [${p.rule}] ${p.message.replace(/[\r\n]+/g, ' ')}`);
  });
  for (const n of graph.nodes) for (const p of n.problems) out.push(`  %% ${ids.get(n.id)} [${p.rule}] ${p.message.replace(/[\r\n]+/g, ' ')}`);
  const kinds: [string, string][] = [
    ['entry', 'fill:#e8f1fb,stroke:#4a78b0'],
    ['service', 'fill:#eaf5ea,stroke:#3d8b40'],
    ['workload', 'fill:#f4f0fa,stroke:#7354a6'],
    ['endpoints', 'fill:#f5f5f5,stroke:#777777'],
    ['external', 'fill:#fff8e1,stroke:#a68a00'],
  ];
  for (const [kind, style] of kinds) {
    const members = graph.nodes.filter((n) => n.kind === kind).map((n) => ids.get(n.id));
    if (members.length) out.push(`  classDef ${kind} ${style}`, `  class ${members.join(',')} ${kind}`);
  }
  const broken = graph.nodes.filter((n) => nodeState(n) === 'error').map((n) => ids.get(n.id));
  const warned = graph.nodes.filter((n) => nodeState(n) === 'warning').map((n) => ids.get(n.id));
  if (broken.length) out.push(`  classDef broken stroke:${COLORS.error},stroke-width:2px,stroke-dasharray:4 3,color:${COLORS.error}`, `  class ${broken.join(',')} broken`);
  if (warned.length) out.push(`  classDef warned stroke:${COLORS.warning},stroke-width:2px,stroke-dasharray:4 3`, `  class ${warned.join(',')} warned`);
  for (const s of styled) out.push(`  linkStyle ${s.index} stroke:${s.color},color:${s.color},stroke-dasharray:4 3`);
  if (graph.truncated) out.push(`  %% ${graph.truncated.message}`);
  return out.join('\n') + '\n';
}
