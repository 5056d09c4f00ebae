import { listenerName, routeKindsForProtocol } from '../model/gateway-api';
import { portNumber } from '../model/ports';
import { isGateway, type Listener, spanOf } from '../model/types';
import type { Rule } from './rule';

const transport = (protocol: string) => (protocol === 'UDP' ? 'udp' : 'tcp');
/** HTTPS and TLS listeners share a port by SNI. */
const shareBySni = (a: string, b: string) => (a === 'HTTPS' && b === 'TLS') || (a === 'TLS' && b === 'HTTPS');

/** Two listeners of one Gateway on the same port with incompatible protocols, or the same protocol and hostname. */
export const gatewayListenerConflict: Rule = {
  id: 'gateway-listener-conflict',
  defaultSeverity: 'error',
  description: 'Two listeners of a Gateway use the same port with incompatible protocols, or with the same protocol and hostname (Conflicted).',
  check(o, ctx) {
    if (!isGateway(o)) return;
    const seen: Listener[] = [];
    for (const l of o.listeners) {
      const port = portNumber(l.port);
      if (port === undefined || !routeKindsForProtocol(l.protocol)) {
        seen.push(l);
        continue;
      }
      for (const prev of seen) {
        if (portNumber(prev.port) !== port || !routeKindsForProtocol(prev.protocol) || transport(prev.protocol) !== transport(l.protocol)) continue;
        const a = listenerName(prev) ?? '(unnamed)';
        const b = listenerName(l) ?? '(unnamed)';
        const related = [{ uri: o.uri, span: spanOf(prev.name) ?? prev.span, message: `listener ${a}: port ${port}, ${prev.protocol}${prev.hostname ? `, hostname ${prev.hostname.value}` : ''}` }];
        if (prev.protocol !== l.protocol && !shareBySni(prev.protocol, l.protocol)) {
          ctx.report({
            span: spanOf(l.protocolScalar) ?? l.span,
            message: `Listeners ${a} (${prev.protocol}) and ${b} (${l.protocol}) of Gateway ${o.name} both use port ${port}; these protocols cannot share a port (Conflicted: ProtocolConflict), so the controller refuses them.`,
            related,
          });
          break;
        }
        if ((prev.hostname?.value ?? '') === (l.hostname?.value ?? '')) {
          ctx.report({
            span: spanOf(l.hostname) ?? spanOf(l.name) ?? l.span,
            message: `Listeners ${a} and ${b} of Gateway ${o.name} both serve ${l.hostname ? `hostname ${l.hostname.value}` : 'every hostname'} on port ${port} (Conflicted: HostnameConflict); give them distinct hostnames or merge them.`,
            related,
          });
          break;
        }
      }
      seen.push(l);
    }
  },
};
