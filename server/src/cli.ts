#!/usr/bin/env node
/**
 * The command-line front end over the same core as the language server.
 *   kube-ports check [paths...|-] [--format text|json|sarif|github] [--fail-on error|warning|information]
 * Exit codes: 0 nothing at or above --fail-on, 1 something, 2 usage error, a path that cannot be
 * read, no manifest under the paths (unless --allow-empty), or a rendering binary missing
 * (without --no-render).
 */
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { CHECK_FORMATS, FAIL_ON, runCheck, type CheckFormat, type FailOn } from './cli/check';
import { runExplain } from './cli/explain';
import { graphCommand, GRAPH_USAGE } from './cli/graph-command';
import type { CliRenderOptions } from './cli/render';
import { normalizeSettings } from './core/settings';
import { renderHostSettings } from './host/render/tools';
import { decodeText } from './host/manifest-files';
import { SERVER_VERSION } from './lsp/version';
import { applyV8Flags } from './host/v8-flags';

applyV8Flags();

const USAGE = `Usage: kube-ports <command> [options] [paths...]

Commands:
  check [paths...]     Report wiring faults in the manifests under paths (default: .;
                       - reads standard input, e.g. helm template x | kube-ports check -)
  explain [paths...]   Show every way into each Service and the Pods it reaches
                       (--service <namespace>/<name> for one; --format text or json)
${GRAPH_USAGE}
Options:
  --format <f>             check: text (default), json, sarif or github (workflow commands)
  --fail-on <severity>     check: the lowest severity that exits 1: error (default), warning, information
  --allow-empty            no manifest under the paths is not an error (exit 0, not 2)
  --default-namespace <ns> namespace of objects that declare none (default: default)
  --node-port-range <a-b>  the API server's --service-node-port-range (default: 30000-32767)
  --cluster-domain <d>     cluster DNS domain (default: cluster.local)
  --exclude <glob>         skip files matching glob (repeatable)
  --rule <id=level>        set a rule's severity: error, warning, information, hint, off (repeatable)
  --no-notes               do not report files skipped as templates or invalid YAML

Helm charts and Kustomize roots under the paths are rendered (helm template, kustomize build
or kubectl kustomize; found on PATH) and their rendered objects checked; findings point at
template, values and base lines. A missing binary exits 2 unless --no-render.
  --no-render              check charts and kustomizations as plain files (no helm/kustomize)
  --release-name <name>    release name of the one chart checked (default: the chart name)
  --namespace <ns>         namespace of the one chart's release (default: --default-namespace)
  --helm-values <file>     values file for the one chart (repeatable; default: its values.yaml)
  --helm <path>            the helm binary (default: helm on PATH)
  --kustomize <path>       the kustomize or kubectl binary (default: kustomize, else kubectl on PATH)
  --render-timeout <s>     seconds one render may take (default: 10)
  --cache <dir>            keep render results and the parsed files with their findings in dir:
                           unchanged units are not rendered, unchanged files not read again
  -h, --help               show this help
  -v, --version            show the version
`;

export type Command = (args: string[], io: Io) => Promise<number>;

export interface Io {
  readonly cwd: string;
  /** Reads all of standard input (the path `-`); absent when there is none to read. */
  readonly readStdin?: ReadStdin;
  out(text: string): void;
  err(text: string): void;
}

const OPTIONS = {
  format: { type: 'string' },
  'default-namespace': { type: 'string' },
  'node-port-range': { type: 'string' },
  'cluster-domain': { type: 'string' },
  exclude: { type: 'string', multiple: true },
  rule: { type: 'string', multiple: true },
  'no-notes': { type: 'boolean' },
  // Rendering (cli/render.ts).
  'no-render': { type: 'boolean' },
  'release-name': { type: 'string' },
  namespace: { type: 'string' },
  'helm-values': { type: 'string', multiple: true },
  helm: { type: 'string' },
  kustomize: { type: 'string' },
  'render-timeout': { type: 'string' },
  cache: { type: 'string' },
  'allow-empty': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

export class UsageError extends Error {}

/** Options only `check` takes (the shared ones are in OPTIONS). */
const CHECK_OPTIONS = {
  'fail-on': { type: 'string' },
} as const;

/** The value of option `name` when it is one of `allowed` (else a usage error); `fallback` when absent. */
function oneOf<T extends string>(name: string, value: unknown, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if ((allowed as readonly unknown[]).includes(value)) return value as T;
  throw new UsageError(`--${name} must be ${allowed.slice(0, -1).join(', ')} or ${allowed.at(-1)}, got "${String(value)}"`);
}

/** Standard input as text (for the path `-`). */
export type ReadStdin = () => Promise<string>;

export function parseCommon(args: string[], extra: Record<string, { type: 'string' | 'boolean'; multiple?: boolean }> = {}) {
  let parsed;
  try {
    parsed = parseArgs({ args, options: { ...OPTIONS, ...extra }, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const v = parsed.values as Record<string, unknown>;
  const rules: Record<string, string> = {};
  for (const r of (v.rule as string[] | undefined) ?? []) {
    const m = /^([a-z0-9-]+)=(error|warning|information|hint|off)$/.exec(r);
    if (!m) throw new UsageError(`--rule expects id=level, got "${r}"`);
    rules[m[1]!] = m[2]!;
  }
  if (v['node-port-range'] !== undefined && !/^\s*\d+\s*-\s*\d+\s*$/.test(String(v['node-port-range']))) {
    throw new UsageError(`--node-port-range expects <min>-<max>, got "${String(v['node-port-range'])}"`);
  }
  const settings = normalizeSettings({
    defaultNamespace: v['default-namespace'],
    nodePortRange: v['node-port-range'],
    clusterDomain: v['cluster-domain'],
    exclude: v.exclude,
    rules,
    skippedFileNotes: v['no-notes'] ? false : undefined,
  });
  return { values: v, positionals: parsed.positionals, settings, render: renderOptions(v) };
}

function renderOptions(v: Record<string, unknown>): CliRenderOptions {
  const str = (k: string) => (typeof v[k] === 'string' ? (v[k] as string) : undefined);
  const timeout = str('render-timeout');
  if (timeout !== undefined && !(Number(timeout) > 0)) throw new UsageError(`--render-timeout expects seconds, got "${timeout}"`);
  const release = str('release-name');
  if (v['no-render'] && (release !== undefined || str('namespace') !== undefined || v['helm-values'] !== undefined)) {
    throw new UsageError('--release-name, --namespace and --helm-values need rendering; drop --no-render');
  }
  const abs = (p: string | undefined) => (p === undefined ? undefined : path.resolve(p));
  const host = renderHostSettings({ render: { timeout: timeout !== undefined ? Number(timeout) : undefined }, helm: { path: abs(str('helm')) }, kustomize: { path: abs(str('kustomize')) } });
  return {
    render: !v['no-render'],
    host,
    ...(str('cache') !== undefined ? { cacheDir: str('cache')! } : {}),
    ...(release !== undefined ? { releaseName: release } : {}),
    ...(str('namespace') !== undefined ? { namespace: str('namespace')! } : {}),
    ...(Array.isArray(v['helm-values']) ? { helmValues: v['helm-values'] as string[] } : {}),
  };
}

const check: Command = async (args, io) => {
  const { values, positionals, settings, render } = parseCommon(args, CHECK_OPTIONS);
  const format: CheckFormat = oneOf('format', values.format, CHECK_FORMATS, 'text');
  const failOn: FailOn = oneOf('fail-on', values['fail-on'], FAIL_ON, 'error');
  const options = { format, failOn, allowEmpty: values['allow-empty'] === true, render, ...(io.readStdin ? { readStdin: io.readStdin } : {}) };
  const result = await runCheck(positionals.length ? positionals : ['.'], options, settings, io.cwd);
  for (const e of result.errors) io.err(`kube-ports: ${e}\n`);
  io.out(result.output);
  return result.exitCode;
};

const explain: Command = async (args, io) => {
  const { values, positionals, settings, render } = parseCommon(args, { service: { type: 'string' } });
  const format = oneOf('format', values.format, ['text', 'json'] as const, 'text');
  let only: { namespace: string; name: string } | undefined;
  if (values.service !== undefined) {
    const m = /^([^/\s]+)\/([^/\s]+)$/.exec(String(values.service));
    if (!m) throw new UsageError(`--service expects <namespace>/<name>, got "${String(values.service)}"`);
    only = { namespace: m[1]!, name: m[2]! };
  }
  const options = { format, only, allowEmpty: values['allow-empty'] === true, render, ...(io.readStdin ? { readStdin: io.readStdin } : {}) };
  const result = await runExplain(positionals.length ? positionals : ['.'], options, settings, io.cwd);
  for (const e of result.errors) io.err(`kube-ports: ${e}\n`);
  io.out(result.output);
  return result.exitCode;
};

export const COMMANDS: Record<string, Command> = { check, explain, graph: graphCommand };

export async function main(argv: string[], io: Io): Promise<number> {
  const [command, ...rest] = argv;
  if (command === '--version' || command === '-v') {
    io.out(`${SERVER_VERSION}\n`);
    return 0;
  }
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    io.out(USAGE);
    return command ? 0 : 2;
  }
  const run = COMMANDS[command];
  if (!run) {
    io.err(`kube-ports: unknown command "${command}"\n\n${USAGE}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(USAGE);
    return 0;
  }
  try {
    return await run(rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`kube-ports: ${e.message}\n\n${USAGE}`);
      return 2;
    }
    io.err(`kube-ports: internal error: ${(e as Error).stack ?? String(e)}\n`);
    return 3;
  }
}

if (require.main === module) {
  main(process.argv.slice(2), {
    cwd: process.cwd(),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return decodeText(Buffer.concat(chunks));
    },
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      process.stderr.write(`kube-ports: ${String(e)}\n`);
      process.exitCode = 3;
    },
  );
}
