import type { RelatedLocation } from '../findings';
import { portNumber } from '../model/ports';
import { isService, objectKey, type Service, spanOf } from '../model/types';
import { describeObject, relatedObject } from './describe';
import type { Rule } from './rule';

/** Services whose nodePorts are really allocated (others are rejected or open no node port). */
function allocatesNodePorts(s: Service): boolean {
  return (s.type === 'NodePort' || s.type === 'LoadBalancer') && !s.headless;
}

/**
 * Whether two Service definitions may be one Service: same Kind/namespace/name, or the same name
 * where one of them sets no namespace at all (it lands wherever `kubectl apply -n` or
 * `helm install --namespace` puts it, e.g. a chart and plain manifests of the same app).
 */
function maybeSameService(a: Service, b: Service, defaultNamespace: string): boolean {
  if (objectKey(a) === objectKey(b)) return true;
  const unspecified = (s: Service) => s.declaredNamespace === undefined && s.namespace === defaultNamespace;
  return a.name === b.name && (unspecified(a) || unspecified(b));
}

/**
 * The same (protocol, nodePort) on two different Services anywhere in the workspace: node ports
 * are cluster-wide, so the second is "already allocated". Definitions of the same
 * Kind/namespace/name in several files are one Service, never a conflict; nor is a Service of the
 * same name without a namespace (it may be applied into the other one's namespace).
 */
export const nodePortConflict: Rule = {
  id: 'node-port-conflict',
  defaultSeverity: 'error',
  description: 'Two different Services ask for the same nodePort (node ports are cluster-wide).',
  check(o, ctx) {
    if (!isService(o) || !allocatesNodePorts(o)) return;
    for (const p of o.ports) {
      const n = portNumber(p.nodePort);
      if (!n) continue;
      const others = ctx.index.nodePortUses(p.protocol, n).filter((u) => allocatesNodePorts(u.service) && !maybeSameService(o, u.service, ctx.settings.defaultNamespace));
      if (others.length === 0) continue;
      const names = [...new Set(others.map((u) => describeObject(u.service)))];
      const related: RelatedLocation[] = others.map((u) => relatedObject(u.service, `${describeObject(u.service)} also uses nodePort ${n}/${p.protocol}.`, spanOf(u.port.nodePort)));
      ctx.report({
        span: spanOf(p.nodePort!),
        message: `nodePort ${n}/${p.protocol} is also used by ${names.join(', ')}. Node ports are open on every node, so only one Service in the cluster can have it; the second one applied is rejected ("provided port is already allocated"). Give each Service its own nodePort, or remove it to let Kubernetes allocate one.`,
        related,
      });
    }
  },
};
