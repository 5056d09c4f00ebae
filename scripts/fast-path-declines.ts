// The documents the fast path (server/src/core/parse/fast-parse.ts) declines, counted per reason:
// `node --import tsx scripts/fast-path-declines.ts DIR [--list REASON]`. Reads every .yaml/.yml/.json
// file under DIR, splits it as `parseFile` does and prints, per decline reason, the documents and
// bytes `yaml` parses instead (`--list` names the files and lines of one reason). Prints figures,
// asserts nothing.
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { fastParseDocument, lastDeclineReason } from '../server/src/core/parse/fast-parse';
import { parseDocument } from '../server/src/core/parse/yaml';
import { nestsTooDeep } from '../server/src/core/parse/nesting';
import { splitDocuments } from '../server/src/core/parse/split-documents';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { list: { type: 'string' } } });
const root = positionals[0];
if (!root) {
  console.error('usage: fast-path-declines.ts DIR [--list REASON]');
  process.exit(2);
}

function walk(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== '.git' && e.name !== 'node_modules') walk(full, out);
    } else if (/\.(ya?ml|json)$/i.test(e.name)) out.push(full);
  }
  return out;
}

/** The line (0-based, in the document) that first makes it decline for `reason`: the shortest prefix of lines that does. */
function firstLineDeclining(doc: string, reason: string): number {
  const lines = doc.split('\n');
  for (let k = 1; k <= lines.length; k++) {
    if (fastParseDocument(lines.slice(0, k).join('\n') + '\n') === undefined && lastDeclineReason() === reason) return k - 1;
  }
  return 0;
}

let documents = 0;
let bytes = 0;
const byReason = new Map<string, { documents: number; bytes: number; errors: number; where: string[] }>();
for (const file of walk(root).sort()) {
  const text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  for (const chunk of splitDocuments(text, /\.json$/i.test(file))) {
    documents++;
    bytes += chunk.text.length;
    if (nestsTooDeep(chunk.text) || fastParseDocument(chunk.text) !== undefined) continue;
    const reason = lastDeclineReason() ?? '?';
    const r = byReason.get(reason) ?? { documents: 0, bytes: 0, errors: 0, where: [] };
    r.documents++;
    // A document `yaml` reports errors for is one the fast path must decline (it has no errors to give).
    if (parseDocument(chunk.text).errors.length > 0) r.errors++;
    r.bytes += chunk.text.length;
    r.where.push(`${path.relative(root, file)}:${text.slice(0, chunk.start).split('\n').length + firstLineDeclining(chunk.text, reason)}`);
    byReason.set(reason, r);
  }
}
const declined = [...byReason.values()].reduce((n, r) => n + r.documents, 0);
const declinedBytes = [...byReason.values()].reduce((n, r) => n + r.bytes, 0);
const errors = [...byReason.values()].reduce((n, r) => n + r.errors, 0);
console.log(`${documents} documents (${(bytes / 1e6).toFixed(2)} MB); declined ${declined} (${(declinedBytes / 1e6).toFixed(3)} MB), of which yaml reports errors in ${errors}`);
for (const [reason, r] of [...byReason].sort((a, b) => b[1].bytes - a[1].bytes)) {
  console.log(`${String(r.documents).padStart(5)} docs ${(r.bytes / 1e3).toFixed(1).padStart(8)} KB ${String(r.errors).padStart(4)} with errors  ${reason}`);
}
if (values.list) {
  for (const w of byReason.get(values.list)?.where ?? []) {
    const [file, line] = [w.slice(0, w.lastIndexOf(':')), Number(w.slice(w.lastIndexOf(':') + 1))];
    console.log(`  ${w}  ${JSON.stringify(readFileSync(path.join(root, file), 'utf8').split('\n')[line - 1]).slice(0, 120)}`);
  }
}
