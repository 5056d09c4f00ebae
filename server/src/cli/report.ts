/**
 * Findings as the CLI prints them: compiler-style text, the JSON contract, SARIF 2.1.0.
 */
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Finding } from '../core/findings';
import { STDIN_NAME, STDIN_URI } from './load';
import { RULES } from '../core/rules/index';
import type { Severity } from '../core/settings';
import { LineIndex, type Position } from '../core/text/line-index';
import type { Workspace } from '../core/workspace/workspace';
import type { UnitReport } from './render';

export const READER_NOTES: Record<string, string> = {
  'yaml-syntax': 'The document is not valid YAML; kube-ports skipped it.',
  'helm-template': 'The document is a Helm/Go template; kube-ports skipped it.',
  'file-too-large': 'The file is larger than kubePorts.maxFileSize; kube-ports skipped it.',
  'not-text': 'The file is not text; kube-ports skipped it.',
  'too-complex': 'The document nests too deeply to analyse; kube-ports skipped it.',
};

/** Notes about render units themselves (the core's unit notes). */
export const RENDER_NOTES: Record<string, { text: string; level: Severity }> = {
  'render-failed': { text: 'helm template / kustomize build failed; the error is on the file and line the tool names.', level: 'error' },
  'render-skipped': { text: 'The unit was not rendered (untrusted workspace, rendering off, binary missing, timed out); its files are checked as plain YAML.', level: 'information' },
  'render-blocked': { text: 'The unit is not rendered because rendering would need the network or files outside the workspace (unvendored dependency, remote resource).', level: 'information' },
};

export const DOCS_URL = 'https://github.com/kube-ports/kube-ports/blob/main/README.md';

export class Reporter {
  private readonly lines = new Map<string, LineIndex>();
  constructor(
    private readonly workspace: Workspace,
    private readonly cwd: string,
  ) {}

  /** The file a location is in, relative to the working folder; a rendered unit's location is its template / base file's; standard input is `<stdin>`. */
  file(uri: string, at: { start: number; end: number } | number = 0): string {
    const source = this.workspace.toSource(uri, typeof at === 'number' ? { start: at, end: at } : at).uri;
    if (source === STDIN_URI) return STDIN_NAME;
    try {
      return path.relative(this.cwd, fileURLToPath(source)).split(path.sep).join('/');
    } catch {
      return source;
    }
  }

  range(renderedOrSourceUri: string, at: { start: number; end: number }): { start: Position; end: Position } {
    const { uri, span } = this.workspace.toSource(renderedOrSourceUri, at);
    let index = this.lines.get(uri);
    if (!index) this.lines.set(uri, (index = new LineIndex(this.workspace.text(uri) ?? '')));
    return { start: index.positionAt(span.start), end: index.positionAt(span.end) };
  }
}

export interface Summary {
  readonly files: number;
  readonly objects: number;
  /** Render units and what became of them (when rendering was asked for). */
  readonly units?: readonly UnitReport[];
}

export function formatText(findings: readonly Finding[], r: Reporter, summary: Summary): string {
  const out: string[] = [];
  for (const f of findings) {
    const { start } = r.range(f.uri, f.span);
    out.push(`${r.file(f.uri, f.span)}:${start.line + 1}:${start.character + 1} ${f.severity} ${f.rule} ${f.message}`);
    for (const rel of f.related) {
      const s = r.range(rel.uri, rel.span).start;
      out.push(`  ${r.file(rel.uri, rel.span)}:${s.line + 1}:${s.character + 1} note: ${rel.message}`);
    }
  }
  const count = (s: Severity) => findings.filter((f) => f.severity === s).length;
  out.push(
    `${summary.files} files, ${summary.objects} objects: ${count('error')} errors, ${count('warning')} warnings, ${count('information') + count('hint')} notes`,
  );
  if (summary.units?.length) {
    const n = (s: UnitReport['status']) => summary.units!.filter((u) => u.status === s).length;
    const parts = [`${n('rendered')} rendered`, ...(n('failed') ? [`${n('failed')} failed`] : []), ...(n('not-rendered') + n('blocked') ? [`${n('not-rendered') + n('blocked')} not rendered`] : []), ...(n('skipped') ? [`${n('skipped')} not rendered (--no-render)`] : [])];
    out.push(`${summary.units.length} render units (Helm charts, Kustomize roots): ${parts.join(', ')}`);
  }
  return out.join('\n') + '\n';
}

const GITHUB_COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', information: 'notice', hint: 'notice' };

/** GitHub Actions workflow commands' escaping: data, and property values (which also escape `:` and `,`). */
const githubData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const githubProperty = (s: string) => githubData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

/**
 * `--format github`: one workflow command per finding (`::error file=…,line=…,col=…,title=rule::message`),
 * which GitHub Actions shows as an annotation on the line; then the summary line.
 */
export function formatGithub(findings: readonly Finding[], r: Reporter, summary: Summary): string {
  const out: string[] = [];
  for (const f of findings) {
    const { start, end } = r.range(f.uri, f.span);
    const props = [`file=${githubProperty(r.file(f.uri, f.span))}`, `line=${start.line + 1}`, `col=${start.character + 1}`, `endLine=${end.line + 1}`, `endColumn=${end.character + 1}`, `title=${githubProperty(f.rule)}`];
    const related = f.related.map((rel) => {
      const s = r.range(rel.uri, rel.span).start;
      return `\n${r.file(rel.uri, rel.span)}:${s.line + 1}:${s.character + 1} ${rel.message}`;
    });
    out.push(`::${GITHUB_COMMAND[f.severity]} ${props.join(',')}::${githubData(f.message + related.join(''))}`);
  }
  const count = (s: Severity) => findings.filter((f) => f.severity === s).length;
  out.push(`${summary.files} files, ${summary.objects} objects: ${count('error')} errors, ${count('warning')} warnings, ${count('information') + count('hint')} notes`);
  return out.join('\n') + '\n';
}

export function formatJson(findings: readonly Finding[], r: Reporter, summary: Summary): string {
  return (
    JSON.stringify(
      {
        version: 1,
        files: summary.files,
        objects: summary.objects,
        ...(summary.units ? { units: summary.units.map((u) => ({ ...u, root: r.file(u.root) })) } : {}),
        diagnostics: findings.map((f) => ({
          file: r.file(f.uri, f.span),
          range: r.range(f.uri, f.span),
          severity: f.severity,
          code: f.rule,
          message: f.message,
          related: f.related.map((rel) => ({ file: r.file(rel.uri, rel.span), range: r.range(rel.uri, rel.span), message: rel.message })),
        })),
      },
      null,
      2,
    ) + '\n'
  );
}

const SARIF_LEVEL: Record<Severity, string> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

export function formatSarif(findings: readonly Finding[], r: Reporter, version: string): string {
  const region = (uri: string, span: { start: number; end: number }) => {
    const { start, end } = r.range(uri, span);
    return { startLine: start.line + 1, startColumn: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1 };
  };
  const rules = [
    ...RULES.map((rule) => ({ id: rule.id, text: rule.description, level: rule.defaultSeverity })),
    ...Object.entries(READER_NOTES).map(([id, text]) => ({ id, text, level: 'information' as Severity })),
    ...Object.entries(RENDER_NOTES).map(([id, note]) => ({ id, text: note.text, level: note.level })),
  ].map((rule) => ({
    id: rule.id,
    name: rule.id.replace(/(^|-)([a-z])/g, (_, __, c: string) => c.toUpperCase()),
    shortDescription: { text: rule.text },
    fullDescription: { text: rule.text },
    helpUri: `${DOCS_URL}#${rule.id}`,
    help: { text: `${rule.text} See ${DOCS_URL}#${rule.id}` },
    defaultConfiguration: { level: SARIF_LEVEL[rule.level] },
  }));
  const ruleIndex = new Map(rules.map((rule, i) => [rule.id, i]));
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'kube-ports', version, informationUri: DOCS_URL, rules } },
        columnKind: 'utf16CodeUnits',
        results: findings.map((f) => ({
          ruleId: f.rule,
          ...(ruleIndex.has(f.rule) ? { ruleIndex: ruleIndex.get(f.rule) } : {}),
          level: SARIF_LEVEL[f.severity],
          message: { text: f.message },
          locations: [{ physicalLocation: { artifactLocation: { uri: r.file(f.uri, f.span) }, region: region(f.uri, f.span) } }],
          relatedLocations: f.related.map((rel, id) => ({
            id,
            message: { text: rel.message },
            physicalLocation: { artifactLocation: { uri: r.file(rel.uri, rel.span) }, region: region(rel.uri, rel.span) },
          })),
        })),
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}
