/**
 * `kube-ports check [paths...] [--format text|json|sarif]`
 */
import { SERVER_VERSION } from '../lsp/version';
import type { Finding } from '../core/findings';
import type { Settings } from '../core/settings';
import { loadPaths } from './load';
import { formatJson, formatSarif, formatText, Reporter } from './report';

export interface CheckResult {
  readonly output: string;
  readonly exitCode: 0 | 1;
  readonly errors: readonly string[];
}

export async function runCheck(paths: readonly string[], format: 'text' | 'json' | 'sarif', settings: Settings, cwd: string): Promise<CheckResult> {
  const { workspace, files, errors } = await loadPaths(paths, settings);
  const findings: Finding[] = [];
  let objects = 0;
  for (const uri of workspace.uris().sort()) {
    objects += workspace.objectsOf(uri).length;
    findings.push(...workspace.findings(uri));
  }
  const reporter = new Reporter(workspace, cwd);
  const summary = { files, objects };
  const output =
    format === 'json' ? formatJson(findings, reporter, summary) : format === 'sarif' ? formatSarif(findings, reporter, SERVER_VERSION) : formatText(findings, reporter, summary);
  return { output, exitCode: findings.some((f) => f.severity === 'error') ? 1 : 0, errors };
}
