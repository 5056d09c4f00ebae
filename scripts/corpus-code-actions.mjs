#!/usr/bin/env node
// Applies code actions across a corpus of real manifests (../shared/corpus) and checks every
// result: "Add nodePort" on every Service port, "Create Service" on every workload no Service
// selects. Each result must parse, change only what the action means to change (the other
// documents and fields are deep-equal to the original), and re-analyse without new errors.
// Usage: node scripts/corpus-code-actions.mjs <corpus-dir> [--verbose]
import * as esbuild from 'esbuild';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseDocument } from 'yaml';

const here = path.dirname(fileURLToPath(import.meta.url));
const corpus = process.argv[2];
const verbose = process.argv.includes('--verbose');
if (!corpus || !existsSync(corpus)) {
  console.error('usage: node scripts/corpus-code-actions.mjs <corpus-dir> [--verbose]');
  process.exit(2);
}

const src = path.join(here, '..', 'server', 'src');
const tmp = mkdtempSync(path.join(tmpdir(), 'kube-ports-ca-'));
const bundle = path.join(tmp, 'core.cjs');
await esbuild.build({
  stdin: {
    contents: `
      export { loadPaths } from './cli/load';
      export { codeActions, workspaceEnv } from './core/features/code-actions/index';
      export { applyEdits } from './core/edits/text-edit';
      export { DEFAULT_SETTINGS } from './core/settings';
      export { isService, isWorkload } from './core/model/types';
      export { splitDocuments } from './core/parse/split-documents';`,
    resolveDir: src,
    loader: 'ts',
  },
  bundle: true,
  platform: 'node',
  format: 'cjs',
  outfile: bundle,
  logLevel: 'warning',
});
const core = (await import(pathToFileURL(bundle).href)).default;
rmSync(tmp, { recursive: true, force: true });

// Documents as the workspace splits them (so document indexes agree), each as plain data.
const jsDocs = (text) =>
  core.splitDocuments(text, false).map((c) => {
    const d = parseDocument(c.text, { merge: true, uniqueKeys: true });
    return d.errors?.length ? { error: d.errors[0].message } : d.toJS({ maxAliasCount: -1 });
  });
const clone = (x) => JSON.parse(JSON.stringify(x ?? null));
const canon = (x) => (Array.isArray(x) ? x.map(canon) : x && typeof x === 'object' ? Object.fromEntries(Object.keys(x).sort().map((k) => [k, canon(x[k])])) : x);
const same = (a, b) => JSON.stringify(canon(a)) === JSON.stringify(canon(b));
const errorsOf = (ws, uris) => {
  const m = new Map();
  for (const u of uris) m.set(u, ws.findings(u).filter((f) => f.severity === 'error').map((f) => `${f.rule}@${f.message}`));
  return m;
};
/** Lines only in `a` (removed) and only in `b` (added), as multisets. */
const changedLines = (a, b) => {
  const count = new Map();
  for (const l of a.split('\n')) count.set(l, (count.get(l) ?? 0) + 1);
  let added = 0;
  for (const l of b.split('\n')) {
    const c = count.get(l) ?? 0;
    if (c > 0) count.set(l, c - 1);
    else added++;
  }
  let removed = 0;
  for (const c of count.values()) removed += c;
  return { removed, added };
};

const counts = { services: 0, ports: 0, nodePortApplied: 0, nodePortNotOffered: 0, workloads: 0, unexposed: 0, createApplied: 0, createNotOffered: 0, bad: 0 };
const notOffered = new Map();
let ms = [];
function bad(project, what) {
  counts.bad++;
  console.log(`BAD ${project}: ${what}`);
}

/** Applies `action` to the workspace, checks, and restores the original text. */
function tryAction(project, ws, uri, action, expectDocs) {
  const text = ws.text(uri);
  const next = core.applyEdits(text, action.edits[uri] ?? []);
  const before = jsDocs(text);
  const after = jsDocs(next);
  if (after.some((d) => d && d.error)) return bad(project, `${action.title} in ${uri}: result does not parse: ${after.find((d) => d && d.error).error}`);
  const problem = expectDocs(before, after, changedLines(text, next));
  if (problem) return bad(project, `${action.title} in ${uri}: ${problem}`);
  const affected = new Set([uri, ...ws.setFile(uri, text)]);
  const errBefore = errorsOf(ws, affected);
  const affectedAfter = ws.setFile(uri, next);
  for (const u of affectedAfter) affected.add(u);
  const errAfter = errorsOf(ws, affected);
  ws.setFile(uri, text);
  for (const [u, list] of errAfter) {
    const old = errBefore.get(u) ?? ws.findings(u).filter((f) => f.severity === 'error').map((f) => `${f.rule}@${f.message}`);
    const fresh = list.filter((e) => !old.includes(e));
    if (fresh.length) return bad(project, `${action.title} in ${uri}: new errors in ${u}: ${fresh.join('; ')}`);
  }
  return true;
}

const projects = readdirSync(corpus).filter((d) => statSync(path.join(corpus, d)).isDirectory()).sort();
for (const project of projects) {
  const { workspace: ws } = await core.loadPaths([path.join(corpus, project)], core.DEFAULT_SETTINGS);
  const env = core.workspaceEnv(ws);
  const services = [];
  const workloads = [];
  for (const uri of ws.uris()) {
    if (ws.isPatch(uri)) continue;
    for (const o of ws.objectsOf(uri)) {
      if (core.isService(o)) services.push(o);
      else if (core.isWorkload(o)) workloads.push(o);
    }
  }
  for (const s of services) {
    counts.services++;
    for (const p of s.ports) {
      counts.ports++;
      const t0 = performance.now();
      const actions = core.codeActions(env, { uri: s.uri, span: { start: p.start, end: p.start }, diagnostics: [], only: ['refactor.rewrite'] }, (id, e) => bad(project, `${id} threw: ${e}`));
      ms.push(performance.now() - t0);
      const a = actions.find((x) => /^Add nodePort \d+( and set type: NodePort)?$/.test(x.title));
      if (!a) {
        counts.nodePortNotOffered++;
        const why = p.nodePort && p.nodePort.value ? 'has nodePort' : s.headless ? 'headless' : s.type === 'ExternalName' ? 'ExternalName' : 'other';
        notOffered.set(`nodePort: ${why}`, (notOffered.get(`nodePort: ${why}`) ?? 0) + 1);
        continue;
      }
      const n = Number(/Add nodePort (\d+)/.exec(a.title)[1]);
      const ok = tryAction(project, ws, s.uri, a, (before, after, lines) => {
        if (before.length !== after.length) return 'document count changed';
        const expected = clone(before);
        const doc = expected[s.documentIndex];
        const obj = doc && doc.kind === 'Service' ? doc : (doc?.items ?? []).find((i) => i?.kind === 'Service' && i?.metadata?.name === s.name);
        if (!obj) return 'cannot find the Service in the original';
        const port = obj.spec?.ports?.[p.index];
        if (!port) return 'cannot map the port in the original';
        port.nodePort = n;
        if (a.title.includes('set type')) obj.spec.type = 'NodePort';
        if (!same(expected, after)) return 'the result differs from the original beyond nodePort/type' + (verbose ? `\n${JSON.stringify(canon(expected))}\n${JSON.stringify(canon(after))}` : '');
        // Block style: one new nodePort line, plus a new or replaced type line; flow style: the lines holding them.
        // (JSON: the line before a new entry gains a comma.)
        const typeLine = a.title.includes('set type') ? 1 : 0;
        if (lines.added - lines.removed > 1 + typeLine || lines.removed > 1 + typeLine) return `removed ${lines.removed} lines, added ${lines.added}`;
        return undefined;
      });
      if (ok === true) counts.nodePortApplied++;
    }
  }
  for (const w of workloads) {
    counts.workloads++;
    if (ws.index.servicesSelecting(w).length > 0) continue;
    counts.unexposed++;
    const t0 = performance.now();
    const actions = core.codeActions(env, { uri: w.uri, span: { start: w.kindStart, end: w.kindStart }, diagnostics: [], only: ['refactor.extract'] }, (id, e) => bad(project, `${id} threw: ${e}`));
    ms.push(performance.now() - t0);
    const a = actions.find((x) => x.title.startsWith('Create Service') && x.title.endsWith(`for ${w.kind} ${w.name}`));
    if (!a) {
      counts.createNotOffered++;
      const ports = (w.template?.containers ?? []).some((c) => c.ports.length > 0);
      const why = !w.template ? 'no template' : !ports ? 'no containerPorts' : ['Job', 'CronJob'].includes(w.kind) ? w.kind : 'no usable selector';
      notOffered.set(`create: ${why}`, (notOffered.get(`create: ${why}`) ?? 0) + 1);
      continue;
    }
    const ok = tryAction(project, ws, w.uri, a, (before, after) => {
      if (after.length !== before.length + 1) return 'expected exactly one new document';
      const added = after[w.documentIndex + 1];
      const rest = [...after.slice(0, w.documentIndex + 1), ...after.slice(w.documentIndex + 2)];
      if (!same(rest, before)) return 'other documents changed';
      if (added?.kind !== 'Service' || !added.spec?.selector || !(added.spec.ports?.length > 0)) return 'the new document is not a Service with selector and ports';
      return undefined;
    });
    if (ok === true) {
      // And the new Service really selects the workload.
      const text = ws.text(w.uri);
      ws.setFile(w.uri, core.applyEdits(text, a.edits[w.uri]));
      const w2 = ws.objectsOf(w.uri).find((o) => o.kind === w.kind && o.name === w.name && o.documentIndex === w.documentIndex);
      const selected = w2 && ws.index.servicesSelecting(w2).length > 0;
      ws.setFile(w.uri, text);
      if (!selected) bad(project, `${a.title}: the new Service does not select ${w.kind} ${w.name}`);
      else counts.createApplied++;
    }
  }
  if (verbose) console.log(`${project}: ${services.length} services, ${workloads.length} workloads`);
}

ms.sort((a, b) => a - b);
const p95 = ms.length ? ms[Math.floor(ms.length * 0.95)] : 0;
console.log(`Add nodePort: ${counts.nodePortApplied} applied and verified on ${counts.ports} Service ports of ${counts.services} Services (${counts.nodePortNotOffered} not offered)`);
console.log(`Create Service: ${counts.createApplied} applied and verified on ${counts.unexposed} unexposed of ${counts.workloads} workloads (${counts.createNotOffered} not offered)`);
for (const [k, v] of [...notOffered].sort()) console.log(`  not offered, ${k}: ${v}`);
console.log(`code action latency: p95 ${p95.toFixed(2)} ms over ${ms.length} requests`);
console.log(counts.bad ? `FAILED: ${counts.bad} bad results` : 'OK: every result parses, changes only what it should, and re-analyses without new errors');
process.exit(counts.bad ? 1 : 0);
