import { MarkupKind, type Hover } from 'vscode-languageserver';
import { hoverAt } from '../../core/features/hover';
import type { Feature } from '../context';

/**
 * Hover: every access path of a Service port down to the Pods (core/features/hover.ts). On a
 * template or base line of a render unit, the hover of what that line rendered to, per unit.
 */
export const hoverFeature: Feature = {
  name: 'hover',
  capabilities: () => ({ hoverProvider: true }),
  register(ctx) {
    ctx.connection.onHover((params, token) =>
      ctx.guard<Hover | null>('hover', null, () => {
        const uri = params.textDocument.uri;
        if (ctx.workspace.text(uri) === undefined) return null;
        const offset = ctx.positions.offset(uri, params.position);
        const views = ctx.workspace.viewsAt(uri, offset);
        const parts: string[] = [];
        let range: Hover['range'];
        const seen = new Set<string>();
        for (const view of views) {
          const result = hoverAt(
            {
              index: view.index,
              settings: ctx.workspace.settings,
              objects: view.objects,
              text: view.text,
              position: (u, o) => {
                const source = ctx.workspace.toSource(u, { start: o, end: o });
                return ctx.workspace.text(source.uri) === undefined ? undefined : ctx.positions.range(source.uri, source.span).start;
              },
            },
            view.offset,
          );
          if (!result || seen.has(result.markdown)) continue;
          seen.add(result.markdown);
          const source = ctx.workspace.toSource(view.uri, result.span);
          if (!range && source.uri === uri) range = ctx.positions.range(uri, source.span);
          parts.push(view.unit ? `*In ${unitName(view.unit)}*\n\n${result.markdown}` : result.markdown);
        }
        if (parts.length === 0) return null;
        return { contents: { kind: MarkupKind.Markdown, value: parts.join('\n\n---\n\n') }, ...(range ? { range } : {}) };
      }, token),
    );
  },
};

function unitName(unit: { tool: string; name: string; release?: string; rootUri: string }): string {
  if (unit.tool === 'helm') return `Helm release \`${unit.release ?? unit.name}\` (chart ${unit.name})`;
  return `kustomization \`${decodeURIComponent(unit.rootUri.slice(unit.rootUri.lastIndexOf('/') + 1))}\``;
}
