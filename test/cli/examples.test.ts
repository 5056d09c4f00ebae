import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'dist', 'cli.js');

interface Expected {
  file: string;
  rule: string;
  severity: string;
}

test('examples/: exactly the documented findings, none on the correct apps', () => {
  const r = spawnSync(process.execPath, [CLI, 'check', 'examples', '--format', 'json'], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(r.status, 1, 'examples/broken has errors, so the exit code is 1');
  const report = JSON.parse(r.stdout) as { diagnostics: { file: string; code: string; severity: string }[] };
  const expected = (JSON.parse(readFileSync(path.join(ROOT, 'examples', 'expected-findings.json'), 'utf8')) as Expected[])
    .map((e) => `examples/${e.file} ${e.severity} ${e.rule}`)
    .sort();
  const actual = report.diagnostics.map((d) => `${d.file} ${d.severity} ${d.code}`).sort();
  assert.deepEqual(actual, expected);
});

test('npm start prints the examples report', () => {
  const r = spawnSync(process.execPath, [CLI, 'check', 'examples'], { cwd: ROOT, encoding: 'utf8' });
  assert.match(r.stdout, /^\d+ files, \d+ objects: \d+ errors, \d+ warnings, \d+ notes$/m);
});
