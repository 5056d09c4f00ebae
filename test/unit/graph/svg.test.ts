import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import { DOMParser, type Element } from '@xmldom/xmldom';
import { buildWiringGraph } from '../../../server/src/core/graph/build';
import { layoutGraph, type Box } from '../../../server/src/core/graph/layout';
import { nodeText, type WiringGraph } from '../../../server/src/core/graph/model';
import { renderSvg } from '../../../server/src/core/graph/svg';
import { WEBVIEW_THEME_CSS, WIRING_CSS } from '../../../server/src/core/graph/style';
import { Workspace } from '../../../server/src/core/workspace/workspace';
import { workspaceOf } from '../../support/fixture';

const EXAMPLES = path.resolve(__dirname, '../../../examples');

function examplesGraph(): WiringGraph {
  const ws = new Workspace();
  const walk = (dir: string) => {
    for (const e of readdirSync(dir).sort()) {
      const full = path.join(dir, e);
      if (statSync(full).isDirectory()) walk(full);
      else if (/\.ya?ml$/.test(e)) ws.setFile(pathToFileURL(full).href, readFileSync(full, 'utf8'));
    }
  };
  walk(EXAMPLES);
  return buildWiringGraph({ index: ws.index, settings: ws.settings, findingsOf: (uri) => ws.findings(uri) });
}

/**
 * Parses strictly: any error or warning of the XML parser fails, except (when allowed) the
 * warning that U+FFFD is present: the renderer puts it where XML cannot hold a character.
 */
function parseXml(text: string, allowReplacement = false) {
  return new DOMParser({
    onError: (level, message) => {
      if (allowReplacement && level === 'warning' && /replacement character/i.test(message)) return;
      throw new Error(`XML ${level}: ${message}`);
    },
  }).parseFromString(text, 'image/svg+xml');
}

function elements(root: Element, name: string): Element[] {
  return Array.from(root.getElementsByTagName(name));
}

function texts(root: Element): string[] {
  return elements(root, 'tspan').map((t) => t.textContent ?? '');
}

test('the SVG of examples/ parses as XML and shows every node label, line by line', () => {
  const graph = examplesGraph();
  assert.ok(graph.nodes.length > 30, `examples/ has many nodes (${graph.nodes.length})`);
  const svg = renderSvg(layoutGraph(graph));
  const doc = parseXml(svg);
  const root = doc.documentElement!;
  assert.equal(root.nodeName, 'svg');
  assert.equal(root.getAttribute('xmlns'), 'http://www.w3.org/2000/svg');
  const shown = texts(root);
  for (const n of graph.nodes) {
    for (const line of [n.title, ...n.lines]) assert.ok(shown.includes(line), `"${line}" of ${n.id} is drawn`);
  }
  for (const e of graph.edges) for (const line of e.lines) assert.ok(shown.includes(line), `edge label "${line}" is drawn`);
  const groups = elements(root, 'g').filter((g) => g.getAttribute('data-ref'));
  assert.equal(groups.length, graph.nodes.length + graph.edges.length, 'one focusable group per node and edge');
  for (const g of groups) {
    assert.equal(g.getAttribute('tabindex'), '0');
    assert.ok((g.getAttribute('aria-label') ?? '').length > 0);
  }
  const nodeGroups = groups.filter((g) => g.getAttribute('data-ref')!.startsWith('n'));
  graph.nodes.forEach((n, i) => {
    const g = nodeGroups.find((x) => x.getAttribute('data-ref') === `n${i}`)!;
    assert.ok(g.getAttribute('aria-label')!.includes(nodeText(n)), `aria-label of n${i} has its text`);
  });
});

test('broken links are drawn as such, with the finding as the tooltip', () => {
  const graph = examplesGraph();
  const root = parseXml(renderSvg(layoutGraph(graph))).documentElement!;
  const broken = elements(root, 'g').filter((g) => /\bkp-edge\b/.test(g.getAttribute('class') ?? '') && /\bkp-error\b/.test(g.getAttribute('class') ?? ''));
  assert.ok(broken.length > 0);
  const titles = broken.map((g) => elements(g, 'title')[0]?.textContent ?? '');
  assert.ok(titles.some((t) => t.includes('[target-port-name-unresolved]')), titles.join('\n'));
  assert.ok(titles.some((t) => t.includes('[ingress-backend-service-missing]')));
});

test('self-contained: no script, no external reference; the stylesheet holds nothing XML would read', () => {
  const svg = renderSvg(layoutGraph(examplesGraph()));
  assert.doesNotMatch(svg, /<script|href=|xlink|@import|javascript:/i);
  for (const m of svg.matchAll(/url\(([^)]*)\)/g)) assert.match(m[1]!, /^#kp-arrow(-error|-warning)?$/, 'only the document\'s own markers');
  assert.doesNotMatch(WIRING_CSS + WEBVIEW_THEME_CSS, /[<&]/);
  assert.match(svg, /<style>/);
  assert.doesNotMatch(renderSvg(layoutGraph(examplesGraph()), { embedStyle: false }), /<style>/);
});

test('hostile names stay text: markup, entities, control characters and lone surrogates', () => {
  const ws = workspaceOf(`
    apiVersion: v1
    kind: Service
    metadata: { name: "</svg><script>alert(1)</script>&amp;\\u0001\\ud800", namespace: "a\\"b'c" }
    spec:
      selector: { app: "x&y" }
      ports: [{ name: "<b>", port: 80 }]
  `);
  const graph = buildWiringGraph({ index: ws.index, settings: ws.settings, findingsOf: (u) => ws.findings(u) });
  assert.ok(graph.nodes.length >= 2);
  const svg = renderSvg(layoutGraph(graph));
  const root = parseXml(svg, true).documentElement!;
  assert.equal(elements(root, 'script').length, 0);
  assert.ok(texts(root).some((t) => t.startsWith('svc/</svg><script>alert(1)</script>&amp;')));
});

function overlap(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

for (const direction of ['LR', 'TB'] as const) {
  test(`layout ${direction}: no two nodes overlap, every node lies in its namespace box and inside the drawing`, () => {
    const layout = layoutGraph(examplesGraph(), { direction });
    const nodes = layout.nodes;
    for (let i = 0; i < nodes.length; i++) {
      const a = nodes[i]!.box;
      assert.ok(a.x >= 0 && a.y >= 0 && a.x + a.width <= layout.width && a.y + a.height <= layout.height, `${nodes[i]!.node.id} inside the drawing`);
      for (let j = i + 1; j < nodes.length; j++) assert.ok(!overlap(a, nodes[j]!.box), `${nodes[i]!.node.id} and ${nodes[j]!.node.id} overlap`);
      const ns = nodes[i]!.node.namespace;
      if (ns !== undefined) {
        const g = layout.groups.find((x) => x.namespace === ns)!.box;
        assert.ok(a.x >= g.x && a.y >= g.y && a.x + a.width <= g.x + g.width && a.y + a.height <= g.y + g.height, `${nodes[i]!.node.id} inside namespace ${ns}`);
      }
    }
    for (const e of layout.edges) assert.ok(e.points.length >= 2, `${e.edge.id} has a route`);
  });
}

test('the same graph always gives the same SVG', () => {
  assert.equal(renderSvg(layoutGraph(examplesGraph())), renderSvg(layoutGraph(examplesGraph())));
});

test('an empty graph is still a valid SVG', () => {
  const svg = renderSvg(layoutGraph({ nodes: [], edges: [], namespaces: [] }));
  assert.equal(parseXml(svg).documentElement!.nodeName, 'svg');
});
