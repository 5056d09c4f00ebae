/**
 * Code actions through render units, as the editor asks for them, against a fixture tree copied,
 * changed, loaded into a Workspace and rendered with the real tools (skipped loudly without them,
 * failed under CI; see render-tools.ts).
 */
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { TestContext } from 'node:test';
import { codeActionsAt } from '../../server/src/core/features/code-actions/through-units';
import type { CodeActionProposal } from '../../server/src/core/features/code-actions/index';
import { applyEdits } from '../../server/src/core/edits/text-edit';
import { normalizeSettings } from '../../server/src/core/settings';
import { Workspace } from '../../server/src/core/workspace/workspace';
import { FIXTURES, readTree, renderHelm, renderKustomize, uriOfPath } from './render-fixture';
import { requireTool } from './render-tools';

export interface Fixture {
  ws: Workspace;
  dir: string;
  uri: (rel: string) => string;
  render: () => void;
}

/** A copy of a fixture folder with some replacements and extra files, loaded and rendered. */
export function load(t: TestContext, fixture: string, changes: Record<string, [string, string]>, extra: Record<string, string> = {}): Fixture | undefined {
  const tool = fixture.startsWith('helm') ? requireTool(t, 'helm') : requireTool(t, 'kubectl');
  if (!tool) return undefined;
  const dir = path.join(mkdtempSync(path.join(tmpdir(), 'kp-actions-')), 'ws');
  cpSync(path.join(FIXTURES, fixture), dir, { recursive: true });
  for (const [rel, [from, to]] of Object.entries(changes)) {
    const file = path.join(dir, rel);
    const text = readFileSync(file, 'utf8');
    assert.ok(text.includes(from), `${rel} contains ${from}`);
    writeFileSync(file, text.replace(from, to));
  }
  for (const [rel, text] of Object.entries(extra)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  }
  const tree = readTree(dir);
  const ws = new Workspace({ settings: normalizeSettings({}) });
  for (const [uri, text] of tree.files) ws.setFile(uri, text);
  ws.setFolders([uriOfPath(dir)]);
  ws.setAuxiliaryFiles(tree.auxiliary);
  const render = () => {
    for (const unit of ws.units()) {
      if (unit.blocked) continue;
      if (unit.tool === 'helm') ws.setRenderOutcome(unit.id, { status: 'rendered', text: renderHelm(tool, dir, unit.release!) });
      else {
        const { text, originBase } = renderKustomize(tool, dir, new URL(unit.rootUri).pathname);
        ws.setRenderOutcome(unit.id, { status: 'rendered', text, originBase });
      }
    }
  };
  render();
  return { ws, dir, uri: (rel) => uriOfPath(path.join(dir, rel)), render };
}

/** The quick fixes for the diagnostics of `rule` in `uri`, as the editor asks: cursor on the diagnostic, the diagnostic sent back. */
export function fixesFor(f: Fixture, uri: string, rule: string): { proposals: CodeActionProposal[]; diagnostic: { code: string; span: { start: number; end: number } } } {
  const found = f.ws.findings(uri).filter((x) => x.rule === rule);
  assert.equal(found.length, 1, `one ${rule} in ${uri}: ${f.ws.findings(uri).map((x) => x.rule).join(', ')}`);
  const diagnostic = { code: rule, span: found[0]!.span };
  return { proposals: codeActionsAt(f.ws, { uri, span: { start: diagnostic.span.start, end: diagnostic.span.start }, diagnostics: [diagnostic] }), diagnostic };
}

/** Applies a proposal to the files on disk and in the workspace, then re-renders. */
export function apply(f: Fixture, p: CodeActionProposal): void {
  for (const [uri, edits] of Object.entries(p.edits)) {
    const next = applyEdits(f.ws.text(uri)!, edits);
    writeFileSync(new URL(uri), next);
    f.ws.setFile(uri, next);
  }
  f.render();
}

export const rules = (f: Fixture, uri: string) => f.ws.findings(uri).map((x) => x.rule);
