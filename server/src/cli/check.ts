/**
 * `kube-ports check [paths...] [--format text|json|sarif|github] [--fail-on error|warning|information]`
 */
import { SERVER_VERSION } from '../lsp/version';
import type { Finding } from '../core/findings';
import type { Settings, Severity } from '../core/settings';
import { loadPaths } from './load';
import type { CliRenderOptions, UnitReport } from './render';
import { formatGithub, formatJson, formatSarif, formatText, Reporter } from './report';

export const CHECK_FORMATS = ['text', 'json', 'sarif', 'github'] as const;
export type CheckFormat = (typeof CHECK_FORMATS)[number];
/** `--fail-on`: the lowest severity that makes the exit code 1. */
export const FAIL_ON = ['error', 'warning', 'information'] as const;
export type FailOn = (typeof FAIL_ON)[number];

export interface CheckOptions {
  readonly format: CheckFormat;
  readonly failOn: FailOn;
  /** No manifest under the paths is not an error. */
  readonly allowEmpty: boolean;
  readonly readStdin?: () => Promise<string>;
  /** Render units (absent: --no-render). */
  readonly render?: CliRenderOptions | undefined;
}

export interface CheckResult {
  readonly output: string;
  /** 0 nothing at or above `--fail-on`; 1 something; 2 a path could not be read, or no manifest was found. */
  readonly exitCode: 0 | 1 | 2;
  readonly errors: readonly string[];
}

const RANK: Record<Severity, number> = { hint: 0, information: 1, warning: 2, error: 3 };

export async function runCheck(paths: readonly string[], options: CheckOptions, settings: Settings, cwd: string): Promise<CheckResult> {
  const loaded = await loadPaths(paths, settings, { readStdin: options.readStdin, render: options.render, cwd });
  const { workspace, files, errors, rendered } = loaded;
  if (rendered?.usage) return { output: '', exitCode: 2, errors: [rendered.usage] };
  const findings: Finding[] = [];
  let objects = 0;
  for (const uri of workspace.uris().sort()) {
    // A unit's inputs are counted by what they rendered to (below), not as raw files.
    if (!workspace.isRenderedInput(uri)) objects += workspace.objectsOf(uri).length;
    findings.push(...workspace.findings(uri));
  }
  // Rendered objects' findings produced inside an `include` land on the helper's `.tpl` line.
  for (const uri of workspace.textInputUris().sort()) findings.push(...workspace.findings(uri));
  await loaded.saveCache?.();
  const units: readonly UnitReport[] = rendered?.units ?? [];
  for (const u of units) objects += u.objects ?? 0;
  const reporter = new Reporter(workspace, cwd);
  const summary = { files, objects, ...(options.render ? { units } : {}) };
  const format = options.format;
  const output =
    format === 'json'
      ? formatJson(findings, reporter, summary)
      : format === 'sarif'
        ? formatSarif(findings, reporter, SERVER_VERSION)
        : format === 'github'
          ? formatGithub(findings, reporter, summary)
          : formatText(findings, reporter, summary);
  // A missing helm / kustomize must not let a CI job pass on a half-checked repository.
  if (rendered?.missing.length) return { output, exitCode: 2, errors: [...errors, ...rendered.missing.map((m) => `${m} (or pass --no-render to check the plain files only)`)] };
  return { output, exitCode: inputExitCode(loaded, paths, options.allowEmpty, errors) ?? (findings.some((f) => RANK[f.severity] >= RANK[options.failOn]) ? 1 : 0), errors };
}

/** Exit code 2 when the input itself is wrong: a named path that cannot be read, or no manifest at all (unless allowed). */
export function inputExitCode(loaded: { unreadable: readonly string[]; manifests: number }, paths: readonly string[], allowEmpty: boolean, errors: string[]): 2 | undefined {
  if (loaded.unreadable.length > 0) return 2;
  if (loaded.manifests === 0 && !allowEmpty) {
    errors.push(`no Kubernetes manifest found in ${paths.join(', ')} (pass --allow-empty if that is expected)`);
    return 2;
  }
  return undefined;
}
