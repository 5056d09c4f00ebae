import { SymbolKind, type SymbolInformation } from 'vscode-languageserver';
import { workspaceSymbols } from '../../core/features/workspace-symbols';
import { nameOrKindSpanOf, isService, isWorkload } from '../../core/model/types';
import type { Feature } from '../context';

export const workspaceSymbolFeature: Feature = {
  name: 'workspace-symbols',
  capabilities: () => ({ workspaceSymbolProvider: true }),
  register(ctx) {
    ctx.connection.onWorkspaceSymbol((params, token) =>
      ctx.guard('workspaceSymbol', [] as SymbolInformation[], () =>
        workspaceSymbols(ctx.workspace.index.allObjects(), params.query).map((s) => ({
          name: s.name,
          containerName: s.containerName,
          kind: isService(s.object) ? SymbolKind.Interface : isWorkload(s.object) ? SymbolKind.Class : SymbolKind.Object,
          location: { uri: s.object.uri, range: ctx.positions.range(s.object.uri, nameOrKindSpanOf(s.object)) },
        })),
      token),
    );
  },
};
