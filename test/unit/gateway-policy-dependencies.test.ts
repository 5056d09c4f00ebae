/**
 * The keystroke path for Gateway API objects and NetworkPolicies: an edit re-analyses the files
 * that depend on what it changed, and not the others (workspace/dependencies.ts).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Workspace } from '../../server/src/core/workspace/workspace';
import { uriOf } from '../support/fixture';

const gateway = (from: string) =>
  `apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {name: web, namespace: infra}\nspec:\n  listeners: [{name: https, port: 443, protocol: HTTPS, allowedRoutes: {namespaces: {from: ${from}}}}]\n`;
const route = 'apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: r, namespace: shop}\nspec:\n  parentRefs: [{name: web, namespace: infra}]\n  rules: [{backendRefs: [{name: api, namespace: backend, port: 80}]}]\n';
const unrelated = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n';
const policy = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p, namespace: shop}\nspec:\n  podSelector: {matchLabels: {app: api}}\n';
const pod = (ns: string, app: string) => `apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: ${ns}, labels: {app: ${app}}}\nspec: {containers: [{name: c}]}\n`;

function setup(): Workspace {
  const ws = new Workspace();
  ws.setFile(uriOf('/gw.yaml'), gateway('Same'));
  ws.setFile(uriOf('/route.yaml'), route);
  ws.setFile(uriOf('/other.yaml'), unrelated);
  ws.setFile(uriOf('/policy.yaml'), policy);
  return ws;
}

test('a Gateway edit re-analyses the routes attached to it, and clears route-not-accepted', () => {
  const ws = setup();
  assert.ok(ws.findings(uriOf('/route.yaml')).some((f) => f.rule === 'route-not-accepted'));
  const affected = ws.setFile(uriOf('/gw.yaml'), gateway('All'));
  assert.deepEqual([...affected].sort(), [uriOf('/gw.yaml'), uriOf('/route.yaml')]);
  assert.ok(!ws.findings(uriOf('/route.yaml')).some((f) => f.rule === 'route-not-accepted'));
});

test('a ReferenceGrant or a Service in the target namespace re-analyses the route; elsewhere it does not', () => {
  const ws = setup();
  const grant = (ns: string) => `apiVersion: gateway.networking.k8s.io/v1beta1\nkind: ReferenceGrant\nmetadata: {name: g, namespace: ${ns}}\nspec:\n  from: [{group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: shop}]\n  to: [{group: "", kind: Service}]\n`;
  assert.ok(!ws.setFile(uriOf('/grant.yaml'), grant('elsewhere')).has(uriOf('/route.yaml')));
  assert.ok(ws.setFile(uriOf('/grant.yaml'), grant('backend')).has(uriOf('/route.yaml')));
  assert.ok(ws.setFile(uriOf('/svc.yaml'), 'apiVersion: v1\nkind: Service\nmetadata: {name: api, namespace: backend}\nspec: {ports: [{port: 80}]}\n').has(uriOf('/route.yaml')));
});

test('a workload of the policy namespace re-analyses the policy; one of another namespace does not', () => {
  const ws = setup();
  assert.ok(ws.findings(uriOf('/policy.yaml')).some((f) => f.rule === 'network-policy-selects-nothing'));
  assert.ok(!ws.setFile(uriOf('/pod.yaml'), pod('other', 'api')).has(uriOf('/policy.yaml')));
  assert.ok(ws.setFile(uriOf('/pod.yaml'), pod('shop', 'api')).has(uriOf('/policy.yaml')));
  assert.ok(!ws.findings(uriOf('/policy.yaml')).some((f) => f.rule === 'network-policy-selects-nothing'));
  assert.ok(!ws.setFile(uriOf('/other.yaml'), unrelated.replace('name: c', 'name: d')).has(uriOf('/policy.yaml')));
});

test('a policy edit re-analyses the Services of its namespace only', () => {
  const ws = setup();
  ws.setFile(uriOf('/svc-shop.yaml'), 'apiVersion: v1\nkind: Service\nmetadata: {name: api, namespace: shop}\nspec: {selector: {app: api}, ports: [{port: 80}]}\n');
  ws.setFile(uriOf('/svc-other.yaml'), 'apiVersion: v1\nkind: Service\nmetadata: {name: api, namespace: other}\nspec: {selector: {app: api}, ports: [{port: 80}]}\n');
  const affected = ws.setFile(uriOf('/policy.yaml'), policy.replace('app: api', 'app: web'));
  assert.ok(affected.has(uriOf('/svc-shop.yaml')));
  assert.ok(!affected.has(uriOf('/svc-other.yaml')));
});
