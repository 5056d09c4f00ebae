// The syntax layer in process: `node --import tsx bench/parse-in-process.ts DIR... [--src SRC] [--rounds N]`.
// Reads every .yaml/.yml file under each DIR, then parses them all `--rounds` times with
// `parseFile` (the fast path, `yaml` for what it declines, the extraction) and with the fast path
// alone (`splitDocuments`, `nestsTooDeep`, `fastParseDocument`), printing the CPU time of the
// first round (cold code) and the median and minimum of the others (on a loaded machine the minimum is the steadier figure). `--src` points at another checkout's
// server/src (an older build's source) to compare. The parser is bundled with esbuild as the
// server is (the same code run through tsx's loader took 10-20 times the CPU). Prints figures,
// asserts nothing.
import { buildSync } from 'esbuild';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { src: { type: 'string' }, rounds: { type: 'string' }, only: { type: 'string' } } });
const src = path.resolve(values.src ?? path.join(__dirname, '../server/src'));
const rounds = Number(values.rounds ?? 5);

function walk(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== '.git' && e.name !== 'node_modules') walk(full, out);
    } else if (/\.ya?ml$/i.test(e.name)) out.push(full);
  }
  return out;
}

async function main(): Promise<void> {
  const out = mkdtempSync(path.join(tmpdir(), 'kube-ports-parse-bench-'));
  const bundle = path.join(out, 'parse.js');
  buildSync({
    stdin: {
      contents: ['parse-file', 'fast-parse', 'nesting', 'split-documents'].map((m) => `export * from ${JSON.stringify(path.join(src, 'core/parse', m))};`).join('\n'),
      resolveDir: src,
      loader: 'ts',
    },
    bundle: true,
    nodePaths: [path.join(__dirname, '../node_modules')],
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    outfile: bundle,
    logLevel: 'warning',
  });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { parseFile, fastParseDocument, nestsTooDeep, splitDocuments } = require(bundle) as typeof import('../server/src/core/parse/parse-file') &
    typeof import('../server/src/core/parse/fast-parse') &
    typeof import('../server/src/core/parse/nesting') &
    typeof import('../server/src/core/parse/split-documents');
  rmSync(out, { recursive: true, force: true });
  for (const dir of positionals) {
    const files = walk(dir).map((f) => ({ uri: 'file://' + f, text: readFileSync(f, 'utf8') }));
    const bytes = files.reduce((n, f) => n + f.text.length, 0);
    const runs: Record<string, () => void> = {
      parseFile: () => {
        for (const f of files) parseFile({ uri: f.uri, text: f.text, defaultNamespace: 'default', fast: 'all' });
      },
      syntax: () => {
        for (const f of files) for (const c of splitDocuments(f.text)) if (!nestsTooDeep(c.text)) fastParseDocument(c.text);
      },
    };
    for (const [name, run] of Object.entries(runs)) {
      if (values.only && values.only !== name) continue;
      const times: number[] = [];
      for (let r = 0; r < rounds; r++) {
        const before = process.cpuUsage();
        run();
        const used = process.cpuUsage(before);
        times.push((used.user + used.system) / 1000);
      }
      const rest = times.slice(1).sort((a, b) => a - b);
      const median = rest.length ? rest[Math.floor(rest.length / 2)]! : NaN;
      console.log(`${path.basename(dir)} (${files.length} files, ${(bytes / 1e6).toFixed(1)} MB) ${name}: first ${times[0]!.toFixed(0)} ms, then median ${median.toFixed(0)}, min ${rest[0]?.toFixed(0)} ms CPU (${rest.map((t) => t.toFixed(0)).join(' ')})`);
    }
  }
}

void main();
