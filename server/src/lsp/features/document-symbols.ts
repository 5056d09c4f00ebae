import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver';
import { documentSymbols, type OutlineKind, type OutlineNode } from '../../core/features/document-symbols';
import type { Feature } from '../context';

const KIND: Record<OutlineKind, SymbolKind> = {
  object: SymbolKind.Object,
  workload: SymbolKind.Class,
  service: SymbolKind.Interface,
  container: SymbolKind.Module,
  port: SymbolKind.Number,
  ingress: SymbolKind.Event,
  endpoints: SymbolKind.Struct,
};

export const documentSymbolFeature: Feature = {
  name: 'document-symbols',
  capabilities: () => ({ documentSymbolProvider: { label: 'Kubernetes objects' } }),
  register(ctx) {
    ctx.connection.onDocumentSymbol((params) =>
      ctx.guard('documentSymbol', [], () => {
        const uri = params.textDocument.uri;
        const convert = (n: OutlineNode): DocumentSymbol => ({
          name: n.name,
          detail: n.detail,
          kind: KIND[n.kind],
          range: ctx.positions.range(uri, n.span),
          selectionRange: ctx.positions.range(uri, n.selectionSpan),
          children: n.children.map(convert),
        });
        return documentSymbols(ctx.workspace.objectsOf(uri)).map(convert);
      }),
    );
  },
};
