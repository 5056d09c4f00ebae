import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { RULES } from '../../server/src/core/rules/index';
import { readmeWithRules } from '../../scripts/readme-rules';

const ROOT = path.resolve(__dirname, '../..');

test('every rule has a documentation section with why and how to fix', () => {
  for (const rule of RULES) {
    const file = path.join(ROOT, 'docs', 'rules', `${rule.id}.md`);
    assert.ok(existsSync(file), `docs/rules/${rule.id}.md is missing`);
    const text = readFileSync(file, 'utf8');
    assert.match(text, new RegExp(`^### \`${rule.id}\``), `${rule.id}: heading`);
    assert.match(text, /\*\*Why it matters:\*\*/, `${rule.id}: why`);
    assert.match(text, /\*\*Fix:\*\*/, `${rule.id}: fix`);
    assert.match(text, /```yaml\n/, `${rule.id}: example`);
  }
});

test('README.md carries the current rules section (run `npm run docs`)', () => {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  assert.equal(readme, readmeWithRules(readme));
});

test('rule ids are unique, kebab-case, and match the settings schema', () => {
  const ids = RULES.map((r) => r.id);
  assert.equal(new Set(ids).size, ids.length);
  for (const id of ids) assert.match(id, /^[a-z0-9]+(-[a-z0-9]+)*$/);
});
