/**
 * Gateway API and NetworkPolicy objects of every odd shape: the rules and the features over
 * them never throw and keep their spans inside the text.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { codeActions, workspaceEnv } from '../../../server/src/core/features/code-actions/index';
import { codeLenses } from '../../../server/src/core/features/code-lens';
import { completion } from '../../../server/src/core/features/completion';
import { definition } from '../../../server/src/core/features/definition';
import { hoverAt } from '../../../server/src/core/features/hover';
import { references } from '../../../server/src/core/features/references';
import { Workspace } from '../../../server/src/core/workspace/workspace';

const G = 'apiVersion: gateway.networking.k8s.io/v1';
const NP = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy';

const SHAPES = [
  `${G}\nkind: Gateway\nmetadata: {name: g}\nspec: {listeners: 5}`,
  `${G}\nkind: Gateway\nmetadata: {name: g}\nspec:\n  listeners: [null, 1, {name: [x], port: "443", protocol: {a: 1}, hostname: 7, allowedRoutes: {namespaces: {from: Selector, selector: 3}, kinds: [{}, {kind: 1}, "HTTPRoute"]}}]`,
  `${G}\nkind: Gateway\nmetadata: {name: g}\nspec:\n  listeners: [{name: a, port: 80, protocol: HTTP}, {name: a, port: 80, protocol: HTTPS, tls: null}, {port: 80}]`,
  `${G}\nkind: HTTPRoute\nmetadata: {name: r}\nspec: {parentRefs: {name: g}, rules: 3, hostnames: [1, null, "*"]}`,
  `${G}\nkind: HTTPRoute\nmetadata: {name: r}\nspec:\n  parentRefs: [{}, {name: g, port: x, sectionName: 5, namespace: ""}, {kind: Service, group: "", name: s}]\n  rules: [{matches: [{path: 1}, {method: {service: 1}}, null], backendRefs: [{}, {name: s, port: -1, weight: x}, {name: s, namespace: other, port: 99999}, 3]}]`,
  `${G}\nkind: GRPCRoute\nmetadata: {name: r}\nspec:\n  parentRefs: [{name: g}]\n  rules: [{matches: [{method: {service: pkg.Svc}}], backendRefs: [{name: s, port: 80}]}]`,
  `apiVersion: gateway.networking.k8s.io/v1alpha2\nkind: UDPRoute\nmetadata: {name: u}\nspec: {parentRefs: [{name: g, port: 80}], rules: [{backendRefs: [{name: s, port: 80}]}]}`,
  `apiVersion: gateway.networking.k8s.io/v1beta1\nkind: ReferenceGrant\nmetadata: {name: rg, namespace: other}\nspec: {from: [1, {}], to: {kind: Service}}`,
  `${NP}\nmetadata: {name: p}\nspec: 5`,
  `${NP}\nmetadata: {name: p}\nspec: {podSelector: "x", policyTypes: Ingress, ingress: {from: 1}, egress: [null]}`,
  `${NP}\nmetadata: {name: p}\nspec:\n  podSelector: {matchExpressions: [{key: a, operator: Bogus}, {key: 1}, 2]}\n  ingress: [{from: [{}, {ipBlock: 1}, {ipBlock: {cidr: 1, except: 2}}, {podSelector: null, namespaceSelector: {}}], ports: [{port: {a: 1}}, {port: http, endPort: 2}, {protocol: null}, {port: "80"}, {port: 99999, endPort: 1}]}]\n  egress: [{to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: x}}}], ports: [{port: x}]}]`,
  `apiVersion: v1\nkind: Namespace\nmetadata: {name: other, labels: [1, 2]}`,
  `apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {selector: {app: a}, ports: [{name: http, port: 80, targetPort: http}]}`,
  `apiVersion: v1\nkind: Pod\nmetadata: {name: a, labels: {app: a}}\nspec: {containers: [{name: c, ports: [{name: http, containerPort: 8080}]}]}`,
];

test('odd Gateway API and NetworkPolicy shapes: no throw anywhere, spans inside the text', () => {
  const ws = new Workspace({ onRuleError: (rule, uri, e) => assert.fail(`rule ${rule} threw on ${uri}: ${String(e)}`) });
  SHAPES.forEach((text, i) => ws.setFile(`file:///ws/${i}.yaml`, text));
  ws.setFile('file:///ws/all.yaml', SHAPES.join('\n---\n'));
  for (const uri of ws.uris()) {
    const text = ws.text(uri)!;
    for (const f of ws.findings(uri)) assert.ok(f.span.start >= 0 && f.span.end <= text.length, `${f.rule} span`);
    const objects = ws.index.objectsIn(uri);
    codeLenses(objects, ws.index, ws.settings);
    const diagnostics = ws.findings(uri).map((f) => ({ code: f.rule, span: f.span }));
    for (let offset = 0; offset <= text.length; offset += 3) {
      hoverAt({ index: ws.index, settings: ws.settings, objects, text }, offset);
      definition(objects, offset, ws.index, text);
      references(objects, offset, ws.index, { includeDeclaration: true, text });
      completion({ text, offset, objects, index: ws.index, settings: ws.settings });
      codeActions(workspaceEnv(ws), { uri, span: { start: offset, end: offset }, diagnostics }, (id, e) => assert.fail(`${id}: ${String(e)}`));
    }
  }
});
