import type { Location } from 'vscode-languageserver';
import { references } from '../../core/features/references';
import type { Feature } from '../context';

export const referencesFeature: Feature = {
  name: 'references',
  capabilities: () => ({ referencesProvider: true }),
  register(ctx) {
    ctx.connection.onReferences((params) =>
      ctx.guard('references', [] as Location[], () => {
        const uri = params.textDocument.uri;
        const offset = ctx.positions.offset(uri, params.position);
        const locs = references(ctx.workspace.objectsOf(uri), offset, ctx.workspace.index, {
          includeDeclaration: params.context?.includeDeclaration ?? true,
          text: ctx.workspace.text(uri),
        });
        return (locs ?? []).map((l) => ({ uri: l.uri, range: ctx.positions.range(l.uri, l.span) }));
      }),
    );
  },
};
