/**
 * Data-driven fixtures, in the style of rust-analyzer's:
 *
 *   //- /shop/svc.yaml
 *   apiVersion: v1
 *   kind: Service
 *   ...
 *       targetPort: htp$0
 *   #               ^^^ error target-port-name-unresolved
 *
 * `//- /path` starts a file; `$0` marks the cursor (removed from the text); a comment line made
 * of carets annotates the line above it with an expected finding: `severity rule-id`, optionally
 * followed by `: text the message must contain`. Annotation lines stay in the text (they are YAML
 * comments), which also proves comments never disturb the analysis.
 */
import assert from 'node:assert/strict';
import type { Finding } from '../../server/src/core/findings';
import { normalizeSettings, type Settings } from '../../server/src/core/settings';
import { LineIndex } from '../../server/src/core/text/line-index';
import { Workspace } from '../../server/src/core/workspace/workspace';

export const ROOT = 'file:///ws';

export interface Fixture {
  readonly files: Map<string, string>;
  /** The uri and offset of `$0`, when present. */
  readonly cursor: { uri: string; offset: number } | undefined;
}

export function uriOf(path: string): string {
  return `${ROOT}${path.startsWith('/') ? path : '/' + path}`;
}

export function parseFixture(text: string): Fixture {
  const files = new Map<string, string>();
  let cursor: Fixture['cursor'];
  const lines = dedent(text).split('\n');
  let current: string | undefined;
  let body: string[] = [];
  const flush = () => {
    if (current === undefined) return;
    let content = body.join('\n');
    const at = content.indexOf('$0');
    if (at >= 0) {
      content = content.slice(0, at) + content.slice(at + 2);
      cursor = { uri: uriOf(current), offset: at };
    }
    files.set(uriOf(current), content);
  };
  for (const line of lines) {
    const header = /^\/\/- (\S+)\s*$/.exec(line);
    if (header) {
      flush();
      current = header[1]!;
      body = [];
    } else {
      if (current === undefined) current = '/main.yaml';
      body.push(line);
    }
  }
  flush();
  return { files, cursor };
}

function dedent(text: string): string {
  const lines = text.replace(/^\n/, '').replace(/\n[ \t]*$/, '\n').split('\n');
  const indents = lines.filter((l) => l.trim()).map((l) => /^[ \t]*/.exec(l)![0].length);
  const min = indents.length ? Math.min(...indents) : 0;
  return lines.map((l) => l.slice(Math.min(min, /^[ \t]*/.exec(l)![0].length))).join('\n');
}

export function workspaceOf(fixture: Fixture | string, settings?: Partial<Record<string, unknown>>): Workspace {
  const f = typeof fixture === 'string' ? parseFixture(fixture) : fixture;
  const ws = new Workspace({ settings: settings ? normalizeSettings(settings) : undefined });
  for (const [uri, text] of f.files) ws.setFile(uri, text);
  return ws;
}

export function allFindings(ws: Workspace): Finding[] {
  return ws.uris().flatMap((uri) => ws.findings(uri));
}

const ANNOTATION = /^(\s*)#(\s*)(\^+)\s+(error|warning|information|hint)\s+([a-z0-9-]+)(?::\s*(.*))?$/;

interface Expected {
  readonly key: string;
  readonly contains: string | undefined;
}

/** The expected findings written in the fixture as caret annotations. */
export function expectedFindings(f: Fixture): Expected[] {
  const out: Expected[] = [];
  for (const [uri, text] of f.files) {
    const lines = text.split('\n');
    let target = -1;
    lines.forEach((line, i) => {
      const m = ANNOTATION.exec(line);
      if (!m) {
        target = i;
        return;
      }
      const col = line.indexOf('^');
      const len = m[3]!.length;
      out.push({ key: `${uri.slice(ROOT.length)}:${target + 1}:${col + 1}-${col + 1 + len} ${m[4]} ${m[5]}`, contains: m[6]?.trim() || undefined });
    });
  }
  return out;
}

/** A finding in the annotation's terms: its first line, from its start to its end or the end of that line. */
export function findingKey(f: Finding, text: string): string {
  const lines = new LineIndex(text);
  const start = lines.positionAt(f.span.start);
  const end = Math.min(f.span.end, lines.lineEnd(start.line));
  const endCol = Math.max(start.character + 1, end - lines.lineStart(start.line));
  return `${f.uri.slice(ROOT.length)}:${start.line + 1}:${start.character + 1}-${endCol + 1} ${f.severity} ${f.rule}`;
}

/**
 * Analyses the fixture and asserts that the findings are exactly the annotated ones (optionally
 * only those of `rules`).
 */
export function checkFindings(text: string, options: { settings?: Record<string, unknown>; rules?: readonly string[] } = {}): Finding[] {
  const fixture = parseFixture(text);
  const ws = workspaceOf(fixture, options.settings);
  const findings = allFindings(ws).filter((f) => !options.rules || options.rules.includes(f.rule));
  const actual = findings.map((f) => findingKey(f, fixture.files.get(f.uri)!)).sort();
  const expected = expectedFindings(fixture);
  assert.deepEqual(actual, expected.map((e) => e.key).sort(), `findings differ; messages:\n${findings.map((f) => `  ${f.rule}: ${f.message}`).join('\n')}`);
  for (const e of expected) {
    if (!e.contains) continue;
    const f = findings.find((x) => findingKey(x, fixture.files.get(x.uri)!) === e.key);
    assert.ok(f && f.message.includes(e.contains), `message of ${e.key} should contain "${e.contains}", got: ${f?.message}`);
  }
  return findings;
}

export function settingsOf(raw: Record<string, unknown>): Settings {
  return normalizeSettings(raw);
}
