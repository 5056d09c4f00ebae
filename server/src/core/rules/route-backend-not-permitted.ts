import { backendPermitted } from '../model/gateway-api';
import { nameOrKindSpanOf, isRoute, spanOf } from '../model/types';
import type { Rule } from './rule';

/** A cross-namespace backendRef without a ReferenceGrant in the target namespace. */
export const routeBackendNotPermitted: Rule = {
  id: 'route-backend-not-permitted',
  defaultSeverity: 'error',
  description: 'A route backendRef points into another namespace, and no ReferenceGrant of that namespace allows it.',
  check(o, ctx) {
    if (!isRoute(o)) return;
    for (const rule of o.rules) {
      for (const ref of rule.backendRefs) {
        const name = ref.name?.value;
        if (!name || ref.namespace === o.namespace || backendPermitted(ctx.index, o, ref)) continue;
        const grants = ctx.index.referenceGrantsIn(ref.namespace);
        ctx.report({
          span: spanOf(ref.namespaceScalar) ?? spanOf(ref.name!),
          message: `${o.kind} ${o.name} (namespace ${o.namespace}) refers to ${ref.kind} ${name} in namespace ${ref.namespace}, and no ReferenceGrant in namespace ${ref.namespace} allows ${o.kind}s from namespace ${o.namespace} to reach it${grants.length ? ` (its ReferenceGrants: ${grants.map((g) => g.name).join(', ')})` : ''}: the controller refuses the backend (ResolvedRefs: RefNotPermitted). Add a ReferenceGrant in ${ref.namespace}.`,
          related: grants.map((g) => ({ uri: g.uri, span: nameOrKindSpanOf(g), message: `ReferenceGrant ${g.name} does not cover this reference.` })),
        });
      }
    }
  },
};
