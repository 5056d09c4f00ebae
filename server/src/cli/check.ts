/**
 * `kube-ports check [paths...] [--format text|json|sarif]`
 */
import { SERVER_VERSION } from '../lsp/version';
import type { Finding } from '../core/findings';
import type { Settings } from '../core/settings';
import { loadPaths } from './load';
import type { CliRenderOptions, UnitReport } from './render';
import { formatJson, formatSarif, formatText, Reporter } from './report';

export interface CheckResult {
  readonly output: string;
  readonly exitCode: 0 | 1 | 2;
  readonly errors: readonly string[];
}

export async function runCheck(paths: readonly string[], format: 'text' | 'json' | 'sarif', settings: Settings, cwd: string, render?: CliRenderOptions): Promise<CheckResult> {
  const { workspace, files, errors, rendered } = await loadPaths(paths, settings, [], render, cwd);
  if (rendered?.usage) return { output: '', exitCode: 2, errors: [rendered.usage] };
  const findings: Finding[] = [];
  let objects = 0;
  for (const uri of workspace.uris().sort()) {
    // A unit's inputs are counted by what they rendered to (below), not as raw files.
    if (!workspace.isRenderedInput(uri)) objects += workspace.objectsOf(uri).length;
    findings.push(...workspace.findings(uri));
  }
  const units: readonly UnitReport[] = rendered?.units ?? [];
  for (const u of units) objects += u.objects ?? 0;
  const reporter = new Reporter(workspace, cwd);
  const summary = { files, objects, ...(render ? { units } : {}) };
  const output =
    format === 'json' ? formatJson(findings, reporter, summary) : format === 'sarif' ? formatSarif(findings, reporter, SERVER_VERSION) : formatText(findings, reporter, summary);
  // A missing helm / kustomize must not let a CI job pass on a half-checked repository.
  if (rendered?.missing.length) return { output, exitCode: 2, errors: [...errors, ...rendered.missing.map((m) => `${m} (or pass --no-render to check the plain files only)`)] };
  return { output, exitCode: findings.some((f) => f.severity === 'error') ? 1 : 0, errors };
}
