import { MarkupKind, type Hover } from 'vscode-languageserver';
import { hoverAt } from '../../core/features/hover';
import type { Feature } from '../context';

/** Hover: every access path of a Service port down to the Pods (core/features/hover.ts). */
export const hoverFeature: Feature = {
  name: 'hover',
  capabilities: () => ({ hoverProvider: true }),
  register(ctx) {
    ctx.connection.onHover((params) =>
      ctx.guard<Hover | null>('hover', null, () => {
        const uri = params.textDocument.uri;
        const text = ctx.workspace.text(uri);
        if (text === undefined) return null;
        const offset = ctx.positions.offset(uri, params.position);
        const result = hoverAt(
          {
            index: ctx.workspace.index,
            settings: ctx.workspace.settings,
            objects: ctx.workspace.objectsOf(uri),
            text,
            position: (u, o) => (ctx.workspace.text(u) === undefined ? undefined : ctx.positions.range(u, { start: o, end: o }).start),
          },
          offset,
        );
        if (!result) return null;
        return { contents: { kind: MarkupKind.Markdown, value: result.markdown }, range: ctx.positions.range(uri, result.span) };
      }),
    );
  },
};
