// The soak: `npm run soak [-- --edits N --files N --seed S]`. Starts the language server (the
// bundled server with --expose-gc) over a workspace of 1,000 manifest documents, sends 10,000
// random edits through LSP (incremental changes, opening and closing editors, garbage typed in)
// with a request every 10 edits, and checks that the server stays alive, answers every request,
// and that its memory stays flat. Prints the figures; exits 1 on a failure.
import { readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { bundleEntry } from '../test/support/bundle';
import { LspClient } from '../test/support/lsp-client';

const { values } = parseArgs({ options: { edits: { type: 'string' }, files: { type: 'string' }, seed: { type: 'string' } } });
const EDITS = Number(values.edits ?? 10_000);
const FILES = Number(values.files ?? 1_000);
let seed = Number(values.seed ?? 20261121) >>> 0;
const random = () => ((seed = (Math.imul(seed ^ (seed >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 2 ** 32);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
const int = (n: number) => Math.floor(random() * n);

// ---- the workspace: 1,000 documents, Services and Deployments wired across files ------------

const apps = Math.max(1, Math.floor(FILES / 2));
const ns = (i: number) => `team-${i % 20}`;
const service = (i: number) =>
  `apiVersion: v1\nkind: Service\nmetadata:\n  name: svc-${i}\n  namespace: ${ns(i)}\nspec:\n  type: ${i % 7 === 0 ? 'NodePort' : 'ClusterIP'}\n  selector:\n    app: app-${i}\n  ports:\n  - name: http\n    port: 80\n    targetPort: http\n${i % 7 === 0 ? `    nodePort: ${30000 + (i % 2000)}\n` : ''}`;
const deployment = (i: number) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app-${i}\n  namespace: ${ns(i)}\nspec:\n  selector:\n    matchLabels: {app: app-${i}}\n  template:\n    metadata:\n      labels: {app: app-${i}, tier: web}\n    spec:\n      containers:\n      - name: main\n        image: nginx\n        ports:\n        - name: http\n          containerPort: ${8000 + (i % 100)}\n        readinessProbe:\n          httpGet: {path: /, port: http}\n`;
const files: Record<string, string> = {};
for (let i = 0; i < apps; i++) {
  files[`apps/${ns(i)}/svc-${i}.yaml`] = service(i);
  files[`apps/${ns(i)}/app-${i}.yaml`] = deployment(i);
}
const rels = Object.keys(files);

// ---- edits -----------------------------------------------------------------------------------

function position(text: string, offset: number): { line: number; character: number } {
  let line = 0;
  let start = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, character: offset - start };
}

const GARBAGE = ['{{ .Values.port }}', ': [', '\t', '- - -', '&a *a', '"', '---', '\u00e9\ud83d\ude00', '  nodePort: 99999', 'selector: {}', ''];

/** A random edit of `text`: [start, end, replacement]. */
function randomEdit(text: string): [number, number, string] {
  const roll = random();
  if (roll < 0.35) {
    // Change a number (ports, node ports).
    const numbers = [...text.matchAll(/\d+/g)];
    if (numbers.length) {
      const m = pick(numbers);
      return [m.index!, m.index! + m[0].length, String(int(70000))];
    }
  }
  if (roll < 0.55) {
    // Change a label value or a name (selectors, port names).
    const words = [...text.matchAll(/(app-\d+|http|web|main)/g)];
    if (words.length) {
      const m = pick(words);
      return [m.index!, m.index! + m[0].length, pick(['app-' + int(apps), 'http', 'web', 'grpc', 'x'])];
    }
  }
  if (roll < 0.7) {
    // Type one character somewhere.
    const at = int(text.length + 1);
    return [at, at, pick(['a', ' ', '\n', ':', '-', '1', '#'])];
  }
  if (roll < 0.8) {
    // Delete a span of up to 40 characters.
    const at = int(text.length + 1);
    return [at, Math.min(text.length, at + int(40)), ''];
  }
  if (roll < 0.9) {
    // Paste garbage at a line start.
    const lineStarts = [0, ...[...text.matchAll(/\n/g)].map((m) => m.index! + 1)];
    const at = pick(lineStarts);
    return [at, at, pick(GARBAGE) + '\n'];
  }
  // Paste a whole new document.
  return [text.length, text.length, `---\n${random() < 0.5 ? service(int(apps)) : deployment(int(apps))}`];
}

// ---- run -------------------------------------------------------------------------------------

function rssKb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : NaN;
}
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

async function main(): Promise<void> {
  const bundle = bundleEntry(path.resolve(__dirname, '../test/support/soak-server.ts'));
  const started = Date.now();
  const client = await LspClient.start({ files, serverArgs: ['--expose-gc', bundle, '--stdio'] });
  const pid = client.process.pid!;
  console.log(`soak: ${rels.length} files (${rels.length} documents) indexed in ${Date.now() - started} ms; server pid ${pid}`);
  let exited: string | undefined;
  client.process.once('exit', (code, signal) => (exited = `server exited (code ${code}, signal ${signal})`));

  const memory = async (label: string) => {
    const m = await client.request<{ heapUsed: number; rss: number; gc: boolean }>('kubePorts/soak/memory', {});
    const row = { label, rssKb: rssKb(pid), heapAfterGc: m.heapUsed, gc: m.gc };
    console.log(`soak: memory at ${label.padEnd(6)} VmRSS ${mb(row.rssKb * 1024)}, heap after GC ${mb(row.heapAfterGc)}`);
    return row;
  };

  const open = new Map<string, string>(); // rel -> text in the editor
  let requests = 0;
  let answered = 0;
  let failedRequests = 0;
  let maxLatency = 0;
  let opens = 0;
  let closes = 0;
  const start = await memory('start');
  let middle = start;
  const editStarted = Date.now();

  for (let n = 1; n <= EDITS; n++) {
    if (exited) break;
    const roll = random();
    if (open.size === 0 || (roll < 0.03 && open.size < 30)) {
      const rel = pick(rels.filter((r) => !open.has(r)));
      open.set(rel, files[rel]!);
      await client.open(rel, files[rel]!);
      opens++;
    } else if (roll < 0.05 && open.size > 1) {
      const rel = pick([...open.keys()]);
      open.delete(rel);
      await client.close(rel);
      closes++;
    }
    const rel = pick([...open.keys()]);
    const text = open.get(rel)!;
    const [s, e, insert] = randomEdit(text);
    const next = text.slice(0, s) + insert + text.slice(e);
    open.set(rel, next);
    const version = n + 1;
    await client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: client.uri(rel), version },
      contentChanges: [{ range: { start: position(text, s), end: position(text, e) }, text: insert }],
    });

    if (n % 10 === 0) {
      const target = pick([...open.keys()]);
      const t = open.get(target)!;
      const at = position(t, int(t.length + 1));
      const kind = pick(['documentSymbol', 'hover', 'workspaceSymbol']);
      const sent = Date.now();
      requests++;
      try {
        if (kind === 'documentSymbol') await client.request('textDocument/documentSymbol', { textDocument: { uri: client.uri(target) } });
        else if (kind === 'hover') await client.request('textDocument/hover', { textDocument: { uri: client.uri(target) }, position: at });
        else await client.request('workspace/symbol', { query: pick(['svc', 'app-1', 'x', '']) });
        answered++;
      } catch (error) {
        failedRequests++;
        console.log(`soak: request ${kind} failed: ${String(error)}`);
      }
      maxLatency = Math.max(maxLatency, Date.now() - sent);
    }
    if (n === Math.floor(EDITS / 2)) middle = await memory('middle');
  }
  const editMs = Date.now() - editStarted;

  // Back to the start state: every editor closed, so the model is the disk again.
  for (const rel of [...open.keys()]) await client.close(rel);
  open.clear();
  const end = await memory('end');
  const alive = !exited && client.process.exitCode === null;
  const errors = client.logs.filter((l) => l.type === 1);

  console.log(
    `soak: ${EDITS} edits (${opens} opens, ${closes} closes) in ${(editMs / 1000).toFixed(1)} s; ${answered}/${requests} requests answered, ${failedRequests} failed, slowest ${maxLatency} ms`,
  );
  console.log(`soak: server alive: ${alive}; errors logged by the server: ${errors.length}`);
  for (const e of errors.slice(0, 5)) console.log(`  ${e.message.split('\n')[0]}`);
  // Flat: the heap after GC at the end (same files, all editors closed) is within 10% + 5 MB of the start.
  const growth = end.heapAfterGc - start.heapAfterGc;
  const flat = end.heapAfterGc <= start.heapAfterGc * 1.1 + 5 * 1024 * 1024;
  console.log(`soak: heap after GC start ${mb(start.heapAfterGc)} → middle ${mb(middle.heapAfterGc)} → end ${mb(end.heapAfterGc)} (${growth >= 0 ? '+' : ''}${mb(growth)}); VmRSS ${mb(start.rssKb * 1024)} → ${mb(middle.rssKb * 1024)} → ${mb(end.rssKb * 1024)}`);
  const ok = alive && answered === requests && failedRequests === 0 && errors.length === 0 && flat;
  if (alive) await client.stop();
  rmSync(path.dirname(bundle), { recursive: true, force: true });
  console.log(ok ? 'soak: passed' : `soak: FAILED${exited ? ` (${exited})` : ''}${flat ? '' : ' (memory grew)'}`);
  process.exit(ok ? 0 : 1);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
