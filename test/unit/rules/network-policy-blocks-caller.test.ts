/**
 * network-policy-blocks-caller: a service-to-service call that NetworkPolicies certainly block,
 * on the target's ingress side, the caller's egress side, or the caller's DNS.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkFindings, uriOf } from '../../support/fixture';

const rules = ['network-policy-blocks-caller'];

/** cart: Service port 80 → targetPort http → container port 8080 (the port policies see). */
const CART = `
//- /shop/cart.yaml
apiVersion: apps/v1
kind: Deployment
metadata: {name: cart, namespace: shop}
spec:
  selector: {matchLabels: {app: cart}}
  template:
    metadata: {labels: {app: cart}}
    spec:
      containers: [{name: cart, ports: [{name: http, containerPort: 8080}]}]
---
apiVersion: v1
kind: Service
metadata: {name: cart, namespace: shop}
spec:
  selector: {app: cart}
  ports: [{port: 80, targetPort: http}]
`;

const frontend = (ns = 'shop', host = 'cart.shop:80') => `
//- /${ns}/frontend.yaml
apiVersion: apps/v1
kind: Deployment
metadata: {name: frontend, namespace: ${ns}}
spec:
  selector: {matchLabels: {app: frontend}}
  template:
    metadata: {labels: {app: frontend}}
    spec:
      containers:
        - name: web
          ports: [{name: http, containerPort: 9999}]
          env:
            - name: CART_ADDR
              value: "${host}"
`;

const policy = (name: string, ns: string, spec: string) => `---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ${name}, namespace: ${ns}}\nspec:\n${spec}\n`;
const policies = (...docs: string[]) => `\n//- /policies.yaml\n${docs.join('').replace(/^---\n/, '')}`;
const namespaces = (...docs: string[]) => `\n//- /namespaces.yaml\n${docs.map((d) => `apiVersion: v1\nkind: Namespace\nmetadata: ${d}\n`).join('---\n')}`;

/** The annotation under the env value of `frontend()` (columns of `"cart.shop:80"`). */
const at = (n: number, contains = '') => `\n#                     ${'^'.repeat(n)} warning network-policy-blocks-caller${contains ? `: ${contains}` : ''}`;
const caller = (ns = 'shop', host = 'cart.shop:80', contains = '') => frontend(ns, host).trimEnd() + at(host.length, contains) + '\n';

const ingressFrom = (from: string, ports = '') => policy('cart-in', 'shop', `  podSelector: {matchLabels: {app: cart}}\n  ingress:\n    - from: [${from}]${ports ? `\n      ports: [${ports}]` : ''}`);

test('ingress: a peer that is not the caller blocks; the message names caller, Service port, policy and the container port', () => {
  const findings = checkFindings(
    CART + caller('shop', 'cart.shop:80', 'NetworkPolicies block Deployment frontend (container web) → Service cart port 80: NetworkPolicy cart-in (namespace shop) isolates the Pods of Deployment cart for ingress and no rule admits Deployment frontend on port 8080/TCP') +
      policies(ingressFrom('{podSelector: {matchLabels: {app: admin}}}')),
    { rules },
  );
  assert.deepEqual(findings[0]!.related.map((r) => r.uri), [uriOf('/policies.yaml'), uriOf('/shop/cart.yaml')]);
  assert.match(findings[0]!.related[0]!.message, /NetworkPolicy cart-in isolates the Pods of Deployment cart for ingress/);
});

test('ingress: the caller admitted (by labels, `{}` podSelector peer, named port on the destination, no ports) → no finding', () => {
  for (const p of [
    ingressFrom('{podSelector: {matchLabels: {app: frontend}}}', '{port: http}'),
    ingressFrom('{podSelector: {}}', '{port: 8080}'),
    ingressFrom('{namespaceSelector: {}}'),
    ingressFrom('{podSelector: {matchLabels: {app: frontend}}}', '{port: 8000, endPort: 8100}'),
    policy('all', 'shop', '  podSelector: {}\n  ingress: [{}]'),
  ]) {
    checkFindings(CART + frontend() + policies(p), { rules });
  }
});

test('ingress: the policy port is the Service port (80), a range that misses 8080, another protocol, a name the destination lacks → blocked', () => {
  for (const ports of ['{port: 80}', '{port: 8081, endPort: 9000}', '{port: 8080, protocol: UDP}', '{port: grpc}']) {
    checkFindings(CART + caller('shop', 'cart.shop:80', 'port 8080/TCP') + policies(ingressFrom('{podSelector: {matchLabels: {app: frontend}}}', ports)), { rules });
  }
});

test('empty podSelector `{}` default-deny in the target namespace blocks; policies add up', () => {
  const deny = policy('deny', 'shop', '  podSelector: {}');
  checkFindings(CART + caller('shop', 'cart.shop:80', 'NetworkPolicy deny (namespace shop) isolates the Pods of Deployment cart') + policies(deny), { rules });
  checkFindings(CART + frontend() + policies(deny, ingressFrom('{podSelector: {matchLabels: {app: frontend}}}')), { rules });
  // Both policies select cart; neither admits frontend: both are named.
  checkFindings(CART + caller('shop', 'cart.shop:80', 'NetworkPolicy deny, cart-in (namespace shop) isolate the Pods') + policies(deny, ingressFrom('{podSelector: {matchLabels: {app: x}}}')), { rules });
});

test('namespace labels: unknown → never blocked; known and not matching → blocked; a `{}` podSelector peer is the policy namespace only', () => {
  const byTeam = ingressFrom('{namespaceSelector: {matchLabels: {team: web}}}');
  checkFindings(CART + frontend('web') + policies(byTeam), { rules });
  checkFindings(CART + caller('web') + policies(byTeam) + namespaces('{name: web, labels: {team: other}}'), { rules });
  checkFindings(CART + frontend('web') + policies(byTeam) + namespaces('{name: web, labels: {team: web}}'), { rules });
  checkFindings(CART + caller('web') + policies(ingressFrom('{podSelector: {}}')), { rules });
  checkFindings(CART + frontend('web') + policies(ingressFrom('{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: web}}}')), { rules });
  // An ipBlock peer may be anyone: never blocked.
  checkFindings(CART + frontend('web') + policies(ingressFrom('{ipBlock: {cidr: 10.0.0.0/8}}')), { rules });
});

const egress = (spec: string) => policy('frontend-out', 'shop', `  podSelector: {matchLabels: {app: frontend}}\n${spec}`);
const DNS = '    - ports: [{port: 53, protocol: UDP}, {port: 53, protocol: TCP}]';

test('egress: rules without policyTypes default to Ingress+Egress; without a DNS rule the DNS name does not resolve', () => {
  const toCart = '  egress:\n    - to: [{podSelector: {matchLabels: {app: cart}}}]\n      ports: [{port: 8080}]';
  checkFindings(CART + caller('shop', 'cart.shop:80', "Deployment frontend's egress NetworkPolicy frontend-out (namespace shop) allows no DNS (UDP or TCP port 53), so the name cart.shop does not resolve") + policies(egress(toCart)), { rules });
  checkFindings(CART + frontend() + policies(egress(`${toCart}\n${DNS}`)), { rules });
  // TCP 53 alone is enough; 53 towards some peer (kube-dns) is enough: where DNS runs is not in manifests.
  checkFindings(CART + frontend() + policies(egress(`${toCart}\n    - ports: [{port: 53, protocol: TCP}]`)), { rules });
  checkFindings(CART + frontend() + policies(egress(`${toCart}\n    - to: [{namespaceSelector: {}, podSelector: {matchLabels: {k8s-app: kube-dns}}}]\n      ports: [{port: 53, protocol: UDP}]`)), { rules });
  // A service-link variable is an IP: no DNS lookup.
  checkFindings(CART + frontend('shop', '$(CART_SERVICE_HOST):80') + policies(egress(toCart)), { rules });
});

test('egress: the caller may not reach the container port (named policy ports resolve on the destination Pods)', () => {
  checkFindings(CART + caller('shop', 'cart.shop:80', "Deployment frontend's egress NetworkPolicy frontend-out (namespace shop) allows no connection to the Pods of Deployment cart on port 8080/TCP") + policies(egress(`  egress:\n${DNS}`)), { rules });
  checkFindings(CART + caller('shop', 'cart.shop:80', 'allows no connection to the Pods of Deployment cart') + policies(egress(`  egress:\n${DNS}\n    - to: [{podSelector: {matchLabels: {app: payment}}}]`)), { rules });
  // `http` is 8080 on cart (the destination), 9999 on frontend: it resolves on cart.
  checkFindings(CART + frontend() + policies(egress(`  egress:\n${DNS}\n    - ports: [{port: http}]`)), { rules });
  checkFindings(CART + frontend() + policies(egress(`  policyTypes: [Egress]\n  egress:\n${DNS}\n    - to: [{podSelector: {matchLabels: {app: cart}}}]`)), { rules });
  // Deny-all egress: both the port and DNS.
  checkFindings(CART + caller('shop', 'cart.shop:80', 'on port 8080/TCP; Deployment frontend') + policies(egress('  policyTypes: [Egress]')), { rules });
  // An Ingress-only policy on the caller does not touch its egress.
  checkFindings(CART + frontend() + policies(egress('  policyTypes: [Ingress]')), { rules });
});

test('headless Service: the written port is the container port', () => {
  const headless = CART.replace('  selector: {app: cart}\n  ports', '  clusterIP: None\n  selector: {app: cart}\n  ports');
  checkFindings(headless + frontend('shop', 'cart.shop:8080') + policies(ingressFrom('{podSelector: {matchLabels: {app: frontend}}}', '{port: 8080}')), { rules });
  checkFindings(headless + caller('shop', 'cart.shop:8080', 'the Pods of Service cart on port 8080 (dialled directly)') + policies(ingressFrom('{podSelector: {matchLabels: {app: frontend}}}', '{port: 80}')), { rules });
});

const CART_V2 = `---
apiVersion: apps/v1
kind: Deployment
metadata: {name: cart-v2, namespace: shop}
spec:
  selector: {matchLabels: {app: cart, v: "2"}}
  template:
    metadata: {labels: {app: cart, v: "2"}}
    spec:
      containers: [{name: cart, ports: [{name: PORTS, containerPort: 8080}]}]
`;

test('several backends: blocked only when every backend that serves the port is blocked', () => {
  const two = CART.trimEnd() + '\n' + CART_V2.replace('name: PORTS', 'name: http');
  // The policy isolates only v2: v1 still answers.
  checkFindings(two + frontend() + policies(policy('v2', 'shop', '  podSelector: {matchLabels: {v: "2"}}')), { rules });
  checkFindings(two + caller('shop', 'cart.shop:80', 'isolates the Pods of Deployment cart for ingress and no rule admits Deployment frontend on port 8080/TCP; NetworkPolicy deny (namespace shop) isolates the Pods of Deployment cart-v2') + policies(policy('deny', 'shop', '  podSelector: {}')), { rules });
  // v2 names its port otherwise: the targetPort `http` does not resolve there, so it serves no endpoint and only cart is judged.
  const unserved = CART.trimEnd() + '\n' + CART_V2.replace('name: PORTS', 'name: other');
  checkFindings(unserved + caller() + policies(policy('v1', 'shop', '  podSelector: {matchExpressions: [{key: v, operator: DoesNotExist}]}')), { rules });
});

test('a call in ConfigMap data is judged for the workload that reads it; a hostNetwork caller and a self-call are not judged', () => {
  checkFindings(
    `${CART}
//- /shop/config.yaml
apiVersion: v1
kind: ConfigMap
metadata: {name: cfg, namespace: shop}
data:
  CART_ADDR: "cart:80"
#             ^^^^^^^ warning network-policy-blocks-caller: Deployment frontend (container web)
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: frontend, namespace: shop}
spec:
  template:
    metadata: {labels: {app: frontend}}
    spec:
      containers: [{name: web, envFrom: [{configMapRef: {name: cfg}}]}]
${policies(policy('deny', 'shop', '  podSelector: {}'))}`,
    { rules },
  );
  checkFindings(CART + frontend().replace('    spec:\n      containers:', '    spec:\n      hostNetwork: true\n      containers:') + policies(policy('deny', 'shop', '  podSelector: {}')), { rules });
  const selfCall = CART.replace('containers: [{name: cart, ports: [{name: http, containerPort: 8080}]}]', 'containers: [{name: cart, ports: [{name: http, containerPort: 8080}], env: [{name: PEER_ADDR, value: "cart:80"}]}]');
  checkFindings(selfCall + policies(policy('deny', 'shop', '  podSelector: {}')), { rules });
});

test('suppression: `# kube-ports-ignore network-policy-blocks-caller` on the line above, like every rule', () => {
  const deny = policies(policy('deny', 'shop', '  podSelector: {}'));
  checkFindings(CART + caller() + deny, { rules });
  const ignored = frontend().replace('- name: CART_ADDR\n              value', '- name: CART_ADDR\n              # kube-ports-ignore network-policy-blocks-caller\n              value');
  assert.notEqual(ignored, frontend());
  checkFindings(CART + ignored + deny, { rules });
  checkFindings(CART + ignored.replace('ignore network-policy-blocks-caller', 'ignore other-rule').trimEnd() + at('cart.shop:80'.length) + '\n' + deny, { rules });
});

test('a caller whose namespace is written nowhere may be applied into the target\'s namespace: blocked only if blocked there too', () => {
  const floating = frontend('shop').replace('  namespace: shop\n', '').replace('{name: frontend, namespace: shop}', '{name: frontend}');
  assert.ok(!floating.includes('namespace: shop'));
  const sameNamespaceOnly = ingressFrom('{podSelector: {matchLabels: {app: frontend}}}');
  checkFindings(CART + floating + policies(sameNamespaceOnly), { rules });
  // Declared elsewhere: the same policy certainly keeps it out.
  checkFindings(CART + caller('web') + policies(sameNamespaceOnly), { rules });
  // A default deny keeps it out wherever it is applied.
  checkFindings(CART + floating.trimEnd() + at('cart.shop:80'.length) + '\n' + policies(policy('deny', 'shop', '  podSelector: {}')), { rules });
});
