/**
 * Code actions: quick fixes for the wiring diagnostics and refactorings (Add nodePort, Create
 * Service, …). The core proposes edits in offsets; this adapter turns them into a WorkspaceEdit,
 * as snippet edits (LSP 3.18 `SnippetTextEdit`) when the client supports them.
 */
import { CodeActionKind, type CodeAction, type Diagnostic, type TextDocumentEdit, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver';
import { CODE_ACTION_KINDS, type CodeActionProposal } from '../../core/features/code-actions/index';
import { codeActionsAt } from '../../core/features/code-actions/through-units';
import type { Feature, ServerContext } from '../context';

function toAction(ctx: ServerContext, uri: string, p: CodeActionProposal, sent: readonly Diagnostic[], snippets: boolean, disabledSupport: boolean): CodeAction | undefined {
  const diagnostics = sent.filter((d) =>
    p.diagnostics.some((x) => {
      const r = ctx.positions.range(uri, x.span);
      return String(d.code) === x.code && r.start.line === d.range.start.line && r.start.character === d.range.start.character && r.end.line === d.range.end.line && r.end.character === d.range.end.character;
    }),
  );
  const action: CodeAction = { title: p.title, kind: p.kind };
  if (diagnostics.length) action.diagnostics = diagnostics;
  if (p.isPreferred) action.isPreferred = true;
  if (p.disabled !== undefined) {
    if (!disabledSupport) return undefined;
    action.disabled = { reason: p.disabled };
    return action;
  }
  const entries = Object.entries(p.edits);
  const hasSnippet = entries.some(([, es]) => es.some((e) => e.snippet !== undefined));
  if (snippets && hasSnippet) {
    const documentChanges: TextDocumentEdit[] = entries.map(([u, es]) => ({
      textDocument: { uri: u, version: null },
      edits: es.map((e) =>
        e.snippet !== undefined
          ? ({ range: ctx.positions.range(u, e.span), snippet: { kind: 'snippet', value: e.snippet } } as unknown as TextEdit)
          : { range: ctx.positions.range(u, e.span), newText: e.newText },
      ),
    }));
    action.edit = { documentChanges };
  } else {
    const changes: WorkspaceEdit['changes'] = {};
    for (const [u, es] of entries) changes[u] = es.map((e) => ({ range: ctx.positions.range(u, e.span), newText: e.newText }));
    action.edit = { changes };
  }
  return action;
}

export const codeActionFeature: Feature = {
  name: 'code-actions',
  capabilities: () => ({ codeActionProvider: { codeActionKinds: [...CODE_ACTION_KINDS], resolveProvider: false } }),
  register(ctx) {
    ctx.connection.onCodeAction((params, token) =>
      ctx.guard('codeAction', [] as CodeAction[], () => {
        const uri = params.textDocument.uri;
        if (!ctx.workspace.has(uri)) return [];
        const caps = ctx.client();
        const ws = caps.workspace?.workspaceEdit as { snippetEditSupport?: boolean; documentChanges?: boolean } | undefined;
        const snippets = ws?.snippetEditSupport === true && ws.documentChanges === true;
        const disabledSupport = caps.textDocument?.codeAction?.disabledSupport === true;
        const span = { start: ctx.positions.offset(uri, params.range.start), end: ctx.positions.offset(uri, params.range.end) };
        const sent = params.context.diagnostics.filter((d) => d.source === undefined || d.source === 'kube-ports');
        const diagnostics = sent
          .filter((d) => d.code !== undefined)
          .map((d) => ({ code: String(d.code), span: { start: ctx.positions.offset(uri, d.range.start), end: ctx.positions.offset(uri, d.range.end) } }));
        const only = params.context.only?.map((k) => (k === CodeActionKind.Empty ? '' : k)).filter((k) => k !== '');
        const proposals = codeActionsAt(ctx.workspace, { uri, span, diagnostics, only }, (id, error) =>
          ctx.log.error(`code action ${id} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`),
        );
        return proposals.map((p) => toAction(ctx, uri, p, sent, snippets, disabledSupport)).filter((a): a is CodeAction => a !== undefined);
      }, token),
    );
  },
};
