/**
 * Service-to-Service calls on the wiring map: a `call` edge from each calling workload to the
 * Service it dials (an env value, arg or ConfigMap entry naming the Service's DNS name, see
 * core/references/). The edge's label is what the caller dials (`CART_SERVICE_ADDR :7070`); its
 * source and anchor are the characters of the reference, so a service-reference finding there
 * turns the edge red or yellow, and a click opens the caller's line.
 *
 * Only calls to the Services on the map are drawn; a caller that is not on the map yet is added
 * while the node budget has room.
 */
import { callsTo, referenceSpan, type ServiceCall } from '../references/service-references';
import type { ContributorContext } from './build';
import type { GraphContributor } from './contributors';

/** What the caller dials, short: `CART_SERVICE_ADDR :7070`, `--upstream :80`, `:grpc`, `calls`. */
export function callLabel(call: ServiceCall): string {
  const r = call.reference;
  const port = r.portName !== undefined ? `:${r.portName}` : r.port !== undefined ? `:${r.port}` : '';
  return [r.site.key, port].filter(Boolean).join(' ') || 'calls';
}

function contribute(ctx: ContributorContext): void {
  const settings = { clusterDomain: ctx.settings.clusterDomain, defaultNamespace: ctx.settings.defaultNamespace };
  for (const service of ctx.services) {
    const to = ctx.serviceNodeId(service);
    if (!ctx.builder.nodes.has(to)) continue;
    for (const call of callsTo(ctx.indexOf(service), service, settings)) {
      const from = ctx.workloadNode(call.caller);
      if (from === undefined) continue;
      const r = call.reference;
      const source = { uri: r.site.uri, span: referenceSpan(r) };
      ctx.builder.edge('call', from, to, callLabel(call), source, [source], r.status === 'port-mismatch');
    }
  }
}

export const CALLS_CONTRIBUTOR: GraphContributor = { name: 'service-calls', contribute };
