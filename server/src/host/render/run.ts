/**
 * Runs a rendering binary (`helm`, `kustomize`, `kubectl`): the only place in kube-ports that
 * starts a process. `spawn` with an argument array (never a shell), a timeout, cancellation by
 * AbortSignal, capped output, and an environment built from scratch (see `renderEnvironment`).
 *
 * Everything above this module takes a `Runner`, so tests can count or fake process starts.
 */
import { spawn } from 'node:child_process';
import { setPriority } from 'node:os';

export interface RunRequest {
  /** Absolute path of the binary (resolved by tools.ts; never a bare name looked up by a shell). */
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
  /** Standard output beyond this many bytes stops the process (default 64 MiB). */
  readonly maxStdout?: number;
  /** Standard error beyond this many bytes is dropped (the first bytes are kept; default 1 MiB). */
  readonly maxStderr?: number;
}

export type RunResult =
  | { readonly kind: 'exited'; readonly code: number | null; readonly signal: string | null; readonly stdout: string; readonly stderr: string; readonly milliseconds: number }
  | { readonly kind: 'timeout'; readonly milliseconds: number }
  | { readonly kind: 'aborted' }
  | { readonly kind: 'output-too-large'; readonly limit: number }
  | { readonly kind: 'spawn-failed'; readonly error: string };

export type Runner = (request: RunRequest) => Promise<RunResult>;

const DEFAULT_MAX_STDOUT = 64 * 1024 * 1024;
const DEFAULT_MAX_STDERR = 1024 * 1024;

/** The real runner. Never rejects. */
export const spawnRunner: Runner = (request) =>
  new Promise<RunResult>((resolve) => {
    if (request.signal?.aborted) {
      resolve({ kind: 'aborted' });
      return;
    }
    const started = Date.now();
    const maxStdout = request.maxStdout ?? DEFAULT_MAX_STDOUT;
    const maxStderr = request.maxStderr ?? DEFAULT_MAX_STDERR;
    let settled = false;
    let child: ReturnType<typeof spawn>;
    const finish = (result: RunResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.signal?.removeEventListener('abort', onAbort);
      resolve(result);
    };
    const kill = () => {
      try {
        child.kill('SIGKILL');
      } catch {
        // already gone
      }
    };
    const onAbort = () => {
      kill();
      finish({ kind: 'aborted' });
    };
    const timer = setTimeout(() => {
      kill();
      finish({ kind: 'timeout', milliseconds: Date.now() - started });
    }, Math.max(1, request.timeoutMs));
    try {
      child = spawn(request.command, [...request.args], {
        cwd: request.cwd,
        env: { ...request.env },
        shell: false,
        stdio: ['ignore', 'pipe', 'pipe'],
        windowsHide: true,
      });
    } catch (error) {
      finish({ kind: 'spawn-failed', error: error instanceof Error ? error.message : String(error) });
      return;
    }
    // Background work: the renderer yields the CPU to the editor (and to the language server).
    if (child.pid !== undefined) {
      try {
        setPriority(child.pid, 10);
      } catch {
        // not permitted here: it runs at normal priority
      }
    }
    request.signal?.addEventListener('abort', onAbort, { once: true });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let outBytes = 0;
    let errBytes = 0;
    child.stdout!.on('data', (chunk: Buffer) => {
      outBytes += chunk.length;
      if (outBytes > maxStdout) {
        kill();
        finish({ kind: 'output-too-large', limit: maxStdout });
        return;
      }
      out.push(chunk);
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      if (errBytes >= maxStderr) return;
      const room = maxStderr - errBytes;
      err.push(chunk.length > room ? chunk.subarray(0, room) : chunk);
      errBytes += Math.min(chunk.length, room);
    });
    child.on('error', (error) => finish({ kind: 'spawn-failed', error: error.message }));
    child.on('close', (code, signal) =>
      finish({
        kind: 'exited',
        code,
        signal,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        milliseconds: Date.now() - started,
      }),
    );
  });

/**
 * The environment a render runs with, built from scratch (nothing of the user's environment but
 * what locates programs and temp files): Helm's cache, config and data homes and HOME in
 * `stateDir` (so no repository list, registry login or plugin of the user's is read, and nothing
 * is written to their home), KUBECONFIG pointing at an empty file (no cluster is ever contacted),
 * every proxy pointing at a closed local port and git allowed no protocol, so that anything that
 * would reach the network fails at once instead of fetching.
 */
export function renderEnvironment(stateDir: string, emptyKubeconfig: string, base: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const env: Record<string, string> = {};
  for (const key of ['PATH', 'Path', 'SystemRoot', 'TMPDIR', 'TEMP', 'TMP', 'LANG', 'LC_ALL']) {
    const value = base[key];
    if (value !== undefined) env[key] = value;
  }
  const closed = 'http://127.0.0.1:9';
  return {
    ...env,
    HOME: stateDir,
    USERPROFILE: stateDir,
    XDG_CACHE_HOME: `${stateDir}/cache`,
    XDG_CONFIG_HOME: `${stateDir}/config`,
    XDG_DATA_HOME: `${stateDir}/data`,
    HELM_CACHE_HOME: `${stateDir}/helm/cache`,
    HELM_CONFIG_HOME: `${stateDir}/helm/config`,
    HELM_DATA_HOME: `${stateDir}/helm/data`,
    HELM_PLUGINS: `${stateDir}/helm/plugins`,
    KUBECONFIG: emptyKubeconfig,
    HTTP_PROXY: closed,
    HTTPS_PROXY: closed,
    http_proxy: closed,
    https_proxy: closed,
    ALL_PROXY: closed,
    NO_PROXY: '',
    no_proxy: '',
    GIT_ALLOW_PROTOCOL: 'none',
    GIT_TERMINAL_PROMPT: '0',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: emptyKubeconfig,
  };
}
