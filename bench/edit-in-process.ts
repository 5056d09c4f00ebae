/**
 * The main thread's cost of the bench's edits (bench/run.mjs (a)–(e)), measured in
 * process over the core and the LSP layer's conversion: `Workspace.setFile` of the open document,
 * then for every affected file what the server's `publish` does (findings → `toDiagnostic` →
 * the comparison with what was published). No LSP transport, no event loop: CPU time of this
 * single-threaded process (steadier than wall time on a shared machine), p50/p95 per edit, with
 * the share of each step. Asserts nothing.
 *
 *   node --import tsx bench/edit-in-process.ts [--docs 10000] [--iterations 60] [--root DIR] [--only bde] [--profile FILE]
 *
 * Each line ends with the GC pauses that fell inside the measured edits (a PerformanceObserver of
 * `gc` entries) and the three slowest edits with theirs. `--profile FILE` writes a CPU profile of
 * the measured edits only (from the first edit to the last, the load left out).
 *
 * `--root DIR`: the kube-ports checkout whose code is measured (another worktree, to compare
 * before and after a change in the same conditions). The workspace is bench/run.mjs's
 * (bench/generate.mjs, the 20k-line file from the corpus when it is there).
 */
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import * as path from 'node:path';
import { performance, PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

const args = process.argv.slice(2);
const opt = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1]! : fallback;
};
const HERE = __dirname;
const ROOT = path.resolve(opt('root', path.resolve(HERE, '..')));
const DOCS = Number(opt('docs', '10000'));
const ITERATIONS = Number(opt('iterations', '60'));
const CORPUS = path.resolve(opt('corpus', process.env.KUBE_PORTS_CORPUS || '/work/shared/corpus'));
const OTEL = path.join(CORPUS, 'open-telemetry__opentelemetry-demo/kubernetes/opentelemetry-demo.yaml');

const pct = (values: number[], p: number) => {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? NaN;
};
const cpuMs = (c: NodeJS.CpuUsage) => (c.user + c.system) / 1000;
/** The main thread's GC pauses, as the observer delivers them (matched to the edits' windows). */
const gcs: PerformanceEntry[] = [];
const gcObserver = new PerformanceObserver((list) => gcs.push(...list.getEntries()));
gcObserver.observe({ entryTypes: ['gc'] });

function listFiles(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir).sort()) {
    const full = path.join(dir, e);
    if (statSync(full).isDirectory()) listFiles(full, out);
    else if (e.endsWith('.yaml')) out.push(full);
  }
  return out;
}

async function main(): Promise<void> {
  const load = async <T>(rel: string) => (await import(pathToFileURL(path.join(ROOT, rel)).href)) as T;
  const { Workspace } = await load<typeof import('../server/src/core/workspace/workspace')>('server/src/core/workspace/workspace.ts');
  const { normalizeSettings } = await load<typeof import('../server/src/core/settings')>('server/src/core/settings.ts');
  // Counters of the per-object keystroke path (absent in older checkouts).
  const analysis = await load<{ objectAnalyses?: () => number }>('server/src/core/analysis.ts');
  const indexing = await load<{ indexedObjectVisits?: () => number; indexedObjectMoves?: () => number }>('server/src/core/workspace/workspace-index.ts');
  const convert = await load<typeof import('../server/src/lsp/convert')>('server/src/lsp/convert.ts');
  const { TextDocument } = await import('vscode-languageserver-textdocument');
  const { generateWorkspace } = (await import(pathToFileURL(path.join(HERE, 'generate.mjs')).href)) as {
    generateWorkspace: (dir: string, docs: number, o: { bigSource?: string }) => { sharedDependents: string[] };
  };

  const dir = path.join(HERE, '.work', `inproc-${DOCS}`);
  const info = generateWorkspace(dir, DOCS, { bigSource: existsSync(OTEL) ? OTEL : undefined });
  const uriOf = (rel: string) => pathToFileURL(path.join(dir, rel)).href;

  const ws = new Workspace({ settings: normalizeSettings({}) });
  for (const f of listFiles(dir)) ws.setFile(pathToFileURL(f).href, readFileSync(f, 'utf8'));
  const docs = new Map<string, import('vscode-languageserver-textdocument').TextDocument>();
  const positions = new convert.Positions((u) => ws.text(u), (u) => docs.get(u));
  // What the server does per file (lsp/server.ts `publish`), with a hook for the server's own way if it has one.
  const published = new Map<string, string>();
  const publish = (uri: string) => {
    const diagnostics = ws.findings(uri).map((f) => convert.toDiagnostic(f, positions));
    const key = JSON.stringify(diagnostics);
    if (published.get(uri) === key) return;
    published.set(uri, key);
    JSON.stringify({ uri, diagnostics });
  };
  for (const uri of ws.uris()) publish(uri);

  const TARGET_PORT = /^\s+targetPort: ([A-Za-z][A-Za-z0-9-]*)$/m;
  const PORT_NAME = /- name: (http)(?=\n\s+containerPort: 8080)/;
  const flip = (s: string) => s.slice(0, -1) + (s.endsWith('x') ? 'y' : 'x');
  // Typing (bench/run.mjs (d), (e)): an empty group where the character goes.
  const TYPING_COMMENT = /^# Source: [^\n]*()$/m;
  const TYPING_FIRST_LINE = /^---\n[^\n]*()$/m;
  const TYPING_TARGET_PORT = /^\s+targetPort: [A-Za-z][A-Za-z0-9-]*()$/m;

  /**
   * Edits at the first match of `pattern` (its group 1), alternating between the text there and
   * `change(text)`: (a)–(c) type over a character (the same length: the documents after it do not
   * move), (d) and (e) insert a character and delete it again (every later document moves).
   */
  async function measure(label: string, rel: string, pattern: RegExp, change: (s: string) => string = flip) {
    const uri = uriOf(rel);
    const text0 = readFileSync(path.join(dir, rel), 'utf8');
    let version = 1;
    const doc = TextDocument.create(uri, 'yaml', version, text0);
    docs.set(uri, doc);
    ws.setFile(uri, text0, { open: true });
    publish(uri);
    const m = pattern.exec(text0)!;
    const start = m.index + m[0].length - m[1]!.length;
    const original = m[1]!;
    let current = original;
    const total: number[] = [];
    const parts = { setFile: [] as number[], findings: [] as number[], convert: [] as number[] };
    let affectedCount = 0;
    const counters = () => [analysis.objectAnalyses?.() ?? NaN, indexing.indexedObjectVisits?.() ?? NaN, indexing.indexedObjectMoves?.() ?? NaN];
    let counted = counters();
    const windows: [number, number][] = [];
    for (let i = 0; i < ITERATIONS + 5; i++) {
      const next = current === original ? change(original) : original;
      const range = { start: doc.positionAt(start), end: doc.positionAt(start + current.length) };
      TextDocument.update(doc, [{ range, text: next }], ++version);
      current = next;
      if (i === 5) counted = counters();
      const w0 = performance.now();
      const c0 = process.cpuUsage();
      const affected = ws.setFile(uri, doc.getText(), { open: true });
      const c1 = process.cpuUsage();
      let f = 0;
      let k = 0;
      for (const u of affected) {
        const a = cpuMs(process.cpuUsage());
        ws.findings(u);
        const b = cpuMs(process.cpuUsage());
        publish(u);
        f += b - a;
        k += cpuMs(process.cpuUsage()) - b;
      }
      const all = cpuMs(process.cpuUsage(c0));
      if (i >= 5) {
        windows.push([w0, performance.now()]);
        total.push(all);
        parts.setFile.push(cpuMs(c1) - cpuMs(c0));
        parts.findings.push(f);
        parts.convert.push(k);
        affectedCount += [...affected].length;
      }
    }
    const n = total.length;
    // The GC pauses inside each measured edit (queued for the observer after a turn of the event loop).
    await new Promise((resolve) => setImmediate(resolve));
    gcs.push(...gcObserver.takeRecords());
    const gcIn = windows.map(([a, b]) => gcs.filter((g) => g.startTime >= a && g.startTime < b).reduce((t, g) => t + g.duration, 0));
    const walls = windows.map(([a, b]) => b - a);
    const slow = total.map((t, k) => [t, gcIn[k]!] as const).sort((x, y) => y[0] - x[0]).slice(0, 3);
    gcs.length = 0;
    const [analysed, visits, moves] = counters().map((c, k) => ((c - counted[k]!) / n).toFixed(1));
    const share = (xs: number[]) => `${(xs.reduce((a, b) => a + b, 0) / n).toFixed(2)}`;
    console.log(
      `${label.padEnd(40)} cpu p50 ${pct(total, 50).toFixed(2)} ms  p95 ${pct(total, 95).toFixed(2)} ms (wall ${pct(walls, 50).toFixed(2)} / ${pct(walls, 95).toFixed(2)})   mean: setFile ${share(parts.setFile)}  findings ${share(parts.findings)}  convert+compare ${share(parts.convert)}   files/edit ${(affectedCount / n).toFixed(1)}  objects analysed/edit ${analysed}  index visits/edit ${visits}  moved in place/edit ${moves}   GC in edits ${(gcIn.reduce((a, b) => a + b, 0) / n).toFixed(2)} ms/edit; the 3 slowest (cpu / GC) ${slow.map(([t, g]) => `${t.toFixed(1)}/${g.toFixed(1)}`).join(', ')}`,
    );
  }

  const only = opt('only', 'abcde');
  const profile = opt('profile', '');
  const session = profile ? new Session() : undefined;
  const post = (method: string, params?: object) => new Promise<unknown>((resolve, reject) => session!.post(method, params ?? {}, (e, r) => (e ? reject(e) : resolve(r))));
  if (session) {
    session.connect();
    await post('Profiler.enable');
    await post('Profiler.start');
  }
  const t0 = performance.now();
  if (only.includes('a')) await measure('(a) small file', 'edit/small.yaml', TARGET_PORT);
  if (only.includes('b')) await measure('(b) document of the 20k-line file', 'edit/big.yaml', TARGET_PORT);
  if (only.includes('c')) await measure('(c) port name of 8 Services', 'edit/shared-deployment.yaml', PORT_NAME);
  // (d) a line break typed at the end of a comment line of the 20k-line file's second document (the
  // synthetic stand-in has none: its first line), then deleted; (e) a character typed at the end of
  // a targetPort name in it (edit (b)'s), then deleted.
  const bigText = readFileSync(path.join(dir, 'edit/big.yaml'), 'utf8');
  if (only.includes('d')) await measure('(d) typing in a comment, 20k-line file', 'edit/big.yaml', TYPING_COMMENT.test(bigText) ? TYPING_COMMENT : TYPING_FIRST_LINE, () => '\n');
  if (only.includes('e')) await measure('(e) typing in a port name, 20k-line file', 'edit/big.yaml', TYPING_TARGET_PORT, () => 'x');
  console.log(`root ${ROOT}, ${DOCS} documents, ${(performance.now() - t0).toFixed(0)} ms; shared dependents ${info.sharedDependents.length}`);
  if (session) {
    const { profile: written } = (await post('Profiler.stop')) as { profile: object };
    writeFileSync(profile, JSON.stringify(written));
    session.disconnect();
    console.log(`CPU profile of the measured edits: ${profile}`);
  }
}

void main();
