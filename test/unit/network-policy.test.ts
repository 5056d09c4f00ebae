/**
 * The NetworkPolicy evaluator (core/model/network-policy.ts): three-valued answers for who may
 * connect, checked on hand-made cases and on the real call graph of the microservices-demo with
 * its network-policies component (every call of the app must be allowed).
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { mayConnect, ingressToPort, type PodRef } from '../../server/src/core/model/network-policy';
import { resolveOnTemplate, selectedWorkloads } from '../../server/src/core/model/service-links';
import type { Workload } from '../../server/src/core/model/types';
import { isWorkload } from '../../server/src/core/model/types';
import { uriOf, workspaceOf } from '../support/fixture';
import { callPolicy } from '../../server/src/core/references/call-policy';
import { callsFrom } from '../../server/src/core/references/service-references';
import { Workspace } from '../../server/src/core/workspace/workspace';

const pods = `
//- /pods.yaml
apiVersion: v1
kind: Pod
metadata: {name: api, namespace: shop, labels: {app: api}}
spec: {containers: [{name: api, ports: [{name: http, containerPort: 8080}]}]}
---
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop, labels: {app: web}}
spec: {containers: [{name: web}]}
---
apiVersion: v1
kind: Pod
metadata: {name: prom, namespace: monitoring, labels: {app: prometheus}}
spec: {containers: [{name: prom}]}
---
apiVersion: v1
kind: Pod
metadata: {name: job, namespace: batch, labels: {app: job}}
spec: {containers: [{name: job}]}
---
apiVersion: v1
kind: Namespace
metadata: {name: monitoring, labels: {purpose: monitoring}}
`;

function pod(ws: Workspace, name: string): PodRef {
  const w = [...ws.index.allWorkloads()].find((x) => x.name === name)!;
  return { template: w.template!, namespace: w.namespace };
}

function verdict(policies: string, from: string | undefined, to: string, port = 8080, protocol = 'TCP'): string {
  const ws = workspaceOf(`${pods}\n//- /policies.yaml\n${policies}`);
  return mayConnect(from ? pod(ws, from) : undefined, pod(ws, to), port, protocol, ws.index).verdict;
}

const policy = (name: string, ns: string, spec: string) => `---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ${name}, namespace: ${ns}}\nspec:\n${spec}\n`;

test('no policy: everything is allowed', () => {
  assert.equal(verdict('', 'web', 'api'), 'allowed');
  assert.equal(verdict('', undefined, 'api'), 'allowed');
});

test('ingress: podSelector peers are Pods of the policy namespace; a namespaceSelector+podSelector peer is an AND', () => {
  const p = policy('api', 'shop', '  podSelector: {matchLabels: {app: api}}\n  ingress:\n    - from: [{podSelector: {matchLabels: {app: web}}}]');
  assert.equal(verdict(p, 'web', 'api'), 'allowed');
  assert.equal(verdict(p, 'job', 'api'), 'blocked');
  assert.equal(verdict(p, 'prom', 'api'), 'blocked');
  // A caller the workspace does not show (an ingress controller): maybe.
  assert.equal(verdict(p, undefined, 'api'), 'unknown');
  const and = policy('api', 'shop', '  podSelector: {matchLabels: {app: api}}\n  ingress:\n    - from: [{namespaceSelector: {matchLabels: {purpose: monitoring}}, podSelector: {matchLabels: {app: prometheus}}}]');
  assert.equal(verdict(and, 'prom', 'api'), 'allowed');
  assert.equal(verdict(and, 'web', 'api'), 'blocked', 'whatever the labels of namespace shop, web is not app=prometheus');
  const nsOnly = policy('api', 'shop', '  podSelector: {matchLabels: {app: api}}\n  ingress:\n    - from: [{namespaceSelector: {matchLabels: {purpose: monitoring}}}]');
  assert.equal(verdict(nsOnly, 'web', 'api'), 'unknown', 'namespace shop has no Namespace object: its labels are unknown');
  const or = policy('api', 'shop', '  podSelector: {matchLabels: {app: api}}\n  ingress:\n    - from: [{namespaceSelector: {matchLabels: {purpose: monitoring}}}, {podSelector: {matchLabels: {app: job}}}]');
  assert.equal(verdict(or, 'prom', 'api'), 'allowed');
});

test('namespace labels: Namespace objects and the automatic kubernetes.io/metadata.name; `{}` selects every namespace', () => {
  const byName = policy('api', 'shop', '  podSelector: {}\n  ingress:\n    - from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: batch}}}]');
  assert.equal(verdict(byName, 'job', 'api'), 'allowed');
  assert.equal(verdict(byName, 'prom', 'api'), 'blocked');
  const known = policy('api', 'shop', '  podSelector: {}\n  ingress:\n    - from: [{namespaceSelector: {matchLabels: {team: x}}}]');
  assert.equal(verdict(known, 'prom', 'api'), 'blocked', 'the Namespace object of monitoring has no label team');
  assert.equal(verdict(known, 'job', 'api'), 'unknown', 'batch has no Namespace object');
  const all = policy('api', 'shop', '  podSelector: {}\n  ingress:\n    - from: [{namespaceSelector: {}}]');
  assert.equal(verdict(all, 'job', 'api'), 'allowed');
});

test('ports: named ports resolve on the destination Pod, endPort ranges, protocols, no ports = every port', () => {
  const named = policy('api', 'shop', '  podSelector: {}\n  ingress: [{ports: [{port: http}]}]');
  assert.equal(verdict(named, 'web', 'api', 8080), 'allowed');
  assert.equal(verdict(named, 'web', 'api', 9090), 'blocked');
  const range = policy('api', 'shop', '  podSelector: {}\n  ingress: [{ports: [{port: 8000, endPort: 8100}]}]');
  assert.equal(verdict(range, 'web', 'api', 8080), 'allowed');
  assert.equal(verdict(range, 'web', 'api', 8101), 'blocked');
  assert.equal(verdict(range, 'web', 'api', 8080, 'UDP'), 'blocked');
  const empty = policy('api', 'shop', '  podSelector: {}\n  ingress: [{}]');
  assert.equal(verdict(empty, 'job', 'api', 1234), 'allowed');
  const ip = policy('api', 'shop', '  podSelector: {}\n  ingress: [{from: [{ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16]}}]}]');
  assert.equal(verdict(ip, 'web', 'api'), 'unknown', 'Pod IPs are not in manifests');
});

test('several policies add up; policyTypes defaulting', () => {
  const two =
    policy('a', 'shop', '  podSelector: {matchLabels: {app: api}}\n  ingress: [{from: [{podSelector: {matchLabels: {app: web}}}]}]') +
    policy('b', 'shop', '  podSelector: {}\n  ingress: [{from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: batch}}}]}]');
  assert.equal(verdict(two, 'web', 'api'), 'allowed');
  assert.equal(verdict(two, 'job', 'api'), 'allowed');
  assert.equal(verdict(two, 'prom', 'api'), 'blocked');
  const egressOnly = policy('e', 'shop', '  podSelector: {}\n  policyTypes: [Egress]');
  assert.equal(verdict(egressOnly, 'prom', 'api'), 'allowed', 'an Egress-only policy does not isolate for ingress');
  assert.equal(verdict(egressOnly, 'web', 'api'), 'blocked', "web's own egress is denied");
  const defaulted = policy('d', 'shop', '  podSelector: {matchLabels: {app: web}}\n  egress: [{to: [{podSelector: {matchLabels: {app: api}}}], ports: [{port: 8080}]}]');
  const ws = workspaceOf(`${pods}\n//- /p.yaml\n${defaulted}`);
  const answer = mayConnect(pod(ws, 'web'), pod(ws, 'api'), 8080, 'TCP', ws.index);
  assert.equal(answer.egress?.verdict, 'allowed');
  assert.equal(answer.dns?.verdict, 'blocked', 'egress rules without port 53: DNS is denied');
  assert.equal(answer.verdict, 'blocked');
  assert.equal(mayConnect(pod(ws, 'web'), pod(ws, 'api'), 8080, 'TCP', ws.index, { viaDns: false }).verdict, 'allowed');
  assert.equal(mayConnect(pod(ws, 'api'), pod(ws, 'web'), 8080, 'TCP', ws.index).ingress.verdict, 'blocked', 'egress rules default policyTypes to [Ingress, Egress]: web is isolated for ingress, with no ingress rule');
});

test('hostNetwork Pods: the API leaves policies on them undefined, so never blocked', () => {
  const ws = workspaceOf(`${pods.replace("spec: {containers: [{name: api, ports", "spec: {hostNetwork: true, containers: [{name: api, ports")}\n//- /p.yaml\n${policy('deny', 'shop', '  podSelector: {}')}`);
  assert.equal(mayConnect(pod(ws, 'web'), pod(ws, 'api'), 8080, 'TCP', ws.index).ingress.verdict, 'unknown');
  assert.equal(mayConnect(pod(ws, 'job'), pod(ws, 'web'), 8080, 'TCP', ws.index).ingress.verdict, 'blocked');
});

test('ingressToPort lists who may connect and says when a port is closed', () => {
  const ws = workspaceOf(`${pods}\n//- /p.yaml\n${policy('api', 'shop', '  podSelector: {matchLabels: {app: api}}\n  ingress: [{from: [{podSelector: {matchLabels: {app: web}}}], ports: [{port: http}]}]')}`);
  const api = pod(ws, 'api');
  const open = ingressToPort(ws.index, api, 8080, 'TCP');
  assert.equal(open.closed, false);
  assert.deepEqual(open.allowed.map((a) => a.peers), ['Pods app=web in namespace shop']);
  assert.equal(ingressToPort(ws.index, api, 9090, 'TCP').closed, true);
});

// ---- the microservices-demo with its network-policies component -------------------------------

const DEMO = path.resolve(__dirname, '../../../shared/corpus/GoogleCloudPlatform__microservices-demo');

for (const base of ['kubernetes-manifests', 'kustomize/base']) test(`microservices-demo: the network-policies component allows every call of the app (${base})`, { skip: existsSync(DEMO) ? false : 'the shared corpus is not present' }, () => {
  const ws = new Workspace();
  const files: string[] = [];
  for (const dir of [base, 'kustomize/components/network-policies']) {
    for (const f of readdirSync(path.join(DEMO, dir))) if (f.endsWith('.yaml') && f !== 'kustomization.yaml') files.push(path.join(DEMO, dir, f));
  }
  for (const f of files) ws.setFile(`file://${f}`, readFileSync(f, 'utf8'));
  let calls = 0;
  for (const f of files) {
    for (const doc of parseAllDocuments(readFileSync(f, 'utf8'))) {
      const o = doc.toJS() as { kind?: string; metadata?: { name?: string }; spec?: { template?: { spec?: { containers?: { env?: { name: string; value?: string }[] }[] } } } } | null;
      if (o?.kind !== 'Deployment') continue;
      const caller = [...ws.index.allWorkloads()].find((w): w is Workload => isWorkload(w) && w.kind === 'Deployment' && w.name === o.metadata?.name)!;
      for (const c of o.spec?.template?.spec?.containers ?? []) {
        for (const e of c.env ?? []) {
          const m = /^([a-z0-9-]+):(\d+)$/.exec(e.value ?? '');
          if (!e.name.endsWith('_ADDR') || !m) continue;
          const service = ws.index.servicesNamed(caller.namespace, m[1]!)[0];
          if (!service) continue; // optional components (shopping assistant)
          const sp = service.ports.find((p) => p.port?.value === Number(m[2]))!;
          for (const sel of selectedWorkloads(ws.index, service)) {
            const r = resolveOnTemplate(sp, sel.template);
            assert.ok(r.kind === 'declared' || r.kind === 'undeclared-number');
            const answer = mayConnect({ template: caller.template!, namespace: caller.namespace }, { template: sel.template, namespace: sel.workload.namespace }, r.number, sp.protocol, ws.index);
            assert.equal(answer.verdict, 'allowed', `${caller.name} → ${service.name}:${m[2]} (${JSON.stringify({ ingress: answer.ingress.verdict, egress: answer.egress?.verdict, dns: answer.dns?.verdict })})`);
            calls++;
          }
        }
      }
    }
  }
  assert.ok(calls >= 15, `calls checked: ${calls}`);
  // The rule on the same files: every call the scanner finds (env, args) is judged, none blocked.
  let judged = 0;
  for (const w of ws.index.allWorkloads()) for (const c of callsFrom(ws.index, w, ws.settings)) if (callPolicy(ws.index, c, ws.settings)?.verdict === 'allowed') judged++;
  assert.ok(judged >= 15, `calls judged allowed: ${judged}`);
  assert.deepEqual(
    ws.uris().flatMap((u) => ws.findings(u)).filter((f) => f.rule.startsWith('network-policy-') && f.severity !== 'information'),
    [],
  );
});

test('a Namespace object edit re-analyses routes and policies that read namespace labels', () => {
  const ws = new Workspace();
  ws.setFile(uriOf('/p.yaml'), 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p}\nspec:\n  podSelector: {}\n  egress: [{to: [{namespaceSelector: {matchLabels: {a: b}}}]}]\n');
  assert.ok(ws.setFile(uriOf('/ns.yaml'), 'apiVersion: v1\nkind: Namespace\nmetadata: {name: x, labels: {a: b}}\n').has(uriOf('/p.yaml')));
});
