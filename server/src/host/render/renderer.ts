/**
 * Renders one unit with the real tool: finds the binary (tools.ts), reads the inputs with open
 * editors overlaid (work-copy.ts), answers from the cache when the inputs, tool, version and
 * arguments are unchanged (cache.ts), else writes the temp copy, runs `helm template` or
 * `kustomize build` / `kubectl kustomize` on it (run.ts) and removes the copy.
 *
 * A unit the core marks `blocked` (remote content, unvendored dependency, input outside the
 * workspace) is never run: that is checked here too, not only by the callers.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RenderOutcome, RenderUnit, UnitTool } from '../../core/render/types';
import type { Settings } from '../../core/settings';
import { cacheKey, RenderCache } from './cache';
import { renderEnvironment, spawnRunner, type Runner } from './run';
import { findTool, type RenderHostSettings, type Tool, type ToolLookup } from './tools';
import { collectInputs, KeptWorkCopy, writeKustomizeWrapper, writeWorkCopy, type Overlay, type WorkCopy } from './work-copy';

export interface RendererOptions {
  readonly runner?: Runner;
  /** On-disk cache folder (the extension's storage, the CLI's `--cache`); memory only without it. */
  readonly cacheDir?: string;
  /** Where Helm's and kubectl's homes live (default: a temp folder removed by `dispose`). */
  readonly stateDir?: string;
  /** Parent of the temp copies (default: the OS temp folder). */
  readonly tempDir?: string;
  /** The environment binaries are looked up in (PATH); default process.env. */
  readonly processEnv?: NodeJS.ProcessEnv;
  /**
   * Keep each unit's temp copy between renders, in a folder under this one (removed by
   * `dispose`, and by whoever owns this folder), and write only what changed; default: a fresh
   * copy per render, removed after it.
   */
  readonly keepCopiesIn?: string;
}

/** Units whose copies are kept at once (the least recently rendered one's copy is removed beyond). */
const KEPT_COPIES = 16;

export interface RenderRequest {
  readonly unit: RenderUnit;
  readonly folders: readonly string[];
  readonly overlay?: Overlay;
  readonly signal?: AbortSignal;
  readonly hostSettings: RenderHostSettings;
  readonly settings: Settings;
}

export interface RenderResult {
  /** Undefined when the render was cancelled (its result must be dropped). */
  readonly outcome?: RenderOutcome;
  /** The tool is missing: the message to show once. */
  readonly missingTool?: string;
  readonly fromCache?: boolean;
}

const RELEASE_NAME = /^[a-z0-9]([-a-z0-9]{0,51}[a-z0-9])?$/;
const NAMESPACE = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

export class UnitRenderer {
  private readonly runner: Runner;
  private readonly cache: RenderCache;
  private readonly tools = new Map<string, Promise<ToolLookup>>();
  private state: { dir: string; kubeconfig: string; owned: boolean } | undefined;
  /** Unit id → its kept copy (most recently used last), and the ones a render is using now. */
  private readonly kept = new Map<string, KeptWorkCopy>();
  private readonly inUse = new Set<KeptWorkCopy>();

  constructor(private readonly options: RendererOptions = {}) {
    this.runner = options.runner ?? spawnRunner;
    this.cache = new RenderCache(options.cacheDir);
  }

  private environment(): Record<string, string> {
    if (!this.state) {
      const owned = !this.options.stateDir;
      const dir = this.options.stateDir ?? mkdtempSync(path.join(tmpdir(), 'kube-ports-tools-home-'));
      mkdirSync(dir, { recursive: true });
      const kubeconfig = path.join(dir, 'empty-kubeconfig');
      writeFileSync(kubeconfig, '');
      this.state = { dir, kubeconfig, owned };
    }
    return renderEnvironment(this.state.dir, this.state.kubeconfig, this.options.processEnv);
  }

  /** The binary for a tool (looked up and version-checked once per configured path). */
  tool(tool: UnitTool, hostSettings: RenderHostSettings): Promise<ToolLookup> {
    const key = `${tool}\0${tool === 'helm' ? (hostSettings.helmPath ?? '') : (hostSettings.kustomizePath ?? '')}`;
    let found = this.tools.get(key);
    if (!found) {
      found = findTool(tool, hostSettings, this.runner, this.environment(), this.options.processEnv);
      this.tools.set(key, found);
      // A binary that is missing or did not answer is looked for again next time (the user may
      // install it; a busy machine may answer later); a found one is kept.
      const lookup = found;
      void lookup.then((r) => {
        if ('missing' in r && this.tools.get(key) === lookup) this.tools.delete(key);
      });
    }
    return found;
  }

  /** Forget the binaries found (settings changed, or the user installed one). */
  resetTools(): void {
    this.tools.clear();
  }

  async render(request: RenderRequest): Promise<RenderResult> {
    const { unit, hostSettings, settings } = request;
    if (unit.blocked) return { outcome: { status: 'not-rendered', message: unit.blocked.message } };
    const lookup = await this.tool(unit.tool, hostSettings);
    if ('missing' in lookup) return { outcome: { status: 'not-rendered', message: lookup.missing }, missingTool: lookup.missing };
    if (request.signal?.aborted) return {};
    const tool = lookup.found;
    const helm = unit.tool === 'kustomize' && settings.render.kustomizeHelm ? await this.tool('helm', hostSettings) : undefined;

    const collected = collectInputs({ unit, folders: request.folders, ...(request.overlay ? { overlay: request.overlay } : {}) });
    if ('problem' in collected) return { outcome: { status: 'not-rendered', message: `${unit.name} is not rendered: ${collected.problem}.` } };

    // A values file that is not there: the chart's own values.yaml is optional; any other was asked for.
    const values: string[] = [];
    for (const v of unit.valuesFiles ?? []) {
      let p: string;
      try {
        p = fileURLToPath(v);
      } catch {
        return { outcome: { status: 'not-rendered', message: `${unit.name} is not rendered: the values file ${v} is not a file on disk.` } };
      }
      if (collected.files.has(p)) values.push(v);
      else if (v !== `${unit.rootUri.replace(/\/$/, '')}/values.yaml`) return { outcome: { status: 'not-rendered', message: `${unit.name} is not rendered: the values file ${p} does not exist.` } };
    }
    const plan = this.plan({ ...unit, valuesFiles: values }, tool, settings, helm && 'found' in helm ? helm.found : undefined);
    if ('problem' in plan) return { outcome: { status: 'not-rendered', message: `${unit.name} is not rendered: ${plan.problem}` } };
    // The key holds the workspace paths (inside the digest) and the arguments in workspace terms.
    const key = cacheKey([tool.binary, tool.version, tool.path, collected.digest, ...plan.args('<copy>')]);
    const cached = this.cache.get(key);
    if (cached) return { outcome: cached, fromCache: true };

    let copy: WorkCopy;
    // kustomize --enable-helm may write charts into the copy: such a unit always gets a fresh one.
    const keep = this.options.keepCopiesIn !== undefined && !(unit.tool === 'kustomize' && settings.render.kustomizeHelm);
    try {
      copy = keep ? this.keptCopy(unit.id, collected) : writeWorkCopy(collected.files, this.options.tempDir);
    } catch (error) {
      return { outcome: { status: 'not-rendered', message: `${unit.name} is not rendered: cannot write its temporary copy (${error instanceof Error ? error.message : String(error)}).` } };
    }
    try {
      let target = copy.at(plan.rootPath);
      let originBase: string | undefined;
      if (unit.tool === 'kustomize') {
        const wrapper = writeKustomizeWrapper(copy, plan.rootPath);
        target = wrapper.buildDir;
        originBase = wrapper.originBase;
      }
      const args = plan.args(target, (p) => copy.at(p));
      const result = await this.runner({
        command: tool.path,
        args,
        cwd: copy.dir,
        env: this.environment(),
        timeoutMs: hostSettings.timeoutMs,
        ...(request.signal ? { signal: request.signal } : {}),
      });
      let outcome: RenderOutcome;
      switch (result.kind) {
        case 'aborted':
          return {};
        case 'timeout':
          outcome = {
            status: 'not-rendered',
            message: `${unit.name} is not rendered: \`${tool.binary}\` did not finish within ${hostSettings.timeoutMs / 1000} s (kubePorts.render.timeout).`,
          };
          break;
        case 'output-too-large':
          outcome = { status: 'not-rendered', message: `${unit.name} is not rendered: its output is larger than ${Math.round(result.limit / 1024 / 1024)} MiB.` };
          break;
        case 'spawn-failed':
          outcome = { status: 'not-rendered', message: `${unit.name} is not rendered: cannot run ${tool.path} (${result.error}).` };
          break;
        case 'exited':
          if (result.code === 0) outcome = { status: 'rendered', text: result.stdout, ...(originBase ? { originBase } : {}), milliseconds: result.milliseconds };
          else if (result.code === null) outcome = { status: 'not-rendered', message: `${unit.name} is not rendered: \`${tool.binary}\` was stopped (${result.signal ?? 'signal'}).` };
          else outcome = { status: 'failed', stderr: unmirror(result.stderr, copy.dir), milliseconds: result.milliseconds };
          break;
      }
      this.cache.set(key, outcome);
      return { outcome };
    } finally {
      if (copy instanceof KeptWorkCopy) this.inUse.delete(copy);
      else {
        try {
          copy.dispose();
        } catch {
          // a temp folder left behind is removed by the OS
        }
      }
    }
  }

  /**
   * The unit's kept copy, brought up to date with the collected files (a fresh one when a render
   * of the same unit still uses it). Throws when it cannot be written (the copy is then removed).
   */
  private keptCopy(unitId: string, collected: Parameters<KeptWorkCopy['update']>[0]): WorkCopy {
    let copy = this.kept.get(unitId);
    if (copy && this.inUse.has(copy)) return writeWorkCopy(collected.files, this.options.tempDir);
    this.kept.delete(unitId);
    copy ??= new KeptWorkCopy(this.options.keepCopiesIn);
    try {
      copy.update(collected);
    } catch (error) {
      removeQuietly(copy);
      throw error;
    }
    this.kept.set(unitId, copy);
    this.inUse.add(copy);
    for (const [id, old] of this.kept) {
      if (this.kept.size <= KEPT_COPIES) break;
      if (this.inUse.has(old)) continue;
      this.kept.delete(id);
      removeQuietly(old);
    }
    return copy;
  }

  /** The command line for a unit, as a function of where the copy puts things. */
  private plan(
    unit: RenderUnit,
    tool: Tool,
    settings: Settings,
    helm: Tool | undefined,
  ): { rootPath: string; args: (target: string, at?: (p: string) => string) => string[] } | { problem: string } {
    let rootPath: string;
    try {
      rootPath = fileURLToPath(unit.rootUri);
    } catch {
      return { problem: `${unit.rootUri} is not a folder on disk.` };
    }
    if (unit.tool === 'helm') {
      const release = unit.release ?? unit.name;
      const namespace = unit.namespace ?? settings.defaultNamespace;
      if (!RELEASE_NAME.test(release)) return { problem: `the release name "${release}" is not valid (lower-case letters, digits and '-', at most 53; kubePorts.helm.releases).` };
      if (!NAMESPACE.test(namespace)) return { problem: `the namespace "${namespace}" is not valid (a DNS label).` };
      const values: string[] = [];
      for (const v of unit.valuesFiles ?? []) {
        try {
          values.push(fileURLToPath(v));
        } catch {
          return { problem: `the values file ${v} is not a file on disk.` };
        }
      }
      return {
        rootPath,
        args: (target, at = (p) => p) => ['template', release, target, '--namespace', namespace, ...values.flatMap((v) => ['-f', at(v)])],
      };
    }
    const enableHelm = settings.render.kustomizeHelm && helm ? ['--enable-helm', '--helm-command', helm.path] : [];
    return {
      rootPath,
      args: (target) => (tool.binary === 'kubectl' ? ['kustomize', target, ...enableHelm] : ['build', target, ...enableHelm]),
    };
  }

  dispose(): void {
    for (const copy of this.kept.values()) removeQuietly(copy);
    this.kept.clear();
    if (this.state?.owned) rmSync(this.state.dir, { recursive: true, force: true });
    this.state = undefined;
  }
}

function removeQuietly(copy: WorkCopy): void {
  try {
    copy.dispose();
  } catch {
    // a temp folder left behind is removed by the OS (and with the folder it was kept in)
  }
}

/** Error messages name files in the temp copy: give them their workspace paths back. */
function unmirror(text: string, copyDir: string): string {
  const root = path.join(copyDir, 'fs');
  return text.split(root).join('');
}
