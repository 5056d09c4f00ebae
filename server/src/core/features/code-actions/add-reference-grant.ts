/**
 * A cross-namespace backendRef that no ReferenceGrant permits: add a ReferenceGrant in the
 * target namespace as a new document — after the Service it grants (in the Service's file,
 * which belongs to that namespace) when the Service is in the workspace, else after the route.
 */
import { emitDocument } from '../../edits/emit';
import { appendDocumentAfter } from '../../edits/yaml-edit';
import { backendPermitted, backendServices } from '../../model/gateway-api';
import { GATEWAY_GROUP, isRoute, type K8sObject } from '../../model/types';
import { diagnosticsIn, objectsAt, overlaps } from './common';
import type { CodeActionContext, CodeActionProposal } from './types';

/** A DNS-1123 subdomain for the grant's name. */
function grantName(kind: string, namespace: string): string {
  return `allow-${kind.toLowerCase()}s-from-${namespace}`.slice(0, 253).replace(/[^a-z0-9.-]/g, '-').replace(/-+$/, '');
}

export function addReferenceGrant(ctx: CodeActionContext): CodeActionProposal[] {
  const out: CodeActionProposal[] = [];
  const done = new Set<string>();
  for (const route of objectsAt(ctx).filter(isRoute)) {
    for (const rule of route.rules) {
      for (const ref of rule.backendRefs) {
        const name = ref.name?.value;
        if (!name || !overlaps(ref.span, ctx.span) || backendPermitted(ctx.index, route, ref)) continue;
        const fixes = diagnosticsIn(ctx, ['route-backend-not-permitted'], ref.span);
        if (fixes.length === 0) continue;
        const key = `${ref.namespace}/${ref.kind}/${name}`;
        if (done.has(key)) continue;
        done.add(key);
        // Next to the Service when it is in the workspace (and its file can be edited), else next to the route.
        const anchor: K8sObject = backendServices(ctx.index, ref).find((s) => ctx.editor(s) !== undefined) ?? route;
        const ed = ctx.editor(anchor);
        const text = ctx.text(anchor.uri);
        const doc = ctx.document(anchor.uri, anchor.documentIndex);
        if (!ed || ed.json || text === undefined || !doc) continue;
        const body = emitDocument(
          {
            apiVersion: `${GATEWAY_GROUP}/v1beta1`,
            kind: 'ReferenceGrant',
            metadata: { name: grantName(route.kind, route.namespace), namespace: ref.namespace },
            spec: {
              from: [{ group: GATEWAY_GROUP, kind: route.kind, namespace: route.namespace }],
              to: [{ group: ref.group, kind: ref.kind, name }],
            },
          },
          ed.style,
        );
        const file = anchor.uri.slice(anchor.uri.lastIndexOf('/') + 1);
        out.push({
          title: `Add ReferenceGrant in namespace ${ref.namespace} letting ${route.kind}s of ${route.namespace} reach ${ref.kind} ${name} (after ${anchor.kind} ${anchor.name} in ${file})`,
          kind: 'quickfix',
          diagnostics: fixes,
          isPreferred: true,
          edits: { [anchor.uri]: [appendDocumentAfter(text, doc, body, ed.style)] },
        });
      }
    }
  }
  return out;
}
