/**
 * Name the ports of a multi-port Service (`http`, `https`, `grpc`, else `<protocol>-<port>`).
 * Objects that refer to these ports by number keep working, so nothing else changes.
 */
import { portName, portNumber } from '../../model/ports';
import type { TextEdit } from '../../edits/text-edit';
import { diagnosticsIn, servicesAt, suggestPortName } from './common';
import type { CodeActionContext, CodeActionProposal } from './types';
import { spanOf } from '../../model/types';

export function namePorts(ctx: CodeActionContext): CodeActionProposal[] {
  const out: CodeActionProposal[] = [];
  for (const s of servicesAt(ctx)) {
    if (s.ports.length < 2) continue;
    const unnamed = s.ports.filter((p) => !portName(p.name));
    if (unnamed.length === 0) continue;
    const ed = ctx.editor(s);
    if (!ed) continue;
    const taken = new Set(s.ports.map((p) => portName(p.name)).filter((n): n is string => !!n));
    const list: TextEdit[] = [];
    const names: string[] = [];
    for (const p of unnamed) {
      const n = portNumber(p.port);
      const map = ed.map(spanOf(p));
      if (n === undefined || !map || p.name) {
        list.length = 0;
        break;
      }
      const tp = p.targetPort?.value;
      const name = suggestPortName({ port: n, protocol: p.protocol, appProtocol: typeof p.appProtocol?.value === 'string' ? p.appProtocol.value : undefined, targetName: typeof tp === 'string' ? tp : undefined }, taken);
      const edit = ed.insertPair(map, 'name', name, { start: true });
      if (!edit) {
        list.length = 0;
        break;
      }
      names.push(`${name} (${n})`);
      list.push(edit);
    }
    if (list.length === 0) continue;
    const fixes = diagnosticsIn(ctx, ['port-name-required'], s.span);
    out.push({
      title: `Name the ports: ${names.join(', ')}`,
      kind: fixes.length > 0 ? 'quickfix' : 'refactor.rewrite',
      diagnostics: fixes,
      isPreferred: fixes.length > 0,
      edits: { [s.uri]: list },
    });
  }
  return out;
}
