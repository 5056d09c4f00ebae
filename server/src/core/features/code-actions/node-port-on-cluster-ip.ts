/**
 * node-port-on-cluster-ip: remove the nodePort, or make the Service NodePort.
 */
import { diagnosticsIn, servicesAt } from './common';
import { setTypeNodePort } from './add-node-port';
import type { CodeActionContext, CodeActionProposal } from './types';
import { spanOf } from '../../model/types';

export function nodePortOnClusterIp(ctx: CodeActionContext): CodeActionProposal[] {
  const out: CodeActionProposal[] = [];
  for (const s of servicesAt(ctx)) {
    if (s.type !== 'ClusterIP') continue;
    const all = diagnosticsIn(ctx, ['node-port-on-cluster-ip'], s.span);
    if (all.length === 0) continue;
    const ed = ctx.editor(s);
    if (!ed) continue;
    for (const p of s.ports) {
      if (!p.nodePort) continue;
      const fixes = all.filter((d) => d.span.start >= p.start && d.span.end <= p.end);
      if (fixes.length === 0) continue;
      const map = ed.map(spanOf(p));
      const edit = map ? ed.removePair(map, 'nodePort') : undefined;
      if (edit) out.push({ title: `Remove nodePort ${String(p.nodePort.value)}`, kind: 'quickfix', diagnostics: fixes, edits: { [s.uri]: [edit] } });
    }
    if (s.headless) continue; // NodePort with clusterIP: None is rejected
    const type = setTypeNodePort(ctx, s);
    if (type.edit) out.push({ title: `Set type: NodePort on Service ${s.name}`, kind: 'quickfix', diagnostics: all, edits: { [s.uri]: [type.edit] } });
  }
  return out;
}
