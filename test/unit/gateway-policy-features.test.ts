/**
 * Editor features for Gateway API routes and NetworkPolicies: hovers (Service ways in and
 * per-port policy, backendRef, parentRef, listener, policy), definition and references,
 * completion in backendRefs, and the quick fixes (backendRef port, Add ReferenceGrant).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyEdits } from '../../server/src/core/edits/text-edit';
import { explainService } from '../../server/src/core/features/access-paths';
import { codeActions, workspaceEnv } from '../../server/src/core/features/code-actions/index';
import { codeLenses } from '../../server/src/core/features/code-lens';
import { completion } from '../../server/src/core/features/completion';
import { definition } from '../../server/src/core/features/definition';
import { hoverAt } from '../../server/src/core/features/hover';
import { references } from '../../server/src/core/features/references';
import { rename } from '../../server/src/core/features/rename';
import { inlayHints } from '../../server/src/core/features/inlay-hints';
import { isService } from '../../server/src/core/model/types';
import { Workspace } from '../../server/src/core/workspace/workspace';
import { parseFixture, uriOf, workspaceOf } from '../support/fixture';

const SHOP = `
//- /infra/gw.yaml
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: web, namespace: infra}
spec:
  gatewayClassName: cloud
  listeners:
    - name: https
      port: 443
      protocol: HTTPS
      hostname: "*.example.com"
      allowedRoutes: {namespaces: {from: All}}
    - name: http
      port: 80
      protocol: HTTP
//- /shop/app.yaml
apiVersion: apps/v1
kind: Deployment
metadata: {name: cart, namespace: shop}
spec:
  selector: {matchLabels: {app: cart}}
  template:
    metadata: {labels: {app: cart}}
    spec:
      containers:
        - name: cart
          ports: [{name: http, containerPort: 8080}, {name: admin, containerPort: 9000}]
---
apiVersion: v1
kind: Service
metadata: {name: cart, namespace: shop}
spec:
  selector: {app: cart}
  ports:
    - {name: http, port: 80, targetPort: http}
    - {name: admin, port: 9000, targetPort: admin}
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: cart, namespace: shop}
spec:
  parentRefs: [{name: web, namespace: infra, sectionName: https}, {name: edge, namespace: platform}]
  hostnames: [shop.example.com]
  rules:
    - matches: [{path: {type: PathPrefix, value: /cart}}]
      backendRefs: [{name: cart, port: 80}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: cart, namespace: shop}
spec:
  podSelector: {matchLabels: {app: cart}}
  ingress:
    - from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: gateway-system}}}]
      ports: [{port: http}]
`;

function hover(ws: Workspace, path: string, needle: string, delta = 0): string {
  const uri = uriOf(path);
  const text = ws.text(uri)!;
  const at = text.indexOf(needle);
  assert.ok(at >= 0, needle);
  return hoverAt({ index: ws.index, settings: ws.settings, objects: ws.index.objectsIn(uri), text }, at + delta)?.markdown ?? '';
}

test('Service story: ways in through routes (URL → Gateway listener → Service port) and per-port policy', () => {
  const ws = workspaceOf(SHOP);
  const service = ws.index.servicesNamed('shop', 'cart').find(isService)!;
  const story = explainService(ws.index, service, ws.settings);
  const http = story.ports[0]!;
  assert.deepEqual(http.routes.map((r) => [r.urls.join(' '), r.via]), [
    ['https://shop.example.com/cart', 'Gateway infra/web listener https :443'],
    ['http(s)://shop.example.com/cart', 'Gateway platform/edge (outside the workspace)'],
  ]);
  assert.equal(http.flows[0], 'https://shop.example.com/cart → Gateway infra/web listener https :443 → cart:80 → <pod-ip>:8080 (cart/cart)');
  assert.equal(http.policies.length, 1);
  assert.equal(http.policies[0]!.policy.closed, false);
  assert.equal(story.ports[1]!.routes.length, 0);
  assert.equal(story.ports[1]!.policies[0]!.policy.closed, true, 'admin 9000 is not opened by the policy');
  const md = hover(ws, '/shop/app.yaml', 'cart, namespace: shop}\nspec:\n  selector: {app', 0);
  assert.match(md, /https:\/\/shop\.example\.com\/cart +# HTTPRoute cart via Gateway infra\/web listener https :443/);
  assert.match(md, /reachable from: every Pod in namespaces kubernetes\.io\/metadata\.name=gateway-system \(cart\); blocked for: every other source \(isolated by cart\)/);
  assert.match(md, /⛔ NetworkPolicy on Deployment `cart` port 9000\/TCP — reachable from: nobody/);
});

test('backendRef hover shows the whole flow; parentRef hover says when the Gateway is outside the workspace; listener hover lists attached routes', () => {
  const ws = workspaceOf(SHOP);
  const b = hover(ws, '/shop/app.yaml', 'cart, port: 80');
  assert.match(b, /→ Service `cart` \(app\.yaml\) port `http` 80\/TCP → targetPort `http`/);
  assert.match(b, /https:\/\/shop\.example\.com\/cart → Gateway infra\/web listener https :443 → cart:80 → <pod-ip>:8080 \(cart\/cart\)/);
  const outside = hover(ws, '/shop/app.yaml', 'edge, namespace: platform');
  assert.match(outside, /Gateway `platform\/edge` is outside this workspace/);
  const listener = hover(ws, '/infra/gw.yaml', 'https\n');
  assert.match(listener, /\*\*listener https :443\*\* HTTPS · `\*\.example\.com`/);
  assert.match(listener, /https:\/\/shop\.example\.com\/cart → cart:80 +# HTTPRoute shop\/cart/);
  const http = hover(ws, '/infra/gw.yaml', 'http\n      port: 80');
  assert.match(http, /No route of this workspace is attached to this listener/);
});

test('policy hover lists the selected Pods and the Service ports it opens or leaves closed', () => {
  const ws = workspaceOf(SHOP);
  const md = hover(ws, '/shop/app.yaml', 'cart, namespace: shop}\nspec:\n  podSelector');
  assert.match(md, /\*\*NetworkPolicy `cart`\*\* · namespace `shop` · Ingress \(defaulted\)/);
  assert.match(md, /Selects Deployment `cart`/);
  assert.match(md, /cart:80 → cart:8080\/TCP +# opened by this policy/);
  assert.match(md, /cart:9000 → cart:9000\/TCP +# closed \(no policy opens it\)/);
});

test('navigation: backendRef → Service port, parentRef sectionName → listener and back, policy → pod templates and back', () => {
  const ws = workspaceOf(SHOP);
  const uri = uriOf('/shop/app.yaml');
  const text = ws.text(uri)!;
  const objects = ws.index.objectsIn(uri);
  const at = (needle: string, delta = 0) => text.indexOf(needle) + delta;
  const port = definition(objects, at('cart, port: 80', 12), ws.index, text)!;
  assert.deepEqual(port.targets.map((t) => text.slice(t.span.start, t.span.end)), ['http']);
  const listener = definition(objects, at('sectionName: https', 14), ws.index, text)!;
  const gwText = ws.text(uriOf('/infra/gw.yaml'))!;
  assert.deepEqual(listener.targets.map((t) => [t.uri, gwText.slice(t.span.start, t.span.end)]), [[uriOf('/infra/gw.yaml'), 'https']]);
  const back = references(ws.index.objectsIn(uriOf('/infra/gw.yaml')), gwText.indexOf('https\n'), ws.index, { includeDeclaration: false, text: gwText })!;
  assert.deepEqual(back.map((l) => text.slice(l.span.start, l.span.end)), ['https']);
  const svcRefs = references(objects, at('cart, namespace: shop}\nspec:\n  selector: {app'), ws.index, { includeDeclaration: false, text })!;
  assert.ok(svcRefs.some((l) => text.slice(l.span.start, l.span.end) === 'cart' && l.span.start === at('cart, port: 80')));
  const policy = definition(objects, at('cart, namespace: shop}\nspec:\n  podSelector'), ws.index, text)!;
  assert.deepEqual(policy.targets.map((t) => text.slice(t.span.start, t.span.end)), ['{app: cart}']);
  const fromTemplate = references(objects, at('cart, namespace: shop}\nspec:\n  selector: {matchLabels'), ws.index, { includeDeclaration: false, text })!;
  assert.ok(fromTemplate.some((l) => l.span.start === at('{matchLabels: {app: cart}}\n  ingress')), 'the workload name finds the policy selecting it');
});

test('completion of Service names and ports in backendRefs (the ref namespace, else the route namespace)', () => {
  const f = parseFixture(`${SHOP}
//- /r.yaml
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: r, namespace: web}
spec:
  rules:
    - backendRefs:
        - name: cart
          namespace: shop
          port: $0
`);
  const ws = workspaceOf(f);
  const c = f.cursor!;
  assert.deepEqual(completion({ text: ws.text(c.uri)!, offset: c.offset, objects: ws.index.objectsIn(c.uri), index: ws.index, settings: ws.settings }).map((x) => x.label), ['80', '9000']);
});

function actions(ws: Workspace, path: string, needle: string) {
  const uri = uriOf(path);
  const at = ws.text(uri)!.indexOf(needle);
  const diagnostics = ws.findings(uri).map((f) => ({ code: f.rule, span: f.span }));
  return codeActions(workspaceEnv(ws), { uri, span: { start: at, end: at }, diagnostics }, (id, e) => assert.fail(`${id}: ${String(e)}`));
}

test('quick fix: a missing or wrong backendRef port becomes one of the Service ports', () => {
  const ws = workspaceOf(SHOP.replace('backendRefs: [{name: cart, port: 80}]', 'backendRefs: [{name: cart, port: 8080}, {name: cart}]'));
  const uri = uriOf('/shop/app.yaml');
  const wrong = actions(ws, '/shop/app.yaml', 'port: 8080}');
  assert.deepEqual(wrong.map((a) => a.title), ['Change port 8080 to 80 (http) of Service cart', 'Change port 8080 to 9000 (admin) of Service cart']);
  const fixed = applyEdits(ws.text(uri)!, wrong[0]!.edits[uri]!);
  assert.match(fixed, /backendRefs: \[\{name: cart, port: 80\}, \{name: cart\}\]/);
  const missing = actions(ws, '/shop/app.yaml', 'cart}]');
  const added = applyEdits(ws.text(uri)!, missing.find((a) => a.title === 'Add port 9000 (admin) of Service cart')!.edits[uri]!);
  assert.match(added, /\{name: cart, port: 9000\}\]/);
  const after = new Workspace();
  after.setFile(uri, added);
  after.setFile(uriOf('/infra/gw.yaml'), ws.text(uriOf('/infra/gw.yaml'))!);
  assert.equal(after.findings(uri).filter((f) => f.rule === 'route-backend-port-missing').length, 1, 'only the 8080 one is left');
});

test('quick fix: Add ReferenceGrant writes a new document in the target namespace, after the Service', () => {
  const ws = workspaceOf(`${SHOP}
//- /web/route.yaml
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: storefront, namespace: web}
spec:
  rules:
    - backendRefs:
        - name: cart
          namespace: shop
          port: 80
`);
  const list = actions(ws, '/web/route.yaml', 'namespace: shop');
  const a = list.find((x) => x.title.startsWith('Add ReferenceGrant'))!;
  assert.equal(a.title, 'Add ReferenceGrant in namespace shop letting HTTPRoutes of web reach Service cart (after Service cart in app.yaml)');
  const uri = uriOf('/shop/app.yaml');
  const text = applyEdits(ws.text(uri)!, a.edits[uri]!);
  assert.match(text, /---\napiVersion: gateway\.networking\.k8s\.io\/v1beta1\nkind: ReferenceGrant\nmetadata:\n  name: allow-httproutes-from-web\n  namespace: shop\nspec:\n  from:\n    - group: gateway\.networking\.k8s\.io\n      kind: HTTPRoute\n      namespace: web\n  to:\n    - group: ""\n      kind: Service\n      name: cart\n---\napiVersion: gateway/);
  ws.setFile(uri, text);
  assert.deepEqual(ws.findings(uriOf('/web/route.yaml')).filter((f) => f.rule === 'route-backend-not-permitted'), []);
});

test('CodeLens: the Service and its workload name the routes in front of them', () => {
  const ws = workspaceOf(SHOP);
  const uri = uriOf('/shop/app.yaml');
  const lenses = codeLenses(ws.index.objectsIn(uri), ws.index, ws.settings);
  assert.deepEqual(lenses.map((l) => l.title), ['exposed by svc/cart:80,9000 · httproute/cart', 'selects 1 workload · 1 pod · routed by httproute/cart']);
  const text = ws.text(uri)!;
  assert.ok(lenses[1]!.locations.some((l) => l.span.start === text.indexOf('cart, port: 80')));
});

test('per-port policy names the workloads of the namespace that may and may not connect', () => {
  const pod = (name: string) => `---\napiVersion: v1\nkind: Pod\nmetadata: {name: ${name}, namespace: shop, labels: {app: ${name}}}\nspec: {containers: [{name: c}]}\n`;
  const ws = workspaceOf(
    SHOP.replace('    - from: [{namespaceSelector', '    - from: [{podSelector: {matchLabels: {app: frontend}}}, {namespaceSelector') + pod('frontend') + pod('worker') + pod('batch'),
  );
  const service = ws.index.servicesNamed('shop', 'cart').find(isService)!;
  const e = explainService(ws.index, service, ws.settings).ports[0]!.policies[0]!;
  assert.deepEqual(e.allowedPeers.map((w) => w.name), ['frontend']);
  assert.deepEqual(e.blockedPeers.map((w) => w.name), ['batch', 'worker']);
  const md = hover(ws, '/shop/app.yaml', 'cart, namespace: shop}\nspec:\n  selector: {app');
  assert.match(md, /reachable from: Pods app=frontend in namespace shop; every Pod in namespaces kubernetes\.io\/metadata\.name=gateway-system \(cart\) — here: Pod frontend; blocked for: Pod batch, Pod worker and every other source \(isolated by cart\)/);
});

test('renaming a container port renames the NetworkPolicy ingress ports that name it, and that name on the policy\'s other Pods', () => {
  const f = parseFixture(`
//- /app.yaml
apiVersion: v1
kind: Pod
metadata: {name: a, labels: {tier: api}}
spec: {containers: [{name: c, ports: [{name: ht$0tp, containerPort: 8080}]}]}
---
apiVersion: v1
kind: Pod
metadata: {name: b, labels: {tier: api}}
spec: {containers: [{name: c, ports: [{name: http, containerPort: 9090}]}]}
---
apiVersion: v1
kind: Pod
metadata: {name: other, labels: {tier: db}}
spec: {containers: [{name: c, ports: [{name: http, containerPort: 5432}]}]}
//- /p.yaml
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: p}
spec:
  podSelector: {matchLabels: {tier: api}}
  ingress: [{ports: [{port: http}, {port: http, protocol: UDP}]}]
`);
  const ws = workspaceOf(f);
  const r = rename(ws.index.objectsIn(f.cursor!.uri), f.cursor!.offset, ws.index, 'web');
  assert.ok(!('error' in r));
  const where = r.edits.map((e) => `${e.uri.slice(uriOf('').length)}:${ws.text(e.uri)!.slice(e.span.start, e.span.end)}@${e.span.start}`);
  assert.equal(where.length, 3, where.join(' '));
  assert.ok(where.filter((w) => w.startsWith('app.yaml')).length === 2, 'pods a and b, not other');
  assert.ok(where.some((w) => w.startsWith('p.yaml:http')), 'the TCP policy port');
});

test('inlay hint on a backendRef port: where the Service port lands on the Pods', () => {
  const ws = workspaceOf(SHOP);
  const uri = uriOf('/shop/app.yaml');
  const text = ws.text(uri)!;
  const hints = inlayHints(ws.index.objectsIn(uri), ws.index, ws.settings).filter((h) => h.offset === text.indexOf('cart, port: 80') + 'cart, port: 80'.length);
  assert.deepEqual(hints.map((h) => h.label), ['→ 8080']);
});

test('quick fix: open the Pods\' port in an ingress rule of the isolating policy (not in a default deny)', () => {
  const ws = workspaceOf(`
//- /app.yaml
apiVersion: v1
kind: Pod
metadata: {name: api, labels: {app: api}}
spec: {containers: [{name: c, ports: [{name: http, containerPort: 8080}]}]}
---
apiVersion: v1
kind: Service
metadata: {name: api}
spec:
  selector: {app: api}
  ports:
    - {port: 80, targetPort: http}
//- /policies.yaml
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny}
spec:
  podSelector: {}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: api}
spec:
  podSelector:
    matchLabels: {app: api}
  ingress:
    - from:
        - podSelector: {matchLabels: {app: web}}
      ports:
        - port: 9090
`);
  const list = actions(ws, '/app.yaml', 'port: 80, targetPort');
  assert.deepEqual(list.filter((a) => a.title.startsWith('Allow')).map((a) => a.title), ['Allow port 8080/TCP in NetworkPolicy api (ingress rule 1: from Pods app=web in namespace default)']);
  const uri = uriOf('/policies.yaml');
  const text = applyEdits(ws.text(uri)!, list.find((a) => a.title.startsWith('Allow'))!.edits[uri]!);
  assert.ok(text.endsWith('      ports:\n        - port: 9090\n        - port: 8080\n'), text);
  ws.setFile(uri, text);
  assert.deepEqual(ws.findings(uriOf('/app.yaml')).filter((f) => f.rule === 'network-policy-blocks-service'), []);
});

test('GAMMA: a route attached to a Service (parentRef kind Service) shows on its hover', () => {
  const ws = workspaceOf(`${SHOP}
---
apiVersion: v1
kind: Service
metadata: {name: cart-v2, namespace: shop}
spec: {selector: {app: cart}, ports: [{port: 80, targetPort: http}]}
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: cart-split, namespace: shop}
spec:
  parentRefs: [{group: "", kind: Service, name: cart, port: 80}]
  rules:
    - backendRefs: [{name: cart, port: 80, weight: 90}, {name: cart-v2, port: 80, weight: 10}]
`);
  const md = hover(ws, '/shop/app.yaml', 'cart, namespace: shop}\nspec:\n  selector: {app');
  assert.match(md, /Mesh route \(GAMMA\) HTTPRoute `cart-split` \(app\.yaml\): requests to this Service inside the mesh go to cart:80 \(weight 90\), cart-v2:80 \(weight 10\)\./);
  assert.ok(!/Mesh route/.test(hover(ws, '/shop/app.yaml', 'cart-v2, namespace')), 'cart-v2 is a backend, not the parent');
});

test('hover on a call: a blocked call says so and names the policy; an allowed one does not', () => {
  const frontend = `
//- /shop/frontend.yaml
apiVersion: apps/v1
kind: Deployment
metadata: {name: frontend, namespace: shop}
spec:
  template:
    metadata: {labels: {app: frontend}}
    spec:
      containers: [{name: web, env: [{name: CART_ADDR, value: "cart:80"}]}]
`;
  const blocked = hover(workspaceOf(SHOP + frontend), '/shop/frontend.yaml', 'cart:80');
  assert.match(blocked, /⚠️ NetworkPolicies block Deployment frontend \(container web\) → Service cart port 80 \(http\): NetworkPolicy cart \(namespace shop\) isolates the Pods of Deployment cart for ingress and no rule admits Deployment frontend on port 8080\/TCP/);
  const allowing = `
//- /shop/allow.yaml
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: from-frontend, namespace: shop}
spec:
  podSelector: {matchLabels: {app: cart}}
  ingress: [{from: [{podSelector: {matchLabels: {app: frontend}}}]}]
`;
  const allowed = hover(workspaceOf(SHOP + frontend + allowing), '/shop/frontend.yaml', 'cart:80');
  assert.match(allowed, /✓ reaches Service `cart` on port `http` 80\/TCP/);
  assert.doesNotMatch(allowed, /NetworkPolicies block/);
});
