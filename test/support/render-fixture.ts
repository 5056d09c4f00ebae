/**
 * Renders fixture units with the real tools for origin-mapping tests, the way the host does:
 * Helm with `helm template <release> <chart>`; Kustomize through a wrapper kustomization beside
 * the unit's folder in a temporary copy (`resources: [../<unit>]`, `buildMetadata:
 * [originAnnotations]`), whose folder in workspace terms is the `originBase` the origin paths are
 * relative to. Also reads a fixture tree into the `files` / `auxiliary` maps discovery takes.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

export const FIXTURES = path.resolve(__dirname, '..', 'fixtures', 'render');

export function uriOfPath(p: string): string {
  return pathToFileURL(p).href;
}

const MANIFEST = /\.(ya?ml|json)$|^Kustomization$/;

/** Every manifest-like file under `dir` (uri → text), and the other files (`.tgz`, `.tpl`, …) as auxiliary. */
export function readTree(dir: string): { files: Map<string, string>; auxiliary: Set<string> } {
  const files = new Map<string, string>();
  const auxiliary = new Set<string>();
  const walk = (d: string) => {
    for (const e of readdirSync(d).sort()) {
      const full = path.join(d, e);
      if (statSync(full).isDirectory()) walk(full);
      else if (MANIFEST.test(e)) files.set(uriOfPath(full), readFileSync(full, 'utf8'));
      else auxiliary.add(uriOfPath(full));
    }
  };
  walk(dir);
  return { files, auxiliary };
}

/** A text lookup over a folder (what the Workspace gives the core), reading any file by URI. */
export function textOf(uri: string): string | undefined {
  try {
    return readFileSync(new URL(uri), 'utf8');
  } catch {
    return undefined;
  }
}

export function renderHelm(helm: string, chartDir: string, release: string, args: readonly string[] = []): string {
  return execFileSync(helm, ['template', release, chartDir, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: helmEnv() });
}

/** Helm's stderr for a chart that fails to render. */
export function renderHelmFailure(helm: string, chartDir: string, release: string, args: readonly string[] = []): string {
  try {
    execFileSync(helm, ['template', release, chartDir, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: helmEnv() });
  } catch (e) {
    return String((e as { stderr?: unknown }).stderr ?? '');
  }
  throw new Error(`helm rendered ${chartDir} although the test expects it to fail`);
}

let helmHome: string | undefined;
function helmEnv(): NodeJS.ProcessEnv {
  helmHome ??= mkdtempSync(path.join(tmpdir(), 'kp-helm-home-'));
  return {
    ...process.env,
    HELM_CACHE_HOME: path.join(helmHome, 'cache'),
    HELM_CONFIG_HOME: path.join(helmHome, 'config'),
    HELM_DATA_HOME: path.join(helmHome, 'data'),
  };
}

/**
 * `kubectl kustomize` of `unitDir` (inside `treeDir`) through a wrapper kustomization in a
 * temporary copy of `treeDir`. Returns the output and the originBase (as a URI under `treeDir`).
 */
export function renderKustomize(kubectl: string, treeDir: string, unitDir: string): { text: string; originBase: string } {
  const tmp = mkdtempSync(path.join(tmpdir(), 'kp-kustomize-'));
  try {
    const copy = path.join(tmp, 'ws');
    cpSync(treeDir, copy, { recursive: true });
    const relUnit = path.relative(treeDir, unitDir);
    const wrapperInTree = path.join(path.dirname(unitDir), '.kube-ports-render');
    const wrapper = path.join(copy, path.relative(treeDir, wrapperInTree));
    mkdirSync(wrapper, { recursive: true });
    const resource = path.relative(wrapper, path.join(copy, relUnit)).split(path.sep).join('/');
    writeFileSync(path.join(wrapper, 'kustomization.yaml'), `resources:\n  - ${JSON.stringify(resource)}\nbuildMetadata: [originAnnotations]\n`);
    const text = execFileSync(kubectl, ['kustomize', wrapper], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, KUBECONFIG: path.join(tmp, 'none') } });
    return { text, originBase: uriOfPath(wrapperInTree) };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** The span of the first `needle` after the first `after` (after each of them in turn, for a list) in `text`. */
export function spanAfter(text: string, after: string | readonly string[], needle: string): { start: number; end: number } {
  let from = 0;
  for (const a of typeof after === 'string' ? [after] : after) {
    const i = text.indexOf(a, from);
    if (i < 0) throw new Error(`not found: ${a}`);
    from = i + a.length;
  }
  const start = text.indexOf(needle, from);
  if (start < 0) throw new Error(`not found after ${after}: ${needle}`);
  return { start, end: start + needle.length };
}

/** `path/relative/to/fixtures:line: text` of a location, for readable assertions. */
export function describeLocation(loc: { uri: string; span: { start: number; end: number } }): string {
  const text = textOf(loc.uri) ?? '';
  const line = text.slice(0, loc.span.start).split('\n').length;
  const rel = loc.uri.startsWith(uriOfPath(FIXTURES) + '/') ? loc.uri.slice(uriOfPath(FIXTURES).length + 1) : loc.uri;
  return `${rel}:${line}: ${text.slice(loc.span.start, loc.span.end)}`;
}
