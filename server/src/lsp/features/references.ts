import type { Location } from 'vscode-languageserver';
import { references } from '../../core/features/references';
import type { Feature } from '../context';
import { uniqueLocations } from './locations';

export const referencesFeature: Feature = {
  name: 'references',
  capabilities: () => ({ referencesProvider: true }),
  register(ctx) {
    ctx.connection.onReferences((params, token) =>
      ctx.guard('references', [] as Location[], () => {
        const uri = params.textDocument.uri;
        const offset = ctx.positions.offset(uri, params.position);
        const out: Location[] = [];
        for (const view of ctx.workspace.viewsAt(uri, offset)) {
          const locs = references(view.objects, view.offset, view.index, {
            includeDeclaration: params.context?.includeDeclaration ?? true,
            text: view.text,
            settings: ctx.workspace.settings,
          });
          for (const l of locs ?? []) out.push(ctx.location(l.uri, l.span));
        }
        return uniqueLocations(out);
      }, token),
    );
  },
};
