/**
 * Expose a workload that no Service selects (the equivalent of `kubectl expose`): a new Service
 * after the workload's document, selecting the template labels the workload's selector uses,
 * with ports from its containerPorts. And a headless Service for a StatefulSet whose
 * serviceName names none.
 */
import { emitDocument, type YamlValue } from '../../edits/emit';
import { appendDocumentAfter } from '../../edits/yaml-edit';
import type { Workload } from '../../model/types';
import { describe, diagnosticsIn, metadataLike, selectorFor, servicePortsFor, workloadsAt } from './common';
import type { CodeActionContext, CodeActionProposal } from './types';

const EXPOSABLE = ['Pod', 'Deployment', 'ReplicaSet', 'ReplicationController', 'StatefulSet', 'DaemonSet'];

function newServiceEdit(ctx: CodeActionContext, w: Workload, spec: Record<string, YamlValue>, name: string) {
  const ed = ctx.editor(w);
  const text = ctx.text(w.uri);
  const doc = ctx.document(w.uri, w.documentIndex);
  if (!ed || ed.json || text === undefined || !doc) return undefined;
  const body = emitDocument({ apiVersion: 'v1', kind: 'Service', metadata: metadataLike(w, name), spec }, ed.style);
  return appendDocumentAfter(text, doc, body, ed.style);
}

export function createService(ctx: CodeActionContext): CodeActionProposal[] {
  const out: CodeActionProposal[] = [];
  for (const w of workloadsAt(ctx)) {
    if (!EXPOSABLE.includes(w.kind) || !w.name) continue;
    if (ctx.index.servicesSelecting(w).length > 0) continue;
    const selector = selectorFor(w);
    const ports = servicePortsFor(w);
    if (!selector || ports.length === 0) continue;
    let name = w.name;
    for (let i = 2; ctx.index.servicesNamed(w.namespace, name).length > 0 && i < 100; i++) name = `${w.name}-${i}`;
    const edit = newServiceEdit(ctx, w, { selector, ports }, name);
    if (!edit) continue;
    const title = name === w.name ? `Create Service for ${describe(w)}` : `Create Service ${name} for ${describe(w)}`;
    out.push({ title, kind: 'refactor.extract', diagnostics: [], edits: { [w.uri]: [edit] } });
  }
  return out;
}

export function createHeadlessService(ctx: CodeActionContext): CodeActionProposal[] {
  const out: CodeActionProposal[] = [];
  for (const w of workloadsAt(ctx)) {
    if (w.kind !== 'StatefulSet' || typeof w.serviceName?.value !== 'string' || !w.serviceName.value) continue;
    const name = w.serviceName.value;
    if (!/^[a-z]([-a-z0-9]*[a-z0-9])?$/.test(name) || name.length > 63) continue;
    if (ctx.index.servicesNamed(w.namespace, name).length > 0) continue;
    const selector = selectorFor(w);
    if (!selector) continue;
    const ports = servicePortsFor(w);
    const spec: Record<string, YamlValue> = { clusterIP: 'None', selector };
    if (ports.length > 0) spec.ports = ports;
    const edit = newServiceEdit(ctx, w, spec, name);
    if (!edit) continue;
    const fixes = diagnosticsIn(ctx, ['statefulset-service-missing'], w.span);
    out.push({
      title: `Create headless Service ${name} for ${describe(w)}`,
      kind: fixes.length > 0 ? 'quickfix' : 'refactor.extract',
      diagnostics: fixes,
      isPreferred: fixes.length > 0,
      edits: { [w.uri]: [edit] },
    });
  }
  return out;
}
