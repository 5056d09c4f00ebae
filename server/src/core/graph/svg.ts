/**
 * The laid-out wiring graph (layout.ts) as a self-contained SVG: no scripts, no external
 * references, styled by classes and `--kp-*` custom properties (style.ts) so it follows the
 * page's or the editor's theme. Every node and edge is a focusable group (`tabindex`, `role`,
 * `aria-label` with its text, `<title>` tooltip with the findings) carrying `data-ref`
 * (`n<i>` / `e<i>`: its index in the graph), which the editor's webview maps to a source location.
 * Text is escaped for XML and characters XML cannot hold are replaced, so the output always parses.
 */
import { edgeState, edgeText, nodeState, nodeText, type GraphNode } from './model';
import { METRICS, type GraphLayout } from './layout';
import { WIRING_CSS } from './style';

export interface SvgOptions {
  /** Embed the stylesheet (default true; the webview brings its own, under its CSP nonce). */
  readonly embedStyle?: boolean;
}

/** Escapes text for XML content and attribute values; characters XML 1.0 forbids become U+FFFD. */
export function xml(s: string): string {
  return s
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '\ufffd')
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

const r = (n: number) => Math.round(n * 10) / 10;

function pathOf(points: readonly { x: number; y: number }[]): string {
  if (points.length === 0) return '';
  const [first, ...rest] = points;
  let d = `M${r(first!.x)},${r(first!.y)}`;
  for (let i = 0; i < rest.length - 1; i++) {
    const p = rest[i]!;
    const next = rest[i + 1]!;
    d += ` Q${r(p.x)},${r(p.y)} ${r((p.x + next.x) / 2)},${r((p.y + next.y) / 2)}`;
  }
  const last = rest.at(-1);
  if (last) d += ` L${r(last.x)},${r(last.y)}`;
  return d;
}

function problemsText(problems: readonly { rule: string; message: string }[]): string {
  return problems.map((p) => `[${p.rule}] ${p.message}`).join('\n');
}

export function renderSvg(layout: GraphLayout, options: SvgOptions = {}): string {
  const { graph } = layout;
  const byId = new Map<string, GraphNode>(graph.nodes.map((n) => [n.id, n]));
  const nodeIndex = new Map<string, number>(graph.nodes.map((n, i) => [n.id, i]));
  const out: string[] = [];
  const label = `Wiring map: ${graph.nodes.length} ${graph.nodes.length === 1 ? 'node' : 'nodes'}, ${graph.edges.length} ${graph.edges.length === 1 ? 'link' : 'links'}`;
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="kp-wiring" width="${layout.width}" height="${layout.height}" viewBox="0 0 ${layout.width} ${layout.height}" role="group" aria-label="${xml(label)}">`,
  );
  if (options.embedStyle !== false) out.push(`<style>${WIRING_CSS}</style>`); // plain CSS: no '<' or '&' in it (a test checks)
  out.push('<defs>');
  for (const kind of ['', '-error', '-warning']) {
    out.push(`<marker id="kp-arrow${kind}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path class="kp-arrow${kind}" d="M0,0 L10,5 L0,10 z"/></marker>`);
  }
  out.push('</defs>');

  out.push('<g class="kp-groups">');
  for (const g of layout.groups) {
    const b = g.box;
    out.push(
      `<g class="kp-group"><rect x="${r(b.x)}" y="${r(b.y)}" width="${r(b.width)}" height="${r(b.height)}" rx="8"/>` +
        `<text x="${r(b.x + 10)}" y="${r(b.y + 15)}">namespace ${xml(g.namespace)}</text></g>`,
    );
  }
  out.push('</g>');

  out.push('<g class="kp-edges">');
  layout.edges.forEach((le, i) => {
    const e = le.edge;
    const state = edgeState(e);
    const cls = `kp-edge kp-edge-${e.kind}${state === 'ok' ? '' : ` kp-${state}`}`;
    const text = edgeText(e, byId);
    const d = pathOf(le.points);
    const marker = `url(#kp-arrow${state === 'ok' ? '' : `-${state}`})`;
    out.push(`<g class="${cls}" data-ref="e${i}" data-from="n${nodeIndex.get(e.from)}" data-to="n${nodeIndex.get(e.to)}" tabindex="0" role="button" aria-label="${xml(text)}">`);
    out.push(`<title>${xml([text.split('. ')[0]!, problemsText(e.problems)].filter(Boolean).join('\n'))}</title>`);
    out.push(`<path class="kp-hit" d="${d}"/><path d="${d}" marker-end="${marker}"/>`);
    if (le.label) {
      const l = le.label;
      const x = l.x - l.width / 2;
      const y = l.y - l.height / 2;
      out.push(`<g class="kp-edge-label"><rect x="${r(x)}" y="${r(y)}" width="${r(l.width)}" height="${r(l.height)}" rx="3"/><text>`);
      e.lines.forEach((line, j) => {
        out.push(`<tspan x="${r(l.x)}" y="${r(y + 2 + (j + 0.8) * METRICS.labelSize * METRICS.lineHeight)}" text-anchor="middle">${xml(line)}</tspan>`);
      });
      out.push('</text></g>');
    }
    out.push('</g>');
  });
  out.push('</g>');

  out.push('<g class="kp-nodes">');
  layout.nodes.forEach((ln, i) => {
    const n = ln.node;
    const b = ln.box;
    const state = nodeState(n);
    const cls = `kp-node kp-${n.kind}${state === 'ok' || n.kind === 'missing' ? '' : ` kp-${state}`}`;
    const aria = `${n.type === 'missing' ? 'Missing' : n.type}: ${nodeText(n)}`;
    out.push(`<g class="${cls}" data-ref="n${i}" tabindex="0" role="button" aria-label="${xml(aria)}">`);
    out.push(`<title>${xml([nodeText(n), problemsText(n.problems)].filter(Boolean).join('\n'))}</title>`);
    out.push(`<rect x="${r(b.x)}" y="${r(b.y)}" width="${r(b.width)}" height="${r(b.height)}" rx="${n.kind === 'entry' ? 12 : 4}"/>`);
    const x = b.x + METRICS.padX;
    let y = b.y + METRICS.padY + METRICS.titleSize;
    out.push(`<text><tspan class="kp-title" x="${r(x)}" y="${r(y)}">${xml(n.title)}</tspan>`);
    for (const line of n.lines) {
      y += METRICS.lineSize * METRICS.lineHeight;
      out.push(`<tspan class="kp-line" x="${r(x)}" y="${r(y)}">${xml(line)}</tspan>`);
    }
    out.push('</text></g>');
  });
  out.push('</g>');
  out.push('</svg>');
  return out.join('\n') + '\n';
}
