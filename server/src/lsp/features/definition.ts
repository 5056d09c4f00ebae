import type { Location } from 'vscode-languageserver';
import { definition } from '../../core/features/definition';
import type { Feature } from '../context';

export const definitionFeature: Feature = {
  name: 'definition',
  capabilities: () => ({ definitionProvider: true }),
  register(ctx) {
    ctx.connection.onDefinition((params) =>
      ctx.guard('definition', [] as Location[], () => {
        const uri = params.textDocument.uri;
        const offset = ctx.positions.offset(uri, params.position);
        const result = definition(ctx.workspace.objectsOf(uri), offset, ctx.workspace.index, ctx.workspace.text(uri));
        return (result?.targets ?? []).map((t) => ({ uri: t.uri, range: ctx.positions.range(t.uri, t.span) }));
      }),
    );
  },
};
