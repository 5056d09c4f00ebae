/**
 * `npm run bench:render` (second part): what the language server's main thread spends when a
 * render result arrives — `Workspace.setRenderOutcome` (parse the output, build the origin map,
 * re-index, hide the inputs) and the findings of the files it affected (re-analysing the rendered
 * objects, mapping them to template lines), i.e. what runs before the next keystroke can be
 * served. The chart is the one bench/render-keystroke.mjs uses (40 objects); helm renders every
 * outcome first (not timed). Figures are CPU time of this single-threaded process (steadier than
 * wall time on a loaded machine) and wall time, p50/p95 over the outcomes. Asserts nothing.
 *
 *   node --import tsx bench/render-outcome.ts [outcomes=40] [--root DIR]
 *
 * `--root DIR`: the kube-ports checkout whose core is measured (e.g. the main branch's, to compare
 * before and after a change in the same conditions).
 */
import { execFileSync } from 'node:child_process';
import { accessSync, constants, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

const args = process.argv.slice(2);
const rootAt = args.indexOf('--root');
const ROOT = rootAt >= 0 ? path.resolve(args[rootAt + 1]!) : path.resolve(__dirname, '..');
if (rootAt >= 0) args.splice(rootAt, 2);
const N = Number(args[0] ?? 40);

function findHelm(): string | undefined {
  const dirs = [path.join(process.env.KUBE_PORTS_TOOLS_CACHE || path.join(homedir(), '.cache', 'kube-ports', 'tools'), 'bin'), ...(process.env.PATH ?? '').split(path.delimiter)];
  for (const d of dirs) {
    try {
      accessSync(path.join(d, 'helm'), constants.X_OK);
      return path.join(d, 'helm');
    } catch {
      // next
    }
  }
  return undefined;
}

async function main(): Promise<void> {
  const helm = findHelm();
  if (!helm) {
    console.error('bench/render-outcome: helm not found (npm run tools:install)');
    process.exit(2);
  }
  const { Workspace } = (await import(pathToFileURL(path.join(ROOT, 'server/src/core/workspace/workspace.ts')).href)) as typeof import('../server/src/core/workspace/workspace');
  const { normalizeSettings } = (await import(pathToFileURL(path.join(ROOT, 'server/src/core/settings.ts')).href)) as typeof import('../server/src/core/settings');

  const ws0 = mkdtempSync(path.join(tmpdir(), 'kube-ports-bench-outcome-'));
  const files: Record<string, string> = {
    'chart/Chart.yaml': 'apiVersion: v2\nname: bench\nversion: 0.1.0\n',
    'chart/values.yaml': 'port: 80\nreplicas: 1\n',
  };
  for (let i = 0; i < 20; i++) {
    files[`chart/templates/svc-${i}.yaml`] =
      `apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Release.Name }}-${i}\nspec:\n  selector: {app: {{ .Release.Name }}-${i}}\n  ports:\n    - port: {{ .Values.port }}\n      targetPort: http\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}-${i}\nspec:\n  replicas: {{ .Values.replicas }}\n  selector: {matchLabels: {app: {{ .Release.Name }}-${i}}}\n  template:\n    metadata: {labels: {app: {{ .Release.Name }}-${i}}}\n    spec:\n      containers:\n        - name: app\n          image: nginx\n          ports: [{name: http, containerPort: 8080}]\n`;
  }
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(ws0, rel)), { recursive: true });
    writeFileSync(path.join(ws0, rel), text);
  }
  const ws = new Workspace({ settings: normalizeSettings({}) });
  for (const [rel, text] of Object.entries(files)) ws.setFile(pathToFileURL(path.join(ws0, rel)).href, text);
  ws.setFolders([pathToFileURL(ws0).href]);
  const unit = ws.units()[0]!;
  // A new port each time (as the keystroke bench's values edits): half the documents change.
  const outputs = Array.from({ length: N + 5 }, (_, i) => execFileSync(helm, ['template', 'bench', path.join(ws0, 'chart'), '--set', `port=${1000 + i}`], { encoding: 'utf8' }));

  const cpu: number[] = [];
  const wall: number[] = [];
  outputs.forEach((text, i) => {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const affected = ws.setRenderOutcome(unit.id, { status: 'rendered', text });
    for (const uri of affected) ws.findings(uri);
    const c = process.cpuUsage(c0);
    const t = performance.now() - t0;
    if (i >= 5) {
      cpu.push((c.user + c.system) / 1000);
      wall.push(t);
    }
  });
  rmSync(ws0, { recursive: true, force: true });
  const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)]!;
  const f = (x: number) => x.toFixed(1);
  console.log(`render outcome on the main thread (setRenderOutcome + findings of what it affected), ${ROOT}:`);
  console.log(`  CPU p50 ${f(pct(cpu, 50))} ms, p95 ${f(pct(cpu, 95))} ms; wall p50 ${f(pct(wall, 50))} ms, p95 ${f(pct(wall, 95))} ms (n=${cpu.length})`);
}

void main();
