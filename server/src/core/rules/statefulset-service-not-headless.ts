import { isWorkload, spanOf } from '../model/types';
import { describeObject, relatedObject } from './describe';
import type { Rule } from './rule';

/**
 * A StatefulSet whose serviceName names a Service with a cluster IP: its per-Pod DNS names never
 * resolve. That breaks something only when something uses them: a warning when the StatefulSet
 * has more than one replica and a client or peer list of its namespace (container env, command,
 * args, ConfigMap data) names `<statefulset>-<n>.<service>`; an information otherwise (a
 * single-replica database whose clients use the Service's cluster IP works fine).
 */
export const statefulsetServiceNotHeadless: Rule = {
  id: 'statefulset-service-not-headless',
  defaultSeverity: 'warning',
  description: 'A StatefulSet serviceName names a Service that is not headless (clusterIP: None).',
  check(o, ctx) {
    if (!isWorkload(o) || o.kind !== 'StatefulSet' || !o.serviceName) return;
    const name = o.serviceName.value;
    if (typeof name !== 'string' || !name) return;
    const services = ctx.index.servicesNamed(o.namespace, name);
    if (services.length === 0 || services.some((s) => s.headless)) return;
    const s = services[0]!;
    const replicas = o.replicas === undefined ? 1 : typeof o.replicas.value === 'number' ? o.replicas.value : undefined;
    const namedBy = ctx.index.podDnsNamedBy(o.namespace, o.name, name);
    const needed = (replicas === undefined || replicas > 1) && namedBy.length > 0;
    const podName = `${o.name}-0.${name}.${o.namespace}.svc.cluster.local`;
    const what = s.type === 'ExternalName' ? 'it is an ExternalName Service' : 'it has a cluster IP';
    const fix = `Name a headless Service here: add one with clusterIP: None (keep ${name} for load-balanced access if you need it).`;
    ctx.report({
      span: spanOf(o.serviceName),
      severity: needed ? undefined : 'information',
      message: needed
        ? `Service ${name} is not headless (${what}), so the per-pod DNS names of this StatefulSet (${podName}) do not resolve, and ${describeObject(namedBy[0]!)}${namedBy.length > 1 ? ` and ${namedBy.length - 1} more` : ''} name${namedBy.length > 1 ? '' : 's'} its Pods that way. ${fix}`
        : `Service ${name} is not headless (${what}), so the per-pod DNS names of this StatefulSet (${podName}) do not resolve. Nothing in namespace ${o.namespace} names its Pods that way${replicas === 1 ? ' and it runs one replica' : ''}, so clients using the Service's cluster IP work; if peers must address Pods individually, ${fix.charAt(0).toLowerCase()}${fix.slice(1)}`,
      related: [
        ...services.map((x) => relatedObject(x, `${describeObject(x)}${x.clusterIP ? `: clusterIP ${String(x.clusterIP.value)}` : ': no clusterIP: None'}`, spanOf(x.clusterIP))),
        ...(needed ? namedBy.slice(0, 3).map((x) => relatedObject(x, `${describeObject(x)} names ${o.name}-<n>.${name}`)) : []),
      ],
    });
  },
};
