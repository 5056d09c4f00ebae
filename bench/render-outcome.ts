/**
 * `npm run bench:render` (second part): what the language server's main thread spends when a
 * render result arrives — the changed documents parsed ahead (`Workspace.prepareRenderOutcome`,
 * in steps), `Workspace.setRenderOutcome` (build the origin map, re-index, hide the inputs),
 * `Workspace.analyseUnit` (re-analysing the rendered objects, mapping them to template lines) and
 * the findings of the files it affected (one publishing step) — in the slices the language server
 * runs them in, each only when no edit waits: a keystroke that arrives during a slice waits for
 * that slice, so the largest slice is what the figure of an edit can pay. The chart is the one
 * bench/render-keystroke.mjs uses (40 objects); helm renders every outcome first (not timed).
 * Figures are CPU time of this single-threaded process (steadier than wall time on a loaded
 * machine) and wall time, p50/p95 over the outcomes, of the whole and of the largest slice. A
 * checkout without the steps (`--root`, older) is measured as it ran: `setRenderOutcome`, then
 * the publishing step that analysed the unit. Asserts nothing.
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
  const sliceCpu: number[] = [];
  const sliceWall: number[] = [];
  const stepped = typeof (ws as Partial<typeof ws>).prepareRenderOutcome === 'function';
  outputs.forEach((text, i) => {
    const slices: { cpu: number; wall: number }[] = [];
    const slice = <T>(work: () => T): T => {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const r = work();
      const c = process.cpuUsage(c0);
      slices.push({ cpu: (c.user + c.system) / 1000, wall: performance.now() - t0 });
      return r;
    };
    const outcome = { status: 'rendered' as const, text };
    if (stepped) {
      let step: (() => boolean) | undefined;
      while (slice(() => (step ??= ws.prepareRenderOutcome(unit.id, text))())) {
        // one step per slice
      }
    }
    const affected = slice(() => ws.setRenderOutcome(unit.id, outcome));
    if (stepped) slice(() => ws.analyseUnit(unit.id));
    slice(() => {
      for (const uri of affected) ws.findings(uri);
    });
    if (i >= 5) {
      cpu.push(slices.reduce((a, s) => a + s.cpu, 0));
      wall.push(slices.reduce((a, s) => a + s.wall, 0));
      sliceCpu.push(Math.max(...slices.map((s) => s.cpu)));
      sliceWall.push(Math.max(...slices.map((s) => s.wall)));
    }
  });
  rmSync(ws0, { recursive: true, force: true });
  const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)]!;
  const f = (x: number) => x.toFixed(1);
  console.log(`render outcome on the main thread (setRenderOutcome + findings of what it affected), ${ROOT}:`);
  console.log(`  CPU p50 ${f(pct(cpu, 50))} ms, p95 ${f(pct(cpu, 95))} ms; wall p50 ${f(pct(wall, 50))} ms, p95 ${f(pct(wall, 95))} ms (n=${cpu.length})`);
  console.log(`  largest slice: CPU p50 ${f(pct(sliceCpu, 50))} ms, p95 ${f(pct(sliceCpu, 95))} ms; wall p50 ${f(pct(sliceWall, 50))} ms, p95 ${f(pct(sliceWall, 95))} ms${stepped ? '' : ' (no steps in this checkout)'}`);
}

void main();
