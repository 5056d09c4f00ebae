#!/usr/bin/env node
// Runs `kube-ports check` over a corpus of real manifests (../shared/corpus) and prints the
// findings per project and rule. Fails when the CLI crashes, or when an app that runs as
// published gets an error-severity finding (a false error).
// Usage: node scripts/corpus-check.mjs <corpus-dir> [--verbose]
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const cli = path.join(here, '..', 'dist', 'cli.js');
const corpus = process.argv[2];
const verbose = process.argv.includes('--verbose');
if (!corpus || !existsSync(corpus)) {
  console.error('usage: node scripts/corpus-check.mjs <corpus-dir> [--verbose]');
  process.exit(2);
}

// Apps that work as published: they must get no error-severity finding.
const MUST_BE_CLEAN = [
  'GoogleCloudPlatform__microservices-demo/kubernetes-manifests',
  'istio__istio',
  'dockersamples__example-voting-app',
  'open-telemetry__opentelemetry-demo',
];

function check(dir) {
  const started = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [cli, 'check', dir, '--format', 'json', '--allow-empty'], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (r.status !== 0 && r.status !== 1) return { crash: `exit ${r.status}: ${r.stderr}`, ms };
  try {
    return { report: JSON.parse(r.stdout), ms, stderr: r.stderr };
  } catch (e) {
    return { crash: `unparsable output: ${e}`, ms };
  }
}

let failed = false;
const projects = readdirSync(corpus).filter((d) => statSync(path.join(corpus, d)).isDirectory()).sort();
const totals = new Map();
let files = 0;
let objects = 0;
for (const project of projects) {
  const result = check(path.join(corpus, project));
  if (result.crash) {
    console.log(`CRASH ${project}: ${result.crash}`);
    failed = true;
    continue;
  }
  const { report } = result;
  files += report.files;
  objects += report.objects;
  const byRule = new Map();
  for (const d of report.diagnostics) {
    const key = `${d.severity} ${d.code}`;
    byRule.set(key, (byRule.get(key) ?? 0) + 1);
    totals.set(key, (totals.get(key) ?? 0) + 1);
  }
  console.log(`${project}: ${report.files} files, ${report.objects} objects, ${report.diagnostics.length} findings (${result.ms.toFixed(0)} ms)`);
  for (const [k, n] of [...byRule].sort()) console.log(`    ${String(n).padStart(4)}  ${k}`);
  if (verbose) for (const d of report.diagnostics) console.log(`      ${d.file}:${d.range.start.line + 1} ${d.severity} ${d.code} ${d.message}`);
}
for (const clean of MUST_BE_CLEAN) {
  const dir = path.join(corpus, clean);
  if (!existsSync(dir)) continue;
  const result = check(dir);
  const errors = result.report?.diagnostics.filter((d) => d.severity === 'error') ?? [];
  if (result.crash || errors.length) {
    failed = true;
    console.log(`FALSE ERRORS in ${clean} (an app that runs as published):`);
    for (const d of errors) console.log(`    ${d.file}:${d.range.start.line + 1} ${d.code} ${d.message}`);
  }
}
console.log(`\ncorpus: ${projects.length} projects, ${files} files, ${objects} objects`);
for (const [k, n] of [...totals].sort()) console.log(`  ${String(n).padStart(5)}  ${k}`);
console.log(failed ? '\ncorpus check FAILED' : '\ncorpus check passed: no crash, no false error on the published apps');
process.exit(failed ? 1 : 0);
