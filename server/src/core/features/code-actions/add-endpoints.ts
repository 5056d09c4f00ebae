/**
 * A selectorless Service without backends: append an Endpoints (same name and namespace) or a
 * discovery.k8s.io/v1 EndpointSlice (labelled kubernetes.io/service-name) right after it, with
 * ports mirroring the Service's and a documentation-range address placeholder.
 */
import { emitDocument, type YamlValue } from '../../edits/emit';
import { appendDocumentAfter, escapeSnippet } from '../../edits/yaml-edit';
import { portName, portNumber, targetPortOf } from '../../model/ports';
import type { Service } from '../../model/types';
import { diagnosticsIn, metadataLike, servicesAt } from './common';
import type { CodeActionContext, CodeActionProposal } from './types';

export const PLACEHOLDER_IP = '192.0.2.10';

/** The port a backend listens on: the numeric targetPort, else the Service port. */
function backendPorts(s: Service): Record<string, YamlValue>[] | undefined {
  const out: Record<string, YamlValue>[] = [];
  for (const p of s.ports) {
    const t = targetPortOf(p);
    const n = t.kind === 'number' ? t.port : portNumber(p.port);
    if (n === undefined || n < 1 || n > 65535) return undefined;
    const port: Record<string, YamlValue> = {};
    const name = portName(p.name);
    if (name) port.name = name;
    port.port = n;
    port.protocol = p.protocol;
    out.push(port);
  }
  return out;
}

export function addEndpoints(ctx: CodeActionContext): CodeActionProposal[] {
  const out: CodeActionProposal[] = [];
  for (const s of servicesAt(ctx)) {
    if ((s.selector && s.selector.entries.length > 0) || s.type === 'ExternalName' || !s.name) continue;
    if (ctx.index.endpointsNamed(s.namespace, s.name).length > 0 || ctx.index.endpointSlicesFor(s.namespace, s.name).length > 0) continue;
    const ed = ctx.editor(s);
    if (!ed || ed.json) continue;
    const ports = backendPorts(s);
    if (!ports || ports.length === 0) continue;
    const text = ctx.text(s.uri)!;
    const doc = ctx.document(s.uri, s.documentIndex);
    if (!doc) continue;
    const fixes = diagnosticsIn(ctx, ['selectorless-service-without-endpoints'], s.span);
    const kind = fixes.length > 0 ? 'quickfix' : 'refactor.extract';
    const make = (value: Record<string, YamlValue>) => {
      const body = emitDocument(value, ed.style);
      const at = body.indexOf(PLACEHOLDER_IP);
      const snippet = escapeSnippet(body.slice(0, at)) + '${1:' + PLACEHOLDER_IP + '}' + escapeSnippet(body.slice(at + PLACEHOLDER_IP.length));
      return appendDocumentAfter(text, doc, body, ed.style, snippet);
    };
    const endpoints = make({
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: metadataLike(s, s.name),
      subsets: [{ addresses: [{ ip: PLACEHOLDER_IP }], ports }],
    });
    out.push({
      title: `Add Endpoints ${s.name} after the Service (address ${PLACEHOLDER_IP} is a placeholder)`,
      kind,
      diagnostics: fixes,
      edits: { [s.uri]: [endpoints] },
    });
    const slice = make({
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: metadataLike(s, `${s.name}-1`, { labels: { 'kubernetes.io/service-name': s.name } }),
      addressType: 'IPv4',
      ports,
      endpoints: [{ addresses: [PLACEHOLDER_IP] }],
    });
    out.push({
      title: `Add EndpointSlice ${s.name}-1 for Service ${s.name} after the Service (address ${PLACEHOLDER_IP} is a placeholder)`,
      kind,
      diagnostics: fixes,
      edits: { [s.uri]: [slice] },
    });
  }
  return out;
}
