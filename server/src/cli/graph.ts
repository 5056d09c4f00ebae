/**
 * `kube-ports graph [paths...] [--service <ns>/<name>] [--namespace <ns>] [--focus FILE]
 * [--format mermaid|dot|svg]`: the wiring of the manifests as a Mermaid flowchart (default),
 * Graphviz DOT or a self-contained SVG laid out by dagre — the model the editor's wiring map
 * draws (core/graph/).
 */
import * as path from 'node:path';
import { buildWiringGraph, type GraphScope } from '../core/graph/build';
import { renderDot } from '../core/graph/dot';
import { layoutGraph } from '../core/graph/layout';
import { renderMermaid } from '../core/graph/mermaid';
import { renderSvg } from '../core/graph/svg';
import type { Settings } from '../core/settings';
import { fileUri } from '../host/manifest-files';
import { loadPaths } from './load';

export type GraphFormat = 'mermaid' | 'dot' | 'svg';

export interface GraphOptions {
  readonly format: GraphFormat;
  readonly service?: { readonly namespace: string; readonly name: string };
  readonly namespace?: string;
  /** A manifest file: only what its objects touch. */
  readonly focus?: string;
}

export interface GraphResult {
  readonly output: string;
  readonly exitCode: 0 | 1;
  readonly errors: readonly string[];
}

export async function runGraph(paths: readonly string[], options: GraphOptions, settings: Settings, cwd: string): Promise<GraphResult> {
  const focusFile = options.focus !== undefined ? path.resolve(cwd, options.focus) : undefined;
  const all = paths.map((p) => path.resolve(cwd, p));
  const { workspace, errors } = await loadPaths(focusFile && !all.some((p) => isInside(focusFile, p)) ? [...all, focusFile] : all, settings);
  const scope: { -readonly [K in keyof GraphScope]: GraphScope[K] } = {};
  if (options.service) scope.service = options.service;
  if (options.namespace !== undefined) scope.namespace = options.namespace;
  if (focusFile) {
    const uri = fileUri(focusFile);
    if (!workspace.has(uri)) errors.push(`--focus ${options.focus}: not a manifest file kube-ports read`);
    scope.objects = workspace.viewsOf(uri).flatMap((v) => v.objects);
  }
  const graph = buildWiringGraph({ index: workspace.index, settings, scope, findingsOf: (uri) => workspace.findings(uri), indexFor: (uri) => workspace.indexFor(uri) });
  if (options.service && !graph.nodes.some((n) => n.kind === 'service')) errors.push(`no Service ${options.service.namespace}/${options.service.name}`);
  const output = options.format === 'dot' ? renderDot(graph) : options.format === 'svg' ? renderSvg(layoutGraph(graph)) : renderMermaid(graph);
  return { output, exitCode: options.service && !graph.nodes.some((n) => n.kind === 'service') ? 1 : 0, errors };
}

function isInside(file: string, dir: string): boolean {
  const rel = path.relative(dir, file);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}
