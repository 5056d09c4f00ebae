#!/usr/bin/env node
/**
 * Runs `kube-ports check` (dist/cli.js, rendering on) over every unit of a corpus of real Helm
 * charts and Kustomize roots (../shared/corpus-rendered: INDEX.tsv has one row per unit and the
 * render command). Fails on a crash, a missing binary, a unit that does not render, any error
 * finding (all these apps work as published) or a finding outside the unit's folder. Prints the
 * render time per unit (p50/p95, the tool's time as measured by the host) and the share of
 * findings on rendered objects that land on a line other than their document's first line.
 *
 * Usage: node scripts/corpus-rendered-check.mjs ../shared/corpus-rendered
 * helm and kubectl come from PATH, else the tools cache (`npm run tools:install`).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const CLI = path.resolve(here, '../dist/cli.js');
const corpus = path.resolve(process.argv[2] ?? '../shared/corpus-rendered');
if (!existsSync(path.join(corpus, 'INDEX.tsv'))) {
  console.error(`corpus-rendered-check: no INDEX.tsv in ${corpus}`);
  process.exit(2);
}
const toolsBin = path.join(process.env.KUBE_PORTS_TOOLS_CACHE || path.join(homedir(), '.cache', 'kube-ports', 'tools'), 'bin');
const env = { ...process.env, PATH: `${process.env.PATH ?? ''}${path.delimiter}${toolsBin}` };

const rows = readFileSync(path.join(corpus, 'INDEX.tsv'), 'utf8')
  .split('\n')
  .slice(1)
  .filter((l) => l.trim())
  .map((l) => {
    const [name, tool, repo, , , root, render] = l.split('\t');
    return { name, tool, repo, root, render };
  });

/** The folder a row is checked in: the chart itself; for kustomize the project folder (overlays reach `../../base`). */
function folderOf(row) {
  if (row.tool === 'helm') return row.root;
  const parts = row.root.split('/');
  return parts.slice(0, 2).join('/');
}

function helmArgs(row) {
  const m = /^helm template (\S+) (\S+)(.*)$/.exec(row.render);
  if (!m) return [];
  const values = [...m[3].matchAll(/-f (\S+)/g)].map((x) => x[1]);
  return ['--release-name', m[1], ...values.flatMap((v) => ['--helm-values', v])];
}

/** First line of every YAML document of a file (0-based): where a fallback location lands. */
const firstLines = new Map();
function documentFirstLines(file) {
  let set = firstLines.get(file);
  if (set) return set;
  set = new Set();
  const lines = existsSync(file) ? readFileSync(file, 'utf8').split('\n') : [];
  let inDoc = false;
  lines.forEach((line, i) => {
    if (/^---/.test(line)) {
      inDoc = false;
      return;
    }
    if (!inDoc && line.trim() && !/^\s*#/.test(line) && !/^\s*\{\{-?\s*(if|with|range|define|\/\*|-?\s*\/\*)/.test(line)) {
      set.add(i);
      inDoc = true;
    }
  });
  firstLines.set(file, set);
  return set;
}

const cache = mkdtempSync(path.join(tmpdir(), 'kube-ports-corpus-rendered-cache-'));
const problems = [];
const times = [];
let mappedFindings = 0;
let beyondFirstLine = 0;
let errors = 0;
let findingsTotal = 0;
const started = Date.now();
try {
  for (const row of rows) {
    const folder = folderOf(row);
    // --cache: a unit that several rows' folders hold renders once (its time is the first render's).
    const args = ['check', '--format', 'json', '--cache', cache, ...(row.tool === 'helm' ? helmArgs(row) : []), folder];
    const r = spawnSync(process.execPath, [CLI, ...args], { cwd: corpus, env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    if (r.status !== 0 && r.status !== 1) {
      problems.push(`${row.name}: exit ${r.status}: ${(r.stderr || '').split('\n').slice(0, 3).join(' ')}`);
      continue;
    }
    let json;
    try {
      json = JSON.parse(r.stdout);
    } catch (e) {
      problems.push(`${row.name}: output is not JSON (${e.message})`);
      continue;
    }
    const unit = (json.units ?? []).find((u) => u.root === row.root);
    if (!unit) {
      problems.push(`${row.name}: no unit at ${row.root} (found ${(json.units ?? []).map((u) => u.root).join(', ') || 'none'})`);
      continue;
    }
    if (unit.status !== 'rendered') {
      problems.push(`${row.name}: ${unit.status}${unit.message ? `: ${unit.message}` : ''}`);
      continue;
    }
    if (typeof unit.milliseconds === 'number') times.push({ name: row.name, ms: unit.milliseconds, objects: unit.objects });
    // The findings of this unit: labelled with it (the core names the unit in each message).
    const label = row.tool === 'helm' ? /\(in Helm releases? / : /\(in (kustomizations?|overlays?) /;
    for (const d of json.diagnostics) {
      findingsTotal++;
      const inside = d.file === folder || d.file.startsWith(`${folder}/`);
      if (!inside) problems.push(`${row.name}: finding outside ${folder}: ${d.file}:${d.range.start.line + 1} ${d.code}`);
      if (d.severity === 'error') {
        errors++;
        problems.push(`${row.name}: error ${d.file}:${d.range.start.line + 1} ${d.code} ${d.message}`);
      }
      if (label.test(d.message) && !/^render-/.test(d.code)) {
        mappedFindings++;
        if (!documentFirstLines(path.join(corpus, d.file)).has(d.range.start.line)) beyondFirstLine++;
      }
    }
    console.log(
      `${row.name.padEnd(24)} ${String(unit.milliseconds ?? '?').padStart(5)} ms  ${String(unit.objects ?? 0).padStart(4)} objects  ${json.diagnostics.length} findings (${json.diagnostics.filter((d) => d.severity === 'error').length} errors)`,
    );
  }
} finally {
  rmSync(cache, { recursive: true, force: true });
}

const sorted = times.map((t) => t.ms).sort((a, b) => a - b);
const pct = (p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : NaN);
console.log(`\n${rows.length} units, ${times.length} rendered in ${((Date.now() - started) / 1000).toFixed(1)} s (CLI runs included)`);
console.log(`render time per unit: p50 ${pct(50)} ms, p95 ${pct(95)} ms, max ${sorted.at(-1)} ms (the tool process, from spawn to exit, as the host measures it; two units at a time)`);
console.log(`findings: ${findingsTotal} in all, ${errors} errors; on rendered objects ${mappedFindings}, of which ${beyondFirstLine} (${mappedFindings ? Math.round((100 * beyondFirstLine) / mappedFindings) : 0}%) on a line other than their document's first`);
if (problems.length) {
  console.error(`\n${problems.length} problems:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  process.exit(1);
}
console.log('ok: every unit rendered, no error finding, every finding inside its unit');
