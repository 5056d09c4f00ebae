#!/usr/bin/env node
// Runs the test suites with Node's built-in runner (TypeScript through tsx).
// Usage: node scripts/test.mjs [unit|protocol|cli ...]   (default: all three)
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';

const suites = process.argv.slice(2).length ? process.argv.slice(2) : ['unit', 'protocol', 'cli'];
const files = [];
function collect(dir) {
  for (const entry of readdirSync(dir).sort()) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) collect(full);
    else if (entry.endsWith('.test.ts')) files.push(full);
  }
}
for (const suite of suites) collect(path.join('test', suite));
const reporter = process.env.CI ? ['--test-reporter=spec'] : ['--test-reporter=spec'];
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', ...reporter, ...files], { stdio: 'inherit' });
process.exit(r.status ?? 1);
