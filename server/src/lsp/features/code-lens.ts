import type { CodeLens } from 'vscode-languageserver';
import { codeLenses } from '../../core/features/code-lens';
import type { Feature } from '../context';

/**
 * The client command that shows a lens' locations (client/src/extension.ts converts the JSON
 * arguments — uri, position, locations — to VS Code types and runs editor.action.showReferences).
 */
export const SHOW_REFERENCES_COMMAND = 'kubePorts.showReferences';

export const codeLensFeature: Feature = {
  name: 'code-lens',
  capabilities: () => ({ codeLensProvider: { resolveProvider: false } }),
  register(ctx) {
    ctx.connection.onCodeLens((params) =>
      ctx.guard('codeLens', [] as CodeLens[], () => {
        const uri = params.textDocument.uri;
        if (ctx.workspace.isPatch(uri)) return [];
        return codeLenses(ctx.workspace.index.objectsIn(uri), ctx.workspace.index, ctx.workspace.settings).map((lens) => {
          const range = ctx.positions.range(uri, lens.span);
          const locations = lens.locations.map((l) => ({ uri: l.uri, range: ctx.positions.range(l.uri, l.span) }));
          return {
            range,
            command: locations.length
              ? { title: lens.title, command: SHOW_REFERENCES_COMMAND, arguments: [uri, range.start, locations] }
              : { title: lens.title, command: '' },
          };
        });
      }),
    );
  },
};
