// Assembles README.md's "Rules" section from docs/rules/<rule-id>.md, in catalogue order.
// `npm run docs` writes it; test/unit/docs.test.ts fails when README is out of date.
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { RULES } from '../server/src/core/rules/index';

const ROOT = path.resolve(__dirname, '..');
const START = '<!-- rules:start (generated from docs/rules by `npm run docs`) -->';
const END = '<!-- rules:end -->';

export function rulesSection(): string {
  const severities = RULES.map((r) => `| [\`${r.id}\`](#${r.id}) | ${r.defaultSeverity} | ${r.description} |`);
  const table = ['| rule | default | what it reports |', '|---|---|---|', ...severities].join('\n');
  const docs = RULES.map((r) => readFileSync(path.join(ROOT, 'docs', 'rules', `${r.id}.md`), 'utf8').trim());
  return `${START}\n${table}\n\n${docs.join('\n\n')}\n${END}`;
}

export function readmeWithRules(readme: string): string {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < 0) throw new Error('README.md has no rules markers');
  return readme.slice(0, start) + rulesSection() + readme.slice(end + END.length);
}

if (require.main === module) {
  const file = path.join(ROOT, 'README.md');
  writeFileSync(file, readmeWithRules(readFileSync(file, 'utf8')));
  console.log(`README.md: ${RULES.length} rules`);
}
