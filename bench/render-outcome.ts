/**
 * `npm run bench:render` (second part): what the language server's main thread spends when a
 * render result arrives, in the slices the language server runs it in (each only when no edit
 * waits, so a keystroke that arrives during a slice waits for that slice): the changed documents
 * parsed ahead (`Workspace.prepareRenderOutcome`, ~8 KB per step), `Workspace.setRenderOutcome`
 * (build the origin map, re-index, hide the inputs), `Workspace.analyseUnit` (re-analysing the
 * rendered objects, 16 per step; the last step maps them to template lines) and the findings of
 * the files it affected (one publishing step). A checkout without the steps (older) is measured as
 * it ran: `setRenderOutcome`, then the publishing step that analysed the unit. The chart is the
 * one bench/render-keystroke.mjs uses (40 objects); helm renders every outcome first (not timed).
 *
 * Prints, per checkout: wall and CPU time per outcome and of its largest slice (p50/p95 over the
 * outcomes; the CPU figure is the process's, so V8's helper threads count in it), and the wall
 * median of each kind of slice. Asserts nothing.
 *
 *   node --import tsx bench/render-outcome.ts [outcomes=40] [--root DIR]
 *
 * `--root DIR`: also measure that kube-ports checkout's core (e.g. the main branch's), in the same
 * process, each outcome applied to both workspaces in turn (the order alternating), so that both
 * figures come from the same moments of a loaded machine.
 */
import { execFileSync } from 'node:child_process';
import { accessSync, constants, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

const args = process.argv.slice(2);
const rootAt = args.indexOf('--root');
const HERE = path.resolve(__dirname, '..');
const ROOTS = rootAt >= 0 ? [path.resolve(args[rootAt + 1]!), HERE] : [HERE];
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

type WorkspaceModule = typeof import('../server/src/core/workspace/workspace');
type SettingsModule = typeof import('../server/src/core/settings');
type AnyWorkspace = InstanceType<WorkspaceModule['Workspace']>;

interface Measured {
  readonly root: string;
  readonly ws: AnyWorkspace;
  readonly cpu: number[];
  readonly wall: number[];
  readonly sliceCpu: number[];
  readonly sliceWall: number[];
  readonly byKind: Map<string, number[]>;
}

/** Applies one outcome as the language server does, slice by slice; returns each slice's kind and times. */
function apply(ws: AnyWorkspace, unitId: string, text: string): { kind: string; cpu: number; wall: number }[] {
  const slices: { kind: string; cpu: number; wall: number }[] = [];
  const slice = <T>(kind: string, work: () => T): T => {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const r = work();
    const c = process.cpuUsage(c0);
    slices.push({ kind, cpu: (c.user + c.system) / 1000, wall: performance.now() - t0 });
    return r;
  };
  const stepped = typeof (ws as Partial<AnyWorkspace>).prepareRenderOutcome === 'function';
  if (stepped) {
    let step: (() => boolean) | undefined;
    while (slice('parse ahead', () => (step ??= ws.prepareRenderOutcome(unitId, text))())) {
      // one step per slice
    }
  }
  const affected = slice('setRenderOutcome', () => ws.setRenderOutcome(unitId, { status: 'rendered', text }));
  if (stepped) {
    let step: (() => boolean) | undefined;
    while (slice('analysis', () => (step ??= ws.analyseUnit(unitId))())) {
      // one step per slice
    }
  }
  slice('publishing', () => {
    for (const uri of affected) ws.findings(uri);
  });
  return slices;
}

async function main(): Promise<void> {
  const helm = findHelm();
  if (!helm) {
    console.error('bench/render-outcome: helm not found (npm run tools:install)');
    process.exit(2);
  }
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
  const measured: Measured[] = [];
  for (const root of ROOTS) {
    const { Workspace } = (await import(pathToFileURL(path.join(root, 'server/src/core/workspace/workspace.ts')).href)) as WorkspaceModule;
    const { normalizeSettings } = (await import(pathToFileURL(path.join(root, 'server/src/core/settings.ts')).href)) as SettingsModule;
    const ws = new Workspace({ settings: normalizeSettings({}) });
    for (const [rel, text] of Object.entries(files)) ws.setFile(pathToFileURL(path.join(ws0, rel)).href, text);
    ws.setFolders([pathToFileURL(ws0).href]);
    measured.push({ root, ws, cpu: [], wall: [], sliceCpu: [], sliceWall: [], byKind: new Map() });
  }
  // A new port each time (as the keystroke bench's values edits): half the documents change.
  const outputs = Array.from({ length: N + 5 }, (_, i) => execFileSync(helm, ['template', 'bench', path.join(ws0, 'chart'), '--set', `port=${1000 + i}`], { encoding: 'utf8' }));
  outputs.forEach((text, i) => {
    for (const m of i % 2 === 0 ? measured : [...measured].reverse()) {
      const slices = apply(m.ws, m.ws.units()[0]!.id, text);
      if (i < 5) continue;
      m.cpu.push(slices.reduce((a, s) => a + s.cpu, 0));
      m.wall.push(slices.reduce((a, s) => a + s.wall, 0));
      m.sliceCpu.push(Math.max(...slices.map((s) => s.cpu)));
      m.sliceWall.push(Math.max(...slices.map((s) => s.wall)));
      for (const s of slices) {
        const list = m.byKind.get(s.kind) ?? [];
        list.push(s.wall);
        m.byKind.set(s.kind, list);
      }
    }
  });
  rmSync(ws0, { recursive: true, force: true });
  const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)]!;
  const f = (x: number) => x.toFixed(1);
  for (const m of measured) {
    console.log(`render outcome on the main thread (in the language server's slices), ${m.root}:`);
    console.log(`  whole outcome: CPU p50 ${f(pct(m.cpu, 50))} ms, p95 ${f(pct(m.cpu, 95))} ms; wall p50 ${f(pct(m.wall, 50))} ms, p95 ${f(pct(m.wall, 95))} ms (n=${m.cpu.length})`);
    console.log(`  largest slice: CPU p50 ${f(pct(m.sliceCpu, 50))} ms, p95 ${f(pct(m.sliceCpu, 95))} ms; wall p50 ${f(pct(m.sliceWall, 50))} ms, p95 ${f(pct(m.sliceWall, 95))} ms`);
    console.log(`  wall p50 per slice: ${[...m.byKind].map(([kind, xs]) => `${kind} ${pct(xs, 50).toFixed(2)} ms (${(xs.length / m.cpu.length).toFixed(1)} per outcome)`).join(', ')}`);
  }
}

void main();
