/**
 * Add nodePort (one port, or all ports of a Service): the lowest node port of
 * `kubePorts.nodePortRange` that no Service of the workspace uses for that protocol; a ClusterIP
 * Service becomes NodePort (LoadBalancer and NodePort stay). Also the quick fix for a nodePort
 * out of range or already taken: change it to a free one.
 */
import { portNumber } from '../../model/ports';
import { type Service, type ServicePort, spanOf } from '../../model/types';
import type { TextEdit } from '../../edits/text-edit';
import { describe, diagnosticsIn, freeNodePorts, portAt, servicesAt } from './common';
import type { CodeActionContext, CodeActionProposal } from './types';

const EXPOSABLE = ['ClusterIP', 'NodePort', 'LoadBalancer'];

function hasNodePort(p: ServicePort): boolean {
  const n = portNumber(p.nodePort);
  return n !== undefined && n !== 0;
}

/** The edit that makes a Service NodePort when it is ClusterIP (none otherwise). */
export function setTypeNodePort(ctx: CodeActionContext, s: Service): { edit: TextEdit | undefined; changes: boolean } {
  if (s.type !== 'ClusterIP') return { edit: undefined, changes: false };
  const ed = ctx.editor(s);
  if (!ed) return { edit: undefined, changes: true };
  if (s.typeScalar) return { edit: ed.replaceScalar(ed.nodeAt(spanOf(s.typeScalar), 'scalar'), 'NodePort'), changes: true };
  const spec = ed.map(s.specSpan);
  return { edit: spec ? ed.insertPair(spec, 'type', 'NodePort', { start: true }) : undefined, changes: true };
}

export function addNodePort(ctx: CodeActionContext): CodeActionProposal[] {
  const out: CodeActionProposal[] = [];
  for (const s of servicesAt(ctx)) {
    if (!EXPOSABLE.includes(s.type) || s.headless) continue;
    const ed = ctx.editor(s);
    if (!ed) continue;
    const type = setTypeNodePort(ctx, s);
    if (type.changes && !type.edit) continue;
    const typeTitle = type.changes ? ' and set type: NodePort' : '';
    const portEdit = (p: ServicePort, n: number) => {
      // `nodePort: 0` (or null) means unset: replace it rather than add a second key.
      if (p.nodePort) return ed.replaceScalar(ed.nodeAt(spanOf(p.nodePort), 'scalar'), n);
      const map = ed.map(spanOf(p));
      return map ? ed.insertPair(map, 'nodePort', n, { after: ['targetPort', 'port'] }) : undefined;
    };
    // Quick fix: a nodePort out of range or taken by another Service.
    for (const p of s.ports) {
      if (!p.nodePort) continue;
      const fixes = diagnosticsIn(ctx, ['node-port-out-of-range', 'node-port-conflict'], spanOf(p.nodePort));
      if (fixes.length === 0) continue;
      const [n] = freeNodePorts(ctx, p.protocol, 1);
      if (n === undefined) continue;
      const edit = ed.replaceScalar(ed.nodeAt(spanOf(p.nodePort), 'scalar'), n);
      if (!edit) continue;
      out.push({ title: `Change nodePort ${String(p.nodePort.value)} to ${n}`, kind: 'quickfix', diagnostics: fixes, isPreferred: true, edits: { [s.uri]: [edit] } });
    }
    const missing = s.ports.filter((p) => !hasNodePort(p) && portNumber(p.port) !== undefined);
    if (missing.length === 0) continue;
    const here = portAt(s, ctx.span);
    if (here && missing.includes(here)) {
      const [n] = freeNodePorts(ctx, here.protocol, 1);
      const edit = n === undefined ? undefined : portEdit(here, n);
      if (n !== undefined && edit) {
        out.push({
          title: `Add nodePort ${n}${typeTitle}`,
          kind: 'refactor.rewrite',
          diagnostics: [],
          edits: { [s.uri]: [edit, ...(type.edit ? [type.edit] : [])] },
        });
      }
    }
    if (missing.length > 1 || !here) {
      const taken = new Set<number>();
      const list: TextEdit[] = [];
      const numbers: number[] = [];
      let ok = true;
      for (const p of missing) {
        const [n] = freeNodePorts(ctx, p.protocol, 1, taken);
        const edit = n === undefined ? undefined : portEdit(p, n);
        if (n === undefined || !edit) {
          ok = false;
          break;
        }
        numbers.push(n);
        list.push(edit);
      }
      if (!ok) continue;
      if (type.edit) list.push(type.edit);
      const title =
        missing.length === 1
          ? `Add nodePort ${numbers[0]}${typeTitle} (${describe(s)})`
          : `Add nodePorts ${numbers.join(', ')} to all ports${typeTitle}`;
      out.push({ title, kind: 'refactor.rewrite', diagnostics: [], edits: { [s.uri]: list } });
    }
  }
  return out;
}
