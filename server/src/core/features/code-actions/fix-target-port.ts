/**
 * Fix targetPort: a quoted number (`targetPort: "8080"`, rejected by the API server) becomes the
 * number; an unresolved or undeclared targetPort can be changed to any container port (by name
 * and by number) of the templates the Service selects.
 */
import { declaredPorts, portName, targetPortOf } from '../../model/ports';
import { type Service, type ServicePort, spanOf } from '../../model/types';
import { diagnosticsIn, servicesAt } from './common';
import type { CodeActionContext, CodeActionProposal } from './types';

const TARGET_RULES = ['target-port-name-unresolved', 'target-port-not-declared', 'target-port-protocol-mismatch'];

export function fixTargetPort(ctx: CodeActionContext): CodeActionProposal[] {
  const out: CodeActionProposal[] = [];
  for (const s of servicesAt(ctx)) {
    const ed = ctx.editor(s);
    if (!ed) continue;
    for (const p of s.ports) {
      const t = p.targetPort;
      // `targetPort: "8080"` → `8080`
      if (t && typeof t.value === 'string' && /^\d+$/.test(t.value) && Number(t.value) >= 1 && Number(t.value) <= 65535) {
        const fixes = diagnosticsIn(ctx, ['invalid-port-name', ...TARGET_RULES], spanOf(t));
        const inRange = ctx.span.start <= p.end && ctx.span.end >= p.start;
        if (fixes.length > 0 || inRange) {
          const edit = ed.replaceScalar(ed.nodeAt(spanOf(t), 'scalar'), Number(t.value));
          if (edit) out.push({ title: `Change targetPort "${t.value}" to the number ${t.value}`, kind: 'quickfix', diagnostics: fixes, isPreferred: true, edits: { [s.uri]: [edit] } });
        }
        continue;
      }
      const fixes = diagnosticsIn(ctx, TARGET_RULES, spanOf(p));
      if (fixes.length === 0) continue;
      out.push(...candidates(ctx, s, p, fixes));
    }
  }
  return out;
}

function candidates(ctx: CodeActionContext, s: Service, p: ServicePort, fixes: CodeActionProposal['diagnostics']): CodeActionProposal[] {
  const ed = ctx.editor(s);
  if (!ed || !s.selector) return [];
  const current = targetPortOf(p);
  const options = new Map<string, string | number>();
  for (const w of ctx.index.selectWorkloads(s.namespace, s.selector).slice(0, 20)) {
    if (!w.template) continue;
    for (const d of declaredPorts(w.template)) {
      if (d.port.protocol !== p.protocol) continue;
      const name = portName(d.port.name);
      if (name && !(current.kind === 'name' && current.name === name)) options.set(`n:${name}`, name);
      if (!(current.kind === 'number' && current.port === d.containerPort)) options.set(`#:${d.containerPort}`, d.containerPort);
    }
  }
  const out: CodeActionProposal[] = [];
  const map = ed.map(spanOf(p));
  for (const value of options.values()) {
    let edit;
    if (p.targetPort && p.targetPort.value !== null && p.targetPort.value !== '' && p.targetPort.value !== 0) {
      const node = ed.nodeAt(spanOf(p.targetPort), 'scalar');
      edit = ed.replaceScalar(node, value);
    } else if (map) {
      edit = ed.insertPair(map, 'targetPort', value, { after: ['port'] });
    }
    if (!edit) continue;
    const from = p.targetPort && p.targetPort.value !== null ? `targetPort ${String(p.targetPort.value)}` : 'targetPort';
    out.push({ title: `Change ${from} to ${typeof value === 'number' ? value : `"${value}"`}`, kind: 'quickfix', diagnostics: fixes, edits: { [s.uri]: [edit] } });
  }
  if (out.length === 1) out[0] = { ...out[0]!, isPreferred: true };
  return out;
}
