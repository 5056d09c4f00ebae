/**
 * One cold baseline, run in its own process by run.mjs: read every manifest file under a folder
 * and parse it with `yaml` (parseAllDocuments), js-yaml (loadAll: the parse floor), or
 * @monokle/validation with only its resource-links plugin (parse included). Prints JSON.
 *   node bench/baseline.mjs yaml|js-yaml|monokle <folder>
 */
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

const [mode, root] = process.argv.slice(2);

function walk(dir, out = []) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== '.git' && e.name !== 'node_modules') walk(full, out);
    } else if (/\.(ya?ml|json)$/i.test(e.name)) out.push(full);
  }
  return out;
}

const started = performance.now();
const files = walk(root).map((f) => ({ path: f, text: readFileSync(f, 'utf8') }));
let documents = 0;
let errors = 0;
let results;

if (mode === 'yaml') {
  const { parseAllDocuments } = await import('yaml');
  for (const f of files) {
    try {
      const docs = parseAllDocuments(f.text, { merge: true, uniqueKeys: false, prettyErrors: false, strict: false });
      for (const d of Array.isArray(docs) ? docs : []) {
        documents++;
        if (d.errors.length) errors++;
      }
    } catch {
      errors++;
    }
  }
} else if (mode === 'js-yaml') {
  const jsyaml = await import('js-yaml');
  const loadAll = jsyaml.loadAll ?? jsyaml.default.loadAll;
  for (const f of files) {
    try {
      loadAll(f.text, () => documents++);
    } catch {
      errors++;
    }
  }
} else if (mode === 'monokle') {
  const { parseAllDocuments } = await import('yaml');
  const { createDefaultMonokleValidator } = await import('@monokle/validation');
  const resources = [];
  for (const f of files) {
    const rel = path.relative(root, f.path);
    let docs = [];
    try {
      docs = parseAllDocuments(f.text);
    } catch {
      errors++;
    }
    for (const [i, d] of (Array.isArray(docs) ? docs : []).entries()) {
      documents++;
      const content = d.errors.length ? undefined : d.toJS();
      if (!content || typeof content !== 'object' || !content.kind || !content.apiVersion) continue;
      const [start, end] = d.range;
      resources.push({
        id: `${rel}#${i}`,
        fileId: rel,
        filePath: rel,
        fileOffset: start,
        name: String(content.metadata?.name ?? ''),
        apiVersion: String(content.apiVersion),
        kind: String(content.kind),
        namespace: content.metadata?.namespace,
        content,
        text: f.text.slice(start, end),
      });
    }
  }
  const validator = createDefaultMonokleValidator();
  await validator.preload({ plugins: { 'resource-links': true } });
  const response = await validator.validate({ resources });
  results = response.runs.reduce((n, run) => n + run.results.length, 0);
}

const ms = performance.now() - started;
const rss = process.resourceUsage().maxRSS * 1024;
process.stdout.write(JSON.stringify({ mode, files: files.length, documents, errors, results, ms, maxRss: rss }) + '\n');
