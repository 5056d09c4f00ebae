/**
 * `npm run bench:graph`: how long the wiring graph takes to build, lay out and draw, on
 * examples/, the shared corpus's microservices-demo, and the generated 10k-document workspace
 * (bench/generate.mjs). Loading (walk + parse + rules) is timed apart: the editor has done it
 * already when the map asks. Prints figures; asserts nothing.
 *
 *   node --import tsx bench/graph.ts [--corpus DIR]
 */
import { existsSync, mkdirSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadPaths } from '../server/src/cli/load';
import { buildWiringGraph, type GraphScope } from '../server/src/core/graph/build';
import { layoutGraph } from '../server/src/core/graph/layout';
import { renderMermaid } from '../server/src/core/graph/mermaid';
import { renderSvg } from '../server/src/core/graph/svg';
import { DEFAULT_SETTINGS } from '../server/src/core/settings';
import { fileUri } from '../server/src/host/manifest-files';
// @ts-expect-error plain ES module without types
import { generateWorkspace } from './generate.mjs';

const ROOT = path.resolve(__dirname, '..');
const corpusArg = process.argv.indexOf('--corpus');
const CORPUS = path.resolve(ROOT, corpusArg > 0 ? process.argv[corpusArg + 1]! : '../shared/corpus');
const DEMO = path.join(CORPUS, 'GoogleCloudPlatform__microservices-demo');
const OTEL = path.join(CORPUS, 'open-telemetry__opentelemetry-demo/kubernetes/opentelemetry-demo.yaml');

function ms(t0: number): string {
  return `${(performance.now() - t0).toFixed(1)} ms`;
}

async function measure(label: string, dir: string, focusRel?: string): Promise<void> {
  let t0 = performance.now();
  const { workspace, files } = await loadPaths([dir], DEFAULT_SETTINGS);
  for (const uri of workspace.uris()) workspace.findings(uri);
  const load = ms(t0);
  const findingsOf = (uri: string) => workspace.findings(uri);
  const run = (scope: GraphScope) => {
    const t = performance.now();
    const graph = buildWiringGraph({ index: workspace.index, settings: workspace.settings, scope, findingsOf });
    const built = performance.now() - t;
    const l = performance.now();
    const svg = renderSvg(layoutGraph(graph));
    const laid = performance.now() - l;
    return { graph, built, laid, svgBytes: svg.length };
  };
  run({ maxNodes: 300 }); // warm up
  const capped = run({ maxNodes: 300 });
  t0 = performance.now();
  const full = buildWiringGraph({ index: workspace.index, settings: workspace.settings, findingsOf });
  const fullBuild = ms(t0);
  t0 = performance.now();
  renderMermaid(full);
  const mermaid = ms(t0);
  console.log(`\n${label}: ${files} files (load + rules ${load})`);
  console.log(`  whole graph: ${full.nodes.length} nodes, ${full.edges.length} edges, built in ${fullBuild}; Mermaid in ${mermaid}`);
  console.log(
    `  map as drawn (cap 300 nodes): ${capped.graph.nodes.length} nodes, ${capped.graph.edges.length} edges: build ${capped.built.toFixed(1)} ms + layout and SVG ${capped.laid.toFixed(1)} ms (${Math.round(capped.svgBytes / 1024)} KiB)${capped.graph.truncated ? ` — ${capped.graph.truncated.message}` : ''}`,
  );
  if (full.nodes.length <= 1500) {
    t0 = performance.now();
    renderSvg(layoutGraph(full));
    console.log(`  whole graph laid out and drawn: ${ms(t0)}`);
  }
  if (focusRel) {
    const objects = workspace.index.objectsIn(fileUri(path.join(dir, focusRel)));
    const f = run({ objects, maxNodes: 300 });
    console.log(`  map of one file (${focusRel}): ${f.graph.nodes.length} nodes: build ${f.built.toFixed(1)} ms + layout and SVG ${f.laid.toFixed(1)} ms`);
  }
}

async function main(): Promise<void> {
  await measure('examples/', path.join(ROOT, 'examples'), 'shop/web.yaml');
  if (existsSync(DEMO)) await measure('microservices-demo (shared corpus)', DEMO);
  else console.log(`\n(no ${DEMO}: skipped)`);
  const dir = path.join(os.tmpdir(), 'kube-ports-bench-graph', 'ws-10000');
  mkdirSync(dir, { recursive: true });
  generateWorkspace(dir, 10_000, { bigSource: OTEL });
  await measure('generated 10k documents', dir, 'edit/small.yaml');
}

void main();
