import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildWiringGraph } from '../../../server/src/core/graph/build';
import { renderDot } from '../../../server/src/core/graph/dot';
import { renderMermaid, shortProblem } from '../../../server/src/core/graph/mermaid';
import { workspaceOf } from '../../support/fixture';

const HOSTILE = `
apiVersion: v1
kind: Service
metadata: { name: 'a"b#c<d>\\e', namespace: "x\\"y" }
spec:
  selector: { app: "q" }
  ports: [{ name: http, port: 80, targetPort: nope }]
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: 'w"1', namespace: "x\\"y" }
spec:
  selector: { matchLabels: { app: q } }
  template:
    metadata: { labels: { app: q } }
    spec: { containers: [{ name: c, ports: [{ containerPort: 80 }] }] }
`;

function graph() {
  const ws = workspaceOf(HOSTILE);
  return buildWiringGraph({ index: ws.index, settings: ws.settings, findingsOf: (u) => ws.findings(u) });
}

test('Mermaid: quotes, #, < and > in names become entity codes; broken links are dotted and styled', () => {
  const m = renderMermaid(graph());
  for (const line of m.split('\n').filter((l) => /^\s+n\d+[[(]/.test(l))) {
    const label = /"(.*)"/.exec(line)![1]!.replace(/<br\/>/g, '');
    assert.doesNotMatch(label, /["<>]/, line);
  }
  assert.match(m, /svc\/a#quot;b#35;c#lt;d#gt;\\e/);
  assert.match(m, /subgraph ns1\["namespace x#quot;y"\]/);
  assert.match(m, /n1 -\.->\|"80 → nope \(no such port\)<br\/>⚠ targetPort #quot;nope#quot; names no container port/);
  assert.match(m, /linkStyle 0 stroke:#d32f2f/);
  assert.match(m, /%% n1 -> n2 \[target-port-name-unresolved\]/);
});

test('DOT: quotes and backslashes escaped; broken links dashed and red with the message as tooltip', () => {
  const d = renderDot(graph());
  assert.match(d, /label="svc\/a\\"b#c<d>\\\\e\\nClusterIP\\nhttp 80"/);
  assert.match(d, /label="namespace x\\"y"/);
  assert.match(d, /n1 -> n2 \[label="80 → nope \(no such port\)\\n⚠ (?:[^"\\]|\\.)*", color="#d32f2f", fontcolor="#d32f2f", style=dashed, penwidth=2, tooltip="targetPort \\"nope\\" names/);
});

test('shortProblem: the first sentence or clause, not inside parentheses, capped', () => {
  assert.equal(shortProblem('Service x has no port 8080 (its ports: 80 (http)), so requests fail. Fix it.'), 'Service x has no port 8080 (its ports: 80 (http)), so requests fail');
  assert.equal(shortProblem('targetPort 8081: undeclared'), 'targetPort 8081');
  assert.equal(shortProblem('x'.repeat(100)).length, 70);
});
