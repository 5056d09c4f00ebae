import { ErrorCodes, ResponseError, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver';
import { prepareRename, rename } from '../../core/features/rename';
import type { Feature } from '../context';

export const renameFeature: Feature = {
  name: 'rename',
  capabilities: (client) => ({ renameProvider: client.textDocument?.rename?.prepareSupport ? { prepareProvider: true } : true }),
  register(ctx) {
    ctx.connection.onPrepareRename((params, token) =>
      ctx.guard('prepareRename', null, () => {
        const uri = params.textDocument.uri;
        const offset = ctx.positions.offset(uri, params.position);
        const r = prepareRename(ctx.workspace.objectsOf(uri), offset, ctx.workspace.index);
        if ('error' in r) return new ResponseError(ErrorCodes.InvalidRequest, r.error) as never;
        return { range: ctx.positions.range(uri, r.span), placeholder: r.placeholder };
      }, token),
    );
    ctx.connection.onRenameRequest((params, token) =>
      ctx.guard('rename', null, () => {
        const uri = params.textDocument.uri;
        const offset = ctx.positions.offset(uri, params.position);
        const r = rename(ctx.workspace.objectsOf(uri), offset, ctx.workspace.index, params.newName);
        if ('error' in r) return new ResponseError(ErrorCodes.InvalidRequest, r.error) as never;
        const changes: Record<string, TextEdit[]> = {};
        for (const e of r.edits) (changes[e.uri] ??= []).push({ range: ctx.positions.range(e.uri, e.span), newText: params.newName });
        const edit: WorkspaceEdit = { changes };
        return edit;
      }, token),
    );
  },
};
