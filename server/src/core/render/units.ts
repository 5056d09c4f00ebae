/**
 * Render units: discovery of the workspace's Helm charts and top-level Kustomize roots from the
 * workspace's own files (pure: texts in, units out; never throws).
 *
 * - A Helm chart is a folder with `Chart.yaml`, except `type: library` charts and charts inside
 *   another chart's `charts/` (a subchart renders with its parent). Every `dependencies` entry
 *   must be vendored (`charts/<name>/Chart.yaml` or `charts/<name>-*.tgz`), else the unit is
 *   blocked (rendering would need `helm dependency build`, i.e. the network).
 * - A Kustomize unit is a kustomization of kind Kustomization (or no kind) that no other
 *   kustomization includes as a resource or component. `kind: Component` is never a unit.
 *   Its inputs are the transitive closure of what the build reads; a remote resource, an input
 *   outside every workspace folder or a `helmCharts` entry (without the setting and the chart in
 *   `helmGlobals.chartHome`) blocks it.
 */
import { type Kustomization, type KustomizeEntry, type Span, spanOf } from '../model/types';
import { isKustomization } from '../model/types';
import { parseFile, parseYamlDocument } from '../parse/parse-file';
import { NodeReader } from '../parse/read-node';
import type { Settings } from '../settings';
import { basename, dirname, isInside, joinPath } from '../uri';
import type { HelmReleaseSettings, RenderUnit } from './types';

export interface UnitDiscoveryInput {
  /** Every manifest-like file the workspace holds (YAML/JSON, incl. Chart.yaml, values files, kustomizations, templates). */
  readonly files: ReadonlyMap<string, string>; // uri -> text
  /** Other files the host found that discovery needs: `charts/*.tgz`, `templates/*.tpl`, `Kustomization` files etc. */
  readonly auxiliary: ReadonlySet<string>; // uris
  readonly folders: readonly string[]; // workspace folder uris
  readonly settings: Settings; // settings.render, settings.defaultNamespace
}

export const KUSTOMIZATION_NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'] as const;

/**
 * A unit input that is text but not a manifest: a chart's `.tpl` helpers (`_helpers.tpl`), whose
 * `define`s the origin map walks when a rendered field came from an `include`. The Workspace
 * holds its text (for the origin map, positions and suppression comments) and never analyses it
 * as a manifest; the host reads it from disk and from open editors (language `helm`,
 * `helm-template` or plain text).
 */
export function isTextInput(uri: string): boolean {
  return /\.tpl$/i.test(uri.replace(/[?#].*$/, ''));
}

/** Every render unit of the workspace, in a stable order (by rootUri). */
export function discoverUnits(input: UnitDiscoveryInput): RenderUnit[] {
  try {
    const units = [...helmUnits(input), ...kustomizeUnits(input)];
    return units.sort((a, b) => (a.rootUri < b.rootUri ? -1 : a.rootUri > b.rootUri ? 1 : a.tool < b.tool ? -1 : a.tool > b.tool ? 1 : 0));
  } catch {
    return [];
  }
}

/** Files whose objects are not objects of their own even without rendering: kustomize patches, component patches (plain view, item 3). */
export function kustomizePatchFiles(input: UnitDiscoveryInput): Set<string> {
  const out = new Set<string>();
  try {
    for (const [uri, k] of kustomizations(input)) {
      for (const p of k.patchEntries ?? []) if (p.path && !isRemote(p.path)) out.add(joinPath(dirname(uri), p.path));
    }
  } catch {
    // never throws
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Helm

export interface ChartInfo {
  readonly name: string | undefined;
  readonly nameSpan: Span | undefined;
  readonly type: string | undefined;
  readonly dependencies: readonly { readonly name: string; readonly alias?: string; readonly repository?: string; readonly span: Span }[];
}

/** Reads the fields of a Chart.yaml that discovery and mapping need (total). */
export function readChart(text: string): ChartInfo {
  try {
    const doc = parseYamlDocument(text);
    const r = new NodeReader(doc, 0);
    const root = doc.contents;
    const name = r.stringScalar(r.get(root, 'name'));
    const dependencies: { name: string; alias?: string; repository?: string; span: Span }[] = [];
    for (const d of r.seq(r.get(root, 'dependencies'))) {
      const n = r.stringAt(d, 'name');
      if (!n) continue;
      const alias = r.stringAt(d, 'alias');
      const repository = r.stringAt(d, 'repository');
      dependencies.push({ name: n, ...(alias ? { alias } : {}), ...(repository ? { repository } : {}), span: r.spanOr(d) });
    }
    return { name: name?.value, nameSpan: spanOf(name), type: r.stringAt(root, 'type'), dependencies };
  } catch {
    return { name: undefined, nameSpan: undefined, type: undefined, dependencies: [] };
  }
}

function helmUnits(input: UnitDiscoveryInput): RenderUnit[] {
  const all = [...input.files.keys(), ...input.auxiliary];
  const charts = new Map<string, string>(); // root -> Chart.yaml uri
  for (const uri of input.files.keys()) if (basename(uri) === 'Chart.yaml') charts.set(dirname(uri), uri);
  const units: RenderUnit[] = [];
  for (const [root, chartUri] of charts) {
    if (isSubchart(root, charts)) continue;
    const chart = readChart(input.files.get(chartUri) ?? '');
    if (chart.type === 'library') continue;
    const name = chart.name || basename(root);
    const rel = relativeToFolder(root, input.folders);
    const overrides: HelmReleaseSettings = (rel !== undefined ? input.settings.render.helmReleases[rel] : undefined) ?? {};
    const valuesFiles = (overrides.valuesFiles?.length ? overrides.valuesFiles : ['values.yaml']).map((v) => joinPath(root, v));
    const inputs = all.filter((u) => isInside(u, root)).sort();
    for (const v of valuesFiles) if (!inputs.includes(v)) inputs.push(v);
    let blocked: RenderUnit['blocked'];
    const missing = chart.dependencies.filter((d) => !vendored(root, d.name, input));
    if (missing.length > 0) {
      const names = missing.map((d) => `\`${d.name}\``).join(', ');
      blocked = {
        message: `Chart ${name} is not rendered: its ${missing.length === 1 ? 'dependency' : 'dependencies'} ${names} ${missing.length === 1 ? 'is' : 'are'} not vendored under charts/ (kube-ports never downloads). Run \`helm dependency build\` in ${basename(root)} to vendor ${missing.length === 1 ? 'it' : 'them'}.`,
        span: missing[0]!.span,
      };
    }
    const outside = valuesFiles.find((v) => !insideSomeFolder(v, input.folders));
    if (!blocked && outside) {
      blocked = {
        message: `Chart ${name} is not rendered: its values file ${outside} is outside the workspace folders.`,
        span: chart.nameSpan ?? { start: 0, end: 0 },
      };
    }
    units.push({
      id: `helm:${root}`,
      tool: 'helm',
      rootUri: root,
      fileUri: chartUri,
      name,
      release: overrides.releaseName || name,
      namespace: overrides.namespace || input.settings.defaultNamespace,
      valuesFiles,
      inputs,
      inputFolders: [root],
      ...(blocked ? { blocked } : {}),
    });
  }
  return units;
}

/** The chart folder lies inside another chart's `charts/` folder. */
function isSubchart(root: string, charts: ReadonlyMap<string, string>): boolean {
  let dir = root;
  for (;;) {
    const parent = dirname(dir);
    if (parent === dir) return false;
    if (basename(dir) === 'charts' && charts.has(parent)) return true;
    dir = parent;
  }
}

function vendored(root: string, dep: string, input: UnitDiscoveryInput): boolean {
  if (input.files.has(`${root}/charts/${dep}/Chart.yaml`) || input.auxiliary.has(`${root}/charts/${dep}/Chart.yaml`)) return true;
  const prefix = `${root}/charts/${dep}-`;
  for (const u of [...input.auxiliary, ...input.files.keys()]) {
    if (u.startsWith(prefix) && u.endsWith('.tgz') && !u.slice(prefix.length).includes('/')) return true;
  }
  return false;
}

function relativeToFolder(uri: string, folders: readonly string[]): string | undefined {
  const folder = folders.filter((f) => isInside(uri, f)).sort((a, b) => b.length - a.length)[0];
  if (folder === undefined) return undefined;
  const rel = uri.slice(folder.replace(/\/$/, '').length).replace(/^\//, '');
  return decodeSafe(rel) || '.';
}

function decodeSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function insideSomeFolder(uri: string, folders: readonly string[]): boolean {
  return folders.length === 0 || folders.some((f) => isInside(uri, f));
}

// ---------------------------------------------------------------------------------------------
// Kustomize

/** Every kustomization (and component) of the workspace, by URI. */
export function kustomizations(input: Pick<UnitDiscoveryInput, 'files'>): Map<string, Kustomization> {
  const out = new Map<string, Kustomization>();
  for (const [uri, text] of input.files) {
    if (!(KUSTOMIZATION_NAMES as readonly string[]).includes(basename(uri))) continue;
    const k = kustomizationOf(uri, text);
    if (k) out.set(uri, k);
  }
  return out;
}

/**
 * The last kustomization read of each URI, with the text it was read from. Discovery runs again
 * whenever a kustomization or chart file is added, so the initial scan of a workspace with K
 * kustomizations read each of them K times (1.2 s of the corpus's cold start, with `yaml`); a
 * model is immutable, so the same text gives back the same object. Bounded: cleared when full.
 */
const kustomizationMemo = new Map<string, { readonly text: string; readonly k: Kustomization | undefined }>();
const KUSTOMIZATION_MEMO_SIZE = 4096;

function kustomizationOf(uri: string, text: string): Kustomization | undefined {
  const hit = kustomizationMemo.get(uri);
  if (hit && hit.text === text) return hit.k;
  // The fast path builds the model `yaml` would (fast-parse.ts), or declines to it.
  const k = parseFile({ uri, text, defaultNamespace: 'default', fast: 'all' }).objects.find(isKustomization);
  if (kustomizationMemo.size >= KUSTOMIZATION_MEMO_SIZE) kustomizationMemo.clear();
  kustomizationMemo.set(uri, { text, k });
  return k;
}

const REMOTE = /^(?:[a-z][a-z0-9+.-]*:\/\/|git@|(?:github\.com|gitlab\.com|bitbucket\.org)\/)|\?ref=|\.git(?:$|[/?])|[^:/]\/\//i;

/** A kustomize resource that kustomize would fetch over the network. */
export function isRemote(entry: string): boolean {
  return REMOTE.test(entry.trim());
}

function kustomizationIn(dir: string, ks: ReadonlyMap<string, Kustomization>): string | undefined {
  return KUSTOMIZATION_NAMES.map((n) => `${dir}/${n}`).find((u) => ks.has(u));
}

interface Closure {
  readonly inputs: Set<string>;
  readonly kustomizations: string[];
  blocked?: { readonly message: string; readonly span: Span };
}

function kustomizeUnits(input: UnitDiscoveryInput): RenderUnit[] {
  const ks = kustomizations(input);
  const included = new Set<string>();
  for (const [uri, k] of ks) {
    for (const e of [...(k.resourceEntries ?? []), ...(k.components ?? [])]) {
      if (isRemote(e.value)) continue;
      const nested = kustomizationIn(joinPath(dirname(uri), e.value), ks);
      if (nested && nested !== uri) included.add(nested);
    }
  }
  const units: RenderUnit[] = [];
  for (const [uri, k] of ks) {
    if (k.isComponent || included.has(uri)) continue;
    const root = dirname(uri);
    const closure: Closure = { inputs: new Set(), kustomizations: [] };
    visitKustomization(uri, k, undefined, ks, input, closure, new Set());
    units.push({
      id: `kustomize:${root}`,
      tool: 'kustomize',
      rootUri: root,
      fileUri: uri,
      name: decodeSafe(basename(root)),
      inputs: [...closure.inputs].sort(),
      inputFolders: [],
      ...(closure.blocked ? { blocked: closure.blocked } : {}),
    });
  }
  // Cycles (a includes b includes a) leave no root: nothing to render, kustomize would fail.
  return units;
}

function visitKustomization(
  uri: string,
  k: Kustomization,
  via: Span | undefined,
  ks: ReadonlyMap<string, Kustomization>,
  input: UnitDiscoveryInput,
  closure: Closure,
  seen: Set<string>,
): void {
  if (seen.has(uri)) return;
  seen.add(uri);
  closure.inputs.add(uri);
  closure.kustomizations.push(uri);
  const dir = dirname(uri);
  const block = (message: string, span: Span) => {
    closure.blocked ??= { message, span: via ?? span };
  };
  const file = (e: KustomizeEntry, what: string) => {
    const target = joinPath(dir, e.value);
    if (!insideSomeFolder(target, input.folders)) {
      block(`Kustomization ${unitLabel(closure, uri)} is not rendered: its ${what} ${e.value} (${target}) is outside the workspace folders.`, e.span);
      return;
    }
    closure.inputs.add(target);
  };
  const nested = (e: KustomizeEntry, what: string) => {
    if (isRemote(e.value)) {
      block(
        `Kustomization ${unitLabel(closure, uri)} is not rendered: it names the remote ${what} \`${e.value}\`, and kube-ports never fetches over the network. Vendor it into the workspace to have it analysed.`,
        e.span,
      );
      return;
    }
    const target = joinPath(dir, e.value);
    const nestedUri = kustomizationIn(target, ks);
    if (nestedUri) {
      if (!insideSomeFolder(nestedUri, input.folders)) {
        block(`Kustomization ${unitLabel(closure, uri)} is not rendered: its ${what} ${e.value} (${target}) is outside the workspace folders.`, e.span);
        return;
      }
      visitKustomization(nestedUri, ks.get(nestedUri)!, via ?? e.span, ks, input, closure, seen);
    } else file(e, what);
  };
  for (const e of k.resourceEntries ?? []) nested(e, 'resource');
  for (const e of k.components ?? []) nested(e, 'component');
  for (const p of k.patchEntries ?? []) if (p.path) file({ value: p.path, span: p.span }, 'patch');
  for (const e of k.generatorFiles ?? []) file(e, 'generator file');
  for (const e of k.otherInputs ?? []) {
    if (isRemote(e.value)) nested(e, 'input');
    else if (kustomizationIn(joinPath(dir, e.value), ks)) nested(e, 'input');
    else file(e, 'input');
  }
  const charts = k.helmCharts ?? [];
  if (charts.length > 0) {
    const home = k.helmChartHome || 'charts';
    for (const c of charts) {
      const chartDir = joinPath(joinPath(dir, home), c.value);
      const present = input.files.has(`${chartDir}/Chart.yaml`);
      if (!input.settings?.render.kustomizeHelm) {
        block(
          `Kustomization ${unitLabel(closure, uri)} is not rendered: it inflates the Helm chart \`${c.value}\` (helmCharts), which needs the setting kubePorts.kustomize.enableHelm and the chart vendored under ${home}/${c.value}.`,
          c.span,
        );
      } else if (!present) {
        block(
          `Kustomization ${unitLabel(closure, uri)} is not rendered: the Helm chart \`${c.value}\` (helmCharts) is not under ${home}/${c.value}, so kustomize would download it; vendor it there (helm pull --untar).`,
          c.span,
        );
      } else {
        for (const u of [...input.files.keys(), ...input.auxiliary]) if (isInside(u, chartDir)) closure.inputs.add(u);
      }
    }
  }
}

function unitLabel(closure: Closure, uri: string): string {
  const root = closure.kustomizations[0] ?? uri;
  return decodeSafe(basename(dirname(root)));
}
