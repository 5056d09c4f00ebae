import { portNumber } from '../model/ports';
import { kindSpanOf, isService, spanOf } from '../model/types';
import type { Rule } from './rule';

const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** DNS-1123 subdomain (after Kubernetes trims one trailing dot). */
export function isDns1123Subdomain(s: string): boolean {
  return s.length >= 1 && s.length <= 253 && s.split('.').every((l) => LABEL.test(l));
}

/** The host name inside something like `https://Payments.example.com:443/v1`, if any. */
function hostOf(s: string): string | undefined {
  const m = /^(?:[a-zA-Z][a-zA-Z0-9+.-]*:\/\/)?(?:[^@/]*@)?([^/:?#\s]+)/.exec(s.trim());
  const host = m?.[1]?.toLowerCase().replace(/\.$/, '');
  return host && host !== s && isDns1123Subdomain(host) ? host : undefined;
}

/**
 * type ExternalName: `externalName` must be a DNS subdomain (not a URL; an IP is accepted but
 * looked up as a name); `clusterIP` must not be set. Fields the type ignores (selector, a
 * targetPort that differs from port) get a warning.
 */
export const externalNameInvalid: Rule = {
  id: 'external-name-invalid',
  defaultSeverity: 'error',
  description: 'An ExternalName Service without a valid externalName (a DNS name), with a clusterIP, or with fields it ignores.',
  check(o, ctx) {
    if (!isService(o) || o.type !== 'ExternalName') return;
    const en = o.externalName;
    const raw = en?.value;
    if (en === undefined || raw === null || raw === '' || raw === undefined) {
      ctx.report({
        span: spanOf(en) ?? spanOf(o.typeScalar) ?? kindSpanOf(o),
        message: `Service ${o.name} is of type ExternalName but has no externalName: the API server rejects it. Add externalName: <a DNS name> (e.g. db.example.com); the Service name then resolves as a CNAME to it.`,
      });
    } else if (typeof raw !== 'string') {
      ctx.report({ span: spanOf(en), message: `externalName must be a DNS name (a string), not ${JSON.stringify(raw)}; the API server rejects it.` });
    } else {
      const name = raw.endsWith('.') ? raw.slice(0, -1) : raw;
      if (!isDns1123Subdomain(name)) {
        const host = hostOf(raw);
        const why = /:\/\//.test(raw) ? 'a URL' : /[A-Z]/.test(raw) ? 'has uppercase letters' : raw.includes(':') ? 'has a ":" (an IPv6 address or a port?)' : 'not a DNS name';
        ctx.report({
          span: spanOf(en),
          message: `externalName "${raw}" is ${why.startsWith('a ') || why.startsWith('not') ? why : `invalid: it ${why}`}; it must be a DNS name (lowercase letters, digits, "-" and ".") and the API server rejects anything else. DNS gives clients only a CNAME; the scheme, port and path belong to the client.${host ? ` Write externalName: ${host}.` : ''}`,
        });
      } else if (/^\d+\.\d+\.\d+\.\d+$/.test(name)) {
        ctx.report({
          span: spanOf(en),
          severity: 'warning',
          message: `externalName "${raw}" is an IP address: Kubernetes accepts it but treats it as a DNS name made of digits, so the CNAME does not resolve to that IP. For a fixed IP, use a Service without a selector plus an Endpoints/EndpointSlice with that address.`,
        });
      }
    }
    if (o.clusterIP && typeof o.clusterIP.value === 'string' && o.clusterIP.value !== '') {
      ctx.report({
        span: spanOf(o.clusterIP),
        message: `clusterIP: ${o.clusterIP.value} may not be set on an ExternalName Service: it has no cluster IP (DNS answers a CNAME), and the API server rejects it. Remove clusterIP.`,
      });
    }
    if (o.selector && o.selector.entries.length > 0) {
      ctx.report({
        span: spanOf(o.selector),
        severity: 'warning',
        message: `The selector of ExternalName Service ${o.name} is ignored: an ExternalName Service has no endpoints, its DNS name is a CNAME to ${typeof raw === 'string' && raw ? raw : 'externalName'}. Remove the selector, or use type ClusterIP if you meant to reach these Pods.`,
      });
    }
    for (const p of o.ports) {
      const port = portNumber(p.port);
      const t = p.targetPort;
      if (port === undefined || !t || t.value === null || t.value === 0 || t.value === '' || t.value === port) continue;
      ctx.report({
        span: spanOf(t),
        severity: 'warning',
        message: `targetPort ${String(t.value)} is ignored on an ExternalName Service: there is no proxy, so no port mapping. Clients connecting to ${o.name}:${port} reach ${typeof raw === 'string' && raw ? raw : 'the external name'}:${port}. Remove targetPort (ports here only document the port), or have clients use the external port.`,
      });
    }
  },
};
