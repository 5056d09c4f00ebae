/**
 * A route backendRef to a Service without a port, or with a port the Service does not expose:
 * set it to one of the Service's ports (each offered; preferred when there is only one).
 */
import { backendServices, isServiceBackend } from '../../model/gateway-api';
import { portName, portNumber } from '../../model/ports';
import { isRoute, spanOf } from '../../model/types';
import { diagnosticsIn, objectsAt, overlaps } from './common';
import type { CodeActionContext, CodeActionProposal } from './types';

export function fixBackendPort(ctx: CodeActionContext): CodeActionProposal[] {
  const out: CodeActionProposal[] = [];
  for (const route of objectsAt(ctx).filter(isRoute)) {
    const ed = ctx.editor(route);
    if (!ed) continue;
    for (const rule of route.rules) {
      for (const ref of rule.backendRefs) {
        if (!isServiceBackend(ref) || !overlaps(ref.span, ctx.span)) continue;
        const fixes = diagnosticsIn(ctx, ['route-backend-port-missing'], ref.span);
        if (fixes.length === 0) continue;
        const options = new Map<number, string>();
        for (const s of backendServices(ctx.index, ref)) {
          for (const p of s.ports) {
            const n = portNumber(p.port);
            if (n !== undefined && !options.has(n)) options.set(n, portName(p.name) ?? '');
          }
        }
        const proposals: CodeActionProposal[] = [];
        for (const [n, name] of options) {
          let edit;
          if (ref.port && ref.port.value !== null) edit = ed.replaceScalar(ed.nodeAt(spanOf(ref.port), 'scalar'), n);
          else {
            const map = ed.map(ref.span);
            edit = map ? ed.insertPair(map, 'port', n, { after: ['name', 'namespace', 'kind', 'group'] }) : undefined;
          }
          if (!edit) continue;
          proposals.push({
            title: `${ref.port && ref.port.value !== null ? `Change port ${String(ref.port.value)} to` : 'Add port'} ${n}${name ? ` (${name})` : ''} of Service ${ref.name?.value ?? ''}`,
            kind: 'quickfix',
            diagnostics: fixes,
            edits: { [route.uri]: [edit] },
          });
        }
        if (proposals.length === 1) proposals[0] = { ...proposals[0]!, isPreferred: true };
        out.push(...proposals);
      }
    }
  }
  return out;
}
