import type { CodeLens } from 'vscode-languageserver';
import { codeLenses } from '../../core/features/code-lens';
import type { Feature } from '../context';

/**
 * The client command that shows a lens' locations (client/src/extension.ts converts the JSON
 * arguments — uri, position, locations — to VS Code types and runs editor.action.showReferences).
 */
export const SHOW_REFERENCES_COMMAND = 'kubePorts.showReferences';

/** The client command that opens the wiring map (offered when the client says it has it: `experimental.kubePortsWiringMap`). */
export const SHOW_WIRING_MAP_COMMAND = 'kubePorts.showWiringMap';

export const codeLensFeature: Feature = {
  name: 'code-lens',
  capabilities: () => ({ codeLensProvider: { resolveProvider: false } }),
  register(ctx) {
    ctx.connection.onCodeLens((params, token) =>
      ctx.guard('codeLens', [] as CodeLens[], () => {
        const uri = params.textDocument.uri;
        if (ctx.workspace.isPatch(uri)) return [];
        const showOnMap = (ctx.client().experimental as { kubePortsWiringMap?: unknown } | undefined)?.kubePortsWiringMap === true;
        const out: CodeLens[] = [];
        const seen = new Set<string>();
        for (const view of ctx.workspace.viewsOf(uri)) {
          const objects = view.uri === uri ? ctx.workspace.index.objectsIn(uri) : view.objects;
          for (const lens of codeLenses(objects, view.index, ctx.workspace.settings, { showOnMap })) {
            const at = ctx.workspace.toSource(view.uri, lens.span);
            if (at.uri !== uri) continue;
            const range = ctx.positions.range(uri, at.span);
            const key = `${range.start.line}:${range.start.character}:${lens.title}`;
            if (seen.has(key)) continue;
            seen.add(key);
            if (lens.showOnMap) {
              out.push({ range, command: { title: lens.title, command: SHOW_WIRING_MAP_COMMAND, arguments: [{ uri, service: lens.showOnMap }] } });
              continue;
            }
            const locations = lens.locations.map((l) => ctx.location(l.uri, l.span));
            out.push({
              range,
              command: locations.length
                ? { title: lens.title, command: SHOW_REFERENCES_COMMAND, arguments: [uri, range.start, locations] }
                : { title: lens.title, command: '' },
            });
          }
        }
        return out;
      }, token),
    );
  },
};
