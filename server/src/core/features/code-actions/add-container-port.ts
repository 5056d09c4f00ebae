/**
 * Add the missing containerPort to the container(s) of the selected workloads (named when the
 * Service's targetPort is a name). May edit another file than the Service's.
 */
import { portName, portNumber, servingContainers, targetPortOf, resolveTargetPort } from '../../model/ports';
import { type Container, type Workload, spanOf } from '../../model/types';
import type { YamlValue } from '../../edits/emit';
import { isSeq } from '../../parse/yaml';
import { describe, diagnosticsIn, servicesAt } from './common';
import type { CodeActionContext, CodeActionProposal } from './types';

export function addContainerPort(ctx: CodeActionContext): CodeActionProposal[] {
  const out: CodeActionProposal[] = [];
  for (const s of servicesAt(ctx)) {
    if (!s.selector) continue;
    for (const p of s.ports) {
      const fixes = diagnosticsIn(ctx, ['target-port-name-unresolved', 'target-port-not-declared'], spanOf(p));
      if (fixes.length === 0) continue;
      const target = targetPortOf(p);
      const number = target.kind === 'number' ? target.port : portNumber(p.port);
      if (target.kind === 'invalid' || number === undefined) continue;
      const item: Record<string, YamlValue> = {};
      if (target.kind === 'name') item.name = target.name;
      item.containerPort = number;
      if (p.protocol !== 'TCP') item.protocol = p.protocol;
      for (const w of ctx.index.selectWorkloads(s.namespace, s.selector).slice(0, 10)) {
        if (!w.template) continue;
        const r = resolveTargetPort(p, w.template);
        if (r.kind === 'declared') continue;
        const containers = servingContainers(w.template);
        for (const c of containers.slice(0, 5)) {
          if (target.kind === 'name' && c.ports.some((cp) => portName(cp.name) === target.name)) continue;
          const edit = insertContainerPort(ctx, w, c, item);
          if (!edit) continue;
          const what = target.kind === 'name' ? `containerPort ${number} named ${target.name}` : `containerPort ${number}`;
          const where = containers.length > 1 ? ` to container ${String(c.name?.value ?? '?')} of ${describe(w)}` : ` to ${describe(w)}`;
          out.push({ title: `Add ${what}${where}`, kind: 'quickfix', diagnostics: fixes, edits: { [w.uri]: [edit] } });
        }
      }
    }
  }
  return out;
}

function insertContainerPort(ctx: CodeActionContext, w: Workload, c: Container, item: Record<string, YamlValue>) {
  const ed = ctx.editor(w);
  if (!ed) return undefined;
  const container = ed.map(spanOf(c));
  if (!container) return undefined;
  const ports = ed.pair(container, 'ports');
  if (ports) {
    const seq = ports.value;
    return isSeq(seq) && seq.items.length > 0 ? ed.appendItem(seq, item) : undefined;
  }
  return ed.insertPair(container, 'ports', [item], { after: ['image', 'name'] });
}
