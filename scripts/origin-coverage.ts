// How well rendered spans map back to template / base lines over a corpus of real units:
// `npm run corpus:origins` (= node --import tsx scripts/origin-coverage.ts ../shared/corpus-rendered).
// Renders every unit of INDEX.tsv with the real tools (Helm as listed; Kustomize through the
// wrapper kustomization with origin annotations, as the host does), builds the origin map and
// prints, per unit and overall, the share of spans that map exactly (not a fallback to an
// enclosing key or the document's first line), for (a) every scalar the object model reads
// (ports, names, selectors, probes: what findings point at) and (b) every key and scalar of the
// rendered output. Also checks that every location lies inside the unit. Prints; asserts nothing
// but a crash (exit 1).
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseFile } from '../server/src/core/parse/parse-file';
import { isMap, isScalar, isSeq } from '../server/src/core/parse/yaml';
import { buildOriginMap } from '../server/src/core/render/origin-map';
import { renderedDocuments } from '../server/src/core/render/rendered-docs';
import { discoverUnits } from '../server/src/core/render/units';
import { isInside } from '../server/src/core/uri';
import { normalizeSettings } from '../server/src/core/settings';
import { readTree, renderHelm, renderKustomize, textOf, uriOfPath } from '../test/support/render-fixture';
import { findTool } from '../test/support/render-tools';

const corpus = path.resolve(process.argv[2] ?? '../shared/corpus-rendered');
const rows = readFileSync(path.join(corpus, 'INDEX.tsv'), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((l) => l.split('\t'));
const helm = findTool('helm');
const kubectl = findTool('kubectl');
const tree = readTree(corpus);
const folder = uriOfPath(corpus);

interface Tally {
  model: number;
  modelExact: number;
  all: number;
  allExact: number;
  outside: number;
  /** Exact, but the source text is neither the rendered text nor a template action: suspicious. */
  odd: number;
}
const times: number[] = [];
const textCache = new Map<string, string | undefined>();
/** The workspace holds texts in memory: so does this script (the timing is the mapping's, not the disk's). */
const cachedText = (uri: string) => {
  if (!textCache.has(uri)) textCache.set(uri, textOf(uri));
  return textCache.get(uri);
};
const total: Tally = { model: 0, modelExact: 0, all: 0, allExact: 0, outside: 0, odd: 0 };
const pct = (a: number, b: number) => (b === 0 ? '  n/a' : `${((100 * a) / b).toFixed(1).padStart(5)}%`);

/** Spans of every scalar the object model holds (objects with value, quoted and their span inline). */
function modelSpans(value: unknown, out: { start: number; end: number }[], depth = 0): void {
  if (depth > 30 || value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (const v of value) modelSpans(v, out, depth + 1);
    return;
  }
  const o = value as Record<string, unknown>;
  if ('value' in o && 'quoted' in o && typeof o.start === 'number' && typeof o.end === 'number') out.push({ start: o.start, end: o.end });
  // Label entries (selectors, pod labels): key and value.
  if (typeof o.keyStart === 'number' && typeof o.keyEnd === 'number' && typeof o.valueStart === 'number' && typeof o.valueEnd === 'number') {
    out.push({ start: o.keyStart, end: o.keyEnd }, { start: o.valueStart, end: o.valueEnd });
  }
  for (const [k, v] of Object.entries(o)) if (k !== 'span' && k !== 'documentSpan') modelSpans(v, out, depth + 1);
}

console.log(`unit                          objects  model-exact        all-exact   outside  odd   map+every span`);
for (const row of rows) {
  if (process.env.ORIGIN_UNIT && row[0] !== process.env.ORIGIN_UNIT) continue;
  const [name, tool, , , , root, command] = row as [string, string, string, string, string, string, string];
  const args = command.split(/\s+/);
  const rootUri = uriOfPath(path.join(corpus, root));
  const valuesArgs: string[] = [];
  for (let i = 0; i < args.length; i++) if (args[i] === '-f') valuesArgs.push(args[i + 1]!);
  const settings = normalizeSettings({
    helm: { releases: tool === 'helm' ? { [root]: { releaseName: args[2], valuesFiles: ['values.yaml', ...valuesArgs.map((v) => path.relative(root, v))] } } : {} },
  });
  const unit = discoverUnits({ files: tree.files, auxiliary: tree.auxiliary, folders: [folder], settings }).find((u) => u.rootUri === rootUri);
  if (!unit) {
    console.log(`${name.padEnd(30)} NOT DISCOVERED`);
    continue;
  }
  let text: string;
  let originBase: string | undefined;
  try {
    if (tool === 'helm') {
      if (!helm) throw new Error('helm not found');
      text = renderHelm(helm, path.join(corpus, root), args[2]!, valuesArgs.flatMap((v) => ['-f', path.join(corpus, v)]));
    } else {
      if (!kubectl) throw new Error('kubectl not found');
      ({ text, originBase } = renderKustomize(kubectl, corpus, path.join(corpus, root)));
    }
  } catch (e) {
    console.log(`${name.padEnd(30)} RENDER FAILED: ${String(e).split('\n')[0]}`);
    continue;
  }
  for (const u of unit.inputs) cachedText(u);
  // Once to warm up (module loading, JIT), then timed.
  buildOriginMap({ unit, renderedText: text, ...(originBase ? { originBase } : {}), text: cachedText, auxiliary: tree.auxiliary }).toRendered(unit.fileUri, 0);
  const started = performance.now();
  const map = buildOriginMap({ unit, renderedText: text, ...(originBase ? { originBase } : {}), text: cachedText, auxiliary: tree.auxiliary });
  const parsed = parseFile({ uri: 'kube-ports-rendered:x', text, defaultNamespace: 'default' });
  const t: Tally = { model: 0, modelExact: 0, all: 0, allExact: 0, outside: 0, odd: 0 };
  const inside = (uri: string) => isInside(uri, unit.rootUri) || unit.inputs.includes(uri);
  const spans: { start: number; end: number }[] = [];
  for (const o of parsed.objects) modelSpans(o, spans);
  for (const s of spans) {
    const loc = map.toSource(s);
    t.model++;
    if (loc.exact) t.modelExact++;
    if (loc.exact && process.env.ORIGIN_SAMPLES === 'all') {
      const src = (textOf(loc.uri) ?? '').slice(loc.span.start, loc.span.end);
      const line = (textOf(loc.uri) ?? '').slice(0, loc.span.start).split('\n').length;
      console.log(`   exact: ${JSON.stringify(text.slice(s.start, s.end))} -> ${path.relative(corpus, new URL(loc.uri).pathname)}:${line}: ${JSON.stringify(src.slice(0, 70))}`);
    }
    if (loc.exact) {
      const src = (textOf(loc.uri) ?? '').slice(loc.span.start, loc.span.end).replace(/^["']|["']$/g, '');
      const r = text.slice(s.start, s.end).replace(/^["']|["']$/g, '');
      if (!(src === r || src.includes('{{') || r.includes(src) || src.includes(r))) {
        t.odd++;
        if (process.env.ORIGIN_SAMPLES) console.log(`   odd: ${JSON.stringify(r)} -> ${path.relative(corpus, new URL(loc.uri).pathname)}: ${JSON.stringify(src.slice(0, 60))}`);
      }
    } else if (process.env.ORIGIN_SAMPLES) {
      const src = (textOf(loc.uri) ?? '').slice(loc.span.start, loc.span.end);
      console.log(`   fallback: ${JSON.stringify(text.slice(s.start, s.end))} -> ${path.relative(corpus, new URL(loc.uri).pathname)}: ${JSON.stringify(src.slice(0, 60))}`);
    }
    if (!inside(loc.uri)) t.outside++;
  }
  for (const d of renderedDocuments(text)) {
    const walk = (n: unknown, skip: boolean) => {
      if (isMap(n)) {
        for (const p of n.items) {
          const k = isScalar(p.key) ? String(p.key.value) : '';
          const skipHere = skip || k === 'config.kubernetes.io/origin';
          if (!skipHere) count(p.key);
          walk(p.value, skipHere);
        }
      } else if (isSeq(n)) for (const it of n.items) walk(it, skip);
      else if (isScalar(n) && !skip) count(n);
    };
    const count = (n: unknown) => {
      const r = (n as { range?: [number, number, number] }).range;
      if (!r) return;
      const loc = map.toSource({ start: r[0] + d.start, end: r[1] + d.start });
      t.all++;
      if (loc.exact) t.allExact++;
    };
    walk(d.root, false);
  }
  map.toRendered(unit.fileUri, 0);
  const ms = performance.now() - started;
  times.push(ms);
  console.log(`${name.padEnd(30)} ${String(parsed.objects.length).padStart(7)}  ${pct(t.modelExact, t.model)} of ${String(t.model).padStart(4)}  ${pct(t.allExact, t.all)} of ${String(t.all).padStart(5)}  ${t.outside}  ${t.odd}  ${ms.toFixed(0).padStart(5)} ms`);
  for (const k of Object.keys(total) as (keyof Tally)[]) total[k] += t[k];
}
console.log(`${'TOTAL'.padEnd(30)} ${''.padStart(7)}  ${pct(total.modelExact, total.model)} of ${String(total.model).padStart(4)}  ${pct(total.allExact, total.all)} of ${String(total.all).padStart(5)}  ${total.outside}  ${total.odd}`);
const sorted = [...times].sort((a, b) => a - b);
const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
console.log(`mapping time per unit (build + every span + reverse index): p50 ${q(0.5).toFixed(0)} ms, p95 ${q(0.95).toFixed(0)} ms`);
