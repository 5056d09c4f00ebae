/**
 * Kustomize origin mapping: each rendered object's `config.kubernetes.io/origin` annotation
 * (`buildMetadata: [originAnnotations]`) names the file it was read from (`path:`, relative to
 * the wrapper kustomization's folder, `originBase`) or the kustomization whose generator made it
 * (`configuredIn:`). Kustomize does not say which patch set a field, so the rendered node's key
 * path is matched against the unit's patches, latest applied first: a strategic-merge patch on
 * the object that contains the path (list items by merge key), or a JSON 6902 op on the path.
 * If one sets it, the location is the patch's span; else the origin file's, by key path.
 *
 * Insertions (a code action adding a key or a list item to a rendered object) land where the
 * next render keeps them (`insertionTarget`): in the patch that sets the collection (the latest
 * strategic-merge patch file holding it), else in the origin file's same collection, matched
 * exactly; never where a transformer rewrites the path or the value (labels, selectors, names,
 * namespace, images, replicas), under a JSON 6902 op, or in an inline patch.
 */
import type { Kustomization, KustomizePatch, Span } from '../model/types';
import { parseYamlDocument } from '../parse/parse-file';
import { splitDocuments } from '../parse/split-documents';
import { isMap, isScalar, isSeq } from '../parse/yaml';
import { basename, dirname, joinPath } from '../uri';
import { firstLine, mergeIdentified, rangeOf, resolvePath, type NodeAt, type RenderedStep } from './key-path';
import type { OriginInput } from './origin-map';
import { stringAt, type DocumentMapper, type InsertionRequest, type InsertionTarget, type RenderedDocument } from './rendered-docs';
import type { SourceLocation } from './types';
import { KUSTOMIZATION_NAMES, isRemote, kustomizations } from './units';

interface SourceDoc {
  readonly start: number;
  readonly end: number;
  readonly root: unknown;
  readonly kind: string | undefined;
  readonly name: string | undefined;
}

/** A parsed patch: where its text lives, and how an offset in the parsed text maps into that file. */
interface PatchSource {
  readonly uri: string;
  readonly entry: KustomizePatch;
  readonly json6902: boolean;
  readonly docs: readonly SourceDoc[];
  /** The text the docs were parsed from (the patch file's, or the inline value). */
  readonly text: string;
  /** Offset in a parsed doc (absolute in the parsed text) → offset in `uri`. */
  readonly toFile: (offset: number) => number;
  /** The kustomization that lists it (its folder resolves relative paths). */
  readonly kustomization: string;
}

export function kustomizeMappers(input: OriginInput, docs: readonly RenderedDocument[]): { mappers: DocumentMapper[]; sources: string[] } {
  const sourceCache = new Map<string, SourceDoc[] | undefined>();
  const sourceDocs = (uri: string) => {
    if (!sourceCache.has(uri)) {
      const text = input.text(uri);
      sourceCache.set(uri, text === undefined ? undefined : parseDocs(text));
    }
    return sourceCache.get(uri);
  };
  const { patches, order } = unitPatches(input);
  const transformers = transformerFields(input, order);
  const sources = new Set<string>();
  for (const p of patches) sources.add(p.uri);
  const mappers = docs.map((doc): DocumentMapper => {
    const origin = originOf(input, doc);
    if (!origin) return fallback(input, undefined);
    sources.add(origin.uri);
    if (origin.generated) return generatedMapper(input, origin.uri, doc);
    const candidates = sourceDocs(origin.uri);
    if (!candidates || candidates.length === 0) return fallback(input, origin.uri);
    const sdoc = pickSourceDoc(candidates, doc);
    return objectMapper(input, origin.uri, sdoc, doc, patches, transformers);
  });
  return { mappers, sources: [...sources] };
}

function parseDocs(text: string): SourceDoc[] {
  const out: SourceDoc[] = [];
  for (const chunk of splitDocuments(text)) {
    let root: unknown;
    try {
      root = parseYamlDocument(chunk.text).contents;
    } catch {
      root = undefined;
    }
    if (root === undefined || root === null) continue;
    out.push({ start: chunk.start, end: chunk.end, root, kind: stringAt(root, ['kind']), name: stringAt(root, ['metadata', 'name']) });
  }
  return out;
}

/** The object's document in its origin file: same kind, the name before namePrefix/nameSuffix. */
function pickSourceDoc(candidates: readonly SourceDoc[], doc: RenderedDocument): SourceDoc {
  const sameKind = candidates.filter((c) => c.kind === doc.kind);
  const pool = sameKind.length > 0 ? sameKind : candidates;
  const name = doc.name ?? '';
  const exact = pool.find((c) => c.name === name);
  if (exact) return exact;
  const contained = pool.filter((c) => c.name && name.includes(c.name)).sort((a, b) => b.name!.length - a.name!.length);
  return contained[0] ?? pool[0]!;
}

function originOf(input: OriginInput, doc: RenderedDocument): { uri: string; generated: boolean } | undefined {
  const annotation = stringAt(doc.root, ['metadata', 'annotations', 'config.kubernetes.io/origin']);
  if (!annotation) return undefined;
  let root: unknown;
  try {
    root = parseYamlDocument(annotation).contents;
  } catch {
    return undefined;
  }
  const path = stringAt(root, ['path']);
  const configuredIn = stringAt(root, ['configuredIn']);
  const rel = path ?? configuredIn;
  if (!rel || stringAt(root, ['repo'])) return undefined;
  const uri = resolveOriginPath(input, rel);
  return uri ? { uri, generated: path === undefined } : undefined;
}

/** `path:` relative to originBase; else (no or wrong base) the unit input whose path ends with it. */
function resolveOriginPath(input: OriginInput, rel: string): string | undefined {
  if (input.originBase) {
    const uri = joinPath(input.originBase, rel);
    if (input.text(uri) !== undefined) return uri;
  }
  const parts = rel.split('/').filter((p) => p && p !== '.' && p !== '..');
  for (let i = 0; i < parts.length; i++) {
    const suffix = '/' + parts.slice(i).map(encodeSegment).join('/');
    const hits = input.unit.inputs.filter((u) => u.endsWith(suffix));
    if (hits.length === 1) return hits[0];
    if (hits.length > 1) return undefined;
  }
  return undefined;
}

function encodeSegment(s: string): string {
  try {
    return encodeURIComponent(decodeURIComponent(s));
  } catch {
    return encodeURIComponent(s);
  }
}

function fallback(input: OriginInput, uri: string | undefined): DocumentMapper {
  return {
    sourceUri: uri,
    hook: false,
    locate: () => {
      const text = uri ? input.text(uri) : undefined;
      if (uri && text !== undefined) return { uri, span: firstLine(text, 0), exact: false };
      return { uri: input.unit.fileUri, span: { start: 0, end: 0 }, exact: false };
    },
  };
}

/** A generated object (configMapGenerator, secretGenerator): its generator entry in the kustomization. */
function generatedMapper(input: OriginInput, uri: string, doc: RenderedDocument): DocumentMapper {
  return {
    sourceUri: uri,
    hook: false,
    locate: () => {
      const text = input.text(uri) ?? '';
      let root: unknown;
      try {
        root = parseYamlDocument(text).contents;
      } catch {
        root = undefined;
      }
      const field = doc.kind === 'Secret' ? 'secretGenerator' : 'configMapGenerator';
      const list = isMap(root) ? root.get(field, true) : undefined;
      const name = doc.name ?? '';
      if (isSeq(list)) {
        const items = list.items.filter((it) => {
          const n = stringAt(it, ['name']);
          return n !== undefined && name.includes(n);
        });
        const item = items.sort((a, b) => (stringAt(b, ['name'])?.length ?? 0) - (stringAt(a, ['name'])?.length ?? 0))[0];
        const r = rangeOf(item);
        if (r) return { uri, span: firstLine(text, r[0], r[1]), exact: false };
      }
      return { uri, span: firstLine(text, 0), exact: false };
    },
  };
}

function objectMapper(
  input: OriginInput,
  uri: string,
  sdoc: SourceDoc,
  doc: RenderedDocument,
  patches: readonly PatchSource[],
  transformers: TransformerFields,
): DocumentMapper {
  const text = input.text(uri) ?? '';
  const docFirstLine = (): SourceLocation => ({ uri, span: firstLine(text, sdoc.start, sdoc.end), exact: false });
  const renderedName = doc.name ?? '';
  const originalName = sdoc.name ?? renderedName;
  const applicable = patches.filter((p) => targets(p, doc.kind, renderedName, originalName));
  return {
    sourceUri: uri,
    hook: false,
    locate: (at: NodeAt) => {
      if (at.steps.length === 0) return docFirstLine();
      const leaf = isScalar(at.node) ? String((at.node as { value?: unknown }).value) : undefined;
      const inOrigin = resolvePath(sdoc.root, at.steps, leaf !== undefined ? { leafValue: leaf } : {});
      const originHasIt = inOrigin.matched === at.steps.length;
      const collection = !at.isKey && (isMap(at.node) || isSeq(at.node));
      // The origin file has the field as rendered: no patch or transformer changed it.
      const same = originHasIt && (at.isKey || collection || (isScalar(inOrigin.node) && String(inOrigin.node.value) === leaf));
      if (!same) {
        const identification = isIdentification(at.steps);
        for (const p of applicable) {
          if (identification && !p.json6902) continue;
          const hit = patchSets(p, at, doc.kind, renderedName, originalName);
          if (hit) return { uri: p.uri, span: hit, exact: true };
        }
        const t = transformerSets(transformers, at, leaf, [originalName, renderedName]);
        if (t) return t;
      }
      const abs = (r: [number, number]): Span => ({ start: r[0] + sdoc.start, end: r[1] + sdoc.start });
      if (originHasIt) {
        const k = rangeOf(inOrigin.keyNode);
        const v = rangeOf(inOrigin.node);
        const span = at.isKey || collection ? (k ? abs(k) : v ? abs(v) : undefined) : v && v[1] > v[0] ? abs(v) : k ? abs(k) : undefined;
        if (span) return { uri, span, exact: inOrigin.identified };
      }
      for (let i = inOrigin.trail.length - 1; i >= 0; i--) {
        const t = inOrigin.trail[i]!;
        const k = rangeOf(t.keyNode);
        if (k) return { uri, span: abs(k), exact: false };
        const n = rangeOf(t.node);
        if (n) return { uri, span: firstLine(text, n[0] + sdoc.start, n[1] + sdoc.start), exact: false };
      }
      return docFirstLine();
    },
    insertionTarget: (at: NodeAt, insertion: InsertionRequest): InsertionTarget | undefined => {
      if (at.steps.length === 0 || transformers.opaque || transformerReaches(at.steps, insertion)) return undefined;
      if (sdoc.kind !== doc.kind || sdoc.name === undefined || !renderedName.includes(sdoc.name)) return undefined;
      const wantMap = insertion.key !== undefined;
      const sameKind = (n: unknown) => (wantMap ? isMap(n) : isSeq(n));
      const hasKey = (n: unknown) => isMap(n) && n.items.some((p) => isScalar(p.key) && String(p.key.value) === insertion.key);
      const inserted: RenderedStep[] = wantMap ? [...at.steps, { key: insertion.key! }] : at.steps;
      // The latest patch that holds the collection sets it: its content survives whether the
      // patch merges (lists by merge key, mappings) or replaces (atomic lists, `$patch: replace`).
      for (const p of applicable) {
        if (p.json6902) {
          if (json6902Touches(p, inserted)) return undefined;
          continue;
        }
        for (const d of p.docs) {
          if (!p.entry.target && !smpDocTargets(d, doc.kind, renderedName, originalName)) continue;
          if (stringAt(d.root, ['$patch']) === 'delete') continue;
          const r = resolvePath(d.root, at.steps, { strict: true });
          if (r.matched !== at.steps.length) {
            const replaced = [d.root, ...r.trail.map((t) => t.node)].some((n) => isMap(n) && stringAt(n, ['$patch']) === 'replace');
            if (replaced) return undefined; // the patch replaces an ancestor without this collection
            // A list on the path without the rendered item: fine when the item has a merge key the
            // list lacks (it came from the origin, merged); else the list may be atomic and replace the origin's.
            const next = at.steps[r.matched];
            if (isSeq(r.node) && next && typeof next.key === 'number' && !mergeIdentified(next)) return undefined;
            continue;
          }
          if (!sameKind(r.node) || hasKey(r.node) || directives(r.node)) return undefined;
          const range = rangeOf(r.node);
          // Inline patches live inside a string of the kustomization: no edit is exact there.
          if (!range || !p.entry.path) return undefined;
          const span = { start: range[0] + d.start, end: range[1] + d.start };
          return { uri: p.uri, span, text: p.text.slice(span.start, span.end) };
        }
      }
      const inOrigin = resolvePath(sdoc.root, at.steps);
      if (inOrigin.matched === at.steps.length && inOrigin.identified && sameKind(inOrigin.node)) {
        if (hasKey(inOrigin.node)) return undefined; // the render dropped it: something we cannot see
        const range = rangeOf(inOrigin.node);
        return range ? { uri, span: { start: range[0] + sdoc.start, end: range[1] + sdoc.start }, text: text.slice(range[0] + sdoc.start, range[1] + sdoc.start) } : undefined;
      }
      return undefined;
    },
  };
}

/** Keys a kustomize transformer writes (labels and selectors, names and name references, namespace, images, replicas). */
const TRANSFORMED_KEYS = new Set(['metadata', 'labels', 'annotations', 'selector', 'matchLabels', 'matchExpressions', 'podSelector', 'namespaceSelector', 'namespace', 'image', 'images', 'replicas']);

/**
 * The insertion's path or value reaches a field a transformer of some unit may rewrite: then the
 * text that the next render keeps is not the text inserted, and we do not guess. A name-like key
 * (`name`, `serviceName`, `configMapRef`) may be a name reference; only a port's `name` is not.
 */
function transformerReaches(steps: readonly RenderedStep[], insertion: InsertionRequest): boolean {
  const keys = steps.map((s) => s.key);
  if (keys.some((k) => typeof k === 'string' && TRANSFORMED_KEYS.has(k))) return true;
  const portItem = (path: readonly (string | number)[]) => path.length >= 2 && typeof path[path.length - 1] === 'number' && path[path.length - 2] === 'ports';
  const reaches = (key: string, path: readonly (string | number)[]) => TRANSFORMED_KEYS.has(key) || (/(name|Name|Ref|Refs)$/.test(key) && !(key === 'name' && portItem(path)));
  const walk = (value: unknown, path: (string | number)[], depth: number): boolean => {
    if (depth > 50) return true;
    if (Array.isArray(value)) return value.some((v, i) => walk(v, [...path, i], depth + 1));
    if (value && typeof value === 'object') return Object.entries(value).some(([k, v]) => reaches(k, path) || walk(v, [...path, k], depth + 1));
    return false;
  };
  if (insertion.key !== undefined) return reaches(insertion.key, keys) || walk(insertion.value, [...keys, insertion.key], 0);
  return walk(insertion.value, [...keys, 0], 0);
}

/** Strategic-merge directives on a collection (`$setElementOrder/…`, `$retainKeys`, `$deleteFromPrimitiveList/…`) we do not model. */
function directives(node: unknown): boolean {
  if (isMap(node)) return node.items.some((p) => isScalar(p.key) && String(p.key.value).startsWith('$'));
  if (isSeq(node)) return node.items.some((it) => isMap(it) && it.items.some((p) => isScalar(p.key) && String(p.key.value).startsWith('$')));
  return false;
}

/** A JSON 6902 op of the patch on the path, inside it, or on one of its ancestors. */
function json6902Touches(p: PatchSource, steps: readonly RenderedStep[]): boolean {
  const d = p.docs[0];
  if (!d || !isSeq(d.root)) return true;
  for (const op of d.root.items) {
    const path = stringAt(op, ['path']);
    if (path === undefined) return true;
    // A `move` from the path takes it away; a `copy` from it writes what was there at patch time.
    const from = stringAt(op, ['from']);
    for (const p of from === undefined ? [path] : [path, from]) {
      const segments = pointer(p);
      const n = Math.min(segments.length, steps.length);
      if (segments.slice(0, n).every((s, i) => stepMatches(s, steps[i]!))) return true;
    }
  }
  return false;
}

/** Fields a strategic-merge patch names to find its target, not to set them. */
function isIdentification(steps: readonly RenderedStep[]): boolean {
  const keys = steps.map((s) => s.key).join('/');
  return keys === 'apiVersion' || keys === 'kind' || keys === 'metadata/name' || keys === 'metadata/namespace';
}

// ---------------------------------------------------------------------------------------------
// Transformers: namespace, labels / commonLabels / commonAnnotations, images

interface FieldSpan {
  readonly uri: string;
  readonly key: Span;
  readonly value: Span;
  readonly text: string | undefined;
}

interface TransformerFields {
  /** The namespace that wins (the outermost kustomization's). */
  readonly namespace: FieldSpan | undefined;
  /** Label / annotation key → where a kustomization adds it (outermost first). */
  readonly labels: ReadonlyMap<string, FieldSpan[]>;
  readonly annotations: ReadonlyMap<string, FieldSpan[]>;
  /** `images[]` entries: name → the entry's newName/newTag/digest field. */
  readonly images: readonly { readonly name: string; readonly field: FieldSpan }[];
  /** `replicas[]` entries: object name → its `count`. */
  readonly replicas: readonly { readonly name: string; readonly field: FieldSpan }[];
  /** A kustomization of the unit has `replacements` or `transformers`, which may write any field. */
  readonly opaque: boolean;
}

function transformerFields(input: OriginInput, order: readonly string[]): TransformerFields {
  let namespace: FieldSpan | undefined;
  const labels = new Map<string, FieldSpan[]>();
  const annotations = new Map<string, FieldSpan[]>();
  const images: { name: string; field: FieldSpan }[] = [];
  const replicas: { name: string; field: FieldSpan }[] = [];
  let opaque = false;
  for (const uri of order) {
    const text = input.text(uri);
    if (text === undefined) continue;
    let root: unknown;
    try {
      root = parseYamlDocument(text).contents;
    } catch {
      continue;
    }
    if (!isMap(root)) continue;
    const field = (pair: { key: unknown; value: unknown } | undefined): FieldSpan | undefined => {
      const k = rangeOf(pair?.key);
      if (!pair || !k) return undefined;
      const v = rangeOf(pair.value) ?? k;
      return { uri, key: { start: k[0], end: k[1] }, value: { start: v[0], end: v[1] }, text: isScalar(pair.value) ? String(pair.value.value) : undefined };
    };
    const pairOf = (map: unknown, key: string) => (isMap(map) ? (map.items.find((p) => isScalar(p.key) && p.key.value === key) as { key: unknown; value: unknown } | undefined) : undefined);
    const addAll = (into: Map<string, FieldSpan[]>, map: unknown) => {
      if (!isMap(map)) return;
      for (const p of map.items) {
        if (!isScalar(p.key)) continue;
        const f = field(p as { key: unknown; value: unknown });
        if (!f) continue;
        const k = String(p.key.value);
        into.set(k, [...(into.get(k) ?? []), f]);
      }
    };
    if (root.has('replacements') || root.has('transformers')) opaque = true;
    namespace ??= field(pairOf(root, 'namespace'));
    const labelList = root.get('labels', true);
    if (isSeq(labelList)) for (const l of labelList.items) addAll(labels, isMap(l) ? l.get('pairs', true) : undefined);
    addAll(labels, root.get('commonLabels', true));
    addAll(annotations, root.get('commonAnnotations', true));
    const replicaList = root.get('replicas', true);
    if (isSeq(replicaList)) {
      for (const rp of replicaList.items) {
        const name = stringAt(rp, ['name']);
        const f = field(pairOf(rp, 'count'));
        if (name && f) replicas.push({ name, field: f });
      }
    }
    const imageList = root.get('images', true);
    if (isSeq(imageList)) {
      for (const im of imageList.items) {
        const name = stringAt(im, ['name']);
        const f = field(pairOf(im, 'newTag')) ?? field(pairOf(im, 'digest')) ?? field(pairOf(im, 'newName'));
        if (name && f) images.push({ name, field: f });
      }
    }
  }
  return { namespace, labels, annotations, images, replicas, opaque };
}

const LABEL_PARENTS = ['metadata/labels', 'spec/selector', 'spec/selector/matchLabels', 'spec/template/metadata/labels', 'spec/jobTemplate/spec/template/metadata/labels', 'spec/jobTemplate/metadata/labels'];

/** A field a kustomization transformer set (namespace, added labels, images). */
function transformerSets(t: TransformerFields, at: NodeAt, leaf: string | undefined, names: readonly string[]): SourceLocation | undefined {
  const keys = at.steps.map((s) => s.key);
  const path = keys.join('/');
  const pick = (f: FieldSpan): SourceLocation => ({ uri: f.uri, span: at.isKey ? f.key : f.value, exact: true });
  if (path === 'metadata/namespace' && t.namespace) return pick(t.namespace);
  if (path === 'spec/replicas') {
    const hit = t.replicas.find((r) => names.includes(r.name) && (leaf === undefined || r.field.text === leaf));
    if (hit) return pick(hit.field);
  }
  const last = keys[keys.length - 1];
  const parent = keys.slice(0, -1).join('/');
  if (typeof last === 'string') {
    if (LABEL_PARENTS.includes(parent) || /(^|\/)(labels|matchLabels)$/.test(parent)) {
      const candidates = t.labels.get(last) ?? [];
      const hit = candidates.find((c) => leaf === undefined || c.text === leaf) ?? candidates[0];
      if (hit) return pick(hit);
    }
    if (/(^|\/)annotations$/.test(parent)) {
      const candidates = t.annotations.get(last) ?? [];
      const hit = candidates.find((c) => leaf === undefined || c.text === leaf) ?? candidates[0];
      if (hit) return pick(hit);
    }
    if (last === 'image' && leaf !== undefined && !at.isKey) {
      const hit = t.images.find((im) => leaf === im.name || leaf.startsWith(`${im.name}:`) || leaf.startsWith(`${im.name}@`) || (im.field.text !== undefined && leaf.includes(im.field.text)));
      if (hit) return { uri: hit.field.uri, span: hit.field.value, exact: true };
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Patches

/** The unit's patches, latest applied first: a kustomization's own patches (last listed first), then its components', then its resources' kustomizations'. */
function unitPatches(input: OriginInput): { patches: PatchSource[]; order: string[] } {
  const files = new Map<string, string>();
  for (const u of input.unit.inputs) {
    if (!(KUSTOMIZATION_NAMES as readonly string[]).includes(basename(u))) continue;
    const t = input.text(u);
    if (t !== undefined) files.set(u, t);
  }
  const ks = kustomizations({ files });
  const kIn = (dir: string) => KUSTOMIZATION_NAMES.map((n) => `${dir}/${n}`).find((u) => ks.has(u));
  const out: PatchSource[] = [];
  const seen = new Set<string>();
  const order: string[] = [];
  const visit = (uri: string, k: Kustomization) => {
    if (seen.has(uri)) return;
    seen.add(uri);
    order.push(uri);
    for (const entry of [...(k.patchEntries ?? [])].reverse()) {
      const p = patchSource(input, uri, entry);
      if (p) out.push(p);
    }
    const nested = (entries: readonly { value: string }[]) => {
      for (const e of [...entries].reverse()) {
        if (isRemote(e.value)) continue;
        const n = kIn(joinPath(dirname(uri), e.value));
        if (n) visit(n, ks.get(n)!);
      }
    };
    nested(k.components ?? []);
    nested(k.resourceEntries ?? []);
  };
  const root = ks.get(input.unit.fileUri);
  if (root) visit(input.unit.fileUri, root);
  return { patches: out, order };
}

function patchSource(input: OriginInput, kustomization: string, entry: KustomizePatch): PatchSource | undefined {
  let uri: string;
  let text: string;
  let toFile: (offset: number) => number;
  if (entry.path) {
    uri = joinPath(dirname(kustomization), entry.path);
    const t = input.text(uri);
    if (t === undefined) return undefined;
    text = t;
    toFile = (o) => o;
  } else if (entry.inline !== undefined && entry.inlineSpan) {
    uri = kustomization;
    const fileText = input.text(kustomization) ?? '';
    text = entry.inline;
    toFile = inlineMapper(fileText, entry.inlineSpan, entry.inline);
  } else return undefined;
  const docs = parseDocs(text);
  const json6902 = entry.field === 'patchesJson6902' || (docs.length === 1 && isSeq(docs[0]!.root) && docs[0]!.root.items.every((op) => stringAt(op, ['op']) !== undefined));
  return { uri, entry, json6902, docs, text, toFile, kustomization };
}

/** Maps offsets in an inline patch's value to offsets in the kustomization file (block scalars: per line, past the indentation). */
export function inlineMapper(fileText: string, span: Span, value: string): (offset: number) => number {
  const raw = fileText.slice(span.start, span.end);
  const header = /^[|>][0-9+-]*[^\n]*\n/.exec(raw);
  if (!header) {
    const quoted = raw.startsWith('"') || raw.startsWith("'") ? 1 : 0;
    if (raw.slice(quoted, quoted + value.length) === value) return (o) => span.start + quoted + o;
    return () => span.start;
  }
  // Block scalar: value line i is source line i after the header, minus the indentation.
  const lineStarts: number[] = [];
  let at = span.start + header[0].length;
  const body = fileText.slice(at, span.end);
  const indent = /^( *)\S/m.exec(body)?.[1]!.length ?? 0;
  for (const line of body.split('\n')) {
    lineStarts.push(at);
    at += line.length + 1;
  }
  const valueLineStarts: number[] = [0];
  for (let i = 0; i < value.length; i++) if (value[i] === '\n') valueLineStarts.push(i + 1);
  return (o) => {
    let line = 0;
    while (line + 1 < valueLineStarts.length && valueLineStarts[line + 1]! <= o) line++;
    const col = o - valueLineStarts[line]!;
    const start = lineStarts[line];
    return start === undefined ? span.start : start + indent + col;
  };
}

function nameMatches(pattern: string, ...names: string[]): boolean {
  let re: RegExp | undefined;
  try {
    re = new RegExp(`^(?:${pattern})$`);
  } catch {
    re = undefined;
  }
  return names.some((n) => n === pattern || (re?.test(n) ?? false));
}

/** The patch may apply to the object (target selector, or the patch's own kind and name). */
function targets(p: PatchSource, kind: string | undefined, renderedName: string, originalName: string): boolean {
  const t = p.entry.target;
  if (t) {
    if (t.kind && t.kind !== kind) return false;
    if (t.name && !nameMatches(t.name, renderedName, originalName)) return false;
    return true;
  }
  if (p.json6902) return false; // a JSON 6902 patch without a target applies to nothing we can tell
  return p.docs.some((d) => smpDocTargets(d, kind, renderedName, originalName));
}

function smpDocTargets(d: SourceDoc, kind: string | undefined, renderedName: string, originalName: string): boolean {
  if (d.kind && d.kind !== kind) return false;
  if (!d.name) return false;
  return d.name === originalName || d.name === renderedName || renderedName.includes(d.name);
}

/** The span (in the patch's file) of what the patch sets at the path, if it sets it. */
function patchSets(p: PatchSource, at: NodeAt, kind: string | undefined, renderedName: string, originalName: string): Span | undefined {
  if (p.json6902) return json6902Sets(p, at);
  for (const d of p.docs) {
    if (!p.entry.target && !smpDocTargets(d, kind, renderedName, originalName)) continue;
    if (stringAt(d.root, ['$patch']) === 'delete') continue;
    const r = resolvePath(d.root, at.steps, { strict: true });
    if (r.matched !== at.steps.length) continue;
    if (isMap(r.node) && stringAt(r.node, ['$patch']) === 'delete') continue;
    const k = rangeOf(r.keyNode);
    const v = rangeOf(r.node);
    const range = at.isKey ? (k ?? v) : (v && !(isMap(r.node) || isSeq(r.node)) ? v : (k ?? v));
    if (!range) continue;
    return { start: p.toFile(range[0] + d.start), end: p.toFile(range[1] + d.start) };
  }
  return undefined;
}

function pointer(path: string): string[] {
  return path
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function json6902Sets(p: PatchSource, at: NodeAt): Span | undefined {
  const d = p.docs[0];
  if (!d || !isSeq(d.root)) return undefined;
  // Latest op first.
  for (const op of [...d.root.items].reverse()) {
    const kind = stringAt(op, ['op']);
    const path = stringAt(op, ['path']);
    if (!path || (kind !== 'add' && kind !== 'replace' && kind !== 'copy' && kind !== 'move')) continue;
    const segments = pointer(path);
    if (segments.length > at.steps.length) continue;
    if (!segments.every((s, i) => stepMatches(s, at.steps[i]!))) continue;
    const opMap = op as { get?: (k: string, keep: boolean) => unknown; items?: { key: unknown; value: unknown }[] };
    const rest = at.steps.slice(segments.length);
    if (kind === 'copy' || kind === 'move' || rest.length === 0) {
      const pair = opMap.items?.find((x) => isScalar(x.key) && x.key.value === (rest.length === 0 && kind !== 'copy' && kind !== 'move' && !at.isKey ? 'value' : 'path'));
      const r = rangeOf(pair?.value) ?? rangeOf(op);
      if (!r) continue;
      return { start: p.toFile(r[0] + d.start), end: p.toFile(r[1] + d.start) };
    }
    const value = opMap.get?.('value', true);
    const inner = resolvePath(value, rest, { strict: true });
    if (inner.matched !== rest.length) continue;
    const r = at.isKey ? (rangeOf(inner.keyNode) ?? rangeOf(inner.node)) : (rangeOf(inner.node) ?? rangeOf(inner.keyNode));
    if (!r) continue;
    return { start: p.toFile(r[0] + d.start), end: p.toFile(r[1] + d.start) };
  }
  return undefined;
}

function stepMatches(segment: string, step: RenderedStep): boolean {
  if (typeof step.key === 'number') return segment === '-' ? step.siblings !== undefined && step.key === step.siblings - 1 : segment === String(step.key);
  return segment === step.key;
}
