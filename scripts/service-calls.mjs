#!/usr/bin/env node
// Prints the service-to-service calls kube-ports finds in folders of manifests (the `calls` of
// `kube-ports explain --format json`): how many were found and resolved, and every call that
// did not resolve cleanly, for judging by a person.
// Usage: node scripts/service-calls.mjs <dir>... (after npm run build)
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const cli = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'cli.js');
const dirs = process.argv.slice(2);
if (dirs.length === 0) {
  console.error('usage: node scripts/service-calls.mjs <dir>...');
  process.exit(2);
}
for (const dir of dirs) {
  const r = spawnSync(process.execPath, [cli, 'explain', dir, '--format', 'json'], { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) {
    console.log(`${dir}: explain failed (exit ${r.status}): ${r.stderr}`);
    continue;
  }
  const { calls } = JSON.parse(r.stdout);
  const byStatus = new Map();
  for (const c of calls) byStatus.set(c.status, (byStatus.get(c.status) ?? 0) + 1);
  const resolved = calls.filter((c) => c.to !== null).length;
  console.log(`${dir}: ${calls.length} references, ${resolved} resolved to a Service (${[...byStatus].map(([k, n]) => `${n} ${k}`).join(', ')})`);
  for (const c of calls) {
    if (c.status === 'ok') continue;
    console.log(`  ${c.status.padEnd(15)} ${c.from.kind} ${c.from.namespace}/${c.from.name} ${c.key ?? c.site}: ${c.text}  ${c.file}:${c.line + 1}`);
  }
}
