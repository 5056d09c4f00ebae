import { InlayHintKind, type InlayHint } from 'vscode-languageserver';
import { inlayHints } from '../../core/features/inlay-hints';
import type { Feature } from '../context';

export const inlayHintFeature: Feature = {
  name: 'inlay-hints',
  capabilities: () => ({ inlayHintProvider: true }),
  register(ctx) {
    ctx.connection.languages.inlayHint.on((params, token) =>
      ctx.guard('inlayHint', [] as InlayHint[], () => {
        const uri = params.textDocument.uri;
        if (ctx.workspace.isPatch(uri)) return [];
        const range = { start: ctx.positions.offset(uri, params.range.start), end: ctx.positions.offset(uri, params.range.end) };
        const out: InlayHint[] = [];
        const seen = new Set<string>();
        for (const view of ctx.workspace.viewsOf(uri)) {
          const own = view.uri === uri;
          const objects = own ? ctx.workspace.index.objectsIn(uri) : view.objects;
          const within = own ? range : { start: 0, end: view.text.length };
          for (const h of inlayHints(objects, view.index, ctx.workspace.settings, within)) {
            const at = ctx.workspace.toSource(view.uri, { start: h.offset, end: h.offset });
            // A hint on a rendered line is shown only where it lands exactly (not on a fallback line).
            if (at.uri !== uri || (!own && !at.exact) || at.span.end < range.start || at.span.end > range.end) continue;
            const key = `${at.span.end}:${h.label}`;
            if (seen.has(key)) continue;
            seen.add(key);
            out.push({ position: ctx.positions.index(uri).positionAt(at.span.end), label: h.label, kind: InlayHintKind.Type, tooltip: h.tooltip, paddingLeft: true });
          }
        }
        return out;
      }, token),
    );
  },
};
