import type { Location } from 'vscode-languageserver';
import { definition } from '../../core/features/definition';
import type { Feature } from '../context';
import { uniqueLocations } from './locations';

export const definitionFeature: Feature = {
  name: 'definition',
  capabilities: () => ({ definitionProvider: true }),
  register(ctx) {
    ctx.connection.onDefinition((params, token) =>
      ctx.guard('definition', [] as Location[], () => {
        const uri = params.textDocument.uri;
        const offset = ctx.positions.offset(uri, params.position);
        const out: Location[] = [];
        for (const view of ctx.workspace.viewsAt(uri, offset)) {
          const result = definition(view.objects, view.offset, view.index, view.text, ctx.workspace.settings);
          for (const t of result?.targets ?? []) out.push(ctx.location(t.uri, t.span));
        }
        return uniqueLocations(out);
      }, token),
    );
  },
};
