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
    ctx.connection.onDocumentSymbol((params, token) =>
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
        const own = ctx.workspace.objectsOf(uri);
        if (own.length > 0 || !ctx.workspace.isRenderedInput(uri)) return documentSymbols(own).map(convert);
        // A chart template: the outline of what it renders to, on the template's lines (first unit only).
        const view = ctx.workspace.viewsOf(uri)[0];
        if (!view) return [];
        const mapped = (n: OutlineNode): DocumentSymbol | undefined => {
          const range = ctx.workspace.toSource(view.uri, n.span);
          if (range.uri !== uri) return undefined;
          const selection = ctx.workspace.toSource(view.uri, n.selectionSpan);
          const inside = selection.uri === uri && selection.span.start >= range.span.start && selection.span.end <= range.span.end;
          return {
            name: n.name,
            detail: n.detail,
            kind: KIND[n.kind],
            range: ctx.positions.range(uri, range.span),
            selectionRange: ctx.positions.range(uri, inside ? selection.span : range.span),
            // LSP wants children inside their parent; a child that maps elsewhere (a helper's output) is left out.
            children: n.children
              .map(mapped)
              .filter((c): c is DocumentSymbol => c !== undefined)
              .filter((c) => {
                const p = ctx.positions.range(uri, range.span);
                return before(p.start, c.range.start) && before(c.range.end, p.end);
              }),
          };
        };
        const before = (a: { line: number; character: number }, b: { line: number; character: number }) => a.line < b.line || (a.line === b.line && a.character <= b.character);
        return documentSymbols(view.objects)
          .map(mapped)
          .filter((c): c is DocumentSymbol => c !== undefined);
      }, token),
    );
  },
};
