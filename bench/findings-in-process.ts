// The rules in process: `node --import tsx bench/findings-in-process.ts DIR [--src SRC] [--rounds N]`.
// Loads every .yaml/.yml file under DIR into a fresh core `Workspace` (bulk load, as the server's
// first indexing does) once per round, then asks every file's findings, printing the CPU time of
// the findings pass: the first round (cold code) and the median and minimum of the others. `--src`
// points at another checkout's server/src to compare builds. Bundled with esbuild as the server
// is. Prints figures, asserts nothing.
import { buildSync } from 'esbuild';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { src: { type: 'string' }, rounds: { type: 'string' } } });
const src = path.resolve(values.src ?? path.join(__dirname, '../server/src'));
const rounds = Number(values.rounds ?? 7);

function walk(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== '.git' && e.name !== 'node_modules') walk(full, out);
    } else if (/\.ya?ml$/i.test(e.name)) out.push(full);
  }
  return out;
}

function main(): void {
  const out = mkdtempSync(path.join(tmpdir(), 'kube-ports-findings-bench-'));
  const bundle = path.join(out, 'workspace.js');
  buildSync({
    stdin: { contents: `export * from ${JSON.stringify(path.join(src, 'core/workspace/workspace'))};`, resolveDir: src, loader: 'ts' },
    bundle: true,
    nodePaths: [path.join(__dirname, '../node_modules')],
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    outfile: bundle,
    logLevel: 'warning',
  });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Workspace } = require(bundle) as typeof import('../server/src/core/workspace/workspace');
  rmSync(out, { recursive: true, force: true });
  for (const dir of positionals) {
    const files = walk(dir).map((f) => ({ uri: 'file://' + f, text: readFileSync(f, 'utf8') }));
    const times: number[] = [];
    let count = 0;
    for (let r = 0; r < rounds; r++) {
      const ws = new Workspace();
      const end = ws.beginBulkLoad();
      for (const f of files) ws.setFile(f.uri, f.text);
      end();
      const before = process.cpuUsage();
      count = 0;
      for (const f of files) count += ws.findings(f.uri).length;
      const used = process.cpuUsage(before);
      times.push((used.user + used.system) / 1000);
    }
    const rest = times.slice(1).sort((a, b) => a - b);
    const median = rest.length ? rest[Math.floor(rest.length / 2)]! : NaN;
    console.log(`${path.basename(dir)} (${files.length} files, ${count} findings) findings: first ${times[0]!.toFixed(0)} ms, then median ${median.toFixed(0)}, min ${rest[0]?.toFixed(0)} ms CPU (${rest.map((t) => t.toFixed(0)).join(' ')})`);
  }
}

main();
