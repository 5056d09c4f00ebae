/**
 * Other capabilities' nodes and edges on the wiring graph. A contributor gets the builder after
 * the Services, their entry points and backends are in (build.ts, `ContributorContext`) and adds
 * what it knows through `builder.node` / `builder.edge`:
 *
 * (Gateway API routes are drawn by build.ts itself, from the Service stories' `routes`.)
 *
 * - Service-to-Service calls (calls.ts: a workload's env/args/ConfigMap naming another Service's
 *   DNS name): `call` edges from a workload node to a Service node.
 *
 * Each element needs a `(uri, span)` source; findings on an edge's `anchors` turn it red. A
 * contributor that throws loses only its own additions.
 */
import type { ContributorContext } from './build';
import { CALLS_CONTRIBUTOR } from './calls';

export interface GraphContributor {
  readonly name: string;
  contribute(ctx: ContributorContext): void;
}

export const GRAPH_CONTRIBUTORS: readonly GraphContributor[] = [CALLS_CONTRIBUTOR];
