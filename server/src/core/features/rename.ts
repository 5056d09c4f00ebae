/**
 * Rename a container port name together with the named targetPorts, probe ports and NetworkPolicy
 * ingress ports that use it, across files (and vice versa: from a targetPort or a probe port). The set is closed: renaming a
 * targetPort renames the port on every Pod the Service selects, hence every other use of those.
 */
import { isIanaServiceName, portName, resolveTargetPort } from '../model/ports';
import { type Container, type ContainerPort, type K8sObject, type Span, type Workload, spanOf } from '../model/types';
import type { IndexView } from '../workspace/workspace-index';
import { policySelects } from '../model/network-policy';
import { policySelectedWorkloads, probeTarget, resolvedContainerPorts, type Loc } from './definition';
import { locate, type Located } from './locate';

export type PrepareRenameResult = { readonly span: Span; readonly placeholder: string } | { readonly error: string };
export type RenameResult = { readonly edits: readonly Loc[]; readonly oldName: string } | { readonly error: string };

const NOT_APPLICABLE =
  'kube-ports renames container port names, with the named targetPorts and probe ports that use them. Put the cursor on a port name.';

interface PortRef {
  readonly workload: Workload;
  readonly container: Container;
  readonly port: ContainerPort;
}

type Start = { readonly name: string; readonly span: Span; readonly ports: PortRef[] } | { readonly error: string };

function startOf(index: IndexView, at: Located | undefined): Start {
  if (!at) return { error: NOT_APPLICABLE };
  switch (at.kind) {
    case 'container-port': {
      if (at.field !== 'name') return { error: `Only a port's name can be renamed (this is its ${at.field}). ${NOT_APPLICABLE}` };
      const name = portName(at.port.name);
      if (name === undefined) return { error: NOT_APPLICABLE };
      return { name, span: at.span, ports: [{ workload: at.workload, container: at.container, port: at.port }] };
    }
    case 'service-port': {
      if (at.field !== 'targetPort') {
        if (at.field === 'name') return { error: 'Renaming a Service port name is not supported: only container port names (and the targetPorts and probes that use them) are renamed.' };
        return { error: NOT_APPLICABLE };
      }
      const name = portName(at.port.targetPort);
      if (name === undefined) return { error: `targetPort ${String(at.port.targetPort?.value)} is a number, not a port name: nothing to rename.` };
      const ports = resolvedContainerPorts(index, at.service, at.port);
      if (ports.length === 0) return { error: `targetPort "${name}" matches no container port of the selected Pods: nothing to rename.` };
      return { name, span: at.span, ports };
    }
    case 'probe-port': {
      const name = portName(at.probe.port);
      if (name === undefined) return { error: `This probe uses port number ${String(at.probe.port?.value)}, not a port name: nothing to rename.` };
      const port = probeTarget(at.container, name);
      if (!port) return { error: `Probe port "${name}" matches no port of its container: nothing to rename.` };
      return { name, span: at.span, ports: [{ workload: at.workload, container: at.container, port }] };
    }
    default:
      return { error: NOT_APPLICABLE };
  }
}

export function prepareRename(objects: readonly K8sObject[], offset: number, index: IndexView): PrepareRenameResult {
  const s = startOf(index, locate(objects, offset));
  if ('error' in s) return s;
  return { span: s.span, placeholder: s.name };
}

/** Every span that holds the name: container port names, targetPorts, probe ports. */
function closure(index: IndexView, name: string, start: PortRef[]): Loc[] {
  const edits = new Map<string, Loc>();
  const add = (uri: string, span: Span) => edits.set(`${uri}#${span.start}`, { uri, span });
  const seen = new Set<ContainerPort>();
  const queue = [...start];
  while (queue.length && seen.size < 10_000) {
    const ref = queue.pop()!;
    if (seen.has(ref.port)) continue;
    seen.add(ref.port);
    if (ref.port.name) add(ref.workload.uri, spanOf(ref.port.name));
    // Probes of the same container that name it.
    for (const probe of ref.container.probes) {
      if (probe.port && portName(probe.port) === name && probeTarget(ref.container, name) === ref.port) add(ref.workload.uri, spanOf(probe.port));
    }
    // Services whose named targetPort resolves to it; then every other port those resolve to.
    const template = ref.workload.template;
    if (!template) continue;
    for (const service of index.servicesSelecting(ref.workload)) {
      for (const sp of service.ports) {
        if (portName(sp.targetPort) !== name || !sp.targetPort) continue;
        const r = resolveTargetPort(sp, template);
        if (r.kind !== 'declared' || r.target.port !== ref.port) continue;
        add(service.uri, spanOf(sp.targetPort));
        for (const other of resolvedContainerPorts(index, service, sp)) if (!seen.has(other.port)) queue.push(other);
      }
    }
    // NetworkPolicy ingress ports naming it on Pods the policy selects; then that name on the policy's other Pods.
    for (const policy of index.networkPoliciesIn(ref.workload.namespace)) {
      if (policySelects(policy, { template, namespace: ref.workload.namespace }) !== 'yes') continue;
      let uses = false;
      for (const rule of policy.ingress) {
        for (const pp of rule.ports) {
          if (pp.port && portName(pp.port) === name && pp.protocol === ref.port.protocol) {
            add(policy.uri, spanOf(pp.port));
            uses = true;
          }
        }
      }
      if (!uses) continue;
      for (const workload of policySelectedWorkloads(index, policy)) {
        for (const container of workload.template!.containers) {
          for (const port of container.ports) {
            if (portName(port.name) === name && port.protocol === ref.port.protocol && !seen.has(port)) queue.push({ workload, container, port });
          }
        }
      }
    }
  }
  return [...edits.values()].sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : a.span.start - b.span.start));
}

export function rename(objects: readonly K8sObject[], offset: number, index: IndexView, newName: string): RenameResult {
  const s = startOf(index, locate(objects, offset));
  if ('error' in s) return s;
  if (!isIanaServiceName(newName)) {
    return {
      error: `"${newName}" is not a valid port name: it must be an IANA service name (1-15 characters, lowercase letters, digits and '-', at least one letter, not starting or ending with '-', no '--').`,
    };
  }
  if (newName === s.name) return { edits: [], oldName: s.name };
  const edits = closure(index, s.name, s.ports);
  // Refuse a rename that would give a container two ports with the same name.
  for (const ref of s.ports) {
    if (ref.container.ports.some((p) => p !== ref.port && portName(p.name) === newName)) {
      return { error: `Container "${String(ref.container.name?.value ?? '')}" already has a port named "${newName}".` };
    }
  }
  return { edits, oldName: s.name };
}
