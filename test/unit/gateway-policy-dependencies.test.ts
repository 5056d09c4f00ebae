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

// ---- network-policy-blocks-caller: the caller's file is judged again when what it depends on changes

const cart = (port = 'http') =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: cart, namespace: shop}\nspec:\n  template:\n    metadata: {labels: {app: cart}}\n    spec: {containers: [{name: cart, ports: [{name: ${port}, containerPort: 8080}]}]}\n`;
const cartService = (target = 'http') => `apiVersion: v1\nkind: Service\nmetadata: {name: cart, namespace: shop}\nspec: {selector: {app: cart}, ports: [{port: 80, targetPort: ${target}}]}\n`;
const web = `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: frontend, namespace: web}\nspec:\n  template:\n    metadata: {labels: {app: frontend}}\n    spec: {containers: [{name: c, env: [{name: CART_ADDR, value: "cart.shop:80"}]}]}\n`;
const cartIngress = (ports: string) =>
  `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: cart-in, namespace: shop}\nspec:\n  podSelector: {matchLabels: {app: cart}}\n  ingress: [{from: [{namespaceSelector: {matchLabels: {team: web}}}], ports: [${ports}]}]\n`;
const webNamespace = (team: string) => `apiVersion: v1\nkind: Namespace\nmetadata: {name: web, labels: {team: ${team}}}\n`;
const blocked = (ws: Workspace) => ws.findings(uriOf('/web.yaml')).filter((f) => f.rule === 'network-policy-blocks-caller').length;

function callerSetup(): Workspace {
  const ws = new Workspace();
  ws.setFile(uriOf('/cart.yaml'), cart());
  ws.setFile(uriOf('/cart-svc.yaml'), cartService());
  ws.setFile(uriOf('/web.yaml'), web);
  ws.setFile(uriOf('/ns.yaml'), webNamespace('web'));
  ws.setFile(uriOf('/cart-in.yaml'), cartIngress('{port: 8080}'));
  ws.setFile(uriOf('/other.yaml'), unrelated);
  return ws;
}

test('the target namespace\'s ingress policy edited in another file re-checks the caller (through the Service)', () => {
  const ws = callerSetup();
  assert.equal(blocked(ws), 0);
  const affected = ws.setFile(uriOf('/cart-in.yaml'), cartIngress('{port: 80}'));
  assert.ok(affected.has(uriOf('/web.yaml')));
  assert.ok(!affected.has(uriOf('/other.yaml')));
  assert.equal(blocked(ws), 1);
  assert.ok(ws.setFile(uriOf('/cart-in.yaml'), cartIngress('{port: http}')).has(uriOf('/web.yaml')));
  assert.equal(blocked(ws), 0);
});

test('Namespace labels, the Service and the target workload edited re-check the caller', () => {
  const ws = callerSetup();
  assert.ok(ws.setFile(uriOf('/ns.yaml'), webNamespace('other')).has(uriOf('/web.yaml')));
  assert.equal(blocked(ws), 1);
  assert.ok(ws.setFile(uriOf('/ns.yaml'), webNamespace('web')).has(uriOf('/web.yaml')));
  assert.equal(blocked(ws), 0);
  // The policy opens 8080; the Service now lands on 9090 (undeclared number): blocked.
  assert.ok(ws.setFile(uriOf('/cart-svc.yaml'), cartService('9090')).has(uriOf('/web.yaml')));
  assert.equal(blocked(ws), 1);
  assert.ok(ws.setFile(uriOf('/cart-svc.yaml'), cartService()).has(uriOf('/web.yaml')));
  assert.equal(blocked(ws), 0);
  ws.setFile(uriOf('/cart-in.yaml'), cartIngress('{port: http}'));
  // The Pods rename their port: the policy's named port no longer resolves on them, nor the Service's targetPort…
  ws.setFile(uriOf('/cart-svc.yaml'), cartService('8080'));
  assert.equal(blocked(ws), 0);
  assert.ok(ws.setFile(uriOf('/cart.yaml'), cart('web')).has(uriOf('/web.yaml')));
  assert.equal(blocked(ws), 1);
});

test('the caller\'s own egress policy re-checks it; a workload edit elsewhere does not', () => {
  const ws = callerSetup();
  const egress = (rules: string) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: out, namespace: web}\nspec:\n  podSelector: {}\n  policyTypes: [Egress]\n  egress: ${rules}\n`;
  assert.ok(ws.setFile(uriOf('/out.yaml'), egress('[{ports: [{port: 8080}]}]')).has(uriOf('/web.yaml')));
  assert.equal(blocked(ws), 1, 'no DNS');
  assert.match(ws.findings(uriOf('/web.yaml')).find((f) => f.rule === 'network-policy-blocks-caller')!.message, /no DNS/);
  assert.ok(ws.setFile(uriOf('/out.yaml'), egress('[{ports: [{port: 8080}, {port: 53, protocol: UDP}]}]')).has(uriOf('/web.yaml')));
  assert.equal(blocked(ws), 0);
  // Bounded: a workload of the policy's namespace is not a caller of cart, so the caller file is not judged again.
  assert.ok(!ws.setFile(uriOf('/pod.yaml'), pod('web', 'x')).has(uriOf('/web.yaml')));
  assert.ok(!ws.setFile(uriOf('/pod.yaml'), pod('shop', 'x')).has(uriOf('/web.yaml')));
});
