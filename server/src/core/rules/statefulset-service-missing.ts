import { isWorkload, spanOf } from '../model/types';
import type { Rule } from './rule';

/** A StatefulSet whose serviceName names no Service of its namespace: per-pod DNS names never resolve. */
export const statefulsetServiceMissing: Rule = {
  id: 'statefulset-service-missing',
  defaultSeverity: 'warning',
  description: 'A StatefulSet serviceName names no Service in its namespace in this workspace.',
  check(o, ctx) {
    if (!isWorkload(o) || o.kind !== 'StatefulSet' || !o.serviceName) return;
    const name = o.serviceName.value;
    if (typeof name !== 'string' || !name) return;
    if (ctx.index.servicesNamed(o.namespace, name).length > 0) return;
    ctx.report({
      span: spanOf(o.serviceName),
      message: `There is no Service ${name} in namespace ${o.namespace} in this workspace. The StatefulSet's pods get stable DNS names (${o.name}-0.${name}.${o.namespace}.svc.cluster.local) only through this governing Service, so those names do not resolve. Create a headless Service ${name} (clusterIP: None) selecting the pods, or fix serviceName.`,
    });
  },
};
