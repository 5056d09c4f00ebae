/**
 * Helm origin mapping: each rendered document's `# Source: <chart>/templates/x.yaml` names the
 * template; inside it, the template read with its actions blanked (helm-template.ts) is walked
 * by the rendered node's key path, list items matched by name and literals. Where `range` or
 * `include` produced the path, the nearest enclosing key present in the template stands for it,
 * then the document's first line. A plain `{{ .Values.a.b }}` adds the values-file line.
 * Objects of a `.tgz` subchart land on the dependency's entry in the parent's Chart.yaml.
 */
import type { Span } from '../model/types';
import { parseYamlDocument } from '../parse/parse-file';
import { isMap, isScalar, isSeq } from '../parse/yaml';
import { basename, joinPath } from '../uri';
import { actionsOnLine, actionsStartingIn, isTemplated, parseTemplate, plainValuesReference, type ParsedTemplate, type TemplateDocument } from './helm-template';
import { firstLine, rangeOf, resolvePath, type NodeAt } from './key-path';
import type { OriginInput } from './origin-map';
import { stringAt, type DocumentMapper, type RenderedDocument } from './rendered-docs';
import type { RenderUnit, SourceLocation } from './types';
import { readChart } from './units';

const SOURCE = /^# Source: (.+?)\s*$/m;

/** A chart (the unit's or a subchart folder) and how its values are reached from the unit's. */
interface ChartDir {
  readonly uri: string;
  /** Keys from the root chart's values to this chart's (`[sub]`, `[sub, subsub]`). */
  readonly valuesPrefix: readonly string[];
  /** The chart folders on the way (root first), excluding this one. */
  readonly parents: readonly ChartDir[];
}

/** Resolves a Helm source path (`<chart>/templates/x.yaml`, `<chart>/charts/<sub>/templates/…`) to the template file or to a `.tgz` subchart. */
export function helmSourceResolver(unit: RenderUnit, text: (uri: string) => string | undefined, auxiliary: ReadonlySet<string>): (source: string) => Origin | undefined {
  const rootChart: ChartDir = { uri: unit.rootUri, valuesPrefix: [], parents: [] };
  const chartNames = new Map<string, string>(); // `${parentDir}|${name}` -> folder uri
  const auxiliaryAndInputs = [...unit.inputs, ...auxiliary];
  for (const u of unit.inputs) {
    const m = /^(.*)\/charts\/([^/]+)\/Chart\.yaml$/.exec(u);
    if (!m) continue;
    const name = readChart(text(u) ?? '').name ?? m[2]!;
    chartNames.set(`${m[1]}|${name}`, `${m[1]}/charts/${m[2]}`);
  }
  return (source: string): Origin | undefined => {
    const prefix = `${unit.name}/`;
    if (!source.startsWith(prefix)) return undefined;
    let rest = source.slice(prefix.length);
    let chart = rootChart;
    for (;;) {
      const m = /^charts\/([^/]+)\/(.+)$/.exec(rest);
      if (!m) break;
      const [, sub, after] = m as unknown as [string, string, string];
      const folder = chartNames.get(`${chart.uri}|${sub}`) ?? (text(`${chart.uri}/charts/${sub}/Chart.yaml`) !== undefined ? `${chart.uri}/charts/${sub}` : undefined);
      if (folder) {
        chart = { uri: folder, valuesPrefix: [...chart.valuesPrefix, sub], parents: [...chart.parents, chart] };
        rest = after;
        continue;
      }
      const archive = auxiliaryAndInputs.find((u) => u.startsWith(`${chart.uri}/charts/${sub}-`) && u.endsWith('.tgz') && !u.slice(chart.uri.length + 8).includes('/'));
      return { kind: 'archive', chartYaml: `${chart.uri}/Chart.yaml`, dependency: sub, archive: archive ? basename(archive) : `${sub}.tgz`, template: after };
    }
    return { kind: 'template', uri: joinPath(chart.uri, rest), chart, template: source };
  };
}

export type Origin =
  | { readonly kind: 'template'; readonly uri: string; readonly chart: ChartDir; readonly template: string }
  | { readonly kind: 'archive'; readonly chartYaml: string; readonly dependency: string; readonly archive: string; readonly template: string };

export function helmMappers(input: OriginInput, docs: readonly RenderedDocument[]): { mappers: DocumentMapper[]; sources: string[] } {
  const unit = input.unit;
  const resolveSource = helmSourceResolver(unit, input.text, input.auxiliary);
  const templates = new Map<string, ParsedTemplate | undefined>();
  const template = (uri: string) => {
    if (!templates.has(uri)) {
      const text = input.text(uri);
      templates.set(uri, text === undefined ? undefined : parseTemplate(text));
    }
    return templates.get(uri);
  };

  const defines = definesOf(input, template);

  // Which template document each rendered document came from: by order among the documents of
  // the same Source and the same kind (Helm sorts by kind, stably). Decided per template on first
  // use (a finding or a hover in one of its documents): a render outcome parses no template.
  const origins = docs.map((doc) => {
    const source = SOURCE.exec(doc.text)?.[1];
    return source ? resolveSource(source) : undefined;
  });
  const byTemplate = new Map<string, Map<number, DocumentMapper>>();
  const mappersOf = (uri: string, chart: ChartDir): Map<number, DocumentMapper> => {
    let out = byTemplate.get(uri);
    if (out) return out;
    byTemplate.set(uri, (out = new Map()));
    const parsed = template(uri);
    const seen = new Map<string, number>();
    docs.forEach((doc, i) => {
      const origin = origins[i];
      if (origin?.kind !== 'template' || origin.uri !== uri) return;
      const hook = isHook(doc);
      if (!parsed || parsed.documents.length === 0) {
        out.set(i, fallbackMapper(input, uri, hook));
        return;
      }
      const sameKind = parsed.documents.filter((d) => d.kind !== undefined && d.kind === doc.kind);
      const pool = sameKind.length > 0 ? sameKind : parsed.documents.filter((d) => d.kind === undefined || !docs.some((x) => x.kind === d.kind));
      const candidates = pool.length > 0 ? pool : parsed.documents;
      const key = sameKind.length > 0 ? `k:${doc.kind}` : '?';
      const n = seen.get(key) ?? 0;
      seen.set(key, n + 1);
      const tdoc = candidates[Math.min(n, candidates.length - 1)]!;
      out.set(i, templateMapper(input, uri, chart, parsed, tdoc, hook, defines));
    });
    return out;
  };

  const mappers: DocumentMapper[] = [];
  const sources = new Set<string>();
  docs.forEach((doc, i) => {
    const origin = origins[i];
    const hook = isHook(doc);
    if (!origin) {
      mappers.push(fallbackMapper(input, undefined, hook));
      return;
    }
    if (origin.kind === 'archive') {
      sources.add(origin.chartYaml);
      mappers.push(archiveMapper(input, origin, hook));
      return;
    }
    sources.add(origin.uri);
    let mapper: DocumentMapper | undefined;
    mappers.push({
      sourceUri: origin.uri,
      hook,
      locate: (at, span) => (mapper ??= mappersOf(origin.uri, origin.chart).get(i) ?? fallbackMapper(input, origin.uri, hook)).locate(at, span),
    });
  });
  for (const v of unit.valuesFiles ?? []) sources.add(v);
  return { mappers, sources: [...sources] };
}

/** A Helm hook (`helm.sh/hook` annotation; test Pods and the like): the text is looked at first, the YAML read only when it names one. */
function isHook(doc: RenderedDocument): boolean {
  return doc.text.includes('helm.sh/hook') && stringAt(doc.root, ['metadata', 'annotations', 'helm.sh/hook']) !== undefined;
}

function fallbackMapper(input: OriginInput, sourceUri: string | undefined, hook: boolean): DocumentMapper {
  const unit = input.unit;
  return {
    sourceUri,
    hook,
    locate: () => {
      if (sourceUri) {
        const text = input.text(sourceUri);
        if (text !== undefined) return { uri: sourceUri, span: firstLine(text, 0), exact: false };
      }
      return { uri: unit.fileUri, span: { start: 0, end: 0 }, exact: false };
    },
  };
}

function archiveMapper(input: OriginInput, origin: Extract<Origin, { kind: 'archive' }>, hook: boolean): DocumentMapper {
  return {
    sourceUri: origin.chartYaml,
    hook,
    locate: () => {
      const text = input.text(origin.chartYaml) ?? '';
      const chart = readChart(text);
      const dep = chart.dependencies.find((d) => d.alias === origin.dependency) ?? chart.dependencies.find((d) => d.name === origin.dependency);
      const span = dep ? firstLine(text, dep.span.start, dep.span.end) : chart.nameSpan ?? { start: 0, end: 0 };
      return {
        uri: origin.chartYaml,
        span,
        exact: false,
        related: [{ uri: origin.chartYaml, span, message: `Rendered from ${origin.dependency}/${origin.template} inside charts/${origin.archive}, which has no editable lines.` }],
      };
    },
  };
}

function templateMapper(input: OriginInput, uri: string, chart: ChartDir, parsed: ParsedTemplate, tdoc: TemplateDocument, hook: boolean, defines: Defines): DocumentMapper {
  const base = tdoc.start;
  const abs = (r: [number, number]): Span => ({ start: r[0] + base, end: r[1] + base });
  const docFirstLine = (): SourceLocation => ({ uri, span: firstLine(parsed.blanked, base, tdoc.end), exact: false });
  const literal = templateLiteral(input, chart, parsed, base);
  return {
    sourceUri: uri,
    hook,
    locate: (at: NodeAt) => {
      if (at.steps.length === 0) return docFirstLine();
      const leaf = isScalar(at.node) ? scalarText(at.node) : undefined;
      const resolved = resolvePath(tdoc.root, at.steps, { ...(leaf !== undefined ? { leafValue: leaf } : {}), literal });
      if (resolved.matched === at.steps.length) {
        const keyRange = rangeOf(resolved.keyNode);
        let span: Span | undefined;
        if (at.isKey && keyRange) span = abs(keyRange);
        else {
          const valueRange = rangeOf(resolved.node);
          const blank = !valueRange || valueRange[1] <= valueRange[0] || !parsed.blanked.slice(valueRange[0] + base, valueRange[1] + base).trim();
          if (!blank && valueRange) span = withAdjacentActions(parsed, keyRange ? keyRange[1] + base : undefined, abs(valueRange));
          else {
            const from = keyRange ? keyRange[1] + base : valueRange ? valueRange[0] + base : base;
            span = actionsOnLine(parsed, from) ?? nextLineActions(parsed, from) ?? (keyRange ? abs(keyRange) : undefined);
          }
          if (span && (isMap(resolved.node) || isSeq(resolved.node)) && keyRange) span = abs(keyRange);
        }
        if (span) {
          const related = valuesRelated(input, chart, parsed.original.slice(span.start, span.end));
          return { uri, span, exact: resolved.identified, ...(related ? { related } : {}) };
        }
      }
      // The nearest enclosing key that exists in the template; when its value is `toYaml .Values.x`
      // (or bitnami's tplvalues.render of it), the rest of the path is walked in the values file.
      for (let i = resolved.trail.length - 1; i >= 0; i--) {
        const t = resolved.trail[i]!;
        const k = rangeOf(t.keyNode);
        if (k) {
          const inValues = throughValues(input, chart, parsed, k[1] + base, at, i + 1, leaf);
          if (inValues) return { ...inValues, related: [{ uri, span: abs(k), message: `rendered here from ${basename(inValues.uri)}` }] };
          const inDefine = throughDefine(input, defines, parsed, k[1] + base, at.steps.slice(i + 1), at.isKey, leaf, 0);
          if (inDefine) return { ...inDefine, related: [{ uri, span: abs(k), message: `included here from ${basename(inDefine.uri)}` }] };
          return { uri, span: abs(k), exact: false };
        }
        const n = rangeOf(t.node);
        if (n) return { uri, span: firstLine(parsed.blanked, n[0] + base, n[1] + base), exact: false };
      }
      return docFirstLine();
    },
  };
}

/** A plain scalar partly made by actions (`{{ .Release.Name }}-sub`): the span takes in the actions on its line. */
function withAdjacentActions(parsed: ParsedTemplate, keyEnd: number | undefined, span: Span): Span {
  if (keyEnd === undefined || keyEnd > span.start) return span;
  const lineEnd = parsed.original.indexOf('\n', span.start);
  const end = lineEnd < 0 ? parsed.original.length : lineEnd;
  let start = span.start;
  let stop = span.end;
  const lineStart = parsed.original.lastIndexOf('\n', keyEnd) + 1;
  for (const a of actionsStartingIn(parsed, lineStart, end)) {
    if (a.start >= keyEnd && a.start < start && !parsed.original.slice(keyEnd, a.start).includes('\n')) start = a.start;
    if (a.start >= span.end && a.end <= end && !parsed.blanked.slice(span.end, a.start).trim()) stop = Math.max(stop, a.end);
    if (a.start < span.end && a.end > stop && a.end <= end) stop = a.end;
  }
  return { start, end: stop };
}

/** `key: {{ toYaml .Values.x | nindent N }}`: the rest of the rendered path inside `.Values.x` of the values files. */
function throughValues(input: OriginInput, chart: ChartDir, parsed: ParsedTemplate, keyEnd: number, at: NodeAt, from: number, leaf: string | undefined): SourceLocation | undefined {
  const action = actionsOnLine(parsed, keyEnd) ?? nextLineActions(parsed, keyEnd);
  if (!action) return undefined;
  const source = parsed.original.slice(action.start, action.end);
  if (!/\btoYaml\b|tplvalues\.render/.test(source)) return undefined;
  const m = /\.Values((?:\.[A-Za-z_][A-Za-z0-9_-]*)+)/.exec(source);
  if (!m) return undefined;
  const hit = valuesNode(input, chart, m[1]!.slice(1).split('.'));
  if (!hit) return undefined;
  const rest = at.steps.slice(from);
  const r = resolvePath(hit.node, rest, leaf !== undefined ? { leafValue: leaf } : {});
  if (r.matched !== rest.length || rest.length === 0) return undefined;
  const k = rangeOf(r.keyNode);
  const v = rangeOf(r.node);
  const range = at.isKey || isMap(r.node) || isSeq(r.node) ? (k ?? v) : (v ?? k);
  if (!range) return undefined;
  return { uri: hit.uri, span: { start: range[0], end: range[1] }, exact: r.identified };
}

// ---------------------------------------------------------------------------------------------
// Named templates (`{{- define "x.labels" -}}` in _helpers.tpl): a key whose value is
// `{{- include "x.labels" . | nindent 4 }}` continues its path inside the define's body.

interface Define {
  readonly uri: string;
  readonly parsed: ParsedTemplate;
  /** The body, between the define action and its `end`. */
  readonly start: number;
  readonly end: number;
  /** The body's blanked YAML root (ranges relative to `start`), parsed on first use. */
  root?: unknown;
}
type Defines = () => Map<string, Define>;

const BLOCK_OPEN = /^\{\{-?\s*(?:if|range|with|define|block)\b/;
const BLOCK_END = /^\{\{-?\s*end\b/;

/** Every `define` of the unit's templates and helpers (Helm's named templates are global to the release). */
function definesOf(input: OriginInput, template: (uri: string) => ParsedTemplate | undefined): Defines {
  let cache: Map<string, Define> | undefined;
  return () => {
    if (cache) return cache;
    cache = new Map();
    for (const uri of input.unit.inputs) {
      if (!/\/templates\/[^?#]*\.(?:tpl|ya?ml|txt)$/.test(uri)) continue;
      const parsed = template(uri);
      if (!parsed || !parsed.original.includes('define')) continue;
      const stack: { name: string | undefined; end: number }[] = [];
      for (const a of parsed.actions) {
        const src = parsed.original.slice(a.start, a.end);
        if (BLOCK_OPEN.test(src)) {
          const m = /^\{\{-?\s*define\s+"([^"]+)"/.exec(src);
          stack.push({ name: m?.[1], end: a.end });
        } else if (BLOCK_END.test(src)) {
          const open = stack.pop();
          if (open?.name && !cache.has(open.name)) cache.set(open.name, { uri, parsed, start: open.end, end: a.start });
        }
      }
    }
    return cache;
  };
}

function defineRoot(d: Define): unknown {
  if (d.root === undefined) {
    try {
      d.root = parseYamlDocument(d.parsed.blanked.slice(d.start, d.end)).contents ?? null;
    } catch {
      d.root = null;
    }
  }
  return d.root;
}

function throughDefine(input: OriginInput, defines: Defines, parsed: ParsedTemplate, keyEnd: number, rest: readonly NodeAt['steps'][number][], isKey: boolean, leaf: string | undefined, depth: number): SourceLocation | undefined {
  if (rest.length === 0 || depth > 3) return undefined;
  const action = actionsOnLine(parsed, keyEnd) ?? nextLineActions(parsed, keyEnd);
  if (!action) return undefined;
  const name = /\b(?:include|template)\s+"([^"]+)"/.exec(parsed.original.slice(action.start, action.end))?.[1];
  const d = name ? defines().get(name) : undefined;
  if (!d) return undefined;
  return inDefine(input, defines, d, rest, isKey, leaf, depth);
}

function inDefine(input: OriginInput, defines: Defines, d: Define, rest: readonly NodeAt['steps'][number][], isKey: boolean, leaf: string | undefined, depth: number): SourceLocation | undefined {
  if (depth > 3) return undefined;
  const root = defineRoot(d);
  const r = resolvePath(root, rest, leaf !== undefined ? { leafValue: leaf } : {});
  if (r.matched === rest.length) {
    const k = rangeOf(r.keyNode);
    const v = rangeOf(r.node);
    let span: Span | undefined;
    if (isKey || isMap(r.node) || isSeq(r.node)) span = k ? { start: k[0] + d.start, end: k[1] + d.start } : undefined;
    else if (v && d.parsed.blanked.slice(v[0] + d.start, v[1] + d.start).trim()) span = withAdjacentActions(d.parsed, k ? k[1] + d.start : undefined, { start: v[0] + d.start, end: v[1] + d.start });
    else if (k) span = actionsOnLine(d.parsed, k[1] + d.start) ?? { start: k[0] + d.start, end: k[1] + d.start };
    if (span) return { uri: d.uri, span, exact: r.identified };
  }
  // A key of the body whose value is another include (`labels` → `selectorLabels`), or a body that
  // starts with one (`{{ include "x.selectorLabels" . }}` on a line of its own).
  for (let i = r.trail.length - 1; i >= 0; i--) {
    const k = rangeOf(r.trail[i]!.keyNode);
    if (!k) continue;
    const deeper = throughDefine(input, defines, d.parsed, k[1] + d.start, rest.slice(i + 1), isKey, leaf, depth + 1);
    if (deeper) return deeper;
    break;
  }
  if (r.matched === 0) {
    for (const a of actionsStartingIn(d.parsed, d.start, d.end)) {
      const name = /\b(?:include|template)\s+"([^"]+)"/.exec(d.parsed.original.slice(a.start, a.end))?.[1];
      const next = name ? defines().get(name) : undefined;
      if (!next || next === d) continue;
      const hit = inDefine(input, defines, next, rest, isKey, leaf, depth + 1);
      if (hit) return hit;
    }
  }
  return undefined;
}

/** An action-only next line (`labels:` then `{{- include … | nindent 4 }}`). */
function nextLineActions(parsed: ParsedTemplate, from: number): Span | undefined {
  const nl = parsed.original.indexOf('\n', from);
  if (nl < 0) return undefined;
  const lineEnd = parsed.original.indexOf('\n', nl + 1);
  const line = parsed.blanked.slice(nl + 1, lineEnd < 0 ? undefined : lineEnd);
  if (line.trim()) return undefined;
  return actionsOnLine(parsed, nl + 1);
}

function scalarText(node: unknown): string | undefined {
  const v = (node as { value?: unknown }).value;
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
}

const valuesCache = new WeakMap<OriginInput, Map<string, unknown>>();

function valuesRoot(input: OriginInput, uri: string): unknown {
  let cache = valuesCache.get(input);
  if (!cache) valuesCache.set(input, (cache = new Map()));
  if (!cache.has(uri)) {
    const text = input.text(uri);
    let root: unknown;
    try {
      root = text === undefined ? undefined : parseYamlDocument(text).contents;
    } catch {
      root = undefined;
    }
    cache.set(uri, root);
  }
  return cache.get(uri);
}

/** Where the values files set `.Values.<path>` for a chart (the last values file that sets it wins). */
function valuesNode(input: OriginInput, chart: ChartDir, path: readonly string[]): { uri: string; keyNode: unknown; node: unknown } | undefined {
  const unit = input.unit;
  const rootValues = unit.valuesFiles?.length ? [...unit.valuesFiles] : [`${unit.rootUri}/values.yaml`];
  if (!rootValues.includes(`${unit.rootUri}/values.yaml`)) rootValues.unshift(`${unit.rootUri}/values.yaml`);
  const candidates: { uri: string; path: string[] }[] = [];
  for (const f of [...rootValues].reverse()) candidates.push({ uri: f, path: [...chart.valuesPrefix, ...path] });
  chart.parents.slice(1).forEach((p, i) => candidates.push({ uri: `${p.uri}/values.yaml`, path: [...chart.valuesPrefix.slice(i + 1), ...path] }));
  if (chart.parents.length > 0) candidates.push({ uri: `${chart.uri}/values.yaml`, path: [...path] });
  for (const c of candidates) {
    let node: unknown = valuesRoot(input, c.uri);
    let keyNode: unknown;
    let found = true;
    for (const k of c.path) {
      const pair = isMap(node) ? node.items.find((p) => isScalar(p.key) && p.key.value === k) : undefined;
      if (!pair) {
        found = false;
        break;
      }
      keyNode = pair.key;
      node = pair.value;
    }
    if (found && keyNode !== undefined) return { uri: c.uri, keyNode, node };
  }
  return undefined;
}

/** The values-file line a plain `{{ .Values.a.b }}` reads. */
function valuesRelated(input: OriginInput, chart: ChartDir, source: string): SourceLocation['related'] {
  const path = plainValuesReference(source);
  if (!path) return undefined;
  const hit = valuesNode(input, chart, path);
  if (!hit) return undefined;
  const k = rangeOf(hit.keyNode);
  const r = rangeOf(hit.node) ?? k;
  if (!r) return undefined;
  return [{ uri: hit.uri, span: { start: k?.[0] ?? r[0], end: r[1] }, message: `.Values.${path.join('.')} is set in ${basename(hit.uri)}` }];
}

/** The literal a blanked template scalar stands for: its own value, a plain `.Values` reference's value, or unknown. */
function templateLiteral(input: OriginInput, chart: ChartDir, parsed: ParsedTemplate, base: number): (node: unknown) => string | undefined {
  return (node) => {
    if (!isScalar(node)) return undefined;
    const v = node.value;
    const str = typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
    if (str === undefined || !isTemplated(str)) return str;
    const r = rangeOf(node);
    if (!r) return undefined;
    const path = plainValuesReference(parsed.original.slice(r[0] + base, r[1] + base));
    if (!path) return undefined;
    const hit = valuesNode(input, chart, path);
    const hv = hit && isScalar(hit.node) ? hit.node.value : undefined;
    return typeof hv === 'string' || typeof hv === 'number' || typeof hv === 'boolean' ? String(hv) : undefined;
  };
}
