import { InlayHintKind, type InlayHint } from 'vscode-languageserver';
import { inlayHints } from '../../core/features/inlay-hints';
import type { Feature } from '../context';

export const inlayHintFeature: Feature = {
  name: 'inlay-hints',
  capabilities: () => ({ inlayHintProvider: true }),
  register(ctx) {
    ctx.connection.languages.inlayHint.on((params) =>
      ctx.guard('inlayHint', [] as InlayHint[], () => {
        const uri = params.textDocument.uri;
        if (ctx.workspace.isPatch(uri)) return [];
        const range = { start: ctx.positions.offset(uri, params.range.start), end: ctx.positions.offset(uri, params.range.end) };
        return inlayHints(ctx.workspace.index.objectsIn(uri), ctx.workspace.index, ctx.workspace.settings, range).map((h) => ({
          position: ctx.positions.index(uri).positionAt(h.offset),
          label: h.label,
          kind: InlayHintKind.Type,
          tooltip: h.tooltip,
          paddingLeft: true,
        }));
      }),
    );
  },
};
