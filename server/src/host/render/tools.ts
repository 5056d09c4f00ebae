/**
 * Finds the rendering binaries: `helm` for charts; `kustomize`, or `kubectl` (`kubectl kustomize`)
 * for kustomizations. Only the binary the user configured (`kubePorts.helm.path`,
 * `kubePorts.kustomize.path`, which may name kubectl) or the first one on PATH; never a download.
 * Each is asked its version (with a timeout) before it renders anything: a binary that does not
 * answer like the tool it should be is not used.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { homedir } from 'node:os';
import * as path from 'node:path';
import type { UnitTool } from '../../core/render/types';
import type { Runner } from './run';

export interface RenderHostSettings {
  /** `kubePorts.helm.path` (absolute, or `~/…`), else `helm` on PATH. */
  readonly helmPath?: string;
  /** `kubePorts.kustomize.path`: a `kustomize` or a `kubectl` binary; else `kustomize`, then `kubectl` on PATH. */
  readonly kustomizePath?: string;
  /** `kubePorts.render.timeout`, in milliseconds (the setting is in seconds; default 10 s). */
  readonly timeoutMs: number;
}

export const DEFAULT_RENDER_TIMEOUT_MS = 10_000;

/** The host's part of the `kubePorts` settings (the core's part is `settings.render`). Never throws. */
export function renderHostSettings(raw: unknown): RenderHostSettings {
  const s = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  const section = (k: string) => (s[k] && typeof s[k] === 'object' ? (s[k] as Record<string, unknown>) : {});
  const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
  const timeout = section('render').timeout;
  const seconds = typeof timeout === 'number' && Number.isFinite(timeout) && timeout > 0 ? Math.min(timeout, 600) : DEFAULT_RENDER_TIMEOUT_MS / 1000;
  const helmPath = text(section('helm').path);
  const kustomizePath = text(section('kustomize').path);
  return { ...(helmPath ? { helmPath } : {}), ...(kustomizePath ? { kustomizePath } : {}), timeoutMs: Math.round(seconds * 1000) };
}

export interface Tool {
  readonly tool: UnitTool;
  /** What the binary is: `kubectl` renders kustomizations as `kubectl kustomize`. */
  readonly binary: 'helm' | 'kustomize' | 'kubectl';
  readonly path: string;
  /** The version line it printed (part of the cache key). */
  readonly version: string;
}

export type ToolLookup = { readonly found: Tool } | { readonly missing: string };

/** A version check may take as long as a render (a cold 60 MB binary on a busy machine is slow to start). */
const versionTimeout = (settings: RenderHostSettings) => Math.max(5_000, settings.timeoutMs);

function executableFile(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/** The first executable `name` on PATH (absolute), as a shell would find it, without running a shell. */
export function onPath(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const dirs = (env.PATH ?? env.Path ?? '').split(path.delimiter);
  const exts = process.platform === 'win32' ? ['.exe', '.cmd', ''] : [''];
  for (const dir of dirs) {
    if (!dir || !path.isAbsolute(dir)) continue;
    for (const ext of exts) {
      const candidate = path.join(dir, name + ext);
      if (executableFile(candidate)) return candidate;
    }
  }
  return undefined;
}

function expandHome(p: string): string {
  return p === '~' || p.startsWith('~/') ? path.join(homedir(), p.slice(1)) : p;
}

const INSTALL: Record<UnitTool, string> = {
  helm: 'Install Helm 3 or 4 (https://helm.sh/docs/intro/install/) and put `helm` on PATH, or set `kubePorts.helm.path` to its absolute path.',
  kustomize:
    'Install kustomize (https://kubectl.docs.kubernetes.io/installation/kustomize/) or kubectl, and put it on PATH, or set `kubePorts.kustomize.path` to the absolute path of `kustomize` or `kubectl`.',
};

/** The one message shown when a tool is missing: which setting, how to install. */
export function missingToolMessage(tool: UnitTool, detail?: string): string {
  const what = tool === 'helm' ? 'Helm charts are not rendered: `helm` was not found' : 'Kustomizations are not rendered: neither `kustomize` nor `kubectl` was found';
  return `${detail ?? what}. ${INSTALL[tool]}`;
}

function classify(configured: string): 'kubectl' | 'kustomize' {
  return /kubectl/i.test(path.basename(configured)) ? 'kubectl' : 'kustomize';
}

/** Finds and version-checks the binary for `tool`. Never throws. */
export async function findTool(tool: UnitTool, settings: RenderHostSettings, run: Runner, env: Record<string, string>, processEnv: NodeJS.ProcessEnv = process.env): Promise<ToolLookup> {
  const configured = tool === 'helm' ? settings.helmPath : settings.kustomizePath;
  const setting = tool === 'helm' ? 'kubePorts.helm.path' : 'kubePorts.kustomize.path';
  let candidates: { path: string; binary: Tool['binary'] }[];
  if (configured) {
    const p = expandHome(configured);
    if (!path.isAbsolute(p)) return { missing: missingToolMessage(tool, `\`${setting}\` must be an absolute path, got "${configured}"`) };
    if (!executableFile(p)) return { missing: missingToolMessage(tool, `\`${setting}\` is "${configured}", which is not an executable file`) };
    candidates = [{ path: p, binary: tool === 'helm' ? 'helm' : classify(p) }];
  } else if (tool === 'helm') {
    const p = onPath('helm', processEnv);
    candidates = p ? [{ path: p, binary: 'helm' }] : [];
  } else {
    const k = onPath('kustomize', processEnv);
    const c = onPath('kubectl', processEnv);
    candidates = [...(k ? [{ path: k, binary: 'kustomize' as const }] : []), ...(c ? [{ path: c, binary: 'kubectl' as const }] : [])];
  }
  if (candidates.length === 0) return { missing: missingToolMessage(tool) };
  const problems: string[] = [];
  for (const candidate of candidates) {
    const version = await askVersion(candidate.binary, candidate.path, run, env, versionTimeout(settings));
    if ('version' in version) return { found: { tool, binary: candidate.binary, path: candidate.path, version: version.version } };
    problems.push(`${candidate.path}: ${version.problem}`);
  }
  return { missing: missingToolMessage(tool, `${tool === 'helm' ? 'Helm charts' : 'Kustomizations'} are not rendered: ${problems.join('; ')}`) };
}

async function askVersion(binary: Tool['binary'], file: string, run: Runner, env: Record<string, string>, timeoutMs: number): Promise<{ version: string } | { problem: string }> {
  const args = binary === 'helm' ? ['version', '--short'] : binary === 'kustomize' ? ['version'] : ['version', '--client'];
  const result = await run({ command: file, args, cwd: path.dirname(file), env, timeoutMs, maxStdout: 64 * 1024 });
  if (result.kind === 'timeout') return { problem: `\`${binary} ${args.join(' ')}\` did not answer within ${timeoutMs / 1000} s (kubePorts.render.timeout)` };
  if (result.kind !== 'exited') return { problem: result.kind === 'spawn-failed' ? `cannot run it (${result.error})` : 'cannot run it' };
  const text = `${result.stdout}\n${result.stderr}`;
  if (result.code !== 0) return { problem: `\`${binary} ${args.join(' ')}\` failed (exit ${result.code})` };
  if (binary === 'helm') {
    const m = /\bv(\d+)\.(\d+)\.(\d+)\S*/.exec(text);
    if (!m) return { problem: 'it does not print a Helm version' };
    if (Number(m[1]) < 3) return { problem: `Helm ${m[0]} is too old (Helm 3 or 4 is needed)` };
    return { version: m[0] };
  }
  if (binary === 'kubectl') {
    const m = /Kustomize Version:\s*(\S+)/.exec(text);
    if (!m) return { problem: 'this kubectl has no built-in kustomize (kubectl 1.14 or later is needed)' };
    return { version: `kubectl ${/Client Version:\s*(\S+)/.exec(text)?.[1] ?? '?'} kustomize ${m[1]}` };
  }
  const m = /v?\d+\.\d+\.\d+\S*/.exec(text);
  if (!m) return { problem: 'it does not print a kustomize version' };
  return { version: `kustomize ${m[0]}` };
}
