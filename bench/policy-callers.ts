/**
 * node --import tsx bench/policy-callers.ts [--namespaces 100] [--services 10]
 *
 * network-policy-blocks-caller at scale, in process over the core Workspace: N namespaces, each
 * with S Services + Deployments calling each other (`svc-k:80`, and one call into the next
 * namespace), a default deny and one allow policy per Service (the one of svc-0, which the
 * neighbour namespace calls, admits namespaces by label). Service names are unique per namespace. Prints the full analysis time
 * with the rule on and off, and, per edit, how many files are re-analysed and how long that
 * takes (policy, Namespace labels, target workload, caller). Not a test: it only prints.
 */
import { performance } from 'node:perf_hooks';
import { Workspace } from '../server/src/core/workspace/workspace';
import { normalizeSettings } from '../server/src/core/settings';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const N = arg('namespaces', 100);
const S = arg('services', 10);
const uri = (p: string) => `file:///bench/${p}`;

function app(ns: number, k: number): string {
  const next = `svc-${ns}-${(k + 1) % S}:80`;
  const cross = `svc-${(ns + 1) % N}-0.ns-${(ns + 1) % N}:80`;
  return `apiVersion: apps/v1
kind: Deployment
metadata: {name: app-${k}, namespace: ns-${ns}}
spec:
  selector: {matchLabels: {app: app-${k}}}
  template:
    metadata: {labels: {app: app-${k}}}
    spec:
      containers:
        - name: c
          ports: [{name: http, containerPort: 8080}]
          env:
            - {name: NEXT_ADDR, value: "${next}"}
            - {name: CROSS_ADDR, value: "${cross}"}
---
apiVersion: v1
kind: Service
metadata: {name: svc-${ns}-${k}, namespace: ns-${ns}}
spec:
  selector: {app: app-${k}}
  ports: [{port: 80, targetPort: http}]
`;
}

const allow = (ns: number, k: number, port: string) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-${k}, namespace: ns-${ns}}
spec:
  podSelector: {matchLabels: {app: app-${k}}}
  ingress:
    - from: [{podSelector: {}}${k === 0 ? ', {namespaceSelector: {matchLabels: {team: t}}}' : ''}]
      ports: [{port: ${port}}]
`;
const deny = (ns: number) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny, namespace: ns-${ns}}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n`;
const namespace = (ns: number, team: string) => `apiVersion: v1\nkind: Namespace\nmetadata: {name: ns-${ns}, labels: {team: ${team}}}\n`;

function build(rules: Record<string, string>): Workspace {
  const ws = new Workspace();
  ws.setSettings(normalizeSettings({ rules }));
  for (let ns = 0; ns < N; ns++) {
    ws.setFile(uri(`ns-${ns}/namespace.yaml`), namespace(ns, 't'));
    ws.setFile(uri(`ns-${ns}/deny.yaml`), deny(ns));
    for (let k = 0; k < S; k++) {
      ws.setFile(uri(`ns-${ns}/app-${k}.yaml`), app(ns, k));
      ws.setFile(uri(`ns-${ns}/allow-${k}.yaml`), allow(ns, k, 'http'));
    }
  }
  return ws;
}

function analyseAll(ws: Workspace): { ms: number; findings: number } {
  const t = performance.now();
  let findings = 0;
  for (const u of ws.uris()) findings += ws.findings(u).filter((f) => f.rule === 'network-policy-blocks-caller').length;
  return { ms: performance.now() - t, findings };
}

function edit(ws: Workspace, what: string, path: string, text: string): void {
  const t = performance.now();
  const affected = ws.setFile(uri(path), text);
  let blocked = 0;
  for (const u of affected) blocked += ws.findings(u).filter((f) => f.rule === 'network-policy-blocks-caller').length;
  console.log(`  ${what.padEnd(58)} ${String(affected.size).padStart(5)} files re-analysed  ${(performance.now() - t).toFixed(1).padStart(7)} ms  (${blocked} blocked calls in them)`);
}

const files = N * (2 + 2 * S);
console.log(`${N} namespaces × ${S} Services: ${files} files, ${N * S * 2} calls`);
// Alternating runs (the machine is shared): the median of three per variant.
const runs: Record<string, number[]> = { 'rule off': [], 'rule on': [] };
for (let i = 0; i < 3; i++) {
  for (const [label, rules] of [['rule off', { 'network-policy-blocks-caller': 'off' }], ['rule on', {}]] as const) runs[label]!.push(analyseAll(build(rules)).ms);
}
for (const [label, ms] of Object.entries(runs)) console.log(`full analysis, ${label}: median ${ms.sort((a, b) => a - b)[1]!.toFixed(0)} ms (runs ${ms.map((x) => x.toFixed(0)).join(', ')})`);
const ws = build({});
analyseAll(ws);
console.log('edits (rule on):');
edit(ws, 'allow policy of ns-1 svc-3: port http → 80 (blocks its caller)', 'ns-1/allow-3.yaml', allow(1, 3, '80'));
edit(ws, 'allow policy back to http', 'ns-1/allow-3.yaml', allow(1, 3, 'http'));
edit(ws, 'Namespace ns-0 labels team=t → team=u (its cross call blocked)', 'ns-0/namespace.yaml', namespace(0, 'u'));
edit(ws, 'Namespace ns-0 labels back', 'ns-0/namespace.yaml', namespace(0, 't'));
edit(ws, 'workload ns-2 app-4 (an env name edited)', 'ns-2/app-4.yaml', app(2, 4).replace('CROSS_ADDR', 'CROSS_ADDRESS'));
edit(ws, 'workload ns-2 app-4 back', 'ns-2/app-4.yaml', app(2, 4));
