/**
 * Code actions on template and base lines: a file whose objects a rendered unit stands for (a
 * kustomize base or patch, a Helm template) gets the actions of the rendered objects its position
 * produced, computed against the rendered file with its unit's index view and findings, and kept
 * only when every edit lands on a source line a person edits:
 *
 * - a replacement whose rendered span maps exactly onto source text equal to the rendered text
 *   (a literal in a base, a patch or a template) is made there;
 * - Helm: a replacement of a value a plain `{{ .Values.a.b }}` produced is made on the values-file
 *   line that reference reads (the template keeps its reference);
 * - Kustomize: an insertion (a key into a mapping, an item appended to a sequence, as
 *   `YamlEditor` makes them) is made again in the source collection the next render reads it from
 *   (`Workspace.insertionTarget`: the base's same mapping or list, or the patch that sets it),
 *   with the same value, by the same editor, in that file's indentation and sequence style — the
 *   rendered output's text and place say nothing about the source's; a mapping key goes after the
 *   same sibling key when the source has it (key order means nothing to Kubernetes), an item at
 *   the end of the list, as in the rendered edit;
 * - anything else (a value made by `include`, `range`, a function, a default; an insertion into a
 *   template, where the blanked `{{ … }}` actions leave no exact place; a new document, which
 *   namePrefix or labels would change; an insertion where a JSON 6902 op or a transformer rewrites
 *   the path; an edit in a packaged subchart) is not offered: an edit the next render would undo
 *   is worse than none.
 *
 * Plain files never come here (`codeActionsAt` runs the actions on the file itself).
 */
import type { TextEdit } from '../../edits/text-edit';
import { insertionOf, YamlEditor } from '../../edits/yaml-edit';
import type { InsertionRequest, InsertionTarget } from '../../render/rendered-docs';
import type { Finding } from '../../findings';
import type { K8sObject, Span } from '../../model/types';
import type { ParsedDocument } from '../../parse/parse-file';
import { isMap, isSeq } from '../../parse/yaml';
import { isRenderedUri, type RenderUnit, type SourceLocation } from '../../render/types';
import type { Settings } from '../../settings';
import type { IndexView } from '../../workspace/workspace-index';
import { overlaps } from './common';
import { codeActions, workspaceEnv, type CodeActionRequest } from './index';
import type { ActionDiagnostic, CodeActionEnv, CodeActionProposal } from './types';

/** What the Workspace gives (kept structural, as `workspaceEnv`). */
export interface UnitActionWorkspace {
  readonly index: IndexView;
  readonly settings: Settings;
  text(uri: string): string | undefined;
  objectsOf(uri: string): readonly K8sObject[];
  parsed(uri: string): { documents: readonly ParsedDocument[] } | undefined;
  withSyntax(doc: ParsedDocument): ParsedDocument;
  isRenderedInput(uri: string): boolean;
  viewsAt(uri: string, offset: number): readonly { uri: string; text: string; index: IndexView; offset: number; unit: RenderUnit | undefined }[];
  findings(uri: string): Finding[];
  sourceOf(uri: string, span: Span): SourceLocation;
  insertionTarget(uri: string, span: Span, insertion: InsertionRequest): InsertionTarget | undefined;
}

/** The code actions at a position of any file: the file's own, or those of the rendered objects it produced, mapped back. */
export function codeActionsAt(ws: UnitActionWorkspace, request: CodeActionRequest, onError?: (id: string, error: unknown) => void): CodeActionProposal[] {
  if (isRenderedUri(request.uri) || !ws.isRenderedInput(request.uri)) return codeActions(workspaceEnv(ws), request, onError);
  return throughUnits(ws, request, onError);
}

function throughUnits(ws: UnitActionWorkspace, request: CodeActionRequest, onError?: (id: string, error: unknown) => void): CodeActionProposal[] {
  // Rendered positions of the cursor and of each diagnostic the editor sent.
  const at = new Map<string, { view: ReturnType<UnitActionWorkspace['viewsAt']>[number]; offsets: Set<number> }>();
  for (const offset of [request.span.start, ...request.diagnostics.map((d) => d.span.start)]) {
    for (const v of ws.viewsAt(request.uri, offset)) {
      if (v.uri === request.uri || !isRenderedUri(v.uri)) continue;
      let entry = at.get(v.uri);
      if (!entry) at.set(v.uri, (entry = { view: v, offsets: new Set() }));
      entry.offsets.add(v.offset);
    }
  }
  const out: CodeActionProposal[] = [];
  const seen = new Set<string>();
  for (const { view, offsets } of at.values()) {
    // The editor's diagnostics are on source lines: the rendered findings that map onto them.
    const diagnostics: ActionDiagnostic[] = [];
    const sourceOf = new Map<ActionDiagnostic, ActionDiagnostic>();
    for (const f of ws.findings(view.uri)) {
      const loc = ws.sourceOf(view.uri, f.span);
      if (loc.uri !== request.uri) continue;
      const sent = request.diagnostics.find((d) => d.code === f.rule && overlaps(d.span, loc.span));
      if (!sent) continue;
      const d = { code: f.rule, span: f.span };
      diagnostics.push(d);
      sourceOf.set(d, sent);
    }
    const env: CodeActionEnv = { ...workspaceEnv(ws), index: view.index };
    for (const offset of offsets) {
      const proposals = codeActions(env, { uri: view.uri, span: { start: offset, end: offset }, diagnostics, ...(request.only ? { only: request.only } : {}) }, onError);
      for (const p of proposals) {
        const mapped = mapProposal(ws, view, p, sourceOf);
        if (!mapped) continue;
        const key = JSON.stringify([mapped.title, mapped.kind, mapped.disabled ?? '', mapped.edits]);
        if (seen.has(key)) continue;
        seen.add(key);
        out.push(mapped);
      }
    }
  }
  return out;
}

function mapProposal(
  ws: UnitActionWorkspace,
  view: { uri: string; text: string; unit: RenderUnit | undefined },
  p: CodeActionProposal,
  sourceOf: ReadonlyMap<ActionDiagnostic, ActionDiagnostic>,
): CodeActionProposal | undefined {
  const edits: Record<string, TextEdit[]> = {};
  const add = (uri: string, e: TextEdit) => (edits[uri] ??= []).push(e);
  for (const [uri, list] of Object.entries(p.edits)) {
    for (const e of list) {
      if (!isRenderedUri(uri)) {
        if (ws.isRenderedInput(uri)) return undefined; // raw objects no render uses as written
        add(uri, e);
        continue;
      }
      if (uri !== view.uri) return undefined;
      const mapped = mapEdit(ws, view, e);
      if (!mapped) return undefined;
      add(mapped.uri, mapped.edit);
    }
  }
  if (Object.keys(edits).length === 0 && p.disabled === undefined) return undefined;
  for (const list of Object.values(edits)) {
    list.sort((a, b) => a.span.start - b.span.start);
    for (let i = 1; i < list.length; i++) if (list[i]!.span.start < list[i - 1]!.span.end) return undefined; // two rendered edits on one source span
  }
  const diagnostics = p.diagnostics.map((d) => sourceOf.get(d)).filter((d): d is ActionDiagnostic => d !== undefined);
  return { ...p, diagnostics, edits };
}

/** A rendered edit on the source: a literal replaced where it is written, a plain `.Values` value on its values-file line, or a kustomize insertion made in its source collection. */
function mapEdit(ws: UnitActionWorkspace, view: { uri: string; text: string; unit: RenderUnit | undefined }, e: TextEdit): { uri: string; edit: TextEdit } | undefined {
  if (e.span.end <= e.span.start) return view.unit?.tool === 'kustomize' ? mapInsertion(ws, view.uri, e) : undefined;
  const rendered = view.text.slice(e.span.start, e.span.end);
  const loc = ws.sourceOf(view.uri, e.span);
  if (!loc.exact || isRenderedUri(loc.uri)) return undefined;
  const source = ws.text(loc.uri);
  if (source === undefined) return undefined;
  if (source.slice(loc.span.start, loc.span.end) === rendered) return { uri: loc.uri, edit: e.snippet !== undefined ? { span: loc.span, newText: e.newText, snippet: e.snippet } : { span: loc.span, newText: e.newText } };
  if (view.unit?.tool !== 'helm') return undefined;
  for (const r of loc.related ?? []) {
    if (isRenderedUri(r.uri) || !r.message.startsWith('.Values.')) continue;
    const text = ws.text(r.uri);
    const value = text === undefined ? undefined : valueSpan(text, r.span);
    if (!value || unquote(text!.slice(value.start, value.end)) !== unquote(rendered)) continue;
    return { uri: r.uri, edit: e.snippet !== undefined ? { span: value, newText: e.newText, snippet: e.snippet } : { span: value, newText: e.newText } };
  }
  return undefined;
}

/** A rendered insertion made again, by the same editor call, in the source collection the next render reads. */
function mapInsertion(ws: UnitActionWorkspace, renderedUri: string, e: TextEdit): { uri: string; edit: TextEdit } | undefined {
  const insertion = insertionOf(e);
  if (!insertion || e.snippet !== undefined) return undefined;
  const target = ws.insertionTarget(renderedUri, insertion.into, insertion.kind === 'pair' ? { key: insertion.key, value: insertion.value } : { value: insertion.value });
  if (!target || isRenderedUri(target.uri)) return undefined;
  const text = ws.text(target.uri);
  const doc = ws.parsed(target.uri)?.documents.find((d) => d.span.start <= target.span.start && target.span.end <= d.span.end);
  if (text === undefined || !doc || text.slice(target.span.start, target.span.end) !== target.text) return undefined;
  const ed = new YamlEditor(text, ws.withSyntax(doc));
  const node = ed.nodeAt(target.span);
  const edit = insertion.kind === 'pair' ? (isMap(node) ? ed.insertPair(node, insertion.key, insertion.value, insertion.where) : undefined) : isSeq(node) ? ed.appendItem(node, insertion.value) : undefined;
  return edit ? { uri: target.uri, edit } : undefined;
}

/** The value of a one-line `key: value` span of a values file (undefined for a block value or a comment-only line). */
function valueSpan(text: string, pair: Span): Span | undefined {
  const s = text.slice(pair.start, pair.end);
  if (s.includes('\n')) return undefined;
  const colon = s.search(/:(\s|$)/);
  if (colon < 0) return undefined;
  let start = pair.start + colon + 1;
  while (start < pair.end && (text[start] === ' ' || text[start] === '\t')) start++;
  if (start >= pair.end) return undefined;
  return { start, end: pair.end };
}

function unquote(s: string): string {
  const t = s.trim();
  if (t.length >= 2 && ((t.startsWith('"') && t.endsWith('"')) || (t.startsWith("'") && t.endsWith("'")))) return t.slice(1, -1);
  return t;
}
