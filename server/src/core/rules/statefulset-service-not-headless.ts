import { isWorkload } from '../model/types';
import { describeObject, relatedObject } from './describe';
import type { Rule } from './rule';

/** A StatefulSet whose serviceName names a Service with a cluster IP: per-pod DNS names never resolve. */
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
    ctx.report({
      span: o.serviceName.span,
      message: `Service ${name} is not headless (${s.type === 'ExternalName' ? 'it is an ExternalName Service' : 'it has a cluster IP'}), so the per-pod DNS names of this StatefulSet (${o.name}-0.${name}.${o.namespace}.svc.cluster.local) do not resolve. Name a headless Service here: add one with clusterIP: None (keep ${name} for load-balanced access if you need it).`,
      related: services.map((x) => relatedObject(x, `${describeObject(x)}${x.clusterIP ? `: clusterIP ${String(x.clusterIP.value)}` : ': no clusterIP: None'}`, x.clusterIP?.span)),
    });
  },
};
