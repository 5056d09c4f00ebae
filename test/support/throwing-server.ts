/**
 * A language server whose features fail on one file: the real features (hover, document symbols,
 * …) see a workspace that throws whenever it is asked about a URI containing "poison". Used by
 * test/protocol/robustness.test.ts to check that `guard` contains the failure: the request
 * answers empty, the error is logged, and every other file keeps working.
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import type { Feature, ServerContext } from '../../server/src/lsp/context';
import { FEATURES } from '../../server/src/lsp/features/index';
import { startServer } from '../../server/src/lsp/server';

export const POISON = 'poison';

function poisoned<T extends object>(target: T): T {
  return new Proxy(target, {
    get(t, prop, receiver) {
      const value = Reflect.get(t, prop, receiver) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        if (args.some((a) => typeof a === 'string' && a.includes(POISON))) throw new Error(`injected failure in ${String(prop)}`);
        return (value as (...a: unknown[]) => unknown).apply(t, args);
      };
    },
  });
}

const features: Feature[] = FEATURES.map((f) => ({
  ...f,
  register: (ctx: ServerContext) => f.register({ ...ctx, guard: ctx.guard, workspace: poisoned(ctx.workspace), positions: poisoned(ctx.positions) }),
}));

startServer(createConnection(ProposedFeatures.all, process.stdin, process.stdout), { features });
