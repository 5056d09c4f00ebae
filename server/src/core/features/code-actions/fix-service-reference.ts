/**
 * Fix a service reference: on a port mismatch "Change 8080 to 7070 (the Service port)", on a
 * wrong namespace "Use cartservice.shop". The edit replaces only the characters of the port or
 * of the host inside the string (quotes, scheme, path and the rest of the value stay), and only
 * when those characters are known exactly (see TextValue).
 */
import { portNumber } from '../../model/ports';
import { type Span, spanOf } from '../../model/types';
import { intendedPort } from '../../references/describe';
import { referencesOf, type ServiceReference } from '../../references/service-references';
import { diagnosticsIn, objectsAt, overlaps } from './common';
import type { CodeActionContext, CodeActionProposal } from './types';

const inSite = (r: ServiceReference, s: Span | undefined): s is Span => s !== undefined && s.start >= r.site.value.start && s.end <= r.site.value.end;

export function fixServiceReference(ctx: CodeActionContext): CodeActionProposal[] {
  const out: CodeActionProposal[] = [];
  const seen = new Set<string>();
  for (const o of objectsAt(ctx)) {
    for (const r of referencesOf(ctx.index, o, ctx.settings)) {
      if (!overlaps(spanOf(r.site.value), ctx.span) && !(r.hostSpan && overlaps(r.hostSpan, ctx.span))) continue;
      if (r.status === 'port-mismatch' && r.portSpan && r.portText !== undefined && /^\d+$/.test(r.portText) && !r.direct) {
        const intended = intendedPort(ctx.index, r.services, r.port);
        const to = intended ? portNumber(intended.port.port) : undefined;
        if (to === undefined) continue;
        const key = `p${r.portSpan.start}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const fixes = diagnosticsIn(ctx, ['service-reference-port-mismatch'], inSite(r, r.portSpan) ? r.portSpan : spanOf(r.site.value));
        out.push({
          title: `Change ${r.portText} to ${to} (the Service port)`,
          kind: 'quickfix',
          diagnostics: fixes,
          isPreferred: true,
          edits: { [r.site.uri]: [{ span: r.portSpan, newText: String(to) }] },
        });
      } else if (r.status === 'wrong-namespace' && r.hostSpan && r.form.kind === 'short') {
        const namespaces = [...new Set(r.elsewhere.map((s) => s.namespace))].sort();
        const key = `h${r.hostSpan.start}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const fixes = diagnosticsIn(ctx, ['service-reference-wrong-namespace'], inSite(r, r.hostSpan) ? r.hostSpan : spanOf(r.site.value));
        for (const ns of namespaces) {
          const name = `${r.form.service}.${ns}`;
          out.push({
            title: `Use ${name}`,
            kind: 'quickfix',
            diagnostics: fixes,
            isPreferred: namespaces.length === 1,
            edits: { [r.site.uri]: [{ span: r.hostSpan, newText: name }] },
          });
        }
      }
    }
  }
  return out;
}
