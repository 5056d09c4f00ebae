import { CompletionItemKind, InsertTextFormat, type CompletionItem } from 'vscode-languageserver';
import { completion, type CompletionKind } from '../../core/features/completion';
import type { Feature } from '../context';

const KIND: Record<CompletionKind, CompletionItemKind> = {
  'port-name': CompletionItemKind.Reference,
  'port-number': CompletionItemKind.Value,
  'label-set': CompletionItemKind.Snippet,
  'label-key': CompletionItemKind.Property,
  'label-value': CompletionItemKind.Value,
  service: CompletionItemKind.Interface,
  enum: CompletionItemKind.EnumMember,
};

export const completionFeature: Feature = {
  name: 'completion',
  capabilities: () => ({ completionProvider: { triggerCharacters: [' ', ':'], resolveProvider: false } }),
  register(ctx) {
    ctx.connection.onCompletion((params, token) =>
      ctx.guard('completion', [] as CompletionItem[], () => {
        const uri = params.textDocument.uri;
        const text = ctx.workspace.text(uri);
        if (text === undefined) return [];
        const offset = ctx.positions.offset(uri, params.position);
        return completion({ text, offset, objects: ctx.workspace.objectsOf(uri), index: ctx.workspace.index, settings: ctx.workspace.settings }).map(
          (c): CompletionItem => ({
            label: c.label,
            kind: KIND[c.kind],
            ...(c.detail ? { detail: c.detail } : {}),
            ...(c.documentation ? { documentation: c.documentation } : {}),
            sortText: c.sortText,
            ...(c.filterText ? { filterText: c.filterText } : {}),
            insertTextFormat: InsertTextFormat.PlainText,
            textEdit: { range: ctx.positions.range(uri, c.replace), newText: c.insertText },
            ...(c.retrigger ? { command: { title: 'Suggest', command: 'editor.action.triggerSuggest' } } : {}),
          }),
        );
      }, token),
    );
  },
};
